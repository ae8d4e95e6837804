"""The dashboard: server-rendered pages over the same store and row models as the JSON API.

Pages are Jinja2 templates with autoescape on; article text only reaches the page as escaped
template values (never `|safe`), charts as JSON data read by the local plotly.js.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict

from communique import geo
from communique.api.schemas import (
    AgreementRow,
    ArticleRow,
    DyadRow,
    EventRow,
    FigureRow,
    rows,
)
from communique.api.state import AppState, request_state
from communique.store.base import EventQuery
from communique.web.charts import (
    QUAD_COLOURS,
    QUAD_NAMES,
    ChartSpec,
    Network,
    figures_chart,
    goldstein_colour,
    network_layout,
    timeline_chart,
)
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
SEARCH_RESULTS = 50


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


class Entity(BaseModel):
    """A person or organisation on the pair page, with the articles that name it."""

    model_config = ConfigDict(frozen=True)

    name: str
    title: str | None = None
    country: str | None = None
    articles: list[ArticleLink]


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


def _events_sorted(frame: pd.DataFrame) -> pd.DataFrame:
    if "date_start" in frame.columns:
        return frame.sort_values("date_start", ascending=False, na_position="last", kind="stable")
    return frame


def _dyad_rows(frame: pd.DataFrame) -> list[DyadRow]:
    return [d for d in rows(frame, DyadRow) if d.a != d.b]


router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/")
def overview(request: Request) -> Response:
    st = request_state(request)
    latest = EventQuery(limit=LATEST_EVENTS, newest_first=True)
    articles, events, summary, dyad_frame = st.with_store(lambda s: (
        s.articles(limit=LATEST_ARTICLES, offset=0, search=None), s.events(latest),
        s.event_summary(EventQuery()), s.dyads(),
    ))
    dyads = sorted(_dyad_rows(dyad_frame), key=lambda d: -d.events)
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


def _entities(st: AppState, article_ids: list[str]) -> tuple[list[Entity], list[Entity]]:
    """People and organisations of the first PAIR_ARTICLES articles, from the store's
    per-article rows (one query; no result JSON is parsed)."""
    people: dict[str, Entity] = {}
    orgs: dict[str, Entity] = {}
    wanted = article_ids[:PAIR_ARTICLES]
    frame = st.with_store(lambda s: s.article_entities(wanted))
    for row in frame.itertuples(index=False):
        link = ArticleLink(id=str(row.article_id), title=_text(row.article_title),
                           source=_text(row.article_source))
        name, country = str(row.name), _text(row.country)
        if row.kind == "person":
            known = people.get(name)
            links = _with_link(known.articles if known else [], link)
            title = _text(row.title) or (known.title if known else None)
            people[name] = Entity(name=name, title=title, country=country, articles=links)
        else:
            known = orgs.get(name)
            orgs[name] = Entity(name=name, country=country,
                                articles=_with_link(known.articles if known else [], link))
    return list(people.values()), list(orgs.values())


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


@router.get("/pair/{dyad}")
def pair(request: Request, dyad: str) -> Response:
    a, b = _dyad(dyad)
    st = request_state(request)
    # only the page of events shown is read; the total and the mean are SQL aggregates
    query = EventQuery(dyad=(a, b), limit=PAIR_EVENTS, newest_first=True)
    events, summary, timeline, figure_frame, agreements = st.with_store(lambda s: (
        s.events(query), s.event_summary(query), s.timeline(a, b), s.figures((a, b)),
        s.agreements((a, b)),
    ))
    figures = _figure_years(figure_frame)
    article_ids = list(dict.fromkeys(str(i) for i in events.get("article_id", [])))
    people, orgs = _entities(st, article_ids)
    charts: dict[str, ChartSpec] = {}
    if (spec := timeline_chart(timeline)) is not None:
        charts["timeline"] = spec
    if (spec := figures_chart(figures)) is not None:
        charts["figures"] = spec
    return _render(request, "pair.html", {
        "a": a, "b": b, "country_name": _namer(organisation_labels(st, {a, b})),
        "events": rows(events, EventRow),
        "total_events": summary.events,
        "mean_goldstein": summary.mean_goldstein,
        "charts": charts,
        "figures": rows(figures, FigureRow),
        "agreements": rows(agreements, AgreementRow),
        "people": people,
        "organizations": orgs,
        "quad_names": QUAD_NAMES,
        "quad_colours": QUAD_COLOURS,
    })


@router.get("/network")
def network(request: Request) -> Response:
    st = request_state(request)
    dyads = _dyad_rows(st.with_store(lambda s: s.dyads()))
    codes = {c for d in dyads for c in (d.a, d.b)}
    labels = organisation_labels(st, codes)
    name = _namer(labels)
    layout: Network = network_layout(
        [(d.a, d.b, d.events, d.mean_goldstein) for d in dyads], {c: name(c) for c in codes},
        frozenset(labels),
    )
    return _render(request, "network.html", {"network": layout, "dyads": dyads,
                                             "colour": goldstein_colour, "country_name": name})


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


@router.get("/search")
def search(
    request: Request, q: Annotated[str, Query(max_length=200)] = ""
) -> Response:
    st = request_state(request)
    q = q.strip()
    articles: list[ArticleRow] = []
    events: list[EventRow] = []
    if q:
        articles = rows(st.with_store(
            lambda s: s.articles(limit=SEARCH_RESULTS, offset=0, search=q)), ArticleRow)
        events = rows(_events_sorted(st.with_store(
            lambda s: s.events(EventQuery(search=q, limit=SEARCH_RESULTS)))), EventRow)
    return _render(request, "search.html", {"q": q, "articles": articles, "events": events})


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
