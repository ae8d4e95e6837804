"""Build the brief of one country pair from the store: records first, then the summary over them.

Nothing in the brief comes from anywhere but stored rows. The summary is a fixed sequence of
sentence kinds (activity and trend, latest high-level contacts, plans, agreements, figures,
milestones, officials); a kind with no supporting record is left out, and every sentence lists
the labels of the records it rests on (docs/BRIEF.md).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from communique import geo
from communique.brief.model import (
    Brief,
    BriefAgreement,
    BriefEvent,
    BriefFigure,
    BriefMilestone,
    BriefPerson,
    BriefSource,
    MonthBin,
    QuadCount,
    Sentence,
)
from communique.errors import ConfigError
from communique.store.base import EventQuery

if TYPE_CHECKING:
    import pandas as pd

    from communique.models import CodingResult
    from communique.store import Store

QUAD_NAMES: dict[int, str] = {
    1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
    4: "material conflict",
}
# How much of a busy pair the brief reads and shows. EVENT_POOL newest events of the period are
# ranked and the KEY_EVENTS most telling kept (a brief is read on paper: ~40 entries fill six
# pages); at most BRIEF_ARTICLES articles are opened for people, titles and URLs (the pair page
# uses the same bound); the summary names up to LATEST_CONTACTS contacts, PLANS plans and
# OFFICIALS_PER_SIDE officials of each country.
EVENT_POOL = 1000
KEY_EVENTS = 40
BRIEF_ARTICLES = 40
LATEST_CONTACTS = 3
PLANS = 3
OFFICIALS_PER_SIDE = 3
# CAMEO's consultation family (meet, visit, host, negotiate, mediate): a contact between the pair.
CONTACT_ROOT = "04"
# Actor sectors that speak for a state: a contact between them is a high-level one.
STATE_SECTORS = frozenset({"GOV", "MIL"})
# Agreement statuses: done (signed, ratified, initialled) or ahead (planned, under negotiation).
DONE_STATUSES = ("signed", "ratified", "initialled")
AHEAD_STATUSES = ("planned", "negotiated")
# Figure kinds between two parties rather than from one to the other.
MUTUAL_KINDS = frozenset({"trade_turnover", "agreement_count"})
FIGURE_WORDS: dict[str, str] = {
    "trade_turnover": "trade turnover", "fdi_inflow": "FDI inflow", "fdi_stock": "FDI stock",
    "trade_affected": "trade affected", "aid_reach": "people reached by aid",
    "frozen_assets": "frozen assets", "agreement_count": "agreements signed",
}
MILESTONE_WORDS: dict[str, str] = {
    "diplomatic_relations": "diplomatic relations established",
    "diplomatic_relations_restored": "diplomatic relations restored",
    "diplomatic_relations_severed": "diplomatic relations severed",
    "embassy_opening": "embassy opened", "embassy_closure": "embassy closed",
    "consulate_opening": "consulate opened", "visa_free_regime": "visa-free regime",
    "visa_regime": "visa regime", "strategic_partnership": "strategic partnership",
}
MONTH_NAMES = [calendar.month_name[m] for m in range(13)]


# -- dates ---------------------------------------------------------------------------------------
def period_bounds(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """The first day of `since` and the last day of `until` (YYYY, YYYY-MM or YYYY-MM-DD)."""

    def parse(text: str, last: bool) -> date:
        parts = [int(p) for p in text.split("-")]
        year, month = parts[0], parts[1] if len(parts) > 1 else (12 if last else 1)
        if len(parts) > 2:
            return date(year, month, parts[2])
        return date(year, month, calendar.monthrange(year, month)[1] if last else 1)

    try:
        first = parse(since, False) if since else None
        last = parse(until, True) if until else None
    except ValueError as exc:
        raise ConfigError(f"bad period {since!r}..{until!r}: {exc}",
                          hint="write dates as YYYY, YYYY-MM or YYYY-MM-DD") from None
    if first and last and first > last:
        raise ConfigError(f"--since {since} is after --until {until}",
                          hint="give the earlier date as --since")
    return first, last


def read_date(start: str | None, granularity: str | None = None, end: str | None = None) -> str:
    """A stored date as a reader writes it: 17 October 2022, November 2021, 2021, 2005–2021."""
    if not start:
        return "no date given"

    def one(text: str, grain: str | None) -> str:
        y, m, d = [*text.split("-"), "", ""][:3]
        if grain in ("year",) or not m:
            return y
        if grain in ("month", "quarter") or not d:
            return f"{MONTH_NAMES[int(m)]} {y}"
        return f"{int(d)} {MONTH_NAMES[int(m)]} {y}"

    first = one(start, granularity)
    if end:
        last = one(end, granularity)
        if last != first:
            return f"{first}–{last}"
    return first


def _month_of(text: str | None) -> str | None:
    return text[:7] if text and len(text) >= 7 else None


# -- reading the store ---------------------------------------------------------------------------
def _text(value: Any) -> str | None:
    """A frame cell as text; NaN/None -> None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value)
    return text or None


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): (None if (isinstance(v, float) and v != v) else v) for k, v in r.items()}
            for r in frame.to_dict("records")]


