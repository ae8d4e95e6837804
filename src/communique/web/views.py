"""The dashboard: server-rendered pages over the same store and row models as the JSON API.

Pages are Jinja2 templates with autoescape on; article text only reaches the page as escaped
template values (never `|safe`), charts as JSON data read by the local plotly.js.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict

from communique import geo
from communique.api.cache import answer_key
from communique.api.schemas import (
    AgreementRow,
    ArticleRow,
    DyadRow,
    EventRow,
    FigureRow,
    rows,
)
from communique.api.state import AppState, request_state
from communique.errors import ConfigError
from communique.store.base import DATE_PATTERN, EventQuery
from communique.web.charts import (
    QUAD_COLOURS,
    QUAD_NAMES,
    ChartSpec,
    Network,
    TimelineMarker,
    figures_chart,
    goldstein_colour,
    network_layout,
    timeline_chart,
)
from communique.web.explore import router as explore_router
from communique.web.highlight import event_anchor, highlight
from communique.web.watch_views import router as watch_router

if TYPE_CHECKING:
    import pandas as pd

HERE = Path(__file__).parent
#: plotly.js v4.1.1, the released minified bundle (MIT; static/vendor/NOTICE).
PLOTLY_JS = HERE / "static" / "vendor" / "plotly.min.js"
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.autoescape = True  # every value is escaped, whatever the template file's name


def web_url(url: str | None) -> str | None:
    """An article's URL if it is safe to link (http/https); `javascript:` and the like are not."""
    if not url:
        return None
    from urllib.parse import urlsplit

    return url if urlsplit(url.strip()).scheme.lower() in {"http", "https"} else None


def quote_id(value: str) -> str:
    """An id as one path segment (ids of failed inputs can hold slashes)."""
    from urllib.parse import quote

    return quote(str(value), safe="")


templates.env.globals["event_anchor"] = event_anchor
templates.env.filters["web_url"] = web_url
templates.env.filters["quote_id"] = quote_id

# How much each page shows: enough to read at a glance, small enough to render fast.
LATEST_ARTICLES = 15
LATEST_EVENTS = 20
TOP_DYADS = 25
PAIR_EVENTS = 200
# The pair page opens at most this many articles to list the people and organisations involved.
PAIR_ARTICLES = 40
# A download of the pair page's events holds at most this many rows (the newest of the period);
# the JSON API pages through more.
PAIR_DOWNLOAD_ROWS = 10_000
# The network reads the busiest pairs only (an SQL LIMIT): enough to place its 80 busiest
# countries (charts.NETWORK_MAX_NODES) and their edges; its table lists the first NETWORK_TABLE.
NETWORK_PAIRS = 2000
NETWORK_TABLE = 200


class PageError(Exception):
    """A dashboard page that cannot be shown; rendered as an HTML error page."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Count(BaseModel):
    model_config = ConfigDict(frozen=True)

    label: str
    count: int
    href: str | None = None
    colour: str | None = None
    goldstein: float | None = None


class ArticleLink(BaseModel):
    """An article as a link: its title and publisher (the id when it has no title)."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    url: str | None = None
    """The article's own URL (shown only when it is http(s))."""


class Entity(BaseModel):
    """A person or organisation on the pair page, with the articles that name it."""

    model_config = ConfigDict(frozen=True)

    name: str
    title: str | None = None
    country: str | None = None
    articles: list[ArticleLink]


class MilestoneRow(BaseModel):
    """A milestone of the relationship (diplomatic relations, embassy opened ...) with its date."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    article_id: str | None = None
    kind: str
    date: str | None = None
    date_text: str | None = None
    countries: str | None = None
    text: str | None = None

    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "id": ("milestone_id", "id"), "date": ("date_start", "date"),
    }


# CAMEO's international codes stand for many organisations; when the events give no name, the
# page says what kind of actor the code is rather than showing it as a country.
INTERNATIONAL_KINDS: dict[str, str] = {
    "IGO": "international organisation", "NGO": "non-governmental organisation",
    "MNC": "multinational company",
}
# Events read per international code to find the organisations' names (the most frequent win),
# and how many names a label lists before "+N more".
ORG_NAME_EVENTS = 1000
ORG_NAMES_SHOWN = 2


def organisation_label(code: str, names: Counter[str]) -> str:
    """A label for an international code: its organisations' names, most frequent first."""
    ranked = [name for name, _ in sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))]
    if not ranked:
        return f"{INTERNATIONAL_KINDS.get(code, 'organisation')} ({code})"
    shown = ", ".join(ranked[:ORG_NAMES_SHOWN])
    more = len(ranked) - ORG_NAMES_SHOWN
    return f"{shown} +{more} more" if more > 0 else shown


