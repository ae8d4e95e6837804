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

Many requests for one missing answer build it once: the first builds, the others wait for it
(at most `FOLLOW_WAIT_S`) and take the kept answer, or build their own if there is none (the
first failed or was not a 200). Without that, a popular page after each write would be read and
rendered once per waiting client.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

#: Seconds a request waits for another request building the same answer before it builds its
#: own: the store timeout (Settings.store_timeout_s, 20 s) bounds a build anyway.
FOLLOW_WAIT_S = 20.0


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
        self._building: dict[tuple[str, Hashable], threading.Event] = {}
        self.following = 0  # requests waiting for another one's build now (tests look)

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

    @contextmanager
    def building(self, key: str, revision: Hashable) -> Iterator[bool]:
        """True for the one request that builds the answer of (key, revision); the others wait
        (at most FOLLOW_WAIT_S) until it is done, then get False."""
        with self._lock:
            running = self._building.get((key, revision))
            if running is None:
                done = self._building[(key, revision)] = threading.Event()
            else:
                self.following += 1
        if running is not None:
            try:
                running.wait(FOLLOW_WAIT_S)
            finally:
                with self._lock:
                    self.following -= 1
            yield False
            return
        try:
            yield True
        finally:
            with self._lock:
                del self._building[(key, revision)]
            done.set()


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
    if before is None:
        return build()
    if (found := cache.get(key, before)) is not None:
        return found.response()
    with cache.building(key, before) as first:
        if not first and (found := cache.get(key, before)) is not None:
            return found.response()
        response = build()
        if response.status_code == 200 and revision() == before:
            media_type = response.headers.get("content-type") or response.media_type or ""
            cache.put(key, before, Cached(bytes(response.body), media_type))
        return response
