"""The figure kinds of diplomatic and economic news (issue 11), table-driven.

Each row is a phrasing written for this table from the kind's definition in docs/FACTS.md (trade
hit by a measure, loans, programmes and pledges, debt and payments with a rate, frozen assets,
deployments, aid reach, agreement counts, shares, ranges, vague magnitudes, durations), plus
sentences whose numbers must NOT be read (ages, dates, votes, casualties, page numbers).
Actors are built by hand (tests/facts/conftest.py), so these tables test the facts rules only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from communique.facts import FactExtractor
from communique.facts.context import ArticleContext
from communique.models import Actor, Event, Facts, TextSpan

# (text, kind, value, unit, from, to, other expected fields)
KINDS: list[tuple[str, str, float, str, str | None, str | None, dict[str, Any]]] = [
    # trade hit by a measure: `from` imposes, `to` owns the trade
    (
        "China put tariffs on $60 billion worth of U.S. goods.",
        "trade_affected",
        60e9,
        "USD",
        "CHN",
        "USA",
        {},
    ),
    (
        "Turkey imposed duties on $1.8 billion of Russian imports.",
        "trade_affected",
        1.8e9,
        "USD",
        "TUR",
        "RUS",
        {},
    ),
    (
        "Japan announced sanctions on $500 million worth of Iranian exports.",
        "trade_affected",
        500e6,
        "USD",
        "JPN",
        "IRN",
        {},
    ),
    (
        "The EU slapped tariffs of 25% on €2.8bn of American products.",
        "trade_affected",
        2.8e9,
        "EUR",
        None,
        "USA",
        {},
    ),
    (
        "India said the ban on $3 billion of Chinese goods would stay.",
        "trade_affected",
        3e9,
        "USD",
        "IND",
        "CHN",
        {},
    ),
    # loans, credit lines and bailouts (money, or a count of packages)
    ("The IMF approved a $3 billion loan for Egypt.", "loan", 3e9, "USD", None, "EGY", {}),
    (
        "China granted Kyrgyzstan a credit line of 500 million yuan.",
        "loan",
        500e6,
        "CNY",
        "CHN",
        None,
        {},
    ),
    (
        "Ukraine has received 12 loans from the World Bank since 2014.",
        "loan",
        12,
        "count",
        None,
        "UKR",
        {"item": "loans"},
    ),
    (
        "The World Bank lent Uzbekistan $1.2 billion over five years.",
        "loan",
        1.2e9,
        "USD",
        None,
        "UZB",
        {"duration": (5, "year")},
    ),
    (
        "Greece got three bailouts from the EU.",
        "loan",
        3,
        "count",
        None,
        "GRC",
        {"item": "bailouts"},
    ),
    # programmes, projects, packages, funds
    (
        "Japan unveiled a $10 billion infrastructure program for Asia.",
        "programme",
        10e9,
        "USD",
        "JPN",
        None,
        {},
    ),
    (
        "Qatar will finance a $2 billion port project in Egypt.",
        "programme",
        2e9,
        "USD",
        "QAT",
        "EGY",
        {},
    ),
    (
        "The EU proposed a rescue fund worth €50 billion for Ukraine.",
        "programme",
        50e9,
        "EUR",
        None,
        "UKR",
        {},
    ),
    # pledges
    ("Saudi Arabia pledged $1 billion to rebuild Iraq.", "pledge", 1e9, "USD", "SAU", None, {}),
    ("Germany promised Ukraine 500 million euros.", "pledge", 500e6, "EUR", "DEU", "UKR", {}),
    # debt and debt payments
    ("Egypt owes China $8 billion.", "debt", 8e9, "USD", "EGY", "CHN", {}),
    (
        "Iran must make $4 billion in debt repayments next year.",
        "debt",
        4e9,
        "USD",
        "IRN",
        None,
        {"period": "2023"},
    ),
    ("Kyrgyzstan's external debt stands at $5.3 billion.", "debt", 5.3e9, "USD", "KGZ", None, {}),
    # payments, with their rate and duration
    (
        "Under the lease, Japan will pay Korea $20 million a year for 30 years.",
        "payment",
        20e6,
        "USD",
        "JPN",
        "KOR",
        {"per": "year", "duration": (30, "year")},
    ),
    (
        "Russia paid Turkey $2 billion per month for gas.",
        "payment",
        2e9,
        "USD",
        "RUS",
        "TUR",
        {"per": "month"},
    ),
    (
        "Iran agreed to pay $50 million in compensation to Ukraine.",
        "payment",
        50e6,
        "USD",
        "IRN",
        "UKR",
        {},
    ),
    # frozen or seized assets
    (
        "The EU froze €200 billion of Russian central bank assets.",
        "frozen_assets",
        200e9,
        "EUR",
        None,
        "RUS",
        {},
    ),
    (
        "About $7 billion in Afghan reserves remain frozen in the United States.",
        "frozen_assets",
        7e9,
        "USD",
        None,
        "AFG",
        {"approximate": True},
    ),
    (
        "France seized $30 million in Russian assets in 2022.",
        "frozen_assets",
        30e6,
        "USD",
        "FRA",
        "RUS",
        {"period": "2022"},
    ),
    # deployments: troops, ships, aircraft
    (
        "Russia deployed 100,000 troops near the border with Ukraine.",
        "deployment",
        100_000,
        "count",
        "RUS",
        None,
        {"item": "troops"},
    ),
    (
        "The United States sent two aircraft carriers to the region.",
        "deployment",
        2,
        "count",
        "USA",
        None,
        {"item": "aircraft carriers"},
    ),
    (
        "Turkey stationed 12 F-35 jets in Qatar.",
        "deployment",
        12,
        "count",
        "TUR",
        "QAT",
        {"item": "jets"},
    ),
    (
        "The peacekeeping force will comprise 3,000 soldiers from Egypt.",
        "deployment",
        3_000,
        "count",
        "EGY",
        None,
        {"item": "soldiers"},
    ),
    (
        "France will send a 600-strong contingent to Mali.",
        "deployment",
        600,
        "count",
        "FRA",
        "MLI",
        {"item": "contingent"},
    ),
    (
        "China dispatched 40 warships to the strait.",
        "deployment",
        40,
        "count",
        "CHN",
        None,
        {"item": "warships"},
    ),
    # people reached by aid
    (
        "The World Food Programme delivered food aid to 2 million people in Yemen.",
        "aid_reach",
        2e6,
        "count",
        None,
        "YEM",
        {"item": "people"},
    ),
    (
        "Turkey provides shelter to 3.6 million refugees.",
        "aid_reach",
        3.6e6,
        "count",
        "TUR",
        None,
        {"item": "refugees"},
    ),
    (
        "UNICEF vaccinated 500,000 children last year.",
        "aid_reach",
        500_000,
        "count",
        None,
        None,
        {"item": "children", "period": "2021"},
    ),
    # agreement counts
    (
        "Kazakhstan and Uzbekistan signed 15 documents on Tuesday.",
        "agreement_count",
        15,
        "count",
        "KAZ",
        "UZB",
        {"item": "documents"},
    ),
    (
        "Seven memorandums of understanding were signed during the visit.",
        "agreement_count",
        7,
        "count",
        None,
        None,
        {"item": "memorandums of understanding"},
    ),
    (
        "The two leaders inked a dozen agreements.",
        "agreement_count",
        12,
        "count",
        None,
        None,
        {"item": "agreements"},
    ),
    # people and entities a measure targets
    (
        "Washington sanctioned 14 Russian officials.",
        "sanctioned",
        14,
        "count",
        "USA",
        "RUS",
        {"item": "officials"},
    ),
    (
        "The UK imposed sanctions on 30 individuals.",
        "sanctioned",
        30,
        "count",
        "GBR",
        None,
        {"item": "individuals"},
    ),
    # shares of a national or trade total
    (
        "Poland spends 4% of its GDP on defence.",
        "share",
        4,
        "percent",
        "POL",
        None,
        {"share_of": "GDP"},
    ),
    (
        "Oil accounts for 30 percent of Kazakhstan's exports.",
        "share",
        30,
        "percent",
        "KAZ",
        None,
        {"share_of": "exports"},
    ),
    (
        "NATO members pledged to spend 2% of GDP on defense.",
        "share",
        2,
        "percent",
        None,
        None,
        {"share_of": "GDP"},
    ),
    # ranges: value = high end, both ends kept
    (
        "The IMF is negotiating a loan program of $6-7 billion for Egypt.",
        "loan",
        7e9,
        "USD",
        None,
        "EGY",
        {"low": 6e9, "high": 7e9},
    ),
    (
        "The deal could bring in between $2 billion and $3 billion in investment.",
        "investment",
        3e9,
        "USD",
        None,
        None,
        {"low": 2e9, "high": 3e9},
    ),
    (
        "The mission will deploy 4,000-5,000 peacekeepers.",
        "deployment",
        5_000,
        "count",
        None,
        None,
        {"low": 4_000, "high": 5_000},
    ),
    # vague magnitudes: approximate, with the order of magnitude
    (
        "The United States has provided tens of millions of dollars in aid to Haiti.",
        "aid",
        1e7,
        "USD",
        "USA",
        "HTI",
        {"magnitude": 1e7, "approximate": True},
    ),
    (
        "China has lent billions of dollars in loans to Pakistan.",
        "loan",
        1e9,
        "USD",
        "CHN",
        "PAK",
        {"magnitude": 1e9, "approximate": True},
    ),
    (
        "Russia deployed tens of thousands of troops in Belarus.",
        "deployment",
        1e4,
        "count",
        "RUS",
        "BLR",
        {"magnitude": 1e4, "approximate": True},
    ),
    # rates with their duration, on the older kinds too
    (
        "Japan will invest $500 million annually in Uzbekistan.",
        "investment",
        500e6,
        "USD",
        "JPN",
        "UZB",
        {"per": "year"},
    ),
    (
        "India gives Nepal $100 million in aid each year.",
        "aid",
        100e6,
        "USD",
        "IND",
        None,
        {"per": "year"},
    ),
]

# Sentences with numbers no kind covers: none of them is a figure.
NOT_FIGURES = [
    "The 45-year-old minister signed the decree on 12 March 2023.",
    "The parliament voted 312 to 94 to approve the budget.",
    "The strike killed 40 soldiers near the border.",
    "Three peacekeepers were wounded when their convoy was attacked.",
    "See page 12 of the report for details.",
    "The talks lasted for 3 hours on Monday.",
    "The UN Security Council has 15 members.",
    "Turkish F-16 jets flew over the capital.",
    "The court sentenced 5 activists to 10 years in prison.",
    "Protesters gathered in 20 cities across the country.",
    "The patients paid more than $200 for each visit.",
    "Hamas released 33 hostages in the first phase.",
    "The 27-member bloc met in Brussels.",
    "About 1,500 people died in the earthquake.",
    "The agreement has 12 articles and 3 annexes.",
    "Officials discussed trade for two days.",
    "Two journalists were detained in Minsk.",
    "Inflation rose to 9% in May.",
    "The president, 71, addressed 2,000 supporters.",
    "The summit drew leaders from 40 countries.",
]

# Surfaces the new rows use beyond the shared table of conftest.py.
MORE_SURFACES: dict[str, tuple[str | None, str, str, str | None]] = {
    "Egypt": ("EGY", "state", "Egypt", None),
    "Iranian": ("IRN", "state", "Iran", None),
    "American": ("USA", "state", "United States", None),
    "Afghan": ("AFG", "state", "Afghanistan", None),
    "Poland": ("POL", "state", "Poland", None),
    "Pakistan": ("PAK", "state", "Pakistan", None),
    "Haiti": ("HTI", "state", "Haiti", None),
    "Nepal": ("NPL", "state", "Nepal", None),
    "Yemen": ("YEM", "state", "Yemen", None),
    "Belarus": ("BLR", "state", "Belarus", None),
    "Mali": ("MLI", "state", "Mali", None),
    "Iraq": ("IRQ", "state", "Iraq", None),
    "Korea": ("KOR", "state", "South Korea", None),
    "Washington": ("USA", "state", "United States", None),
    "UK": ("GBR", "state", "United Kingdom", None),
    "NATO": ("IGO", "organization", "NATO", None),
    "UNICEF": ("IGO", "organization", "UNICEF", None),
    "World Food Programme": ("IGO", "organization", "World Food Programme", None),
    "Greece": ("GRC", "state", "Greece", None),
}


@pytest.fixture(scope="module")
def kinds_of(
    extractor: FactExtractor, context_of: Callable[..., ArticleContext]
) -> Callable[..., Facts]:
    from tests.facts.conftest import SURFACES, actors_for

    surfaces = {**SURFACES, **MORE_SURFACES}

    def run(text: str, events: list[Event] | None = None) -> Facts:
        ctx = context_of(text, actors=actors_for(text, surfaces))
        return extractor.extract_context(ctx, events or [])

    return run


@pytest.mark.parametrize(("text", "kind", "value", "unit", "from_", "to", "extra"), KINDS)
def test_kind(
    kinds_of: Callable[..., Facts],
    text: str,
    kind: str,
    value: float,
    unit: str,
    from_: str | None,
    to: str | None,
    extra: dict[str, Any],
) -> None:
    figures = kinds_of(text).figures
    assert [f.kind for f in figures] == [kind], [(f.kind, f.value) for f in figures]
    (figure,) = figures
    assert (figure.value, figure.unit) == (pytest.approx(value), unit)
    assert (figure.from_, figure.to) == (from_, to)
    for field, expected in extra.items():
        if field == "duration":
            assert figure.duration is not None
            assert (figure.duration.value, figure.duration.unit) == expected
        elif field == "period":
            assert figure.period is not None and (figure.period.start or "").startswith(expected)
        elif isinstance(expected, float):
            assert getattr(figure, field) == pytest.approx(expected)
        else:
            assert getattr(figure, field) == expected, field
    assert text[figure.span[0] : figure.span[1]] in figure.text


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_a_figure(kinds_of: Callable[..., Facts], text: str) -> None:
    assert [(f.kind, f.value) for f in kinds_of(text).figures] == []


def _event(
    text: str, trigger: str, cameo: str, source: Actor | None, target: Actor | None
) -> Event:
    start = text.index(trigger)
    return Event(
        id=f"e-{cameo}",
        article_id="test",
        sentence=0,
        cameo=cameo,
        cameo_root=cameo[:2],
        quad_class=4,
        goldstein=-4.0,
        plover="SANCTION",
        source=source,
        target=target,
        trigger=TextSpan(text=trigger, span=(start, start + len(trigger))),
        evidence=TextSpan(text=text, span=(0, len(text))),
        confidence=0.8,
    )


def test_figure_links_to_its_event_and_takes_its_direction(
    kinds_of: Callable[..., Facts],
) -> None:
    from tests.facts.conftest import actors_for

    text = "Beijing hit back with tariffs on $75 billion worth of goods from the United States."
    actors = actors_for("China United States")
    china, usa = actors[0], actors[1]
    event = _event(text, "hit back", "163", china, usa)
    (figure,) = kinds_of(text, [event]).figures
    assert (figure.kind, figure.event_id) == ("trade_affected", "e-163")
    assert (figure.from_, figure.to) == ("CHN", "USA")


def test_event_of_another_clause_is_not_linked(kinds_of: Callable[..., Facts]) -> None:
    from tests.facts.conftest import actors_for

    text = (
        "Europe answered with tariffs on $12 billion of exports, while Canada imposed its own "
        "duties on steel."
    )
    canada = actors_for("Canada", {"Canada": ("CAN", "state", "Canada", None)})[0]
    event = _event(text, "imposed", "163", canada, None)
    (figure,) = kinds_of(text, [event]).figures
    assert figure.event_id is None and figure.from_ is None


def test_agreement_count_lists_the_agreements_of_its_sentence(
    kinds_of: Callable[..., Facts],
) -> None:
    text = (
        "Kazakhstan and Uzbekistan signed 12 documents, including an agreement on the "
        "demarcation of the border."
    )
    facts = kinds_of(text)
    (count,) = [f for f in facts.figures if f.kind == "agreement_count"]
    assert count.value == 12
    assert count.agreement_ids == [a.id for a in facts.agreements] and facts.agreements


def test_since_an_event_in_a_year_is_an_open_period(kinds_of: Callable[..., Facts]) -> None:
    text = "Since joining the fund in 1958, Egypt has received 20 loans from the IMF."
    (figure,) = kinds_of(text).figures
    assert figure.period is not None
    assert (figure.period.start, figure.period.kind) == ("1958-01-01", "range")
    assert figure.period.text == "Since joining the fund in 1958"


def test_data_errors_name_the_file_and_line() -> None:
    from pydantic import BaseModel

    from communique.errors import ConfigError
    from communique.facts._data import line_of, load_model

    class Wrong(BaseModel):
        symbols: int

    with pytest.raises(ConfigError) as caught:
        load_model(Wrong, "numbers.yaml")
    line = line_of("numbers.yaml", ["symbols"])
    assert line is not None and f"numbers.yaml:{line}" in str(caught.value)
    raw = (Path(__file__).parents[2] / "src/communique/facts/data/measures.yaml").read_text()
    kind_line = line_of("measures.yaml", ["measures", 0, "kind"])
    assert kind_line is not None
    assert "kind: trade_affected" in raw.splitlines()[kind_line - 1]
