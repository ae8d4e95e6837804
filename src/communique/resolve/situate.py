"""Situate event candidates: the date and the city each one is attached to.

Dates come from spaCy DATE entities of the candidate's own sentence, picked by how they
attach to the trigger in the dependency parse; a sentence without one may continue an earlier
dated event (data/continuation.yaml lists the signals). A past or present event that neither
names nor continues a date takes the publication date, as GDELT and ICEWS do, but never passed
off as a fact: ``kind="approximate"``, ``text=None`` and a reason that says it is the
publication date. Future events are never dated by publication. Locations come only from a city
named in the sentence and attached to the trigger through a preposition or "the city of X":
no dateline as the place, no country as a place. docs/RESOLVE.md states the rules and why.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from communique.datafiles import read_yaml
from communique.errors import ConfigError
from communique.models import Article, EventCandidate, Place, ResolvedDate, Situation, Tense
from communique.resolve.dates import DateResolver, date_words, names_no_time, published_day
from communique.resolve.places import PlaceIndex, place_index
from communique.resolve.russian import CYRILLIC

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Attachment scores of a date phrase to a trigger (higher wins; 0 = not attached).
#: DIRECT: the phrase modifies the trigger itself ("consultations on October 17").
#: CLAUSE: it modifies the trigger's clause verb or an argument of the trigger ("held talks on").
#: GOVERNING: it modifies a verb above the trigger ("On Friday, X said talks ..."): the
#: reporting clause's date is the best the sentence offers for the event it reports.
DIRECT, CLAUSE, GOVERNING = 3, 2, 1

#: Entity labels a city can carry. GPE/LOC/FAC are the right ones; the small English model also
#: tags less familiar city names as ORG or PERSON ("travel to Kyiv", "in Alma-Ata"), and the
#: preposition plus a GeoNames match already vouch for the place, so those are accepted too.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MISLABELLED_PLACE_LABELS = frozenset({"ORG", "PERSON", "NORP"})
#: Universal Dependencies relations of a place under its head (Natasha's parse of Russian):
#: "визита в Брюссель" (nmod), "встретились в Москве" (obl), "города Алматы" (appos).
UD_PLACE_DEPS = frozenset({"obl", "nmod", "appos", "flat", "flat:name"})
#: Front ends whose parse is Universal Dependencies (the English model's is ClearNLP-style).
UD_LANGUAGES = frozenset({"ru"})

#: Days after publication that a past-tense event's own date may still fall: publication
#: times are often UTC while the story's "today" is local (up to UTC+14), so the story's day
#: can be the day after the publication date. A past event's date beyond this is a misreading
#: (the phrase belongs to a planned event, or the tense was misread) and is refused.
PAST_EVENT_WINDOW_DAYS = 1

NO_DATE = "no date phrase in the sentence and it does not continue a dated event"
FUTURE_NO_DATE = (
    "a future event without its own date phrase; future events neither inherit nor take the "
    "publication date"
)
NO_PUBLISHED = "; the article has no publication date to fall back on"
#: The reason of a publication-date fallback; the situator never anchors continuations on it.
PUBLICATION_FALLBACK = "no date in the text; the publication date, as GDELT and ICEWS do"


@dataclass(frozen=True)
class _Signals:
    """The vocabulary of data/continuation.yaml."""

    event_nouns: frozenset[str]
    verb_nouns: dict[str, str]
    definite: frozenset[str]
    collective: frozenset[str]
    framing: tuple[str, ...]
    quote_pairs: tuple[tuple[str, str], ...]
    location_preps: frozenset[str]
    city_nouns: frozenset[str]


@lru_cache(maxsize=1)
def continuation_signals() -> _Signals:
    """data/continuation.yaml (with the user's overlay), read once per process; a malformed
    file is a ConfigError that names it."""
    raw = read_yaml("resolve", "continuation.yaml")
    try:
        return _signals(raw)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(
            f"resolve/data/continuation.yaml (or its overlay in COMMUNIQUE_DATA_DIR): a list "
            f"or mapping is missing or malformed ({type(exc).__name__}: {exc})",
            hint="compare it with the shipped file: every key holds a list of words",
        ) from exc


def _signals(raw: dict[str, Any]) -> _Signals:
    return _Signals(
        event_nouns=frozenset(raw["event_nouns"]),
        verb_nouns={str(k): str(v) for k, v in raw["verb_nouns"].items() if v},
        definite=frozenset(raw["definite_determiners"]),
        collective=frozenset(raw["collective_subjects"]),
        framing=tuple(sorted(raw["framing_openers"], key=len, reverse=True)),
        quote_pairs=tuple((str(a), str(b)) for a, b in raw["quote_pairs"]),
        location_preps=frozenset(raw["location_prepositions"]),
        city_nouns=frozenset(raw["city_nouns"]),
    )


@dataclass(frozen=True)
class _Anchor:
    """A dated past/present event that later sentences may continue."""

    sentence: int
    origin: int  # the sentence whose own date phrase this date came from
    paragraph: int
    date: ResolvedDate
    nouns: frozenset[str]
    continued: bool
    published: bool  # dated by the publication fallback, not by the text


class _Entities:
    """The document's entities, read once, found per sentence by bisection.

    `Span.ents` builds a Span for every entity of the document on each call: per event that is
    quadratic on long articles (a 1M-character article has ~20k entities and thousands of
    events). This gives the same entities (those wholly inside the span, in order) in
    O(log n + k).
    """

    def __init__(self, doc: Doc) -> None:
        self.ents: list[Span] = list(doc.ents)
        self.starts = [e.start for e in self.ents]

    def within(self, span: Span) -> list[Span]:
        """What `span.ents` returns: from the first entity starting in it, up to the first
        one that ends after it."""
        found: list[Span] = []
        for i in range(bisect_left(self.starts, span.start), len(self.ents)):
            ent = self.ents[i]
            if ent.end > span.end:
                break
            found.append(ent)
        return found


class _Quotes:
    """Quoted regions, asked "is this offset quoted?" in O(log n) (regions may overlap)."""

    def __init__(self, regions: list[tuple[int, int]]) -> None:
        ordered = sorted(regions)
        self.starts = [a for a, _ in ordered]
        self.reach: list[int] = []  # the furthest end of the regions up to each one
        for _, end in ordered:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def __contains__(self, offset: int) -> bool:
        i = bisect_right(self.starts, offset)
        return i > 0 and self.reach[i - 1] > offset


class _Anchors:
    """The dated events so far, in text order, with indexes so that each lookup a later
    event makes costs O(log n), not a scan of every earlier event."""

    def __init__(self) -> None:
        self.items: list[_Anchor] = []
        self._sentences: list[int] = []
        self._by_noun: dict[str, list[int]] = {}
        self._by_paragraph: dict[int, list[int]] = {}
        self._from_text: list[int] = []  # those dated by the text, not by publication

    def add(self, anchor: _Anchor) -> None:
        if self._sentences and anchor.sentence < self._sentences[-1]:
            raise ValueError("anchors are added in text order")
        index = len(self.items)
        self.items.append(anchor)
        self._sentences.append(anchor.sentence)
        for noun in anchor.nouns:
            self._by_noun.setdefault(noun, []).append(index)
        self._by_paragraph.setdefault(anchor.paragraph, []).append(index)
        if not anchor.published:
            self._from_text.append(index)

    def upto(self, sentence: int) -> int:
        """How many anchors lie in sentences up to `sentence` (they come first)."""
        return bisect_right(self._sentences, sentence)

    def latest_from_text(self, count: int) -> _Anchor | None:
        """The latest of the first `count` anchors that the text dates."""
        return self._latest(self._from_text, count)

    def latest_naming(self, noun: str, count: int) -> _Anchor | None:
        return self._latest(self._by_noun.get(noun, []), count)

    def latest_in_paragraph(self, paragraph: int, count: int) -> _Anchor | None:
        return self._latest(self._by_paragraph.get(paragraph, []), count)

    def _latest(self, indexes: list[int], count: int) -> _Anchor | None:
        i = bisect_left(indexes, count)
        return self.items[indexes[i - 1]] if i > 0 else None


def _paragraph_starts(text: str) -> list[int]:
    """Character offsets where paragraphs (blocks separated by blank lines) begin."""
    return [0] + [m.end() for m in re.finditer(r"\n[ \t]*\n\s*", text)]


def _paragraph_of(starts: list[int], offset: int) -> int:
    """The index of the paragraph holding ``offset`` (``starts`` is sorted and starts at 0)."""
    return max(bisect_right(starts, offset) - 1, 0)


def _quote_regions(text: str, pairs: tuple[tuple[str, str], ...]) -> list[tuple[int, int]]:
    """Spans of quoted speech, never crossing a paragraph break."""
    regions: list[tuple[int, int]] = []
    for opening, closing in pairs:
        pattern = re.escape(opening) + r"(?:(?!\n[ \t]*\n)[^" + re.escape(closing) + r"])*"
        pattern += re.escape(closing)
        regions.extend((m.start(), m.end()) for m in re.finditer(pattern, text))
    return regions


def _clause(token: Token) -> Token:
    """The nearest verb (or the root) at or above `token`: the clause it belongs to."""
    current = token
    while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
        current = current.head
    return current


def _is_ancestor(candidate: Token, token: Token) -> bool:
    return any(a.i == candidate.i for a in token.ancestors)


def _date_attachment(ent: Span, trigger: Token) -> int:
    """How the DATE entity `ent` attaches to `trigger` (DIRECT, CLAUSE, GOVERNING or 0)."""
    head = ent.root
    # Leave the phrase, pass prepositions, and pass names: a date never modifies a name
    # ("visit to Brussels in November 2021": the date belongs to the visit, not Brussels).
    while (
        ent.start <= head.i < ent.end or head.pos_ in ("ADP", "PROPN") or head.ent_type_
    ) and head.head.i != head.i:
        head = head.head
    if head.i == trigger.i:
        return DIRECT
    clause = _clause(trigger)
    if head.i == clause.i or (head.head.i in (trigger.i, clause.i) and head.pos_ != "VERB"):
        return CLAUSE
    if head.pos_ in ("VERB", "AUX") and _is_ancestor(head, trigger):
        return GOVERNING
    return 0


def _after_publication(date: ResolvedDate, published: dt.date | None, tense: Tense) -> bool:
    """A past-tense event's date that starts after publication (+ the window)."""
    if tense != "past" or published is None or date.start is None:
        return False
    limit = published + dt.timedelta(days=PAST_EVENT_WINDOW_DAYS)
    return dt.date.fromisoformat(date.start) > limit


def _is_count(token: Token, ent: Span) -> bool:
    """A number that counts a noun outside the date entity ("on Thursday 30 passengers",
    "the 2000 troops"), or stands in apposition to one ("Omarov, 40, hired": an age): spaCy
    sometimes tags or folds such numbers into a DATE entity."""
    if not token.like_num or ent.start <= token.head.i < ent.end:
        return False
    if token.head.pos_ not in ("NOUN", "PROPN", "PRON"):
        return False
    doc = token.doc
    set_off = 0 < token.i < len(doc) - 1 and doc[token.i - 1].text == doc[token.i + 1].text == ","
    return token.dep_ in ("nummod", "appos") or (token.dep_ == "npadvmod" and set_off)


def _pieces(ent: Span) -> list[Span]:
    """The parts of an entity that hang from different heads outside it, in text order
    ("a tanker two weeks ago": "a tanker" | "two weeks ago"); one part for a whole phrase."""
    tops: dict[int, list[int]] = {}
    for token in ent:
        top = token
        while ent.start <= top.head.i < ent.end and top.head.i != top.i:
            top = top.head
        tops.setdefault(top.i, []).append(token.i)
    doc = ent.doc
    return [doc[min(ix) : max(ix) + 1] for ix in sorted(tops.values(), key=min)]


def _without_counts(ent: Span) -> Span | None:
    """The DATE entity without the counts at its edges; None when nothing else is left."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and _is_count(doc[start], ent):
        start += 1
    while end > start and _is_count(doc[end - 1], ent):
        end -= 1
    if start == end:
        return None
    return ent if (start, end) == (ent.start, ent.end) else doc[start:end]


def _names_a_period(ent: Span, tense: Tense) -> bool:
    """ "a plan of action for 2025-2026", "signed a budget for 2024": the period a thing
    covers, not the date of the event (a preposition of `period_prepositions`). Only a future
    event can be dated that way ("talks scheduled for Monday")."""
    prep = ent.root.head
    if ent.root.dep_ != "pobj" or prep.lower_ not in date_words().period_prepositions:
        return False
    return tense != "future" or prep.head.pos_ in ("NOUN", "PROPN")


#: Tokens before a DATE entity searched for a bounding word ("no later than" is the longest).
BOUND_WINDOW_TOKENS = 4


def _with_bound(ent: Span) -> str:
    """The entity's text, with the word before it when that word bounds or anchors the time
    ("by 2010", "until May", "since 2005"): spaCy leaves it out of the DATE entity, and without
    it "had cut ties by 2010" would read as an event of 2010."""
    # the few tokens before it hold any bounding word (at most three words long); Doc.text would
    # join the whole document once per entity
    before = ent.doc[max(ent.start - BOUND_WINDOW_TOKENS, 0) : ent.start].text.rstrip().lower()
    for word in _bounding_words():
        edge = len(before) - len(word) - 1
        if before.endswith(word) and (edge < 0 or not before[edge].isalnum()):
            return f"{word} {ent.text}"
    return str(ent.text)


@lru_cache(maxsize=1)
def _bounding_words() -> tuple[str, ...]:
    words = date_words()
    return tuple(sorted((*words.bounds, "since"), key=len, reverse=True))


def _date_phrases(sentence: Span, entities: list[Span]) -> list[tuple[Span, str]]:
    """DATE entities of a sentence (`entities`: the entities within it), each with the text
    to resolve.

    A relative date followed by an exact one in parentheses ("30 years ago (August 25, 1992)")
    becomes one phrase, so the resolver can let the exact one win.
    """
    ents = [t for t in (_without_counts(e) for e in entities if e.label_ == "DATE") if t]
    text_of_sentence, offset = sentence.text, sentence.start_char
    phrases: list[tuple[Span, str]] = []
    skip: set[int] = set()
    for i, ent in enumerate(ents):
        if i in skip:
            continue
        text = _with_bound(ent)
        if i + 1 < len(ents):
            nxt = ents[i + 1]
            between = text_of_sentence[ent.end_char - offset : nxt.start_char - offset]
            after = text_of_sentence[nxt.end_char - offset : nxt.end_char - offset + 2]
            if between.strip() == "(" and after.lstrip().startswith(")"):
                text = f"{ent.text} ({nxt.text})"
                skip.add(i + 1)
        phrases.append((ent, text))
    return phrases


class EventSituator:
    """Gives every event candidate a `Situation` (date + location), one per candidate, in order."""

    def __init__(
        self, resolver: DateResolver | None = None, places: PlaceIndex | None = None
    ) -> None:
        self.resolver = resolver or DateResolver()
        self._places = places
        self.signals = continuation_signals()
        nouns = "|".join(re.escape(n) for n in sorted(self.signals.city_nouns))
        self._city_of = re.compile(rf"^(?:the\s+)?(?:{nouns})\s+of\s+", re.I)

    @property
    def places(self) -> PlaceIndex:
        """The city index, built on first use (a pipeline that codes nothing never pays for it)."""
        if self._places is None:
            self._places = place_index()
        return self._places

    def situate(
        self, doc: Doc, article: Article, candidates: list[EventCandidate]
    ) -> list[Situation]:
        """One Situation per candidate, same order; candidates are read in text order."""
        if not candidates:
            return []
        sentences = list(doc.sents)
        published = published_day(article)
        text = doc.text  # Doc.text joins every token on each access: once per document
        paragraphs = _paragraph_starts(text)
        quotes = _Quotes(_quote_regions(text, self.signals.quote_pairs))
        entities = _Entities(doc)
        order = sorted(
            range(len(candidates)),
            key=lambda i: (candidates[i].sentence, candidates[i].trigger.span[0]),
        )
        anchors = _Anchors()
        results: dict[int, Situation] = {}
        for index in order:
            candidate = candidates[index]
            if not 0 <= candidate.sentence < len(sentences):
                results[index] = Situation.unresolved(
                    f"sentence {candidate.sentence} is not in the parsed document"
                )
                continue
            sentence = sentences[candidate.sentence]
            trigger = self._trigger(doc, candidate, sentence)
            start = candidate.trigger.span[0]
            paragraph = _paragraph_of(paragraphs, start)
            quoted = start in quotes
            ents = entities.within(sentence)
            date, source = self._date(
                sentence, ents, trigger, candidate, published, anchors, paragraphs, paragraph
            )
            location = self._location(sentence, ents, trigger) if trigger is not None else None
            results[index] = Situation(date=date, location=location)
            if date.kind != "unresolved" and candidate.modality.tense != "future" and not quoted:
                anchors.add(
                    _Anchor(
                        sentence=candidate.sentence,
                        origin=candidate.sentence if source is None else source.origin,
                        paragraph=paragraph,
                        date=date,
                        nouns=self._event_nouns(sentence, trigger),
                        continued=source is not None,
                        published=date.reason.startswith(PUBLICATION_FALLBACK),
                    )
                )
        return [results[i] for i in range(len(candidates))]

    # --- trigger ---------------------------------------------------------------------------

    @staticmethod
    def _trigger(doc: Doc, candidate: EventCandidate, sentence: Span) -> Token | None:
        start, end = candidate.trigger.span
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        root: Token = span.root
        return root if sentence.start <= root.i < sentence.end else None

    # --- dates -----------------------------------------------------------------------------

    def _date(
        self,
        sentence: Span,
        ents: list[Span],
        trigger: Token | None,
        candidate: EventCandidate,
        published: dt.date | None,
        anchors: _Anchors,
        paragraphs: list[int],
        paragraph: int,
    ) -> tuple[ResolvedDate, _Anchor | None]:
        """The candidate's own date phrase, else an inherited date (with the event it came
        from), else, for a past or present event, the publication date as an approximate date.

        ``ents`` are the entities within the sentence, ``paragraphs`` the document's
        paragraph starts (read once per document), ``paragraph`` the index of the candidate's
        own.
        """
        tense = candidate.modality.tense
        own, refused, ignored = self._own_date(sentence, ents, trigger, published, tense)
        if own is not None:
            return own, None
        if tense == "future":
            return refused or ResolvedDate(reason=FUTURE_NO_DATE), None
        if refused is not None and refused.text is not None:
            counted = self._counted(refused.text, anchors, candidate.sentence)
            if counted is not None:
                return counted, None
        inherited, anchor = self._inherit(
            sentence, trigger, anchors, paragraphs, paragraph, candidate.sentence
        )
        if anchor is not None:
            return inherited, anchor
        if refused is not None:
            return refused, None
        return self._publication_date(published, tense, ignored), None

    def _counted(
        self, text: str, anchors: _Anchors, sentence_index: int
    ) -> ResolvedDate | None:
        """ "On the same day", "the next day", "two days later": counted from the latest event
        before it whose text dates it (not one dated by publication)."""
        base = anchors.latest_from_text(anchors.upto(sentence_index))
        if base is None:
            return None
        counted = self.resolver.counted_from(text, base.date)
        if counted is None:
            return None
        reason = f"{counted.reason}, the date of the event in sentence {base.origin}"
        return counted.model_copy(update={"reason": reason})

    @staticmethod
    def _publication_date(
        published: dt.date | None, tense: Tense, ignored: list[str]
    ) -> ResolvedDate:
        """The fallback of a past or present event that neither names nor continues a date:
        the publication day, approximate, with a reason that says so (GDELT and ICEWS date
        every event by its story's publication date)."""
        note = "; ".join(ignored)
        if published is None:
            return ResolvedDate(reason=NO_DATE + NO_PUBLISHED + (f" ({note})" if note else ""))
        why = (
            "a past-tense report is about the story's day or shortly before"
            if tense == "past"
            else "a present-tense event holds at publication"
        )
        reason = f"{PUBLICATION_FALLBACK} ({published.isoformat()}): {why}"
        return ResolvedDate(
            start=published.isoformat(),
            granularity="day",
            kind="approximate",
            text=None,
            reason=reason + (f" ({note})" if note else ""),
        )

    def _own_date(
        self,
        sentence: Span,
        ents: list[Span],
        trigger: Token | None,
        published: dt.date | None,
        tense: Tense,
    ) -> tuple[ResolvedDate | None, ResolvedDate | None, list[str]]:
        """The best-attached date phrase that resolves; else the first refusal of a phrase that
        does say something about the event's time ("by 2030", "two days later"); and notes on
        the attached phrases that say nothing about it ("Omarov, 40": an age; a date after
        publication for a past event), which leave the event as undated as if they were absent.

        A future event does not take a date from a governing clause: in "officials said last
        week that talks would be held" the date is the report's, not the talks'. A past event
        does not take a date after publication (+ PAST_EVENT_WINDOW_DAYS): that phrase dates
        something else, or the tense is misread.
        """
        floor = CLAUSE if tense == "future" else GOVERNING
        scored: list[tuple[int, int, Span, str]] = []
        for ent, text in _date_phrases(sentence, ents):
            if _names_a_period(ent, tense):
                continue
            score = _date_attachment(ent, trigger) if trigger is not None else GOVERNING
            if score >= floor:
                distance = abs(ent.root.i - trigger.i) if trigger is not None else 0
                scored.append((-score, distance, ent, text))
        refused: ResolvedDate | None = None
        ignored: list[str] = []
        for _, _, ent, text in sorted(scored, key=lambda s: (s[0], s[1])):
            date = self.resolver.resolve(text, published, tense)
            if names_no_time(date):
                # spaCy sometimes runs a date into its neighbours ("seized a tanker two weeks
                # ago"): a part of the entity may still name a time.
                for piece in _pieces(ent):
                    reading = self.resolver.resolve(piece.text, published, tense)
                    if not names_no_time(reading):
                        date = reading
                        break
            if date.kind != "unresolved":
                if not _after_publication(date, published, tense):
                    return date, None, ignored
                ignored.append(
                    f"'{text}' ({date.start}) is after publication, so it dates something "
                    "else than this past event"
                )
            elif names_no_time(date):
                ignored.append(f"'{text}' names no time")
            else:
                refused = refused or date
        return None, refused, ignored

    def _event_nouns(self, sentence: Span, trigger: Token | None) -> frozenset[str]:
        """Event nouns a later sentence may use to refer back to this event."""
        nouns = {t.lemma_.lower() for t in sentence if t.lemma_.lower() in self.signals.event_nouns}
        nouns |= {t.text.lower() for t in sentence if t.text.lower() in self.signals.event_nouns}
        if trigger is not None and trigger.lemma_.lower() in self.signals.verb_nouns:
            nouns.add(self.signals.verb_nouns[trigger.lemma_.lower()])
        return frozenset(nouns)

    def _inherit(
        self,
        sentence: Span,
        trigger: Token | None,
        anchors: _Anchors,
        paragraphs: list[int],
        paragraph: int,
        sentence_index: int,
    ) -> tuple[ResolvedDate, _Anchor | None]:
        earlier = anchors.upto(sentence_index)  # the first `earlier` anchors
        if not earlier:
            return ResolvedDate(reason=NO_DATE), None
        signal, noun = self._continuation_signal(sentence, trigger)
        if signal is not None:
            anchor = self._anchor_for(anchors, earlier, paragraph, noun)
        else:
            # A chain: the sentence right after one that continued a dated event, in the same
            # paragraph, carries on with it. Adjacency to a sentence with its own date does not
            # suffice: a new sentence often starts a new (undated) event.
            anchor = anchors.items[earlier - 1]
            if (
                anchor.continued
                and anchor.paragraph == paragraph
                and anchor.sentence >= sentence_index - 1
            ):
                signal = "it follows, in the same paragraph, a sentence that continued it"
            else:
                # The sentence before it, in the same paragraph, refers back to the event
                # without being an event itself ("The consultations also focused on ...").
                previous = self._previous_continuation(sentence, paragraphs, paragraph)
                if previous is None:
                    return ResolvedDate(reason=NO_DATE), None
                anchor = self._anchor_for(anchors, earlier, paragraph, previous)
                signal = "it follows, in the same paragraph, a sentence that refers back to it"
        if anchor.published:
            # The event it continues is itself dated only by publication: so is this one, and
            # the reason says so.
            reason = (
                f"{PUBLICATION_FALLBACK} ({anchor.date.start}): it continues the event in "
                f"sentence {anchor.origin} ({signal}), which the text does not date either"
            )
        else:
            reason = f"inherited from the event in sentence {anchor.origin}: {signal}"
        return anchor.date.model_copy(update={"text": None, "reason": reason}), anchor

    def _previous_continuation(
        self, sentence: Span, paragraphs: list[int], paragraph: int
    ) -> str | None:
        """The event noun (or '') by which the previous sentence of the same paragraph refers
        back to an earlier event; None when it does not."""
        doc = sentence.doc
        if sentence.start == 0:
            return None
        previous = doc[sentence.start - 1].sent
        if _paragraph_of(paragraphs, previous.start_char) != paragraph:
            return None
        signal, noun = self._continuation_signal(previous, previous.root)
        if signal is None:
            return None
        return noun or ""

    @staticmethod
    def _anchor_for(anchors: _Anchors, count: int, paragraph: int, noun: str | None) -> _Anchor:
        """Which of the first `count` (> 0) events a continuation refers to.

        A noun picks the latest event it names; otherwise the latest event of the same
        paragraph; otherwise the story's lead event (news puts its main event first).
        """
        if noun:
            named = anchors.latest_naming(noun, count)
            if named is not None:
                return named
        same = anchors.latest_in_paragraph(paragraph, count)
        return same if same is not None else anchors.items[0]

    def _continuation_signal(
        self, sentence: Span, trigger: Token | None
    ) -> tuple[str | None, str | None]:
        """Why this sentence continues an earlier event (and the event noun, if one names it)."""
        signals = self.signals
        lowered = sentence.text.strip().lower().lstrip("\u00ab\u201c\"' ")
        for opener in signals.framing:
            if lowered.startswith(opener + " "):
                rest = lowered[len(opener) + 1 :].split()
                if len(rest) >= 2 and rest[0] in signals.definite:
                    noun = next((w for w in rest[1:4] if w in signals.event_nouns), None)
                    if noun is not None:
                        return f"'{opener} {rest[0]} {noun}' frames it inside that event", noun
        for token in sentence:
            word = token.text.lower()
            if word in signals.event_nouns and token.pos_ in ("NOUN", "PROPN"):
                dets = [c.text.lower() for c in token.children if c.dep_ in ("det", "poss")]
                if any(d in signals.definite for d in dets):
                    det = next(d for d in dets if d in signals.definite)
                    return f"'{det} {word}' refers back to it", word
        if trigger is not None:
            clause = _clause(trigger)
            heads = {trigger.i, clause.i} | {a.i for a in trigger.ancestors if a.pos_ == "VERB"}
            for token in sentence:
                if token.head.i not in heads:
                    continue
                if token.lower_ == "also" and token.dep_ == "advmod":
                    return "'also' adds it to that event", None
                if token.dep_ in ("nsubj", "nsubjpass") and self._collective(token):
                    return f"its subject '{self._np(token)}' refers to that event's parties", None
        return None, None

    def _collective(self, token: Token) -> bool:
        """ "the parties", "both sides", "the delegation", "the two leaders"."""
        word = token.text.lower()
        dets = {c.text.lower() for c in token.children if c.dep_ in ("det", "predet", "nummod")}
        if word in self.signals.collective and (dets & self.signals.definite or "two" in dets):
            return True
        return word == "both" and token.pos_ == "PRON"

    @staticmethod
    def _np(token: Token) -> str:
        left = min(c.i for c in token.subtree if c.i <= token.i)
        return str(token.doc[left : token.i + 1].text)

    # --- locations -------------------------------------------------------------------------

    def _location(self, sentence: Span, ents: list[Span], trigger: Token) -> Place | None:
        """A city attached to the trigger's clause by to/in/at/into or "the city of X"
        (`ents`: the entities within `sentence`)."""
        clause = _clause(trigger)
        targets = {trigger.i, clause.i}
        best: tuple[int, Place] | None = None
        for ent in ents:
            if ent.label_ not in PLACE_LABELS | MISLABELLED_PLACE_LABELS:
                continue
            if not self._place_attached(ent, trigger, clause, targets):
                continue
            name = self._city_of.sub("", ent.text)
            if self.places.is_country(name):
                continue
            place = self.places.lookup(name)
            if place is None and CYRILLIC.search(name):
                # an inflected Russian name ("в Москве"): its lemmas ("Москва")
                place = self.places.lookup(" ".join(t.lemma_ for t in ent))
            if place is None:
                continue
            distance = abs(ent.root.i - trigger.i)
            if best is None or distance < best[0]:
                located = place.model_copy(
                    update={"span": (ent.start_char, ent.end_char), "origin": "text"}
                )
                best = (distance, located)
        return best[1] if best else None

    def _place_attached(self, ent: Span, trigger: Token, clause: Token, targets: set[int]) -> bool:
        signals = self.signals
        if ent.doc.lang_ in UD_LANGUAGES and ent.root.dep_ in UD_PLACE_DEPS:
            # a Universal Dependencies parse (the Russian front end): the preposition is a
            # "case" child of the place ("визита в Брюссель"), and a city noun's name hangs from
            # it without one ("с руководством города Алматы")
            head = ent.root.head
            case = next((c for c in ent.root.children if c.dep_ == "case"), None)
            if case is not None and case.lower_ in signals.location_preps:
                return head.i in targets or (head.i != head.head.i and head.head.i in targets
                                             and head.pos_ != "VERB")
            if case is None and head.lemma_.lower() in signals.city_nouns:
                return _clause(head).i == clause.i or _is_ancestor(trigger, head)
            return False
        prep = ent.root.head
        if ent.root.dep_ != "pobj" or prep.i == ent.root.i:
            return False
        if prep.lower_ == "of" and prep.head.lemma_.lower() in signals.city_nouns:
            city_noun = prep.head
            return _clause(city_noun).i == clause.i or _is_ancestor(trigger, city_noun)
        if prep.lower_ not in signals.location_preps:
            return False
        holder = prep.head
        return holder.i in targets or (holder.head.i in targets and holder.pos_ != "VERB")
