"""Situate event candidates: the date and the city each one is attached to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from communique.models import Article, EventCandidate, Situation

if TYPE_CHECKING:
    from spacy.tokens import Doc


class EventSituator:
    """Gives every event candidate a `Situation` (date + location), one per candidate, in order."""

    def situate(
        self, doc: Doc, article: Article, candidates: list[EventCandidate]
    ) -> list[Situation]:
        """One Situation per candidate, same order."""
        return [Situation.unresolved("not implemented yet") for _ in candidates]
