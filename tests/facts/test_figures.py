"""Figures: amounts tied to what they measure, with direction and period (table-driven).

Sentences are written in the styles of agency reports (Kazinform, Trend, Xinhua, VOA). The actors
are built by hand (tests/facts/conftest.py), so these tables test the facts rules only.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from communique.facts.figures import CHANGE_MARK
from communique.models import Facts

# Articles about one country pair open with a sentence that names it (the "main pair").
KB = "Kazakhstan and Belgium held talks. "
KU = "Kazakhstan and Uzbekistan held talks. "

# (text, kind, value, unit, approximate, from, to, period phrase or None)
FIGURES: list[tuple[str, str, float, str, bool, str | None, str | None, str | None]] = [
    (
        KB + "In 2021, bilateral trade turnover was $ 419.7 million.",
        "trade_turnover",
        419.7e6,
        "USD",
        False,
        "KAZ",
        "BEL",
        "In 2021",
    ),
    (
        "Trade turnover between Kazakhstan and Uzbekistan in January-September 2022 amounted to "
        "$3.2 billion.",
        "trade_turnover",
        3.2e9,
        "USD",
        False,
        "KAZ",
        "UZB",
        None,
    ),
    (
        "Mutual trade between Kazakhstan and China reached USD 31.5 bn in 2022.",
        "trade_turnover",
        31.5e9,
        "USD",
        False,
        "KAZ",
        "CHN",
        "in 2022",
    ),
    (
        KU + "The volume of mutual trade grew to $4.5 billion last year.",
        "trade_turnover",
        4.5e9,
        "USD",
        False,
        "KAZ",
        "UZB",
        "last year",
    ),
    (
        "Bilateral trade between Russia and Turkey hit $62 billion, a record.",
        "trade_turnover",
        62e9,
        "USD",
        False,
        "RUS",
        "TUR",
        None,
    ),
    (
        "Germany's trade with Kazakhstan totalled EUR 5 million in the first quarter.",
        "trade_turnover",
        5e6,
        "EUR",
        False,
        "DEU",
        "KAZ",
        "in the first quarter",
    ),
    (
        KB + "The trade turnover between the two countries is about 1.2 billion euros.",
        "trade_turnover",
        1.2e9,
        "EUR",
        True,
        "KAZ",
        "BEL",
        None,
    ),
    (
        "Kazakhstan's exports to Belgium amounted to $280 million in 2021.",
        "exports",
        280e6,
        "USD",
        False,
        "KAZ",
        "BEL",
        "in 2021",
    ),
    (
        "Exports from Uzbekistan to Kazakhstan rose to $1.4 billion.",
        "exports",
        1.4e9,
        "USD",
        False,
        "UZB",
        "KAZ",
        None,
    ),
    (
        "Kazakhstan exported $2.1bn worth of grain to China.",
        "exports",
        2.1e9,
        "USD",
        False,
        "KAZ",
        "CHN",
        None,
    ),
    (
        "Europe retaliated with tariffs on $12 billion worth of U.S. exports.",
        "trade_affected",
        12e9,
        "USD",
        False,
        None,
        "USA",
        None,
    ),
    (
        "Kazakhstan's imports from China reached $8.2 billion in 2022.",
        "imports",
        8.2e9,
        "USD",
        False,
        "CHN",
        "KAZ",
        "in 2022",
    ),
    (
        "Imports from Russia stood at 1.9 trillion tenge.",
        "imports",
        1.9e12,
        "KZT",
        False,
        "RUS",
        None,
        None,
    ),
    (
        "The gross inflow of direct investments from Belgium to Kazakhstan amounted to\n\n"
        "$ 1.069 billion last year.",
        "fdi_inflow",
        1.069e9,
        "USD",
        False,
        "BEL",
        "KAZ",
        "last year",
    ),
    (
        "Foreign direct investment from Japan into Kazakhstan reached $700 million in 2021.",
        "fdi_inflow",
        700e6,
        "USD",
        False,
        "JPN",
        "KAZ",
        "in 2021",
    ),
    (
        "FDI inflows from Turkey totaled over $2bn.",
        "fdi_inflow",
        2e9,
        "USD",
        True,
        "TUR",
        None,
        None,
    ),
    (
        "The accumulated direct investments of Germany in Kazakhstan exceeded $5 billion.",
        "fdi_stock",
        5e9,
        "USD",
        False,
        None,
        "KAZ",
        None,
    ),
    (
        "The stock of foreign direct investment from France stands at EUR 14 billion.",
        "fdi_stock",
        14e9,
        "EUR",
        False,
        "FRA",
        None,
        None,
    ),
    (
        "Korean companies invested $1.5 billion in Uzbekistan since 2017.",
        "investment",
        1.5e9,
        "USD",
        False,
        "KOR",
        "UZB",
        "since 2017",
    ),
    (
        "India will invest about $7 million in school projects in Mauritius.",
        "investment",
        7e6,
        "USD",
        True,
        "IND",
        "MUS",
        None,
    ),
    (
        "Chinese investments in Kazakhstan amounted to more than $20 billion.",
        "investment",
        20e9,
        "USD",
        True,
        "CHN",
        "KAZ",
        None,
    ),
    (
        "Saudi Arabia pledged $500m in investment in Uzbekistan.",
        "investment",
        500e6,
        "USD",
        False,
        "SAU",
        "UZB",
        None,
    ),
    (
        "The Asian Development Bank approved a loan of $200 million for Kazakhstan.",
        "loan",
        200e6,
        "USD",
        False,
        None,
        "KAZ",
        None,
    ),
    (
        "China extended a $1.2-billion loan to Kyrgyzstan.",
        "loan",
        1.2e9,
        "USD",
        False,
        "CHN",
        "KGZ",
        None,
    ),
    (
        "Uzbekistan borrowed 300 million US dollars from Japan.",
        "loan",
        300e6,
        "USD",
        False,
        "JPN",
        "UZB",
        None,
    ),
    (
        "The IMF opened a credit line of $1 billion for Ukraine in 2023.",
        "loan",
        1e9,
        "USD",
        False,
        None,
        "UKR",
        "in 2023",
    ),
    (
        "Japan provided humanitarian aid worth $5 million to Ukraine.",
        "aid",
        5e6,
        "USD",
        False,
        "JPN",
        "UKR",
        None,
    ),
    (
        "The United States announced $2.5 billion in military aid to Ukraine.",
        "aid",
        2.5e9,
        "USD",
        False,
        "USA",
        "UKR",
        None,
    ),
    (
        "Germany allocated a grant of €3m to Kyrgyzstan.",
        "aid",
        3e6,
        "EUR",
        False,
        "DEU",
        "KGZ",
        None,
    ),
    (
        "There are around 70 enterprises with the Belgian capital working in Kazakhstan.",
        "enterprises",
        70,
        "count",
        True,
        "BEL",
        "KAZ",
        None,
    ),
    (
        "More than 1,200 companies with Turkish capital operate in Kazakhstan.",
        "enterprises",
        1200,
        "count",
        True,
        "TUR",
        "KAZ",
        None,
    ),
    (
        "Some 300 joint ventures with Chinese participation are registered in Uzbekistan.",
        "enterprises",
        300,
        "count",
        True,
        "CHN",
        "UZB",
        None,
    ),
    (
        "The number of companies with Indian capital in Uzbekistan reached 400 in 2022.",
        "enterprises",
        400,
        "count",
        False,
        "IND",
        "UZB",
        "in 2022",
    ),
    (
        "The two sides signed contracts worth $3.5 billion.",
        "other",
        3.5e9,
        "USD",
        False,
        None,
        None,
        None,
    ),
    (
        "Kazakhstan's trade surplus with China was $4 bln.",
        "other",
        4e9,
        "USD",
        False,
        "KAZ",
        None,
        None,
    ),
    (
        "Turkey's exports to Azerbaijan amounted to USD 2.3 billion in January-November.",
        "exports",
        2.3e9,
        "USD",
        False,
        "TUR",
        "AZE",
        None,
    ),
    (
        "Russian exports to Turkey totaled 45 billion dollars.",
        "exports",
        45e9,
        "USD",
        False,
        "RUS",
        "TUR",
        None,
    ),
    (
        "Investments of KazMunayGas in Uzbekistan amounted to $ 15 million.",
        "investment",
        15e6,
        "USD",
        False,
        None,
        "UZB",
        None,
    ),
    (
        "Japan lent Uzbekistan ¥ 30 billion for a power plant.",
        "loan",
        30e9,
        "JPY",
        False,
        "JPN",
        "UZB",
        None,
    ),
    (
        "Aid to Ukraine from the EU reached nearly €50 billion.",
        "aid",
        50e9,
        "EUR",
        True,
        None,
        "UKR",
        None,
    ),
]

# (text, kind, value, unit) of the changes that sentences state.
CHANGES: list[tuple[str, str, float, str]] = [
    (
        "Bilateral trade between China and Mauritius hit $1.4 billion, a 12.5% increase.",
        "trade_turnover",
        12.5,
        "percent",
    ),
    ("Kazakhstan's exports to Belgium grew by 12% in 2022.", "exports", 12, "percent"),
    ("Imports from China fell 3.5 percent.", "imports", 3.5, "percent"),
    ("Chinese investments in Kazakhstan increased by $300 million.", "investment", 300e6, "USD"),
]

NOT_FIGURES = [
    "The attack killed 5 people in Kabul.",
    "Diplomatic relations were established 30 years ago.",
    "In 2021, the ministers met in Astana.",
    "More than 100 people attended the forum on trade.",
    "Trump levied 25% tariffs on steel and aluminum.",
    "The President of Kazakhstan received 3 ambassadors.",
    "Some 16 million children in Sudan need aid, UNICEF said on Thursday.",
    "Belgium is one of Kazakhstan's key trading partners among the European Union states.",
    "The trade war with Canada entered its 2nd week on Tuesday.",
    "At least 65% of the EU's population must vote against the plan.",
    "The Vietnam Investment Review said patients paid more than $1 billion.",
]


def _one(facts: Facts, kind: str) -> list[tuple[str, float, str, bool, str | None, str | None]]:
    return [
        (f.kind, f.value, f.unit, f.approximate, f.from_, f.to)
        for f in facts.figures
        if f.kind == kind
    ]


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit", "approximate", "from_", "to", "period"), FIGURES
)
def test_figure(
    facts_of: Callable[..., Facts],
    text: str,
    kind: str,
    value: float,
    unit: str,
    approximate: bool,
    from_: str | None,
    to: str | None,
    period: str | None,
) -> None:
    facts = facts_of(text)
    assert len(facts.figures) == 1, [(f.kind, f.value) for f in facts.figures]
    (figure,) = facts.figures
    assert (figure.kind, figure.unit, figure.approximate) == (kind, unit, approximate)
    assert figure.value == pytest.approx(value)
    if kind == "trade_turnover":
        assert {figure.from_, figure.to} == {from_, to}
    else:
        assert (figure.from_, figure.to) == (from_, to)
    if period is not None:
        assert figure.period is not None and figure.period.text == period
    assert text[figure.span[0] : figure.span[1]] in figure.text


@pytest.mark.parametrize(("text", "kind", "value", "unit"), CHANGES)
def test_change(
    facts_of: Callable[..., Facts], text: str, kind: str, value: float, unit: str
) -> None:
    facts = facts_of(text)
    changes = [f for f in facts.figures if f.text.startswith(CHANGE_MARK)]
    assert [(f.kind, f.unit) for f in changes] == [(kind, unit)]
    assert changes[0].value == pytest.approx(value)


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_a_figure(facts_of: Callable[..., Facts], text: str) -> None:
    assert facts_of(text).figures == []


def test_two_figures_in_one_sentence_take_their_own_periods(
    facts_of: Callable[..., Facts],
) -> None:
    text = (
        "The gross inflow of direct investments from Belgium to Kazakhstan amounted to\n\n"
        "$ 1.069 billion last year and reached $ 9.96 billion during 2005-2021."
    )
    facts = facts_of(text)
    assert [(f.kind, f.value, f.from_, f.to) for f in facts.figures] == [
        ("fdi_inflow", 1.069e9, "BEL", "KAZ"),
        ("fdi_inflow", 9.96e9, "BEL", "KAZ"),
    ]
    assert [f.period.text if f.period else None for f in facts.figures] == [
        "last year",
        "during 2005-2021",
    ]


def test_sentence_date_applies_to_every_figure(facts_of: Callable[..., Facts]) -> None:
    text = "In 2022, Kazakhstan's exports to China reached $13 billion and imports $9 billion."
    facts = facts_of(text)
    assert [(f.kind, f.value) for f in facts.figures] == [
        ("exports", 13e9),
        ("imports", 9e9),
    ]
    assert {f.period.text for f in facts.figures if f.period} == {"In 2022"}


def test_no_period_is_unresolved_not_the_publication_date(facts_of: Callable[..., Facts]) -> None:
    (figure,) = facts_of("Kazakhstan's exports to China reached $13 billion.").figures
    assert figure.period is not None
    assert figure.period.kind == "unresolved" and figure.period.start is None
    assert figure.period.reason


def test_ids_are_stable(facts_of: Callable[..., Facts]) -> None:
    text = KB + "In 2021, bilateral trade turnover was $ 419.7 million."
    assert facts_of(text).figures[0].id == facts_of(text).figures[0].id
