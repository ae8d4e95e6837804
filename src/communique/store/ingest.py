"""`ingest`: read sources, skip what is already stored, code the rest, store it batch by batch.

The coder is any callable ``Iterable[Article | IngestFailure] -> Iterator[CodingResult]``: the
in-process `Pipeline().code` by default, a `communique.scale.DaskCoder` to scale out. Results are
written in batches, one transaction each, so an interrupted run loses at most the batch in
flight, and re-running it stores exactly what one uninterrupted run would have.
"""

from __future__ import annotations

import gzip
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from communique.models import Article, CodingResult, IngestFailure, Record
from communique.settings import STORE_BATCH_SIZE
from communique.store.base import Store, WriteOutcome
from communique.store.rows import DropInput, split_location

Item = Article | IngestFailure
Coder = Callable[[Iterable[Item]], Iterator[CodingResult]]
Reader = Callable[[Sequence[str]], Iterator[Item]]
T = TypeVar("T")

# Results per write transaction (calibration in communique.settings).
DEFAULT_BATCH_SIZE = STORE_BATCH_SIZE
# Longest raw input kept with a drop (a JSONL line that did not parse); longer ones are cut.
MAX_RAW_CHARS = 100_000
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


class IngestSummary(Record):
    """What one ingest (or retry) did."""

    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    failed: int = 0
    events: int = 0
    batches: int = 0

    @property
    def articles(self) -> int:
        return self.new + self.unchanged + self.replaced + self.failed

    def add(self, outcomes: Sequence[WriteOutcome], skipped: int = 0) -> IngestSummary:
        """This summary plus one batch's outcomes and the inputs skipped before coding."""
        counts = Counter(o.status for o in outcomes)
        return IngestSummary(
            new=self.new + counts["new"],
            unchanged=self.unchanged + skipped + counts["unchanged"],
            replaced=self.replaced + counts["replaced"],
            failed=self.failed + counts["failed"],
            events=self.events + sum(o.events for o in outcomes if o.status != "unchanged"),
            batches=self.batches + (1 if outcomes else 0),
        )


def default_coder() -> Coder:
    from communique.pipeline import Pipeline

    return Pipeline().code


def default_reader(published: str | None = None) -> Reader:
    from communique.ingest import read_sources

    return lambda paths: read_sources(paths, published=published)


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def raw_input(failure: IngestFailure) -> str | None:
    """The text of the JSONL line that failed, when the failure names a line of a local file."""
    if failure.line is None:
        return None
    path = Path(failure.origin)
    if not path.is_file() or not path.name.lower().endswith(JSONL_SUFFIXES):
        return None
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as stream:
            line = next(islice(stream, failure.line - 1, None), None)
    except (OSError, EOFError):
        return None
    if line is None:
        return None
    return bytes(line).decode("utf-8", errors="replace").rstrip("\r\n")[:MAX_RAW_CHARS]


def _drop_input(failure: IngestFailure) -> DropInput:
    """Where a failed input came from, with its raw line when one can be read back."""
    return DropInput(
        location=failure.location,
        origin=failure.origin,
        line=failure.line,
        raw_text=raw_input(failure),
    )


def estimate_total(paths: Sequence[str]) -> int | None:
    """Inputs to expect (files, plus lines of JSONL files), or None when a URL/stdin is given."""
    from communique.ingest import SUPPORTED_SUFFIXES

    total = 0
    for source in paths:
        path = Path(source)
        if source == "-" or "://" in source or not path.exists():
            return None if source == "-" or "://" in source else total + 1
        files = (
            sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.name.lower().endswith(SUPPORTED_SUFFIXES)
            )
            if path.is_dir()
            else [path]
        )
        for file in files:
            if file.name.lower().endswith((".jsonl", ".ndjson")):
                with file.open("rb") as stream:
                    total += sum(1 for line in stream if line.strip())
            elif file.name.lower().endswith((".rss", ".atom", ".xml", ".gz")):
                return None
            else:
                total += 1
    return total