def organisation_labels(st: AppState, codes: set[str]) -> dict[str, str]:
    """Labels for the codes that are not countries (IGO, NGO, MNC ...), from the events' actor
    names under that code."""
    wanted = sorted(c for c in codes if c and not geo.is_country(c))
    if not wanted:
        return {}
    frames = st.with_store(lambda s: [
        s.events(EventQuery(actor=code, limit=ORG_NAME_EVENTS)) for code in wanted
    ])
    labels: dict[str, str] = {}
    for code, events in zip(wanted, frames, strict=True):
        names: Counter[str] = Counter()
        for e in rows(events, EventRow):
            for country, name in ((e.source_country, e.source_name),
                                  (e.target_country, e.target_name)):
                if country == code and name and name != code:
                    names[name] += 1
        labels[code] = organisation_label(code, names)
    return labels


def _namer(labels: dict[str, str]) -> Any:
    """country_name with the organisation labels of this page put first."""
    return lambda code: labels.get(code or "") or country_name(code)


@lru_cache(maxsize=512)
def country_name(code: str | None) -> str:
    """The short English name of an ISO3 code (or the code itself: IGO, unknown codes)."""
    if not code:
        return "?"
    return geo.country_name(code)


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    return templates.TemplateResponse(
        request, name, {"country_name": country_name, **context}, status_code=status
    )


def _dyad(text: str) -> tuple[str, str]:
    parts = text.upper().split("-")
    if len(parts) != 2 or not all(len(p) == 3 and p.isalpha() for p in parts):
        raise PageError(404, f"{text!r} is not a country pair; use two ISO3 codes, e.g. KAZ-BEL")
    return parts[0], parts[1]


router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/")
def overview(request: Request) -> Response:
    """The overview, kept per store revision like the pair page (everyone opens it)."""
    return request_state(request).cached(answer_key(request), lambda: _overview(request))


def _overview(request: Request) -> Response:
    st = request_state(request)
    latest = EventQuery(limit=LATEST_EVENTS, newest_first=True)
    # the busiest pairs only: an SQL aggregate with a limit (a big store has 10k+ pairs)
    articles, events, summary, pairs = st.with_store(lambda s: (
        s.articles(limit=LATEST_ARTICLES, offset=0, search=None), s.events(latest),
        s.event_summary(EventQuery()), s.pair_counts(EventQuery(), limit=TOP_DYADS),
    ))
    dyads = [DyadRow(a=p.a, b=p.b, events=p.events, mean_goldstein=p.mean_goldstein)
             for p in pairs]
    by_plover = [Count(label=label, count=n) for label, n in summary.by_plover.items()]
    name = _namer(organisation_labels(st, {c for d in dyads[:TOP_DYADS] for c in (d.a, d.b)}))
    by_pair = [
        Count(label=f"{name(d.a)} – {name(d.b)}", count=d.events,
              href=f"/pair/{d.a}-{d.b}", goldstein=d.mean_goldstein,
              colour=goldstein_colour(d.mean_goldstein))
        for d in dyads[:TOP_DYADS]
    ]
    return _render(request, "overview.html", {
        "articles": rows(articles, ArticleRow),
        "events": rows(events, EventRow),
        "total_events": summary.events,
        "by_plover": by_plover,
        "max_plover": max((c.count for c in by_plover), default=1),
        "by_pair": by_pair,
        "max_pair": max((c.count for c in by_pair), default=1),
    })


