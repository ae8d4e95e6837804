"""The event coder: verb and noun patterns over the dependency parse -> EventCandidates.

For every sentence, each token that a pattern knows becomes a trigger:
- a verb in verbs.yaml ("visited", "accused", "agreed to meet"), refined by its particle, object
  class, infinitive complement or preposition;
- a light verb with an event noun ("held consultations", "paid a visit", "imposed sanctions");
- an event noun with its own actor ("his visit to Brussels", "the signing of the agreement
  between A and B");
- a reporting verb whose complement states an obligation ("said Iraq must allow ...") -> a demand.
Purpose clauses and complements of other triggers refine their head instead of becoming events.
Sources come from subjects (or "by" agents), targets from objects and pattern prepositions; a
future or hypothetical cooperative act becomes an expressed intent (CAMEO 03), a future conflictual
one a threat (CAMEO 13), as CAMEO prescribes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from communique.actors.build import place_government
from communique.events.arguments import PERSONAL_PRONOUNS, ActorIndex, sentence_subject_actor
from communique.events.modality import read_modality
from communique.events.patterns import Lexicon, NominalPattern, VerbPattern, load_lexicon
from communique.models import Actor, EventCandidate, Modality, TextSpan
from communique.ontology import has_plover

#: Confidence is a transparent score, not a calibrated probability: it starts at BASE and moves
#: with the evidence the coder found. The steps were set so that a verb pattern with both
#: arguments scores 0.8 and a bare nominal reading without a target about 0.45.
CONFIDENCE_BASE = 0.5
CONFIDENCE_TARGET = 0.2
CONFIDENCE_REFINED = 0.1
CONFIDENCE_NOMINAL = -0.1
CONFIDENCE_UNCERTAIN = -0.2
#: At most this many sources and targets fan out from one trigger ("A, B and C condemned X").
MAX_FANOUT = 2

#: CAMEO roots whose future or hypothetical form is an expressed intent (03) ...
INTENT_OF_ROOT = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}
#: Codes whose intent has its own CAMEO code ("ready to mediate" is 039, not 036).
INTENT_OF_CODE = {"045": "039", "046": "036", "0871": "0356", "0874": "0356"}
#: ... and those whose future form is a threat (13).
THREAT_OF_ROOT = {"14": "133", "15": "138", "16": "131", "17": "137", "18": "138", "19": "138",
                  "20": "138"}  # fmt: skip
OBJECT_DEPS = ("dobj", "attr", "oprd")
#: Appeals, demands, refusals and threats embed what they ask for, refuse or threaten; it has not
#: happened, so it is not a separate event.
EMBEDDING_ROOTS = frozenset({"02", "10", "12", "13"})
#: Prepositions on an object noun that introduce the target ("aid *to* Serbia").
OBJECT_TARGET_PREPS = ("to", "against", "on", "for")
#: Prepositions that introduce the target inside a complement ("threatened blows *to* the US").
COMPLEMENT_PREPS = ("to", "with", "against", "on", "at", "from")
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")


@dataclass(frozen=True)
class Reading:
    """What the coder read around one trigger, before fanning out to source/target pairs."""

    code: str
    verb: Token
    trigger_tokens: tuple[Token, ...]
    sources: list[Actor]
    targets: list[Actor]
    reciprocal: bool
    modality: Modality
    refined: bool
    nominal: bool = False


class EventCoder:
    """Codes a parsed Doc (with `doc._.actors`) into EventCandidates."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()
        lex = self.lexicon
        # every verb lemma a rule can start from, and the verbs that take an event noun as object
        self.known_verbs = frozenset(lex.verbs) | lex.light_verbs | lex.reporting_verbs
        self.noun_taking_verbs = frozenset(lex.verbs) | lex.light_verbs

    # -- driver ------------------------------------------------------------------------------
    def code(self, doc: Doc) -> list[EventCandidate]:
        index = ActorIndex(doc, doc._.actors or [])
        candidates: list[EventCandidate] = []
        previous_subject: Actor | None = None
        for number, sentence in enumerate(doc.sents):
            context = _Sentence(number, sentence, index, previous_subject)
            for token in sentence:
                for reading in self._read(token, context):
                    candidates.extend(self._candidates(reading, context))
            previous_subject = sentence_subject_actor(index, sentence) or previous_subject
        return candidates

    def _read(self, token: Token, ctx: _Sentence) -> Iterator[Reading]:
        lex = self.lexicon
        lemma = self._verb_lemma(token)
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and lemma in lex.verbs):
            if token.dep_ in ("amod", "compound") or self._is_subordinate(token):
                return
            pattern = lex.verbs.get(lemma)
            readings = list(self._verbal(token, pattern, ctx)) if pattern is not None else []
            if not readings and lemma in lex.reporting_verbs:
                readings = list(self._reported_demand(token, ctx))
            if not readings and lemma in lex.light_verbs:
                readings = list(self._light(token, ctx))
            yield from readings
        elif token.pos_ in ("NOUN", "PROPN"):
            nominal = self._nominal_pattern(token)
            if nominal is not None and not self._under_light_verb(token):
                yield from self._nominal(token, nominal, ctx)

    # -- verbs -------------------------------------------------------------------------------
    def _verb_lemma(self, token: Token) -> str:
        """The lemma, or a regular de-inflection of the word when the lemmatiser slipped
        ("staged" -> "stag"): the first candidate that the lexicon knows wins."""
        lemma = token.lemma_.lower()
        known = self.known_verbs
        if lemma in known or token.pos_ != "VERB":
            return lemma
        word = token.lower_
        for candidate in (word, word[:-1], word[:-2], word[:-3], word[:-3] + "e", word[:-2] + "y"):
            if candidate in known:
                return candidate
        return lemma

    def _is_subordinate(self, verb: Token) -> bool:
        """Complements and purpose clauses of another trigger refine it; they are not events."""
        head = verb.head
        if head is verb:
            return False
        if verb.dep_ == "conj" and head.dep_ in ("ccomp", "acl") and head.pos_ in ("VERB", "AUX"):
            # "said X must agree to reforms and demobilize": a conjunct of an embedded clause
            # is embedded too
            return self._is_subordinate(head)
        head_lemma = self._verb_lemma(head)
        head_is_trigger = head_lemma in self.lexicon.verbs or (
            head_lemma in self.lexicon.light_verbs and head.pos_ == "VERB"
        )
        if verb.dep_ == "xcomp" and head_is_trigger:
            return True
        # a participle elaborating another trigger: "demonstrated, calling for independence",
        # "launched rocket fire, killing 50"
        if (
            verb.dep_ == "advcl"
            and verb.tag_ == "VBG"
            and (
                head_is_trigger
                or self._nominal_pattern(head) is not None
                or head_lemma in self.lexicon.light_verbs
            )
        ):
            return True
        # purpose clauses state an aim, not an event: "met to discuss", "resigned to allow"
        if verb.dep_ == "advcl" and _is_infinitive(verb):
            return True
        if (
            verb.dep_ == "xcomp"
            and _is_infinitive(verb)
            and self._nominal_pattern(head) is not None
        ):
            return True
        # what is demanded, appealed for or threatened has not happened: it refines its head
        if verb.dep_ in ("ccomp", "xcomp", "acl") and self._head_code_root(head) in EMBEDDING_ROOTS:
            return True
        # "said Iraq must allow ...": the reporting verb codes a demand instead
        return (
            verb.dep_ == "ccomp"
            and head_lemma in self.lexicon.reporting_verbs
            and self._states_obligation(verb)
        )

    def _states_obligation(self, clause: Token) -> bool:
        """'... must allow', '... should withdraw'."""
        modals = self.lexicon.obligation_modals
        return any(c.dep_ == "aux" and c.lower_ in modals for c in clause.children)

    def _head_code_root(self, head: Token) -> str | None:
        """The CAMEO root a governing word would be coded with on its own, if any."""
        lemma = head.lemma_.lower()
        pattern = self.lexicon.verbs.get(lemma)
        if pattern is not None and head.pos_ in ("VERB", "AUX"):
            codes = [pattern.code, *pattern.preps_code.values(), *pattern.objects.values()]
            return next((c[:2] for c in codes if c), None)
        nominal = self._nominal_pattern(head)
        return nominal.code[:2] if nominal is not None else None

    def _verbal(self, verb: Token, pattern: VerbPattern, ctx: _Sentence) -> Iterator[Reading]:
        code = pattern.code
        refined = False
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        obj = _first_child(verb, OBJECT_DEPS)
        if obj is None and passive:
            obj = _first_child(verb, ("nsubjpass",))
        trigger = [verb]
        for particle in (c for c in verb.children if c.dep_ == "prt"):
            if particle.lower_ in pattern.particles:
                code, refined = pattern.particles[particle.lower_], True
                trigger.append(particle)
        if obj is not None:
            for noun_class in self._classes(obj):
                if noun_class in pattern.objects:
                    code, refined = pattern.objects[noun_class], True
                    break
        subject = _first_child(verb, ("nsubj",))
        if subject is not None and pattern.subjects:
            # "peacekeeping troops arrived in Bosnia" is a deployment, not a visit
            for noun_class in self._classes(subject):
                if noun_class in pattern.subjects:
                    code, refined = pattern.subjects[noun_class], True
                    break
        for prep in (c for c in verb.children if c.dep_ == "prep"):
            if prep.lower_ in pattern.preps_code:
                code, refined = pattern.preps_code[prep.lower_], True
        complement = _first_child(verb, ("xcomp",))
        if complement is not None:
            complement_code = pattern.xcomp.get(complement.lemma_.lower())
            if complement_code is not None:
                code, refined = complement_code, True
        if code is None:
            return
        modality = read_modality(verb, intent=self._is_intended(verb))
        if modality.negated:
            if pattern.negated is None:
                return
            if pattern.negated != "keep":
                code = pattern.negated
        elif pattern.intent:
            code = _for_mood(code, modality)
        if passive:
            agent = _agent(verb)
            sources = self._actors_of(agent, ctx) if agent is not None else []
        else:
            sources = self._subject_actors(verb, ctx)
        targets = self._verb_targets(verb, obj, complement, pattern, code, ctx)
        if pattern.requires_target and not targets:
            return
        yield Reading(code, verb, tuple(trigger), sources, targets, pattern.reciprocal, modality,
                      refined)  # fmt: skip

    def _verb_targets(
        self, verb: Token, obj: Token | None, complement: Token | None, pattern: VerbPattern,
        code: str, ctx: _Sentence,
    ) -> list[Actor]:  # fmt: skip
        """The target, from the most direct place it can be named to the least."""
        targets = self._actors_of(obj, ctx) if obj is not None else []
        if not targets:
            targets = self._prep_targets(verb, obj, pattern.preps, ctx)
        if not targets:
            dative = _first_child(verb, ("dative",))
            if dative is not None:
                targets = self._actors_of(dative, ctx)
        if not targets and obj is not None:
            # "halted aid to Serbia", "imposed sanctions on Iran": the object names the target
            targets = self._prep_targets(obj, None, OBJECT_TARGET_PREPS, ctx)
        if not targets and complement is not None:
            # "threatened to ban the opposition", "offered to negotiate with Armenia"
            inner = _first_child(complement, OBJECT_DEPS)
            targets = self._actors_of(inner, ctx) if inner is not None else []
            if not targets:
                targets = self._prep_targets(complement, inner, COMPLEMENT_PREPS, ctx)
        if not targets:
            # "called for sanctions against Nigeria", "pushed for talks with Iran"
            for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"):
                wanted = _first_child(prep, ("pobj",))
                if wanted is not None and not targets:
                    targets = self._prep_targets(wanted, None, (*OBJECT_TARGET_PREPS, "with"), ctx)
        if not targets and code[:2] in EMBEDDING_ROOTS:
            # "demanded that the US cancel ...": the demand is on the clause's subject
            targets = self._clause_subject_actors(verb, ctx)
        return targets

    def _is_intended(self, verb: Token) -> bool:
        """A complement of an intention word ("ready to contribute", "plans to sign")."""
        head = verb.head.lemma_.lower()
        if verb.dep_ == "acl":
            return head in self.lexicon.intention_nouns
        return verb.dep_ == "xcomp" and head in self.lexicon.intent_heads

    def _reported_demand(self, verb: Token, ctx: _Sentence) -> Iterator[Reading]:
        """'X said Y must Z' is a demand by X on Y (CAMEO 100)."""
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            if not self._states_obligation(clause):
                continue
            subject = _first_child(clause, SUBJECT_DEPS)
            targets = self._actors_of(subject, ctx) if subject is not None else []
            if not targets:
                continue  # "we must act": an obligation on nobody named is not a demand
            sources = self._subject_actors(verb, ctx)
            modality = read_modality(verb)
            yield Reading("100", verb, (verb,), sources, targets, False, modality, True)

    def _light(self, verb: Token, ctx: _Sentence) -> Iterator[Reading]:
        """'held consultations', 'paid a visit to', 'imposed sanctions on'."""
        obj = _first_child(verb, ("dobj",))
        if obj is None:
            return
        nominal = self._nominal_pattern(obj)
        if nominal is None:
            return
        modality = read_modality(verb, intent=self._is_intended(verb))
        if modality.negated:
            return  # "did not hold talks": no event noun reading of a negated act
        code = _for_mood(nominal.code, modality)
        sources = self._subject_actors(verb, ctx)
        preps = nominal.target_preps + (("with",) if nominal.reciprocal else ())
        targets = self._prep_targets(verb, obj, preps, ctx, place_target=nominal.place_target)
        trigger = (verb, obj) if obj.i - verb.i <= 3 else (verb,)
        yield Reading(code, verb, trigger, sources, targets, nominal.reciprocal, modality, True)

    # -- nouns -------------------------------------------------------------------------------
    def _nominal_pattern(self, token: Token) -> NominalPattern | None:
        nominals = self.lexicon.nominals
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        for compound in (c for c in token.children if c.dep_ == "compound"):
            joined = f"{compound.lower_} {token.lemma_.lower()}"
            if joined in nominals:
                return nominals[joined]
        return nominals.get(token.lower_) or nominals.get(token.lemma_.lower())

    def _under_light_verb(self, noun: Token) -> bool:
        head = noun.head
        return noun.dep_ == "dobj" and head.lemma_.lower() in self.noun_taking_verbs

    def _nominal(self, noun: Token, nominal: NominalPattern, ctx: _Sentence) -> Iterator[Reading]:
        """An event noun with its own performer: a possessor, a 'by' agent or 'between A and B'."""
        if nominal.requires_object_class is not None:
            of_object = _prep_object(noun, "of")
            if of_object is None or nominal.requires_object_class not in self._classes(of_object):
                return
        if nominal.requires_prep and not any(
            c.dep_ == "prep" and c.lower_ in nominal.target_preps for c in noun.children
        ):
            return
        sources: list[Actor] = []
        possessor = _first_child(noun, ("poss",))
        if possessor is not None:
            sources = self._actors_of(possessor, ctx)
        agent = _prep_object(noun, "by")
        if not sources and agent is not None:
            sources = self._actors_of(agent, ctx)
        reciprocal = nominal.reciprocal
        framed = nominal.requires_object_class is not None or noun.dep_ in SUBJECT_DEPS
        if not sources and reciprocal and framed:
            between = next((t for t in noun.subtree if t.dep_ == "prep" and t.lower_ == "between"),
                           None)  # fmt: skip
            if between is not None:
                party = _first_child(between, ("pobj",))
                sources = self._actors_of(party, ctx) if party is not None else []
        if not sources:
            return
        targets = self._prep_targets(noun, None, nominal.target_preps, ctx,
                                     place_target=nominal.place_target)  # fmt: skip
        if not targets and nominal.clause_target:
            targets = self._clause_subject_actors(noun, ctx)
        governing = _governing_verb(noun)
        modality = read_modality(governing) if governing is not None else Modality()
        if modality.negated:
            return
        code = _for_mood(nominal.code, modality)
        yield Reading(code, governing or noun, (noun,), sources, targets, reciprocal, modality,
                      False, nominal=True)  # fmt: skip

    # -- arguments ---------------------------------------------------------------------------
    def _classes(self, noun: Token) -> tuple[str, ...]:
        classes = self.lexicon.classes_of(noun.lemma_) or self.lexicon.classes_of(noun.lower_)
        for compound in (c for c in noun.children if c.dep_ == "compound"):
            classes = self.lexicon.classes_of(f"{compound.lower_} {noun.lemma_}") + classes
        return classes

    def _actors_of(
        self, token: Token, ctx: _Sentence, *, place_target: bool = False
    ) -> list[Actor]:
        if token.lower_ in PERSONAL_PRONOUNS:
            resolved = self._resolve_pronoun(token, ctx)
            return [resolved] if resolved is not None else []
        found = ctx.index.find(token)
        if not found and (place_target or token.lemma_.lower() in self.lexicon.government_nouns):
            place = place_government(token)
            if place is not None:
                found = [place]
        expanded: list[Actor] = []
        for actor in found:
            expanded.extend(ctx.index.expand_group(actor))
        return expanded

    def _subject_actors(self, verb: Token, ctx: _Sentence) -> list[Actor]:
        """The subject's actors; conjoined verbs, complements and relative clauses borrow theirs."""
        node = verb
        for _ in range(4):
            subject = _first_child(node, ("nsubj", "csubj"))
            if subject is not None:
                return self._actors_of(subject, ctx)
            if node.dep_ in ("relcl", "acl") and node.head.pos_ in ("NOUN", "PROPN"):
                if node.head.lemma_.lower() not in self.lexicon.intention_nouns:
                    return self._actors_of(node.head, ctx)
                # "Turkey expressed its readiness to mediate": whoever expressed it
                node = node.head
                if node.head is node:
                    return []
                node = node.head
                continue
            if node.dep_ not in ("conj", "xcomp", "advcl", "ccomp", "acomp") or node.head is node:
                return []
            node = node.head
        return []

    def _clause_subject_actors(self, head: Token, ctx: _Sentence) -> list[Actor]:
        for clause in (c for c in head.children if c.dep_ in ("ccomp", "acl", "xcomp")):
            subject = _first_child(clause, SUBJECT_DEPS)
            if subject is not None:
                actors = self._actors_of(subject, ctx)
                if actors:
                    return actors
        return []

    def _resolve_pronoun(self, pronoun: Token, ctx: _Sentence) -> Actor | None:
        """A pronoun refers to the subject of its governing clause, else of the last sentence."""
        node = pronoun.head
        for _ in range(6):
            subject = _first_child(node, ("nsubj",))
            if (
                subject is not None
                and subject is not pronoun
                and subject.lower_ not in PERSONAL_PRONOUNS
            ):
                actors = ctx.index.find(subject)
                if actors:
                    return actors[0]
            if node.head is node:
                break
            node = node.head
        return ctx.previous_subject

    def _prep_targets(
        self, head: Token, obj: Token | None, preps: tuple[str, ...], ctx: _Sentence,
        *, place_target: bool = False,
    ) -> list[Actor]:  # fmt: skip
        """Targets introduced by the pattern's prepositions, on the verb or on its object."""
        holders = [head] + ([obj] if obj is not None else [])
        for holder in holders:
            for prep in (c for c in holder.children if c.dep_ == "prep" and c.lower_ in preps):
                complement = _first_child(prep, ("pobj",))
                if complement is None:
                    continue
                actors = self._actors_of(complement, ctx, place_target=place_target)
                if actors:
                    return actors
        return []

    # -- output ------------------------------------------------------------------------------
    def _candidates(self, reading: Reading, ctx: _Sentence) -> Iterator[EventCandidate]:
        if not has_plover(reading.code):
            return
        pairs = _pairs(reading)
        if not pairs:
            return
        start = min(t.idx for t in reading.trigger_tokens)
        end = max(t.idx + len(t.text) for t in reading.trigger_tokens)
        doc_text = ctx.sentence.doc.text
        trigger = TextSpan(text=doc_text[start:end], span=(start, end))
        evidence = _evidence(ctx.sentence)
        for source, target in pairs:
            yield EventCandidate(
                sentence=ctx.number,
                cameo=reading.code,
                source=source,
                target=target,
                modality=reading.modality,
                trigger=trigger,
                evidence=evidence,
                confidence=_confidence(reading, target),
            )


