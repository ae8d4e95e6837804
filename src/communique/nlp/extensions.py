"""Custom attributes that communique's spaCy components assign on a Doc.

- ``doc._.actors``: list[Actor], sorted by span start (set by ``communique_actors``)
- ``doc._.event_candidates``: list[EventCandidate] (set by ``communique_events``)
"""

from __future__ import annotations

from spacy.tokens import Doc


def register_extensions() -> None:
    """Register the Doc extensions once per process (idempotent)."""
    for name in ("actors", "event_candidates"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
