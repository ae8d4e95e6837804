"""`communique bench`: compare bare parse, full pipeline and Dask throughput on one corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from communique.bench import DEFAULT_MODES, MAX_LOAD_SECONDS, BenchReport, run_bench
from communique.cli.ops import ReportFormat


def register(app: typer.Typer) -> None:
    app.command("bench")(bench)


def bench(
    corpus: Annotated[
        Path | None,
        typer.Argument(help="JSONL file or folder (default: ../shared/corpus/voa_stories.jsonl)."),
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Use only the first N articles.")] = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="table or json (one object).")
    ] = ReportFormat.table,
    as_json: Annotated[
        bool, typer.Option("--json", hidden=True, help="Same as --format json (older spelling).")
    ] = False,
    modes: Annotated[
        str, typer.Option(help="Comma-separated: bare, full, dask_N (N workers).")
    ] = ",".join(DEFAULT_MODES),
) -> None:
    """Measure words/s, articles/s and peak memory per mode, each in a fresh process."""
    as_json = as_json or fmt is ReportFormat.json
    console = Console(stderr=as_json)
    with console.status("benchmarking (each mode in its own process)..."):
        report = run_bench(corpus, modes, limit)
    if as_json:
        typer.echo(json.dumps(report.contract()))
    else:
        print_report(console, report)


def print_report(console: Console, report: BenchReport) -> None:
    table = Table(title=f"communique bench: {report.corpus}")
    columns = ("mode", "load s", "articles", "words", "seconds", "words/s", "articles/s",
               "peak RSS MB")  # fmt: skip
    for column in (*columns, "words/CPU-s"):
        table.add_column(column, justify="left" if column == "mode" else "right")
    for result in report.modes.values():
        table.add_row(
            result.mode,
            "-" if result.load_seconds is None else f"{result.load_seconds:.2f}",
            str(result.articles),
            f"{result.words:,}",
            f"{result.seconds:.2f}",
            f"{result.words_per_s:,.0f}",
            f"{result.articles_per_s:.2f}",
            f"{result.peak_rss_mb:,.0f}",
            f"{result.words_per_cpu_s:,.0f}",
        )
    console.print(table)
    for result in report.modes.values():
        if len(result.by_language) > 1 or (
            result.by_language and "en" not in result.by_language
        ):
            rates = ", ".join(
                f"{language} {rate.words_per_s:,.0f} words/s, "
                f"{rate.words_per_cpu_s:,.0f} words/CPU-s ({rate.articles} articles)"
                for language, rate in result.by_language.items()
            )
            console.print(f"{result.mode} by language: {rates}")
    for label, ratio in (
        ("full / bare (words/s)", report.ratio_full_to_bare),
        ("dask_2 / full (articles/s)", report.ratio_dask2_to_full),
    ):
        if ratio is not None:
            console.print(f"{label}: {ratio:.2f}")
    full = report.modes.get("full")
    if full is not None and full.load_seconds is not None:
        verdict = "within" if full.load_seconds <= MAX_LOAD_SECONDS else "OVER"
        console.print(
            f"model load (full pipeline): {full.load_seconds:.2f} s, {verdict} the "
            f"{MAX_LOAD_SECONDS:.0f} s budget"
        )
    first = next(iter(report.modes.values()))
    console.print(
        f"[dim]{first.cpu_count} CPUs; words/CPU-s counts every process of a mode and does not "
        "depend on other load; 1-min load average at the start of each mode: "
        + ", ".join(f"{r.mode} {r.load_avg_1m:.1f}" for r in report.modes.values())
        + "[/dim]"
    )
