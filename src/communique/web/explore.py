"""The explore pages: events with facets (and their downloads), a country, the map, search.

Like datasette: every view is a GET URL (share it, bookmark it), every count on it is an SQL
aggregate of the store (`Store.facets`, `partners`, `locations`, `search_articles`), and only
the page of events shown is read.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict

from communique import geo
from communique.api.schemas import EventRow, rows
from communique.api.state import request_state
from communique.store.base import COUNTRY_PATTERN, DATE_PATTERN, EventQuery, EventSort
from communique.store.explore import FACETS, FacetCount, LocationCount
from communique.store.search import SnippetPart, highlight_terms, snippet
from communique.web.charts import QUAD_COLOURS, QUAD_NAMES, ChartSpec, goldstein_colour

#: Events per page of the events table (and the most a `size` parameter may ask for).
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
#: Rows in one CSV/JSON download of a view: the view's first rows in its order. Larger sets
#: are what `communique export` is for.
DOWNLOAD_ROWS = 10_000
#: Latest events and partners shown on a country page.
COUNTRY_EVENTS = 20
#: Places drawn on the map (the busiest); more would not be readable as circles.
MAP_PLACES = 2000
#: Search hits per page.
SEARCH_PAGE = 20
#: The largest marker on the map, in px (area grows with events).
MAP_MAX_MARKER = 40

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
PLOVER_PATTERN = r"^[A-Za-z_]{2,24}$"
Order = Literal["asc", "desc"]

#: Columns of a download, in order (the evidence last: it is the longest).
DOWNLOAD_COLUMNS = (
    "event_key", "date_start", "date_end", "source_country", "source_name", "target_country",
    "target_name", "cameo", "plover", "quad_class", "goldstein", "location_name",
    "num_mentions", "num_articles", "num_sources", "article_id", "trigger_text",
    "evidence_text",
)
#: A spreadsheet runs a cell starting with one of these as a formula: such text gets a leading
#: apostrophe in CSV downloads (OWASP's advice for CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

FACET_TITLES = {
    "plover": "PLOVER type", "quad_class": "Quad class", "country": "Country",
    "publisher": "Publisher", "month": "Month",
}
#: The page parameter each facet sets.
FACET_PARAMS = {
    "plover": "plover", "quad_class": "quad", "country": "country", "publisher": "publisher",
    "month": "month",
}


class ExploreFilters(BaseModel):
    """The filters of an events view: what its URL says."""

    model_config = ConfigDict(frozen=True)

    country: str | None = None
    plover: str | None = None
    quad: int | None = None
    publisher: str | None = None
    month: str | None = None
    since: str | None = None
    until: str | None = None
    sort: EventSort = "date"
    order: Order = "desc"
    page: int = 1
    size: int = PAGE_SIZE

    def query(self, limit: int | None = None, offset: int | None = None) -> EventQuery:
        since, until = (self.month, self.month) if self.month else (self.since, self.until)
        return EventQuery(
            actor=self.country, plover=self.plover.upper() if self.plover else None,
            quad_class=self.quad, publisher=self.publisher, since=since, until=until,
            sort=self.sort, newest_first=self.order == "desc",
            limit=limit if limit is not None else self.size,
            offset=offset if offset is not None else (self.page - 1) * self.size,
        )

    def params(self, **changes: Any) -> dict[str, str]:
        """The URL parameters of this view with `changes` (None removes one); defaults left out."""
        values = {**self.model_dump(), **changes}
        defaults = ExploreFilters().model_dump()
        return {k: str(v) for k, v in values.items() if v is not None and v != defaults[k]}

    def href(self, path: str = "/events", /, **changes: Any) -> str:
        """The URL of this view with `changes`; any filter change goes back to page 1."""
        if any(k != "page" for k in changes):
            changes.setdefault("page", None)
        query = urlencode(self.params(**changes))
        return f"{path}?{query}" if query else path

    @property
    def active(self) -> list[tuple[str, str]]:
        """(parameter, value) of each filter set, for the "remove" links."""
        names = ("country", "plover", "quad", "publisher", "month", "since", "until")
        return [(n, str(getattr(self, n))) for n in names if getattr(self, n) is not None]


class FacetView(BaseModel):
    """A facet as the page shows it: a title and its values as links."""

    model_config = ConfigDict(frozen=True)

    name: str
    title: str
    values: list[tuple[FacetCount, str, str, bool]]
    """(count, label, href, selected)"""


def _label(facet: str, value: str) -> str:
    if facet == "quad_class" and value.isdigit():
        return QUAD_NAMES.get(int(value), value)
    if facet == "country":
        return f"{geo.country_name(value)} ({value})"
    return value


# the query parameters of an events view, shared by the page and its downloads
Country = Annotated[str | None, Query(pattern=COUNTRY_PATTERN)]
Plover = Annotated[str | None, Query(pattern=PLOVER_PATTERN)]
Quad = Annotated[int | None, Query(ge=1, le=4)]
Publisher = Annotated[str | None, Query(max_length=200)]
Month = Annotated[str | None, Query(pattern=MONTH_PATTERN)]
Day = Annotated[str | None, Query(pattern=DATE_PATTERN)]
Sort = Annotated[EventSort, Query()]
Page = Annotated[int, Query(ge=1, le=100_000)]
Size = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]


def _filters(
    country: Country = None, plover: Plover = None, quad: Quad = None,
    publisher: Publisher = None, month: Month = None, since: Day = None, until: Day = None,
    sort: Sort = "date", order: Order = "desc", page: Page = 1, size: Size = PAGE_SIZE,
) -> ExploreFilters:
    """The events view a URL's query asks for (a FastAPI dependency of the page and its
    downloads, so the three read the same parameters with the same checks)."""
    return ExploreFilters(
        country=country or None, plover=plover or None, quad=quad,
        publisher=publisher or None, month=month or None, since=since or None,
        until=until or None, sort=sort, order=order, page=page, size=size,
    )


Filters = Annotated[ExploreFilters, Depends(_filters)]


def _render(request: Request, name: str, context: dict[str, Any]) -> Response:
    from communique.web.views import _render as render

    return render(request, name, context)


router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/events")
def events_page(request: Request, f: Filters) -> Response:
    query = f.query()
    frame, total, facets = request_state(request).with_store(lambda s: (
        s.events(query), s.count_events(query), s.facets(query),
    ))
    selected = {
        "plover": f.plover.upper() if f.plover else None,
        "quad_class": str(f.quad) if f.quad else None, "country": f.country,
        "publisher": f.publisher, "month": f.month,
    }
    views = [
        FacetView(name=name, title=FACET_TITLES[name], values=[
            (c, _label(name, c.value),
             f.href(**{FACET_PARAMS[name]: None if selected[name] == c.value else c.value}),
             selected[name] == c.value)
            for c in facets.get(name, [])
        ])
        for name in FACETS
    ]
    pages = max(1, -(-total // f.size))
    return _render(request, "events.html", {
        "f": f, "events": rows(frame, EventRow), "total": total, "facets": views,
        "pages": pages, "quad_names": QUAD_NAMES,
        "csv_href": f.href("/events.csv", page=f.page), "json_href": f.href("/events.json",
                                                                           page=f.page),
        "sorts": ("date", "goldstein", "mentions", "articles", "type"),
    })


def _download_frame(request: Request, f: ExploreFilters) -> Any:
    query = f.query(limit=DOWNLOAD_ROWS, offset=0)
    frame = request_state(request).with_store(lambda s: s.events(query))
    return frame[[c for c in DOWNLOAD_COLUMNS if c in frame.columns]]


def _download_name(f: ExploreFilters, ext: str) -> str:
    parts = [v for _, v in f.active if v.isascii() and v.replace("-", "").isalnum()]
    return "events" + "".join(f"_{p}" for p in parts) + f".{ext}"


def safe_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text starting like a formula gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


@router.get("/events.csv", response_class=Response)
def events_csv(request: Request, f: Filters) -> Response:
    frame = _download_frame(request, f)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(frame.columns)
    for record in frame.itertuples(index=False):
        writer.writerow([safe_cell(None if _missing(v) else v) for v in record])
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{_download_name(f, "csv")}"'})


@router.get("/events.json", response_class=Response)
def events_json(request: Request, f: Filters) -> Response:
    frame = _download_frame(request, f)
    records = [
        {k: None if _missing(v) else _plain(v) for k, v in r.items()}
        for r in frame.to_dict("records")
    ]
    body = json.dumps({"filters": f.params(), "rows": records}, ensure_ascii=False)
    return Response(body, media_type="application/json", headers={
        "Content-Disposition": f'attachment; filename="{_download_name(f, "json")}"'})


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


@router.get("/country/{code}")
def country_page(request: Request, code: str) -> Response:
    from communique.web.views import PageError, organisation_labels

    code = code.upper()
    if not (len(code) == 3 and code.isalpha()):
        raise PageError(404, f"{code!r} is not a country code; use an ISO3 code, e.g. KAZ")
    st = request_state(request)
    latest = EventQuery(actor=code, limit=COUNTRY_EVENTS, newest_first=True)
    partners, events, facets, total = st.with_store(lambda s: (
        s.partners(code), s.events(latest),
        s.facets(EventQuery(actor=code), ["plover", "quad_class", "month"]),
        s.count_events(EventQuery(actor=code)),
    ))
    if total == 0:
        raise PageError(404, f"no events involve {code}; pick a country from the events page")
    labels = organisation_labels(st, {code, *(p.partner for p in partners)})
    name = labels.get(code) or geo.country_name(code)
    busiest = max((p.events for p in partners), default=1)
    return _render(request, "country.html", {
        "code": code, "name": name, "partners": partners, "busiest": busiest,
        "events": rows(events, EventRow), "total": total, "facets": facets,
        "quad_names": QUAD_NAMES, "quad_colours": QUAD_COLOURS, "colour": goldstein_colour,
        "partner_name": lambda c: labels.get(c) or geo.country_name(c),
        "events_href": ExploreFilters(country=code).href(),
        "map_href": f"/map?country={code}",
    })


def map_chart(places: list[LocationCount]) -> ChartSpec:
    """A scattergeo of places: area by events, colour by mean Goldstein; Natural Earth 1:110m
    country outlines from /static/topojson (plotly's own world_110m.json, shipped)."""
    busiest = max((p.events for p in places), default=1)
    sizes = [max(4.0, MAP_MAX_MARKER * (p.events / busiest) ** 0.5) for p in places]
    return ChartSpec(
        data=[{
            "type": "scattergeo", "mode": "markers",
            "lat": [p.lat for p in places], "lon": [p.lon for p in places],
            "text": [
                f"{p.name or '?'} ({p.country or '?'}): {p.events} event"
                f"{'s' if p.events != 1 else ''}" for p in places
            ],
            "hoverinfo": "text",
            "marker": {
                "size": sizes, "color": [goldstein_colour(p.mean_goldstein) for p in places],
                "line": {"width": 0.5, "color": "#16233a"}, "opacity": 0.8,
            },
        }],
        layout={
            "height": 520, "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "geo": {
                "scope": "world", "resolution": 110, "projection": {"type": "natural earth"},
                "showcountries": True, "countrycolor": "#b8c2cc", "showland": True,
                "landcolor": "#eef1f4", "showocean": True, "oceancolor": "#f8fbff",
                "showframe": False, "coastlinecolor": "#9aa5b1",
            },
        },
    )


