"""Table tests of event nouns in the release genre, targets, voice, aspect and CAMEO conventions.

Every sentence is written for these tests; each row names the construction it covers.
"""

from __future__ import annotations

import pytest

from communique.events.frames import load_frames
from communique.ontology import cameo_entry

Row = tuple[str, str, str, str | None]

# sentence, (CAMEO code or PLOVER type, source ISO3, target ISO3 or None)
RELEASE_GENRE: list[tuple[str, Row]] = [
    # event noun as the subject of "take place / be held / start / continue"
    ("Talks between Peru and Chile were held in Lima on Monday.", ("040", "PER", "CHL")),
    ("Consultations between Norway and Kenya took place in Oslo.", ("040", "NOR", "KEN")),
    ("Negotiations between Ghana and Togo began in Accra.", ("046", "GHA", "TGO")),
    # a container ("round of", "session of") stands for its event noun
    (
        "The third round of consultations between Austria and Chile took place in Vienna.",
        ("040", "AUT", "CHL"),
    ),
    # hyphenated pair adjectives name both parties
    (
        "The second round of Latvian-Mongolian political consultations took place in Riga.",
        ("040", "LVA", "MNG"),
    ),
    ("Estonian-Georgian talks were held in Tallinn.", ("040", "EST", "GEO")),
    # a light verb over a container
    (
        "Spain and Morocco held the sixth round of their political consultations in Rabat.",
        ("040", "ESP", "MAR"),
    ),
    # possessive doer of a visit, a city standing for its state
    (
        "The Chilean president's visit to Hanoi last spring opened new markets.",
        ("042", "CHL", "VNM"),
    ),
    # the signing of an agreement with its parties
    (
        "The signing of a memorandum between Qatar and Jordan took place in Doha.",
        ("057", "QAT", "JOR"),
    ),
    # "affixed their signatures to"
    (
        "The ministers of Peru and Bolivia affixed their signatures to the treaty.",
        ("057", "PER", "BOL"),
    ),
    # "paid a courtesy call on"
    (
        "The ambassador of Japan paid a courtesy call on the President of Kenya.",
        ("042", "JPN", "KEN"),
    ),
    # a relative pronoun is its antecedent
    (
        "Foreign Minister of Serbia Ivan Petrovic, who paid an official visit to Egypt, met "
        "reporters.",
        ("042", "SRB", "EGY"),
    ),
    # the subject of "took part in / attended" takes part in the event noun
    ("Finland took part in the talks between Sweden and Denmark.", ("040", "FIN", "SWE")),
]

TARGETS: list[tuple[str, Row]] = [
    ("The United States called on Russia to withdraw its troops.", ("020", "USA", "RUS")),
    ("Iranian troops fired at Iraqi positions.", ("193", "IRN", "IRQ")),
    ("Pakistan received military aid from China.", ("AID", "CHN", "PAK")),
    ("Japan helped Iraq to rebuild its army.", ("070", "JPN", "IRQ")),
    ("The EU threatened sanctions unless Belarus frees the prisoners.", ("THREATEN", "IGO", "BLR")),
    ("Serbia lifted the curfew in Montenegro.", ("CONCEDE", "SRB", "MNE")),
    ("Norway halted economic aid to Sudan.", ("162", "NOR", "SDN")),
    ("Egypt rejected an offer from Libya.", ("REJECT", "EGY", "LBY")),
]

VOICE_AND_ASPECT: list[tuple[str, Row]] = [
    ("The treaty was signed by Peru and Chile.", ("057", "PER", "CHL")),
    ("Russian forces continued to shell Ukrainian positions.", ("194", "RUS", "UKR")),
    ("Israeli troops kept attacking Palestinian villages.", ("190", "ISR", "PSE")),
    ("Turkey is scheduled to host Iraqi officials.", ("036", "TUR", "IRQ")),
    ("Germany is strongly opposed to sanctions against Iran.", ("120", "DEU", "IRN")),
    ("A Turkish offensive against Syrian Kurds began on Monday.", ("190", "TUR", "SYR")),
]

GENRE_MORE: list[tuple[str, Row]] = [
    # a participle after a meeting reports its outcome, its own event
    ("Peru and Chile held talks in Lima, agreeing to expand trade.", ("AGREE", "PER", "CHL")),
    # "is on a visit to", "is in the capital on an official visit"
    (
        "The Armenian foreign minister, who is on a visit to Ghana, met reporters.",
        ("042", "ARM", "GHA"),
    ),
    # what is sent is not the target; the destination is
    ("Kenya sent 500 troops to Somalia.", ("074", "KEN", "SOM")),
    # recalling or withdrawing envoys reduces relations
    ("Peru withdrew its ambassador from Mexico.", ("161", "PER", "MEX")),
    # trade measures are sanctions
    ("Canada announced new tariffs on Chinese steel.", ("163", "CAN", "CHN")),
    # ending cooperation
    ("Mali ceased military cooperation with France.", ("160", "MLI", "FRA")),
]

