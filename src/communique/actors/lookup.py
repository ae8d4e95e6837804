"""Find the actor mention at a character span (used by the event coder)."""

from __future__ import annotations

from bisect import bisect_right

from communique.models import Actor


def actor_for_span(actors: list[Actor], start: int, end: int) -> Actor | None:
    """The actor whose span contains or overlaps ``[start, end)``, or None.

    ``actors`` must be sorted by span start and non-overlapping (what ``doc._.actors`` holds), so
    only the actor starting at or before ``start`` and those starting inside the span can overlap;
    bisect finds them in O(log n). Containment wins over mere overlap; then the first one.
    """
    if not actors or end < start:
        return None
    starts = [actor.span[0] for actor in actors]
    first = max(bisect_right(starts, start) - 1, 0)
    best: Actor | None = None
    for actor in actors[first:]:
        a_start, a_end = actor.span
        if a_start >= max(end, start + 1):
            break
        if a_start <= start and end <= a_end:
            return actor
        overlaps = a_start < end and start < a_end if end > start else a_start <= start < a_end
        if overlaps and best is None:
            best = actor
    return best
