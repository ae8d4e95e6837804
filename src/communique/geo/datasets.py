"""How other event datasets write countries, for the exports in their native shapes.

GDELT writes places with FIPS 10-4 codes (`Country.fips`), POLECAT actors with Correlates of War
codes (`Country.cow`); ICEWS writes country *names* in its own spelling (data/icews_names.tsv).
"""

from __future__ import annotations

from functools import lru_cache

from communique.geo.countries import country_name
from communique.geo.schemas import read_geo_table


@lru_cache(maxsize=1)
def _icews_names() -> dict[str, str]:
    return {row["iso3"]: row["name"] for row in read_geo_table("icews_names.tsv")}


def icews_name(iso3: str) -> str:
    """The country as ICEWS names it ("Turkey", "Russian Federation"), else geo's canonical name."""
    return _icews_names().get(iso3) or country_name(iso3)
