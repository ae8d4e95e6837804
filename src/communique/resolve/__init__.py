"""The resolve stage: when and where each event candidate happened.

- `DateResolver` turns a date phrase into a `ResolvedDate` against the publication date.
- `PlaceIndex` / `place_index()` look up cities (GeoNames, > 15k people) by name or alias.
- `EventSituator` picks, for each `EventCandidate`, the date phrase and the city its trigger
  is attached to, carries a date over to sentences that continue a dated event, and dates the
  remaining past and present events by publication (approximate, with a reason that says so).
"""

from communique.resolve.dates import DateResolver
from communique.resolve.places import PlaceIndex, place_index
from communique.resolve.situate import EventSituator

__all__ = ["DateResolver", "EventSituator", "PlaceIndex", "place_index"]
