"""`ingest`: read sources, skip what is already stored, code the rest, store it batch by batch.

The coder is any callable ``Iterable[Article | IngestFailure] -> Iterator[CodingResult]``: the
in-process `Pipeline().code` by default, a `communique.scale.DaskCoder` to scale out. Results are
written in batches, one transaction each, so an interrupted run loses at most the batch in
flight, and re-running it stores exactly what one uninterrupted run would have.
"""

from __future__ import annotations

import gzip
import os
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import TypeVar

import pandas as pd
from pydantic import Field
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from communique.models import Article, CodingResult, IngestFailure, Record
from communique.settings import STORE_BATCH_SIZE
from communique.store.base import EventQuery, Store, WriteOutcome
from communique.store.rows import DropInput, split_location

Item = Article | IngestFailure
Coder = Callable[[Iterable[Item]], Iterator[CodingResult]]
Reader = Callable[[Sequence[str]], Iterator[Item]]
T = TypeVar("T")

# Results per write transaction (calibration in communique.settings).
DEFAULT_BATCH_SIZE = STORE_BATCH_SIZE
# Longest raw input kept with a drop (a JSONL line that did not parse); longer ones are cut.
MAX_RAW_CHARS = 100_000
# Bytes read back at most to find a failed line (the ingest limit of one input).
MAX_RAW_SCAN_BYTES = 1 << 30
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


