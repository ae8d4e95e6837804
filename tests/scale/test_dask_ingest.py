"""Ingest through DaskCoder into real stores: same rows as one process, resumable, no doubles."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from scale_fakes import fast_factory

from communique.models import Article, CodingResult, IngestFailure
from communique.scale import DaskCoder
from communique.store import Store, open_store
from communique.store.schema import ALL_TABLES

Item = Article | IngestFailure

#: Columns that record when a row was written, not what it says.
VOLATILE_COLUMNS = {"stored_at"}

COUNTRIES = ["France", "Germany", "Kazakhstan", "Belgium", "Kenya", "Brazil", "Japan", "Egypt"]
SENTENCES = [
    "The president of {a} met the prime minister of {b} in the capital on Monday.",
    "{a} and {b} signed an agreement on trade and investment last week.",
    "Police in {a} arrested protesters outside the embassy of {b} on Tuesday.",
    "The foreign minister of {a} criticized {b} for its new border policy.",
    "{a} will send humanitarian aid worth $15 million to {b} next month.",
]


def write_corpus(path: Path, n: int) -> list[str]:
    """``n`` short distinct stories as JSONL, plus one unreadable line; returns the article ids."""
    pairs = itertools.permutations(COUNTRIES, 2)
    lines, ids = [], []
    for i, (a, b) in zip(range(n), pairs, strict=False):
        text = " ".join(s.format(a=a, b=b) for s in SENTENCES[i % 5 :] + SENTENCES[: i % 5])
        ids.append(f"story-{i:03d}")
        lines.append(json.dumps({"id": ids[-1], "published": "2024-03-15", "text": text}))
        if i == n // 2:
            lines.append("{this line is not JSON")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids


def table_rows(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, without write timestamps, sorted: comparable across two stores."""
    rows = {}
    for table in ALL_TABLES:
        frame = store.sql(f"SELECT * FROM {table.name}")
        frame = frame.drop(columns=[c for c in frame.columns if c in VOLATILE_COLUMNS])
        rows[table.name] = sorted(
            (tuple(str(v) for v in row) for row in frame.itertuples(index=False)),
        )
    return rows


class Recording:
    """A coder wrapper that records the ids it was asked to code (to prove nothing is recoded)."""

    def __init__(self, coder: DaskCoder, *, interrupt_after: int | None = None) -> None:
        self.coder = coder
        self.interrupt_after = interrupt_after
        self.seen: list[str] = []

    def __call__(self, items: Iterable[Item]) -> Iterator[CodingResult]:
        def tap(items: Iterable[Item]) -> Iterator[Item]:
            for item in items:
                self.seen.append(item.id if isinstance(item, Article) else item.location)
                yield item

        for count, result in enumerate(self.coder(tap(items)), start=1):
            yield result
            if self.interrupt_after is not None and count >= self.interrupt_after:
                raise KeyboardInterrupt


@pytest.fixture
def reference_url(store_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A second empty database on the same backend as `store_url`."""
    from communique.store import is_postgres_url

    if is_postgres_url(store_url):
        return str(request.getfixturevalue("postgres_server").create_database())
    return str(tmp_path / "reference.duckdb")


@pytest.mark.slow
def test_two_worker_ingest_stores_the_same_rows_as_one_process(
    tmp_path: Path, store_url: str, reference_url: str
):
    from communique.store.ingest import ingest

    corpus = tmp_path / "corpus.jsonl"
    ids = write_corpus(corpus, 24)
    with open_store(reference_url) as single:
        ingest([str(corpus)], single, progress=False)
        expected = table_rows(single)
    with open_store(store_url) as store, DaskCoder(workers=2, batch_size=4) as coder:
        ingest([str(corpus)], store, coder=coder, progress=False)
        got = table_rows(store)
        assert set(store.known(ids)) == set(ids)
    assert len(expected["articles"]) == 25  # 24 stories and the unreadable line
    assert sum(len(rows) for name, rows in expected.items() if name != "articles") > 0
    assert got == expected


@pytest.mark.slow
def test_interrupted_ingest_resumes_without_recoding_or_doubling(tmp_path: Path):
    from communique.store.ingest import ingest

    corpus = tmp_path / "corpus.jsonl"
    ids = write_corpus(corpus, 40)
    url = str(tmp_path / "resume.duckdb")
    with DaskCoder(workers=2, batch_size=4, coder_factory=fast_factory) as dask_coder:
        first = Recording(dask_coder, interrupt_after=12)
        with open_store(url) as store, pytest.raises(KeyboardInterrupt):
            ingest([str(corpus)], store, coder=first, batch_size=4, progress=False)
        with open_store(url) as store:
            finished = set(store.known(ids))
        assert 0 < len(finished) < len(ids)

        second = Recording(dask_coder)
        with open_store(url) as store:
            ingest([str(corpus)], store, coder=second, batch_size=4, progress=False)
            assert set(store.known(ids)) == set(ids)
            counts = store.sql("SELECT id, COUNT(*) AS n FROM articles GROUP BY id")
            figures = store.sql("SELECT article_id, COUNT(*) AS n FROM figures GROUP BY article_id")
    assert not finished & set(second.seen), "finished articles were coded again"
    assert set(ids) - finished <= set(second.seen)
    assert len(counts) == 41 and set(counts["n"]) == {1}
    assert len(figures) == 40 and set(figures["n"]) == {1}
