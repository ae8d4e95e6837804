"""Table tests of the events that whole news stories state around their main verbs: adjunct
gerunds, clauses introduced by "for", meetings named in a prepositional phrase, acts reported
by "announce" / "claim", the objects of reactions, verbs of speaking with a party, intended
acts under a head that codes only its objects, givers named by an adjective, event nouns.

Every sentence is written for these tests; each row names the construction it covers.
"""

from __future__ import annotations

import pytest

from communique.ontology import cameo_entry

Row = tuple[str, str, str | None]

# sentence, (CAMEO code or PLOVER type, source ISO3, target ISO3 or None)
CONSTRUCTIONS: list[tuple[str, Row]] = [
    # an adjunct gerund's doer is the subject of the clause it modifies, in that clause's tense
    (
        "In announcing the sanctions on Iran this week, the French foreign minister said the "
        "measures were overdue.",
        ("163", "FRA", "IRN"),
    ),
    (
        "After signing the accord with Peru, the Chilean president flew home.",
        ("057", "CHL", "PER"),
    ),
    # "called for X to V": an appeal to X
    ("The Kenyan president called for Ethiopia to withdraw its troops.", ("020", "KEN", "ETH")),
    (
        "Norway's foreign minister called for the Somali government to release the detainees.",
        ("REQUEST", "NOR", "SOM"),
    ),
    # a meeting or conversation that a prepositional phrase names: the verb's subject takes part
    (
        "The Chilean president told the Peruvian president in a phone call that the border "
        "would reopen.",
        ("041", "CHL", "PER"),
    ),
    (
        "The Indian foreign minister agreed during talks with his Nepalese counterpart to "
        "reopen the crossing.",
        ("040", "IND", "NPL"),
    ),
    # "announce" and "claim" report the subject's own act
    ("The Turkish army claimed the killing of 12 Syrian militants.", ("190", "TUR", "SYR")),
    # the object of a reaction names whose act it was
    (
        "Greek lawmakers welcomed the announcement that Albania had agreed to the plan.",
        ("051", "GRC", "ALB"),
    ),
    ("Brazil rejected Argentina's proposal.", ("REJECT", "BRA", "ARG")),
    # speaking with a party is a consultation
    ("The Danish prime minister spoke by phone with the Swedish king.", ("040", "DNK", "SWE")),
    # a head that codes only its objects leaves its infinitive to be read as the intended act
    ("Norway is seeking to finalize an accord with Chile.", ("AGREE", "NOR", "CHL")),
    # the adjective of a received thing names its giver
    ("The Peruvian government accepted Japanese funding for new roads.", ("070", "JPN", "PER")),
    ("Chad accepted aid from France.", ("070", "FRA", "TCD")),
    # event nouns with their own parties
    (
        "Officials said that the agreements between Chile and Bolivia are a good sign.",
        ("057", "CHL", "BOL"),
    ),
    ("Egypt's purchase of fighter jets from France was criticized.", ("061", "EGY", "FRA")),
    # the long tail reads acts stated by a set-off participle or a means or adjunct gerund
    (
        "The United States raised the stakes on Monday, doubling the tariff on Canadian steel.",
        ("163", "USA", "CAN"),
    ),
    ("India responded by doubling the tariff on Chinese steel.", ("163", "IND", "CHN")),
    (
        "After doubling the tariff on Canadian steel, the U.S. president flew to Ohio.",
        ("163", "USA", "CAN"),
    ),
    # a negotiation that progresses is happening
    (
        "Egypt said that negotiations with the International Monetary Fund are progressing.",
        ("046", "EGY", "IGO"),
    ),
]


def _readings(nlp, sentence: str) -> list[tuple[str, str, str | None, str | None, str]]:  # type: ignore[no-untyped-def]
    return [
        (
            e.cameo,
            cameo_entry(e.cameo).plover,
            e.source.country if e.source else None,
            e.target.country if e.target else None,
            e.modality.tense,
        )
        for e in nlp(sentence)._.event_candidates
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"), CONSTRUCTIONS, ids=[c[0][:50] for c in CONSTRUCTIONS]
)
def test_construction(nlp, sentence: str, expected: Row) -> None:  # type: ignore[no-untyped-def]
    code_or_type, source, target = expected
    readings = _readings(nlp, sentence)
    assert any(
        code_or_type in (cameo, plover) and src == source and tgt == target
        for cameo, plover, src, tgt, _ in readings
    ), readings


@pytest.mark.parametrize(
    ("sentence", "tense"),
    [
        # the gerund takes the tense of the clause it modifies
        ("In announcing the sanctions on Iran, the French minister said they were overdue.",
         "past"),
        ("After signing the accord with Peru, the Chilean president will fly home.", "future"),
        # a set-off participle takes the tense of the clause before it
        ("The United States raised the stakes on Monday, doubling the tariff on Canadian steel.",
         "past"),
    ],
)  # fmt: skip
def test_adjunct_gerund_takes_the_clause_tense(nlp, sentence: str, tense: str) -> None:  # type: ignore[no-untyped-def]
    readings = _readings(nlp, sentence)
    assert readings and readings[0][4] == tense, readings


@pytest.mark.parametrize(
    "sentence",
    [
        # a conversation with nobody named is no event
        "The French president said in an interview that the war must end.",
        # speaking with nobody named
        "The Danish prime minister spoke at a rally in Copenhagen.",
        # who confirms an attack need not have made it
        "Police confirmed the killing of two villagers.",
        # a participle with its own subordinator is not set off as an act
        "The minister spoke on Monday while visiting a steel plant.",
        # an agreement without its parties is a document, not an event
        "The agreement was published on Monday.",
    ],
)
def test_no_event(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert _readings(nlp, sentence) == []


def test_a_meeting_verb_is_not_counted_twice(nlp) -> None:  # type: ignore[no-untyped-def]
    """'met during the summit': the verb is the meeting; the noun adds no second event."""
    readings = _readings(nlp, "The Kenyan president met the Ugandan president during the summit.")
    assert [r[0][:2] for r in readings] == ["04"], readings
