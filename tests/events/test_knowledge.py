"""Table tests of event knowledge added as data: what is withdrawn or expelled, leaving an
international body, trade and sanction measures, statements that carry an act, mediation.

Every sentence is invented for these tests; each row names the general pattern it covers.
"""

from __future__ import annotations

import pytest

from communique.ontology import cameo_entry

Row = tuple[str, str, str | None]

# sentence, (CAMEO code or PLOVER type, source ISO3 or IGO code prefix, target or None)
WITHDRAWN_OR_EXPELLED: list[tuple[str, Row]] = [
    # peacekeepers, inspectors and aid workers have their own codes (166x), not a retreat
    ("Kenya withdrew its peacekeepers from Somalia last year.", ("1661", "KEN", "SOM")),
    ("Ghana withdrew its peacekeeping force from Liberia.", ("1661", "GHA", "LBR")),
    ("Sudan expelled the aid agencies from Darfur.", ("1663", "SDN", None)),
    ("Peru withdrew its observers from Bolivia.", ("1662", "PER", "BOL")),
    # a future withdrawal of them is a threat to reduce relations
    (
        "Nigeria announced that it will withdraw its peacekeeping force from Chad unless the "
        "rebels agree to a ceasefire.",
        ("THREATEN", "NGA", "TCD"),
    ),
    ("Norway said it will withdraw its weapons inspectors from Iraq.", ("THREATEN", "NOR", "IRQ")),
    # troops withdrawn stay a military retreat
    ("Russia withdrew its troops from Georgia.", ("0874", "RUS", "GEO")),
    # the troop class: a contingent or deployment that arrives is a deployment
    (
        "The first contingent of Indian peacekeeping troops arrived in Lebanon.",
        ("074", "IND", "LBN"),
    ),
]

LEAVING_AN_ORGANIZATION: list[tuple[str, Row]] = [
    ("Ghana, Togo and Benin withdrew from ECOWAS in January.", ("161", "GHA", "IGO")),
    ("Hungary quit the European Union.", ("161", "HUN", "IGO")),
    ("Norway left NATO in protest.", ("161", "NOR", "IGO")),
]

TRADE_AND_SANCTIONS: list[tuple[str, Row]] = [
    ("The President of Peru raised tariffs on Chilean steel.", ("163", "PER", "CHL")),
    ("Canada doubled the tariff on American steel exports.", ("163", "CAN", "USA")),
    ("The United States hit China with new tariffs on Monday.", ("163", "USA", "CHN")),
    ("Brazil delayed the tariffs on Argentine wheat for a month.", ("085", "BRA", "ARG")),
    ("Japan suspended the sanctions on Iran.", ("085", "JPN", "IRN")),
    ("The European Union extended its sanctions on Belarus.", ("163", "IGO", "BLR")),
    ("The United Nations reduced food aid to Somalia.", ("162", "IGO", "SOM")),
    # a future tightening of a blockade is a threat
    ("NATO said it would tighten the blockade of Libya.", ("THREATEN", "IGO", "LBY")),
]

STATEMENTS: list[tuple[str, Row]] = [
    # the participle of an issued statement, resolution or declaration is its issuer's act
    ("The parliament of Georgia adopted a resolution condemning Russia.", ("111", "GEO", "RUS")),
    ("Iran issued a statement demanding that Iraq release the prisoners.", ("100", "IRN", "IRQ")),
    (
        "The Kenyan government issued a declaration urging Uganda to withdraw its troops.",
        ("REQUEST", "KEN", "UGA"),
    ),
]

MEDIATION: list[tuple[str, Row]] = [
    ("Qatar launched a mediation effort between Egypt and Turkey.", ("045", "QAT", "EGY")),
]

GATHERINGS_AND_VOWS: list[tuple[str, Row]] = [
    # the subject of "gathered / converged / flew ... for" an event noun takes part in it
    ("Thousands of Chileans gathered for a rally against the new law.", ("141", "CHL", None)),
    ("The Egyptian delegation flew to Oslo for talks with Norway.", ("040", "EGY", "NOR")),
    # preventing a demonstration restricts assembly
    ("Kenyan police prevented the demonstration in Nairobi.", ("1721", "KEN", "KEN")),
    # "sworn to fight": a vow to use force, with the infinitive parsed as an adverbial clause
    ("Rebels in Chad have sworn to fight until the end.", ("THREATEN", "TCD", None)),
    # expressing a commitment is an intent to cooperate, not disapproval
    ("The French minister expressed a commitment to Lebanon.", ("AGREE", "FRA", "LBN")),
    # maintaining relations is diplomatic cooperation; a future one an intent
    ("ECOWAS said it will maintain relations with Mali.", ("AGREE", "IGO", "MLI")),
    # "retaliated by V-ing": the gerund is the subject's act, in the clause's tense
    (
        "The Canadian prime minister retaliated by announcing new tariffs on American steel.",
        ("163", "CAN", "USA"),
    ),
]

