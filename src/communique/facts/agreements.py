"""Agreements: what was signed (or initialled, ratified, negotiated, planned), by whom, when.

An agreement is a keyword from ``data/agreements.yaml`` ("agreement", "memorandum of
understanding", "treaty", ...) with its name around it, and a status verb in the same sentence.
Mentions without a status verb ("under the agreement") are not recorded: they are references,
not facts about the agreement.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from communique.facts._data import compile_any, data_file, load_model
from communique.facts.context import ArticleContext, distance, overlaps
from communique.ids import stable_id
from communique.models import (
    Actor,
    Agreement,
    AgreementStatus,
    Event,
    ResolvedDate,
    Span,
    Tense,
)
from communique.resolve.dates import DateResolver

#: Most characters between a status verb and the agreement keyword. The seed has 15 ("observed
#: the signing of the General Agreement"); 150 covers "signed 15 documents, including a
#: memorandum on ..." lists in agency reports without reaching verbs of other clauses.
MAX_CUE_DISTANCE = 150

#: Most words in front of the keyword kept as part of the name ("Comprehensive and Progressive
#: Agreement", "Kazakh-Belgian intergovernmental agreement").
MAX_PREMODIFIERS = 5

#: Longest name kept, in words; longer runs are cut at this length (agency titles such as
#: "Agreement between ... on the mutual protection of investments" stay within 16).
MAX_NAME_WORDS = 16

#: Most characters between the status verb and the trigger of the event that lends its date.
#: The signing's own event has its trigger on the verb (distance 0; the seed's "signing");
#: 60 admits "signed ... at the ceremony" triggers, not other clauses' events.
EVENT_DISTANCE = 60

#: Characters between a possessive and the party it qualifies ("Turkey's rival Greece").
CUE_WINDOW = 25

#: How far before a status verb its subject parties may stand ("Kazakhstan and Belgium signed").
SUBJECT_WINDOW = 90

#: Characters before a keyword searched for `not_before` ("a great deal", "under the agreement"):
#: its longest cue, "within the framework of the " (28), plus two words of a name.
NOT_BEFORE_WINDOW = 45

#: Characters after a keyword searched for `not_after`: its longest cue, " with the assessment"
#: (20), with room for extra spaces and a following word boundary.
NOT_AFTER_WINDOW = 40

#: Characters before a status verb searched for a negation: "declined to " (12) plus one
#: adverb ("did not formally sign").
NEGATION_WINDOW = 25

#: Characters before and after a status verb searched for a witness verb ("observed the
#: signing", "witnessed the signing"): the verb and an article before, the cue itself after.
WITNESS_BEFORE, WITNESS_AFTER = 30, 20

#: Characters before an actor searched for a preposition that makes it an adjunct, not a party
#: ("in the", "within the": 11), and before "by" for "witnessed by" (12).
PREPOSITION_WINDOW = 15

#: Characters before an actor searched for "with (the)" (9), with slack for extra spaces.
WITH_WINDOW = 12

#: Longest "between A and B" clause read, in characters: two long organisation names ("the
#: Academy of Public Administration under the President of ...") fit; a runaway clause does not.
BETWEEN_MAX_CHARS = 200

_STATUS_ORDER: tuple[AgreementStatus, ...] = (
    "planned",
    "ratified",
    "initialled",
    "signed",
    "negotiated",
)
_WORD = re.compile(r"[\w’'.-]*\w")
_PUNCT = re.compile(r"[,;:!?()\"«»“”\[\]]|\.(?:\s|$)|\n")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_SUBJECT_PREP = re.compile(
    r"\b(?:in|to|from|under|at|during|for|on|by|into|about|within|across"
    r"|в|во|на|из|от|к|для|по|при|за|о|об|с|со)\s+(?:the\s+)?$",
    re.I,
)


class _Kind(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    pattern: str
    kind: str


class _Lexicon(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kinds: list[_Kind]
    not_before: str
    not_after: str
    name_stops: list[str]
    premodifier_stops: list[str]
    complement_openers: list[str]
    date_after: str
    status: dict[AgreementStatus, list[str]]
    negation: str
    withdrawal: str
    witness_subject: str
    witness_object: str
    between: str
    between_end: str
    with_party: str
    by_party: str
    inner_breaks: list[str] = ["in"]
    """Words that end a name after its first complement word unless they open another
    complement ("on cooperation in education" goes on with an opener; "in Brussels" ends)."""
    dangling: list[str] = ["the", "of", "on", "and", "for", "to", "in", "a", "an"]
    """Connectors never left at the end of a name."""
    plural: str = "s$"
    """A bare keyword ending so is a count ("signed 15 agreements"), not a named agreement."""
    and_word: str = "and"
    """The word joining the two sides of "between A and B"."""


class Cue(BaseModel):
    """A status verb found in a sentence."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: AgreementStatus
    span: Span


