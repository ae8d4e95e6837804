"""`communique doctor` and `communique evaluate`: thin printers over communique.doctor/evaluate."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from communique.settings import Settings

if TYPE_CHECKING:
    from communique.evaluate import EvaluationReport


class ReportFormat(StrEnum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("doctor")(doctor)
    app.command("evaluate")(evaluate)


def doctor() -> None:
    """Check the installation and print the command that fixes each missing item.

    Exits 1 when a required item (Python, the spaCy model, a core package) is missing.
    """
    from communique.doctor import run_checks

    report = run_checks(Settings())
    console = Console()
    table = Table(title="communique doctor")
    for column in ("check", "status", "detail"):
        table.add_column(column)
    for check in report.checks:
        if check.status == "ok":
            status = "[green]ok[/green]"
        elif check.required:
            status = "[red]missing[/red]"
        else:
            status = "[yellow]missing (optional)[/yellow]"
        table.add_row(check.name, status, check.detail)
    console.print(table)
    for check in report.checks:
        if check.status != "ok" and check.fix:
            kind = "required" if check.required else "optional"
            console.print(f"{check.name} ({kind}): fix with", style="bold", highlight=False)
            console.print(f"  {check.fix}", highlight=False, soft_wrap=True, markup=False)
    if not report.ok:
        raise typer.Exit(1)


def evaluate(
    gold_set: Annotated[
        str, typer.Argument(help="Gold JSONL, e.g. ../shared/eval/plover_gsr_dev.jsonl")
    ],
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="table or json (the report).")
    ] = ReportFormat.table,
    as_json: Annotated[
        bool, typer.Option("--json", hidden=True, help="Same as --format json (older spelling).")
    ] = False,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Score only the first N gold sentences.")
    ] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline to use.")] = None,
) -> None:
    """Code each gold sentence and print per-type precision/recall/F1, actor accuracy, confusion."""
    from communique.evaluate import evaluate as run_evaluation
    from communique.evaluate import load_gold, report_json
    from communique.pipeline import Pipeline

    records = load_gold(gold_set)
    pipeline = Pipeline(Settings(model=model) if model else Settings())
    report = run_evaluation(records, pipeline, limit=limit)
    if as_json or fmt is ReportFormat.json:
        sys.stdout.write(report_json(report) + "\n")
        return
    print_report(Console(), report)


def print_report(console: Console, report: EvaluationReport) -> None:
    """Summary, per-type and confusion tables."""
    summary = Table(title=f"evaluation: {report.sentences} sentences")
    summary.add_column("metric")
    summary.add_column("value", justify="right")
    for name, value in (
        ("type recall", report.type_recall),
        ("type-and-source accuracy", report.type_and_source_accuracy),
        ("type-source-and-target accuracy", report.type_source_target_accuracy),
        (f"source accuracy (of {report.type_matched} type-matched)", report.source_accuracy),
        (f"target accuracy (of {report.with_gold_target} with a gold target)",
         report.target_accuracy),
        ("macro F1", report.macro_f1),
        ("micro F1", report.micro_f1),
        ("extra events per sentence", report.extra_events_per_sentence),
    ):
        summary.add_row(name, f"{value:.3f}")
    summary.add_row("sentences with a dropped stage", str(report.dropped))
    console.print(summary)

    per_type = Table(title="per PLOVER type (sentence level)")
    for column in ("type", "gold", "predicted", "hits", "precision", "recall", "F1"):
        per_type.add_column(column, justify="left" if column == "type" else "right")
    for t in report.per_type:
        per_type.add_row(
            t.type, str(t.gold), str(t.predicted), str(t.true_positives),
            f"{t.precision:.2f}", f"{t.recall:.2f}", f"{t.f1:.2f}",
        )
    console.print(per_type)

    # One row per gold type with its confusions listed: a 17 x 17 grid does not fit a terminal.
    confusion = Table(title="confusion: gold type -> the most confident event's type")
    for column in ("gold", "same", "instead"):
        confusion.add_column(column, justify="right" if column == "same" else "left")
    for gold, row in report.confusion.items():
        others = sorted(((n, p) for p, n in row.items() if p != gold), reverse=True)
        confusion.add_row(gold, str(row.get(gold, 0)), ", ".join(f"{p} {n}" for n, p in others))
    console.print(confusion)
