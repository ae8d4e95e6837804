"""spaCy component `communique_events_ru`: the event coder for a Russian Doc.

Requires `doc._.actors` (`communique_actors_ru`) and the UD parse of the Russian front end;
assigns `doc._.event_candidates` (list[EventCandidate]), the same contract as `communique_events`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from communique.models import EventCandidate
from communique.nlp.extensions import register_extensions


class RussianEventsComponent:
    def __init__(self) -> None:
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        candidates: list[EventCandidate] = []
        doc._.event_candidates = candidates
        return doc


@Language.factory(
    "communique_events_ru",
    requires=["doc._.actors", "token.dep", "token.lemma"],
    assigns=["doc._.event_candidates"],
)
def make_russian_events_component(nlp: Language, name: str) -> RussianEventsComponent:
    return RussianEventsComponent()