def in_period(start: str | None, end: str | None, first: date | None, last: date | None) -> bool:
    """Whether a stored date (or period) overlaps [first, last]; undated -> False."""
    if not start:
        return False
    lo = start[:10]
    hi = (end or start)[:10]
    return (first is None or hi >= first.isoformat()) and (last is None or lo <= last.isoformat())


def _importance(row: dict[str, Any]) -> tuple[float, ...]:
    """How telling an event is for a brief: reported by more articles, further from neutral,
    between states, with a named person."""
    sectors = {row.get("source_sector"), row.get("target_sector")}
    return (
        float(row.get("num_articles") or 1),
        abs(float(row.get("goldstein") or 0.0)),
        1.0 if sectors & STATE_SECTORS else 0.0,
        1.0 if (row.get("source_person") or row.get("target_person")) else 0.0,
    )


def _action(cameo: str) -> str:
    from communique.ontology import cameo_table

    entry = cameo_table().get(cameo)
    if entry is None:
        return f"CAMEO {cameo}"
    return entry.name.replace(", not specified below", "").replace(", not specified", "").lower()


def _actor(row: dict[str, Any], side: str) -> str:
    name = _text(row.get(f"{side}_name"))
    person = _text(row.get(f"{side}_person"))
    country = _text(row.get(f"{side}_country"))
    who = person or name or (geo.country_name(country) if country else None) or "unknown"
    if country and who != geo.country_name(country) and geo.is_country(country):
        return f"{who} ({geo.country_name(country)})"
    return who


