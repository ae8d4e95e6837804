#!/usr/bin/env python3
"""Regenerate src/communique/ontology/data/cameo.tsv from ../shared/reference.

The table joins, for every CAMEO event code: its name (CAMEO.eventcodes.txt), its Goldstein score
(CAMEO.goldsteinscale.txt), its quad class (from the CAMEO root, as GDELT defines it) and its PLOVER
2021 type, mode and context (CAMEO2PLOVER-2021.txt, with the most specific row winning and codes
that the table leaves out inheriting their root's type).

Where the PLOVER manual contradicts the crosswalk, the manual wins (MANUAL_OVERRIDES).

CAMEO 02 (appeal) has no row in CAMEO2PLOVER-2021; PLOVER folds appeals into REQUEST, so 02x maps
to REQUEST. CAMEO 01 (public statements) has no PLOVER type: those rows keep an empty type and the
coder never emits them as events.

Usage: scripts/build_ontology.py [--reference DIR] [--out FILE] [--check]
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"
DEFAULT_OUT = ROOT / "src" / "communique" / "ontology" / "data" / "cameo.tsv"
COLUMNS = [
    "code",
    "root",
    "name",
    "goldstein",
    "quad_class",
    "plover",
    "plover_mode",
    "plover_context",
]
APPEAL_ROOT_PLOVER = "REQUEST"

#: Where the PLOVER manual (reference/plover/PLOVER_MANUAL.tex) and the CAMEO2PLOVER-2021
#: crosswalk disagree, the manual wins: the crosswalk maps 163 (impose embargo, boycott or
#: sanctions) to COERCE 'restrict', while the manual's SANCTION modes table says "International
#: (political or economic) sanctions are coded as 'discontinue'" (SANCTION). The crosswalk maps
#: 0831 (accede to demands for change in leadership: the code CAMEO coders and PETRARCH give an
#: official's resignation, "resigned", "stepped down") to CONCEDE, while the manual says RETREAT
#: "also covers resignations of government officials" and lists 'resign' among its modes. The
#: crosswalk maps 0813 (ease curfew) and 0814 (ease state of emergency or martial law) to RETREAT,
#: while the manual's CONCEDE covers "easing of administrative or legal restrictions on persons
#: and organizations, removing curfews" and its 'yield' row lists "easing curfews" (RETREAT
#: covers material withdrawals of forces, releases and returns).
#: Context kept.
MANUAL_OVERRIDES: dict[str, tuple[str, str]] = {
    "163": ("SANCTION", "discontinue"),
    "0831": ("RETREAT", "resign"),
    "0813": ("CONCEDE", ""),
    "0814": ("CONCEDE", ""),
}
ROW = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,([^,#]*))?(?:,([^#]*))?")


def quad_class(root: str) -> int:
    """GDELT's quad classes: 01-05 verbal coop, 06-08 material coop, 09-13 verbal conflict,
    14-20 material conflict."""
    number = int(root)
    if number <= 5:
        return 1
    if number <= 8:
        return 2
    if number <= 13:
        return 3
    return 4


def read_tsv(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    return {row[0].strip(): row[1].strip() for row in rows[1:] if len(row) >= 2}


def read_plover(path: Path) -> dict[str, tuple[str, str, str]]:
    """CAMEO code -> (type, mode, context); the first row for a code wins."""
    table: dict[str, tuple[str, str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line.strip())
        if not match:
            continue
        code, ptype, mode, context = match.groups()
        table.setdefault(code, (ptype, (mode or "").strip(), (context or "").strip()))
    return table


def build(reference: Path) -> str:
    names = read_tsv(reference / "cameo" / "CAMEO.eventcodes.txt")
    scores = read_tsv(reference / "cameo" / "CAMEO.goldsteinscale.txt")
    plover = read_plover(reference / "plover" / "CAMEO2PLOVER-2021.txt")
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for code in sorted(names):
        root = code[:2]
        ptype, mode, context = plover.get(code) or plover.get(root) or ("", "", "")
        if root == "02" and not ptype:
            ptype = APPEAL_ROOT_PLOVER
        if code[:3] in plover and code not in plover and len(code) == 4:
            ptype, mode, context = plover[code[:3]]
        if code in MANUAL_OVERRIDES:
            ptype, mode = MANUAL_OVERRIDES[code]
        writer.writerow(
            [
                code,
                root,
                names[code],
                scores.get(code, "0.0"),
                quad_class(root),
                ptype,
                mode,
                context,
            ]
        )
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the committed table differs"
    )
    args = parser.parse_args()
    table = build(args.reference)
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == table
        print("ontology table is current" if same else f"{args.out} is stale: rerun this script")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table, encoding="utf-8")
    print(f"wrote {args.out} ({table.count(chr(10)) - 1} codes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