def _entities(
    st: AppState, article_ids: list[str], pair: tuple[str, str], actors: set[str]
) -> tuple[list[Entity], list[Entity], list[ArticleLink]]:
    """The people and organisations of the pair, and the articles read (the sources list), from
    the store's per-article rows of the first PAIR_ARTICLES articles (no result JSON is parsed).

    Shown are those who act in the pair's events (`actors`: the events' source and target
    persons and names) and those of either country of the pair; someone of a third country that
    an article only names is left out."""
    people: dict[str, Entity] = {}
    orgs: dict[str, Entity] = {}
    wanted = article_ids[:PAIR_ARTICLES]
    frame, article_frame = st.with_store(
        lambda s: (s.article_entities(wanted), s.articles_by_id(wanted)))
    sources = {
        str(a.id): ArticleLink(id=str(a.id), title=_text(a.title), source=_text(a.source),
                               published=(_text(a.published) or "")[:10] or None,
                               url=_text(a.url))
        for a in article_frame.itertuples(index=False)
    }
    for row in frame.itertuples(index=False):
        name, country = str(row.name), _text(row.country)
        if name not in actors and country not in pair:
            continue
        link = sources.get(str(row.article_id)) or ArticleLink(
            id=str(row.article_id), title=_text(row.article_title),
            source=_text(row.article_source))
        if row.kind == "person":
            known = people.get(name)
            links = _with_link(known.articles if known else [], link)
            title = _text(row.title) or (known.title if known else None)
            people[name] = Entity(name=name, title=title, country=country, articles=links)
        else:
            known = orgs.get(name)
            orgs[name] = Entity(name=name, country=country,
                                articles=_with_link(known.articles if known else [], link))
    ordered = [sources[i] for i in wanted if i in sources]
    return list(people.values()), list(orgs.values()), ordered


def _text(value: object) -> str | None:
    """A text cell of a frame; None for SQL NULL (pandas gives None or NaN)."""
    return value if isinstance(value, str) else None


def _with_link(links: list[ArticleLink], link: ArticleLink) -> list[ArticleLink]:
    return links if any(known.id == link.id for known in links) else [*links, link]


def _figure_years(frame: pd.DataFrame) -> pd.DataFrame:
    """Each figure's year when its period lies within one year; None for multi-year totals
    ("$9.96 billion during 2005-2021") and undated figures, which a yearly chart would misplace.
    """
    if frame.empty:
        return frame

    def year(row: pd.Series[Any]) -> int | None:
        start, end = row.get("period_start"), row.get("period_end")
        if not (isinstance(start, str) and start[:4].isdigit()):
            return None
        if isinstance(end, str) and end[:4] != start[:4]:
            return None
        return int(start[:4])

    return frame.assign(year=frame.apply(year, axis=1))


def _period(since: str, until: str) -> tuple[str | None, str | None]:
    """The page's date filter (?since=&until=, YYYY, YYYY-MM or YYYY-MM-DD; empty: none)."""
    import re

    out: list[str | None] = []
    for name, value in (("since", since.strip()), ("until", until.strip())):
        if value and not re.match(DATE_PATTERN, value):
            raise PageError(422, f"{name}={value!r} is not a date; write YYYY, YYYY-MM or "
                                 "YYYY-MM-DD, e.g. since=2022-01")
        out.append(value or None)
    if out[0] and out[1] and out[0] > out[1]:
        raise PageError(422, f"since={out[0]} is after until={out[1]}; swap them")
    return out[0], out[1]


def _period_query(since: str | None, until: str | None) -> str:
    """The filter as a query string for the page's links ("" without a filter)."""
    from urllib.parse import urlencode

    pairs = [(k, v) for k, v in (("since", since), ("until", until)) if v]
    return "?" + urlencode(pairs) if pairs else ""


def _in_months(frame: pd.DataFrame, since: str | None, until: str | None) -> pd.DataFrame:
    """Timeline rows whose month lies in the filter (compared on YYYY-MM)."""
    if frame.empty or not (since or until) or "month" not in frame.columns:
        return frame
    months = frame["month"].astype(str).str[:7]
    keep = months.notna()
    if since:
        keep &= months >= since[:7]
    if until:
        keep &= months <= until[:7]
    return frame[keep]


