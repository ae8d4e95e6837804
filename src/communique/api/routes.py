"""The JSON endpoints: everything the CLI queries, paginated, filterable and typed."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, status
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, field_validator

from communique.api.cache import answer_key
from communique.api.errors import ApiError, ErrorBody
from communique.api.schemas import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    ActorRow,
    AgreementRow,
    ArticleRow,
    DyadRow,
    EventRow,
    FigureRow,
    OrganizationRow,
    Page,
    PersonRow,
    Row,
    TimelineRow,
    rows,
)
from communique.api.state import AppState, request_state
from communique.ids import content_hash
from communique.ingest.dates import normalise_published
from communique.ingest.language import detect_language
from communique.models import Article, CodingResult
from communique.store.base import (
    COUNTRY_PATTERN,
    DATE_PATTERN,
    DYAD_PATTERN,
    MAX_QUERY_ROWS,
    EventQuery,
    Listing,
    WriteOutcome,
)

if TYPE_CHECKING:
    import pandas as pd


ERRORS: dict[int | str, dict[str, object]] = {
    422: {"model": ErrorBody, "description": "invalid parameters"},
    500: {"model": ErrorBody, "description": "internal error"},
}

router = APIRouter(prefix="/api", responses=ERRORS)

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="rows per page")]
Offset = Annotated[int, Query(ge=0, le=MAX_QUERY_ROWS, description="rows to skip")]
Dyad = Annotated[
    str | None,
    Query(pattern=DYAD_PATTERN, description="country pair, ISO3-ISO3, either direction",
          examples=["KAZ-BEL"]),
]
DateParam = Annotated[
    str | None,
    Query(pattern=DATE_PATTERN, examples=["2022-10-17"],
          description="an event date bound: YYYY, YYYY-MM or YYYY-MM-DD (inclusive)"),
]
Search = Annotated[str | None, Query(max_length=200, description="words to search for")]


State = Annotated[AppState, Depends(request_state)]


def parse_dyad(dyad: str | None) -> tuple[str, str] | None:
    if dyad is None:
        return None
    a, b = dyad.split("-")
    return (a, b)


def page(frame: pd.DataFrame, model: type[Row], limit: int, offset: int) -> Page[Row]:
    """Slice a full result frame into a page with its total count."""
    items = rows(frame.iloc[offset : offset + limit], model)
    return Page[model](  # type: ignore[valid-type]
        total=len(frame), limit=limit, offset=offset, items=items
    )


def _listing_page(
    st: AppState, listing: Listing, model: type[Row], limit: int, offset: int,
    search: str | None = None, country: str | None = None, dyad: str | None = None,
) -> Page[Row]:
    """A page of a listing read in SQL (only the page's rows), with its total by COUNT."""
    frame, total = st.with_store(lambda s: s.page_of(
        listing, search=search or None, country=country, dyad=parse_dyad(dyad), limit=limit,
        offset=offset,
    ))
    return Page[model](  # type: ignore[valid-type]
        total=total, limit=limit, offset=offset, items=rows(frame, model)
    )


@router.get("/events", response_model=Page[EventRow], summary="Coded events, filtered")
def events(
    request: Request,
    st: State,
    dyad: Dyad = None,
    directed: Annotated[bool, Query(description="dyad as source-target only")] = False,
    since: DateParam = None,
    until: DateParam = None,
    plover: Annotated[str | None, Query(max_length=40, examples=["CONSULT"])] = None,
    cameo: Annotated[str | None, Query(pattern=r"^\d{2,4}$", examples=["042"])] = None,
    actor: Annotated[str | None, Query(max_length=100, description="actor code or name")] = None,
    q: Search = None,
    article_id: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Page[EventRow] | Response:
    query = EventQuery(
        dyad=parse_dyad(dyad), directed=directed, since=since, until=until, plover=plover,
        cameo=cameo, actor=actor, search=q, article_id=article_id, limit=limit, offset=offset,
    )

    def build() -> Response:
        # only the page is read; the total is a COUNT
        frame, total = st.with_store(lambda s: (s.events(query), s.count_events(query)))
        page = Page[EventRow](total=total, limit=limit, offset=offset,
                              items=rows(frame, EventRow))
        return Response(page.model_dump_json(), media_type="application/json")

    return st.cached(answer_key(request), build)


@router.get("/timeline", response_model=Page[TimelineRow],
            summary="Monthly events by quad class and mean Goldstein for a country pair")
def timeline(
    st: State,
    a: Annotated[str, Query(pattern=COUNTRY_PATTERN, examples=["KAZ"])],
    b: Annotated[str, Query(pattern=COUNTRY_PATTERN, examples=["BEL"])],
    limit: Limit = MAX_LIMIT,
    offset: Offset = 0,
) -> Page[TimelineRow]:
    frame = st.with_store(lambda s: s.timeline(a, b))
    return page(frame, TimelineRow, limit, offset)


@router.get("/actors", response_model=Page[ActorRow], summary="Actors with event counts")
def actors(st: State, q: Search = None, limit: Limit = DEFAULT_LIMIT,
           offset: Offset = 0) -> Page[ActorRow]:
    return _listing_page(st, "actors", ActorRow, limit, offset, search=q)


@router.get("/people", response_model=Page[PersonRow], summary="People named in articles")
def people(st: State, q: Search = None, limit: Limit = DEFAULT_LIMIT,
           offset: Offset = 0) -> Page[PersonRow]:
    return _listing_page(st, "people", PersonRow, limit, offset, search=q)


@router.get("/organizations", response_model=Page[OrganizationRow],
            summary="Organisations named in articles")
def organizations(st: State, q: Search = None, limit: Limit = DEFAULT_LIMIT,
                  offset: Offset = 0) -> Page[OrganizationRow]:
    return _listing_page(st, "organizations", OrganizationRow, limit, offset, search=q)


@router.get("/figures", response_model=Page[FigureRow], summary="Economic figures")
def figures(st: State, dyad: Dyad = None, limit: Limit = DEFAULT_LIMIT,
            offset: Offset = 0) -> Page[FigureRow]:
    return _listing_page(st, "figures", FigureRow, limit, offset, dyad=dyad)


@router.get("/agreements", response_model=Page[AgreementRow], summary="Agreements")
def agreements(st: State, dyad: Dyad = None, limit: Limit = DEFAULT_LIMIT,
               offset: Offset = 0) -> Page[AgreementRow]:
    return _listing_page(st, "agreements", AgreementRow, limit, offset, dyad=dyad)


@router.get("/dyads", response_model=Page[DyadRow],
            summary="Country pairs with event counts and mean Goldstein")
def dyads(
    st: State,
    country: Annotated[str | None, Query(pattern=COUNTRY_PATTERN, examples=["KAZ"])] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Page[DyadRow]:
    return _listing_page(st, "dyads", DyadRow, limit, offset, country=country)


@router.get("/articles", response_model=Page[ArticleRow], summary="Articles, newest first")
def articles(st: State, q: Search = None, limit: Limit = DEFAULT_LIMIT,
             offset: Offset = 0) -> Page[ArticleRow]:
    search = q or None
    frame, total = st.with_store(
        lambda s: (s.articles(limit=limit, offset=offset, search=search), s.count_articles(search))
    )
    return Page[ArticleRow](total=total, limit=limit, offset=offset, items=rows(frame, ArticleRow))


@router.get(
    "/articles/{article_id:path}",
    response_model=CodingResult,
    summary="Everything read out of one article, with every span",
    responses={404: {"model": ErrorBody, "description": "no such article"}},
)
def article(
    st: State, article_id: Annotated[str, Path(min_length=1, max_length=300)]
) -> CodingResult:
    result = st.with_store(lambda s: s.result(article_id))
    if result is None:
        raise ApiError(404, f"no article with id {article_id!r}; list ids with GET /api/articles")
    return result


# -- writing --------------------------------------------------------------------------------------

bearer = HTTPBearer(auto_error=False, description="the server's COMMUNIQUE_TOKEN")


def require_token(
    st: State, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    """Writing is off unless the server has a token; then the request must present it."""
    expected = st.settings.token
    if not expected:
        raise ApiError(
            403,
            "writing through the API is off; set COMMUNIQUE_TOKEN on the server to enable it",
        )
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(401, "missing bearer token; send 'Authorization: Bearer <COMMUNIQUE_TOKEN>'",
                       headers={"WWW-Authenticate": "Bearer"})
    if not secrets.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise ApiError(401, "wrong bearer token; use the server's COMMUNIQUE_TOKEN",
                       headers={"WWW-Authenticate": "Bearer"})


class ArticleIn(BaseModel):
    """An article to code, shaped like one line of a JSONL input."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    text: str = Field(min_length=1, description="the article text")
    id: str | None = Field(default=None, max_length=300, description="defaults to the content hash")
    title: str | None = None
    published: str | None = Field(default=None, description="ISO 8601 date or datetime")
    source: str | None = None
    url: str | None = None
    language: str | None = Field(
        default=None,
        description='ISO 639-1 code ("en", "ru"); detected from the text when left out',
    )

    @field_validator("published")
    @classmethod
    def _published_is_a_date(cls, value: str | None) -> str | None:
        """ISO 8601 (normalised); a value that is not a date is refused, not dropped silently."""
        if value is None or not value.strip():
            return None
        normalised = normalise_published(value)
        if normalised is None:
            raise ValueError("not a date; give ISO 8601 such as 2022-10-18T11:30:00+06:00")
        return normalised

    def to_article(self) -> Article:
        digest = content_hash(self.text)
        return Article(
            id=self.id or digest, text=self.text, title=self.title, published=self.published,
            source=self.source, url=self.url,
            language=self.language or detect_language(self.text), content_hash=digest,
            origin="api",
        )


class Posted(BaseModel):
    """What POST /api/articles did: the store's outcome and the coded result."""

    model_config = ConfigDict(frozen=True)

    outcome: WriteOutcome
    result: CodingResult


@router.post(
    "/articles",
    response_model=Posted,
    status_code=status.HTTP_201_CREATED,
    summary="Code an article and store it (needs the bearer token)",
    responses={
        400: {"model": ErrorBody, "description": "the body is not readable JSON"},
        401: {"model": ErrorBody, "description": "missing or wrong token"},
        403: {"model": ErrorBody, "description": "writing is off (no COMMUNIQUE_TOKEN)"},
        413: {"model": ErrorBody, "description": "body over the size limit"},
    },
    dependencies=[Depends(require_token)],
)
def post_article(st: State, body: ArticleIn) -> Posted:
    result = st.code(body.to_article())
    outcome = st.with_writer(lambda s: s.write([result]))[0]
    return Posted(outcome=outcome, result=result)