def _event(label: str, row: dict[str, Any]) -> BriefEvent:
    return BriefEvent(
        label=label, event_id=str(row["event_id"]), article_id=str(row["article_id"]),
        date=_text(row.get("date_start")), date_end=_text(row.get("date_end")),
        date_granularity=_text(row.get("date_granularity")),
        when=read_date(_text(row.get("date_start")), _text(row.get("date_granularity")),
                       _text(row.get("date_end"))),
        tense=_text(row.get("tense")), cameo=str(row["cameo"]), action=_action(str(row["cameo"])),
        plover=_text(row.get("plover")), plover_mode=_text(row.get("plover_mode")),
        quad_class=int(row["quad_class"]) if row.get("quad_class") is not None else None,
        goldstein=float(row["goldstein"]) if row.get("goldstein") is not None else None,
        source=_actor(row, "source"), source_country=_text(row.get("source_country")),
        source_sector=_text(row.get("source_sector")),
        target=_actor(row, "target"), target_country=_text(row.get("target_country")),
        target_sector=_text(row.get("target_sector")),
        location=_text(row.get("location_name")), trigger=_text(row.get("trigger_text")),
        evidence=_text(row.get("evidence_text")), num_articles=int(row.get("num_articles") or 1),
    )


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` that holds [start, end): cut at the nearest full stop or line."""
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(stops) + 1 if stops else len(text)
    return " ".join(text[left:right].split())


def _amount(value: float, unit: str, approximate: bool, item: str | None) -> str:
    if unit == "percent":
        number = f"{value:g}%"
    else:
        for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
            if abs(value) >= size:
                number = f"{value / size:,.4f}".rstrip("0").rstrip(".") + f" {word}"
                break
        else:
            number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
        unit_word = (item or "") if unit == "count" else unit
        number = (f"{number} {unit_word}" if unit == "count" else f"{unit_word} {number}").strip()
    return f"around {number}" if approximate else number


def _name(code: str | None) -> str:
    return geo.country_name(code) if code else "?"


# -- the brief -----------------------------------------------------------------------------------
def build_brief(
    store: Store, a: str, b: str, since: str | None = None, until: str | None = None
) -> Brief:
    """The brief of the pair `a`-`b` (either direction) for events dated in since..until.

    Without `since`, there is no previous period to compare against and the brief says so by
    leaving the trend out. Undated events count when an article of the period reports them
    (all of them when no period is given). Milestones are the relationship's history and are
    listed whatever the period.
    """
    a, b = a.upper(), b.upper()
    first, last = period_bounds(since, until)
    dyad = (a, b)
    query = EventQuery(dyad=dyad, since=since, until=until, limit=EVENT_POOL, newest_first=True)
    pool = _records(store.events(query))
    counts = store.quad_counts(query)
    filtered = since is not None or until is not None
    article_ids = list(dict.fromkeys(str(r["article_id"]) for r in pool))[:BRIEF_ARTICLES]
    if filtered and article_ids:  # undated events of the period's articles (the date filter
        seen = {r["event_key"] for r in pool}  # drops them)
        for row in _records(store.undated_events(dyad, article_ids)):
            if row["event_key"] not in seen:
                seen.add(row["event_key"])
                pool.append(row)
                if row.get("quad_class") is not None:
                    q = int(row["quad_class"])
                    counts[q] = counts.get(q, 0) + 1
    total = sum(counts.values())

    key_rows = sorted(pool, key=_importance, reverse=True)[:KEY_EVENTS]
    key_rows.sort(key=lambda r: (r.get("date_start") is None, r.get("date_start") or "",
                                 str(r["event_id"])))
    events = [_event(f"E{i}", row) for i, row in enumerate(key_rows, 1)]
    by_id = {e.event_id: e for e in events}
    rows_by_label = {e.label: row for e, row in zip(events, key_rows, strict=True)}

    # previous period of equal length, when the period has a start
    previous_since = previous_until = None
    previous: dict[int, int] | None = None
    if first is not None:
        end = last or _latest_date(pool) or first
        length = (end - first).days + 1
        prev_last = first - timedelta(days=1)
        prev_first = first - timedelta(days=length)
        previous_since, previous_until = prev_first.isoformat(), prev_last.isoformat()
        previous = store.quad_counts(EventQuery(dyad=dyad, since=previous_since,
                                                until=previous_until))

    quads = [QuadCount(quad=q, name=QUAD_NAMES[q], count=counts.get(q, 0),
                       previous=None if previous is None else previous.get(q, 0))
             for q in QUAD_NAMES]

    results = [r for r in (store.result(i) for i in article_ids) if r is not None]
    sources = {r.article.id: _source(r) for r in results}
    people = _people(results, events, rows_by_label, (a, b))
    figures = _figures(store.figures(dyad), first, last, filtered, set(article_ids), by_id)
    agreements = _agreements(store.agreements(dyad), first, last, filtered, set(article_ids),
                             key_rows, events)
    milestones = _milestones(store.milestones(dyad))
    timeline = _timeline(store.timeline(a, b), first, last)
    fact_articles = [*(f.article_id for f in figures), *(g.article_id for g in agreements),
                     *(m.article_id for m in milestones)]
    for fact_article in fact_articles:
        if fact_article and fact_article not in sources:
            result = store.result(fact_article)
            if result is not None:
                sources[result.article.id] = _source(result)

    dated = [e for e in events if e.date]  # events are in date order
    period = _period_text(since, until, [dated[0].when, dated[-1].when] if dated else [])
    brief = Brief(
        a=a, b=b, a_name=_name(a), b_name=_name(b), since=since, until=until, period=period,
        previous_since=previous_since, previous_until=previous_until, total=total,
        previous_total=None if previous is None else sum(previous.values()), quads=quads,
        summary=[], timeline=timeline, events=events, people=people, figures=figures,
        agreements=agreements, milestones=milestones, sources=sources,
    )
    return brief.model_copy(update={"summary": summarise(brief)})


def _latest_date(pool: list[dict[str, Any]]) -> date | None:
    dates = [str(r["date_start"])[:10] for r in pool if r.get("date_start")]
    return date.fromisoformat(max(dates)) if dates else None


def _period_text(since: str | None, until: str | None, span: list[str]) -> str:
    """The period as read: the bounds given, or the dates of the first and last event."""
    if since or until:
        start = read_date(since) if since else "the first stored event"
        end = read_date(until) if until else "the latest stored event"
        return f"{start} to {end}"
    if not span:
        return "all stored events"
    return f"all stored events, {span[0]} to {span[1]}"


def _source(result: CodingResult) -> BriefSource:
    from urllib.parse import urlsplit

    article = result.article
    url = article.url
    if url and urlsplit(url.strip()).scheme.lower() not in {"http", "https"}:
        url = None
    return BriefSource(article_id=article.id, title=article.title, publisher=article.source,
                       published=(article.published or "")[:10] or None, url=url)


def _people(
    results: list[CodingResult], events: list[BriefEvent],
    rows_by_label: dict[str, dict[str, Any]], pair: tuple[str, str],
) -> list[BriefPerson]:
    """People who act in the brief's events, and the officials of either country named in its
    articles; each with the words that name them and the sentence around them."""
    acts: dict[str, list[str]] = {}
    for event in events:
        row = rows_by_label[event.label]
        for side in ("source", "target"):
            person = _text(row.get(f"{side}_person"))
            if person and event.label not in acts.setdefault(person, []):
                acts[person].append(event.label)
    found: dict[tuple[str, str | None], BriefPerson] = {}
    for result in results:
        text = result.article.text
        for p in result.people:
            if p.name not in acts and p.country not in pair:
                continue
            key = (p.name, p.country)
            if key in found or not p.mentions:
                continue
            start, end = p.mentions[0]
            found[key] = BriefPerson(
                label="", name=p.name, title=p.title, organization=p.organization,
                country=p.country, events=acts.get(p.name, []), article_id=result.article.id,
                named_as=" ".join(text[start:end].split()),
                evidence=_sentence_around(text, start, end),
            )
    ranked = sorted(found.values(), key=lambda p: (-len(p.events), p.country or "", p.name))
    return [p.model_copy(update={"label": f"P{i}"}) for i, p in enumerate(ranked, 1)]


def _figures(
    frame: pd.DataFrame, first: date | None, last: date | None, filtered: bool,
    articles: set[str], by_id: dict[str, BriefEvent],
) -> list[BriefFigure]:
    out: list[BriefFigure] = []
    for row in _records(frame):
        start, end = _text(row.get("period_start")), _text(row.get("period_end"))
        if filtered and not (in_period(start, end, first, last)
                             or (start is None and str(row.get("article_id")) in articles)):
            continue
        kind = str(row["kind"])
        src, dst = _text(row.get("from_country")), _text(row.get("to_country"))
        if kind in MUTUAL_KINDS and src and dst:
            direction: str | None = f"between {_name(src)} and {_name(dst)}"
        elif src and dst:
            direction = f"from {_name(src)} to {_name(dst)}"
        elif src or dst:
            direction = f"from {_name(src)}" if src else f"to {_name(dst)}"
        else:
            direction = None
        event = by_id.get(_text(row.get("event_id")) or "")
        out.append(BriefFigure(
            label="", figure_id=str(row["figure_id"]), article_id=_text(row.get("article_id")),
            kind=kind, what=FIGURE_WORDS.get(kind, kind.replace("_", " ")),
            value=float(row["value"]),
            amount=_amount(float(row["value"]), str(row["unit"]), bool(row.get("approximate")),
                           _text(row.get("item"))),
            unit=str(row["unit"]),
            period=read_date(start, _text(row.get("period_granularity")), end) if start else None,
            period_start=start, period_end=end, direction=direction, text=_text(row.get("text")),
            events=[event.label] if event else [],
        ))
    out.sort(key=lambda f: (f.period_start is None, f.period_start or "", f.kind, f.figure_id))
    return [f.model_copy(update={"label": f"F{i}"}) for i, f in enumerate(out, 1)]


def _agreements(
    frame: pd.DataFrame, first: date | None, last: date | None, filtered: bool,
    articles: set[str], key_rows: list[dict[str, Any]], events: list[BriefEvent],
) -> list[BriefAgreement]:
    out: list[BriefAgreement] = []
    for row in _records(frame):
        start = _text(row.get("date_start"))
        if filtered and not (in_period(start, _text(row.get("date_end")), first, last)
                             or (start is None and str(row.get("article_id")) in articles)):
            continue
        stating = [
            e.label for e, r in zip(events, key_rows, strict=True)
            if r["article_id"] == row.get("article_id")
            and r.get("evidence_start") is not None and row.get("span_start") is not None
            and int(r["evidence_start"]) <= int(row["span_start"])
            and int(row["span_end"]) <= int(r["evidence_end"])
        ]
        out.append(BriefAgreement(
            label="", agreement_id=str(row["agreement_id"]),
            article_id=_text(row.get("article_id")),
            name=str(row["name"]), kind=_text(row.get("kind")), status=_text(row.get("status")),
            date=start, when=read_date(start, _text(row.get("date_granularity"))),
            parties=_text(row.get("parties")), party_names=_text(row.get("party_names")),
            witnesses=_text(row.get("witnesses")), text=_text(row.get("text")), events=stating,
        ))
    out.sort(key=lambda g: (g.date is None, g.date or "", g.name))
    return [g.model_copy(update={"label": f"A{i}"}) for i, g in enumerate(out, 1)]


def _milestones(frame: pd.DataFrame) -> list[BriefMilestone]:
    out: list[BriefMilestone] = []
    seen: set[tuple[str, str | None]] = set()
    for row in _records(frame):
        kind, start = str(row["kind"]), _text(row.get("date_start"))
        if (kind, start) in seen:  # the same milestone restated by another article
            continue
        seen.add((kind, start))
        out.append(BriefMilestone(
            label=f"M{len(out) + 1}", milestone_id=str(row["milestone_id"]),
            article_id=_text(row.get("article_id")), kind=kind,
            what=MILESTONE_WORDS.get(kind, kind.replace("_", " ")), date=start,
            when=read_date(start, _text(row.get("date_granularity"))),
            countries=_text(row.get("countries")), text=_text(row.get("text")),
        ))
    return out


def _timeline(frame: pd.DataFrame, first: date | None, last: date | None) -> list[MonthBin]:
    columns = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict",
               4: "material_conflict"}
    lo = first.isoformat()[:7] if first else None
    hi = last.isoformat()[:7] if last else None
    out = []
    for row in _records(frame):
        month = _month_of(_text(row.get("month")))
        if month is None or (lo and month < lo) or (hi and month > hi):
            continue
        out.append(MonthBin(month=month, counts={
            q: int(row.get(c) or 0) for q, c in columns.items()}))
    return out


# -- the summary ---------------------------------------------------------------------------------
def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def summarise(brief: Brief) -> list[Sentence]:
    """The summary sentences, each over the records it cites; kinds without records are left
    out."""
    out: list[Sentence] = []
    pair = f"{brief.a_name} and {brief.b_name}"
    events = brief.events
    if brief.total and events:
        parts = [f"{q.count} {q.name}" for q in brief.quads if q.count]
        classes = f"all {parts[0].split(' ', 1)[1]}" if len(parts) == 1 else _join(parts)
        undated = sum(1 for e in events if not e.date)
        shown = "" if brief.total <= len(events) else f"; the {len(events)} key events are cited"
        text = (f"{brief.total} event{'s' if brief.total != 1 else ''} between {pair} "
                f"{'are' if brief.total != 1 else 'is'} on record ({brief.period}"
                f"{f'; {undated} of them undated' if undated else ''}): {classes}{shown}.")
        if brief.previous_total is not None:
            trend = ("up from" if brief.total > brief.previous_total else
                     "down from" if brief.total < brief.previous_total else "the same as")
            text += (f" That is {trend} {brief.previous_total} in the previous period of equal "
                     f"length ({read_date(brief.previous_since)} to "
                     f"{read_date(brief.previous_until)}).")
        out.append(Sentence(text=text, refs=[e.label for e in events]))

    contacts = [e for e in reversed(events) if e.date and e.tense != "future"
                and e.cameo.startswith(CONTACT_ROOT) and _between_states(e, brief)]
    if contacts:
        items = [f"{e.when}, {e.source} and {e.target}: {e.action} (“{e.trigger}”)"
                 + (f" in {e.location}" if e.location else "")
                 for e in contacts[:LATEST_CONTACTS]]
        out.append(Sentence(text=f"Latest high-level contacts: {'; '.join(items)}.",
                            refs=[e.label for e in contacts[:LATEST_CONTACTS]]))

    plans = [e for e in events if e.tense == "future"][:PLANS]
    if plans:
        items = [f"{e.source} and {e.target}: {e.action} (“{e.trigger}”), "
                 f"{e.when if e.date else 'no date given'}" for e in plans]
        out.append(Sentence(text=f"Announced as planned: {'; '.join(items)}.",
                            refs=[e.label for e in plans]))

    for statuses, heading in ((DONE_STATUSES, "Agreements signed"),
                              (AHEAD_STATUSES, "Agreements planned or under negotiation")):
        chosen = [g for g in brief.agreements if g.status in statuses]
        if chosen:
            items = [f"{g.name} ({g.status}, {g.when}"
                     + (f", between {g.party_names}" if g.party_names else "") + ")"
                     for g in chosen]
            out.append(Sentence(text=f"{heading}: {'; '.join(items)}.",
                                refs=[r for g in chosen for r in (g.label, *g.events)]))

    # a figure without a period cannot be placed in the brief's period: the table lists it
    dated = [f for f in brief.figures if f.period]
    if dated:
        items = [f"{f.what}{f' {f.direction}' if f.direction else ''}, {f.amount} in {f.period}"
                 for f in dated]
        out.append(Sentence(text=f"Figures: {'; '.join(items)}.", refs=[f.label for f in dated]))

    if brief.milestones:
        items = [f"{m.what} on {m.when}" if m.date and len(m.date) >= 10
                 else f"{m.what} ({m.when})" for m in brief.milestones]
        out.append(Sentence(text=f"Milestones of the relationship: {'; '.join(items)}.",
                            refs=[m.label for m in brief.milestones]))

    sides = []
    refs: list[str] = []
    for code, name in ((brief.a, brief.a_name), (brief.b, brief.b_name)):
        officials = [p for p in brief.people if p.country == code][:OFFICIALS_PER_SIDE]
        if officials:
            sides.append(f"for {name}, " + _join(
                [f"{p.name}{f' ({p.title})' if p.title else ''}" for p in officials]))
            refs += [p.label for p in officials]
    if sides:
        out.append(Sentence(text=f"Officials named: {'; '.join(sides)}.", refs=refs))
    return out


def _between_states(event: BriefEvent, brief: Brief) -> bool:
    """A contact of the pair's states: one side each, both speaking for their state."""
    return ({event.source_country, event.target_country} == {brief.a, brief.b}
            and event.source_sector in STATE_SECTORS and event.target_sector in STATE_SECTORS)
