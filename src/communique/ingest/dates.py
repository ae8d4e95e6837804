"""Publication dates: ISO 8601 out, with time and offset whenever the input states them."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from communique.errors import InputError
from communique.resolve.russian import CYRILLIC, russian_words, to_grammar

#: Longest line read as a bare date line ("Tuesday, 18 October 2022, 11:30 UTC+06:00" is 41).
DATE_LINE_MAX_CHARS = 60

#: A bare ISO 8601 day ("2022-10-18"), no time.
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+")
#: Words a bare date line may hold besides numbers: month and weekday names (from the calendar
#: module), "at", am/pm and the UTC/GMT offset markers.
_DATE_WORDS = frozenset(
    w.lower()
    for w in (
        *calendar.month_name[1:],
        *calendar.month_abbr[1:],
        *calendar.day_name,
        *calendar.day_abbr,
        "sept",
        "at",
        "am",
        "pm",
        "utc",
        "gmt",
    )
)
_DATEPARSER_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"}


def _russian_word(word: str) -> str:
    """The English date word a Russian word of a date line stands for ("" when none)."""
    lower = word.lower().replace("ё", "е")
    english = russian_words().words.get(lower)
    if english is None:
        return lower
    if english in ("", "year"):
        return "at"  # "2022 г.", "2022 года": the year word is as harmless as "at"
    return english


def _iso(moment: datetime, *, with_time: bool) -> str:
    if not with_time:
        return moment.date().isoformat()
    return moment.isoformat(timespec="seconds")


def parse_date_line(line: str) -> str | None:
    """The ISO date(time) of a line that is nothing but a date, e.g. "18 October 2022, 11:30".

    Returns None for any line with other words in it, so a headline that mentions a date is never
    mistaken for the date line.
    """
    line = line.strip()
    if not line or len(line) > DATE_LINE_MAX_CHARS or "\n" in line:
        return None
    if not any(c.isdigit() for c in line):
        return None
    if CYRILLIC.search(line):
        # "18 октября 2022, 11:30": Russian month and weekday names through the resolver's
        # Russian table (resolve/data/date_words.ru.yaml), then the same English reading
        if any(_russian_word(word) not in _DATE_WORDS for word in _WORD.findall(line)):
            return None
        line = to_grammar(line.lower())
    if any(word.lower() not in _DATE_WORDS for word in _WORD.findall(line)):
        return None
    import dateparser

    parsed = dateparser.parse(line, languages=["en"], settings=_DATEPARSER_SETTINGS)
    if parsed is None:
        return None
    return _iso(parsed, with_time=bool(_TIME.search(line)))


def normalise_published(value: str) -> str | None:
    """ISO 8601 for a stated publication date, or None when it cannot be read as a date.

    ISO forms ("2025-03-14 20:30:26Z", "2022-10-18T11:30") keep their time and offset; RSS's
    RFC 822 ("Tue, 14 Mar 2025 20:30:26 GMT") and written dates go through the same rules.
    """
    value = value.strip()
    if not value:
        return None
    if ISO_DAY.match(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(value).isoformat(timespec="seconds")
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).isoformat(timespec="seconds")
    except (TypeError, ValueError, IndexError):
        pass
    return parse_date_line(value)


def published_option(value: str | None) -> str | None:
    """Check the `--published` option once, before any input is read."""
    if value is None:
        return None
    normalised = normalise_published(value)
    if normalised is None:
        raise InputError(
            f"--published {value!r} is not a date",
            hint="give an ISO 8601 date such as 2022-10-18 or 2022-10-18T11:30:00+06:00",
        )
    return normalised
