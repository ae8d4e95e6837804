"""The store logic shared by both backends; subclasses supply connection, bulk load and temp keys.

Writing one batch is one transaction:
1. classify each result (new / unchanged / replaced / failed) against the stored content hash;
2. delete the rows of replaced articles from every per-article table;
3. bulk-insert the batch's rows (Arrow on DuckDB, COPY on PostgreSQL);
4. recompute the derived tables (events, people, person_roles) for the keys the batch touched,
   from the per-article rows, so they are a function of what is stored and never of ingest order.
A crash anywhere rolls the whole batch back; re-running the ingest redoes exactly that batch.
"""

from __future__ import annotations

import json
from abc import abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from communique.errors import SchemaVersionError, StoreBusy, StoreError
from communique.models import CodingResult, Dropped
from communique.store import schema
from communique.store.base import EventQuery, EventSummary, Listing, Store, WriteOutcome
from communique.store.explore import (
    FACET_LIMIT,
    FACETS,
    LOCATION_DECIMALS,
    Facet,
    FacetCount,
    LocationCount,
    PairCount,
    PartnerRow,
    SearchHit,
    SearchPage,
)
from communique.store.rows import (
    Columns,
    DropInput,
    add_search_rows,
    batch_rows,
    keys_of,
    person_key,
)
from communique.store.search import BM25_B, BM25_K1, document_text, query_terms
from communique.store.sql_guard import check_read_only
from communique.store.watch_store import WatchTables

if TYPE_CHECKING:
    import pandas as pd

Params = Sequence[Any]

__all__ = ["SqlStore", "check_read_only", "limited_frame"]


#: The columns of `SqlStore.article_entities`.
ENTITY_COLUMNS = [
    "kind", "article_id", "position", "name", "title", "country", "article_title",
    "article_source",
]
_EVENT_COLUMNS = [c for c in schema.EVENTS.column_names if not c.startswith("num_")]
_COUNT_COLUMNS = ["num_mentions", "num_articles", "num_sources"]

#: The stage of the drop a result the store refused is stored with, and the most characters
#: of the store's message kept in its detail (DuckDB quotes the statement at length).
STORE_STAGE = "store"
DROP_DETAIL_CHARS = 500

UPGRADE_HINT = "run `communique db upgrade --db {url}`"
# A statement of communique's own failed: a schema other than this version's is the usual cause.
STATEMENT_HINT = (
    "compare `communique db version` with this communique (run `communique db upgrade` if the "
    "database is behind); if they match, report the message as a bug"
)
# The user's read-only SQL failed.
SQL_HINT = "fix the SQL; the tables and their columns are listed in docs/STORE.md"


class MergePlan(BaseModel):
    """How many event rows a merge replaces, inserts (new keys included) and only recounts."""

    model_config = ConfigDict(frozen=True)

    replaced: int
    inserted: int
    kept: int


def limited_frame(
    columns: list[str], fetchmany: Any, max_rows: int | None
) -> pd.DataFrame:
    """A frame of at most `max_rows` rows fetched with `fetchmany(n)`; attrs["truncated"]."""
    import pandas as pd

    if max_rows is None:
        rows = fetchmany(None)
        truncated = False
    else:
        rows = fetchmany(max_rows + 1)
        truncated = len(rows) > max_rows
        rows = rows[:max_rows]
    frame = pd.DataFrame(rows, columns=columns)
    frame.attrs["truncated"] = truncated
    return frame


def _in(keys_table: str) -> str:
    return f"(SELECT k FROM {keys_table})"


