"""The events merge plan of a batch in Arrow compute (DuckDB), equal to the SQL plan of SqlStore.

For each event key the batch touches (outside the keys recomputed from scratch), `_merge` says
which mention represents the event after the batch (a batch row: its `article_id`, `position`;
the stored row: NULL `position`), whether an event row `existed`, and the merged counts.
Whole-column Arrow kernels only: no per-row Python.
"""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc

from communique.store.sql_store import MergePlan

_CANDIDATE = pa.schema(
    [
        ("event_key", pa.string()),
        ("confidence", pa.float64()),
        ("article_id", pa.string()),
        ("position", pa.int64()),
    ]
)
# the order of `SqlStore._recompute_events`: DuckDB compares strings byte-wise, as Arrow does
_REPRESENTATIVE_ORDER = [
    ("event_key", "ascending"),
    ("confidence", "descending"),
    ("article_id", "ascending"),
    ("position", "ascending"),
]

StoredEvents = Callable[[pa.Array], pa.Table]
SeenPairs = Callable[[pa.Table], pa.Table]


def _first_per_key(table: pa.Table) -> pa.Table:
    """The first row of each run of equal `event_key` in a table sorted by it."""
    keys = table["event_key"]
    if len(table) < 2:
        return table
    changed = pc.not_equal(keys.slice(1), keys.slice(0, len(table) - 1))
    return table.filter(pa.chunked_array([pa.array([True]), *changed.chunks]))


def merge_plan(
    batch: pa.Table, recomputed: set[str], stored_events: StoredEvents, seen: SeenPairs
) -> pa.Table:
    """`_merge` for the batch's mentions (already inserted into `mentions`).

    `stored_events(keys)` reads the stored event rows of those keys (event_key, article_id,
    confidence, num_*); `seen(pairs)` every stored mention's (event_key, publisher) among the
    given pairs, the batch's own mentions included.
    """
    b = batch.select(["event_key", "article_id", "position", "confidence", "publisher"])
    if recomputed:
        skip = pa.array(sorted(recomputed), pa.string())
        b = b.filter(pc.invert(pc.is_in(b["event_key"], value_set=skip)))
    old = stored_events(pc.unique(b["event_key"]))
    candidates = pa.concat_tables(
        [
            b.select(_CANDIDATE.names).cast(_CANDIDATE),
            pa.table(
                {
                    "event_key": old["event_key"],
                    "confidence": old["confidence"],
                    "article_id": old["article_id"],
                    "position": pa.nulls(len(old), pa.int64()),
                }
            ).cast(_CANDIDATE),
        ]
    )
    ordered = candidates.take(pc.sort_indices(candidates, sort_keys=_REPRESENTATIVE_ORDER))
    rep = _first_per_key(ordered).select(["event_key", "article_id", "position"])
    added = b.group_by("event_key", use_threads=False).aggregate(
        [
            ("event_key", "count", pc.CountOptions(mode="all")),
            ("article_id", "count_distinct"),
            ("publisher", "count_distinct"),
        ]
    )
    added = added.rename_columns(
        [
            {"event_key_count": "added_mentions", "article_id_count_distinct": "added_articles",
             "publisher_count_distinct": "added_sources"}.get(n, n)
            for n in added.column_names
        ]
    )  # fmt: skip
    merged = rep.join(added, "event_key", join_type="inner", use_threads=False)
    stored = old.select(["event_key", "num_mentions", "num_articles", "num_sources"])
    merged = merged.join(stored, "event_key", join_type="left outer", use_threads=False)
    merged = merged.join(
        _known_sources(b, old, seen), "event_key", join_type="left outer", use_threads=False
    )

    def total(added_name: str, stored_name: str) -> pa.ChunkedArray:
        stored_values = pc.fill_null(merged[stored_name].cast(pa.int64()), 0)
        return pc.add(merged[added_name].cast(pa.int64()), stored_values)

    sources = pc.subtract(
        total("added_sources", "num_sources"),
        pc.fill_null(merged["known_sources"].cast(pa.int64()), 0),
    )
    return pa.table(
        {
            "event_key": merged["event_key"],
            "article_id": merged["article_id"],
            "position": merged["position"],
            "existed": pc.is_valid(merged["num_mentions"]),
            "num_mentions": total("added_mentions", "num_mentions"),
            "num_articles": total("added_articles", "num_articles"),
            "num_sources": sources,
        }
    )


def _known_sources(b: pa.Table, old: pa.Table, seen: SeenPairs) -> pa.Table:
    """Per stored key: how many of the batch's publishers already had a mention of it."""
    empty = pa.table(
        {"event_key": pa.array([], pa.string()), "known_sources": pa.array([], pa.int64())}
    )
    if len(old) == 0:
        return empty
    mine = b.filter(pc.is_in(b["event_key"], value_set=old["event_key"].combine_chunks()))
    pairs = mine.group_by(["event_key", "publisher"], use_threads=False).aggregate(
        [("event_key", "count", pc.CountOptions(mode="all"))]
    )
    pairs = pairs.rename_columns(
        ["in_batch" if n == "event_key_count" else n for n in pairs.column_names]
    )
    stored = seen(pairs.select(["event_key", "publisher"]))
    everywhere = stored.group_by(["event_key", "publisher"], use_threads=False).aggregate(
        [("event_key", "count", pc.CountOptions(mode="all"))]
    )
    everywhere = everywhere.rename_columns(
        ["everywhere" if n == "event_key_count" else n for n in everywhere.column_names]
    )
    joined = pairs.join(
        everywhere, ["event_key", "publisher"], join_type="inner", use_threads=False
    )
    known = joined.filter(pc.greater(joined["everywhere"], joined["in_batch"]))
    if len(known) == 0:
        return empty
    counted = known.group_by("event_key", use_threads=False).aggregate(
        [("event_key", "count", pc.CountOptions(mode="all"))]
    )
    return pa.table(
        {
            "event_key": counted["event_key"],
            "known_sources": counted["event_key_count"].cast(pa.int64()),
        }
    )


def plan_counts(merge: pa.Table) -> MergePlan:
    """The statements a `_merge` table calls for (each one skipped when it would do nothing)."""
    batch_wins = pc.is_valid(merge["position"])
    existed = merge["existed"]
    return MergePlan(
        replaced=int(pc.sum(pc.and_(existed, batch_wins)).as_py() or 0),
        inserted=int(pc.sum(batch_wins).as_py() or 0),
        kept=int(pc.sum(pc.and_(existed, pc.invert(batch_wins))).as_py() or 0),
    )