def _dated_rows(frame: pd.DataFrame, start: str, end: str, since: str | None,
                until: str | None, articles: set[str]) -> pd.DataFrame:
    """Fact rows (figures, agreements) of the period: dated in it, or undated in its articles."""
    from communique.brief.build import in_period, period_bounds

    if frame.empty or not (since or until):
        return frame
    first, last = period_bounds(since, until)

    def keep(row: pd.Series[Any]) -> bool:
        lo = row.get(start)
        hi = row.get(end)
        lo = lo if isinstance(lo, str) else None
        hi = hi if isinstance(hi, str) else None
        if lo is None:
            return str(row.get("article_id")) in articles
        return in_period(lo, hi, first, last)

    return frame[frame.apply(keep, axis=1)]


@router.get("/pair/{dyad}")
def pair(request: Request, dyad: str, since: str = "", until: str = "") -> Response:
    """The pair page, kept per store revision (api/cache.py): asked for again with nothing
    written since, it is sent without a query or a render."""
    return request_state(request).cached(
        answer_key(request), lambda: _pair_page(request, dyad, since, until))


def _pair_page(request: Request, dyad: str, since: str, until: str) -> Response:
    a, b = _dyad(dyad)
    first, last = _period(since, until)
    st = request_state(request)
    # only the page of events shown is read; the total and the mean are SQL aggregates
    query = EventQuery(dyad=(a, b), since=first, until=last, limit=PAIR_EVENTS,
                       newest_first=True)
    events, summary, timeline, figure_frame, agreement_frame, milestone_frame = st.with_store(
        lambda s: (s.events(query), s.event_summary(query), s.timeline(a, b), s.figures((a, b)),
                   s.agreements((a, b)), s.milestones((a, b))))
    article_ids = list(dict.fromkeys(str(i) for i in events.get("article_id", [])))
    shown = set(article_ids)
    figures = _figure_years(_dated_rows(figure_frame, "period_start", "period_end", first, last,
                                        shown))
    agreements = rows(_dated_rows(agreement_frame, "date_start", "date_end", first, last, shown),
                      AgreementRow)
    milestones = rows(milestone_frame, MilestoneRow)
    event_rows = rows(events, EventRow)
    actors = {n for e in event_rows for n in (e.source_person, e.target_person, e.source_name,
                                              e.target_name) if n}
    people, orgs, sources = _entities(st, article_ids, (a, b), actors)
    charts: dict[str, ChartSpec] = {}
    markers = [TimelineMarker(date=g.date, label=g.name, kind="agreement")
               for g in agreements if g.date]
    markers += [TimelineMarker(date=m.date, label=m.kind.replace("_", " "), kind="milestone")
                for m in milestones if m.date]
    if (spec := timeline_chart(_in_months(timeline, first, last), markers)) is not None:
        charts["timeline"] = spec
    if (spec := figures_chart(figures)) is not None:
        charts["figures"] = spec
    return _render(request, "pair.html", {
        "a": a, "b": b, "country_name": _namer(organisation_labels(st, {a, b})),
        "since": first or "", "until": last or "", "period_query": _period_query(first, last),
        "events": event_rows,
        "total_events": summary.events,
        "mean_goldstein": summary.mean_goldstein,
        "charts": charts,
        "figures": rows(figures, FigureRow),
        "agreements": agreements,
        "milestones": milestones,
        "people": people,
        "organizations": orgs,
        "sources": sources,
        "quad_names": QUAD_NAMES,
        "quad_colours": QUAD_COLOURS,
    })


def _brief(request: Request, dyad: str, since: str, until: str) -> Any:
    from communique.brief import build_brief

    a, b = _dyad(dyad)
    first, last = _period(since, until)
    try:
        return request_state(request).with_store(lambda s: build_brief(s, a, b, first, last))
    except ConfigError as exc:
        raise PageError(422, str(exc)) from None


@router.get("/pair/{dyad}/brief")
def pair_brief(request: Request, dyad: str, since: str = "", until: str = "") -> Response:
    """The brief of the pair as a page (the same document as `communique brief -f html`)."""
    from communique.brief import to_html

    return HTMLResponse(to_html(_brief(request, dyad, since, until), links=True))


