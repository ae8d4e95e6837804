"""spaCy component `communique_events`: codes events from the parse and the actors.

Requires `doc._.actors` (the `communique_actors` component) and the dependency parse; assigns
`doc._.event_candidates` (list[EventCandidate]).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from communique.events.coder import EventCoder
from communique.nlp.extensions import register_extensions


class EventsComponent:
    """Thin spaCy wrapper around EventCoder; the lexicon is loaded once, at construction."""

    def __init__(self) -> None:
        register_extensions()
        self.coder = EventCoder()

    def __call__(self, doc: Doc) -> Doc:
        doc._.event_candidates = self.coder.code(doc)
        return doc


@Language.factory(
    "communique_events",
    requires=["doc._.actors", "token.dep", "token.lemma"],
    assigns=["doc._.event_candidates"],
)
def make_events_component(nlp: Language, name: str) -> EventsComponent:
    return EventsComponent()
