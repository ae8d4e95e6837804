"""The store side of `communique watch` (issue 15): sources, items seen, subscriptions, digests.

A mixin of `SqlStore`, so both backends share it; the SQL is the dialect both accept
(`INSERT ... ON CONFLICT`, string-compared ISO 8601 UTC stamps). The watch package
(`communique.watch`) is the only writer; the CLI and the dashboard read `source_health()`.
"""

from __future__ import annotations

import json
from abc import abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pydantic import Field

from communique.models import Record

if TYPE_CHECKING:
    import pandas as pd


def stamp(moment: datetime | None = None) -> str:
    """The one form of a time in the watch tables: ISO 8601, UTC, microseconds (sortable)."""
    return (moment or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")


class SourceState(Record):
    """What the store remembers of one followed source."""

    name: str
    url: str
    kind: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_attempt: str | None = None
    last_success: str | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    failures: int = 0
    next_attempt: str | None = None
    items_seen: int = 0
    lease_owner: str | None = None
    lease_until: str | None = None


class SeenItem(Record):
    """One feed item taken care of: `status` is coded, duplicate (same content as an item
    already seen) or failed (its page could not be read; the failure is stored as a drop)."""

    url: str
    source: str
    content_hash: str | None = None
    article_id: str | None = None
    status: str = "coded"


class Subscription(Record):
    """Who wants to hear of what: a country pair, optionally PLOVER types and a Goldstein floor,
    delivered to a webhook (signed with `secret`), a file, or printed."""

    name: str
    country_a: str
    country_b: str
    types: tuple[str, ...] = ()
    min_goldstein: float | None = None
    webhook: str | None = None
    secret: str | None = None
    file: str | None = None
    created_at: str = Field(default_factory=stamp)


class DigestRecord(Record):
    """A digest as stored: its events frozen as JSON, and whether it was delivered."""

    id: str
    subscription: str
    created_at: str
    events: int
    payload: str
    delivered_at: str | None = None
    attempts: int = 0
    last_error: str | None = None


_SOURCE_COLUMNS = list(SourceState.model_fields)
_DIGEST_COLUMNS = list(DigestRecord.model_fields)


class WatchTables:
    """Methods over the watch tables; the backend hooks are SqlStore's."""

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    @abstractmethod
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    def _frame(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame: ...

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]: ...

    # -- sources -------------------------------------------------------------------------------
    def sync_sources(self, sources: Sequence[tuple[str, str, str | None]]) -> None:
        """Make the (name, url, kind) sources known; a changed URL or kind is updated, their
        history kept. Sources no longer listed stay (their history is still shown)."""
        with self.transaction():
            for name, url, kind in sources:
                self._execute(
                    "INSERT INTO watch_sources (name, url, kind, failures, items_seen) "
                    "VALUES (?, ?, ?, 0, 0) ON CONFLICT (name) DO NOTHING",
                    [name, url, kind],
                )
                self._execute(
                    "UPDATE watch_sources SET url = ?, kind = ? "
                    "WHERE name = ? AND (url <> ? OR kind IS DISTINCT FROM ?)",
                    [url, kind, name, url, kind],
                )

    def source_states(self, names: Sequence[str] | None = None) -> list[SourceState]:
        cols = ", ".join(_SOURCE_COLUMNS)
        rows = self._rows(f"SELECT {cols} FROM watch_sources ORDER BY name")
        states = [SourceState(**_none_to_default(dict(zip(_SOURCE_COLUMNS, r, strict=True))))
                  for r in rows]
        if names is None:
            return states
        wanted = set(names)
        return [s for s in states if s.name in wanted]

    def claim_sources(self, names: Sequence[str], owner: str, until: str) -> list[str]:
        """Lease the sources no other watcher holds (or whose lease ran out) to `owner` until
        `until`; returns the names now leased to it. On PostgreSQL the UPDATE's row lock makes
        two watchers' claims of one source exclusive: the second re-reads the row and fails."""
        now = stamp()
        claimed: list[str] = []
        for name in names:
            with self.transaction():
                self._execute(
                    "UPDATE watch_sources SET lease_owner = ?, lease_until = ? WHERE name = ? "
                    "AND (lease_owner IS NULL OR lease_owner = ? OR lease_until IS NULL "
                    "OR lease_until < ?)",
                    [owner, until, name, owner, now],
                )
                rows = self._rows("SELECT lease_owner FROM watch_sources WHERE name = ?", [name])
            if rows and rows[0][0] == owner:
                claimed.append(name)
        return claimed

    def release_sources(self, names: Sequence[str], owner: str) -> None:
        with self.transaction():
            for name in names:
                self._execute(
                    "UPDATE watch_sources SET lease_owner = NULL, lease_until = NULL "
                    "WHERE name = ? AND lease_owner = ?",
                    [name, owner],
                )

    def record_source_success(
        self,
        name: str,
        *,
        etag: str | None,
        last_modified: str | None,
        new_items: int,
        at: str,
        keep_validators: bool = False,
    ) -> None:
        """A fetch that worked (200 or 304): failures reset, validators kept for the next GET."""
        validators = "" if keep_validators else ", etag = ?, last_modified = ?"
        params: list[Any] = [at, at, new_items]
        if not keep_validators:
            params += [etag, last_modified]
        with self.transaction():
            self._execute(
                "UPDATE watch_sources SET last_attempt = ?, last_success = ?, failures = 0, "
                f"next_attempt = NULL, items_seen = coalesce(items_seen, 0) + ?{validators} "
                "WHERE name = ?",
                [*params, name],
            )

    def record_source_failure(self, name: str, *, error: str, at: str, retry_at: str) -> None:
        """A fetch that failed: the error kept, the failure counted, no attempt before
        `retry_at` (the caller's backoff)."""
        with self.transaction():
            self._execute(
                "UPDATE watch_sources SET last_attempt = ?, last_error = ?, last_error_at = ?, "
                "failures = coalesce(failures, 0) + 1, next_attempt = ? WHERE name = ?",
                [at, error, at, retry_at, name],
            )

    def source_health(self) -> pd.DataFrame:
        """Each source's last success, last error, failures in a row and items seen (counted
        in `watch_items`, so a round that was stopped half-way counts what it stored)."""
        return self._frame(
            "SELECT s.name, s.url, s.kind, s.last_success, s.last_error, s.last_error_at, "
            "s.failures, s.next_attempt, coalesce(i.n, 0) AS items_seen "
            "FROM watch_sources s LEFT JOIN (SELECT source, count(*) AS n FROM watch_items "
            "GROUP BY source) i ON i.source = s.name ORDER BY s.name"
        )

    def new_events_by_pair(self, since: datetime) -> pd.DataFrame:
        """Per country pair, the events reported by articles stored after `since` (the
        dashboard's "new since your last visit")."""
        return self._frame(
            """
            SELECT least(e.source_country, e.target_country) AS country_a,
                   greatest(e.source_country, e.target_country) AS country_b,
                   count(*) AS events
            FROM events e
            WHERE e.source_country IS NOT NULL AND e.target_country IS NOT NULL
              AND e.source_country <> e.target_country
              AND EXISTS (SELECT 1 FROM mentions m JOIN articles a ON a.id = m.article_id
                          WHERE m.event_key = e.event_key AND a.stored_at > ?)
            GROUP BY 1, 2
            ORDER BY events DESC, country_a, country_b
            """,
            [since],
        )

    # -- items ---------------------------------------------------------------------------------
    def seen_urls(self, urls: Sequence[str]) -> set[str]:
        return self._watch_seen("url", urls)

    def seen_hashes(self, hashes: Sequence[str]) -> set[str]:
        return self._watch_seen("content_hash", hashes)

    def _watch_seen(self, column: str, values: Sequence[str]) -> set[str]:
        found: set[str] = set()
        unique = sorted(set(values))
        for start in range(0, len(unique), _IN_CHUNK):
            chunk = unique[start : start + _IN_CHUNK]
            marks = ", ".join("?" for _ in chunk)
            rows = self._rows(
                f"SELECT {column} FROM watch_items WHERE {column} IN ({marks})", chunk
            )
            found |= {str(r[0]) for r in rows}
        return found

    def mark_items(self, items: Sequence[SeenItem], *, at: str | None = None) -> int:
        """Record items as seen (joins the caller's transaction); returns how many were new
        (an item another watcher recorded first is left as it is)."""
        when = at or stamp()
        before = len(self.seen_urls([i.url for i in items]))
        with self.transaction():
            for item in items:
                self._execute(
                    "INSERT INTO watch_items (url, source, content_hash, article_id, status, "
                    "seen_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
                    [item.url, item.source, item.content_hash, item.article_id, item.status, when],
                )
        return len({i.url for i in items}) - before

    def watch_items(self) -> pd.DataFrame:
        return self._frame(
            "SELECT url, source, content_hash, article_id, status, seen_at FROM watch_items "
            "ORDER BY seen_at, url"
        )

    # -- subscriptions and digests -------------------------------------------------------------
    def add_subscription(self, subscription: Subscription) -> None:
        """Add or replace a subscription (by name); the events it was sent stay marked."""
        s = subscription
        with self.transaction():
            self._execute("DELETE FROM subscriptions WHERE name = ?", [s.name])
            self._execute(
                "INSERT INTO subscriptions (name, country_a, country_b, types, min_goldstein, "
                "webhook, secret, file, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [s.name, s.country_a, s.country_b, ",".join(s.types), s.min_goldstein,
                 s.webhook, s.secret, s.file, s.created_at],
            )  # fmt: skip

    def remove_subscription(self, name: str) -> bool:
        with self.transaction():
            found = bool(self._rows("SELECT 1 FROM subscriptions WHERE name = ?", [name]))
            self._execute("DELETE FROM subscriptions WHERE name = ?", [name])
            self._execute("DELETE FROM digest_events WHERE subscription = ?", [name])
        return found

    def subscriptions(self) -> list[Subscription]:
        rows = self._rows(
            "SELECT name, country_a, country_b, types, min_goldstein, webhook, secret, file, "
            "created_at FROM subscriptions ORDER BY name"
        )
        subscriptions = []
        for r in rows:
            types = tuple(t for t in (r[3] or "").split(",") if t)
            subscriptions.append(Subscription(
                name=r[0], country_a=r[1], country_b=r[2], types=types, min_goldstein=r[4],
                webhook=r[5], secret=r[6], file=r[7], created_at=r[8],
            ))  # fmt: skip
        return subscriptions

    def undigested_events(self, subscription: Subscription, limit: int) -> pd.DataFrame:
        """The subscription's events no digest of it has carried, from articles stored since it
        was made, oldest first, with the title and URL of the article that reports each best."""
        s = subscription
        clauses = [
            "((e.source_country = ? AND e.target_country = ?) OR "
            "(e.source_country = ? AND e.target_country = ?))",
            "NOT EXISTS (SELECT 1 FROM digest_events d WHERE d.subscription = ? "
            "AND d.event_key = e.event_key)",
            "EXISTS (SELECT 1 FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.event_key = e.event_key AND a.stored_at >= ?)",
        ]
        params: list[Any] = [s.country_a, s.country_b, s.country_b, s.country_a, s.name,
                             datetime.fromisoformat(s.created_at)]
        if s.types:
            clauses.append(f"e.plover IN ({', '.join('?' for _ in s.types)})")
            params += list(s.types)
        if s.min_goldstein is not None:
            clauses.append("e.goldstein >= ?")
            params.append(s.min_goldstein)
        return self._frame(
            "SELECT e.event_key, e.date_start, e.cameo, e.plover, e.goldstein, e.quad_class, "
            "e.source_country, e.source_name, e.target_country, e.target_name, "
            "e.trigger_text, e.evidence_text, e.num_articles, a.title, a.url, a.published "
            "FROM events e LEFT JOIN articles a ON a.id = e.article_id "
            f"WHERE {' AND '.join(clauses)} "
            "ORDER BY e.date_start NULLS LAST, e.event_key LIMIT ?",
            [*params, limit],
        )

    def add_digest(self, digest: DigestRecord, event_keys: Sequence[str]) -> None:
        """Store a digest and mark its events as carried, in one transaction."""
        d = digest
        with self.transaction():
            self._execute(
                f"INSERT INTO digests ({', '.join(_DIGEST_COLUMNS)}) "
                f"VALUES ({', '.join('?' for _ in _DIGEST_COLUMNS)})",
                [d.id, d.subscription, d.created_at, d.events, d.payload, d.delivered_at,
                 d.attempts, d.last_error],
            )  # fmt: skip
            for key in sorted(set(event_keys)):
                self._execute(
                    "INSERT INTO digest_events (subscription, event_key, digest) "
                    "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    [d.subscription, key, d.id],
                )

    def digests(self, *, pending: bool = False, subscription: str | None = None
                ) -> list[DigestRecord]:
        where, params = ["TRUE"], []
        if pending:
            where.append("delivered_at IS NULL")
        if subscription:
            where.append("subscription = ?")
            params.append(subscription)
        rows = self._rows(
            f"SELECT {', '.join(_DIGEST_COLUMNS)} FROM digests WHERE {' AND '.join(where)} "
            "ORDER BY created_at, id",
            params,
        )
        return [DigestRecord(**dict(zip(_DIGEST_COLUMNS, r, strict=True))) for r in rows]

    def record_delivery(self, digest_id: str, *, delivered_at: str | None, error: str | None
                        ) -> None:
        """One delivery attempt: delivered (time set) or failed (error kept, attempt counted)."""
        with self.transaction():
            self._execute(
                "UPDATE digests SET attempts = coalesce(attempts, 0) + 1, delivered_at = ?, "
                "last_error = ? WHERE id = ?",
                [delivered_at, error, digest_id],
            )

    def digest_payload(self, digest_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT payload FROM digests WHERE id = ?", [digest_id])
        return json.loads(rows[0][0]) if rows else None


#: Values per IN (...) list when looking items up; far below both engines' parameter limits.
_IN_CHUNK = 500


def _none_to_default(row: dict[str, Any]) -> dict[str, Any]:
    """NULL counters read as 0 (a source row written before its first fetch)."""
    for key in ("failures", "items_seen"):
        if row.get(key) is None:
            row[key] = 0
    return row

