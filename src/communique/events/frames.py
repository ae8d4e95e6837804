"""How an event noun or a verb complement sits in its clause (data: events/data/frames.yaml).

The release genre states events as nouns: "talks were held", "the fifth round of consultations
between A and B took place", "A and B held the first round of their consultations". These helpers
answer, over the dependency parse, the questions the coder asks about such nouns:
- which token stands for the event noun in its clause (a container: "round *of* consultations");
- whether a verb reports that the event happened ("took place", "were held", "began");
- which actors an adjective names as the event's doers ("*Belarusian-Iranian* consultations",
  "a *Turkish* offensive");
- whether a phrase is a plural role that refers to the article's two parties ("the two
  ministers", "both sides").
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from spacy.tokens import Token

from communique.errors import ConfigError
from communique.ontology import cameo_table

FRAMES_FILE = "events/data/frames.yaml"
#: Determiners and numbers that make a plural role definite ("the ministers", "both sides",
#: "the two delegations").
PAIR_DETERMINERS = frozenset({"the", "both", "two", "these"})
#: Prepositions that introduce the accused act: "accused X *of* seizing", "blamed X *for* shelling".
ACCUSED_ACT_PREPS = frozenset({"of", "for"})


class Frames(BaseModel):
    """The lists of frames.yaml, validated at load."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    containers: frozenset[str]
    occurrence_verbs: frozenset[str]
    participation_verbs: frozenset[str]
    distributive_adverbs: frozenset[str]
    pair_roles: frozenset[str]
    aspect_verbs: frozenset[str]
    stance_passives: dict[str, str]
    accusation_verbs: frozenset[str]
    place_nouns: frozenset[str]
    statement_nouns: frozenset[str]
    gathering_verbs: frozenset[str]
    meeting_preps: frozenset[str]
    demanding_verbs: frozenset[str]
    reception_verbs: frozenset[str]
    reception_nouns: dict[str, str]
    domestic_measures: frozenset[str]


@lru_cache(maxsize=1)
def load_frames() -> Frames:
    """Read and validate frames.yaml once per process."""
    text = resources.files("communique.events").joinpath("data/frames.yaml").read_text("utf-8")
    data: Any = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ConfigError(f"{FRAMES_FILE} is not a mapping", hint="check the file's YAML")
    try:
        frames = Frames(**{key: _lowered(value) for key, value in data.items()})
    except ValidationError as exc:
        raise ConfigError(f"{FRAMES_FILE}: {exc}", hint="see the comments in the file") from exc
    table = cameo_table()
    for lemma, code in [*frames.stance_passives.items(), *frames.reception_nouns.items()]:
        if code not in table:
            raise ConfigError(
                f"{FRAMES_FILE}:{lemma}: unknown CAMEO code {code!r}",
                hint="use a code from src/communique/ontology/data/cameo.tsv",
            )
    return frames


def _lowered(value: Any) -> Any:
    if isinstance(value, list):
        return frozenset(str(v).lower() for v in value)
    return value


def phrase(token: Token) -> str:
    """A verb with its particle-like object ("take place", "take part") or a bare lemma."""
    lemma = token.lemma_.lower()
    for child in token.children:
        if child.dep_ in ("dobj", "prt") and child.lower_ in ("place", "part"):
            return f"{lemma} {child.lower_}"
    return lemma


def container_of(noun: Token, frames: Frames) -> Token | None:
    """'the fifth round *of* consultations': the container that stands for the event noun."""
    if noun.dep_ not in ("pobj",) or noun.head.lower_ != "of":
        return None
    holder = noun.head.head
    if holder.pos_ in ("NOUN", "PROPN") and holder.lemma_.lower() in frames.containers:
        return holder
    return None


def is_domestic_measure(noun: Token, frames: Frames) -> bool:
    """'a curfew', 'martial law', 'a state of emergency' (frames.yaml: domestic_measures)."""
    lemma = noun.lemma_.lower()
    forms = {lemma, noun.lower_}
    forms |= {f"{c.lower_} {lemma}" for c in noun.children if c.dep_ in ("compound", "amod")}
    forms |= {
        f"{lemma} of {o.lemma_.lower()}"
        for p in noun.children
        if p.dep_ == "prep" and p.lower_ == "of"
        for o in p.children
        if o.dep_ == "pobj"
    }
    return bool(forms & frames.domestic_measures)


