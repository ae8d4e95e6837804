"""Places for the resolve stage: the city index lives in `communique.geo` (its one home).

Re-exported here because the resolve stage is where events get their places.
"""

from __future__ import annotations

from communique.geo.cities import MIN_POPULATION, PlaceIndex, place_index
from communique.geo.text import normalize_name

__all__ = ["MIN_POPULATION", "PlaceIndex", "normalize_name", "place_index"]