FIRE_DEMANDS_REACTIONS: list[tuple[str, Row]] = [
    # what is fired at someone names the attack
    (
        "Egyptian police fired tear gas and rubber bullets at Sudanese protesters.",
        ("193", "EGY", "SDN"),
    ),
    # "X expects / wants Y to V" is X's demand on Y
    (
        "Pakistan expects the Afghan government to uphold its responsibilities.",
        ("100", "PAK", "AFG"),
    ),
    ("The United States wants China to stop its military drills.", ("100", "USA", "CHN")),
    # ... while "expects to V" stays an intent
    ("Kenya expects to sign the agreement next week.", ("AGREE", "KEN", None)),
    # troops sent to a place of one's own are a mobilization, to another state protection
    (
        "The Mexican president sent 10,000 troops to the northern border of Mexico.",
        ("154", "MEX", "MEX"),
    ),
    ("India sent troops to Sri Lanka.", ("074", "IND", "LKA")),
    # a reaction received "from" X is X's act toward the subject
    ("The Kenyan decision drew criticism from Uganda.", ("111", "UGA", "KEN")),
    ("The Turkish plan faced condemnation from the European Union.", ("111", "IGO", "TUR")),
    ("The Polish proposal met with opposition from Hungary.", ("120", "HUN", "POL")),
]

ROWS = (
    FIRE_DEMANDS_REACTIONS
    + WITHDRAWN_OR_EXPELLED
    + LEAVING_AN_ORGANIZATION
    + TRADE_AND_SANCTIONS
    + STATEMENTS
    + MEDIATION
    + GATHERINGS_AND_VOWS
)


def _readings(nlp, sentence: str) -> list[tuple[str, str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    return [
        (
            e.cameo,
            cameo_entry(e.cameo).plover,
            (e.source.country or e.source.code) if e.source else None,
            (e.target.country or e.target.code) if e.target else None,
        )
        for e in nlp(sentence)._.event_candidates
    ]


def _same(actor: str | None, expected: str | None) -> bool:
    if expected is None or actor is None:
        return actor is expected
    return actor.startswith(expected)


@pytest.mark.parametrize(("sentence", "expected"), ROWS, ids=[r[0][:50] for r in ROWS])
def test_knowledge(nlp, sentence: str, expected: Row) -> None:  # type: ignore[no-untyped-def]
    code_or_type, source, target = expected
    readings = _readings(nlp, sentence)
    assert any(
        code_or_type in (cameo, plover) and _same(src, source) and _same(tgt, target)
        for cameo, plover, src, tgt in readings
    ), readings


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        # leaving a place or a party is no event; only an international body counts
        ("The minister left Paris on Monday.", "161"),
        ("The senator quit the Labour Party.", "161"),
        # withdrawing troops is a retreat, not a reduction of relations
        ("Russia withdrew its troops from Georgia.", "SANCTION"),
        # agreeing to a mediation is not the mediation
        ("Israel agreed to Egyptian mediation.", "045"),
        # a trade war is not a war; an unknown verb is not cut down to a known one ("ramped"
        # is "ramp", never "ram")
        ("The United States hit China with new tariffs on Monday.", "ASSAULT"),
        ("The Egyptian president ramped up his trade war with Sudan.", "ASSAULT"),
        # the demanded act has not happened; the reaction's verb is no event of its own
        ("The United States wants China to withdraw its troops from Bhutan.", "RETREAT"),
        ("The Turkish plan faced condemnation from the European Union.", "CONSULT"),
        ("The manager fired three workers.", "ASSAULT"),
        # "sworn in" is no vow
        ("The Georgian minister was sworn in on Monday.", "THREATEN"),
        ("The Georgian minister was sworn in on Monday.", "AGREE"),
    ],
)
def test_not_coded_as(nlp, sentence: str, absent: str) -> None:  # type: ignore[no-untyped-def]
    readings = _readings(nlp, sentence)
    assert all(absent not in (cameo, plover) for cameo, plover, _, _ in readings), readings


@pytest.mark.parametrize(
    ("word", "stem", "not_stem"),
    [
        ("staged", "stage", None),
        ("walked", "walk", None),
        ("stopped", "stop", None),
        ("carried", "carry", None),
        ("staging", "stage", None),
        ("stopping", "stop", None),
        ("ramped", "ramp", "ram"),  # a stem is cut only as the ending allows
        ("levies", "levy", None),
    ],
)
def test_deinflections(word: str, stem: str, not_stem: str | None) -> None:
    from communique.events.coder import _deinflections

    stems = _deinflections(word)
    assert stem in stems
    assert not_stem not in stems
