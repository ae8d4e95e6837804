"""Date coverage of coded events: how many are dated, how, and which dates look wrong.

Reads the JSONL that ``communique code --format jsonl`` prints (a file, or stdin with ``-``) and
reports, per tense, how many events are undated and which kinds/granularities the dated ones
have; then every event dated before ``--floor`` (default 1945) whose year the article text does
not name, and every past event dated after publication plus the window.

    communique code ../shared/corpus/voa_stories.jsonl --format jsonl > /tmp/voa.jsonl
    python scripts/date_coverage.py /tmp/voa.jsonl [-v]

Issue 10's acceptance: at most 10% of past-tense events undated; no event before 1945 unless
the text names that year.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from communique.resolve.situate import PAST_EVENT_WINDOW_DAYS, PUBLICATION_FALLBACK


def _results(path: str) -> Iterator[dict[str, Any]]:
    lines = sys.stdin if path == "-" else Path(path).read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line.strip():
            yield json.loads(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", help="JSONL of `communique code --format jsonl`, or -")
    parser.add_argument("--floor", type=int, default=1945, help="earliest plausible year")
    parser.add_argument("-v", "--verbose", action="store_true", help="list undated past events")
    args = parser.parse_args(argv)

    totals: Counter[str] = Counter()
    undated: Counter[str] = Counter()
    kinds: Counter[tuple[str, str, str]] = Counter()
    problems: list[str] = []
    undated_lines: list[str] = []
    articles = 0
    for result in _results(args.results):
        articles += 1
        article = result["article"]
        text = article.get("text") or ""
        published = (article.get("published") or "")[:10]
        for event in result["events"]:
            tense = event["modality"]["tense"]
            date = event["date"]
            totals[tense] += 1
            where = f"{article['id']} s{event['sentence']} '{event['trigger']['text']}'"
            if date["kind"] == "unresolved":
                undated[tense] += 1
                if tense == "past":
                    undated_lines.append(f"  {where}: {date['reason']}")
                continue
            if date["text"]:
                origin = "own phrase"
            elif date["reason"].startswith(PUBLICATION_FALLBACK):
                origin = "publication"
            else:
                origin = "inherited"
            kinds[(tense, date["kind"], f"{date['granularity']} ({origin})")] += 1
            start = dt.date.fromisoformat(date["start"])
            if start.year < args.floor and str(start.year) not in text:
                found = f"{date['start']} ({date['text']})"
                problems.append(f"  before {args.floor}: {where} -> {found}")
            if tense == "past" and published:
                limit = dt.date.fromisoformat(published) + dt.timedelta(days=PAST_EVENT_WINDOW_DAYS)
                if start > limit:
                    problems.append(f"  after publication: {where} -> {date['start']} ({tense})")

    print(f"articles: {articles}")
    for tense in ("past", "present", "future"):
        total = totals[tense]
        share = undated[tense] / total if total else 0.0
        print(f"{tense:8s} events: {total:4d}  undated: {undated[tense]:4d} ({share:.1%})")
    print("dated events by tense, kind and granularity:")
    for (tense, kind, granularity), count in sorted(kinds.items()):
        print(f"  {tense:8s} {kind:12s} {granularity:24s} {count:4d}")
    print(f"implausible dates: {len(problems)}")
    print("\n".join(problems))
    if args.verbose:
        print("undated past events:")
        print("\n".join(undated_lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
