"""A new user's session, end to end, through the CLI (issue 13's acceptance script).

    python scripts/user_session.py [--db URL]      # a temporary DuckDB file when --db is not given

It plays what the README tells a new user to do, and checks what a user would notice:

1. In a folder of their own: ingest the VOA sample and the seed article, with a broken JSONL
   line and an empty file among the inputs (exit 1, a one-line summary, drops recorded).
2. Every listing command in every format (table, json, jsonl, csv): exit 0, parseable output.
3. Export in every format and dialect; the native files read back as their datasets say.
4. Mend the bad inputs, then `retry` from **another** folder: the drops are gone (exit 0).
5. A typo in --db is an error naming the path, and creates nothing.

`tests/test_user_session.py` runs it on DuckDB and PostgreSQL.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "voa_stories_sample.jsonl"
SEED = ROOT / "examples" / "kazinform_2022-10-18_kazakhstan_belgium.txt"
FORMATS = ("table", "json", "jsonl", "csv")
LISTINGS: tuple[tuple[str, ...], ...] = (
    ("events",), ("events", "--dyad", "KAZ-BEL", "--since", "2022"),
    ("timeline", "--dyad", "KAZ-BEL"),
    ("actors",), ("people",), ("people", "--roles"), ("organizations",), ("figures",),
    ("figures", "--dyad", "KAZ-BEL"), ("agreements",), ("agreements", "--dyad", "KAZ-BEL"),
    ("drops",), ("sql", "SELECT plover, count(*) AS n FROM events GROUP BY 1 ORDER BY 1"),
)  # fmt: skip
EXPORTS = (
    ("jsonl", "native"), ("parquet", "native"),
    *((fmt, dialect) for fmt in ("gdelt", "gdelt1", "icews", "polecat")
      for dialect in ("native", "rich")),
)  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


def run(*args: str) -> Outcome:
    """One `communique` command, in this process, with main()'s exit codes (an error is 2)."""
    from typer.testing import CliRunner

    from communique.cli import app
    from communique.errors import CommuniqueError

    result = CliRunner().invoke(app, list(args))
    if isinstance(result.exception, CommuniqueError):
        return Outcome(2, result.stdout, f"error: {result.exception}")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr)


@contextmanager
def folder(path: Path) -> Iterator[Path]:
    before = os.getcwd()
    path.mkdir(parents=True, exist_ok=True)
    os.chdir(path)
    try:
        yield path
    finally:
        os.chdir(before)


def check(condition: bool, what: str, outcome: Outcome | None = None) -> None:
    if not condition:
        detail = (
            f"\nexit {outcome.code}\nstdout: {outcome.out[-2000:]}\nstderr: {outcome.err[-2000:]}"
            if outcome
            else ""
        )
        raise AssertionError(what + detail)


