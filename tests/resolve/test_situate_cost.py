"""The situator's cost on long articles is linear: it reads the document's entities once (not
per event, as `Span.ents` does), and finds quotes and earlier dated events by bisection.

Work is counted (entity spans built, anchor lookups checked against a plain scan), never timed.
"""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st
from spacy.tokens import Doc
from spacy.vocab import Vocab

from communique.models import Article, EventCandidate, ResolvedDate, TextSpan
from communique.resolve import EventSituator
from communique.resolve.situate import _Anchor, _Anchors, _Entities, _Quotes


class CountingDoc(Doc):  # type: ignore[misc]
    """A Doc that counts the entity spans its `ents` builds (Span.ents reads it too)."""

    built = 0

    @property
    def ents(self) -> tuple[Any, ...]:
        ents: tuple[Any, ...] = Doc.ents.__get__(self)
        type(self).built += len(ents)
        return ents

    @ents.setter
    def ents(self, value: Any) -> None:
        Doc.ents.__set__(self, value)


# (word, pos, dep, head offset in the sentence, lemma, entity tag)
DATED = [
    ("Kazakhstan", "PROPN", "nsubj", 1, "Kazakhstan", "B-GPE"),
    ("met", "VERB", "ROOT", 1, "meet", "O"),
    ("Belgium", "PROPN", "dobj", 1, "Belgium", "B-GPE"),
    ("in", "ADP", "prep", 1, "in", "O"),
    ("Astana", "PROPN", "pobj", 3, "Astana", "B-GPE"),
    ("on", "ADP", "prep", 1, "on", "O"),
    ("5", "NUM", "nummod", 7, "5", "B-DATE"),
    ("November", "PROPN", "pobj", 5, "November", "I-DATE"),
    ("2021", "NUM", "nummod", 7, "2021", "I-DATE"),
    (".", "PUNCT", "punct", 1, ".", "O"),
]
CONTINUED = [
    ("The", "DET", "det", 1, "the", "O"),
    ("talks", "NOUN", "nsubj", 3, "talk", "O"),
    ("also", "ADV", "advmod", 3, "also", "O"),
    ("covered", "VERB", "ROOT", 3, "cover", "O"),
    ("trade", "NOUN", "dobj", 3, "trade", "O"),
    (".", "PUNCT", "punct", 3, ".", "O"),
]


def long_article(sentences: int) -> tuple[Doc, Article, list[EventCandidate]]:
    """A parsed article of `sentences` sentences (a dated meeting, then its continuation,
    repeated), one candidate per sentence; ~45 characters a sentence."""
    words: list[str] = []
    cols: dict[str, list[Any]] = {k: [] for k in ("pos", "deps", "heads", "lemmas", "ents")}
    starts: list[bool] = []
    triggers: list[tuple[int, str]] = []  # (token index, text)
    for n in range(sentences):
        template = DATED if n % 2 == 0 else CONTINUED
        base = len(words)
        for k, (word, pos, dep, head, lemma, ent) in enumerate(template):
            words.append(word)
            cols["pos"].append(pos)
            cols["deps"].append(dep)
            cols["heads"].append(base + head)
            cols["lemmas"].append(lemma)
            cols["ents"].append(ent)
            starts.append(k == 0)
        at = 1 if template is DATED else 3
        triggers.append((base + at, template[at][0]))
    spaces = [i + 1 < len(words) and words[i + 1] != "." for i in range(len(words))]
    vocab = spacy.blank("en").vocab  # lower_, like_num ... as in a real pipeline
    doc = CountingDoc(vocab, words=words, spaces=spaces, sent_starts=starts, **cols)
    candidates = []
    for sentence, (i, text) in enumerate(triggers):
        token = doc[i]
        span = (token.idx, token.idx + len(text))
        candidates.append(EventCandidate(
            sentence=sentence, cameo="036", trigger=TextSpan(text=text, span=span),
            evidence=TextSpan(text=text, span=span), confidence=0.5,
        ))
    article = Article(id="long", text=doc.text, published="2021-11-06")
    return doc, article, candidates


def test_a_long_article_reads_its_entities_once() -> None:
    doc, article, candidates = long_article(2000)  # ~90k characters, 4000 entities
    entities = len(Doc.ents.__get__(doc))
    CountingDoc.built = 0
    situations = EventSituator().situate(doc, article, candidates)
    # per event (Span.ents) this was 2 x 2000 x 4000 = 16M spans; now the document's once
    assert CountingDoc.built <= entities
    dated = [s.date.start for s in situations]
    assert dated[0] == "2021-11-05"
    assert dated[1] == "2021-11-05"  # the continuation inherits its meeting's date
    assert all(s.location is not None for s in situations[::2])  # in Astana


@given(st.lists(st.sampled_from(["B-GPE", "I-GPE", "B-DATE", "O"]), min_size=1, max_size=40),
       st.data())
def test_entities_within_a_span_are_spacys(tags: list[str], data: st.DataObject) -> None:
    tags = ["B" + t[1:] if t.startswith("I") and (i == 0 or tags[i - 1] == "O") else t
            for i, t in enumerate(tags)]
    doc = Doc(Vocab(), words=[f"w{i}" for i in range(len(tags))], ents=tags)
    start = data.draw(st.integers(0, len(doc) - 1))
    end = data.draw(st.integers(start + 1, len(doc)))
    span = doc[start:end]
    assert [(e.start, e.end, e.label_) for e in _Entities(doc).within(span)] == [
        (e.start, e.end, e.label_) for e in span.ents
    ]


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=12),
       st.integers(0, 90))
def test_quoted_offsets_match_a_scan(regions: list[tuple[int, int]], offset: int) -> None:
    spans = [(a, a + n) for a, n in regions]
    assert (offset in _Quotes(spans)) == any(a <= offset < b for a, b in spans)


NOUNS = ["talks", "visit", "summit"]


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.sets(st.sampled_from(NOUNS)),
                          st.booleans()), max_size=15),
       st.integers(0, 40), st.integers(0, 2), st.sampled_from(NOUNS))
def test_anchor_lookups_match_a_scan(
    steps: list[tuple[int, int, set[str], bool]], sentence: int, paragraph: int, noun: str
) -> None:
    anchors, plain, at = _Anchors(), [], 0
    for gap, par, nouns, published in steps:
        at += gap
        anchor = _Anchor(sentence=at, origin=at, paragraph=par, date=ResolvedDate(reason="x"),
                         nouns=frozenset(nouns), continued=False, published=published)
        anchors.add(anchor)
        plain.append(anchor)
    count = anchors.upto(sentence)
    earlier = [a for a in plain if a.sentence <= sentence]
    assert anchors.items[:count] == earlier
    last = {
        "text": [a for a in earlier if not a.published],
        "noun": [a for a in earlier if noun in a.nouns],
        "par": [a for a in earlier if a.paragraph == paragraph],
    }
    assert anchors.latest_from_text(count) == (last["text"][-1] if last["text"] else None)
    assert anchors.latest_naming(noun, count) == (last["noun"][-1] if last["noun"] else None)
    assert anchors.latest_in_paragraph(paragraph, count) == (
        last["par"][-1] if last["par"] else None
    )


def test_anchors_must_come_in_text_order() -> None:
    anchors = _Anchors()
    date = ResolvedDate(reason="x")
    anchors.add(_Anchor(sentence=5, origin=5, paragraph=0, date=date, nouns=frozenset(),
                        continued=False, published=False))
    with pytest.raises(ValueError, match="text order"):
        anchors.add(_Anchor(sentence=4, origin=4, paragraph=0, date=date, nouns=frozenset(),
                            continued=False, published=False))
