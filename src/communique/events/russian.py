"""spaCy component `communique_events_ru`: the event coder for a Russian Doc.

Requires `doc._.actors` (`communique_actors_ru`) and the UD parse of the Russian front end
(nlp/russian.py); assigns `doc._.event_candidates` (list[EventCandidate]), the same contract as
`communique_events`: the same `Reading` fans out to source/target pairs by the English coder's
rules (`events/coder.py`: pairs, confidence, evidence, intent for future acts).

The patterns are data (events/data/ru_events.yaml): verbs with their object classes,
infinitive complements and target prepositions, light verbs, event nouns. The coder reads
Universal Dependencies directly:
- a verb trigger's sources are its subject's actors (nsubj; a conjoined verb shares its head's
  subject; a participle, the noun it modifies), its targets its object's (obj, iobj), a noun
  under one of the pattern's prepositions ("встретился с министром": obl + case "с"), or, for
  a visit, the state of the place ("посетил Бельгию", "прибыл в Москву"); in the passive of a
  hosting verb ("был принят президентом Турции") the instrumental agent is the source;
- a light verb with an event noun ("провели консультации", "консультации состоялись")
  is the noun's event, with the verb's subject or the noun's own actors
  ("консультации Казахстана и Бельгии", "туркмено-грузинские консультации");
- an event noun elsewhere ("в ходе визита в Брюссель Президент ... отметил") takes the actors
  of its phrase, else the subject of the clause it sits in;
- "Стороны", "собеседники" (a collective actor) are the article's main pair;
- tense from the verb's morphology (Tense=Fut, "будет"), an infinitive under a future head
  ("планируется подписать") is future; "не" negates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from communique.actors.build import expand_collective, main_pair, state_actor
from communique.datafiles import read_yaml
from communique.errors import ConfigError
from communique.events.coder import (
    MAX_FANOUT,
    Reading,
    _confidence,
    _evidence,
    _for_mood,
    _pairs,
)
from communique.geo import is_country
from communique.geo.russian import normal, russian_names
from communique.models import Actor, EventCandidate, Modality, TextSpan
from communique.nlp.extensions import register_extensions
from communique.ontology import cameo_entry, has_plover

#: Dependency labels of a noun phrase's own parts (its actors are found among them).
PHRASE_DEPS = frozenset({"amod", "nmod", "flat", "flat:name", "flat:foreign", "appos", "conj",
                         "cc", "det", "nummod", "compound", "fixed", "case"})
SUBJECT_DEPS = ("nsubj", "nsubj:pass")
OBJECT_DEPS = ("obj", "iobj")
#: Prepositions of a place a visit goes to or takes place in.
PLACE_PREPOSITIONS = frozenset({"в", "во", "на"})
#: Prepositions naming the other party of a joint event ("консультации между A и B").
BETWEEN = frozenset({"между"})
#: Prepositions whose noun still belongs to a phrase's actors: "между A и B", "коллега из
#: Испании" (someone of that state).
PHRASE_PREPOSITIONS = BETWEEN | {"из"}
NEGATION = "не"
#: Determiners that make an event noun a reference to an event told before ("подписание
#: данного документа", "эта встреча"), not a new one.
REFERENCE_DETERMINERS = frozenset({"данный", "этот", "тот", "указанный", "упомянутый",
                                   "настоящий"})
#: Where a reciprocal event noun outside a light verb is an event of its own: as the subject or
#: object of its clause ("переговоры ... завершились", "приветствовали встречу").
EVENT_NOUN_DEPS = frozenset({"nsubj", "nsubj:pass", "obj", "ROOT"})
#: How far (tokens) after a joint event noun its "между A и B" may stand when the parse hangs
#: it elsewhere ("на подписании соглашения о сотрудничестве между A и B").
BETWEEN_WINDOW = 12
FUTURE_AUXILIARY = "быть"


@dataclass(frozen=True)
class Pattern:
    code: str | None
    reciprocal: bool = False
    target_preps: frozenset[str] = frozenset()
    place_target: bool = False
    objects: dict[str, str] = field(default_factory=dict)
    xcomp: dict[str, str] = field(default_factory=dict)
    requires_target: bool = False
    passive_host: bool = False
    requires_object_class: str | None = None


@dataclass(frozen=True)
class RuLexicon:
    classes: dict[str, str]  # noun lemma -> class
    verbs: dict[str, Pattern]
    nouns: dict[str, Pattern]
    light_verbs: frozenset[str]
    future_heads: frozenset[str]


def _code(value: Any, where: str) -> str | None:
    if value is None:
        return None
    code = str(value)
    try:
        cameo_entry(code)
    except Exception as exc:
        raise ConfigError(f"events/data/ru_events.yaml: {where}: unknown CAMEO code {code!r}",
                          hint="use a code of ontology/data/cameo.tsv") from exc
    if not has_plover(code):
        raise ConfigError(f"events/data/ru_events.yaml: {where}: CAMEO {code} has no PLOVER type",
                          hint="statements (01) are never emitted; choose a coded act")
    return code


def _pattern(key: str, raw: Any, classes: set[str]) -> Pattern:
    if not isinstance(raw, dict):
        raise ConfigError(f"events/data/ru_events.yaml: {key}: a pattern must be a mapping")
    known = {"code", "reciprocal", "target_preps", "place_target", "objects", "xcomp",
             "requires_target", "passive_host", "requires_object_class"}
    unknown = set(raw) - known
    if unknown:
        raise ConfigError(f"events/data/ru_events.yaml: {key}: unknown keys {sorted(unknown)}")
    raw_objects = raw.get("objects") or {}
    objects = {str(k): _code(v, f"{key}.objects.{k}") for k, v in raw_objects.items()}
    for cls in objects:
        if cls not in classes:
            raise ConfigError(f"events/data/ru_events.yaml: {key}: unknown noun class {cls!r}")
    required = raw.get("requires_object_class")
    if required is not None and required not in classes:
        raise ConfigError(f"events/data/ru_events.yaml: {key}: unknown noun class {required!r}")
    return Pattern(
        code=_code(raw.get("code"), key),
        reciprocal=bool(raw.get("reciprocal", False)),
        target_preps=frozenset(raw.get("target_preps") or ()),
        place_target=bool(raw.get("place_target", False)),
        objects={k: v for k, v in objects.items() if v},
        xcomp={normal(str(k)): c for k, v in (raw.get("xcomp") or {}).items()
               if (c := _code(v, f"{key}.xcomp.{k}"))},
        requires_target=bool(raw.get("requires_target", False)),
        passive_host=bool(raw.get("passive_host", False)),
        requires_object_class=required,
    )


@lru_cache(maxsize=1)
def ru_lexicon() -> RuLexicon:
    data = read_yaml("events", "ru_events.yaml")
    classes: dict[str, str] = {}
    for cls, words in (data.get("classes") or {}).items():
        for word in words:
            classes[normal(str(word))] = str(cls)
    names = set((data.get("classes") or {}).keys())
    verbs = {normal(k): _pattern(k, v, names) for k, v in (data.get("verbs") or {}).items()}
    nouns = {normal(k): _pattern(k, v, names) for k, v in (data.get("nouns") or {}).items()}
    return RuLexicon(
        classes, verbs, nouns,
        frozenset(normal(str(v)) for v in data.get("light_verbs") or ()),
        frozenset(normal(str(v)) for v in data.get("future_heads") or ()),
    )


def _lemma(token: Token) -> str:
    return normal(token.lemma_)


def _feat(token: Token, name: str) -> str:
    value: str = token.morph.to_dict().get(name, "")
    return value


def _verb_reading(token: Token) -> str | None:
    """pymorphy3's verb lemma of a word the tagger read otherwise."""
    from communique.nlp.russian import russian_lemmatizer

    for parse in russian_lemmatizer().analyzer.parse(token.text.lower()):
        if parse.tag.POS in ("VERB", "INFN"):
            return normal(str(parse.normal_form))
    return None