class AgreementFinder:
    """Finds agreements in an article. Build once: dictionaries are compiled here."""

    def __init__(self, resolver: DateResolver | None = None, language: str = "en") -> None:
        lex = load_model(_Lexicon, data_file("agreements", language))
        self.resolver = resolver or DateResolver()
        self._kinds = [(re.compile(rf"\b(?:{k.pattern})\b", re.I), k.kind) for k in lex.kinds]
        self._keyword = compile_any([rf"\b(?:{k.pattern})\b" for k in lex.kinds])
        self._not_before = re.compile(lex.not_before, re.I)
        self._not_after = re.compile(lex.not_after, re.I)
        stops = sorted(lex.name_stops, key=len, reverse=True)
        self._name_stop = re.compile(
            r"^\s*(?:" + "|".join(re.escape(s) for s in stops) + r")\b", re.I
        )
        self._premod_stops = {s.lower() for s in lex.premodifier_stops}
        self._opener = re.compile(r"^\s+(?:" + "|".join(lex.complement_openers) + r")\b", re.I)
        self._date_after = re.compile(lex.date_after, re.I)
        self._status = [
            (status, compile_any(lex.status[status]))
            for status in _STATUS_ORDER
            if status in lex.status
        ]
        self._negation = re.compile(lex.negation, re.I)
        self._withdrawal = re.compile(lex.withdrawal, re.I)
        self._witness_subject = re.compile(lex.witness_subject, re.I)
        self._witness_object = re.compile(lex.witness_object, re.I)
        self._between = re.compile(lex.between, re.I)
        self._between_end = re.compile(lex.between_end)
        self._with = re.compile(lex.with_party, re.I)
        self._by = re.compile(lex.by_party, re.I)
        self._inner_breaks = {w.lower() for w in lex.inner_breaks}
        self._dangling = re.compile(
            r"\s+(?:" + "|".join(re.escape(w) for w in lex.dangling) + r")$", re.I
        )
        self._plural = re.compile(lex.plural, re.I)
        self._and = re.compile(rf"\s+{re.escape(lex.and_word)}\s+")

    def find(self, ctx: ArticleContext, events: list[Event]) -> list[Agreement]:
        """Every agreement with a status verb, in text order, one per distinct name."""
        found: list[Agreement] = []
        seen: set[tuple[str, str]] = set()
        for m in self._keyword.finditer(ctx.text):
            agreement = self._read(ctx, m, events)
            if agreement is None:
                continue
            key = (agreement.name.lower(), agreement.status)
            if key in seen or any(overlaps(agreement.span, a.span) for a in found):
                continue
            seen.add(key)
            found.append(agreement)
        return found

    # -- one keyword ----------------------------------------------------------------------------

    def _read(self, ctx: ArticleContext, m: re.Match[str], events: list[Event]) -> Agreement | None:
        text = ctx.text
        k0, k1 = m.span()
        sentence = ctx.sentence_of(k0)
        if self._not_before.search(text[max(sentence[0], k0 - NOT_BEFORE_WINDOW) : k0]):
            return None
        if self._not_after.search(text[k1 : k1 + NOT_AFTER_WINDOW]):
            return None
        name_span = self._name(ctx, (k0, k1), sentence)
        name = " ".join(text[name_span[0] : name_span[1]].split())
        if self._plural.search(m.group(0)) and name.lower() == m.group(0).lower():
            return None  # "signed 15 agreements": a count, not a named agreement
        cue = self._cue(text, sentence, name_span)
        if cue is None:
            return None
        kind = next(kind for regex, kind in self._kinds if regex.search(m.group(0)))
        parties = self._parties(ctx, sentence, name_span, cue)
        witnesses = [
            w for w in self._witnesses(ctx, sentence, cue) if all(w.span != p.span for p in parties)
        ]
        return Agreement(
            id=stable_id(ctx.article_id, name_span, kind),
            name=name,
            kind=kind,
            parties=parties,
            status=cue.status,
            date=self._date(ctx, sentence, cue, events),
            witnesses=witnesses,
            text=text[sentence[0] : sentence[1]],
            span=name_span,
        )

    def _name(self, ctx: ArticleContext, keyword: Span, sentence: Span) -> Span:
        """The name around the keyword: capitalised or modifying words before, complement after."""
        text = ctx.text
        start = self._premodifiers(text, keyword[0], sentence[0])
        end = self._complement(text, keyword[1], sentence[1])
        for law in ctx.names:
            if law[0] <= keyword[0] and keyword[1] <= law[1] and sentence[0] <= law[0]:
                law_text = text[law[0] : law[1]]
                law_start = law[0] + len(law_text) - len(_ARTICLE.sub("", law_text))
                if law_start < start or law[1] > end:
                    start, end = min(start, law_start), max(end, law[1])
        return (start, end)

    def _premodifiers(self, text: str, k0: int, floor: int) -> int:
        start = k0
        words = list(_WORD.finditer(text, floor, k0))
        taken = 0
        for i in range(len(words) - 1, -1, -1):
            w = words[i]
            between = text[w.end() : start]
            if between.strip() or taken >= MAX_PREMODIFIERS:
                break
            word = w.group(0)
            lower = word.lower()
            if (
                lower == "and"
                and i > 0
                and words[i - 1].group(0)[:1].isupper()
                and text[start : start + 1].isupper()
            ):
                start = w.start()
                continue
            if lower in self._premod_stops or word[:1].isdigit() or word.endswith(("’s", "'s")):
                break
            start = w.start()
            taken += 1
        return start

    def _complement(self, text: str, k1: int, ceiling: int) -> int:
        tail = text[k1:ceiling]
        if self._date_after.match(tail):
            return k1
        opener = self._opener.match(tail)
        if opener is None:
            return k1
        end = k1 + opener.end()
        for count, w in enumerate(_WORD.finditer(text, end, ceiling), start=1):
            gap = text[end : w.start()]
            rest = text[end:ceiling]
            if _PUNCT.search(gap) or self._name_stop.match(rest) or self._date_after.match(rest):
                break
            if w.group(0).lower() in self._inner_breaks and not self._opener.match(rest):
                break
            if count > MAX_NAME_WORDS:
                break
            end = w.end()
        # trim a dangling connector: "... on the", "... and"
        while True:
            trailing = self._dangling.search(text[k1:end])
            if trailing is None:
                break
            end = k1 + trailing.start()
        return end

    def _cue(self, text: str, sentence: Span, name: Span) -> Cue | None:
        """The nearest status verb of the sentence, if close enough and not negated."""
        s0, s1 = sentence
        cues: list[tuple[int, Cue]] = []
        for order, (status, regex) in enumerate(self._status):
            for m in regex.finditer(text, s0, s1):
                if name[0] <= m.start() < name[1]:
                    continue
                if self._negation.search(text[max(s0, m.start() - NEGATION_WINDOW) : m.start()]):
                    continue
                cues.append((order, Cue(status=status, span=m.span())))
        kept: list[Cue] = []
        for _order, cue in sorted(cues, key=lambda c: (c[0], c[1].span)):
            if not any(overlaps(cue.span, k.span) for k in kept):
                kept.append(cue)
        kept = [c for c in kept if distance(c.span, name) <= MAX_CUE_DISTANCE]
        for w in self._withdrawal.finditer(text, s0, s1):
            if distance(w.span(), name) <= MAX_CUE_DISTANCE:
                return None
        if not kept:
            return None
        return min(kept, key=lambda c: (distance(c.span, name), c.span[0]))

    # -- parties and witnesses ------------------------------------------------------------------

    def _parties(self, ctx: ArticleContext, sentence: Span, name: Span, cue: Cue) -> list[Actor]:
        between = self._between_parties(ctx, sentence, name, cue)
        if between:
            return between
        witnessed = self._witness_subject.search(
            ctx.text[max(sentence[0], cue.span[0] - WITNESS_BEFORE) : cue.span[1] + WITNESS_AFTER]
        )
        subjects = [] if witnessed else self._subjects(ctx, sentence, cue)
        parties = (
            subjects
            + self._with_parties(ctx, sentence, name, cue)
            + self._agents(ctx, sentence, name, cue)
        )
        if not parties:
            parties = [a for a in ctx.actors_in(*name) if a.kind == "state"]
        named: list[Actor] = []
        for party in _unique(parties):
            if all((party.name, party.country) != (p.name, p.country) for p in named):
                named.append(party)
        return named

    def _between_parties(
        self, ctx: ArticleContext, sentence: Span, name: Span, cue: Cue
    ) -> list[Actor]:
        text = ctx.text
        origin = min(name[0], cue.span[0])
        for m in self._between.finditer(text, origin, sentence[1]):
            if m.start() > max(name[1], cue.span[1]) + MAX_CUE_DISTANCE:
                break
            sides = self._between_sides(text, m.end(), sentence[1])
            if sides is None:
                continue
            parties = [self._party(ctx, side) for side in sides]
            found = [p for p in parties if p is not None]
            if len(found) == 2:
                return found
        return []

    def _between_sides(self, text: str, start: int, end: int) -> tuple[Span, Span] | None:
        """The two sides of "between A and B" starting at ``start``."""
        stop = _PUNCT.search(text, start, end)
        limit = stop.start() if stop else end
        limit = min(limit, start + BETWEEN_MAX_CHARS)
        segment = text[start:limit]
        conj = self._and.search(segment)
        if conj is None:
            return None
        second_end = self._between_end.search(segment, conj.end())
        second_stop = second_end.start() if second_end else len(segment)
        return (start, start + conj.start()), (start + conj.end(), start + second_stop)

    def _party(self, ctx: ArticleContext, side: Span) -> Actor | None:
        """The actor that one side of "between A and B" names, via an earlier mention if short."""
        inside = [a for a in ctx.actors_in(*side) if a.kind in ("state", "organization", "group")]
        inside = inside or ctx.actors_in(*side)
        if inside:
            actor = inside[0]
            if actor.kind == "organization" or not actor.country:
                antecedent = _antecedent(ctx.actors, actor.text, actor.span[0])
                if antecedent is not None and len(antecedent.name) > len(actor.name):
                    return antecedent.model_copy(update={"text": actor.text, "span": actor.span})
            return actor
        raw = ctx.text[side[0] : side[1]]
        mention = re.sub(r"^\s*(?:the\s+)?", "", raw, flags=re.I).rstrip()
        antecedent = _antecedent(ctx.actors, mention, side[0])
        if antecedent is None or not mention:
            return None
        start = side[0] + raw.find(mention)
        return antecedent.model_copy(
            update={"text": mention, "span": (start, start + len(mention))}
        )

    def _subjects(self, ctx: ArticleContext, sentence: Span, cue: Cue) -> list[Actor]:
        """Countries and organisations written just before the verb ("A and B signed")."""
        text = ctx.text
        left = max(sentence[0], cue.span[0] - SUBJECT_WINDOW)
        clause = text.rfind(", ", left, cue.span[0])
        if clause != -1 and not re.match(r",\s+(?:[A-Z][\w-]*\s*){1,4}(?:,|and)\b", text[clause:]):
            left = clause + 2
        found: list[Actor] = []
        for actor in ctx.actors_in(left, cue.span[0]):
            before = text[max(left, actor.span[0] - PREPOSITION_WINDOW) : actor.span[0]]
            if _SUBJECT_PREP.search(before):
                continue
            found.append(actor)
        institutional = [a for a in found if a.kind != "person"]
        return institutional or found

    def _with_parties(
        self, ctx: ArticleContext, sentence: Span, name: Span, cue: Cue
    ) -> list[Actor]:
        text = ctx.text
        start = min(name[0], cue.span[0])
        found: list[Actor] = []
        owner_end = -1  # "with Turkey's rival Greece": the party is Greece
        for actor in ctx.actors_in(start, sentence[1]):
            after = text[actor.span[1] : actor.span[1] + 2]
            owned = 0 <= actor.span[0] - owner_end <= CUE_WINDOW
            before = text[max(start, actor.span[0] - WITH_WINDOW) : actor.span[0]]
            if owned or self._with.search(before):
                if after.startswith(("'s", "’s")):
                    owner_end = actor.span[1]
                else:
                    owner_end = -1
                    found.append(actor)
        return found

    def _agents(self, ctx: ArticleContext, sentence: Span, name: Span, cue: Cue) -> list[Actor]:
        """Parties after "by" ("signed by Turkey and Azerbaijan")."""
        text = ctx.text
        start = max(name[1], cue.span[1])
        m = self._by.search(text, start, sentence[1])
        if m is None or m.start() - start > MAX_CUE_DISTANCE:
            return []
        if self._witness_object.search(text[max(start, m.start() - PREPOSITION_WINDOW) : m.end()]):
            return []  # "witnessed by X": X is a witness
        stop = _PUNCT.search(text, m.end(), sentence[1])
        end = stop.start() if stop else sentence[1]
        found = ctx.actors_in(m.end(), end)
        return [a for a in found if a.kind != "person"] or found

    def _witnesses(self, ctx: ArticleContext, sentence: Span, cue: Cue) -> list[Actor]:
        text = ctx.text
        found: list[Actor] = []
        for m in self._witness_subject.finditer(text, sentence[0], sentence[1]):
            clause = max(sentence[0], text.rfind(",", sentence[0], m.start()) + 1)
            for actor in ctx.actors_in(clause, m.start()):
                before = text[max(clause, actor.span[0] - PREPOSITION_WINDOW) : actor.span[0]]
                if not _SUBJECT_PREP.search(before):
                    found.append(actor)
                    break
        for m in self._witness_object.finditer(text, sentence[0], sentence[1]):
            stop = _PUNCT.search(text, m.end(), sentence[1])
            end = stop.start() if stop else sentence[1]
            found.extend(ctx.actors_in(m.end(), end))
        return _unique(found)

    # -- date -----------------------------------------------------------------------------------

    def _date(
        self, ctx: ArticleContext, sentence: Span, cue: Cue, events: list[Event]
    ) -> ResolvedDate:
        """The sentence's own date phrase; else the date of a coded event in the sentence."""
        tense: Tense = "future" if cue.status == "planned" else "past"
        own: ResolvedDate | None = None
        phrases = ctx.dates_in(*sentence)
        if phrases:
            phrase = min(phrases, key=lambda p: distance(p.span, cue.span))
            own = self.resolver.resolve(phrase.text, ctx.published, tense)
            if own.kind != "unresolved":
                return own
        dated = [
            e
            for e in events
            if overlaps(e.evidence.span, sentence)
            and e.date.kind != "unresolved"
            and e.date.start
            and distance(e.trigger.span, cue.span) <= EVENT_DISTANCE
        ]
        if dated:
            nearest = min(dated, key=lambda e: distance(e.trigger.span, cue.span))
            return nearest.date
        if own is not None:
            return own
        return ResolvedDate(
            reason="the sentence has no date phrase and no dated event for this agreement"
        )


