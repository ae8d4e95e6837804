"""The named entity at a token, found from the tokens' IOB tags.

`doc.ents` builds a Span for every entity of the document on each read: looking an entity up
that way per token (or per event) is quadratic on long articles (a 1M-character article has
~20k entities). `entity_at` costs the length of the one entity.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span


def entity_at(doc: Doc, i: int) -> Span | None:
    """The entity of `doc.ents` that holds token `i`; None when it is outside every entity."""
    if doc[i].ent_iob_ not in ("B", "I"):
        return None
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=doc[start].ent_type)