class _Run:
    """State of one ingest run: the inputs skipped before coding and where failures came from."""

    def __init__(self, store: Store, batch_size: int) -> None:
        self.store = store
        self.batch_size = batch_size
        self.skipped = 0
        self.inputs: dict[str, DropInput] = {}

    def pending(self, items: Iterable[Item]) -> Iterator[Item]:
        """The inputs that still need coding: stored articles with the same hash are skipped."""
        for chunk in _batches(items, self.batch_size):
            known = self.store.known([i.id for i in chunk if isinstance(i, Article)])
            for item in chunk:
                if isinstance(item, IngestFailure):
                    self.inputs[item.location] = _drop_input(item)
                    yield item
                elif known.get(item.id) == item.content_hash:
                    self.skipped += 1
                else:
                    yield item

    def take_skipped(self) -> int:
        skipped, self.skipped = self.skipped, 0
        return skipped


def _progress(console: Console) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[events]} events"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )


def store_results(
    results: Iterable[CodingResult],
    run: _Run,
    *,
    replace: bool = False,
    on_batch: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Write `results` to the run's store a batch per transaction, with their failed inputs."""
    summary = IngestSummary()
    for batch in _batches(results, run.batch_size):
        inputs = [run.inputs[r.article.id] for r in batch if r.article.id in run.inputs]
        outcomes = run.store.write(batch, inputs=inputs, replace=replace)
        for drop_input in inputs:
            run.inputs.pop(drop_input.location, None)
        summary = summary.add(outcomes, run.take_skipped())
        if on_batch is not None:
            on_batch(summary)
    return summary.add([], run.take_skipped())


def ingest(
    paths: Sequence[str],
    store: Store,
    *,
    coder: Coder | None = None,
    progress: bool = True,
    batch_size: int = DEFAULT_BATCH_SIZE,
    published: str | None = None,
    reader: Reader | None = None,
    console: Console | None = None,
    on_batch: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Code and store every input of `paths`; already-stored articles are skipped before coding."""
    read = reader or default_reader(published)
    code = coder or default_coder()
    run = _Run(store, batch_size)
    results = code(run.pending(read(paths)))
    if not progress:
        return store_results(results, run, on_batch=on_batch)
    console = console or Console(stderr=True)
    with _progress(console) as bar:
        task = bar.add_task("ingest", total=estimate_total(paths), events=0)

        def advance(summary: IngestSummary) -> None:
            bar.update(task, completed=summary.articles, events=summary.events)
            if on_batch is not None:
                on_batch(summary)

        return store_results(results, run, on_batch=advance)


def retry(
    store: Store,
    *,
    coder: Coder | None = None,
    reader: Reader | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> IngestSummary:
    """Read the origin of every drop again and code it; a success removes the drop.

    Inputs are matched by location (`path:line` for a JSONL line, the path or URL otherwise).
    """
    drops = store.drops()
    if drops.empty:
        return IngestSummary()
    wanted: dict[str, str] = {}  # location -> stored article id
    for article_id, origin, line in zip(
        drops["article_id"], drops["origin"], drops["line"], strict=True
    ):
        if not isinstance(origin, str):
            continue
        has_line = line is not None and line == line  # NaN from a nullable column
        wanted[f"{origin}:{int(line)}" if has_line else origin] = str(article_id)
    sources = sorted({split_location(location)[0] for location in wanted})
    read = reader or default_reader()
    run = _Run(store, batch_size)
    recovered: set[str] = set()  # stored failures whose input now codes as another article

    def selected() -> Iterator[Item]:
        for item in read(sources):
            location = item.location if isinstance(item, IngestFailure) else item.origin
            if location in wanted:
                if isinstance(item, IngestFailure):
                    run.inputs[item.location] = _drop_input(item)
                yield item

    def noting_recoveries(results: Iterable[CodingResult]) -> Iterator[CodingResult]:
        for result in results:
            origin = result.article.origin
            failed_id = wanted.get(origin) if origin is not None else None
            if not result.failed and failed_id is not None and failed_id != result.article.id:
                recovered.add(failed_id)
            yield result

    code = coder or default_coder()
    summary = store_results(noting_recoveries(code(selected())), run, replace=True)
    store.delete(sorted(recovered))
    return summary


def print_summary(summary: IngestSummary, console: Console | None = None) -> None:
    console = console or Console(stderr=True, file=sys.stderr)
    console.print(
        f"articles: {summary.new} new, {summary.unchanged} unchanged, {summary.replaced} replaced, "
        f"{summary.failed} failed; events stored: {summary.events}"
    )
