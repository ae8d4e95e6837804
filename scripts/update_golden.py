#!/usr/bin/env python3
"""Regenerate tests/golden/*.json: a compact reading of every bundled example article.

Also tests/brief/golden/KAZ-BEL.md: the Markdown brief of the seed article alone.

The golden files pin what the whole pipeline reads out of real articles (events with codes,
actors, dates and places; figures; agreements; people), so that any change in behaviour shows up
as a diff to review. After a deliberate change, run this script and commit the new files with
the change that caused them.

Usage: scripts/update_golden.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"


def summarise(result: dict) -> dict:  # type: ignore[type-arg]
    def actor(a: dict | None) -> str | None:  # type: ignore[type-arg]
        if not a:
            return None
        who = (a.get("person") or {}).get("name") or a["name"]
        return f"{who} [{a.get('code') or a.get('country') or '?'}]"

    return {
        "title": result["article"]["title"],
        "published": result["article"]["published"],
        "events": [
            {
                "sentence": e["sentence"],
                "cameo": e["cameo"],
                "plover": e["plover"],
                "trigger": e["trigger"]["text"],
                "source": actor(e["source"]),
                "target": actor(e["target"]),
                "date": e["date"]["start"],
                "tense": e["modality"]["tense"],
                "location": (e["location"] or {}).get("name"),
            }
            for e in result["events"]
        ],
        "figures": [
            [f["kind"], f["value"], f["unit"], (f["period"] or {}).get("start"), f["from"], f["to"]]
            for f in result["figures"]
        ],
        "agreements": [[a["name"], a["status"], a["date"]["start"]] for a in result["agreements"]],
        "people": [[p["name"], p["title"], p["country"]] for p in result["people"]],
        "dropped": result["dropped"],
    }


def readings() -> dict[str, dict]:  # type: ignore[type-arg]
    from communique.ingest import read_sources
    from communique.pipeline import Pipeline

    results = Pipeline().code(read_sources([str(EXAMPLES)]))
    return {
        f"{r.article.id[:24]}.json": summarise(r.to_json_dict()) for r in results if not r.failed
    }


SEED = EXAMPLES / "kazinform_2022-10-18_kazakhstan_belgium.txt"
BRIEF_GOLDEN = ROOT / "tests" / "brief" / "golden" / "KAZ-BEL.md"


def seed_brief() -> str:
    """The Markdown brief of KAZ-BEL from a store holding the seed article alone."""
    import tempfile

    from communique.brief import build_brief, to_markdown
    from communique.ingest import read_sources
    from communique.pipeline import Pipeline
    from communique.store import open_store

    results = list(Pipeline().code(read_sources([str(SEED)])))
    with tempfile.TemporaryDirectory() as tmp, open_store(f"{tmp}/seed.duckdb") as store:
        store.write(results)
        return to_markdown(build_brief(store, "KAZ", "BEL"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a golden file differs")
    args = parser.parse_args()
    stale = []
    for name, summary in readings().items():
        text = json.dumps(summary, ensure_ascii=False, indent=1) + "\n"
        path = GOLDEN / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            GOLDEN.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    brief = seed_brief()
    if args.check:
        if not BRIEF_GOLDEN.exists() or BRIEF_GOLDEN.read_text(encoding="utf-8") != brief:
            stale.append(BRIEF_GOLDEN.name)
    else:
        BRIEF_GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        BRIEF_GOLDEN.write_text(brief, encoding="utf-8")
        print(f"wrote {BRIEF_GOLDEN.relative_to(ROOT)}")
    if stale:
        print("golden files differ: " + ", ".join(stale))
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
