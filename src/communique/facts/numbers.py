"""Amounts as agency reports write them: "$ 419.7 million", "USD 1.2 bn", "€5m", "around 70".

Also ranges ("$3 - $5 billion", "between 5,000 and 7,000"), read as one amount with its low and
high ends, and vague magnitudes ("tens of millions of dollars", "hundreds of thousands"), read as
approximate amounts with their order of magnitude.

quantulum3 misses "$ 419.7 million" (space after the sign) and price-parser misreads
"1.069 billion", so this is a small parser of our own, driven by ``data/numbers.yaml``.
"""

from __future__ import annotations

import math
import re

from pydantic import BaseModel, ConfigDict

from communique.facts._data import alternation, data_file, load_model
from communique.models import Span

#: Integers in this range written without separators, currency, scale or percent are read as
#: years ("in 2021", "2005-2021"), not counts. Calibrated on the seed and the VOA corpus, where
#: every such bare number in a figure-like sentence was a year.
YEAR_RANGE = (1800, 2100)

#: The band of a vague magnitude, as a multiple of its power of ten: "tens of millions" is
#: [1e7, 1e8). One order of magnitude, by definition of the phrase.
VAGUE_BAND = 10.0

RANGE_DASH = re.compile(r"\s*[-–—]\s*")
COMPOUND = re.compile(r"-[^\W\d_]")
MODEL_NAME = re.compile(r"[^\W\d_]-$")
RANGE_AND = re.compile(r"\s+and\s+")
RANGE_BETWEEN = re.compile(r"\bbetween\s+$", re.I)

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,]\d)|\d+(?:\.\d+)?"
#: Digits where the comma is the decimal mark and a space groups thousands ("419,7", "1,069",
#: "1 200,5"): Russian and most of continental Europe (a lexicon's ``decimal_comma``).
_DIGITS_DECIMAL_COMMA = (
    r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?![\d.,]\d)|\d+(?:[.,]\d+)?"
)


class Quantity(BaseModel):
    """One amount found in a text: absolute value, unit, and where it was written."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float
    unit: str
    """An ISO 4217 code, "percent" or "count"."""
    approximate: bool = False
    text: str
    span: Span
    low: float | None = None
    """Low end of a range or of a vague magnitude (None for a single amount)."""
    high: float | None = None
    """High end of a range (``value`` holds it too) or of a vague magnitude."""
    magnitude: float | None = None
    """Power of ten of a vague magnitude ("tens of millions": 1e7)."""

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
    vague: dict[str, float]
    vague_scales: dict[str, float]
    compound_ok: list[str]
    vague_link: str = "of"
    """The word between a vague magnitude and its scale or currency ("tens of millions");
    empty where the language joins them without one ("десятки миллионов долларов")."""
    decimal_comma: bool = False
    """The comma is the decimal mark ("419,7 млн"), a space groups thousands."""
    unit_links: list[str] = []
    """Words that may stand between a scaled amount with no currency and the next amount, whose
    currency it then takes ("5 billion and then 10 billion dollars")."""


class NumberParser:
    """Finds amounts in text. Build once (it compiles one regex from the lexicon)."""

    def __init__(self, language: str = "en") -> None:
        lex = load_model(_Lexicon, data_file("numbers", language))
        self._decimal_comma = lex.decimal_comma
        self._unit_links = frozenset(w.lower() for w in lex.unit_links)
        digits = _DIGITS_DECIMAL_COMMA if lex.decimal_comma else _DIGITS
        link = rf"\s+{re.escape(lex.vague_link)}\s+" if lex.vague_link else r"\s+"
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
        self._vague = {k.lower(): v for k, v in lex.vague.items()}
        self._vague_scales = {k.lower(): v for k, v in lex.vague_scales.items()}
        self._compound_ok = re.compile(
            rf"^-(?:{alternation(lex.compound_ok)})\b" if lex.compound_ok else r"(?!)", re.I
        )
        self._regex = re.compile(
            rf"""
            (?<![\w.,$€£¥])
            (?P<approx>(?:{alternation(approx_words)})\s+|(?:{alternation(approx_signs)})\s*)?
            (?:(?P<sym>{alternation(list(self._symbols))})\s?|(?P<code_b>(?-i:{codes}))\s?)?
            (?:\b(?P<vague>{alternation(list(self._vague))}){link}
                (?:(?P<vscale>{alternation(list(self._vague_scales))}){link})?
                (?:(?P<vcur>{alternation(list(self._words))})\b)?
              |(?P<num>{digits})|(?P<wnum>\b(?:{word_num})(?:-(?:{word_num}))?\b))
            (?:[\s-]*(?P<scale>{alternation(loose)})(?![^\W\d_])|(?P<ascale>{alternation(attached)})(?![^\W\d_]))?
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
        built: list[tuple[Quantity, bool]] = []
        for m in self._regex.finditer(text):
            quantity = self._build(m, text)
            if quantity is not None:
                built.append((quantity, bool(m.group("scale") or m.group("ascale"))))
        scaled_spans = {q.span for q, scaled in built if scaled}
        found: list[Quantity] = []
        index = 0
        while index < len(built):
            quantity, scaled = built[index]
            if index + 1 < len(built):
                pair = _as_range(text, quantity, scaled, built[index + 1][0])
                if pair is not None:
                    found.append(pair)
                    index += 2
                    continue
            if not _in_numeric_range(text, quantity.span[0], quantity.span[1]):
                found.append(quantity)
            index += 1
        found = _with_borrowed_units(text, found, scaled_spans, self._unit_links)
        return [_shifted(q, offset) for q in found]

    def parse_one(self, text: str) -> Quantity | None:
        """The first amount in ``text``, or None."""
        found = self.parse(text)
        return found[0] if found else None

    def _build(self, m: re.Match[str], text: str) -> Quantity | None:
        start = m.start()
        if m.group("vague"):
            return self._vague_amount(m, text)
        if MODEL_NAME.search(text, max(0, start - 8), start):
            return None  # a designation ("F-16", "S-400", "COVID-19"), not an amount
        if COMPOUND.match(text, m.end()) and not self._compound_ok.match(text[m.end() :]):
            return None  # a compound adjective ("a three-year loan", "the 27-member bloc")
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
            value=value, unit=unit, approximate=approximate, text=text[start:end], span=(start, end)
        )

    def _vague_amount(self, m: re.Match[str], text: str) -> Quantity:
        """ "tens of millions of dollars": approximate, low end = the least the phrase claims."""
        low = self._vague[" ".join(m.group("vague").lower().split())]
        if m.group("vscale"):
            low *= self._vague_scales[m.group("vscale").lower()]
        unit = self._words[m.group("vcur").lower()] if m.group("vcur") else "count"
        end = m.end()
        while end > m.start() and text[end - 1].isspace():
            end -= 1
        if unit == "count" and text[m.start() : end].rstrip().endswith("of"):
            end = m.start() + len(text[m.start() : end].rstrip()[:-2].rstrip())
        magnitude = 10.0 ** math.floor(math.log10(low))
        return Quantity(
            value=low,
            unit=unit,
            approximate=True,
            text=text[m.start() : end],
            span=(m.start(), end),
            low=low,
            high=magnitude * VAGUE_BAND,
            magnitude=magnitude,
        )

    def _value(self, m: re.Match[str]) -> float | None:
        if m.group("num"):
            if self._decimal_comma:
                digits = re.sub(r"[\s\u00a0\u202f]", "", m.group("num")).replace(",", ".")
            else:
                digits = re.sub(r"[,\s\u00a0\u202f]", "", m.group("num"))
            return float(digits)
        words = m.group("wnum").lower().split("-")
        values = [self._number_words[w] for w in words]
        if len(values) == 2 and not (
            values[0] % 10 == 0 and 20 <= values[0] <= 90 and values[1] < 10
        ):
            return None  # "one-two" is not a number; "seventy-five" is
        return float(sum(values))


