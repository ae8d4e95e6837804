"""The resolve stage: when and where each event candidate happened.

- `DateResolver` turns a date phrase into a `ResolvedDate` against the publication date.
- `PlaceIndex` / `place_index()` look up cities (GeoNames, > 15k people) by name or alias.
- `EventSituator` picks, for each `EventCandidate`, the date phrase and the city its trigger
  is attached to, and carries a date over to sentences that continue a dated event.
"""

from communique.resolve.dates import DateResolver
from communique.resolve.places import PlaceIndex, place_index
from communique.resolve.situate import EventSituator

__all__ = ["DateResolver", "EventSituator", "PlaceIndex", "place_index"]