def _antecedent(actors: list[Actor], mention: str, before: int) -> Actor | None:
    """The latest earlier organisation whose name contains every word of a short mention."""
    words = [_word_pattern(w) for w in re.findall(r"[A-ZА-ЯЁ][\w-]+", mention)]
    if not words:
        return None
    for actor in sorted((a for a in actors if a.span[0] < before), key=lambda a: -a.span[0]):
        if actor.kind == "person" or actor.text == mention:
            continue
        haystack = f"{actor.name} {actor.organization or ''} {actor.text}"
        if all(re.search(rf"\b{w}", haystack) for w in words):
            return actor
    return None


#: Letters cut off the end of a Cyrillic word before matching it to an earlier mention: a case
#: ending ("Академией" -> "Академ", found in "Академию ..."). Russian noun endings run to
#: three letters ("-ией", "-ами"); a stem keeps at least MIN_STEM letters.
CASE_ENDING, MIN_STEM = 3, 4


def _word_pattern(word: str) -> str:
    """What to look for in an earlier mention: a Cyrillic word without its case ending
    ("Академией" -> "Академ", any ending), a Latin word as a whole word."""
    if re.match(r"[А-ЯЁ]", word):
        return re.escape(word[: max(MIN_STEM, len(word) - CASE_ENDING)])
    return re.escape(word) + r"\b"


def _unique(actors: list[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for actor in actors:
        if all(actor.span != a.span for a in out):
            out.append(actor)
    return out