@dataclass(frozen=True)
class _Sentence:
    number: int
    sentence: Span
    index: ActorIndex
    previous_subject: Actor | None


def _evidence(sentence: Span) -> TextSpan:
    """The sentence as evidence, without the blank lines spaCy keeps at its edges."""
    raw = sentence.text
    start = sentence.start_char + (len(raw) - len(raw.lstrip()))
    text = raw.strip()
    return TextSpan(text=text, span=(start, start + len(text)))


def _pairs(reading: Reading) -> list[tuple[Actor, Actor | None]]:
    sources = _distinct(reading.sources)
    targets = [t for t in _distinct(reading.targets) if all(t.span != s.span for s in sources)]
    if not sources:
        return []
    if reading.reciprocal and not targets and len(sources) >= 2:
        return [(sources[0], sources[1])]
    pairs: list[tuple[Actor, Actor | None]] = []
    slots: list[Actor | None] = list(targets[:MAX_FANOUT]) or [None]
    for source in sources[:MAX_FANOUT]:
        for target in slots:
            if target is not None and (
                _same_actor(source, target) or _one_of_a_pair(source, sources, target)
            ):
                continue
            pairs.append((source, target))
    return pairs


def _distinct(actors: list[Actor]) -> list[Actor]:
    seen: set[tuple[tuple[int, int], str | None]] = set()
    out = []
    for actor in actors:
        key = (actor.span, actor.country)
        if key not in seen:
            seen.add(key)
            out.append(actor)
    return out


