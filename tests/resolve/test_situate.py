"""EventSituator on the seed article and on wire-style sentences, with hand-built candidates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from communique.models import Article, EventCandidate, Place, Situation, Tense
from communique.resolve import EventSituator

from .helpers import candidate

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed"
SEED_FILE = SEED / "kazinform_2022-10-18_kazakhstan_belgium.txt"


@pytest.fixture(scope="module")
def parse() -> Any:
    import spacy

    from communique.settings import Settings

    nlp = spacy.load(Settings().model)
    return nlp


def situate(
    nlp: Any, text: str, triggers: list[tuple[str, str, Tense]], published: str | None, **kw: Any
) -> list[Situation]:
    doc = nlp(text)
    cands: list[EventCandidate] = [
        candidate(doc, trig, after=after, tense=tense) for trig, after, tense in triggers
    ]
    article = Article(id="t", text=text, published=published, **kw)
    situations = EventSituator().situate(doc, article, cands)
    assert len(situations) == len(cands)
    return situations


@pytest.fixture(scope="module")
def seed(parse: Any) -> dict[str, Situation]:
    text = SEED_FILE.read_text(encoding="utf-8")
    triggers: list[tuple[str, str, Tense]] = [
        ("held", "", "past"),
        ("headed", "", "past"),
        ("reviewed", "", "past"),
        ("visit", "official ", "past"),
        ("discussed", "»", "past"),
        ("focused", "", "past"),
        ("invited", "", "past"),
        ("visited", "", "past"),
        ("signing", "observed the ", "past"),
        ("meet", "will also ", "future"),
        ("underlined", "", "past"),
    ]
    results = situate(parse, text, triggers, "2022-10-18T11:30:00+06:00")
    return {trig: s for (trig, _, _), s in zip(triggers, results, strict=True)}


def test_seed_consultations_take_their_own_date(seed: dict[str, Situation]) -> None:
    date = seed["held"].date
    assert (date.kind, date.granularity, date.start, date.text) == (
        "exact",
        "day",
        "2022-10-17",
        "October 17",
    )


@pytest.mark.parametrize(
    ("trigger", "signal"),
    [
        ("headed", "'the consultations' refers back"),
        ("reviewed", "'The parties'"),
        ("discussed", "'The parties'"),
        ("focused", "'the consultations' refers back"),
        ("invited", "same paragraph"),
        ("visited", "'as part of the visit'"),
        ("signing", "'as part of the visit'"),
    ],
)
def test_seed_continuations_inherit_the_consultations_date(
    seed: dict[str, Situation], trigger: str, signal: str
) -> None:
    date = seed[trigger].date
    assert date.start == "2022-10-17"
    assert date.text is None
    assert "inherited from the event in sentence 1" in date.reason
    assert signal in date.reason


def test_seed_brussels_visit(seed: dict[str, Situation]) -> None:
    situation = seed["visit"]
    assert (situation.date.granularity, situation.date.start, situation.date.end) == (
        "month",
        "2021-11-01",
        "2021-11-30",
    )
    assert situation.location is not None
    assert (situation.location.name, situation.location.country) == ("Brussels", "BEL")
    assert situation.location.lat == pytest.approx(50.85, abs=0.01)
    assert situation.location.origin == "text"
    start, end = situation.location.span or (0, 0)
    assert SEED_FILE.read_text(encoding="utf-8")[start:end] == "Brussels"


def test_seed_future_almaty_meeting(seed: dict[str, Situation]) -> None:
    situation = seed["meet"]
    assert situation.date.kind == "unresolved"
    assert "future" in situation.date.reason
    assert situation.location is not None
    assert (situation.location.name, situation.location.country) == ("Almaty", "KAZ")
    assert situation.location.lat == pytest.approx(43.25, abs=0.01)
    assert situation.location.lon == pytest.approx(76.91, abs=0.01)


def test_seed_statement_without_signal_takes_the_publication_date(
    seed: dict[str, Situation],
) -> None:
    date = seed["underlined"].date
    assert (date.kind, date.granularity, date.start, date.end, date.text) == (
        "approximate",
        "day",
        "2022-10-18",
        None,
        None,
    )
    assert "publication date" in date.reason and "GDELT and ICEWS" in date.reason


# Wire-style sentences: text, trigger, tense, published, expected (start, end, kind), city, ISO3.
WIRE = [
    (
        "Russian President Vladimir Putin met Chinese leader Xi Jinping in Beijing on Friday, "
        "the Kremlin said.",
        "met",
        "past",
        "2023-03-21",
        ("2023-03-17", None, "exact"),
        "Beijing",
        "CHN",
    ),
    (
        "U.S. Secretary of State Antony Blinken will travel to Kyiv next week for talks.",
        "travel",
        "future",
        "2022-10-18",
        ("2022-10-24", "2022-10-30", "exact"),
        "Kyiv",
        "UKR",
    ),
    (
        "The foreign ministers signed a memorandum in Alma-Ata on 3 May 2019.",
        "signed",
        "past",
        "2019-05-06",
        ("2019-05-03", None, "exact"),
        "Almaty",
        "KAZ",
    ),
    (
        "Talks in Geneva on Tuesday ended without a deal.",
        "Talks",
        "past",
        "2022-10-20",
        ("2022-10-18", None, "exact"),
        "Geneva",
        "CHE",
    ),
    (
        "The prime minister travelled to France on Monday.",
        "travelled",
        "past",
        "2022-10-20",
        ("2022-10-17", None, "exact"),
        None,
        None,
    ),
    (
        "The envoys reviewed the treaty that was signed in 1992.",
        "reviewed",
        "past",
        "2022-10-20",
        ("2022-10-20", None, "approximate"),
        None,
        None,
    ),
    (
        "Officials said last week that the two countries would hold talks in Ankara.",
        "hold",
        "future",
        "2022-10-20",
        (None, None, "unresolved"),
        "Ankara",
        "TUR",
    ),
]


@pytest.mark.parametrize(("text", "trigger", "tense", "published", "date", "city", "iso3"), WIRE)
def test_wire_sentences(
    parse: Any,
    text: str,
    trigger: str,
    tense: Tense,
    published: str,
    date: tuple[str | None, str | None, str],
    city: str | None,
    iso3: str | None,
) -> None:
    [situation] = situate(parse, text, [(trigger, "", tense)], published)
    assert (situation.date.start, situation.date.end, situation.date.kind) == date
    place = situation.location
    assert (place.name if place else None, place.country if place else None) == (city, iso3)


def test_relative_date_without_publication_is_unresolved(parse: Any) -> None:
    [situation] = situate(
        parse, "The ministers met in Vienna on Tuesday.", [("met", "", "past")], None
    )
    assert situation.date.kind == "unresolved"
    assert "publication date" in situation.date.reason


def test_dateline_is_not_the_event_location(parse: Any) -> None:
    astana = Place(name="Astana", country="KAZ", origin="dateline")
    [situation] = situate(
        parse,
        "The two ministers held talks on Monday.",
        [("held", "", "past")],
        "2022-10-18",
        dateline=astana,
    )
    assert situation.location is None
    assert situation.date.start == "2022-10-17"


def test_a_new_paragraph_without_a_signal_does_not_inherit(parse: Any) -> None:
    text = (
        "The foreign ministers held talks in Baku on Monday.\n\n"
        "Separately, the government approved a new budget."
    )
    held, approved = situate(
        parse, text, [("held", "", "past"), ("approved", "", "past")], "2022-10-18"
    )
    assert held.date.start == "2022-10-17"
    assert held.location is not None and held.location.name == "Baku"
    assert (approved.date.kind, approved.date.start) == ("approximate", "2022-10-18")
    assert "publication date" in approved.date.reason


def test_also_continues_and_future_does_not_inherit(parse: Any) -> None:
    text = (
        "The presidents met in Tashkent on Monday. They also signed a trade agreement. "
        "They will sign a visa deal."
    )
    met, signed, sign = situate(
        parse,
        text,
        [("met", "", "past"), ("signed", "", "past"), ("sign", "will ", "future")],
        "2022-10-18",
    )
    assert met.date.start == "2022-10-17"
    assert signed.date.start == "2022-10-17" and "'also'" in signed.date.reason
    assert sign.date.kind == "unresolved"


def test_quoted_events_are_not_continued(parse: Any) -> None:
    text = (
        "The ministers held consultations on October 17. "
        "\u201cDuring my visit to Paris in May 2019, we agreed on much,\u201d "
        "the minister said.\n\n"
        "The parties also discussed trade."
    )
    situations = situate(
        parse,
        text,
        [("held", "", "past"), ("visit", "my ", "past"), ("discussed", "", "past")],
        "2022-10-18",
    )
    assert situations[1].date.start == "2019-05-01"
    assert situations[2].date.start == "2022-10-17"


def test_candidates_come_back_in_input_order(parse: Any) -> None:
    text = "Delegates met in Oslo on Monday. Ministers met in Rome on 2 October 2022."
    doc = parse(text)
    rome, oslo = candidate(doc, "met", after="Ministers "), candidate(doc, "met")
    article = Article(id="t", text=text, published="2022-10-18")
    first, second = EventSituator().situate(doc, article, [rome, oslo])
    assert first.location is not None and first.location.name == "Rome"
    assert second.location is not None and second.location.name == "Oslo"
    assert (first.date.start, second.date.start) == ("2022-10-02", "2022-10-17")


def test_no_candidates(parse: Any) -> None:
    doc = parse("Nothing happened.")
    assert EventSituator().situate(doc, Article(id="t", text=doc.text), []) == []
