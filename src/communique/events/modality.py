"""Tense, negation and hypothetical mood of a trigger, read from its auxiliaries and its clause."""

from __future__ import annotations

from spacy.tokens import Token

from communique.events.frames import accuser_of, load_frames
from communique.models import Modality, Tense

FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "would", "should"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
CONDITIONAL_MARKERS = frozenset({"if", "unless"})
#: Prepositions of adjunct gerunds, whose doer in English is the subject of the clause they
#: modify and whose tense is that clause's: "*after* signing the accord, the two leaders flew
#: ...", "she met them *before* leaving for Oslo". ("By" gerunds, "retaliated *by* imposing
#: tariffs", are read the same way.)
ADJUNCT_GERUND_PREPS = frozenset({"after", "before", "while", "upon", "since"})
#: Prepositions whose gerund is an adjunct only when the phrase comes before its clause ("*In*
#: announcing the sanctions, the minister said ..."); after the verb they mostly introduce its
#: argument ("voiced interest in buying ...", "succeeded in getting ...").
FRONTED_GERUND_PREPS = frozenset({"in", "on"})


def is_adjunct_gerund(verb: Token) -> bool:
    """A gerund whose doer and tense are those of the clause its preposition modifies."""
    prep = verb.head
    if verb.dep_ != "pcomp" or verb.tag_ != "VBG" or prep.head == prep:
        return False
    if prep.lower_ in ADJUNCT_GERUND_PREPS:
        return True
    return prep.lower_ in FRONTED_GERUND_PREPS and prep.i < prep.head.i


def _auxiliaries(verb: Token) -> list[Token]:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")]
    # "X was expected to meet": the governing verb's auxiliaries count for a complement.
    if verb.dep_ in ("xcomp", "conj") and verb.head != verb:
        auxes += [c for c in verb.head.children if c.dep_ in ("aux", "auxpass", "neg")]
    return auxes


def _is_conditional(verb: Token) -> bool:
    node = verb
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKERS for c in node.children):
            return True
        if node.head == node:
            return False
        node = node.head
    return False


def is_set_off_participle(verb: Token) -> bool:
    """'..., doubling the tariff': a present participle after its clause, set off by a comma,
    with no subordinator, subject or auxiliary of its own ("while talking", "after it had")."""
    head = verb.head
    return (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and head != verb
        and head.i < verb.i
        and verb.left_edge.i > 0
        and verb.doc[verb.left_edge.i - 1].text == ","
        and not any(c.dep_ in ("mark", "nsubj", "aux") for c in verb.children)
    )


def read_modality(verb: Token, *, intent: bool = False) -> Modality:
    """Modality of the event whose governing verb is `verb`.

    `intent` marks a complement of an intention word ("ready to send", "plans to sign"):
    such events have not happened yet, so they are future.
    """
    head = verb.head
    aspect = head.lemma_.lower() in load_frames().aspect_verbs
    if verb.dep_ == "xcomp" and head != verb and aspect:
        # "continued to shell", "kept attacking", "attempted to kill": the act in the aspect
        # verb's own tense and mood
        return read_modality(head, intent=intent)
    if verb.dep_ == "pcomp" and head.head != head and (
        head.lower_ == "by" or is_adjunct_gerund(verb)
    ):
        # "retaliated by imposing", "in announcing the sanctions, X said": the clause's tense
        return read_modality(head.head, intent=intent)
    if is_set_off_participle(verb):
        return read_modality(head, intent=intent)  # "raised the stakes, doubling the tariff"
    statement = head.head if head.head != head else None
    if (
        verb.dep_ == "acl"
        and verb.tag_ == "VBG"
        and head.lemma_.lower() in load_frames().statement_nouns
        and statement is not None
        and statement.pos_ in ("VERB", "AUX")
    ):
        # "issued a statement condemning X": the act as the issuing verb states it
        return read_modality(statement, intent=intent)
    accuser = accuser_of(verb, load_frames())
    if accuser is not None:
        return read_modality(accuser)  # "accused Israel of seizing": as the accusation states it
    auxes = _auxiliaries(verb)
    lowered = {a.lower_ for a in auxes}
    negated = bool(lowered & NEGATIONS) or any(c.dep_ == "neg" for c in verb.children)
    hypothetical = bool(lowered & HYPOTHETICAL_AUX) or _is_conditional(verb)
    tense: Tense
    if lowered & FUTURE_AUX or intent or _going_to(verb):
        tense = "future"
    elif verb.tag_ in ("VBD", "VBN") or any(a.tag_ == "VBD" for a in auxes):
        tense = "past"
    elif verb.tag_ in ("VBZ", "VBP", "VBG") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        tense = "past" if any(a.lemma_ == "have" for a in auxes) else "present"
    else:
        tense = "past"
    return Modality(tense=tense, negated=negated, hypothetical=hypothetical)


def _going_to(verb: Token) -> bool:
    head = verb.head
    return verb.dep_ == "xcomp" and head.lower_ == "going" and head.tag_ == "VBG"
