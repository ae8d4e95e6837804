"""Date phrases -> `ResolvedDate`, relative to the publication date.

Our own grammar first, for what dateparser returns None or wrong for (bare years, ranges,
quarters, halves, "on Tuesday" on a Tuesday, day-months across a new year), then dateparser 1.5
(``languages=['en']``, ``RELATIVE_BASE`` = publication date) for the rest, but only for phrases
of date vocabulary anchored in time: dateparser reads ages, counts and durations ("40",
"three years") as dates. Anything neither can place is ``kind="unresolved"`` with a reason: the
resolver never passes the publication date off as the date of a phrase (the situator's
publication fallback says what it is).

Conventions: a single day has ``start`` only; a period (week, month, quarter, year) and a true
range have ``start`` and ``end`` (inclusive). Weeks run Monday-Sunday (ISO 8601).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from communique.datafiles import read_yaml
from communique.errors import ConfigError
from communique.models import Article, DateKind, Granularity, ResolvedDate, Tense
from communique.resolve.russian import CYRILLIC, day_first_numeric, to_grammar

#: Distinct (phrase, publication date, tense) keys kept. The 89 VOA stories hold about 1.1k
#: distinct DATE entity texts, so a batch of tens of thousands of articles fits without churn.
DATE_CACHE_SIZE = 65_536

#: Four-digit numbers outside this span are not read as years ("1500 troops" is not a date);
#: diplomatic news dates nothing before the 16th century or after the 23rd.
MIN_YEAR, MAX_YEAR = 1500, 2299

#: Weekday offsets that "Tuesday" may reach back (past) or forward (future): one week.
DAYS_PER_WEEK = 7
#: Weekday (Monday 0) of a publication whose "last week" is the week it ends: wire and paper
#: style on a Sunday calls the week just ending "last week" and the one starting Monday "this
#: week"; on other days "last week" is the calendar week before.
WEEK_ENDING_DAY = 6

NEEDS_PUBLISHED = "a relative date needs the publication date, and the article has none"

#: Refusals of phrases that name no time at all: numbers (an age, "Omarov, 40"), counts and
#: quantities ("40 people", "2000 troops"), durations ("three years", "a five-year term") and
#: words nobody reads as a date. An event with only such a phrase is as undated as one with
#: none (see `names_no_time`); other refusals ("by 2030", "in recent years", "two days later")
#: are statements about the event's time that the resolver cannot place.
NOT_A_DATE = "names no point in time (a number, a duration, an age, a count or a quantity)"
UNREADABLE = "not a date phrase communique or dateparser can read"
DATEPARSER_PUBLICATION = "dateparser could only read it as the publication date"
IMPLAUSIBLE = "dateparser's reading falls outside plausible years"
ANAPHORIC = "counts from another date of the story, not from publication"
CLOCK_ONLY = "a time of day without its day"

_SILENT = (NOT_A_DATE, UNREADABLE, DATEPARSER_PUBLICATION, IMPLAUSIBLE, CLOCK_ONLY)

#: Tokens dateparser may see besides words: numbers, clock times, numeric dates.
#: Units that a count turns into a length of time ("three years", "46 days").
DURATION_UNITS = frozenset(
    {"day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades"}
)
_NUMERIC = re.compile(r"\d+(?::\d+)?|\d{1,2}/\d{1,2}(?:/\d{2,4})?")
_NUMERIC_DATE = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?")


def names_no_time(date: ResolvedDate) -> bool:
    """True when `date` refuses a phrase that says nothing about when (an age, a count, a
    duration, an unreadable phrase), as opposed to a time statement the resolver cannot place."""
    return date.kind == "unresolved" and date.reason.startswith(_SILENT)


@dataclass(frozen=True)
class _Words:
    """The vocabulary of data/date_words.yaml."""

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    ordinals: dict[str, int]
    relative: dict[str, int]
    leading_words: tuple[str, ...]
    approximators: tuple[str, ...]
    bounds: tuple[str, ...]
    present: frozenset[str]
    vague: frozenset[str]
    times_of_day: tuple[str, ...]
    parts: dict[str, dict[str, tuple[int, int]]]
    dateparser_words: frozenset[str]
    anchors: frozenset[str]
    anaphoric: frozenset[str]
    few_units: dict[str, int]
    anaphoric_days: dict[str, int]
    period_prepositions: frozenset[str]


@lru_cache(maxsize=1)
def date_words() -> _Words:
    """Load the date vocabulary once per process (shipped file + the user's overlay)."""
    return load_date_words()


def load_date_words(data_dir: Path | None = None) -> _Words:
    """Read and check data/date_words.yaml (with the overlay in `data_dir`, else the
    settings' data directory); a malformed file is a ConfigError that names it."""
    raw = read_yaml("resolve", "date_words.yaml", data_dir=data_dir)
    try:
        return _words(raw)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ConfigError(
            f"resolve/data/date_words.yaml (or its overlay in COMMUNIQUE_DATA_DIR): a list or "
            f"mapping is missing or malformed ({type(exc).__name__}: {exc})",
            hint="compare it with the shipped file: words map to numbers, lists hold strings",
        ) from exc


def _words(raw: dict[str, Any]) -> _Words:
    return _Words(
        months={str(k): int(v) for k, v in raw["months"].items()},
        weekdays={str(k): int(v) for k, v in raw["weekdays"].items()},
        numbers={str(k): int(v) for k, v in raw["numbers"].items()},
        ordinals={str(k): int(v) for k, v in raw["ordinals"].items()},
        relative={str(k): int(v) for k, v in raw["relative"].items()},
        leading_words=tuple(sorted(raw["leading_words"], key=len, reverse=True)),
        approximators=tuple(sorted(raw["approximators"], key=len, reverse=True)),
        bounds=tuple(raw["bounds"]),
        present=frozenset(raw["present"]),
        vague=frozenset(raw["vague"]),
        times_of_day=tuple(raw["times_of_day"]),
        parts={
            str(k): {
                "months": (int(v["months"][0]), int(v["months"][1])),
                "days": (int(v["days"][0]), int(v["days"][1])),
            }
            for k, v in raw["parts"].items()
        },
        dateparser_words=frozenset(raw["dateparser_words"]),
        anchors=frozenset(raw["anchors"]),
        anaphoric=frozenset(raw["anaphoric_words"]),
        few_units={str(k): int(v) for k, v in raw["few_units"].items()},
        anaphoric_days={str(k): int(v) for k, v in raw["anaphoric_days"].items()},
        period_prepositions=frozenset(raw["period_prepositions"]),
    )


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# --- calendar helpers ---------------------------------------------------------------------------


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class _Ctx:
    """One resolution: the original phrase, its anchor and how sure the phrase itself is."""

    text: str
    published: dt.date | None
    tense: Tense
    approximate: bool = False

    @property
    def forward(self) -> bool:
        """Future events look forward from publication; past and present ones look back."""
        return self.tense == "future"

    def make(
        self,
        start: dt.date,
        end: dt.date | None,
        granularity: Granularity,
        kind: DateKind,
        reason: str,
    ) -> ResolvedDate:
        if self.approximate and kind == "exact":
            kind = "approximate"
        return ResolvedDate(
            start=start.isoformat(),
            end=end.isoformat() if end is not None and end != start else None,
            granularity=granularity,
            kind=kind,
            text=self.text,
            reason=reason,
        )

    def day(self, day: dt.date, reason: str, kind: DateKind = "exact") -> ResolvedDate:
        return self.make(day, None, "day", kind, reason)

    def year(self, year: int, reason: str, kind: DateKind = "exact") -> ResolvedDate:
        return self.make(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", kind, reason)

    def month(self, year: int, month: int, reason: str, kind: DateKind = "exact") -> ResolvedDate:
        return self.make(dt.date(year, month, 1), _month_end(year, month), "month", kind, reason)

    def week(self, day: dt.date, reason: str, kind: DateKind = "exact") -> ResolvedDate:
        start = _week_start(day)
        return self.make(start, start + dt.timedelta(days=6), "week", kind, reason)

    def quarter(self, year: int, quarter: int, reason: str) -> ResolvedDate:
        first = 3 * (quarter - 1) + 1
        return self.make(
            dt.date(year, first, 1), _month_end(year, first + 2), "quarter", "exact", reason
        )

    def unresolved(self, reason: str) -> ResolvedDate:
        return ResolvedDate(text=self.text, reason=reason)


def _infer_year(ctx: _Ctx, first: dt.date, last: dt.date, what: str) -> tuple[int, str]:
    """The year of a yearless period (``first``/``last`` given in the publication year).

    Past events: the latest such period that has begun by publication; future events: the
    earliest that has not ended by publication.
    """
    assert ctx.published is not None
    year = ctx.published.year
    if ctx.forward:
        if last < ctx.published:
            return year + 1, f"{what} without a year: the next one after publication ({year + 1})"
        return year, f"{what} without a year: the publication year ({year})"
    if first > ctx.published:
        return year - 1, f"{what} without a year: it would fall after publication, so {year - 1}"
    return year, f"{what} without a year: the publication year ({year})"


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


Parser = Callable[[re.Match[str], _Ctx], ResolvedDate | None]


class _Grammar:
    """The phrase patterns, compiled once from the vocabulary."""

    def __init__(self, words: _Words) -> None:
        self.words = words
        m = f"(?:{_alt(words.months)})"
        wd = f"(?:{_alt(words.weekdays)})"
        num = rf"(?:\d+|{_alt(words.numbers)})"
        ordinal = rf"(?:[1-4]|{_alt(words.ordinals)})"
        rel = f"(?:{_alt(words.relative)})"
        part = f"(?:{_alt(words.parts)})"
        y = r"\d{4}"
        d = r"\d{1,2}"
        sep = r"(?:-| to | through | until | and )"
        tod = f"(?: (?:{_alt(words.times_of_day)}))?"
        wd_prefix = f"(?:{wd} )?"
        self.times_of_day = re.compile(f" (?:{_alt(words.times_of_day)})$")
        specs: list[tuple[str, Parser]] = [
            (r"(?P<outer>.+?) ?\((?P<inner>[^()]+)\)", self._parenthesised),
            (r"since (?P<rest>.+)", self._since),
            (r"(?P<word>today|yesterday|tomorrow)", self._deictic_day),
            (rf"(?P<count>\d[\d ]*) (?P<rest>{rel} .+)", self._leading_count),
            (r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})", self._iso),
            (rf"(?:from |between )?(?P<y1>{y}){sep}(?P<y2>{y}|\d{{2}})", self._year_range),
            (
                rf"(?:from |between )?(?P<m>{m}) (?P<d1>{d}){sep}(?P<d2>{d})(?: (?P<y>{y}))?",
                self._day_range,
            ),
            (
                rf"(?:from |between )?(?:the )?(?P<d1>{d}){sep}(?P<d2>{d}) (?:of )?(?P<m>{m})"
                rf"(?: (?P<y>{y}))?",
                self._day_range,
            ),
            (
                rf"(?:from |between )?(?P<m1>{m})(?: (?P<y1>{y}))?{sep}(?P<m2>{m})"
                rf"(?: (?P<y2>{y}))?",
                self._month_range,
            ),
            (r"(?:the )?(?P<decade>\d{3}0)'?s", self._decade),
            (
                rf"(?:q(?P<qn>[1-4])|(?:the )?(?P<qw>{ordinal}) quarter)(?: of)?(?: (?P<rest>.+))?",
                self._quarter,
            ),
            (
                r"(?:h(?P<hn>[12])|(?:the )?(?P<hw>first|second|1|2) half)(?: of)?"
                r"(?: (?P<rest>.+))?",
                self._half,
            ),
            (
                rf"(?:the )?first (?P<n>{num}) months(?: of)?(?: (?P<rest>.+))?",
                self._first_months,
            ),
            (
                rf"(?:the )?(?:past|last) (?P<n>{num}) (?P<unit>day|week|month|year|decade)s",
                self._window,
            ),
            (r"(?:the )?past (?P<unit>week|month|year|decade)", self._window),
            (
                r"(?:the )?(?P<dir>past|last|coming|next) (?:few|couple of|several) "
                r"(?P<unit>day|week|month|year)s",
                self._few,
            ),
            (r"(?:the )?(?P<dir>coming) (?P<unit>day|week|month|year)s", self._few),
            (rf"(?:(?P<rel>{rel}) |the )?weekend", self._weekend),
            (r"(?P<when>earlier|later) in (?:the )?(?P<rest>.+)", self._earlier_in),
            (
                rf"(?:(?:for|over|within) )?(?:the )?(?P<ahead>next|coming) (?P<n>{num}) "
                r"(?P<unit>day|week|month|year|decade)s",
                self._ahead,
            ),
            (rf"for (?P<n>{num}) (?P<unit>day|week|month|year|decade)s?", self._ahead),
            (
                rf"(?:the )?(?P<rel>{rel}) (?P<fiscal>fiscal|financial|budget) (?P<unit>year)",
                self._relative_unit,
            ),
            (
                rf"(?:(?P<rel>{rel}) )?(?:(?:early|late) )?(?P<wd>{wd}){tod}",
                self._weekday,
            ),
            (rf"(?:the )?(?P<rel>{rel}) (?P<unit>week|month|quarter|year)", self._relative_unit),
            (
                r"(?P<when>earlier|later) (?P<rel>this) (?P<unit>week|month|year)",
                self._relative_unit,
            ),
            (
                rf"(?P<n>{num}) (?P<unit>day|week|month|year|decade)s? ago",
                self._ago,
            ),
            (
                rf"(?:the )?(?P<part>{part})(?:-| of | )(?:the )?(?P<rest>.+)",
                self._part,
            ),
            (
                rf"(?P<rest>(?:{rel} )?(?:(?:early|late) )?{wd}{tod}) (?P<n>\d+)",
                self._weekday_number,
            ),
            (
                rf"{wd_prefix}(?P<m>{m}) (?P<d>{d}) (?:of )?(?P<rel>{rel}) year",
                self._relative_year_date,
            ),
            (
                rf"{wd_prefix}(?:the )?(?P<d>{d}) (?:of )?(?P<m>{m}) (?:of )?(?P<rel>{rel}) year",
                self._relative_year_date,
            ),
            (rf"(?P<m>{m}) (?:of )?(?P<rel>{rel}) year", self._relative_year_date),
            (rf"{wd_prefix}(?P<m>{m}) (?P<d>{d}) (?P<y>{y})", self._full_date),
            (rf"{wd_prefix}(?:the )?(?P<d>{d}) (?:of )?(?P<m>{m}) (?P<y>{y})", self._full_date),
            (rf"{wd_prefix}(?P<m>{m}) (?P<d>{d})", self._day_month),
            (rf"{wd_prefix}(?:the )?(?P<d>{d}) (?:of )?(?P<m>{m})", self._day_month),
            (rf"(?P<m>{m}) (?:of )?(?P<y>{y})", self._month_year),
            (rf"(?:(?P<rel>{rel}) )?(?P<m>{m})", self._month_alone),
            (rf"(?:the )?(?:year )?(?P<y>{y})", self._year),
        ]
        self.rules = [(re.compile(pattern), parser) for pattern, parser in specs]
        singles = {part for phrase in words.relative for part in phrase.split()}
        self.anchor_words = (
            frozenset(words.months) | frozenset(words.weekdays) | words.anchors | singles
        )
        self.vocabulary = self.anchor_words | words.dateparser_words | {
            part
            for group in (
                words.numbers, words.ordinals, words.leading_words, words.approximators,
                words.times_of_day, words.parts,
            )
            for phrase in group
            for part in phrase.split()
        }
        self.year_ref = re.compile(rf"(?:(?P<y>{y})|(?:the )?(?:(?P<rel>{rel}) )?year)")

    # --- entry point ---------------------------------------------------------------------------

    def parse(self, phrase: str, ctx: _Ctx) -> ResolvedDate | None:
        """Our own reading of a normalised phrase, or None to hand it to dateparser."""
        for pattern, parser in self.rules:
            match = pattern.fullmatch(phrase)
            if match is not None:
                result = parser(match, ctx)
                if result is not None:
                    return result
        return None

    def resolve_inner(self, phrase: str, ctx: _Ctx) -> ResolvedDate:
        """Resolve a sub-phrase (inside parentheses, after "since") through the full resolver."""
        return _resolve(phrase, ctx.published, ctx.tense)

    def dateparser_refusal(self, text: str) -> str | None:
        """Why dateparser may not see a phrase our grammar did not read, or None when it may.

        It may see only date vocabulary and digits, anchored by a month, a weekday, a deictic
        or relative word, "ago", a plausible four-digit year or a numeric date: it reads "40"
        as 1940, "three years" as three years ago and "45 years old" as a day, and none of
        those names a time. Phrases that count from another date of the story ("two days
        later") are refused as anaphoric.
        """
        tokens = text.replace("-", " ").split()
        known = self.vocabulary | self.words.anaphoric
        if not all(t in known or _NUMERIC.fullmatch(t) for t in tokens):
            return NOT_A_DATE
        if any(t in self.words.anaphoric for t in tokens):
            return ANAPHORIC
        if "ago" not in tokens and any(
            (_NUMERIC.fullmatch(t) or t in self.words.numbers) and u in DURATION_UNITS
            for t, u in pairwise(tokens)
        ):
            # a count of units without "ago" is a length of time ("46 years this week"), which
            # dateparser would read as an offset back from publication
            return NOT_A_DATE
        anchored = any(
            t in self.anchor_words
            or _NUMERIC_DATE.fullmatch(t)
            or (len(t) == 4 and t.isdigit() and self._check_year(int(t)))
            for t in tokens
        )
        return None if anchored else NOT_A_DATE

    # --- helpers -------------------------------------------------------------------------------

    def _number(self, text: str) -> int:
        return int(text) if text.isdigit() else self.words.numbers[text]

    def _month(self, text: str) -> int:
        return self.words.months[text]

    def _year_of(self, rest: str | None, ctx: _Ctx) -> tuple[int | None, str] | None:
        """Read "2022", "this year", "last year", "the year" after a period word.

        Returns (year, how) with year None when no year is given, or None when `rest` is not a
        year reference at all.
        """
        if not rest:
            return None, ""
        match = self.year_ref.fullmatch(rest)
        if match is None:
            return None
        if match["y"]:
            return int(match["y"]), ""
        if ctx.published is None:
            return None
        offset = self.words.relative[match["rel"]] if match["rel"] else 0
        return ctx.published.year + offset, f"'{rest}' counted from publication"

    def _check_year(self, year: int) -> bool:
        return MIN_YEAR <= year <= MAX_YEAR

    # --- rules ---------------------------------------------------------------------------------

    def _parenthesised(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        inner = self.resolve_inner(match["inner"], ctx)
        if inner.kind == "exact":
            return inner.model_copy(
                update={
                    "text": ctx.text,
                    "reason": f"the exact date in parentheses wins: {inner.reason}",
                }
            )
        outer = self.resolve_inner(match["outer"], ctx)
        return outer.model_copy(update={"text": ctx.text}) if outer.kind != "unresolved" else None

    def _since(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        if ctx.published is None:
            return ctx.unresolved(f"'since' runs up to publication: {NEEDS_PUBLISHED}")
        origin = self.resolve_inner(match["rest"], ctx)
        if origin.start is None or origin.granularity is None:
            return None
        start = dt.date.fromisoformat(origin.start)
        if start > ctx.published:
            return ctx.unresolved("'since' a date after publication")
        return ctx.make(
            start,
            ctx.published,
            origin.granularity,
            "range",
            f"from {origin.start} ({origin.reason}) up to publication",
        )

    def _leading_count(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        """ "300 last year": a count the entity swallowed before a relative date."""
        rest = self.resolve_inner(match["rest"], ctx)
        if rest.kind == "unresolved":
            return None
        reason = f"'{match['count']}' is a count, not part of the date: {rest.reason}"
        return rest.model_copy(update={"text": ctx.text, "reason": reason})

    def _deictic_day(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate:
        if ctx.published is None:
            return ctx.unresolved(NEEDS_PUBLISHED)
        offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[match["word"]]
        return ctx.day(
            ctx.published + dt.timedelta(days=offset),
            f"'{match['word']}' counted from publication",
        )

    def _iso(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        day = _safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
        return ctx.day(day, "ISO 8601 date") if day else ctx.unresolved("not a calendar date")

    def _year_range(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        first = int(match["y1"])
        second_text = match["y2"]
        second = int(second_text)
        if len(second_text) == 2:  # "2005-21"
            second += first // 100 * 100
        if not (self._check_year(first) and self._check_year(second)) or second <= first:
            return None
        return ctx.make(
            dt.date(first, 1, 1), dt.date(second, 12, 31), "year", "range", "range of years"
        )

    def _day_range(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        month = self._month(match["m"])
        d1, d2 = int(match["d1"]), int(match["d2"])
        if d2 <= d1:
            return None
        if match["y"]:
            year, how = int(match["y"]), "range of days"
        else:
            if ctx.published is None:
                return ctx.unresolved(NEEDS_PUBLISHED)
            first = _safe_date(ctx.published.year, month, d1)
            last = _safe_date(ctx.published.year, month, d2)
            if first is None or last is None:
                return ctx.unresolved("not a calendar date")
            year, how = _infer_year(ctx, first, last, "range of days")
        start, end = _safe_date(year, month, d1), _safe_date(year, month, d2)
        if start is None or end is None:
            return ctx.unresolved("not a calendar date")
        return ctx.make(start, end, "day", "range", how)

    def _month_range(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        m1, m2 = self._month(match["m1"]), self._month(match["m2"])
        y1 = int(match["y1"]) if match["y1"] else None
        y2 = int(match["y2"]) if match["y2"] else None
        how = "range of months"
        if y2 is None and y1 is not None:
            y2 = y1 if m2 >= m1 else y1 + 1
        if y2 is None:
            if ctx.published is None:
                return ctx.unresolved(NEEDS_PUBLISHED)
            pub_year = ctx.published.year
            start_this = dt.date(pub_year if m1 <= m2 else pub_year - 1, m1, 1)
            y2, how = _infer_year(ctx, start_this, _month_end(pub_year, m2), "range of months")
        if y1 is None:
            y1 = y2 if m1 <= m2 else y2 - 1
        start, end = dt.date(y1, m1, 1), _month_end(y2, m2)
        if end <= start:
            return None
        return ctx.make(start, end, "month", "range", how)

    def _decade(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        first = int(match["decade"])
        if not self._check_year(first):
            return None
        return ctx.make(dt.date(first, 1, 1), dt.date(first + 9, 12, 31), "year", "range", "decade")

    def _quarter(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        number = match["qn"] or match["qw"]
        quarter = int(number) if number.isdigit() else self.words.ordinals[number]
        if not 1 <= quarter <= 4:
            return None
        first = 3 * (quarter - 1) + 1
        year = self._year_of_months(first, first + 2, match["rest"], ctx, "quarter")
        if not isinstance(year, tuple):
            return year
        return ctx.quarter(year[0], quarter, year[1] or f"quarter {quarter} of {year[0]}")

    def _year_of_months(
        self, first: int, last: int, rest: str | None, ctx: _Ctx, what: str
    ) -> tuple[int, str] | ResolvedDate | None:
        """The year (and how it was read) of months `first`..`last`: the one `rest` names, else
        the one inferred from publication. A ResolvedDate or None ends the rule early: no
        publication date to count from, or `rest` is not a year reference."""
        year_ref = self._year_of(rest, ctx)
        if year_ref is None:
            return None if ctx.published is not None else ctx.unresolved(NEEDS_PUBLISHED)
        year, how = year_ref
        if year is not None:
            return year, how
        if ctx.published is None:
            return ctx.unresolved(NEEDS_PUBLISHED)
        pub_year = ctx.published.year
        period = (dt.date(pub_year, first, 1), _month_end(pub_year, last))
        return _infer_year(ctx, *period, what)

    def _months_of(
        self, first: int, last: int, rest: str | None, ctx: _Ctx, what: str
    ) -> ResolvedDate | None:
        """Months `first`..`last` of the year `rest` names (or of the inferred year)."""
        year = self._year_of_months(first, last, rest, ctx, what)
        if not isinstance(year, tuple):
            return year
        return ctx.make(
            dt.date(year[0], first, 1), _month_end(year[0], last), "month", "range", year[1] or what
        )

    def _half(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        half = match["hn"] or match["hw"]
        first = 1 if half in ("1", "first") else 7
        return self._months_of(first, first + 5, match["rest"], ctx, "half year")

    def _first_months(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        count = self._number(match["n"])
        if not 1 <= count <= 12:
            return None
        return self._months_of(1, count, match["rest"], ctx, f"first {count} months")

    def _window(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        """ "the past two years": the stretch of time up to publication."""
        if ctx.published is None:
            return ctx.unresolved(NEEDS_PUBLISHED)
        number = match.groupdict().get("n")
        count = self._number(number) if number else 1
        unit = match["unit"]
        if unit == "day":
            start = ctx.published - dt.timedelta(days=count)
        elif unit == "week":
            start = ctx.published - dt.timedelta(weeks=count)
        else:
            months = count * {"month": 1, "year": 12, "decade": 120}[unit]
            start = _add_months(ctx.published, -months)
        granularity: Granularity = "day" if unit in ("day", "week") else "month"
        if unit in ("year", "decade"):
            granularity = "year"
        return ctx.make(
            start, ctx.published, granularity, "approximate", "a stretch of time up to publication"
        )

    def _few(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        """ "the coming days", "the past few weeks": an approximate stretch of
        ``few_units[unit]`` units after (coming/next) or before (past/last) publication."""
        if ctx.published is None:
            return ctx.unresolved(NEEDS_PUBLISHED)
        unit = match["unit"]
        count = self.words.few_units[unit]
        pub = ctx.published
        forward = match["dir"] in ("coming", "next")
        sign = 1 if forward else -1
        if unit in ("day", "week"):
            days = count * (7 if unit == "week" else 1)
            edge = pub + dt.timedelta(days=sign * days)
        else:
            edge = _add_months(pub, sign * count * (12 if unit == "year" else 1))
        granularity: Granularity = "year" if unit == "year" else "month"
        if unit in ("day", "week"):
            granularity = "day"
        start, end = (pub + dt.timedelta(days=1), edge) if forward else (edge, pub)
        side = "after" if forward else "up to"
        how = f"about {count} {unit}s {side} publication ('{match.group(0)}')"
        return ctx.make(start, end, granularity, "approximate", how)

    def _weekend(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate:
        """ "over the weekend", "last weekend": the Saturday and Sunday meant."""
        if ctx.published is None:
            return ctx.unresolved(NEEDS_PUBLISHED)
        pub = ctx.published
        rel = self.words.relative[match["rel"]] if match["rel"] else None
        saturday = _week_start(pub) + dt.timedelta(days=5)  # of the publication week
        if rel == 1 or (rel is None and ctx.forward):
            saturday += dt.timedelta(weeks=1) if saturday <= pub else dt.timedelta()
        elif rel == -1 or (rel is None and saturday > pub):
            saturday -= dt.timedelta(weeks=1)
        how = "the weekend " + ("after" if saturday > pub else "up to") + " publication"
        return ctx.make(saturday, saturday + dt.timedelta(days=1), "day", "range", how)

    def _earlier_in(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        """ "earlier in December", "later in the week": the period named, approximately."""
        rest = match["rest"]
        if rest in ("week", "month", "year"):
            rest = f"this {rest}"
        whole = self.resolve_inner(rest, ctx)
        if whole.kind == "unresolved":
            return None
        reason = f"'{match['when']}' in {whole.reason}"
        kind: DateKind = "approximate" if whole.kind == "exact" else whole.kind
        return whole.model_copy(update={"text": ctx.text, "kind": kind, "reason": reason})
    def _ahead(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        """ "over the next five years", "for 99 years" (of a future act): from publication on.

        A bare "for N years" places nothing on a calendar unless the act lies ahead.
        """
        if not match.groupdict().get("ahead") and not ctx.forward:
            return None
        if ctx.published is None:
            return ctx.unresolved(NEEDS_PUBLISHED)
        count = self._number(match["n"])
        unit = match["unit"]
        if unit in ("day", "week"):
            end = ctx.published + dt.timedelta(days=count * (7 if unit == "week" else 1))
        else:
            end = _add_months(ctx.published, count * {"month": 1, "year": 12, "decade": 120}[unit])
        granularity: Granularity = "day" if unit in ("day", "week") else "month"
        if unit in ("year", "decade"):
            granularity = "year"
        return ctx.make(
            ctx.published, end, granularity, "approximate", "a stretch of time from publication"
        )

    def _weekday(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate:
        if ctx.published is None:
            return ctx.unresolved(NEEDS_PUBLISHED)
        target = self.words.weekdays[match["wd"]]
        pub = ctx.published
        rel = self.words.relative[match["rel"]] if match["rel"] else None
        back = (pub.weekday() - target) % DAYS_PER_WEEK
        ahead = (target - pub.weekday()) % DAYS_PER_WEEK
        if rel == 0:
            day = _week_start(pub) + dt.timedelta(days=target)
            how = "that day of the publication week"
        elif rel == -1:
            day = pub - dt.timedelta(days=back or DAYS_PER_WEEK)
            how = "the last such weekday before publication"
        elif rel == 1:
            day = pub + dt.timedelta(days=ahead or DAYS_PER_WEEK)
            how = "the next such weekday after publication"
        elif ctx.forward:
            day = pub + dt.timedelta(days=ahead or DAYS_PER_WEEK)
            how = "the next such weekday after publication (future event)"
        else:
            day = pub - dt.timedelta(days=back)
            how = "the latest such weekday on or before publication"
        return ctx.day(day, how)

    def _weekday_number(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        """ "Thursday 30": the 30th when that day is the Thursday meant; otherwise the number
        is a count the entity swallowed ("on Thursday 30 passengers tested positive")."""
        day = self.resolve_inner(match["rest"], ctx)
        if day.start is None:
            return None
        if int(day.start[8:]) == int(match["n"]):
            return day.model_copy(update={"text": ctx.text})
        reason = f"'{match['n']}' is a count, not the day of the month: {day.reason}"
        return day.model_copy(update={"text": ctx.text, "reason": reason})

    def _relative_unit(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate:
        if ctx.published is None:
            return ctx.unresolved(NEEDS_PUBLISHED)
        offset = self.words.relative[match["rel"]]
        unit = match["unit"]
        pub = ctx.published
        # "earlier this year" is a part of it; a fiscal year need not match the calendar one
        vague = match.groupdict().get("when") or match.groupdict().get("fiscal")
        kind: DateKind = "approximate" if vague else "exact"
        how = f"'{match.group(0)}' counted from publication"
        if unit == "week":
            if offset == -1 and pub.weekday() == WEEK_ENDING_DAY:
                how += " (a Sunday story's last week is the week it ends)"
                return ctx.week(pub, how, kind)
            return ctx.week(pub + dt.timedelta(weeks=offset), how, kind)
        if unit == "month":
            shifted = _add_months(pub.replace(day=1), offset)
            return ctx.month(shifted.year, shifted.month, how, kind)
        if unit == "quarter":
            index = pub.year * 4 + (pub.month - 1) // 3 + offset
            return ctx.quarter(index // 4, index % 4 + 1, how)
        return ctx.year(pub.year + offset, how, kind)

    def _ago(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        if ctx.published is None:
            return ctx.unresolved(NEEDS_PUBLISHED)
        count = self._number(match["n"])
        unit = match["unit"]
        pub = ctx.published
        how = f"{count} {unit}(s) before publication"
        if unit == "day":
            return ctx.day(pub - dt.timedelta(days=count), how)
        if unit == "week":
            return ctx.week(pub - dt.timedelta(weeks=count), how, "approximate")
        if unit == "month":
            shifted = _add_months(pub, -count)
            return ctx.month(shifted.year, shifted.month, how, "approximate")
        years = count * (10 if unit == "decade" else 1)
        if not self._check_year(pub.year - years):
            return None
        return ctx.year(pub.year - years, how, "approximate")

    def _part(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        """ "early 2020", "the end of last year", "mid-October": a part of a year or a month."""
        part = self.words.parts[match["part"]]
        rest = match["rest"]
        if rest in ("year", "month"):
            rest = f"this {rest}"  # "the end of the year": the publication year
        whole = self.resolve_inner(rest, ctx)
        if whole.start is None or whole.end is None:
            return None
        start, end = dt.date.fromisoformat(whole.start), dt.date.fromisoformat(whole.end)
        period = whole.start[:7] if whole.granularity == "month" else str(start.year)
        how = f"'{match['part']}' part of {period}"
        if whole.granularity == "year" and start.year == end.year:
            first, last = part["months"]
            return ctx.make(
                dt.date(start.year, first, 1), _month_end(start.year, last), "month",
                "approximate", how,
            )
        if whole.granularity == "month" and (start.year, start.month) == (end.year, end.month):
            first, last = part["days"]
            return ctx.make(
                start.replace(day=first), start.replace(day=min(last, end.day)), "month",
                "approximate", how,
            )
        return None

    def _full_date(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        year = int(match["y"])
        if not self._check_year(year):
            return None
        day = _safe_date(year, self._month(match["m"]), int(match["d"]))
        return ctx.day(day, "explicit date") if day else ctx.unresolved("not a calendar date")

    def _relative_year_date(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate:
        """ "January 31 this year", "in March last year" ("31 января нынешнего года", "в
        марте прошлого года"): the day or month of the year counted from publication."""
        if ctx.published is None:
            return ctx.unresolved(NEEDS_PUBLISHED)
        year = ctx.published.year + self.words.relative[match["rel"]]
        month = self._month(match["m"])
        how = f"'{match['rel']} year' counted from publication ({year})"
        if match.groupdict().get("d") is None:
            return ctx.month(year, month, how)
        day = _safe_date(year, month, int(match["d"]))
        return ctx.day(day, how) if day else ctx.unresolved("not a calendar date")

    def _day_month(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate:
        if ctx.published is None:
            return ctx.unresolved(f"a day and month without a year: {NEEDS_PUBLISHED}")
        month, day_number = self._month(match["m"]), int(match["d"])
        candidate = _safe_date(ctx.published.year, month, day_number)
        if candidate is None and (month, day_number) != (2, 29):
            return ctx.unresolved("not a calendar date")
        probe = candidate or dt.date(ctx.published.year, 2, 28)
        year, how = _infer_year(ctx, probe, probe, "day and month")
        day = _safe_date(year, month, day_number)
        return ctx.day(day, how) if day else ctx.unresolved("not a calendar date")

    def _month_year(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        year = int(match["y"])
        if not self._check_year(year):
            return None
        return ctx.month(year, self._month(match["m"]), "month and year")

    def _month_alone(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate:
        if ctx.published is None:
            return ctx.unresolved(f"a month without a year: {NEEDS_PUBLISHED}")
        month = self._month(match["m"])
        pub = ctx.published
        rel = self.words.relative[match["rel"]] if match["rel"] else None
        if rel == 0:
            return ctx.month(pub.year, month, "that month of the publication year")
        if rel == -1:
            year = pub.year if month < pub.month else pub.year - 1
            return ctx.month(year, month, "the last such month before publication")
        if rel == 1:
            year = pub.year if month > pub.month else pub.year + 1
            return ctx.month(year, month, "the next such month after publication")
        inferred = _infer_year(
            ctx, dt.date(pub.year, month, 1), _month_end(pub.year, month), "month"
        )
        return ctx.month(inferred[0], month, inferred[1])

    def _year(self, match: re.Match[str], ctx: _Ctx) -> ResolvedDate | None:
        year = int(match["y"])
        return ctx.year(year, "year") if self._check_year(year) else None


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    return _Grammar(date_words())


#: Clock times ("at 10:30", "9 am"): the day is what matters; dateparser misreads "10:00".
_CLOCK = re.compile(r"(?:^| )(?:at )?\d{1,2}(?::\d{2} ?(?:am|pm)?| ?(?:am|pm))(?= |$)")


def _normalize(phrase: str) -> str:
    text = phrase.strip().lower()
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    if CYRILLIC.search(text):
        text = to_grammar(text)  # a Russian phrase, in the grammar's words (resolve/russian.py)
    text = day_first_numeric(text)  # "17.10.2022": dotted numeric dates are day.month.year
    text = _CLOCK.sub(" ", re.sub(r"(?<=\b[ap])\.(?=m\b)|(?<=\b[ap]\.m)\.", "", text))
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", text)
    text = re.sub(r"(?<=[a-z])\.", "", text)
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[,;:!?\"]", " ", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    return text


def _strip_prefixes(text: str, words: tuple[str, ...]) -> tuple[str, bool]:
    stripped = False
    changed = True
    while changed:
        changed = False
        for word in words:
            if text.startswith(word + " "):
                text = text[len(word) + 1 :]
                stripped = changed = True
    return text, stripped


@lru_cache(maxsize=256)
def _dateparser(published: dt.date, prefer: str) -> Any:
    from dateparser.date import DateDataParser

    base = dt.datetime(published.year, published.month, published.day)
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": prefer,
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


def _with_dateparser(phrase: str, ctx: _Ctx) -> ResolvedDate:
    """dateparser's reading of what our grammar does not cover, checked for its known slips."""
    if ctx.published is None:
        return ctx.unresolved("not a date phrase we can read without a publication date")
    parser = _dateparser(ctx.published, "future" if ctx.forward else "past")
    try:
        data = parser.get_date_data(phrase)
    except (ValueError, OverflowError, TypeError):
        data = None
    if data is None or data.date_obj is None:
        return ctx.unresolved(UNREADABLE)
    day = data.date_obj.date()
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        return ctx.unresolved(IMPLAUSIBLE)
    period = data.period
    how = f"read by dateparser ({period})"
    if period == "year":
        return ctx.year(day.year, how)
    if period == "month":
        return ctx.month(day.year, day.month, how)
    if period == "week":
        return ctx.week(day, how)
    if day == ctx.published:
        # dateparser falls back to its base date for phrases it half-reads ("this morning" is
        # fine, "that time" is not): refuse rather than pass publication off as the event date.
        return ctx.unresolved(DATEPARSER_PUBLICATION)
    return ctx.day(day, how)


@lru_cache(maxsize=DATE_CACHE_SIZE)
def _resolve(phrase: str, published: dt.date | None, tense: Tense) -> ResolvedDate:
    words = date_words()
    ctx = _Ctx(text=phrase, published=published, tense=tense)
    text = _normalize(phrase)
    if not text:
        if phrase.strip():
            return ctx.unresolved(CLOCK_ONLY)
        return ctx.unresolved("empty date phrase")
    for bound in words.bounds:
        if text.startswith(bound + " "):
            return ctx.unresolved(f"'{bound} ...' bounds the event in time; it does not date it")
    text, _ = _strip_prefixes(text, words.leading_words)
    text, approximate = _strip_prefixes(text, words.approximators)
    text, _ = _strip_prefixes(text, words.leading_words)
    ctx = replace(ctx, approximate=approximate)
    if text in words.vague or text.removeprefix("the ") in words.vague:
        return ctx.unresolved("too vague to place on a calendar")
    if text in words.present:
        return _at_publication(ctx)
    grammar = _grammar()
    result = grammar.parse(text, ctx)
    if result is None:
        untimed = grammar.times_of_day.sub("", text)
        if untimed != text:
            result = grammar.parse(untimed, ctx)
    if result is not None:
        return result
    refusal = grammar.dateparser_refusal(text)
    return ctx.unresolved(refusal) if refusal else _with_dateparser(text, ctx)


def _at_publication(ctx: _Ctx) -> ResolvedDate:
    """ "now", "currently": the time of publication, for past and present events."""
    if ctx.published is None:
        return ctx.unresolved(NEEDS_PUBLISHED)
    if ctx.forward:
        return ctx.unresolved("too vague to place on a calendar")
    return ctx.day(ctx.published, f"'{ctx.text}' is the time of publication", "approximate")


def published_day(article: Article) -> dt.date | None:
    """The day relative dates count from: the article's publication day, or None when the
    article has none or it is unreadable (relative phrases then stay unresolved)."""
    if not article.published:
        return None
    try:
        return dt.date.fromisoformat(article.published[:10])
    except ValueError:
        return None


def _counted_from(phrase: str, anchor: ResolvedDate) -> ResolvedDate | None:
    """ "the same day", "the next day", "two days later": the day `phrase` counts from
    `anchor` (another event's day), or None when the phrase is no such count."""
    if anchor.granularity != "day" or anchor.start is None or anchor.end is not None:
        return None
    words = date_words()
    text, _ = _strip_prefixes(_normalize(phrase), words.leading_words)
    offset = words.anaphoric_days.get(text)
    if offset is None:
        match = _DAYS_LATER.fullmatch(text)
        if match is None:
            return None
        count = int(match["n"]) if match["n"].isdigit() else words.numbers.get(match["n"])
        if count is None:
            return None
        offset = count if match["dir"] in ("later", "after") else -count
    day = dt.date.fromisoformat(anchor.start) + dt.timedelta(days=offset)
    return ResolvedDate(
        start=day.isoformat(),
        granularity="day",
        kind=anchor.kind,
        text=phrase,
        reason=f"'{phrase}' counted from {anchor.start} ({offset:+d} days)",
    )


_DAYS_LATER = re.compile(r"(?P<n>\w+) days? (?P<dir>later|earlier|after|before)")


class DateResolver:
    """Resolves date phrases ("October 17", "last year", "2005-2021") against a publication date.

    Stateless apart from a process-wide cache keyed by (phrase, publication date, tense).
    """

    def resolve(
        self, phrase: str, published: dt.date | None, tense: Tense = "past"
    ) -> ResolvedDate:
        """The date `phrase` names, or unresolved with a reason; the publication date only
        when the phrase means it ("today"; "now" as an approximate date).

        ``tense`` decides which way yearless and weekday phrases point: past and present events
        look back from publication, future events look forward.
        """
        return _resolve(phrase, published, tense)

    def counted_from(self, phrase: str, anchor: ResolvedDate) -> ResolvedDate | None:
        """An anaphoric day phrase ("the same day", "the next day", "two days later") counted
        from `anchor`, the day of another event of the story; None when `phrase` is no such
        phrase or `anchor` is not a single day."""
        return _counted_from(phrase, anchor)