def _is_reference(token: Token) -> bool:
    """"данного документа", "этой встречи": a thing told before."""
    return any(_lemma(c) in REFERENCE_DETERMINERS for c in token.children
               if c.dep_ in ("det", "amod"))


def _case(token: Token) -> str | None:
    for child in token.children:
        if child.dep_ == "case":
            return child.lower_
    return None


class RussianEventCoder:
    def __init__(self) -> None:
        self.lex = ru_lexicon()

    def code(self, doc: Doc) -> list[EventCandidate]:
        actors: list[Actor] = doc._.actors or []
        self.doc = doc
        self.actors = actors
        self.pair = main_pair(actors)
        out: list[EventCandidate] = []
        self.handled: set[int] = set()
        for number, sentence in enumerate(doc.sents):
            for token in sentence:
                for reading in self.read(token):
                    out.extend(self.candidates(reading, number, sentence))
        return out

    # --- actors --------------------------------------------------------------------------

    def actors_in(self, start: int, end: int) -> list[Actor]:
        """Actors whose span lies within the characters [start, end)."""
        return [a for a in self.actors if start <= a.span[0] and a.span[1] <= end]

    def actors_of(self, token: Token) -> list[Actor]:
        """The actors a noun phrase names: the one its head word is part of, else those in
        its own phrase (adjectives, genitives, appositions and conjuncts)."""
        out = [a for a in self.actors if a.span[0] <= token.idx < a.span[1]]
        for node in self.phrase(token):
            out.extend(a for a in self.actors
                       if a.span[0] <= node.idx < a.span[1] and a not in out)
        expanded: list[Actor] = []
        for actor in out:
            expanded.extend(expand_collective(actor, self.pair))
        return expanded

    @staticmethod
    def phrase(token: Token) -> list[Token]:
        nodes, out = [token], []
        while nodes:
            node = nodes.pop()
            out.append(node)
            nodes.extend(c for c in node.children if c.dep_ in PHRASE_DEPS
                         and not (c.dep_ == "nmod" and _case(c) is not None and
                                  _case(c) not in PHRASE_PREPOSITIONS))
        return sorted(out, key=lambda t: t.i)

    def subject_actors(self, verb: Token) -> list[Actor]:
        seen: set[int] = set()
        while verb.i not in seen:
            seen.add(verb.i)
            for child in verb.children:
                if child.dep_ in SUBJECT_DEPS:
                    return self.actors_of(child)
            if verb.dep_ in ("conj", "xcomp", "advcl", "parataxis") and verb.head != verb:
                verb = verb.head
                continue
            if verb.dep_ in ("acl", "acl:relcl", "amod") and verb.head != verb:
                return self.actors_of(verb.head)
            break
        return []

    def place_state(self, token: Token) -> Actor | None:
        """The state a place phrase names: a country, a capital or a city of a country."""
        names = russian_names()
        for node in self.phrase(token):
            if not node.text[:1].isupper():
                continue  # names of states and cities are capitalised ("того" is not Togo)
            for form in names.lookup(node.text):
                if form.kind in ("name", "capital", "city", "abbr"):
                    return state_actor(node.text, (node.idx, node.idx + len(node.text)),
                                       form.iso3, "GOV")
        own = [a for a in self.actors_of(token) if is_country(a.country)]
        return own[0] if own else None

    # --- readings ------------------------------------------------------------------------

    def read(self, token: Token) -> Iterator[Reading]:
        lemma = _lemma(token)
        if token.pos_ == "ADJ" and token.dep_ == "ROOT" and lemma not in self.lex.verbs:
            lemma = _verb_reading(token) or lemma  # "скрепили" tagged as an adjective
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and lemma in self.lex.verbs):
            if lemma in self.lex.light_verbs:
                yield from self.light(token)
            pattern = self.lex.verbs.get(lemma)
            if pattern is not None:
                reading = self.verbal(token, pattern)
                if reading is not None:
                    yield reading
        elif token.pos_ in ("NOUN", "PROPN") and token.i not in self.handled:
            pattern = self.lex.nouns.get(lemma)
            if pattern is not None:
                reading = self.nominal(token, pattern, self.clause_subjects(token))
                if reading is not None:
                    yield reading

    def modality(self, verb: Token) -> Modality:
        tense = {"Past": "past", "Pres": "present", "Fut": "future"}.get(_feat(verb, "Tense"),
                                                                          "past")
        if any(c.dep_ == "aux" and _lemma(c) == FUTURE_AUXILIARY and
               _feat(c, "Tense") == "Fut" for c in verb.children):
            tense = "future"
        head = verb.head
        if _feat(verb, "VerbForm") == "Inf" and head != verb:
            if _lemma(head) in self.lex.future_heads or _feat(head, "Tense") == "Fut":
                tense = "future"
            elif head.dep_ != "ROOT" or _feat(head, "Tense"):
                tense = {"Past": "past", "Pres": "present", "Fut": "future"}.get(
                    _feat(head, "Tense"), tense)
        if _feat(verb, "VerbForm") == "Part" and _feat(verb, "Tense") == "Pres":
            tense = "present"
        negated = any(_lemma(c) == NEGATION for c in verb.children if c.dep_ in ("advmod", "neg"))
        return Modality(tense=tense, negated=negated)

    def verbal(self, verb: Token, pattern: Pattern) -> Reading | None:
        code = pattern.code
        refined = False
        objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
        object_targets: list[Actor] = []
        # the object, or a noun under it ("скрепили подписями протокол")
        for obj in [*objects, *(c for o in objects for c in o.children if c.dep_ == "nmod")]:
            cls = self.lex.classes.get(_lemma(obj))
            if cls is not None and cls in pattern.objects:
                code, refined = pattern.objects[cls], True
                self.handled.add(obj.i)
                noun = self.lex.nouns.get(_lemma(obj))
                if noun is not None:  # "ввела санкции против Белоруссии"
                    object_targets.extend(
                        a for c in obj.children if c.dep_ == "nmod"
                        and _case(c) in noun.target_preps for a in self.actors_of(c)
                    )
        # an infinitive complement, wherever the parse hangs it ("пригласил компании
        # инвестировать": under the object)
        for child in [*verb.children, *(c for o in objects for c in o.children)]:
            if _feat(child, "VerbForm") == "Inf" and _lemma(child) in pattern.xcomp:
                code, refined = pattern.xcomp[_lemma(child)], True
        if code is None:
            return None
        passive = _feat(verb, "Voice") == "Pass" or any(c.dep_ == "nsubj:pass"
                                                       for c in verb.children)
        sources = self.subject_actors(verb)
        targets: list[Actor] = []
        if passive and pattern.passive_host:
            agents = [c for c in verb.children if c.dep_ == "obl" and _case(c) is None
                      and _feat(c, "Case") == "Ins"]
            if not agents:
                return None
            targets, sources = sources, self.actors_of(agents[0])
        else:
            targets.extend(object_targets)
            for obj in objects:
                if obj.i not in self.handled:
                    targets.extend(self.actors_of(obj))
            for child in verb.children:
                if child.dep_ == "obl" and _case(child) in pattern.target_preps:
                    targets.extend(self.actors_of(child))
                elif child.dep_ in ("obl", "obj", "iobj") and not targets:
                    # "обменялся мнениями с министром": the partner hung under the object
                    for grandchild in child.children:
                        if grandchild.dep_ == "nmod" and _case(grandchild) in pattern.target_preps:
                            targets.extend(self.actors_of(grandchild))
            if pattern.place_target and not targets:
                for child in verb.children:
                    if child.dep_ in ("obl", "obj") and (
                        child.dep_ == "obj" or _case(child) in PLACE_PREPOSITIONS
                    ):
                        place = self.place_state(child)
                        if place is not None:
                            targets.append(place)
                            break
        if pattern.reciprocal and len({a.country for a in sources if a.country}) >= 2:
            targets = []  # "Стороны обсудили ...": the two parties, whatever the object names
        if pattern.requires_target and not targets:
            return None
        modality = self.modality(verb)
        return Reading(code=_for_mood(code, modality), verb=verb, trigger_tokens=(verb,),
                       sources=sources, targets=targets, reciprocal=pattern.reciprocal,
                       modality=modality, refined=refined, fanout=MAX_FANOUT)

    def light(self, verb: Token) -> Iterator[Reading]:
        """"провели консультации" (object), "консультации состоялись" (subject)."""
        for child in verb.children:
            if child.dep_ not in (*OBJECT_DEPS, *SUBJECT_DEPS, "obl"):
                continue
            pattern = self.lex.nouns.get(_lemma(child))
            if pattern is None:
                continue
            if child.dep_ == "obl" and _case(child) != "с":  # "прибыл с визитом" only
                continue
            self.handled.add(child.i)
            subjects = self.subject_actors(verb) if child.dep_ not in SUBJECT_DEPS else []
            reading = self.nominal(child, pattern, subjects, verb=verb)
            if reading is not None:
                yield reading

    def clause_subjects(self, noun: Token) -> list[Actor]:
        """The subject of the clause an event noun sits in ("в ходе визита ... Токаев отметил")."""
        head = noun.head
        steps = 0
        while head.pos_ not in ("VERB", "AUX") and head.head != head and steps < 6:
            head = head.head
            steps += 1
        return self.subject_actors(head) if head.pos_ in ("VERB", "AUX") else []

    def nominal(self, noun: Token, pattern: Pattern, subjects: list[Actor],
                verb: Token | None = None) -> Reading | None:
        if pattern.code is None:
            return None
        if pattern.requires_object_class is not None:
            wanted = pattern.requires_object_class
            if not any(self.lex.classes.get(_lemma(c)) == wanted for c in noun.subtree):
                return None
        if _is_reference(noun) or any(_is_reference(c) for c in noun.children
                                      if c.dep_ in ("nmod", "obj")):
            return None
        own = self.actors_of(noun)
        if pattern.reciprocal and len({a.country for a in own if a.country}) < 2:
            own = own + [a for a in self.between(noun) if a not in own]
        if pattern.reciprocal and verb is None and noun.dep_ not in EVENT_NOUN_DEPS and \
                len({a.country for a in own if a.country}) < 2:
            return None  # "на консультациях", "в ходе переговоров": the talks told before
        targets: list[Actor] = []
        for child in noun.children:
            case = _case(child)
            if child.dep_ == "nmod" and case in pattern.target_preps:
                targets.extend(self.actors_of(child))
            elif child.dep_ == "nmod" and pattern.place_target and case in PLACE_PREPOSITIONS \
                    and not targets:
                place = self.place_state(child)
                if place is not None:
                    targets.append(place)
        if pattern.place_target and not targets and verb is not None:
            for child in verb.children:
                if child.dep_ == "obl" and _case(child) in PLACE_PREPOSITIONS:
                    place = self.place_state(child)
                    if place is not None:
                        targets.append(place)
                        break
        own_countries = {a.country for a in own if a.country}
        if pattern.reciprocal and len(own_countries) >= 2:
            sources = [a for a in own if a not in targets]  # the parties the noun names
        else:
            sources = subjects or [a for a in own if a not in targets]
            if subjects and not targets and own:
                targets = [a for a in own if all(a.country != s.country for s in subjects)]
        if pattern.requires_target and not targets:
            return None
        if not sources and pattern.reciprocal and self.pair is not None and not own:
            sources = list(self.pair)
        if not sources:
            return None
        anchor = verb if verb is not None else noun
        modality = self.modality(anchor) if anchor.pos_ in ("VERB", "AUX") else Modality(
            tense="past")
        if verb is None:
            governing = noun.head
            steps = 0
            while governing.pos_ not in ("VERB", "AUX") and governing.head != governing \
                    and steps < 6:
                governing = governing.head
                steps += 1
            if governing.pos_ in ("VERB", "AUX"):
                modality = self.modality(governing)
                if _lemma(governing) in self.lex.future_heads:
                    # "переговоры запланированы на 22 мая", "визит планируется": whatever the
                    # tense of the planning, the event it plans is still to come
                    modality = modality.model_copy(update={"tense": "future"})
        trigger = (noun,) if verb is None else (verb, noun)
        return Reading(code=_for_mood(pattern.code, modality), verb=anchor,
                       trigger_tokens=trigger, sources=sources, targets=targets,
                       reciprocal=pattern.reciprocal, modality=modality, refined=False,
                       nominal=True, fanout=MAX_FANOUT)

    def between(self, noun: Token) -> list[Actor]:
        """The actors of a "между A и B" phrase shortly after a joint event noun."""
        sentence_end = noun.sent.end
        for token in self.doc[noun.i + 1 : min(sentence_end, noun.i + BETWEEN_WINDOW)]:
            if token.dep_ == "case" and token.lower_ in BETWEEN:
                return self.actors_of(token.head)
        return []

    # --- candidates ----------------------------------------------------------------------

    def candidates(self, reading: Reading, number: int, sentence: Span) -> Iterator[
            EventCandidate]:
        if not has_plover(reading.code):
            return
        pairs = _pairs(reading)
        if not pairs:
            return
        tokens = sorted(reading.trigger_tokens, key=lambda t: t.i)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        text = self.doc.text[start:end]
        trigger = TextSpan(text=text, span=(start, end))
        evidence = _evidence(sentence)
        for source, target in pairs:
            yield EventCandidate(
                sentence=number, cameo=reading.code, source=source, target=target,
                modality=reading.modality, trigger=trigger, evidence=evidence,
                confidence=_confidence(reading, target),
                symmetric=reading.reciprocal and target is not None,
            )


class RussianEventsComponent:
    def __init__(self) -> None:
        register_extensions()
        self.coder = RussianEventCoder()

    def __call__(self, doc: Doc) -> Doc:
        doc._.event_candidates = self.coder.code(doc)
        return doc


@Language.factory(
    "communique_events_ru",
    requires=["doc._.actors", "token.dep", "token.lemma"],
    assigns=["doc._.event_candidates"],
)
def make_russian_events_component(nlp: Language, name: str) -> RussianEventsComponent:
    return RussianEventsComponent()