CONVENTIONS: list[tuple[str, Row]] = [
    # an attempted act is the act, not a threat
    ("Iraqi gunmen attempted to kill the Iranian minister.", ("190", "IRQ", "IRN")),
    # welcoming a thing praises it; welcoming a person hosts them
    ("Germany welcomed Iran's decision.", ("051", "DEU", "IRN")),
    ("Egypt welcomed the Israeli prime minister.", ("043", "EGY", "ISR")),
    # reported acts are the reported actor's
    ("Egypt said Israel seized the ship.", ("1711", "ISR", None)),
    # accusations: the accusation and the accused act
    ("Iran accused Israel of seizing the tanker.", ("112", "IRN", "ISR")),
    ("Iran accused Israel of seizing the tanker.", ("1711", "ISR", None)),
]


def _readings(nlp, sentence: str) -> list[tuple[str, str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    return [
        (
            e.cameo,
            cameo_entry(e.cameo).plover,
            e.source.country if e.source else None,
            e.target.country if e.target else None,
        )
        for e in nlp(sentence)._.event_candidates
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    RELEASE_GENRE + GENRE_MORE + TARGETS + VOICE_AND_ASPECT + CONVENTIONS,
    ids=[c[0][:50] for c in RELEASE_GENRE + GENRE_MORE + TARGETS + VOICE_AND_ASPECT + CONVENTIONS],
)
def test_construction(nlp, sentence: str, expected: Row) -> None:  # type: ignore[no-untyped-def]
    code_or_type, source, target = expected
    readings = _readings(nlp, sentence)
    assert any(
        code_or_type in (cameo, plover) and src == source and tgt == target
        for cameo, plover, src, tgt in readings
    ), readings


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        # one event per partner with a distributive adverb
        (
            "Minister Ivanov of Bulgaria met separately with the foreign ministers of France, "
            "Germany and Italy.",
            3,
        ),
        # without it, a list of partners fans out to at most three (MAX_FANOUT)
        (
            "Minister Ivanov of Bulgaria met the foreign ministers of France, Germany, Italy "
            "and Spain.",
            3,
        ),
    ],
)
def test_distributive_fanout(nlp, sentence: str, count: int) -> None:  # type: ignore[no-untyped-def]
    targets = {e.target.country for e in nlp(sentence)._.event_candidates if e.target}
    assert len(targets) == count, targets


@pytest.mark.parametrize(
    ("sentence", "symmetric"),
    [
        ("Peru and Chile held talks in Lima.", True),
        ("Poland signed an agreement with Lithuania.", True),
        ("The French president visited Germany last week.", False),
        ("Turkey condemned Israel.", False),
    ],
)
def test_symmetric_interactions_are_marked(nlp, sentence: str, symmetric: bool) -> None:  # type: ignore[no-untyped-def]
    events = [e for e in nlp(sentence)._.event_candidates if e.target is not None]
    assert events
    assert all(e.symmetric is symmetric for e in events)


def test_two_parties_from_plural_roles(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Kenya and Ghana held political consultations in Nairobi. Kenya hosted the talks. "
        "The two foreign ministers agreed to meet again next year."
    )
    readings = [(e.cameo, e.source.country if e.source else None,
                 e.target.country if e.target else None)
                for e in nlp(text)._.event_candidates if e.sentence == 2]  # fmt: skip
    assert any(code == "036" and {s, t} == {"KEN", "GHA"} for code, s, t in readings), readings


@pytest.mark.parametrize(
    "sentence",
    [
        "A resolution that aims to impose sanctions on Serbia was tabled.",  # not an act
        "The minister of Egypt did not hold talks with Libya.",  # negated light verb
        "Food aid convoys reached the city.",  # an event noun that only modifies a noun
    ],
)
def test_no_event(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert nlp(sentence)._.event_candidates == []


def test_frames_file_loads_and_is_lowercase() -> None:
    frames = load_frames()
    assert "round" in frames.containers
    assert "take place" in frames.occurrence_verbs
    assert all(word == word.lower() for word in frames.pair_roles)


def test_a_blank_line_ends_a_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Peru and Chile agree on trade\n\nLIMA - Peru and Chile held talks in Lima.")
    starts = [sent[0].text for sent in doc.sents]
    assert starts[:2] == ["Peru", "LIMA"], starts
    assert any(e.sentence == 1 and e.cameo == "040" for e in doc._.event_candidates)
