"""Every event dated, or a reason: sentence tables through the EventSituator.

Publication date in the tables: Wednesday 12 March 2025. Candidates are built by hand (the
coder is tested elsewhere); the sentences are our own.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.models import Article, Situation, Tense
from communique.resolve import EventSituator
from communique.resolve.situate import PAST_EVENT_WINDOW_DAYS, PUBLICATION_FALLBACK

from .helpers import candidate

PUB = "2025-03-12"  # a Wednesday
PUBLICATION = ("approximate", "day", PUB, None)


@pytest.fixture(scope="module")
def nlp() -> Any:
    import spacy

    from communique.settings import Settings

    return spacy.load(Settings().model)


def situate_one(
    nlp: Any, text: str, trigger: str, tense: Tense, published: str | None = PUB, after: str = ""
) -> Situation:
    doc = nlp(text)
    cand = candidate(doc, trigger, after=after, tense=tense)
    article = Article(id="t", text=text, published=published)
    [situation] = EventSituator().situate(doc, article, [cand])
    return situation


def shape(situation: Situation) -> tuple[str, str | None, str | None, str | None]:
    date = situation.date
    return (date.kind, date.granularity, date.start, date.end)


# A number that is an age, a count, a quantity or a duration is never a year: these past events
# name no date, so they take the publication date (approximate, with the reason saying so).
NON_DATES = [
    ("Amirov, 45, and Omarov, 40, hired two gunmen to kill the journalist.", "hired"),
    ("The 33-year-old activist was arrested in Tehran.", "arrested"),
    ("Police detained 40 people after the protest.", "detained"),
    ("Rebels killed 1,945 soldiers in the offensive.", "killed"),
    ("The army deployed 2000 troops to the border.", "deployed"),
    ("The court sentenced the opposition leader to 15 years in prison.", "sentenced"),
    ("The president, who has ruled for three decades, dismissed the cabinet.", "dismissed"),
    ("Officials signed a five-year agreement on gas supplies.", "signed"),
    ("The minister, 62, resigned after the vote.", "resigned"),
    ("Lydia Rosasi, 29, joined the opposition party.", "joined"),
    ("Gunmen abducted 30 students from a school in the north.", "abducted"),
    ("The government evacuated about 1,500 residents from the valley.", "evacuated"),
    ("The two sides exchanged 90 prisoners each.", "exchanged"),
    ("The envoy, a diplomat in his 50s, criticized the decision.", "criticized"),
    ("The ministry blocked 1930 websites during the protests.", "blocked"),
]


@pytest.mark.parametrize(("text", "trigger"), NON_DATES)
def test_numbers_that_are_not_dates_leave_the_publication_date(
    nlp: Any, text: str, trigger: str
) -> None:
    situation = situate_one(nlp, text, trigger, "past")
    assert shape(situation) == PUBLICATION
    assert situation.date.text is None
    assert situation.date.reason.startswith(PUBLICATION_FALLBACK)


# text, trigger, tense, (kind, granularity, start, end)
DATED = [
    # explicit dates keep their granularity
    ("The two ministers met in Geneva in 2019.", "met", "past",
     ("exact", "year", "2019-01-01", "2019-12-31")),
    ("The treaty was signed in March 2021.", "signed", "past",
     ("exact", "month", "2021-03-01", "2021-03-31")),
    ("The foreign ministers held talks on 3 May 2019.", "held", "past",
     ("exact", "day", "2019-05-03", None)),
    ("Turkey bought the missiles in the third quarter of 2019.", "bought", "past",
     ("exact", "quarter", "2019-07-01", "2019-09-30")),
    ("Kenya closed the camp in early 2017.", "closed", "past",
     ("approximate", "month", "2017-01-01", "2017-04-30")),
    ("The two armies fought along the border in the 1960s.", "fought", "past",
     ("range", "year", "1960-01-01", "1969-12-31")),
    ("The rebels seized the town in January.", "seized", "past",
     ("exact", "month", "2025-01-01", "2025-01-31")),
    ("The rebels seized the town in November.", "seized", "past",
     ("exact", "month", "2024-11-01", "2024-11-30")),
    # relative dates, counted from publication
    ("The presidents met last week in Riyadh.", "met", "past",
     ("exact", "week", "2025-03-03", "2025-03-09")),
    ("Russia and Ukraine exchanged prisoners on Monday.", "exchanged", "past",
     ("exact", "day", "2025-03-10", None)),
    ("The envoy visited Kabul earlier this month.", "visited", "past",
     ("approximate", "month", "2025-03-01", "2025-03-31")),
    ("The ministers spoke by phone yesterday.", "spoke", "past",
     ("exact", "day", "2025-03-11", None)),
    ("The European Union imposed new sanctions last month.", "imposed", "past",
     ("exact", "month", "2025-02-01", "2025-02-28")),
    ("Iran seized a tanker two weeks ago.", "seized", "past",
     ("approximate", "week", "2025-02-24", "2025-03-02")),
    ("The parliament approved the deal this week.", "approved", "past",
     ("exact", "week", "2025-03-10", "2025-03-16")),
    ("The army launched the offensive late Monday.", "launched", "past",
     ("exact", "day", "2025-03-10", None)),
    ("The president visited Beijing last year.", "visited", "past",
     ("exact", "year", "2024-01-01", "2024-12-31")),
    ("The two leaders met this past Sunday in Doha.", "met", "past",
     ("exact", "day", "2025-03-09", None)),
    ("On Tuesday 30 protesters were arrested in the capital.", "arrested", "past",
     ("exact", "day", "2025-03-11", None)),
    ("The delegations met on Wednesday at 10:00.", "met", "past",
     ("exact", "day", "2025-03-12", None)),
    # future events resolve forward and are never dated by publication
    ("The ministers will meet on Monday in Ankara.", "meet", "future",
     ("exact", "day", "2025-03-17", None)),
    ("The leaders will sign the agreement next month.", "sign", "future",
     ("exact", "month", "2025-04-01", "2025-04-30")),
    ("The foreign minister will travel to Paris later this year.", "travel", "future",
     ("approximate", "year", "2025-01-01", "2025-12-31")),
    ("The presidents will hold talks in the coming days.", "hold", "future",
     ("approximate", "day", "2025-03-13", "2025-03-19")),
    ("Protesters clashed with police over the weekend.", "clashed", "past",
     ("range", "day", "2025-03-08", "2025-03-09")),
    ("Earlier in December, the president threatened to use force.", "threatened", "past",
     ("exact", "month", "2024-12-01", "2024-12-31")),
    # present events: "now" is publication; otherwise the publication fallback
    ("Rebels are currently fighting government troops near the capital.", "fighting",
     "present", ("approximate", "day", PUB, None)),
    ("The government says it rejects the proposal.", "rejects", "present", PUBLICATION),
    # a past event whose only date phrase is after publication: it dates something else
    ("The government announced talks next week.", "announced", "past", PUBLICATION),
]


@pytest.mark.parametrize(("text", "trigger", "tense", "expected"), DATED)
def test_event_dates(
    nlp: Any,
    text: str,
    trigger: str,
    tense: Tense,
    expected: tuple[str, str | None, str | None, str | None],
) -> None:
    situation = situate_one(nlp, text, trigger, tense)
    assert shape(situation) == expected
    assert situation.date.reason


# Events whose text says something about their time that cannot be placed, and future events
# without a date: unresolved, with the reason, never the publication date.
UNDATED = [
    ("Two days later, the rebels attacked the convoy.", "attacked", "past", "another date"),
    ("The two countries had cut ties by 2010.", "cut", "past", "bounds"),
    ("The army shelled the town repeatedly in recent years.", "shelled", "past", "vague"),
    ("The foreign minister will visit Paris.", "visit", "future", "future event"),
]


@pytest.mark.parametrize(("text", "trigger", "tense", "reason"), UNDATED)
def test_events_left_undated_with_a_reason(
    nlp: Any, text: str, trigger: str, tense: Tense, reason: str
) -> None:
    date = situate_one(nlp, text, trigger, tense).date
    assert (date.kind, date.start) == ("unresolved", None)
    assert reason in date.reason


def test_without_a_publication_date_an_undated_event_stays_unresolved(nlp: Any) -> None:
    date = situate_one(nlp, "The rebels attacked the convoy.", "attacked", "past", None).date
    assert date.kind == "unresolved"
    assert "no publication date" in date.reason


def test_inheritance_wins_over_the_publication_date(nlp: Any) -> None:
    text = "The presidents met in Tashkent on Monday. They also signed a trade agreement."
    doc = nlp(text)
    cands = [candidate(doc, "met"), candidate(doc, "signed")]
    met, signed = EventSituator().situate(doc, Article(id="t", text=text, published=PUB), cands)
    assert met.date.start == signed.date.start == "2025-03-10"
    assert signed.date.kind == "exact" and "inherited" in signed.date.reason


def test_continuing_an_event_dated_by_publication_gives_the_publication_date(nlp: Any) -> None:
    """A continuation of an event the text does not date is dated by publication too, and its
    reason says so; it does not reach back to an older dated event."""
    text = (
        "The ministers held consultations on March 3.\n\n"
        "Separately, the government approved a budget. The parties also discussed trade."
    )
    doc = nlp(text)
    cands = [candidate(doc, "held"), candidate(doc, "approved"), candidate(doc, "discussed")]
    held, approved, discussed = EventSituator().situate(
        doc, Article(id="t", text=text, published=PUB), cands
    )
    assert held.date.start == "2025-03-03"
    assert shape(approved) == PUBLICATION
    assert shape(discussed) == PUBLICATION
    assert discussed.date.reason.startswith(PUBLICATION_FALLBACK)
    assert "continues the event in sentence 1" in discussed.date.reason


def test_the_lead_event_is_the_story_main_event_even_when_dated_by_publication(
    nlp: Any,
) -> None:
    text = (
        "The foreign ministers of Kazakhstan and Azerbaijan held talks in Astana. "
        "The visit marks two decades since the two countries signed a treaty on May 24, 2005."
        "\n\nThe parties welcomed the growth of trade."
    )
    doc = nlp(text)
    cands = [candidate(doc, "held"), candidate(doc, "signed"), candidate(doc, "welcomed")]
    held, signed, welcomed = EventSituator().situate(
        doc, Article(id="t", text=text, published=PUB), cands
    )
    assert shape(held) == PUBLICATION
    assert signed.date.start == "2005-05-24"
    assert shape(welcomed) == PUBLICATION


@pytest.mark.parametrize(
    ("second", "trigger", "start"),
    [
        ("On the same day, the minister visited the council.", "visited", "2025-03-10"),
        ("The next day, the minister visited the council.", "visited", "2025-03-11"),
        ("Two days later, the rebels attacked the convoy.", "attacked", "2025-03-12"),
        ("A day earlier, the two sides exchanged prisoners.", "exchanged", "2025-03-09"),
    ],
)
def test_anaphoric_days_count_from_the_last_dated_event(
    nlp: Any, second: str, trigger: str, start: str
) -> None:
    text = f"The minister met the speaker of parliament on March 10. {second}"
    doc = nlp(text)
    cands = [candidate(doc, "met"), candidate(doc, trigger)]
    _, situation = EventSituator().situate(doc, Article(id="t", text=text, published=PUB), cands)
    assert (situation.date.kind, situation.date.granularity, situation.date.start) == (
        "exact",
        "day",
        start,
    )
    assert "counted from 2025-03-10" in situation.date.reason


@pytest.mark.parametrize(
    ("text", "trigger", "tense", "expected"),
    [
        ("The ministers signed a plan of action for 2025-2026.", "signed", "past", PUBLICATION),
        ("Parliament approved the budget for 2024.", "approved", "past", PUBLICATION),
        ("The talks are scheduled for Monday.", "talks", "future",
         ("exact", "day", "2025-03-17", None)),
    ],
)
def test_the_period_of_a_thing_is_not_the_event_date(
    nlp: Any, text: str, trigger: str, tense: Tense, expected: tuple[str, ...]
) -> None:
    assert shape(situate_one(nlp, text, trigger, tense)) == expected


# --- properties -----------------------------------------------------------------------------

NAMES = ["Amirov", "The minister", "Police", "The army", "Rebels", "The envoy"]
VERBS = ["hired", "detained", "met", "attacked", "visited", "signed", "rejected"]
NOUNS = ["people", "troops", "soldiers", "students", "websites", "prisoners", "years"]
DATE_PHRASES = [
    "", "on Monday", "last week", "yesterday", "today", "tomorrow", "next week", "next month",
    "in the coming days", "earlier this month", "two days later", "in 1999", "in March",
    "on March 30", "in December", "last year", "three years ago", "this week", "on Sunday",
    "late Friday", "in 2030", "by 2030", "later this year", "for three years",
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(NAMES),
    age=st.integers(min_value=1, max_value=2100),
    verb=st.sampled_from(VERBS),
    count=st.integers(min_value=1, max_value=3000),
    noun=st.sampled_from(NOUNS),
    phrase=st.sampled_from(DATE_PHRASES),
    published=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
)
def test_past_event_dates_are_plausible(
    nlp: Any,
    name: str,
    age: int,
    verb: str,
    count: int,
    noun: str,
    phrase: str,
    published: dt.date,
) -> None:
    """No past event is dated after publication (+ the window); none before 1945 unless the
    text names that year; ages and counts never become years."""
    text = f"{name}, {age}, {verb} {count} {noun} {phrase}".strip() + "."
    situation = situate_one(nlp, text, verb, "past", published.isoformat(), after=f"{age}, ")
    date = situation.date
    assert date.reason
    if date.kind == "unresolved":
        return
    assert date.start is not None
    start = dt.date.fromisoformat(date.start)
    assert start <= published + dt.timedelta(days=PAST_EVENT_WINDOW_DAYS)
    if start.year < 1945:
        assert re.search(rf"\b{start.year}", text)
    assert date.text is None or str(age) != date.text.strip()
