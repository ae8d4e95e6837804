"""Table-driven tests of DateResolver (publication date: Tuesday 18 October 2022)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.errors import ConfigError
from communique.resolve import DateResolver
from communique.resolve.dates import load_date_words, names_no_time

PUB = dt.date(2022, 10, 18)  # a Tuesday

# phrase, tense, kind, granularity, start, end
CASES = [
    ("October 17", "past", "exact", "day", "2022-10-17", None),
    ("on October 17", "past", "exact", "day", "2022-10-17", None),
    ("Oct. 17", "past", "exact", "day", "2022-10-17", None),
    ("October 17", "future", "exact", "day", "2023-10-17", None),
    ("Dec. 25", "past", "exact", "day", "2021-12-25", None),
    ("December 25", "future", "exact", "day", "2022-12-25", None),
    ("17 October 2022", "past", "exact", "day", "2022-10-17", None),
    ("the 17th of October", "past", "exact", "day", "2022-10-17", None),
    ("August 25, 1992", "past", "exact", "day", "1992-08-25", None),
    ("Sept. 3, 2021", "past", "exact", "day", "2021-09-03", None),
    ("Wednesday, Oct. 12, 2022", "past", "exact", "day", "2022-10-12", None),
    ("2022-10-17", "past", "exact", "day", "2022-10-17", None),
    ("30 years ago", "past", "approximate", "year", "1992-01-01", "1992-12-31"),
    ("30 years ago (August 25, 1992)", "past", "exact", "day", "1992-08-25", None),
    ("more than 30 years ago", "past", "approximate", "year", "1992-01-01", "1992-12-31"),
    ("three days ago", "past", "exact", "day", "2022-10-15", None),
    ("two weeks ago", "past", "approximate", "week", "2022-10-03", "2022-10-09"),
    ("a month ago", "past", "approximate", "month", "2022-09-01", "2022-09-30"),
    ("yesterday", "past", "exact", "day", "2022-10-17", None),
    ("tomorrow", "future", "exact", "day", "2022-10-19", None),
    ("last year", "past", "exact", "year", "2021-01-01", "2021-12-31"),
    ("this year", "past", "exact", "year", "2022-01-01", "2022-12-31"),
    ("next year", "future", "exact", "year", "2023-01-01", "2023-12-31"),
    ("last month", "past", "exact", "month", "2022-09-01", "2022-09-30"),
    ("next month", "future", "exact", "month", "2022-11-01", "2022-11-30"),
    ("last week", "past", "exact", "week", "2022-10-10", "2022-10-16"),
    ("this week", "past", "exact", "week", "2022-10-17", "2022-10-23"),
    ("next week", "future", "exact", "week", "2022-10-24", "2022-10-30"),
    ("earlier this month", "past", "approximate", "month", "2022-10-01", "2022-10-31"),
    ("later this year", "future", "approximate", "year", "2022-01-01", "2022-12-31"),
    ("2021", "past", "exact", "year", "2021-01-01", "2021-12-31"),
    ("in 2021", "past", "exact", "year", "2021-01-01", "2021-12-31"),
    ("2005-2021", "past", "range", "year", "2005-01-01", "2021-12-31"),
    ("during 2005-2021", "past", "range", "year", "2005-01-01", "2021-12-31"),
    ("2005–21", "past", "range", "year", "2005-01-01", "2021-12-31"),
    ("from 2005 to 2021", "past", "range", "year", "2005-01-01", "2021-12-31"),
    ("between 2010 and 2015", "past", "range", "year", "2010-01-01", "2015-12-31"),
    ("January-September 2022", "past", "range", "month", "2022-01-01", "2022-09-30"),
    ("between March and May", "past", "range", "month", "2022-03-01", "2022-05-31"),
    ("November 2021-February 2022", "past", "range", "month", "2021-11-01", "2022-02-28"),
    ("October 17-18", "past", "range", "day", "2022-10-17", "2022-10-18"),
    ("17-18 October 2022", "past", "range", "day", "2022-10-17", "2022-10-18"),
    ("in November 2021", "past", "exact", "month", "2021-11-01", "2021-11-30"),
    ("November 2021", "past", "exact", "month", "2021-11-01", "2021-11-30"),
    ("December", "past", "exact", "month", "2021-12-01", "2021-12-31"),
    ("in December", "future", "exact", "month", "2022-12-01", "2022-12-31"),
    ("last October", "past", "exact", "month", "2021-10-01", "2021-10-31"),
    ("Q3 2022", "past", "exact", "quarter", "2022-07-01", "2022-09-30"),
    ("the third quarter of 2021", "past", "exact", "quarter", "2021-07-01", "2021-09-30"),
    ("the third quarter", "past", "exact", "quarter", "2022-07-01", "2022-09-30"),
    ("the fourth quarter", "past", "exact", "quarter", "2022-10-01", "2022-12-31"),  # begun
    ("the fourth quarter", "future", "exact", "quarter", "2022-10-01", "2022-12-31"),
    ("the fourth quarter of last year", "past", "exact", "quarter", "2021-10-01", "2021-12-31"),
    ("last quarter", "past", "exact", "quarter", "2022-07-01", "2022-09-30"),
    ("the first half of the year", "past", "range", "month", "2022-01-01", "2022-06-30"),
    ("the second half of 2021", "past", "range", "month", "2021-07-01", "2021-12-31"),
    ("H1 2022", "past", "range", "month", "2022-01-01", "2022-06-30"),
    ("the first nine months of 2022", "past", "range", "month", "2022-01-01", "2022-09-30"),
    ("on Tuesday", "past", "exact", "day", "2022-10-18", None),
    ("Monday", "past", "exact", "day", "2022-10-17", None),
    ("Tuesday night", "past", "exact", "day", "2022-10-18", None),
    ("late Friday", "past", "exact", "day", "2022-10-14", None),
    ("on Tuesday", "future", "exact", "day", "2022-10-25", None),
    ("on Thursday", "future", "exact", "day", "2022-10-20", None),
    ("last Friday", "past", "exact", "day", "2022-10-14", None),
    ("next Friday", "future", "exact", "day", "2022-10-21", None),
    ("the 1990s", "past", "range", "year", "1990-01-01", "1999-12-31"),
    ("mid-October", "past", "approximate", "month", "2022-10-11", "2022-10-20"),
    ("early 2020", "past", "approximate", "month", "2020-01-01", "2020-04-30"),
    ("the end of last year", "past", "approximate", "month", "2021-12-01", "2021-12-31"),
    ("the end of the year", "future", "approximate", "month", "2022-12-01", "2022-12-31"),
    ("around 2010", "past", "approximate", "year", "2010-01-01", "2010-12-31"),
    ("since 2005", "past", "range", "year", "2005-01-01", "2022-10-18"),
    ("the past two years", "past", "approximate", "year", "2020-10-18", "2022-10-18"),
    ("in the coming days", "future", "approximate", "day", "2022-10-19", "2022-10-25"),
    ("the next few months", "future", "approximate", "month", "2022-10-19", "2023-04-18"),
    ("the past few weeks", "past", "approximate", "day", "2022-09-20", "2022-10-18"),
    ("over the weekend", "past", "range", "day", "2022-10-15", "2022-10-16"),
    ("this weekend", "future", "range", "day", "2022-10-22", "2022-10-23"),
    ("earlier in December", "past", "approximate", "month", "2021-12-01", "2021-12-31"),
    ("now", "present", "approximate", "day", "2022-10-18", None),
    ("currently", "past", "approximate", "day", "2022-10-18", None),
    ("300 last year", "past", "exact", "year", "2021-01-01", "2021-12-31"),
    ("Thursday 30", "past", "exact", "day", "2022-10-13", None),
    ("Tuesday at 10:30 a.m.", "past", "exact", "day", "2022-10-18", None),
    ("this past Friday", "past", "exact", "day", "2022-10-14", None),
    ("over the next five years", "past", "approximate", "year", "2022-10-18", "2027-10-18"),
    ("for 99 years", "future", "approximate", "year", "2022-10-18", "2121-10-18"),
    ("in the coming fiscal year", "past", "approximate", "year", "2023-01-01", "2023-12-31"),
]


# published on a weekday, "last week" is the calendar week before; on a Sunday, the week it ends
@pytest.mark.parametrize(
    ("published", "start", "end"),
    [
        (dt.date(2025, 3, 9), "2025-03-03", "2025-03-09"),  # a Sunday
        (dt.date(2025, 3, 8), "2025-02-24", "2025-03-02"),  # a Saturday
        (dt.date(2025, 3, 10), "2025-03-03", "2025-03-09"),  # a Monday
    ],
)
def test_last_week_by_publication_day(published: dt.date, start: str, end: str) -> None:
    date = DateResolver().resolve("last week", published, "past")
    assert (str(date.start), str(date.end), date.granularity) == (start, end, "week")


@pytest.mark.parametrize(("phrase", "tense", "kind", "granularity", "start", "end"), CASES)
def test_resolves(
    phrase: str, tense: str, kind: str, granularity: str, start: str, end: str | None
) -> None:
    date = DateResolver().resolve(phrase, PUB, tense)  # type: ignore[arg-type]
    assert (date.kind, date.granularity, date.start, date.end) == (kind, granularity, start, end)
    assert date.text == phrase
    assert date.reason


@pytest.mark.parametrize(
    ("phrase", "reason_part"),
    [
        ("by 2030", "bounds"),
        ("until May", "bounds"),
        ("recently", "vague"),
        ("in recent years", "vague"),
        ("the same day", "vague"),
        ("annual", "vague"),
        ("decades", "vague"),
        ("the previous year", "another date of the story"),
        ("for 10 years", "names no point in time"),
        ("1,500", "names no point in time"),
        ("February 30", "not a calendar date"),
        ("", "empty"),
    ],
)
def test_refuses(phrase: str, reason_part: str) -> None:
    date = DateResolver().resolve(phrase, PUB)
    assert date.kind == "unresolved"
    assert date.start is None and date.end is None
    assert reason_part in date.reason


# A number that is an age, a count, a quantity or a duration never names a time.
NON_DATES = [
    "40", "33", "1,500", "45 years old", "the 45-year-old", "40 people", "2000 troops",
    "three years", "a five-year term", "five-year", "30s", "'70s", "SU 35", "99 years",
    "14 days", "a week", "more than a decade", "about 1,945", "1930 websites",
    "46 years this week", "three months this year",
]


@pytest.mark.parametrize("phrase", NON_DATES)
@pytest.mark.parametrize("tense", ["past", "future"])
def test_numbers_are_not_dates(phrase: str, tense: str) -> None:
    date = DateResolver().resolve(phrase, PUB, tense)  # type: ignore[arg-type]
    assert (date.kind, date.start) == ("unresolved", None)
    assert names_no_time(date), date.reason


@pytest.mark.parametrize(
    "phrase", ["two days later", "a week earlier", "at that time", "the previous year"]
)
def test_anaphoric_phrases_are_refused_as_time_statements(phrase: str) -> None:
    date = DateResolver().resolve(phrase, PUB)
    assert date.kind == "unresolved" and "another date of the story" in date.reason
    assert not names_no_time(date)


@pytest.mark.parametrize(
    "phrase",
    ["October 17", "last year", "on Tuesday", "30 years ago", "the third quarter", "today"],
)
def test_relative_phrases_need_a_publication_date(phrase: str) -> None:
    date = DateResolver().resolve(phrase, None)
    assert date.kind == "unresolved"
    assert "publication date" in date.reason


@pytest.mark.parametrize(
    ("phrase", "start"),
    [("August 25, 1992", "1992-08-25"), ("2021", "2021-01-01"), ("2005-2021", "2005-01-01")],
)
def test_absolute_phrases_resolve_without_a_publication_date(phrase: str, start: str) -> None:
    assert DateResolver().resolve(phrase, None).start == start


def test_dateparser_fallback_reads_what_the_grammar_does_not() -> None:
    date = DateResolver().resolve("the day before yesterday", PUB)
    assert (date.kind, date.start) == ("exact", "2022-10-16")
    assert "dateparser" in date.reason


def test_results_are_cached_per_phrase_date_and_tense() -> None:
    resolver = DateResolver()
    first = resolver.resolve("on Wednesday", PUB, "past")
    assert resolver.resolve("on Wednesday", PUB, "past") is first
    assert resolver.resolve("on Wednesday", PUB, "future").start != first.start


@settings(max_examples=150, deadline=None)
@given(
    phrase=st.text(max_size=40),
    published=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    tense=st.sampled_from(["past", "present", "future"]),
)
def test_any_text_gives_a_consistent_date(phrase: str, published: dt.date, tense: str) -> None:
    """Never raises; a resolved date has a start, an end never precedes it, a reason is given."""
    date = DateResolver().resolve(phrase, published, tense)  # type: ignore[arg-type]
    assert date.reason
    if date.kind == "unresolved":
        assert date.start is None
    else:
        assert date.start is not None and date.granularity is not None
        if date.end is not None:
            assert date.end >= date.start


@settings(max_examples=100, deadline=None)
@given(
    day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    published=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    style=st.sampled_from(["%B %d, %Y", "%d %B %Y", "%b. %d, %Y", "%A, %B %d, %Y"]),
)
def test_explicit_dates_round_trip(day: dt.date, published: dt.date, style: str) -> None:
    date = DateResolver().resolve(day.strftime(style), published)
    assert (date.kind, date.start) == ("exact", day.isoformat())


@settings(max_examples=100, deadline=None)
@given(
    published=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    weekday=st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]),
)
def test_past_weekdays_fall_in_the_week_up_to_publication(published: dt.date, weekday: str) -> None:
    date = DateResolver().resolve(f"on {weekday}", published, "past")
    assert date.start is not None
    day = dt.date.fromisoformat(date.start)
    assert day.strftime("%A") == weekday
    assert 0 <= (published - day).days < 7


def test_date_words_overlay_extends_the_shipped_vocabulary(tmp_path: Path) -> None:
    (tmp_path / "resolve").mkdir()
    (tmp_path / "resolve" / "date_words.yaml").write_text("vague:\n  - in due course\n")
    words = load_date_words(tmp_path)
    assert "in due course" in words.vague and "recently" in words.vague


def test_a_malformed_date_words_file_names_itself(tmp_path: Path) -> None:
    (tmp_path / "resolve").mkdir()
    (tmp_path / "resolve" / "date_words.yaml").write_text("few_units:\n  day: seven\n")
    with pytest.raises(ConfigError, match=r"date_words\.yaml"):
        load_date_words(tmp_path)
