"""The dashboard's side of `communique watch` (issue 15): the sources page (health of each
followed source, the subscriptions) and the counts behind "new since your last visit".

The visit times live in the reader's browser (localStorage, static/watch.js): the server keeps
no per-reader state; it answers "how many events per pair were stored after T".
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from communique.api.state import request_state
from communique.store.base import Store
from communique.store.sql_store import SqlStore

router = APIRouter(include_in_schema=False)


def _health(store: Store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if not isinstance(store, SqlStore):
        return [], []
    frame = store.source_health()
    sources = [
        {str(k): (None if v != v else v) for k, v in row.items()}  # NaN (no value) as None
        for row in frame.to_dict("records")
    ]
    subs = [s.model_dump(exclude={"secret"}) for s in store.subscriptions()]
    return sources, subs


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> Response:
    from communique.web.views import _render

    sources, subscriptions = request_state(request).with_store(_health)
    for source in sources:
        source["healthy"] = not source.get("failures")
    return _render(request, "sources.html", {"sources": sources, "subscriptions": subscriptions})


@router.get("/sources/new.json")
def new_since(
    request: Request,
    since: Annotated[str, Query(max_length=40, description="ISO 8601 time of the last visit")],
) -> Response:
    """Events per pair reported by articles stored after `since`: [{a, b, events}]."""
    try:
        moment = datetime.fromisoformat(since.replace("Z", "+00:00"))
    except ValueError:
        return JSONResponse({"detail": "since must be an ISO 8601 time"}, status_code=422)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)

    def count(store: Store) -> list[dict[str, Any]]:
        if not isinstance(store, SqlStore):
            return []
        frame = store.new_events_by_pair(moment)
        return [
            {"a": str(r["country_a"]), "b": str(r["country_b"]), "events": int(r["events"])}
            for r in frame.to_dict("records")
        ]

    return JSONResponse(request_state(request).with_store(count))