_GAP_WORD = re.compile(r"[^\W\d_]+")


def _with_borrowed_units(
    text: str, found: list[Quantity], scaled: set[tuple[int, int]], links: frozenset[str]
) -> list[Quantity]:
    """A scaled amount with no currency ("5 млрд") takes the currency of the next amount when
    nothing but linking words stands between them ("5 млрд, а затем 10 млрд долларов США");
    "5 million people and $3 billion" keeps its count."""
    out = list(found)
    for i in range(len(out) - 1, -1, -1):
        q = out[i]
        if q.unit != "count" or q.span not in scaled or i + 1 >= len(out):
            continue
        nxt = out[i + 1]
        gap = text[q.span[1] : nxt.span[0]]
        words = _GAP_WORD.findall(gap.lower())
        if nxt.is_money and ";" not in gap and words and all(w in links for w in words):
            out[i] = q.model_copy(update={"unit": nxt.unit})
    return out


def _shifted(q: Quantity, offset: int) -> Quantity:
    return q.model_copy(update={"span": (q.span[0] + offset, q.span[1] + offset)})


def _as_range(text: str, first: Quantity, scaled: bool, second: Quantity) -> Quantity | None:
    """ "$3 - $5 billion", "5,000-7,000", "between 2 and 3 million": one amount, low and high.

    The first end takes the second's scale and unit when it has none of its own ("$3 - $5
    billion" is 6 and 8 billion). ``value`` holds the high end.
    """
    gap = text[first.span[1] : second.span[0]]
    dash = RANGE_DASH.fullmatch(gap)
    between = RANGE_AND.fullmatch(gap) and RANGE_BETWEEN.search(text[: first.span[0]])
    if not (dash or between):
        return None
    units = {first.unit, second.unit} - {"count"}
    if len(units) > 1:
        return None
    unit = units.pop() if units else "count"
    low = first.value
    if not scaled and second.value >= 1000 and low < second.value:
        factor = _scale_of(second.value, low)
        low *= factor
    if low >= second.value:
        return None
    return Quantity(
        value=second.value,
        unit=unit,
        approximate=first.approximate or second.approximate,
        text=text[first.span[0] : second.span[1]],
        span=(first.span[0], second.span[1]),
        low=low,
        high=second.value,
    )


def _scale_of(high: float, low: float) -> float:
    """The scale word of the high end applied to a bare low end ("6 - 8 billion": 1e9)."""
    for factor in (1e12, 1e9, 1e6, 1e3):
        if high >= factor and low * factor <= high and high / factor < 1000:
            return factor
    return 1.0


def _in_numeric_range(text: str, start: int, end: int) -> bool:
    """True for either side of "2005-2021" / "10-15": a range is not one amount."""
    before = text[max(0, start - 6) : start]
    after = text[end : end + 6]
    return bool(
        re.search(r"\d\s*[-–]\s*[$€£¥₸₽₹]?\s*$", before)
        or re.match(r"(?:\s*[-–]\s*[$€£¥₸₽₹]?\s*\d)", after)
    )
