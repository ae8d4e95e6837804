"""Find the actors that fill an event's source and target slots in the dependency parse.

An argument token ("Delegations", "side", "leadership") is rarely the actor itself; the actor
sits in
its modifiers ("the foreign ministries *of Kazakhstan and Belgium*", "*the Belgian* side"). We walk
the token's nominal subtree breadth-first, through modifiers that name who the noun belongs to, and
stop at clauses and at prepositions that introduce places or topics ("in Brussels", "on trade").
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from communique.actors.build import (
    absorb_sector_only,
    expand_collective,
    is_sector_only,
    main_pair,
    merge_modifiers,
)
from communique.models import Actor

#: Dependencies that keep us inside the noun phrase that names the argument.
NOMINAL_DEPS = frozenset(
    {"compound", "amod", "poss", "nmod", "appos", "conj", "pobj", "det", "npadvmod", "nummod"}
)
#: Prepositions whose object still names who the head noun is ("delegation of/from Belgium",
#: "the missile launch by North Korea").
OWNER_PREPS = frozenset({"of", "from", "by"})
#: Pronouns that refer back to an actor named earlier.
PERSONAL_PRONOUNS = frozenset(
    {"he", "she", "it", "they", "we", "his", "her", "its", "their", "our", "him", "them"}
)
#: Pronouns that refer only to a person ("he", "her") and only to a thing ("it": a state, an
#: organisation, a group); "they", "we" may refer to either.
PERSON_PRONOUNS = frozenset({"he", "she", "his", "her", "him"})
THING_PRONOUNS = frozenset({"it", "its"})
#: Most arguments are found within a few hops; deeper walks pick up unrelated actors.
MAX_HOPS = 4


class ActorIndex:
    """Token -> actor lookup for one Doc, plus the article's main pair for collective references."""

    def __init__(self, doc: Doc, actors: Sequence[Actor]) -> None:
        self.doc = doc
        #: Doc.text joins every token on each access: read it once per document, not per argument
        self.text = doc.text
        self.actors = list(actors)
        self.by_token: dict[int, int] = {}
        for position, actor in enumerate(self.actors):
            span = doc.char_span(actor.span[0], actor.span[1], alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                self.by_token.setdefault(token.i, position)
        self.pair = main_pair(self.actors)

    def actor_at(self, token: Token) -> Actor | None:
        position = self.by_token.get(token.i)
        return None if position is None else self.actors[position]

    def find(self, token: Token) -> list[Actor]:
        """Actors named by the noun phrase headed by `token`, in order, coordination included.

        Each coordinated branch ("A and B") gives one actor; within a branch, modifiers complete
        each other ("Ugandan opposition candidates": the country of "Ugandan", the sector of
        "opposition").
        """
        found: list[Actor] = []
        for actor in merge_modifiers(self.text, self._walk(token)):
            if all(actor.span != a.span for a in found):
                found.append(actor)
        return absorb_sector_only(found)

    def _walk(self, token: Token) -> list[Actor]:
        found: list[Actor] = []
        seen: set[int] = set()
        queue: deque[tuple[Token, int]] = deque([(token, 0)])
        visited: set[int] = set()
        while queue:
            node, hops = queue.popleft()
            if node.i in visited:
                continue
            visited.add(node.i)
            position = self.by_token.get(node.i)
            if position is not None:
                actor = self.actors[position]
                if position not in seen:
                    seen.add(position)
                    found.append(actor)
                if not is_sector_only(actor):
                    # an actor's own modifiers and appositions ("the PLO (Palestine Liberation
                    # Organization)") are part of it; only coordination leads to more actors
                    queue.extend((c, hops + 1) for c in node.children if c.dep_ == "conj")
                    continue
                # "Delegations of the ministries of A and B": the states name who they are
            if hops >= MAX_HOPS:
                continue
            for child in node.children:
                if child.dep_ == "prep":
                    if child.lower_ in OWNER_PREPS:
                        queue.extend((g, hops + 1) for g in child.children if g.dep_ == "pobj")
                elif child.dep_ in NOMINAL_DEPS:
                    queue.append((child, hops + 1))
        return found

    def expand_group(self, actor: Actor) -> list[Actor]:
        """'the parties' / 'both sides' -> the article's two main countries (empty when unknown)."""
        return expand_collective(actor, self.pair)


def sentence_subject_actor(index: ActorIndex, sentence: Span) -> Actor | None:
    """The actor in the subject of the sentence's root (for pronouns in the next sentence)."""
    root = sentence.root
    for child in root.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            actors = index.find(child)
            if actors:
                return actors[0]
    return None


def agrees(pronoun: Token, actor: Actor) -> bool:
    """Whether a pronoun can refer to an actor: "he"/"she" to a person, "it" to a state, an
    organisation or a group, "they"/"we" to any."""
    word = pronoun.lower_
    if word in PERSON_PRONOUNS:
        return actor.kind == "person"
    if word in THING_PRONOUNS:
        return actor.kind != "person"
    return True


def person_subject(index: ActorIndex, sentence: Span) -> Actor | None:
    """The first person among the sentence's subjects ("Rubio also credited Britain ...": Rubio),
    the referent a later "he" or "she" falls back on when the last sentence's own subject is not
    a person."""
    for token in sentence:
        if token.dep_ not in ("nsubj", "nsubjpass") or token.lower_ in PERSONAL_PRONOUNS:
            continue
        for actor in index.find(token):
            if actor.kind == "person":
                return actor
    return None
