"""Amounts as agency reports write them: "$ 419.7 million", "USD 1.2 bn", "€5m", "around 70".

quantulum3 misses "$ 419.7 million" (space after the sign) and price-parser misreads
"1.069 billion", so this is a small parser of our own, driven by ``data/numbers.yaml``.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from communique.facts._data import alternation, load_yaml
from communique.models import Span

#: Integers in this range written without separators, currency, scale or percent are read as
#: years ("in 2021", "2005-2021"), not counts. Calibrated on the seed and the VOA corpus, where
#: every such bare number in a figure-like sentence was a year.
YEAR_RANGE = (1800, 2100)

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,]\d)|\d+(?:\.\d+)?"


class Quantity(BaseModel):
    """One amount found in a text: absolute value, unit, and where it was written."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float
    unit: str
    """An ISO 4217 code, "percent" or "count"."""
    approximate: bool = False
    text: str
    span: Span

    @property
    def is_money(self) -> bool:
        return self.unit not in ("percent", "count")


class _Lexicon(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    symbols: dict[str, str]
    codes: list[str]
    words: dict[str, str]
    scales: list[dict[str, str | float | bool]]
    approximate_before: list[str]
    approximate_after: list[str]
    percent: list[str]
    number_words: dict[str, int]


class NumberParser:
    """Finds amounts in text. Build once (it compiles one regex from the lexicon)."""

    def __init__(self) -> None:
        lex = _Lexicon.model_validate(load_yaml("numbers.yaml"))
        self._symbols = {k.lower(): v for k, v in lex.symbols.items()}
        self._words = {k.lower(): v for k, v in lex.words.items()}
        self._codes = {c: "CNY" if c == "RMB" else c for c in lex.codes}
        self._number_words = {k.lower(): v for k, v in lex.number_words.items()}
        self._scales: dict[str, float] = {}
        loose: list[str] = []
        attached: list[str] = []
        for entry in lex.scales:
            word = str(entry["word"]).lower()
            self._scales[word] = float(entry["factor"])
            (attached if entry.get("attached") else loose).append(word)
        pct_signs = [p for p in lex.percent if not p[0].isalpha()]
        pct_words = [p for p in lex.percent if p[0].isalpha()]
        approx_words = [a for a in lex.approximate_before if a[0].isalpha()]
        approx_signs = [a for a in lex.approximate_before if not a[0].isalpha()]
        word_num = alternation(list(self._number_words))
        codes = alternation(list(self._codes))
        self._regex = re.compile(
            rf"""
            (?<![\w.,$€£¥])
            (?P<approx>(?:{alternation(approx_words)})\s+|(?:{alternation(approx_signs)})\s*)?
            (?:(?P<sym>{alternation(list(self._symbols))})\s?|(?P<code_b>(?-i:{codes}))\s?)?
            (?:(?P<num>{_DIGITS})|(?P<wnum>\b(?:{word_num})(?:-(?:{word_num}))?\b))
            (?:[\s-]*(?P<scale>{alternation(loose)})(?![A-Za-z])|(?P<ascale>{alternation(attached)})(?![A-Za-z]))?
            (?:\s*(?P<pct>{alternation(pct_signs)})
               |\s+(?P<pctw>{alternation(pct_words)})\b
               |\s+(?P<cur_w>{alternation(list(self._words))})\b
               |\s+(?P<code_a>(?-i:{codes}))\b)?
            (?P<approx_after>\s*(?:{alternation(lex.approximate_after)})\b)?
            """,
            re.IGNORECASE | re.VERBOSE,
        )

    def parse(self, text: str, offset: int = 0) -> list[Quantity]:
        """Every amount in ``text``; spans are shifted by ``offset`` (where ``text`` starts)."""
        found: list[Quantity] = []
        for m in self._regex.finditer(text):
            quantity = self._build(m, text, offset)
            if quantity is not None:
                found.append(quantity)
        return found

    def parse_one(self, text: str) -> Quantity | None:
        """The first amount in ``text``, or None."""
        found = self.parse(text)
        return found[0] if found else None

    def _build(self, m: re.Match[str], text: str, offset: int) -> Quantity | None:
        start = m.start()
        if m.group("num") and _in_numeric_range(text, m.start("num"), m.end("num")):
            return None
        value = self._value(m)
        if value is None:
            return None
        scale = (m.group("scale") or m.group("ascale") or "").lower()
        if scale:
            value *= self._scales[scale]
        if m.group("pct") or m.group("pctw"):
            unit = "percent"
        elif m.group("sym"):
            unit = self._symbols[m.group("sym").lower()]
        elif m.group("code_b") or m.group("code_a"):
            unit = self._codes[m.group("code_b") or m.group("code_a")]
        elif m.group("cur_w"):
            unit = self._words[m.group("cur_w").lower()]
        else:
            unit = "count"
        approximate = bool(m.group("approx") or m.group("approx_after"))
        raw = m.group("num") or ""
        if (
            unit == "count"
            and not scale
            and not approximate
            and raw.isdigit()
            and YEAR_RANGE[0] <= int(raw) <= YEAR_RANGE[1]
        ):
            return None
        end = m.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        return Quantity(
            value=value,
            unit=unit,
            approximate=approximate,
            text=text[start:end],
            span=(offset + start, offset + end),
        )

    def _value(self, m: re.Match[str]) -> float | None:
        if m.group("num"):
            digits = re.sub(r"[,\s\u00a0\u202f]", "", m.group("num"))
            return float(digits)
        words = m.group("wnum").lower().split("-")
        values = [self._number_words[w] for w in words]
        if len(values) == 2 and not (
            values[0] % 10 == 0 and 20 <= values[0] <= 90 and values[1] < 10
        ):
            return None  # "one-two" is not a number; "seventy-five" is
        return float(sum(values))


def _in_numeric_range(text: str, start: int, end: int) -> bool:
    """True for either side of "2005-2021" / "10-15": a range is not one amount."""
    before = text[max(0, start - 6) : start]
    after = text[end : end + 6]
    return bool(
        re.search(r"\d\s*[-–]\s*[$€£¥₸₽₹]?\s*$", before)
        or re.match(r"(?:\s*[-–]\s*[$€£¥₸₽₹]?\s*\d)", after)
    )