@router.get("/pair/{dyad}/brief.pdf")
def pair_brief_pdf(request: Request, dyad: str, since: str = "", until: str = "") -> Response:
    """The brief as a PDF download (fpdf2, the `pdf` extra)."""
    from communique.brief import to_pdf

    brief = _brief(request, dyad, since, until)
    try:
        data = to_pdf(brief)
    except ConfigError as exc:
        raise PageError(501, str(exc)) from None
    name = "_".join(x for x in ("brief", f"{brief.a}-{brief.b}", brief.since, brief.until) if x)
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'})


@router.get("/pair/{dyad}/events.{fmt}")
def pair_download(request: Request, dyad: str, fmt: str, since: str = "",
                  until: str = "") -> Response:
    """The pair's events of the period (the page's filter) as CSV or JSON, newest first."""
    import csv
    import io
    import json

    if fmt not in ("csv", "json"):
        raise PageError(404, f"no download as {fmt!r}; choose events.csv or events.json")
    a, b = _dyad(dyad)
    first, last = _period(since, until)
    query = EventQuery(dyad=(a, b), since=first, until=last, limit=PAIR_DOWNLOAD_ROWS,
                       newest_first=True)
    records = [e.model_dump(mode="json") for e in
               rows(request_state(request).with_store(lambda s: s.events(query)), EventRow)]
    name = "_".join(x for x in ("events", f"{a}-{b}", first, last) if x)
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    if fmt == "json":
        return Response(json.dumps(records, ensure_ascii=False, indent=1),
                        media_type="application/json", headers=headers)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(EventRow.model_fields))
    writer.writeheader()
    writer.writerows(records)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/network")
def network(
    request: Request, quad: Annotated[int | None, Query(ge=1, le=4)] = None
) -> Response:
    st = request_state(request)
    # the edge filter: only the events of one quad class (an SQL aggregate per pair)
    pairs = st.with_store(
        lambda s: s.pair_counts(EventQuery(quad_class=quad), limit=NETWORK_PAIRS))
    dyads = [DyadRow(a=p.a, b=p.b, events=p.events, mean_goldstein=p.mean_goldstein)
             for p in pairs]
    codes = {c for d in dyads for c in (d.a, d.b)}
    labels = organisation_labels(st, codes)
    name = _namer(labels)
    layout: Network = network_layout(
        [(d.a, d.b, d.events, d.mean_goldstein) for d in dyads], {c: name(c) for c in codes},
        frozenset(labels),
    )
    return _render(request, "network.html", {"network": layout, "dyads": dyads[:NETWORK_TABLE],
                                             "colour": goldstein_colour, "country_name": name,
                                             "quad": quad, "quad_names": QUAD_NAMES,
                                             "quad_colours": QUAD_COLOURS})


@router.get("/article/{article_id:path}")
def article(request: Request, article_id: str) -> Response:
    result = request_state(request).with_store(lambda s: s.result(article_id))
    if result is None:
        raise PageError(404, f"no article with id {article_id!r}; find it from the search page")
    view = highlight(result)
    pairs = sorted({
        tuple(sorted((e.source.country, e.target.country)))
        for e in result.events
        if e.source and e.target and e.source.country and e.target.country
        and e.source.country != e.target.country
    })
    return _render(request, "article.html", {
        "result": result, "article": result.article, "view": view, "pairs": pairs,
        "kinds": sorted({r.kind for r in view.records}),
    })


def _plotly_js() -> Response:
    """plotly.js shipped with communique (static/vendor, MIT): the dashboard needs no CDN."""
    return FileResponse(PLOTLY_JS, media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})


def error_page(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    """The HTML error page (no internals: the message is written for the reader)."""
    response = _render(request, "error.html", {"status": status, "message": message},
                       status=status)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def install_web(app: FastAPI) -> None:
    """Add the pages, the static files and the HTML error page to the app."""

    async def page_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PageError)
        return _render(request, "error.html", {"status": exc.status, "message": exc.message},
                       status=exc.status)

    app.add_exception_handler(PageError, page_error)
    app.add_api_route("/assets/plotly.min.js", _plotly_js, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(router)
    app.include_router(watch_router)
    app.include_router(explore_router)