@router.get("/map")
def map_page(
    request: Request, country: Country = None, plover: Plover = None, quad: Quad = None,
    month: Month = None, since: Day = None, until: Day = None,
) -> Response:
    f = _filters(country, plover, quad, None, month, since, until, "date", "desc", 1, PAGE_SIZE)
    query = f.query()
    places = request_state(request).with_store(lambda s: s.locations(query, MAP_PLACES))
    return _render(request, "map.html", {
        "f": f, "places": places, "map_spec": map_chart(places) if places else None,
        "located": sum(p.events for p in places), "events_href": f.href(),
    })


class SearchResult(BaseModel):
    """One hit as the search page shows it: the title and a snippet, terms marked."""

    model_config = ConfigDict(frozen=True)

    article_id: str
    title: list[SnippetPart]
    source: str | None
    published: str | None
    url: str | None
    score: float
    snippet: list[SnippetPart]


@router.get("/search")
def search_page(
    request: Request, q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> Response:
    q = q.strip()
    results: list[SearchResult] = []
    total, terms = 0, []
    if q:
        offset = (page - 1) * SEARCH_PAGE
        found = request_state(request).with_store(
            lambda s: s.search_articles(q, limit=SEARCH_PAGE, offset=offset))
        total, terms = found.total, found.terms
        results = [
            SearchResult(
                article_id=h.article_id, title=highlight_terms(h.title or h.article_id, terms),
                source=h.source, published=h.published, url=h.url, score=h.score,
                snippet=snippet(h.text, terms),
            )
            for h in found.hits
        ]
    pages = max(1, -(-total // SEARCH_PAGE))
    return _render(request, "search.html", {
        "q": q, "results": results, "total": total, "terms": terms, "page": page,
        "pages": pages,
        "prev_href": f"/search?{urlencode({'q': q, 'page': page - 1})}" if page > 1 else None,
        "next_href": f"/search?{urlencode({'q': q, 'page': page + 1})}" if page < pages else None,
    })