def _same_actor(a: Actor, b: Actor) -> bool:
    return a.code == b.code and a.name == b.name and a.person == b.person


def _one_of_a_pair(source: Actor, sources: list[Actor], target: Actor) -> bool:
    """A source that "the parties" stands for ("The parties welcomed Kazakhstan's offer"): the
    member of the pair that the target names is not acting on itself; the other member is."""
    expanded = sum(s.span == source.span for s in sources) > 1
    return expanded and source.country is not None and source.country == target.country


def _confidence(reading: Reading, target: Actor | None) -> float:
    score = CONFIDENCE_BASE
    if target is not None:
        score += CONFIDENCE_TARGET
    if reading.refined:
        score += CONFIDENCE_REFINED
    if reading.nominal:
        score += CONFIDENCE_NOMINAL
    if reading.modality.negated or reading.modality.hypothetical:
        score += CONFIDENCE_UNCERTAIN
    return round(min(1.0, max(0.05, score)), 2)


def _for_mood(code: str, modality: Modality) -> str:
    """The code of an act as the sentence states it: intended or threatened when not yet done."""
    return _as_intent(code) if modality.tense == "future" or modality.hypothetical else code


def _as_intent(code: str) -> str:
    """Future cooperation is an expressed intent (03), future conflict a threat (13)."""
    if code in INTENT_OF_CODE:
        return INTENT_OF_CODE[code]
    root = code[:2]
    return INTENT_OF_ROOT.get(root) or THREAT_OF_ROOT.get(root) or code


def _is_infinitive(verb: Token) -> bool:
    """'to discuss', 'to allow'."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _first_child(token: Token, deps: tuple[str, ...]) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _prep_object(token: Token, preposition: str) -> Token | None:
    for child in token.children:
        if child.dep_ in ("prep", "agent") and child.lower_ == preposition:
            return _first_child(child, ("pobj",))
    return None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return _first_child(child, ("pobj",))
    return _prep_object(verb, "by")


def _governing_verb(token: Token) -> Token | None:
    node = token
    for _ in range(6):
        if node.head is node:
            return node if node.pos_ in ("VERB", "AUX") else None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None