def play(db: str, home: Path) -> list[str]:
    """The whole session against the store `db`, in folders under `home`; returns a log."""
    log: list[str] = []
    data = home / "mine"
    with folder(data):
        shutil.copy(SAMPLE, "voa.jsonl")
        shutil.copy(SEED, "seed.txt")
        Path("bad.jsonl").write_text(
            '{"id": "late-1", "text": "Kazakhstan and Belg\n', encoding="utf-8"
        )
        Path("empty.txt").write_text("", encoding="utf-8")

        missing = run("events", "--db", str(home / "typo.duckdb"))
        check(
            missing.code == 2 and "typo.duckdb" in missing.err,
            "a typo in --db is an error",
            missing,
        )
        check(not (home / "typo.duckdb").exists(), "a query creates no store")

        ingested = run(
            "ingest", "voa.jsonl", "seed.txt", "bad.jsonl", "empty.txt", "--db", db, "--no-progress"
        )
        check(ingested.code == 1, "ingest exits 1 when an input failed", ingested)
        summary = [x for x in ingested.err.splitlines() if x.startswith("ingest:")]
        check(
            len(summary) == 1 and "7 articles" in summary[0] and "2 failed" in summary[0],
            "one summary line",
            ingested,
        )
        log.append(summary[0])

        for listing in LISTINGS:
            for fmt in FORMATS:
                shown = run(*listing, "--db", db, "--format", fmt)
                check(shown.code == 0, f"{' '.join(listing)} --format {fmt}", shown)
                if fmt == "json":
                    check(
                        isinstance(json.loads(shown.out), list), f"{listing} json is a list", shown
                    )
                elif fmt == "jsonl":
                    check(
                        all(isinstance(json.loads(x), dict) for x in shown.out.splitlines()),
                        f"{listing} jsonl",
                        shown,
                    )
                elif fmt == "csv":
                    list(csv.reader(io.StringIO(shown.out)))
        events = json.loads(run("events", "--db", db, "--limit", "0", "-f", "json").out)
        check(
            len(events) > 0 and "date" in events[0] and "trigger" in events[0],
            "events have the API's shape",
        )
        pair = json.loads(run("events", "--db", db, "--dyad", "KAZ-BEL", "-f", "json").out)
        check(len(pair) > 0, "the seed's KAZ-BEL events are there")
        log.append(f"{len(events)} events, {len(pair)} KAZ-BEL")

        for fmt, dialect in EXPORTS:
            target = Path(f"export.{fmt}.{dialect}")
            exported = run("export", "-f", fmt, "--dialect", dialect, "-o", str(target), "--db", db)
            check(exported.code == 0 and target.exists(), f"export {fmt} {dialect}", exported)
            _read_back(target, fmt, dialect, len(events))
        streamed = run("export", "-f", "gdelt", "-o", "-", "--db", db)
        check(
            streamed.code == 0 and len(streamed.out.splitlines()) >= len(events),
            "export -o - to stdout",
            streamed,
        )
        check(not Path("-").exists(), "no file named -")

        drops = json.loads(run("drops", "--db", db, "-f", "json").out)
        check(len(drops) == 2, f"two drops, got {len(drops)}")
        Path("bad.jsonl").write_text(
            json.dumps({"id": "late-1", "published": "2022-10-20",
                        "text": "Kazakhstan and Belgium signed an agreement in Astana."}) + "\n",
            encoding="utf-8",
        )  # fmt: skip
        Path("empty.txt").write_text(
            "Kazakhstan and Belgium held talks in Brussels.\n", encoding="utf-8"
        )

    with folder(home / "elsewhere"):
        retried = run("retry", "--db", db)
        check(retried.code == 0, "retry from another folder recovers the mended inputs", retried)
        check(json.loads(run("drops", "--db", db, "-f", "json").out) == [], "no drops left")
        log.append(next(x for x in retried.err.splitlines() if x.startswith("retry:")))
    return log


def _read_back(path: Path, fmt: str, dialect: str, events: int) -> None:
    import pandas as pd

    from communique.store.exports import shapes, side_path

    if fmt == "jsonl":
        check(all(json.loads(x)["article"] for x in path.read_text().splitlines()), "jsonl export")
        return
    if fmt == "parquet":
        check(len(pd.read_parquet(path)) == events, "parquet export has every event")
        return
    if dialect == "rich":
        check(len(pd.read_csv(path)) == events, f"{fmt} rich export")
        return
    shape = shapes()[fmt]
    names = [c.name for c in shape.columns]
    dtypes = {
        c.name: {"int": "Int64", "float": "float64", "str": "string"}[c.dtype]
        for c in shape.columns
    }
    frame = pd.read_csv(
        path, sep="\t", header=0 if shape.header else None,
        names=None if shape.header else names,
        dtype=dtypes, quoting=csv.QUOTE_NONE, keep_default_na=False, na_values=[""],
    )  # fmt: skip
    # GDELT writes a symmetric event (talks between A and B) in both directions: more rows
    rows_ok = len(frame) >= events if fmt.startswith("gdelt") else len(frame) == events
    check(list(frame.columns) == names and rows_ok, f"{fmt} native reads back")
    if fmt.startswith("gdelt"):
        check(bool((frame["GLOBALEVENTID"] < 2**53).all()), "GDELT ids below 2^53")
        check(bool(frame["SQLDATE"].notna().all()), "every GDELT row has a SQLDATE")
    check(len(pd.read_parquet(side_path(path))) == len(frame), f"{fmt} side file")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="store URL (default: a temporary DuckDB file)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as home:
        db = args.db or str(Path(home) / "session.duckdb")
        for line in play(db, Path(home)):
            print(line)
    print("the session went as the README says", file=sys.stderr)


if __name__ == "__main__":
    main()
