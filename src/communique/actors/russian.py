"""spaCy component `communique_actors_ru`: the actor recogniser for a Russian Doc.

Requires the Russian front end's parse (nlp/russian.py); assigns `doc._.actors` (list[Actor],
sorted by span, non-overlapping), the same contract as `communique_actors`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from communique.models import Actor
from communique.nlp.extensions import register_extensions


class RussianActorComponent:
    def __init__(self) -> None:
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        actors: list[Actor] = []
        doc._.actors = actors
        return doc


@Language.factory(
    "communique_actors_ru",
    requires=["token.dep", "token.lemma", "doc.ents"],
    assigns=["doc._.actors"],
)
def make_russian_actor_component(nlp: Language, name: str) -> RussianActorComponent:
    return RussianActorComponent()
