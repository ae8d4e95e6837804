"""Answers kept per store revision: a page asked for again, with nothing written since, is
sent from memory instead of being read and rendered again.

A store revision (`AppState.revision`) is a value that changes whenever committed data may have
changed: on DuckDB the database and WAL files' identity, size and modification time (every
commit writes one of them; `store.duckdb_store.file_revision`), on PostgreSQL the WAL insert
position. An answer is kept only when the revision was the same before and after it was built
(no write landed in between, so it shows one committed state) and it is a 200. Nothing is
invalidated by hand: after a write the revision differs, so old entries are never found again
and fall out, least recently used first, within `Settings.page_cache_bytes`. When the store
cannot tell its revision (a file written in the last seconds, a PostgreSQL standby), nothing is
kept or reused.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response


@dataclass(frozen=True)
class Cached:
    """One kept answer: its body and content type."""

    body: bytes
    media_type: str

    def response(self) -> Response:
        return Response(self.body, headers={"content-type": self.media_type})


class AnswerCache:
    """Answers by (key, revision), least recently used out first, within `max_bytes`."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[str, Hashable], Cached] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str, revision: Hashable) -> Cached | None:
        with self._lock:
            found = self._entries.get((key, revision))
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end((key, revision))
            self.hits += 1
            return found

    def put(self, key: str, revision: Hashable, answer: Cached) -> None:
        size = len(answer.body)
        if size > self.max_bytes // 4:  # one huge answer must not empty the cache
            return
        with self._lock:
            old = self._entries.pop((key, revision), None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[(key, revision)] = answer
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._entries)


def answer_key(request: Request) -> str:
    """The key of a request's answer: its path and query string as sent."""
    query = request.url.query
    return f"{request.url.path}?{query}" if query else request.url.path


def cached_answer(
    cache: AnswerCache | None,
    revision: Callable[[], Hashable | None],
    key: str,
    build: Callable[[], Response],
) -> Response:
    """The kept answer of `key` at the store's current revision, else `build()` (kept when it
    is a 200 and no write landed while it was built)."""
    if cache is None:
        return build()
    before = revision()
    if before is not None and (found := cache.get(key, before)) is not None:
        return found.response()
    response = build()
    if before is not None and response.status_code == 200 and revision() == before:
        media_type = response.headers.get("content-type") or response.media_type or ""
        cache.put(key, before, Cached(bytes(response.body), media_type))
    return response
