"""Date phrases -> `ResolvedDate`, relative to the publication date."""

from __future__ import annotations

import datetime as dt

from communique.models import ResolvedDate, Tense


class DateResolver:
    """Resolves date phrases ("October 17", "last year", "2005-2021") against a publication date."""

    def resolve(
        self, phrase: str, published: dt.date | None, tense: Tense = "past"
    ) -> ResolvedDate:
        """The date `phrase` names, or unresolved with a reason; never the publication date."""
        return ResolvedDate(text=phrase, reason="not implemented yet")