class IngestSummary(Record):
    """What one ingest (or retry) did.

    `mentions` are the events of the coded articles (one per article that reports it); `events`
    is how many deduplicated events the store gained (several mentions of one real-world event
    are one event, see docs/STORE.md), `events_total` how many it holds after the run.
    """

    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    failed: int = 0
    mentions: int = 0
    drops: int = 0
    batches: int = 0
    events: int = 0
    events_total: int = 0
    seconds: float = 0.0
    missing: list[str] = Field(default_factory=list)
    """Origins that could not be found again (retry run from another folder, a moved file)."""

    @property
    def articles(self) -> int:
        return self.new + self.unchanged + self.replaced + self.failed

    def add(
        self, outcomes: Sequence[WriteOutcome], skipped: int = 0, drops: int = 0
    ) -> IngestSummary:
        """This summary plus one batch's outcomes, its drops and the inputs skipped before
        coding."""
        counts = Counter(o.status for o in outcomes)
        return self.model_copy(
            update={
                "new": self.new + counts["new"],
                "unchanged": self.unchanged + skipped + counts["unchanged"],
                "replaced": self.replaced + counts["replaced"],
                "failed": self.failed + counts["failed"],
                "mentions": self.mentions
                + sum(o.events for o in outcomes if o.status != "unchanged"),
                "drops": self.drops + drops,
                "batches": self.batches + (1 if outcomes else 0),
            }
        )

    def line(self) -> str:
        """The one-line account printed at the end of every ingest and retry."""
        missing = f", {len(self.missing)} origins not found" if self.missing else ""
        return (
            f"{self.articles:,} articles ({self.new:,} new, {self.unchanged:,} unchanged, "
            f"{self.replaced:,} replaced, {self.failed:,} failed), {self.mentions:,} mentions, "
            f"{self.events:+,} events ({self.events_total:,} in the store), "
            f"{self.drops:,} drops{missing}, {self.seconds:.1f} s"
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
    from communique.ingest.bounded import TooLong, bounded_lines, special_file

    if special_file(path) is not None:
        return None
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    limit = 4 * MAX_RAW_CHARS
    try:
        with opener(path, "rb") as stream:
            for number, line in bounded_lines(stream, limit, MAX_RAW_SCAN_BYTES):
                if number == failure.line:
                    if isinstance(line, bytes):
                        text = line.decode("utf-8", errors="replace").rstrip("\r\n")
                        return text[:MAX_RAW_CHARS]
                    if isinstance(line, TooLong):
                        return f"(a line of {line.size:,} bytes, not kept)"
                    return None
    except (OSError, EOFError, zlib.error):
        return None
    return None


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
            if not file.is_file():  # a FIFO or device: read_sources reports it, never open it
                total += 1
            elif file.name.lower().endswith((".jsonl", ".ndjson")):
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
        self.skipped_total = 0
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
                    self.skipped_total += 1
                else:
                    yield item

    def take_skipped(self) -> int:
        skipped, self.skipped = self.skipped, 0
        return skipped


class RateColumn(ProgressColumn):
    """Articles per second over the run so far (blank until the first article is done)."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        if not task.completed or elapsed <= 0:
            return Text("")
        return Text(f"{task.completed / elapsed:.1f} articles/s")


def _progress(console: Console) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TextColumn("{task.fields[mentions]} mentions"),
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
        written = {o.article_id for o in outcomes if o.status != "unchanged"}
        drops = sum(len(r.dropped) for r in batch if r.article.id in written)
        summary = summary.add(outcomes, run.take_skipped(), drops)
        if on_batch is not None:
            on_batch(summary)
    return summary.add([], run.take_skipped())


def absolute_source(source: str) -> str:
    """A local path made absolute (drops keep it, so `retry` works from any folder); stdin
    and URLs as given."""
    if source == "-" or "://" in source:
        return source
    return os.path.abspath(source)


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
    """Code and store every input of `paths`; already-stored articles are skipped before coding.

    Local paths are made absolute first, so drops name files `retry` finds from any folder.
    `progress=True` shows a bar that moves per coded article, with articles/s and an ETA.
    """
    started = time.monotonic()
    events_before = store.count_events(EventQuery())
    paths = [absolute_source(p) for p in paths]
    read = reader or default_reader(published)
    code = coder or default_coder()
    run = _Run(store, batch_size)
    results = code(run.pending(read(paths)))
    if not progress:
        summary = store_results(results, run, on_batch=on_batch)
    else:
        console = console or Console(stderr=True)
        with _progress(console) as bar:
            task = bar.add_task("ingest", total=estimate_total(paths), mentions=0)

            def counted(results: Iterable[CodingResult]) -> Iterator[CodingResult]:
                mentions = 0
                for coded, result in enumerate(results, start=1):
                    mentions += len(result.events)
                    bar.update(task, completed=coded + run.skipped_total, mentions=mentions)
                    yield result

            summary = store_results(counted(results), run, on_batch=on_batch)
            bar.update(task, completed=summary.articles)
    return _finished(summary, store, events_before, started)


def _finished(
    summary: IngestSummary, store: Store, events_before: int, started: float
) -> IngestSummary:
    total = store.count_events(EventQuery())
    return summary.model_copy(
        update={
            "events": total - events_before,
            "events_total": total,
            "seconds": time.monotonic() - started,
        }
    )


def _is_local(origin: str) -> bool:
    return origin != "<stdin>" and "://" not in origin


def retry(
    store: Store,
    *,
    coder: Coder | None = None,
    reader: Reader | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> IngestSummary:
    """Read the origin of every drop again and code it; a success removes the drop.

    Inputs are matched by location (`path:line` for a JSONL line, the path or URL otherwise).
    Origins that no longer exist (a relative path stored by an older version, read from another
    folder; a moved file) are listed in `missing` instead of being skipped in silence.
    """
    started = time.monotonic()
    events_before = store.count_events(EventQuery())
    drops = store.drops()
    if drops.empty:
        return _finished(IngestSummary(), store, events_before, started)
    wanted: dict[str, str] = {}  # location -> stored article id
    for article_id, origin, line in zip(
        drops["article_id"], drops["origin"], drops["line"], strict=True
    ):
        if not isinstance(origin, str):
            continue
        # the column is nullable: a drop without a line holds None, NaN or pd.NA
        wanted[origin if pd.isna(line) else f"{origin}:{int(line)}"] = str(article_id)
    sources = sorted({split_location(location)[0] for location in wanted})
    missing = [s for s in sources if _is_local(s) and not Path(s).exists()]
    sources = [s for s in sources if s not in missing]
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
    summary = summary.model_copy(update={"missing": missing})
    return _finished(summary, store, events_before, started)


def print_summary(
    summary: IngestSummary, console: Console | None = None, *, what: str = "ingest"
) -> None:
    """The summary line on stderr (a terminal or a log alike)."""
    console = console or Console(stderr=True, file=sys.stderr)
    console.print(f"{what}: {summary.line()}", highlight=False, markup=False, soft_wrap=True)