def event_of_container(container: Token, frames: Frames) -> Token | None:
    """The event noun a container holds ('round of *talks*'), if it is one."""
    if container.lemma_.lower() not in frames.containers:
        return None
    for prep in container.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def occurrence_verb(slot: Token, frames: Frames) -> Token | None:
    """The verb that reports the event noun happened: its subject ('talks were held', 'the round
    of consultations took place') or a participle on it ('consultations held in the capital')."""
    if slot.dep_ in ("nsubj", "nsubjpass") and phrase(slot.head) in frames.occurrence_verbs:
        return slot.head
    for child in slot.children:
        if child.dep_ == "acl" and child.tag_ == "VBN" and phrase(child) in frames.occurrence_verbs:
            return child
    return None


def participation_verb(slot: Token, frames: Frames) -> Token | None:
    """'took part *in* the meeting', 'attended the talks', 'participated in the consultations',
    'is *on* a visit to', 'gathered *for* a rally'."""
    head = slot.head
    if slot.dep_ == "dobj" and phrase(head) in frames.participation_verbs:
        return head
    if slot.dep_ == "pobj" and head.lower_ == "in":
        verb = head.head
        if verb.pos_ in ("VERB", "AUX") and phrase(verb) in frames.participation_verbs:
            return verb
    if slot.dep_ == "pobj" and head.lower_ == "for":
        verb = head.head
        if verb.pos_ in ("VERB", "AUX") and phrase(verb) in frames.gathering_verbs:
            return verb  # "thousands gathered for a rally", "leaders assembled for a summit"
    if slot.dep_ == "pobj" and head.lower_ == "on" and head.head.lemma_ == "be":
        return head.head  # "is in the capital on an official visit", "was on a tour of"
    return None


def meeting_verb(slot: Token, frames: Frames) -> Token | None:
    """'told Y *in* a phone call', 'agreed *during* talks with X': the verb whose subject takes
    part in the meeting or conversation its prepositional phrase names."""
    head = slot.head
    if slot.dep_ == "pobj" and head.lower_ in frames.meeting_preps:
        verb = head.head
        if verb.pos_ in ("VERB", "AUX") and verb is not head:
            return verb
    return None


def is_distributive(verb: Token, frames: Frames) -> bool:
    """'met *separately* with A, B and C', 'was received *in turn* by A and B'."""
    for child in verb.children:
        if child.dep_ == "advmod" and child.lower_ in frames.distributive_adverbs:
            return True
        if child.dep_ == "prep":
            words = " ".join(t.lower_ for t in child.subtree)
            if words in frames.distributive_adverbs:
                return True
    return False


def modifier_tokens(noun: Token) -> list[Token]:
    """The adjective and compound modifiers of a noun, hyphenated chains included
    ('*Latvian*-*Mongolian* political consultations', '*Russian* strikes')."""
    found: list[Token] = []
    stack = [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod")]
    while stack:
        token = stack.pop()
        found.append(token)
        stack.extend(c for c in token.children if c.dep_ in ("amod", "compound", "nmod", "conj"))
    return sorted(found, key=lambda t: t.i)


def is_pair_reference(token: Token, frames: Frames) -> bool:
    """'the two foreign ministers', 'both sides', 'the ministries', 'the two countries' foreign
    ministers': a definite plural role that names the article's two parties."""
    if token.tag_ not in ("NNS", "NNPS"):
        return False
    words = {token.lemma_.lower(), token.lower_}
    compounds = [c for c in token.children if c.dep_ in ("compound", "amod")]
    if compounds:
        words.add(" ".join([*(c.lower_ for c in compounds), token.lemma_.lower()]))
    if not words & frames.pair_roles:
        return False
    if any(c.dep_ == "prep" for c in token.children):
        return False  # "the ministers of Peru and Chile" name their own countries
    for child in token.children:
        if child.dep_ in ("det", "nummod", "predet") and child.lower_ in PAIR_DETERMINERS:
            return True
        if child.dep_ == "poss" and any(
            g.lower_ in PAIR_DETERMINERS for g in child.children if g.dep_ in ("det", "nummod")
        ):
            return True  # "the two countries' foreign ministers"
    return False


def accused_of(verb: Token, frames: Frames) -> Token | None:
    """'accused *Israel* of seizing the tanker', 'blamed *Kyiv* for shelling the plant': whose
    act the accused one ('seizing', 'shelling') is."""
    if verb.dep_ != "pcomp" or verb.head.lower_ not in ACCUSED_ACT_PREPS:
        return None
    holder = verb.head.head
    if holder.lemma_.lower() in frames.accusation_verbs:
        return next((c for c in holder.children if c.dep_ == "dobj"), None)
    if holder.dep_ == "dobj" and holder.head.lemma_.lower() in frames.accusation_verbs:
        return holder
    return None


def accuser_of(verb: Token, frames: Frames) -> Token | None:
    """The accusation verb of an accused act, for its tense."""
    if accused_of(verb, frames) is None:
        return None
    holder = verb.head.head
    return holder if holder.lemma_.lower() in frames.accusation_verbs else holder.head
