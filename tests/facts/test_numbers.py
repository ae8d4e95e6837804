"""The number parser: amounts as agency reports write them (table) and open inputs (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from communique.facts.numbers import NumberParser

PARSER = NumberParser()


@pytest.mark.parametrize(
    ("text", "value", "unit", "approximate"),
    [
        ("$ 419.7 million", 419_700_000, "USD", False),
        ("$1.069 billion", 1_069_000_000, "USD", False),
        ("USD 1.2 bn", 1_200_000_000, "USD", False),
        ("EUR 5 million", 5_000_000, "EUR", False),
        ("€5m", 5_000_000, "EUR", False),
        ("3.5 trillion tenge", 3_500_000_000_000, "KZT", False),
        ("1,200", 1_200, "count", False),
        ("1.2 thousand", 1_200, "count", False),
        ("around 70", 70, "count", True),
        ("more than 100", 100, "count", True),
        ("over $2bn", 2_000_000_000, "USD", True),
        ("2.5 percent", 2.5, "percent", False),
        ("2.5%", 2.5, "percent", False),
        ("3 per cent", 3, "percent", False),
        ("US$ 300 million", 300_000_000, "USD", False),
        ("US$2.5bn", 2_500_000_000, "USD", False),
        ("5 billion US dollars", 5_000_000_000, "USD", False),
        ("RMB 3 billion", 3_000_000_000, "CNY", False),
        ("£40m", 40_000_000, "GBP", False),
        ("₸ 12 billion", 12_000_000_000, "KZT", False),
        ("150 billion rubles", 150_000_000_000, "RUB", False),
        ("1 200 enterprises", 1_200, "count", False),
        ("seventy-five", 75, "count", False),
        ("nearly $11 million", 11_000_000, "USD", True),
        ("a $1.2-billion loan", 1_200_000_000, "USD", False),
        ("100 or so", 100, "count", True),
        ("JPY 20 bln", 20_000_000_000, "JPY", False),
        ("4.8 mln tons", 4_800_000, "count", False),
        ("some 2,500 companies", 2_500, "count", True),
        ("up to 10%", 10, "percent", True),
    ],
)
def test_amounts(text: str, value: float, unit: str, approximate: bool) -> None:
    found = PARSER.parse_one(text)
    assert found is not None
    assert found.value == pytest.approx(value)
    assert (found.unit, found.approximate) == (unit, approximate)


@pytest.mark.parametrize(
    "text",
    ["in 2021", "during 2005-2021", "since 1992", "Kazakh-Belgian", "no numbers here", "F-16 jets",
     "a three-year plan", "the 27-member bloc", "COVID-19"],
)
def test_not_amounts(text: str) -> None:
    assert PARSER.parse(text) == []


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("$3 - $5 billion", 3e9, 5e9, "USD"),
        ("10-15", 10, 15, "count"),
        ("2-3 billion dollars", 2e9, 3e9, "USD"),
        ("between 5,000 and 7,000", 5_000, 7_000, "count"),
        ("€1.5bn–€2bn", 1.5e9, 2e9, "EUR"),
        ("20-25%", 20, 25, "percent"),
    ],
)
def test_ranges_keep_both_ends(text: str, low: float, high: float, unit: str) -> None:
    (found,) = PARSER.parse(text)
    assert (found.low, found.high, found.unit) == (pytest.approx(low), pytest.approx(high), unit)
    assert found.value == found.high


@pytest.mark.parametrize(
    ("text", "low", "magnitude", "unit"),
    [
        ("tens of millions of dollars", 1e7, 1e7, "USD"),
        ("hundreds of thousands", 1e5, 1e5, "count"),
        ("billions of euros", 1e9, 1e9, "EUR"),
        ("thousands", 1e3, 1e3, "count"),
        ("dozens", 24, 10, "count"),
    ],
)
def test_vague_magnitudes(text: str, low: float, magnitude: float, unit: str) -> None:
    (found,) = PARSER.parse(f"{text} of troops" if unit == "count" else text)
    assert found.approximate
    assert (found.value, found.magnitude, found.unit) == (low, magnitude, unit)
    assert found.high == pytest.approx(magnitude * 10)


def test_spans_point_at_the_amount() -> None:
    text = "In 2021, bilateral trade turnover was $ 419.7 million."
    (found,) = PARSER.parse(text, offset=100)
    assert text[found.span[0] - 100 : found.span[1] - 100] == "$ 419.7 million"


@given(
    st.floats(min_value=0.01, max_value=999.99, allow_nan=False).map(lambda v: round(v, 2)),
    st.sampled_from([("million", 1e6), ("billion", 1e9), ("bn", 1e9), ("thousand", 1e3)]),
    st.sampled_from([("$", "USD"), ("€", "EUR"), ("£", "GBP")]),
    st.sampled_from(["", " "]),
)
def test_any_currency_amount(
    value: float, scale: tuple[str, float], sign: tuple[str, str], space: str
) -> None:
    text = f"reached {sign[0]}{space}{value:g} {scale[0]} last year"
    found = PARSER.parse_one(text)
    assert found is not None
    assert found.unit == sign[1]
    assert found.value == pytest.approx(value * scale[1])


@given(st.text(max_size=200))
def test_never_crashes_and_spans_are_inside(text: str) -> None:
    for found in PARSER.parse(text):
        assert 0 <= found.span[0] < found.span[1] <= len(text)
        assert found.value >= 0
