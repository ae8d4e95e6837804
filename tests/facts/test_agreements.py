"""Agreements: name, kind, status, parties, witnesses and date (table-driven)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from communique.facts import FactExtractor
from communique.facts.context import ArticleContext
from communique.models import Event, Facts, Modality, ResolvedDate, TextSpan

# (text, name, kind, status, party countries (as a set; None = not checked))
AGREEMENTS: list[tuple[str, str, str, str, set[str] | None]] = [
    (
        "Kazakhstan and Belgium signed the Agreement on Avoidance of Double Taxation.",
        "Agreement on Avoidance of Double Taxation",
        "agreement",
        "signed",
        {"KAZ", "BEL"},
    ),
    (
        "Kazakhstan and Uzbekistan signed a memorandum of understanding on cooperation "
        "in the field "
        "of tourism.",
        "memorandum of understanding on cooperation in the field of tourism",
        "memorandum",
        "signed",
        {"KAZ", "UZB"},
    ),
    (
        "The parties signed an intergovernmental agreement on visa-free travel.",
        "intergovernmental agreement on visa-free travel",
        "agreement",
        "signed",
        None,
    ),
    (
        "Russia and Turkey signed the Treaty on Friendship and Cooperation in Moscow.",
        "Treaty on Friendship and Cooperation",
        "treaty",
        "signed",
        {"RUS", "TUR"},
    ),
    (
        "Kazakhstan and China initialled the Protocol on Amendments to the Trade Agreement.",
        "Protocol on Amendments to the Trade Agreement",
        "protocol",
        "initialled",
        {"KAZ", "CHN"},
    ),
    (
        "Kazakhstan and Uzbekistan adopted and signed a roadmap for industrial cooperation.",
        "roadmap for industrial cooperation",
        "roadmap",
        "signed",
        {"KAZ", "UZB"},
    ),
    (
        "Tokayev and Mirziyoyev signed the Declaration on Allied Relations.",
        "Declaration on Allied Relations",
        "declaration",
        "signed",
        {"KAZ", "UZB"},
    ),
    (
        "KazMunayGas signed a contract for the supply of gas with Siemens.",
        "contract for the supply of gas",
        "contract",
        "signed",
        {"KAZ", "DEU"},
    ),
    (
        "Kazakhstan and Germany will sign an agreement on raw materials partnership next month.",
        "agreement on raw materials partnership",
        "agreement",
        "planned",
        {"KAZ", "DEU"},
    ),
    (
        "The sides plan to sign a memorandum on green energy in December.",
        "memorandum on green energy",
        "memorandum",
        "planned",
        None,
    ),
    (
        "The agreement on a free trade zone is expected to be signed by the end of the year.",
        "agreement on a free trade zone",
        "agreement",
        "planned",
        None,
    ),
    (
        "The Senate of Kazakhstan ratified the Agreement on Military Cooperation with Turkey.",
        "Agreement on Military Cooperation",
        "agreement",
        "ratified",
        {"KAZ", "TUR"},
    ),
    (
        "Parliament ratified the Treaty on Strategic Partnership "
        "between Kazakhstan and Azerbaijan.",
        "Treaty on Strategic Partnership",
        "treaty",
        "ratified",
        {"KAZ", "AZE"},
    ),
    (
        "Negotiators from Kazakhstan and the EU finalized the text of the Enhanced Partnership "
        "and Cooperation Agreement.",
        "Enhanced Partnership and Cooperation Agreement",
        "agreement",
        "negotiated",
        None,
    ),
    (
        "Iran and Qatar negotiated a deal on the release of prisoners.",
        "deal on the release of prisoners",
        "agreement",
        "negotiated",
        {"IRN", "QAT"},
    ),
    (
        "Israel and the UAE reached an accord on normalising relations.",
        "accord on normalising relations",
        "accord",
        "negotiated",
        {"ISR", "ARE"},
    ),
    (
        "The General Agreement on Academic and Cultural Cooperation was signed between the Academy "
        "of Public Administration and the Free University of Brussels.",
        "General Agreement on Academic and Cultural Cooperation",
        "agreement",
        "signed",
        {"KAZ", "BEL"},
    ),
    (
        "A memorandum of cooperation between Nazarbayev University and Tashkent State University "
        "was signed in Astana.",
        "memorandum of cooperation",
        "memorandum",
        "signed",
        {"KAZ", "UZB"},
    ),
    ("The Paris Agreement was signed in 2016.", "Paris Agreement", "agreement", "signed", None),
    (
        "Kazakhstan signed an agreement with the World Bank on a $500 million loan.",
        "agreement",
        "agreement",
        "signed",
        None,
    ),
    (
        "Japan and Uzbekistan signed 15 documents, "
        "including an agreement on technical cooperation.",
        "agreement on technical cooperation",
        "agreement",
        "signed",
        {"JPN", "UZB"},
    ),
    (
        "The ministers inked a memorandum on the digitalisation of customs procedures.",
        "memorandum on the digitalisation of customs procedures",
        "memorandum",
        "signed",
        None,
    ),
    (
        "The sides concluded a Treaty of Friendship.",
        "Treaty of Friendship",
        "treaty",
        "signed",
        None,
    ),
    (
        "Kazakhstan and Kyrgyzstan signed the Treaty on the Demarcation of the State Border.",
        "Treaty on the Demarcation of the State Border",
        "treaty",
        "signed",
        {"KAZ", "KGZ"},
    ),
    (
        "A Kazakh-Uzbek agreement on the joint management of water resources was signed on "
        "Tuesday.",
        "Kazakh-Uzbek agreement on the joint management of water resources",
        "agreement",
        "signed",
        {"KAZ", "UZB"},
    ),
    (
        "Uzbekistan and Turkey signed an agreement on preferential trade on March 5.",
        "agreement on preferential trade",
        "agreement",
        "signed",
        {"UZB", "TUR"},
    ),
    (
        "The Comprehensive and Progressive Agreement for Trans-Pacific Partnership was signed in "
        "Santiago.",
        "Comprehensive and Progressive Agreement for Trans-Pacific Partnership",
        "agreement",
        "signed",
        None,
    ),
    (
        "Kazakhstan and Azerbaijan signed a joint declaration on strategic partnership.",
        "joint declaration on strategic partnership",
        "declaration",
        "signed",
        {"KAZ", "AZE"},
    ),
    (
        "The Ministry of Energy signed a roadmap with Siemens to modernise power plants.",
        "roadmap",
        "roadmap",
        "signed",
        {"KAZ", "DEU"},
    ),
    (
        "China and Kazakhstan are negotiating an agreement on cross-border rivers.",
        "agreement on cross-border rivers",
        "agreement",
        "negotiated",
        {"CHN", "KAZ"},
    ),
    (
        "Kazakhstan and Russia are ready to sign the Agreement on Economic Cooperation.",
        "Agreement on Economic Cooperation",
        "agreement",
        "planned",
        {"KAZ", "RUS"},
    ),
    (
        "The Protocol on Amendments to the Agreement on Double Taxation will be signed in May.",
        "Protocol on Amendments to the Agreement on Double Taxation",
        "protocol",
        "planned",
        None,
    ),
    (
        "Ukraine and Turkey signed a free trade agreement in Kyiv.",
        "free trade agreement",
        "agreement",
        "signed",
        {"UKR", "TUR"},
    ),
    (
        "Uzbekistan and Germany signed a memorandum of understanding in the presence of the two "
        "presidents.",
        "memorandum of understanding",
        "memorandum",
        "signed",
        {"UZB", "DEU"},
    ),
    (
        "The sides signed a contract worth $1 billion for the construction of a refinery.",
        "contract",
        "contract",
        "signed",
        None,
    ),
    (
        "Kazakhstan and the EU initialed the Enhanced Partnership Agreement in 2014.",
        "Enhanced Partnership Agreement",
        "agreement",
        "initialled",
        None,
    ),
    (
        "India and France signed an agreement to build six nuclear reactors.",
        "agreement to build six nuclear reactors",
        "agreement",
        "signed",
        {"IND", "FRA"},
    ),
    (
        "Samruk-Kazyna signed an investment agreement with a Chinese company.",
        "investment agreement",
        "agreement",
        "signed",
        {"KAZ"},
    ),
    (
        "Belgium and Kazakhstan agreed to sign a protocol on consular matters.",
        "protocol on consular matters",
        "protocol",
        "planned",
        {"BEL", "KAZ"},
    ),
    (
        "The Treaty on Eternal Friendship between Kazakhstan and Uzbekistan was ratified in 1998.",
        "Treaty on Eternal Friendship",
        "treaty",
        "ratified",
        {"KAZ", "UZB"},
    ),
]

def test_possessive_is_not_the_party(facts_of: Callable[..., Facts]) -> None:
    text = "Egypt signed an agreement with Turkey's rival Greece on the Mediterranean Sea."
    (agreement,) = facts_of(text).agreements
    assert [p.country for p in agreement.parties] == ["EGY", "GRC"]


NOT_AGREEMENTS = [
    "The two sides are in agreement with the proposal.",
    "Under the agreement, Kazakhstan supplies grain to Uzbekistan.",
    "Kazakhstan did not sign the memorandum.",
    "Russia withdrew from the Treaty on Open Skies.",
    "The minister said there is a great deal of interest in trade.",
    "Kazakhstan must deal with rising prices.",
    "Officials discussed diplomatic protocol at the reception.",
    "The drawdown was supposed to be concluded by May 1 in line with the deal.",
]


@pytest.mark.parametrize(("text", "name", "kind", "status", "countries"), AGREEMENTS)
def test_agreement(
    facts_of: Callable[..., Facts],
    text: str,
    name: str,
    kind: str,
    status: str,
    countries: set[str] | None,
) -> None:
    agreements = facts_of(text).agreements
    assert [(a.name, a.kind, a.status) for a in agreements] == [(name, kind, status)]
    (agreement,) = agreements
    assert text[agreement.span[0] : agreement.span[1]] == name
    if countries is not None:
        assert {p.country for p in agreement.parties} == countries


@pytest.mark.parametrize("text", NOT_AGREEMENTS)
def test_not_an_agreement(facts_of: Callable[..., Facts], text: str) -> None:
    assert facts_of(text).agreements == []


@pytest.mark.parametrize(
    ("text", "witnesses"),
    [
        (
            "Vassilenko observed the signing of a memorandum on tourism between Kazakhstan and "
            "Belgium.",
            ["Vassilenko"],
        ),
        (
            "The agreement on transit was signed in the presence of Tokayev and Mirziyoyev.",
            ["Tokayev", "Mirziyoyev"],
        ),
        (
            "As part of the visit, Erdogan witnessed the signing of a treaty on trade "
            "by Turkey and "
            "Azerbaijan.",
            ["Erdogan"],
        ),
        (
            "Kazakhstan and China signed the agreement on transit, witnessed by Xi Jinping.",
            ["Xi Jinping"],
        ),
    ],
)
def test_witnesses(facts_of: Callable[..., Facts], text: str, witnesses: list[str]) -> None:
    (agreement,) = facts_of(text).agreements
    assert [w.text for w in agreement.witnesses] == witnesses
    assert not {w.span for w in agreement.witnesses} & {p.span for p in agreement.parties}


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("Kazakhstan and Uzbekistan signed a roadmap on trade on October 17.", "2022-10-17"),
        ("Kazakhstan and Uzbekistan signed a roadmap on trade last year.", "2021-01-01"),
        ("The treaty on friendship was ratified in 1998.", "1998-01-01"),
    ],
)
def test_own_date_phrase(facts_of: Callable[..., Facts], text: str, start: str) -> None:
    (agreement,) = facts_of(text).agreements
    assert agreement.date.start == start


def _event(text: str, sentence: tuple[int, int], trigger: str, date: ResolvedDate) -> Event:
    at = text.index(trigger)
    return Event(
        id="e1",
        article_id="test",
        sentence=0,
        cameo="057",
        cameo_root="05",
        quad_class=1,
        goldstein=8.0,
        plover="AGREE",
        date=date,
        modality=Modality(),
        trigger=TextSpan(text=trigger, span=(at, at + len(trigger))),
        evidence=TextSpan(text=text[sentence[0] : sentence[1]], span=sentence),
        confidence=0.9,
    )


def test_date_from_the_signing_event(
    extractor: FactExtractor, context_of: Callable[..., ArticleContext]
) -> None:
    text = "The delegation observed the signing of a memorandum on tourism with Belgium."
    ctx = context_of(text)
    dated = ResolvedDate(start="2022-10-17", granularity="day", kind="exact")
    facts = extractor.extract_context(ctx, [_event(text, ctx.sentences[0], "signing", dated)])
    assert facts.agreements[0].date.start == "2022-10-17"


def test_no_date_is_unresolved_not_the_publication_date(facts_of: Callable[..., Facts]) -> None:
    (agreement,) = facts_of("Kazakhstan and Belgium signed a memorandum on tourism.").agreements
    assert agreement.date.kind == "unresolved" and agreement.date.start is None
    assert agreement.date.reason
