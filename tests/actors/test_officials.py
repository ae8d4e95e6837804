"""Officials the text names without a title: the curated officials table
(actors/data/officials.tsv), the article's date choosing the office, and surnames the tagger
labels a place or an organisation."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from communique.actors.component import holds_office, known_country
from communique.actors.context import make_article_doc
from communique.actors.knowledge import KB_SCHEMAS, lookup
from communique.datafiles import read_table
from communique.ids import content_hash
from communique.models import Actor, Article
from communique.pipeline import Pipeline


def actors_on(nlp: Language, text: str, published: str) -> list[Actor]:
    """The actors of ``text`` read as an article published on ``published``."""
    article = Article(id="t", text=text, published=published, content_hash=content_hash(text))
    doc = next(
        d for d, _ in nlp.pipe([(make_article_doc(nlp, article), article)], as_tuples=True)
    )
    return list(doc._.actors)


# (name, date, country, office): the curated table, as of the date
CURATED = [
    ("Antony Blinken", "2022-03-01", "USA", "Secretary of State"),
    ("Blinken", "2022-03-01", "USA", "Secretary of State"),
    ("Marco Rubio", "2025-06-01", "USA", "Secretary of State"),
    ("Jake Sullivan", "2023-05-01", "USA", "National Security Advisor"),
    ("Geir Pedersen", "2020-02-01", "IGO", "Special Envoy for Syria"),
    ("Antonio Guterres", "2019-09-01", "IGO", "Secretary-General"),
    ("Lula", "2024-01-10", "BRA", "President"),
    ("Boris Johnson", "2017-05-01", "GBR", "Foreign Secretary"),
    ("Boris Johnson", "2020-05-01", "GBR", "Prime Minister"),
    ("Wang Yi", "2024-02-01", "CHN", "Foreign Minister"),
    ("Qin Gang", "2023-03-01", "CHN", "Foreign Minister"),
    ("Mark Rutte", "2023-01-01", "NLD", "Prime Minister"),
    ("Mark Rutte", "2025-01-01", "IGO", "Secretary General"),
]


@pytest.mark.parametrize(("name", "on", "country", "office"), CURATED)
def test_curated_officials_by_date(name: str, on: str, country: str, office: str) -> None:
    best = lookup(name, on=date.fromisoformat(on))[0]
    assert (best.country, best.office, best.current) == (country, office, True)


# (surname, date, country): a surname alone resolves when the one office named and held that
# day belongs to one country, even if some official of another country with no named office
# shares the name; else nothing
SURNAMES = [
    ("Pedersen", "2021-06-01", "IGO"),
    ("Guterres", "2019-09-01", "IGO"),
    ("Sullivan", "2022-01-01", "USA"),
    ("Blinken", "2022-01-01", "USA"),
    ("Zelenskyy", "2023-01-01", "UKR"),
    ("Obama", "2012-01-01", "USA"),  # the one holding a role that day
    ("Quuxington", "2012-01-01", None),
]


@pytest.mark.parametrize(("surname", "on", "country"), SURNAMES)
def test_surname_with_one_named_office_that_day(
    surname: str, on: str, country: str | None
) -> None:
    assert known_country(surname, date.fromisoformat(on))[0] == country


# (name, date, holds an office): "Paris" and "Madrid" are surnames of some long-listed officials
# without a named office; they never hold one
OFFICE = [
    ("Trump", "2025-03-01", True),
    ("Trump", "2019-03-01", True),
    ("Erdogan", "2021-05-01", True),
    ("Paris", "2025-03-01", False),
    ("Madrid", "2025-03-01", False),
    ("Sun", "2025-03-01", False),
]


@pytest.mark.parametrize(("name", "on", "held"), OFFICE)
def test_holds_office(name: str, on: str, held: bool) -> None:
    assert holds_office(name, date.fromisoformat(on)) is held


# (invented sentence, published, name, country): a sitting office holder's surname is that
# person even where the tagger labels it an organisation or a place; a city stays a city
MISLABELLED = [
    ("Trump imposed 30% tariffs on Canadian lumber.", "2025-04-01", "Trump", "USA"),
    ("Trump said the talks went well.", "2025-04-01", "Trump", "USA"),
    ("Trump threatened the European Union with new tariffs.", "2019-04-01", "Trump", "USA"),
    ("Erdogan denounced the blockade.", "2021-05-01", "Erdogan", "TUR"),
]


@pytest.mark.parametrize(("text", "published", "name", "country"), MISLABELLED)
def test_office_holder_surnames_whatever_the_tag(
    actors_nlp: Language, text: str, published: str, name: str, country: str
) -> None:
    people = {a.text: a for a in actors_on(actors_nlp, text, published) if a.kind == "person"}
    assert people[name].country == country


@pytest.mark.parametrize(
    ("text", "published", "place"),
    [
        ("Thousands marched in Paris on Sunday.", "2025-03-01", "Paris"),
        ("The summit in Madrid ended without a deal.", "2025-03-01", "Madrid"),
    ],
)
def test_places_stay_places(actors_nlp: Language, text: str, published: str, place: str) -> None:
    assert all(
        a.text != place for a in actors_on(actors_nlp, text, published) if a.kind == "person"
    )


def test_curated_rows_are_well_formed() -> None:
    rows = read_table("actors", "officials.tsv", KB_SCHEMAS["officials.tsv"])
    assert len(rows) > 100
    for row in rows:
        if row["start"] and row["end"]:
            assert row["start"] <= row["end"], row.origin
        assert row["office"], f"{row.origin}: a curated role names its office"
        assert row["start"], f"{row.origin}: a curated role says when it began"


# (invented sentence, target code): a visit to a seat of government is a visit to its government
VISITS = [
    ("The Canadian prime minister made a visit to the Kremlin.", "RUSGOV"),
    ("During a visit by the Polish president to the White House, trade was discussed.", "USAGOV"),
    ("The Canadian prime minister paid a visit to Moscow.", "RUSGOV"),
]


@pytest.mark.parametrize(("text", "target"), VISITS)
def test_a_visit_to_a_seat_of_government_targets_it(
    pipeline: Pipeline, text: str, target: str
) -> None:
    article = Article(id="v", text=text, published="2024-05-01", content_hash=content_hash(text))
    events = pipeline.code_article(article).events
    visits = [e for e in events if (e.cameo or "").startswith("042")]
    assert visits and visits[0].target is not None and visits[0].target.code == target


# (invented sentence, expected source or target countries): all three states of a list act or
# are acted on (MAX_FANOUT in events/coder.py)
LISTS = [
    ("Kenya, Uganda and Tanzania withdrew from the agreement.", "source", {"KEN", "UGA", "TZA"}),
    ("Chad, Mali and Niger withdrew from the treaty.", "source", {"TCD", "MLI", "NER"}),
    ("Japan imposed sanctions on Iran, Syria and Cuba.", "target", {"IRN", "SYR", "CUB"}),
]


@pytest.mark.parametrize(("text", "role", "countries"), LISTS)
def test_three_listed_states_each_get_their_event(
    pipeline: Pipeline, text: str, role: str, countries: set[str]
) -> None:
    article = Article(id="l", text=text, published="2024-05-01", content_hash=content_hash(text))
    events = pipeline.code_article(article).events
    got = {getattr(e, role).country for e in events if getattr(e, role) is not None}
    assert countries <= got


# (invented text, expected (source, target) countries or None): "both countries" / "the two
# sides" acting between states with no other party named act toward each other
PAIRS = [
    ("Relations between Chile and Peru soured. Both countries withdrew their ambassadors.",
     "16", ("CHL", "PER")),
    ("Chile and Peru held talks. The two sides agreed to expand trade.", "03", ("CHL", "PER")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "root", "pair"), PAIRS)
def test_a_pair_reference_acts_toward_its_other_member(
    pipeline: Pipeline, text: str, root: str, pair: tuple[str, str]
) -> None:
    article = Article(id="p", text=text, published="2024-05-01", content_hash=content_hash(text))
    events = [e for e in pipeline.code_article(article).events if (e.cameo or "")[:2] == root]
    assert any(
        e.source is not None and e.target is not None
        and {e.source.country, e.target.country} == set(pair)
        for e in events
    ), [(e.cameo, e.source, e.target) for e in events]