class SqlStore(WatchTables, Store):
    """Everything both backends share: the SQL is written once in the dialect both accept."""

    url: str
    #: Which migrations apply: "duckdb" or "postgresql".
    backend: str

    # -- backend hooks -------------------------------------------------------------------------
    @abstractmethod
    def _execute(self, sql: str, params: Params = ()) -> None: ...

    @abstractmethod
    def _rows(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    def _frame(self, sql: str, params: Params = ()) -> pd.DataFrame: ...

    @abstractmethod
    def _insert(self, table: str, columns: Columns) -> None:
        """Bulk-insert column-wise rows (never row-by-row executemany)."""

    @abstractmethod
    def _load_keys(self, name: str, keys: Sequence[str]) -> None:
        """Make `keys` readable as `SELECT k FROM name` inside the current transaction."""

    def _batch_relation(self, table: str, article_ids: Sequence[str]) -> str:
        """SQL for the rows this write just inserted into `table` (articles `article_ids`).

        The default reads them back by article id; DuckDB overrides it with the Arrow table it
        inserted from, so the batch is never looked for in the whole table.
        """
        self._load_keys("_new_ids", article_ids)
        return f"(SELECT b.* FROM {table} b JOIN _new_ids n ON b.article_id = n.k)"

    @abstractmethod
    def _materialize(self, name: str, sql: str) -> None:
        """Make the (small) result of `sql` readable as table `name` in this transaction."""

    @abstractmethod
    def _outer_transaction(self) -> AbstractContextManager[object]:
        """Begin a transaction; commit when the block ends, roll back when it raises."""

    @abstractmethod
    def _read_only_frame(
        self, sql: str, max_rows: int | None, timeout_s: float | None
    ) -> pd.DataFrame:
        """Run checked user SQL in the backend's sandbox; at most `max_rows` rows (the frame's
        attrs["truncated"] says whether more were left), at most `timeout_s` seconds."""

    def _stored_text(self, value: str) -> str:
        """How the backend stores a text value (PostgreSQL cannot hold NUL)."""
        return value

    _in_transaction = False

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction around the block; a nested call joins the one already open."""
        if self._in_transaction:
            yield
            return
        self._in_transaction = True
        try:
            with self._outer_transaction():
                yield
        finally:
            self._in_transaction = False

    def _table_exists(self, name: str) -> bool:
        rows = self._rows(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ? "
            "AND table_schema = current_schema()",
            [name],
        )
        return bool(rows[0][0])

    # -- schema --------------------------------------------------------------------------------
    def _init_schema(self, *, check: bool) -> None:
        """Create a new database at the latest version; refuse an old one unless told not to."""
        version = self.schema_version()
        if version == 0 and not self._table_exists("articles"):
            self.upgrade()
            return
        if not check:
            return
        if version < schema.LATEST_VERSION:
            raise SchemaVersionError(
                f"the database is at schema version {version}, this communique needs "
                f"{schema.LATEST_VERSION}",
                hint=UPGRADE_HINT.format(url=self.url),
            )
        if version > schema.LATEST_VERSION:
            raise SchemaVersionError(
                f"the database is at schema version {version}, newer than this communique "
                f"({schema.LATEST_VERSION})",
                hint="upgrade communique: pip install -U communique",
            )

    def schema_version(self) -> int:
        if not self._table_exists("schema_info"):
            return 0
        rows = self._rows("SELECT max(version) FROM schema_info")
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0

    _search_index: bool | None = None

    def _has_search_index(self) -> bool:
        """Whether the full-text index tables exist (a database opened below version
        SEARCH_INDEX_VERSION without upgrading has none: its writes skip the index)."""
        if self._search_index is None:
            self._search_index = self._table_exists("article_terms")
        return self._search_index

    def upgrade(self, target: int | None = None) -> int:
        """Apply pending migrations in order, each in its own transaction."""
        self._search_index = None
        goal = schema.LATEST_VERSION if target is None else target
        version = self.schema_version()
        for migration in schema.MIGRATIONS:
            if version < migration.version <= goal:
                with self.transaction():
                    if migration.backend in (None, self.backend):
                        for statement in migration.statements:
                            self._execute(statement)
                        if migration.python_step is not None:
                            getattr(self, migration.python_step)()
                    if migration.version == schema.SEARCH_INDEX_VERSION:
                        self._index_articles()
                    self._execute("DELETE FROM schema_info")
                    self._execute(
                        "INSERT INTO schema_info (version) VALUES (?)", [migration.version]
                    )
                version = migration.version
        return version

    # -- writing -------------------------------------------------------------------------------
    def known(self, article_ids: Sequence[str]) -> dict[str, str]:
        ids = sorted(set(article_ids))
        if not ids:
            return {}
        with self.transaction():
            return self._known_in_transaction(ids)

    def write(
        self,
        results: Sequence[CodingResult],
        *,
        inputs: Sequence[DropInput] = (),
        replace: bool = False,
    ) -> list[WriteOutcome]:
        """Store a batch in one transaction; same content twice adds nothing.

        `inputs` say where failed inputs came from (origin, line, raw text) for `retry`;
        `replace=True` rewrites articles even when their content hash is unchanged.

        One result the store refuses costs only itself: a refused batch is split in halves,
        each written in its own transaction, down to the single result, which is then stored
        as its article with `Dropped(stage="store", reason=<error type>, detail=<message>)`
        (outcome "failed"). When not even that can be stored (the store itself fails: busy,
        gone, full), the error is raised. Inside an open transaction nothing is split.
        """
        if not results:
            return []
        if self._in_transaction:
            return self._write_batch(results, inputs, replace)
        try:
            return self._write_batch(results, inputs, replace)
        except (StoreBusy, SchemaVersionError):
            raise  # the whole store, not one result
        except Exception as exc:
            if len(results) == 1:
                return [self._write_refused(results[0], inputs, replace, exc)]
            half = len(results) // 2
            return [
                *self.write(results[:half], inputs=inputs, replace=replace),
                *self.write(results[half:], inputs=inputs, replace=replace),
            ]

    def _write_refused(
        self,
        result: CodingResult,
        inputs: Sequence[DropInput],
        replace: bool,
        error: Exception,
    ) -> WriteOutcome:
        """Store the article of a result the store refused, with the refusal as its drop."""
        drop = Dropped(
            stage=STORE_STAGE, reason=type(error).__name__, detail=str(error)[:DROP_DETAIL_CHARS]
        )
        stand_in = CodingResult(article=result.article, dropped=[drop])
        try:
            [outcome] = self._write_batch([stand_in], inputs, replace)
        except Exception:
            raise error from None  # not even the article: the store itself fails
        return outcome.model_copy(update={"status": "failed", "events": 0})

    def _write_batch(
        self, results: Sequence[CodingResult], inputs: Sequence[DropInput], replace: bool
    ) -> list[WriteOutcome]:
        with self.transaction():
            stored = self._known_in_transaction([r.article.id for r in results])
            outcomes, final = self._classify(results, stored, replace=replace)
            if final:
                self._replace(final, stored, {i.location: i for i in inputs})
        return outcomes

    def _known_in_transaction(self, ids: Sequence[str]) -> dict[str, str]:
        self._load_keys("_batch_ids", sorted(set(ids)))
        rows = self._rows(f"SELECT id, content_hash FROM articles WHERE id IN {_in('_batch_ids')}")
        hashes = {str(r[0]): str(r[1] or "") for r in rows}
        as_stored = {i: self._stored_text(i) for i in ids}
        return {i: hashes[s] for i, s in as_stored.items() if s in hashes}

    @staticmethod
    def _classify(
        results: Sequence[CodingResult], stored: dict[str, str], *, replace: bool
    ) -> tuple[list[WriteOutcome], dict[str, CodingResult]]:
        outcomes: list[WriteOutcome] = []
        final: dict[str, CodingResult] = {}
        for result in results:
            article = result.article
            if article.id in final:
                previous: str | None = final[article.id].article.content_hash
            else:
                previous = stored.get(article.id)
            if result.failed:
                status = "failed"
            elif previous is None:
                status = "new"
            elif previous == article.content_hash and not replace:
                status = "unchanged"
            else:
                status = "replaced"
            if status != "unchanged":
                final[article.id] = result
            outcomes.append(
                WriteOutcome(
                    article_id=article.id,
                    status=status,
                    events=0 if status == "unchanged" else len(result.events),
                )
            )
        return outcomes, final

    def _replace(
        self,
        final: dict[str, CodingResult],
        stored: dict[str, str],
        inputs: dict[str, DropInput],
    ) -> None:
        old_event_keys, old_person_keys = self._delete_rows(
            sorted(i for i in final if i in stored)
        )
        rows = batch_rows(list(final.values()), datetime.now(UTC), inputs)
        for name, columns in rows.tables.items():
            if name in SEARCH_TABLES and not self._has_search_index():
                continue
            if columns["article_id" if name != "articles" else "id"]:
                self._insert(name, columns)
        self._recompute_events(old_event_keys)
        if rows.tables["mentions"]["event_key"]:
            self._merge_events(self._batch_relation("mentions", sorted(final)), old_event_keys)
        self._recompute_people(
            old_person_keys | keys_of(rows.tables["article_people"], "person_key")
        )

    def _delete_rows(self, ids: Sequence[str]) -> tuple[set[str], set[str]]:
        """Delete the articles `ids` and their per-article rows (inside a transaction).

        Returns the event and person keys those rows touched: the derived rows the caller must
        recompute, since `events`, `people` and `person_roles` still count the deleted rows.
        """
        if not ids:
            return set(), set()
        self._load_keys("_old_ids", ids)
        old = _in("_old_ids")

        def touched(column: str, table: str) -> set[str]:
            rows = self._rows(f"SELECT DISTINCT {column} FROM {table} WHERE article_id IN {old}")
            return {str(r[0]) for r in rows}

        event_keys = touched("event_key", "mentions")
        person_keys = touched("person_key", "article_people")
        for table in schema.ARTICLE_TABLES:
            if table.name in SEARCH_TABLES and not self._has_search_index():
                continue
            self._execute(f"DELETE FROM {table.name} WHERE article_id IN {old}")
        self._execute(f"DELETE FROM articles WHERE id IN {old}")
        return event_keys, person_keys

    def _recompute_events(self, keys: set[str]) -> None:
        if not keys:
            return
        self._load_keys("_event_keys", sorted(keys))
        self._execute(f"DELETE FROM events WHERE event_key IN {_in('_event_keys')}")
        cols = ", ".join(_EVENT_COLUMNS)
        rep_cols = ", ".join(f"r.{c}" for c in _EVENT_COLUMNS)
        # Joins on the key table (not IN-subqueries): both engines then read only the touched
        # mentions; an IN-subquery made DuckDB rescan all mentions per batch (O(n^2) ingest).
        touched = "SELECT m.* FROM mentions m JOIN _event_keys k ON m.event_key = k.k"
        self._execute(
            f"""
            INSERT INTO events ({cols}, num_mentions, num_articles, num_sources)
            SELECT {rep_cols}, c.num_mentions, c.num_articles, c.num_sources
            FROM (
                SELECT DISTINCT ON (t.event_key) t.*
                FROM ({touched}) t
                ORDER BY t.event_key, t.confidence DESC, t.article_id, t.position
            ) r
            JOIN (
                SELECT t.event_key,
                       count(*) AS num_mentions,
                       count(DISTINCT t.article_id) AS num_articles,
                       count(DISTINCT t.publisher) AS num_sources
                FROM ({touched}) t
                GROUP BY t.event_key
            ) c ON c.event_key = r.event_key
            """
        )

    def _merge_events(self, batch: str, recomputed: set[str]) -> None:
        """Fold the batch's new mentions into `events` without rereading the stored ones.

        Run after the batch's mentions are inserted and the keys of replaced articles
        (`recomputed`) were rebuilt from scratch. For every other key the batch touches, no
        stored mention left: the stored event row is still the aggregate of the older mentions,
        and the batch's articles are new to the key. So the representative is the better of the
        stored one and the batch's best under the same total order as `_recompute_events`
        (confidence desc, article id, position; the two never share an article), mention and
        article counts add up, and a batch publisher is a new source unless the key already had
        a mention from it before this batch (more mentions of the pair in `mentions` than in the
        batch). The result equals a full recompute, so events stay independent of ingest order.

        The decisions are made on narrow columns (one small relation, `_merge`); the wide rows
        are touched once, by a plain insert of the batch's winning mentions. DuckDB's planner
        spent ~30 ms per batch on one statement that did both on all 50 columns.
        """
        plan = self._plan_merge(batch, recomputed)
        if plan.replaced:  # a batch mention beats the stored representative: a new row
            self._execute(
                "DELETE FROM events WHERE event_key IN "
                "(SELECT event_key FROM _merge WHERE existed AND position IS NOT NULL)"
            )
        cols = ", ".join(_EVENT_COLUMNS)
        if plan.inserted:
            self._execute(
                f"""
                INSERT INTO events ({cols}, {", ".join(_COUNT_COLUMNS)})
                SELECT {", ".join(f"b.{c}" for c in _EVENT_COLUMNS)},
                       m.num_mentions, m.num_articles, m.num_sources
                FROM {batch} b
                JOIN _merge m
                  ON m.event_key = b.event_key AND m.article_id = b.article_id
                 AND m.position = b.position
                """
            )
        if plan.kept:  # the stored representative stays: only the counts change
            self._execute(
                """
                UPDATE events SET num_mentions = m.num_mentions, num_articles = m.num_articles,
                                  num_sources = m.num_sources
                FROM _merge m
                WHERE events.event_key = m.event_key AND m.existed AND m.position IS NULL
                """
            )

    def _plan_merge(self, batch: str, recomputed: set[str]) -> MergePlan:
        """Make `_merge` readable: per key the batch touches (outside `recomputed`), the winning
        representative (`article_id`, `position`; position NULL when the stored row stays),
        `existed`, and the merged `num_mentions`, `num_articles`, `num_sources`."""
        keep = "" if not recomputed else f"WHERE event_key NOT IN {_in('_event_keys')}"
        self._materialize(
            "_merge",
            f"""
            WITH b AS (
                SELECT event_key, article_id, position, confidence, publisher
                FROM {batch} bm {keep}
            ),
            old AS (
                SELECT e.event_key, e.article_id, e.confidence,
                       e.num_mentions, e.num_articles, e.num_sources
                FROM events e
                JOIN (SELECT DISTINCT event_key FROM b) k ON e.event_key = k.event_key
            ),
            rep AS (
                SELECT DISTINCT ON (event_key) event_key, article_id, position
                FROM (
                    SELECT event_key, confidence, article_id, position FROM b
                    UNION ALL
                    SELECT event_key, confidence, article_id, NULL FROM old
                ) c
                ORDER BY event_key, confidence DESC, article_id, position
            ),
            added AS (
                SELECT event_key, count(*) AS mentions, count(DISTINCT article_id) AS articles,
                       count(DISTINCT publisher) AS sources
                FROM b GROUP BY event_key
            ),
            pairs AS (
                SELECT event_key, publisher, count(*) AS n FROM b
                WHERE event_key IN (SELECT event_key FROM old)
                GROUP BY event_key, publisher
            ),
            known AS (
                SELECT s.event_key, count(*) AS sources
                FROM (
                    SELECT p.event_key
                    FROM pairs p
                    JOIN mentions m ON m.event_key = p.event_key AND m.publisher = p.publisher
                    GROUP BY p.event_key, p.publisher, p.n
                    HAVING count(*) > p.n
                ) s
                GROUP BY s.event_key
            )
            SELECT r.event_key, r.article_id, r.position,
                   o.event_key IS NOT NULL AS existed,
                   a.mentions + coalesce(o.num_mentions, 0) AS num_mentions,
                   a.articles + coalesce(o.num_articles, 0) AS num_articles,
                   a.sources - coalesce(k.sources, 0) + coalesce(o.num_sources, 0) AS num_sources
            FROM rep r
            JOIN added a ON a.event_key = r.event_key
            LEFT JOIN old o ON o.event_key = r.event_key
            LEFT JOIN known k ON k.event_key = r.event_key
            """,
        )
        rows = self._rows(
            "SELECT sum(CASE WHEN existed AND position IS NOT NULL THEN 1 ELSE 0 END), "
            "sum(CASE WHEN position IS NOT NULL THEN 1 ELSE 0 END), "
            "sum(CASE WHEN existed AND position IS NULL THEN 1 ELSE 0 END) FROM _merge"
        )
        replaced, inserted, kept = (int(v or 0) for v in rows[0])
        return MergePlan(replaced=replaced, inserted=inserted, kept=kept)

    def _rekey_people(self) -> None:
        """Migration 5: every stored person under `person_key` of its name and country (a
        key that the old name-only key split in two, Latin and Cyrillic, becomes one)."""
        rows = self._rows("SELECT DISTINCT person_key, name, country FROM article_people")
        changes = {str(old): person_key(str(name or ""), country) for old, name, country in rows}
        for old, new in changes.items():
            if old != new:
                self._execute(
                    "UPDATE article_people SET person_key = ? WHERE person_key = ?", [new, old]
                )
        self._execute("DELETE FROM people")
        self._execute("DELETE FROM person_roles")
        self._recompute_people(set(changes.values()))

    def _recompute_people(self, keys: set[str]) -> None:
        if not keys:
            return
        self._load_keys("_person_keys", sorted(keys))
        self._execute(f"DELETE FROM people WHERE person_key IN {_in('_person_keys')}")
        self._execute(f"DELETE FROM person_roles WHERE person_key IN {_in('_person_keys')}")
        self._execute(
            f"""
            INSERT INTO people (person_key, name, country, articles, first_seen, last_seen)
            SELECT r.person_key, r.name, r.country, c.articles, c.first_seen, c.last_seen
            FROM (
                SELECT DISTINCT ON (p.person_key) p.person_key, p.name, p.country
                FROM article_people p
                WHERE p.person_key IN {_in("_person_keys")}
                ORDER BY p.person_key, p.published DESC NULLS LAST, p.article_id, p.position
            ) r
            JOIN (
                SELECT person_key, count(DISTINCT article_id) AS articles,
                       min(substr(published, 1, 10)) AS first_seen,
                       max(substr(published, 1, 10)) AS last_seen
                FROM article_people
                WHERE person_key IN {_in("_person_keys")}
                GROUP BY person_key
            ) c ON c.person_key = r.person_key
            """
        )
        self._execute(
            f"""
            INSERT INTO person_roles (person_key, title, organization, since, until, articles)
            SELECT person_key, title, organization,
                   min(substr(published, 1, 10)), max(substr(published, 1, 10)),
                   count(DISTINCT article_id)
            FROM article_people
            WHERE person_key IN {_in("_person_keys")}
            GROUP BY person_key, title, organization
            """
        )

    # -- reading -------------------------------------------------------------------------------
    def result(self, article_id: str) -> CodingResult | None:
        rows = self._rows("SELECT result_json FROM articles WHERE id = ?", [article_id])
        if not rows:
            return None
        return CodingResult.model_validate(json.loads(rows[0][0]))

    def results(self, query: EventQuery | None = None) -> Iterator[CodingResult]:
        """Every stored result (or those with an event matching `query`), by article id."""
        if query is None:
            ids = [str(r[0]) for r in self._rows("SELECT id FROM articles ORDER BY id")]
        else:
            where, params = _event_filters(query)
            ids = [
                str(r[0])
                for r in self._rows(
                    "SELECT DISTINCT m.article_id FROM mentions m WHERE m.event_key IN "
                    f"(SELECT event_key FROM events WHERE {where}) ORDER BY 1",
                    params,
                )
            ]
        for article_id in ids:
            result = self.result(article_id)
            if result is not None:
                yield result

    def events(self, query: EventQuery) -> pd.DataFrame:
        where, params = _event_filters(query)
        direction = "DESC" if query.newest_first else "ASC"
        column = SORT_COLUMNS[query.sort or "date"]
        order = f"{column} {direction} NULLS LAST"
        if column != "date_start":
            order += f", date_start {direction} NULLS LAST"
        # The page is chosen on two narrow columns, then only its rows are read whole: a top-N
        # over all ~60 columns cost DuckDB about twice the CPU (/api/events, 10k events).
        e_order = ", ".join(f"e.{part.strip()}" for part in order.split(","))
        return self._frame(
            "SELECT e.* FROM events e JOIN ("
            f"SELECT event_key FROM events WHERE {where} "
            f"ORDER BY {order}, event_key LIMIT ? OFFSET ?"
            ") p ON p.event_key = e.event_key "
            f"ORDER BY {e_order}, e.event_key",
            [*params, query.limit, query.offset],
        )

    def count_events(self, query: EventQuery) -> int:
        where, params = _event_filters(query)
        rows = self._rows(f"SELECT count(*) FROM events WHERE {where}", params)
        return int(rows[0][0])

    def event_summary(self, query: EventQuery) -> EventSummary:
        where, params = _event_filters(query)
        rows = self._rows(
            f"SELECT plover, count(*), sum(goldstein), count(goldstein) FROM events "
            f"WHERE {where} GROUP BY plover ORDER BY count(*) DESC, plover",
            params,
        )
        total = sum(int(r[1]) for r in rows)
        scored = sum(int(r[3]) for r in rows)
        mean = sum(float(r[2] or 0) for r in rows) / scored if scored else None
        by_plover = {str(r[0]): int(r[1]) for r in rows if r[0] is not None}
        return EventSummary(events=total, mean_goldstein=mean, by_plover=by_plover)

    def articles_by_id(self, article_ids: Sequence[str]) -> pd.DataFrame:
        ids = list(dict.fromkeys(article_ids))
        columns = ["id", "title", "published", "source", "url"]
        if not ids:
            import pandas as pd

            return pd.DataFrame(columns=columns)
        marks = ", ".join("?" for _ in ids)
        frame = self._frame(
            f"SELECT {', '.join(columns)} FROM articles WHERE id IN ({marks})", ids
        )
        rank = {self._stored_text(i): n for n, i in enumerate(ids)}
        frame = frame.assign(_rank=frame["id"].map(rank)).sort_values("_rank", kind="stable")
        return frame.drop(columns="_rank").reset_index(drop=True)

    def undated_events(self, dyad: tuple[str, str], article_ids: Sequence[str]) -> pd.DataFrame:
        ids = list(dict.fromkeys(article_ids))
        where, params = _event_filters(EventQuery(dyad=dyad))
        marks = ", ".join("?" for _ in ids) or "NULL"
        return self._frame(
            f"SELECT * FROM events WHERE {where} AND date_start IS NULL AND event_key IN "
            f"(SELECT event_key FROM mentions WHERE article_id IN ({marks})) ORDER BY event_key",
            [*params, *ids],
        )

    def quad_counts(self, query: EventQuery) -> dict[int, int]:
        where, params = _event_filters(query)
        rows = self._rows(
            f"SELECT quad_class, count(*) FROM events WHERE {where} AND quad_class IS NOT NULL "
            "GROUP BY quad_class ORDER BY quad_class",
            params,
        )
        return {int(r[0]): int(r[1]) for r in rows}

    def mentions(self, event_key: str) -> pd.DataFrame:
        """Every article's evidence for one event."""
        return self._frame(
            "SELECT m.*, a.title, a.url, a.published FROM mentions m "
            "JOIN articles a ON a.id = m.article_id WHERE m.event_key = ? "
            "ORDER BY m.article_id, m.position",
            [event_key],
        )

    def timeline(self, country_a: str, country_b: str) -> pd.DataFrame:
        where, params = _event_filters(EventQuery(dyad=(country_a, country_b)))
        return self._frame(
            f"""
            SELECT substr(date_start, 1, 7) AS month,
                   count(*) AS events,
                   count(*) FILTER (WHERE quad_class = 1) AS verbal_cooperation,
                   count(*) FILTER (WHERE quad_class = 2) AS material_cooperation,
                   count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
                   count(*) FILTER (WHERE quad_class = 4) AS material_conflict,
                   avg(goldstein) AS mean_goldstein
            FROM events
            WHERE {where} AND date_start IS NOT NULL
            GROUP BY substr(date_start, 1, 7)
            ORDER BY month
            """,
            params,
        )

    def articles(self, limit: int = 50, offset: int = 0, search: str | None = None) -> pd.DataFrame:
        where, params = _article_filters(search)
        return self._frame(
            "SELECT id, title, published, source, url, language, origin, dateline_name, "
            f"n_events, n_dropped, content_hash FROM articles WHERE {where} "
            "ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )

    def count_articles(self, search: str | None = None) -> int:
        where, params = _article_filters(search)
        return int(self._rows(f"SELECT count(*) FROM articles WHERE {where}", params)[0][0])

    def article_entities(self, article_ids: Sequence[str]) -> pd.DataFrame:
        """The people and organisations the articles `article_ids` name (from the per-article
        rows, no result JSON is read), in the order of `article_ids` and then as each article
        lists them."""
        import pandas as pd

        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return pd.DataFrame(columns=ENTITY_COLUMNS)
        marks = ", ".join("?" for _ in ids)
        frame = self._frame(
            f"""
            SELECT e.kind, e.article_id, e.position, e.name, e.title, e.country,
                   a.title AS article_title, a.source AS article_source
            FROM (
                SELECT 'person' AS kind, article_id, position, name, title, country
                FROM article_people WHERE article_id IN ({marks})
                UNION ALL
                SELECT 'organization', article_id, position, name, NULL, country
                FROM article_organizations WHERE article_id IN ({marks})
            ) e JOIN articles a ON a.id = e.article_id
            """,
            [*ids, *ids],
        )
        rank = {self._stored_text(i): n for n, i in enumerate(ids)}
        frame = frame.assign(_rank=frame["article_id"].map(rank))
        frame = frame.sort_values(["_rank", "kind", "position"], kind="stable")
        return frame.drop(columns="_rank").reset_index(drop=True)[ENTITY_COLUMNS]

    def actors(self) -> pd.DataFrame:
        return self._frame(_listing_sql("actors"))

    def people(self) -> pd.DataFrame:
        return self._frame(_listing_sql("people"))

    def organizations(self) -> pd.DataFrame:
        return self._frame(_listing_sql("organizations"))

    def dyads(self) -> pd.DataFrame:
        return self._frame(_listing_sql("dyads"))

    def page_of(
        self,
        listing: Listing,
        *,
        search: str | None = None,
        country: str | None = None,
        dyad: tuple[str, str] | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[pd.DataFrame, int]:
        where, params = ["TRUE"], []
        if search:
            where.append(f"t.name ILIKE ? {LIKE_ESCAPE}")
            params.append(contains_pattern(search))
        if country:
            where.append("(t.country_a = ? OR t.country_b = ?)")
            params += [country, country]
        if dyad:
            clause, values = _fact_dyad(listing, dyad)
            where.append(clause)
            params += values
        sql = _listing_sql(listing, " AND ".join(where))
        frame = self._frame(f"{sql} LIMIT ? OFFSET ?", [*params, limit, offset])
        total = self._rows(
            f"SELECT count(*) FROM ({_LISTINGS[listing][0]}) t WHERE {' AND '.join(where)}",
            params,
        )
        return frame, int(total[0][0])

    def person_roles(self, person: str | None = None) -> pd.DataFrame:
        """Dated roles (title, organisation, first and last seen), optionally of one person."""
        where, params = "", []
        if person:
            # the key, or any part of the name ("Vassilenko", "roman vass"), case-insensitive
            part = person.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where = "WHERE r.person_key = ? OR lower(p.name) LIKE ? ESCAPE '\\'"
            params = [person, f"%{part}%"]
        return self._frame(
            "SELECT r.person_key, p.name, r.title, r.organization, r.since, r.until, r.articles "
            f"FROM person_roles r JOIN people p ON p.person_key = r.person_key {where} "
            "ORDER BY p.name, r.since NULLS LAST, r.title NULLS LAST",
            params,
        )

    def figures(self, dyad: tuple[str, str] | None = None) -> pd.DataFrame:
        where, params = _fact_dyad("figures", dyad) if dyad else ("TRUE", [])
        return self._frame(_listing_sql("figures", where), params)

    def figure_table(self, dyad: tuple[str, str]) -> pd.DataFrame:
        """Figures of a pair over years: rows kind/unit/direction, columns years."""
        from communique.store.frames import figure_pivot

        return figure_pivot(self.figures(dyad), dyad)

    def agreements(self, dyad: tuple[str, str] | None = None) -> pd.DataFrame:
        where, params = _fact_dyad("agreements", dyad) if dyad else ("TRUE", [])
        return self._frame(_listing_sql("agreements", where), params)

    def milestones(self, dyad: tuple[str, str] | None = None) -> pd.DataFrame:
        return self._dated_facts("milestones", "countries", dyad)

    def _dated_facts(
        self, table: str, countries_column: str, dyad: tuple[str, str] | None
    ) -> pd.DataFrame:
        """Rows of a per-article fact table in date order; with a dyad, those whose
        comma-separated country list names both countries."""
        where, params = "TRUE", []
        if dyad:
            listed = f"(',' || {countries_column} || ',')"
            where = f"{listed} LIKE ? AND {listed} LIKE ?"
            params = [f"%,{dyad[0]},%", f"%,{dyad[1]},%"]
        return self._frame(
            f"SELECT * FROM {table} WHERE {where} "
            "ORDER BY date_start NULLS LAST, article_id, position",
            params,
        )

    def drops(self) -> pd.DataFrame:
        return self._frame(
            "SELECT d.article_id, d.stage, d.reason, d.detail, d.origin, d.line, d.raw_text "
            "FROM drops d ORDER BY d.origin NULLS LAST, d.line NULLS LAST, d.article_id, d.position"
        )

    # -- explore -------------------------------------------------------------------------------
    def facets(
        self, query: EventQuery, names: Sequence[Facet] = FACETS, limit: int = FACET_LIMIT
    ) -> dict[str, list[FacetCount]]:
        where, params = _event_filters(query)
        found: dict[str, list[FacetCount]] = {}
        for name in names:
            sql, times = _facet_sql(name, where)
            rows = self._rows(sql, [*(params * times), limit])
            found[name] = [FacetCount(value=str(v), count=int(n)) for v, n in rows]
        return found

    def partners(self, country: str, query: EventQuery | None = None) -> list[PartnerRow]:
        where, params = _event_filters(query or EventQuery())
        rows = self._rows(
            f"""
            SELECT CASE WHEN source_country = ? THEN target_country ELSE source_country END,
                   count(*),
                   count(*) FILTER (WHERE quad_class = 1),
                   count(*) FILTER (WHERE quad_class = 2),
                   count(*) FILTER (WHERE quad_class = 3),
                   count(*) FILTER (WHERE quad_class = 4),
                   avg(goldstein), max(date_start)
            FROM events
            WHERE (source_country = ? OR target_country = ?) AND {where}
              AND source_country IS NOT NULL AND target_country IS NOT NULL
              AND source_country <> target_country
            GROUP BY 1 ORDER BY 2 DESC, 1
            """,
            [country, country, country, *params],
        )
        return [
            PartnerRow(
                partner=str(r[0]), events=int(r[1]), verbal_cooperation=int(r[2]),
                material_cooperation=int(r[3]), verbal_conflict=int(r[4]),
                material_conflict=int(r[5]), mean_goldstein=_float(r[6]),
                latest=None if r[7] is None else str(r[7]),
            )
            for r in rows
        ]

    def locations(self, query: EventQuery, limit: int = 2000) -> list[LocationCount]:
        where, params = _event_filters(query)
        scale = 10**LOCATION_DECIMALS
        rows = self._rows(
            f"""
            SELECT location_name, location_country,
                   floor(location_lat * {scale} + 0.5) / {scale},
                   floor(location_lon * {scale} + 0.5) / {scale},
                   count(*), avg(goldstein)
            FROM events
            WHERE {where} AND location_lat IS NOT NULL AND location_lon IS NOT NULL
            GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC, 1 NULLS LAST, 3, 4 LIMIT ?
            """,
            [*params, limit],
        )
        return [
            LocationCount(name=r[0], country=r[1], lat=float(r[2]), lon=float(r[3]),
                          events=int(r[4]), mean_goldstein=_float(r[5]))
            for r in rows
        ]

    def pair_counts(self, query: EventQuery, limit: int | None = None) -> list[PairCount]:
        where, params = _event_filters(query)
        cap = "" if limit is None else f"LIMIT {int(limit)}"
        rows = self._rows(
            f"""
            SELECT least(source_country, target_country), greatest(source_country, target_country),
                   count(*), avg(goldstein)
            FROM events
            WHERE {where} AND source_country IS NOT NULL AND target_country IS NOT NULL
              AND source_country <> target_country
            GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 {cap}
            """,
            params,
        )
        return [PairCount(a=str(r[0]), b=str(r[1]), events=int(r[2]),
                          mean_goldstein=_float(r[3])) for r in rows]

    def search_articles(self, text: str, limit: int = 20, offset: int = 0) -> SearchPage:
        wanted = query_terms(text)
        if not wanted:
            return SearchPage()
        marks = ", ".join("?" for _ in wanted)
        # Okapi BM25: idf = ln(1 + (N - df + 0.5) / (df + 0.5)), one term's weight
        # idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avgdl)), summed over terms.
        # One scan of the postings: df by a window, the number of hits by another.
        k1, b = BM25_K1, BM25_B
        rows = self._rows(
            f"""
            WITH p AS (
                SELECT article_id, CAST(tf AS FLOAT8) AS tf, CAST(length AS FLOAT8) AS length,
                       CAST(count(*) OVER (PARTITION BY term) AS FLOAT8) AS df
                FROM article_terms WHERE term IN ({marks})
            ),
            s AS (
                SELECT CAST(count(*) AS FLOAT8) AS n,
                       CAST(greatest(avg(length), 1) AS FLOAT8) AS avgdl
                FROM search_docs
            ),
            scored AS (
                SELECT p.article_id,
                       sum(ln(1 + (s.n - p.df + 0.5) / (p.df + 0.5)) * p.tf * {k1 + 1}
                           / (p.tf + {k1} * (1 - {b} + {b} * p.length / s.avgdl))) AS score
                FROM p CROSS JOIN s
                GROUP BY p.article_id
            ),
            ranked AS (
                SELECT article_id, score, count(*) OVER () AS total FROM scored
                ORDER BY score DESC, article_id
                LIMIT ? OFFSET ?
            )
            SELECT r.article_id, r.score, a.title, a.source, a.published, a.url, a.text, r.total
            FROM ranked r JOIN articles a ON a.id = r.article_id
            ORDER BY r.score DESC, r.article_id
            """,
            [*wanted, limit, offset],
        )
        hits = [
            SearchHit(article_id=str(r[0]), score=float(r[1]), title=r[2], source=r[3],
                      published=None if r[4] is None else str(r[4]), url=r[5], text=r[6] or "")
            for r in rows
        ]
        if rows:
            total = int(rows[0][7])
        else:  # past the last page (or nothing found): count the hits on their own
            total = int(self._rows(
                f"SELECT count(DISTINCT article_id) FROM article_terms WHERE term IN ({marks})",
                wanted,
            )[0][0]) if offset else 0
        return SearchPage(terms=wanted, total=total, hits=hits)

    def reindex_search(self) -> int:
        with self.transaction():
            return self._index_articles()

    def _index_articles(self) -> int:
        """Rebuild article_terms and search_docs from the articles (inside a transaction)."""
        from communique.store.rows import search_tables

        self._execute("DELETE FROM article_terms")
        self._execute("DELETE FROM search_docs")
        after, indexed = "", 0
        while True:
            rows = self._rows(
                "SELECT id, title, text FROM articles WHERE NOT failed AND id > ? "
                "ORDER BY id LIMIT ?",
                [after, REINDEX_BATCH],
            )
            if not rows:
                return indexed
            tables = search_tables()
            for article_id, title, text in rows:
                add_search_rows(tables, str(article_id), document_text(title, text))
            for name, columns in tables.items():
                if columns["article_id"]:
                    self._insert(name, columns)
            indexed += len(rows)
            after = str(rows[-1][0])

    def delete(self, article_ids: Sequence[str]) -> None:
        """Remove articles and every row derived from them (used by retry for old failures)."""
        ids = sorted(set(article_ids))
        if not ids:
            return
        with self.transaction():
            event_keys, person_keys = self._delete_rows(ids)
            self._recompute_events(event_keys)
            self._recompute_people(person_keys)

    def sql(
        self, query: str, *, max_rows: int | None = None, timeout_s: float | None = None
    ) -> pd.DataFrame:
        return self._read_only_frame(check_read_only(query), max_rows, timeout_s)

    def table(self, name: str) -> pd.DataFrame:
        """A whole table, in a stable order (for exports and tests)."""
        known = {t.name: t for t in schema.ALL_TABLES}
        if name not in known:
            raise StoreError(f"no table {name!r}", hint=f"choose one of {', '.join(known)}")
        order = ", ".join(known[name].column_names[:3])
        return self._frame(f"SELECT * FROM {name} ORDER BY {order}")


#: EventQuery.sort -> the events column it orders by (a fixed list: never user text in SQL).
SORT_COLUMNS: dict[str, str] = {
    "date": "date_start", "goldstein": "goldstein", "mentions": "num_mentions",
    "articles": "num_articles", "sources": "num_sources", "type": "plover", "cameo": "cameo",
}

#: The full-text index's tables (schema version SEARCH_INDEX_VERSION on).
SEARCH_TABLES = frozenset({schema.ARTICLE_TERMS.name, schema.SEARCH_DOCS.name})

#: Articles read per round while rebuilding the full-text index.
REINDEX_BATCH = 2000


def _facet_sql(name: Facet, where: str) -> tuple[str, int]:
    """The SQL of one facet over the events matching `where` (its parameters are needed
    `n` times), with `?` for the limit last."""
    order = "ORDER BY 2 DESC, 1 LIMIT ?"
    if name == "country":
        return (
            "SELECT c, count(*) FROM ("
            f"SELECT source_country AS c FROM events WHERE {where} UNION ALL "
            f"SELECT target_country AS c FROM events WHERE {where} "
            "AND (source_country IS NULL OR target_country <> source_country)"
            f") x WHERE c IS NOT NULL GROUP BY c {order}",
            2,
        )
    if name == "publisher":
        within = (
            "" if where == "TRUE"
            else f"WHERE event_key IN (SELECT event_key FROM events WHERE {where})"
        )
        return (
            f"SELECT publisher, count(DISTINCT event_key) FROM mentions {within} "
            f"GROUP BY publisher HAVING publisher IS NOT NULL {order}",
            0 if where == "TRUE" else 1,
        )
    if name == "month":
        return (
            "SELECT substr(date_start, 1, 7), count(*) FROM events "
            f"WHERE {where} AND date_start IS NOT NULL GROUP BY 1 ORDER BY 1 DESC LIMIT ?",
            1,
        )
    column = {"plover": "plover", "quad_class": "CAST(quad_class AS TEXT)"}[name]
    return (
        f"SELECT {column}, count(*) FROM events WHERE {where} AND {column} IS NOT NULL "
        f"GROUP BY 1 {order}",
        1,
    )


def _event_filters(query: EventQuery) -> tuple[str, list[Any]]:
    """WHERE clause (on the events table) and its parameters for an EventQuery."""
    clauses: list[str] = ["TRUE"]
    params: list[Any] = []
    if query.dyad:
        a, b = query.dyad
        if query.directed:
            clauses.append("(source_country = ? AND target_country = ?)")
            params += [a, b]
        else:
            clauses.append(
                "((source_country = ? AND target_country = ?) OR "
                "(source_country = ? AND target_country = ?))"
            )
            params += [a, b, b, a]
    if query.actor:
        clauses.append(
            "(source_country = ? OR target_country = ? OR source_code = ? OR target_code = ?)"
        )
        params += [query.actor] * 4
    if query.since:
        clauses.append("date_start >= ?")
        params.append(query.since)
    if query.until:
        clauses.append("substr(date_start, 1, ?) <= ?")
        params += [len(query.until), query.until]
    if query.plover:
        clauses.append("plover = ?")
        params.append(query.plover.upper())
    if query.cameo:
        clauses.append("cameo LIKE ?")
        params.append(query.cameo + "%")
    if query.quad_class is not None:
        clauses.append("quad_class = ?")
        params.append(query.quad_class)
    if query.publisher:
        clauses.append("event_key IN (SELECT event_key FROM mentions WHERE publisher = ?)")
        params.append(query.publisher)
    if query.article_id:
        clauses.append("event_key IN (SELECT event_key FROM mentions WHERE article_id = ?)")
        params.append(query.article_id)
    if query.search:
        clauses.append(
            f"(evidence_text ILIKE ? {LIKE_ESCAPE} OR trigger_text ILIKE ? {LIKE_ESCAPE})"
        )
        params += [contains_pattern(query.search)] * 2
    return " AND ".join(clauses), params


#: The listings `page_of` pages: (the rows, one per listed thing; their order, total so that
#: pages never overlap: the listing's key ends it).
_LISTINGS: dict[str, tuple[str, str]] = {
    "actors": (
        """
        SELECT country, code, name, kind, sector,
               count(*) AS mentions, count(DISTINCT article_id) AS articles
        FROM actor_mentions
        GROUP BY country, code, name, kind, sector
        """,
        "mentions DESC, country NULLS LAST, code NULLS LAST, name, kind NULLS LAST, "
        "sector NULLS LAST",
    ),
    "people": (
        """
        SELECT p.person_key, p.name, p.country, r.title, r.organization,
               p.articles, p.first_seen, p.last_seen
        FROM people p
        LEFT JOIN (
            SELECT DISTINCT ON (person_key) person_key, title, organization
            FROM person_roles
            ORDER BY person_key, until DESC NULLS LAST,
                     title NULLS LAST, organization NULLS LAST
        ) r ON r.person_key = p.person_key
        """,
        "articles DESC, name, person_key",
    ),
    "organizations": (
        """
        SELECT org_key, min(name) AS name, country, min(sector) AS sector,
               count(DISTINCT article_id) AS articles
        FROM article_organizations
        GROUP BY org_key, country
        """,
        "articles DESC, name, org_key",
    ),
    "dyads": (
        """
        SELECT least(source_country, target_country) AS country_a,
               greatest(source_country, target_country) AS country_b,
               count(*) AS events, avg(goldstein) AS mean_goldstein
        FROM events
        WHERE source_country IS NOT NULL AND target_country IS NOT NULL
          AND source_country <> target_country
        GROUP BY 1, 2
        """,
        "events DESC, country_a, country_b",
    ),
    "figures": ("SELECT * FROM figures", "period_start NULLS LAST, kind, article_id, position"),
    "agreements": ("SELECT * FROM agreements", "date_start NULLS LAST, article_id, position"),
}


def _fact_dyad(listing: str, dyad: tuple[str, str]) -> tuple[str, list[Any]]:
    """The rows of a fact listing that concern a pair (on alias t): figures between its two
    countries (either direction), agreements whose parties include both."""
    a, b = dyad
    if listing == "figures":
        return ("((t.from_country = ? AND t.to_country = ?) "
                "OR (t.from_country = ? AND t.to_country = ?))", [a, b, b, a])
    if listing == "agreements":
        listed = "(',' || t.parties || ',')"
        return f"{listed} LIKE ? AND {listed} LIKE ?", [f"%,{a},%", f"%,{b},%"]
    raise ValueError(f"the {listing} listing has no pair filter")


def _listing_sql(listing: str, where: str = "TRUE") -> str:
    """A listing's rows (those matching `where`, on alias t) in its order."""
    rows, order = _LISTINGS[listing]
    return f"SELECT * FROM ({rows}) t WHERE {where} ORDER BY {order}"


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


#: The escape character of every LIKE pattern built from user text.
LIKE_ESCAPE = "ESCAPE '\\'"


def contains_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, its % and _ taken literally (not as wildcards)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _article_filters(search: str | None) -> tuple[str, list[Any]]:
    where, params = "NOT failed", []
    if search:
        where += f" AND (title ILIKE ? {LIKE_ESCAPE} OR text ILIKE ? {LIKE_ESCAPE})"
        params += [contains_pattern(search)] * 2
    return where, params
