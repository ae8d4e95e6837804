"""The Russian front end: Natasha's models (razdel, slovnet, navec) and pymorphy3 -> a spaCy Doc.

Why Natasha: it is the one package on PyPI that ships Russian models inside its wheel (about
35 MB: razdel rule-based segmentation, slovnet morphology, UD syntax and PER/LOC/ORG NER over
navec embeddings), runs on the CPU with numpy only and needs no download at run time; spaCy's
own Russian models are not installable here and Stanza/DeepPavlov download weights and pull in
torch. Natasha's lemmatiser is a thin layer over pymorphy2, which no longer imports on Python
3.11 (``inspect.getargspec``); the same choice of reading (the pymorphy parse whose part of
speech and features agree best with slovnet's) is made here with pymorphy3.

The result is an ordinary spaCy Doc in a ``spacy.blank("ru")`` vocabulary, so the stages after
the parse read it as they read an English one: ``token.lemma_``, ``pos_``, ``morph``, ``dep_``
(Universal Dependencies labels: nsubj, obj, obl, nmod, case, flat:name, ...), ``head``,
``doc.sents`` and ``doc.ents`` (PER, LOC, ORG), every offset into the article text. Whitespace
between tokens other than one space is kept as spaCy keeps it, as space tokens (``is_space``),
which the Natasha models never see.

Sentences: a blank line ends a sentence (titles, datelines and paragraphs of agency releases
end without a full stop, as in `nlp/paragraphs.py`); inside a paragraph razdel's sentence
splitter decides. Within a sentence the parse is made a tree: slovnet's first root stays the
root, any further root hangs from it as ``parataxis``, and a token whose heads form a cycle is
attached to the root with ``dep``.

Loaded lazily (`load_russian`): an English-only run never imports Natasha; the models take
about four seconds to load, once per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

#: Label of a space token's arc (spaCy's English models use the same).
SPACE_DEP = "dep"
#: Label given to a second root of one sentence, attached to the first.
EXTRA_ROOT_DEP = "parataxis"
#: Paragraph breaks: a line break, optional spaces, another line break.
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*")
#: Lemma cache size: distinct (word, pos, features) readings kept per process; a news corpus
#: of 10,000 articles has about 120,000 distinct word forms.
LEMMA_CACHE = 200_000


#: OpenBLAS threads for slovnet's matrix products. slovnet multiplies small matrices (a batch of
#: sentences by 300-600 features); with OpenBLAS's default of one thread per core, its threads
#: spin waiting for each other: on the 2-core development machine the Russian test sentences
#: took 3.45 CPU s (10.1 s wall, load 14) with 2 threads and 0.34 CPU s (0.6 s wall) with 1.
BLAS_THREADS = 1


@lru_cache(maxsize=1)
def _blas_controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def single_blas_thread() -> AbstractContextManager[Any]:
    """Limit BLAS to BLAS_THREADS while the models run (the process's setting is restored)."""
    return _blas_controller().limit(limits=BLAS_THREADS, user_api="blas")  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Piece:
    """One token of the Doc being built: its text, whether one space follows, and whether it is
    whitespace (never shown to the models)."""

    text: str
    space: bool
    is_space: bool
    sent_start: bool


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph: text between blank lines, surrounding whitespace cut."""
    start = 0
    for match in _PARAGRAPH.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def segment(text: str) -> list[Piece]:
    """Tokens and sentence starts of `text` by razdel, whitespace kept as spaCy keeps it.

    The pieces' texts plus their single spaces join to exactly `text`.
    """
    from razdel import sentenize, tokenize

    tokens: list[tuple[int, int, bool]] = []  # start, end, starts a sentence
    for p_start, p_end in paragraphs(text):
        body = text[p_start:p_end]
        if not body.strip():
            continue
        for sentence in sentenize(body):
            first = True
            for tok in tokenize(sentence.text):
                start = p_start + sentence.start + tok.start
                tokens.append((start, start + len(tok.text), first))
                first = False
    pieces: list[Piece] = []
    cursor = 0
    for start, end, first in tokens:
        _gap(pieces, text[cursor:start])
        pieces.append(Piece(text[start:end], False, False, first))
        cursor = end
    _gap(pieces, text[cursor:])
    return pieces


def _gap(pieces: list[Piece], gap: str) -> None:
    """Whitespace between two tokens: one trailing space on the previous token, the rest (or
    all of it at the start of the text) a space token."""
    if not gap:
        return
    if gap[0] == " " and pieces and not pieces[-1].is_space and not pieces[-1].space:
        last = pieces[-1]
        pieces[-1] = Piece(last.text, True, False, last.sent_start)
        gap = gap[1:]
    if gap:
        pieces.append(Piece(gap, False, True, False))


class RazdelTokenizer:
    """spaCy tokenizer: razdel's tokens and sentence starts (kept in ``doc.user_data``)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        from spacy.tokens import Doc

        pieces = segment(text)
        doc = Doc(
            self.vocab,
            words=[p.text for p in pieces],
            spaces=[p.space for p in pieces],
        )
        for token, piece in zip(doc, pieces, strict=True):
            token.is_sent_start = piece.sent_start or token.i == 0
        return doc

    def to_bytes(self, **_: Any) -> bytes:  # spaCy asks tokenizers to serialise; nothing to keep
        return b""

    def from_bytes(self, _data: bytes, **_kw: Any) -> RazdelTokenizer:
        return self


@dataclass(frozen=True)
class Parsed:
    """One word's analysis from the models, aligned with the Doc's non-space tokens."""

    pos: str
    feats: dict[str, str]
    head: int  # index within the Doc; the token itself for a root
    dep: str
    lemma: str


class Lemmatizer:
    """pymorphy3's reading that agrees best with slovnet's part of speech and features.

    The same choice as Natasha's ``MorphVocab.lemmatize`` (its tables map OpenCorpora tags to
    UD), made with pymorphy3 because pymorphy2 does not import on Python 3.11.
    """

    def __init__(self) -> None:
        import pymorphy3

        self.analyzer = pymorphy3.MorphAnalyzer()
        self.lemma = lru_cache(maxsize=LEMMA_CACHE)(self._lemma)

    def _lemma(self, word: str, pos: str, feats: tuple[tuple[str, str], ...]) -> str:
        from natasha.morph.lemma import best_form, normal_word

        forms = [_Form(parse) for parse in self.analyzer.parse(normal_word(word))]
        form = best_form(forms, pos, dict(feats))
        lemma: str = normal_word(form.normal if form is not None else word)
        return lemma

    def __call__(self, word: str, pos: str, feats: dict[str, str]) -> str:
        if pos in {"PUNCT", "NUM", "SYM", "X"} or not any(ch.isalpha() for ch in word):
            return word
        lemma: str = self.lemma(word, pos, tuple(sorted(feats.items())))
        if pos == "PROPN" or (pos == "NOUN" and word[:1].isupper() and word.isupper()):
            # names keep their capitals: Романа -> Роман, МИД -> МИД
            return lemma.upper() if word.isupper() and len(word) > 1 else _capitalised(lemma)
        return lemma


@lru_cache(maxsize=1)
def russian_lemmatizer() -> Lemmatizer:
    """The process's one lemmatiser (pymorphy3's dictionaries load once, ~0.3 s)."""
    return Lemmatizer()


def _capitalised(lemma: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in lemma.split("-"))


class _Form:
    """A pymorphy3 parse seen through Natasha's UD tables (pos, feats, normal)."""

    def __init__(self, parse: Any) -> None:
        from natasha.morph.vocab import ud_feats, ud_pos

        self.normal: str = parse.normal_form
        self.pos: str = ud_pos(parse.tag)
        self.feats: dict[str, str] = dict(ud_feats(parse.tag))


class NatashaModels:
    """Natasha's embedding, morphology, syntax and NER models, loaded once per process."""

    def __init__(self) -> None:
        from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser

        embedding = NewsEmbedding()
        self.morph = NewsMorphTagger(embedding)
        self.syntax = NewsSyntaxParser(embedding)
        self.ner = NewsNERTagger(embedding)
        self.lemmatizer = russian_lemmatizer()

    def analyse(self, sentences: Sequence[Sequence[str]]) -> list[list[Parsed]]:
        """Morphology, syntax and lemmas for each sentence (lists of words).

        The sentences go to the models longest first, so that each of slovnet's batches pads
        to similar lengths; the results come back in the given order.
        """
        order = sorted(range(len(sentences)), key=lambda k: -len(sentences[k]))
        chunk = [list(sentences[k]) for k in order]
        out: list[list[Parsed]] = [[] for _ in sentences]
        if not chunk:
            return out
        morphs = self.morph.map(chunk)
        syntaxes = self.syntax.map(chunk)
        for k, words, morph, syntax in zip(order, chunk, morphs, syntaxes, strict=True):
            heads = _tree([int(t.head_id) for t in syntax.tokens])
            row: list[Parsed] = []
            for j, (word, m, s) in enumerate(zip(words, morph.tokens, syntax.tokens, strict=True)):
                head, extra_root, cyclic = heads[j]
                dep = s.rel
                if extra_root:
                    dep = EXTRA_ROOT_DEP
                elif cyclic:
                    dep = SPACE_DEP
                elif head == j:
                    dep = "ROOT"
                feats = dict(m.feats or {})
                row.append(Parsed(m.pos, feats, head, dep, self.lemmatizer(word, m.pos, feats)))
            out[k] = row
        return out

    def entities(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        """(start, end, label) of slovnet's PER/LOC/ORG spans in each of `texts` (paragraphs),
        in one pass of the model over all of them."""
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        todo = [k for k, text in enumerate(texts) if text.strip()]
        todo.sort(key=lambda k: -len(texts[k]))
        for k, markup in zip(todo, self.ner.map([texts[k] for k in todo]), strict=True):
            out[k] = [(s.start, s.stop, s.type) for s in markup.spans]
        return out


def _tree(heads: list[int]) -> list[tuple[int, bool, bool]]:
    """slovnet's 1-based heads (0 = root) as 0-based (head, was an extra root, was in a cycle);
    the first root is the root, a root is its own head."""
    n = len(heads)
    roots = [k for k, h in enumerate(heads) if h == 0 or not 0 < h <= n]
    root = roots[0] if roots else 0
    out: list[tuple[int, bool, bool]] = []
    for k, h in enumerate(heads):
        if k == root:
            out.append((k, False, False))
        elif k in roots:
            out.append((root, True, False))
        else:
            out.append((h - 1, False, False))
    # break cycles: follow heads; a token that never reaches the root hangs from it
    fixed = list(out)
    for k in range(n):
        seen = set()
        cur = k
        while cur != root and cur not in seen:
            seen.add(cur)
            cur = fixed[cur][0]
        if cur != root:
            fixed[k] = (root, False, True)
    return fixed


class NatashaComponent:
    """spaCy component ``communique_natasha``: tags, parses, lemmatises and finds entities."""

    def __init__(self) -> None:
        self.models = NatashaModels()

    def __call__(self, doc: Doc) -> Doc:
        return self._annotate([doc])[0]

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        stream = iter(docs)
        while batch := list(islice(stream, max(1, batch_size))):
            yield from self._annotate(batch)

    def _annotate(self, docs: list[Doc]) -> list[Doc]:
        """Tag, parse and find the entities of a batch of Docs in one pass of each model."""
        sentences: list[list[int]] = []
        words: list[list[str]] = []
        owners: list[int] = []  # the doc of each sentence
        for d, doc in enumerate(docs):
            first = len(sentences)
            for t in doc:
                if t.is_space:
                    continue
                if t.is_sent_start or len(sentences) == first:
                    sentences.append([])
                    words.append([])
                    owners.append(d)
                sentences[-1].append(t.i)
                words[-1].append(t.text)
        texts = [doc.text for doc in docs]  # Doc.text joins every token: once per Doc
        bounds = [list(paragraphs(text)) for text in texts]
        pieces = [text[s:e] for text, spans in zip(texts, bounds, strict=True) for s, e in spans]
        with single_blas_thread():
            parsed = self.models.analyse(words)
            found = iter(self.models.entities(pieces))
        per_doc: list[list[tuple[list[int], list[Parsed]]]] = [[] for _ in docs]
        for owner, indices, analyses in zip(owners, sentences, parsed, strict=True):
            per_doc[owner].append((indices, analyses))
        for doc, rows, spans in zip(docs, per_doc, bounds, strict=True):
            _apply(doc, rows)
            _set_entities(doc, [(s, next(found)) for s, _ in spans])
        return docs


def _apply(doc: Doc, rows: list[tuple[list[int], list[Parsed]]]) -> None:
    """Write the analyses of the Doc's sentences (token indices, one Parsed per token)."""
    import numpy
    from spacy.attrs import DEP, HEAD, LEMMA, POS, TAG
    from spacy.tokens import MorphAnalysis

    n = len(doc)
    heads = list(range(n))
    deps = ["ROOT"] * n
    poses = ["SPACE"] * n
    lemmas = [t.text for t in doc]
    morphs = [""] * n
    for indices, analyses in rows:
        for i, a in zip(indices, analyses, strict=True):
            heads[i] = indices[a.head]
            deps[i] = a.dep
            poses[i] = a.pos
            lemmas[i] = a.lemma
            morphs[i] = "|".join(f"{k}={v}" for k, v in sorted(a.feats.items()))
    for t in doc:
        if t.is_space:  # hangs from the word before it (the one after at the very start)
            neighbour = _neighbour(doc, t.i)
            if neighbour is not None:
                heads[t.i] = neighbour
                deps[t.i] = SPACE_DEP
    strings = doc.vocab.strings
    array = numpy.zeros((n, 5), dtype="uint64")
    offsets = numpy.array([h - i for i, h in enumerate(heads)], dtype="int64")
    array[:, 0] = offsets.view("uint64")
    for i in range(n):
        array[i, 1] = strings.add(deps[i])
        array[i, 2] = strings.add(poses[i])
        array[i, 3] = strings.add(poses[i])
        array[i, 4] = strings.add(lemmas[i])
    doc.from_array([HEAD, DEP, POS, TAG, LEMMA], array)  # type: ignore[arg-type]
    for i, m in enumerate(morphs):
        if m:
            doc[i].morph = MorphAnalysis(doc.vocab, m)


def _set_entities(doc: Doc, found: list[tuple[int, list[tuple[int, int, str]]]]) -> None:
    """``doc.ents`` from each paragraph's (paragraph start, spans relative to it)."""
    from spacy.util import filter_spans

    spans = []
    for p_start, entities in found:
        for start, end, label in entities:
            span = doc.char_span(p_start + start, p_start + end, label=label,
                                 alignment_mode="contract")
            if span is not None and len(span):
                spans.append(span)
    doc.ents = filter_spans(spans)


def _neighbour(doc: Doc, i: int) -> int | None:
    for j in (*range(i - 1, -1, -1), *range(i + 1, len(doc))):
        if not doc[j].is_space:
            return int(j)
    return None


def make_natasha_component(nlp: Language, name: str) -> NatashaComponent:
    return NatashaComponent()


def register() -> None:
    """Register the ``communique_natasha`` factory with spaCy (idempotent)."""
    from spacy.language import Language

    if not Language.has_factory("communique_natasha"):
        Language.factory(
            "communique_natasha",
            assigns=["token.pos", "token.tag", "token.lemma", "token.morph", "token.dep",
                     "token.head", "token.is_sent_start", "doc.ents"],
        )(make_natasha_component)


@lru_cache(maxsize=2)
def load_russian(*, with_components: bool = True) -> Language:
    """The Russian pipeline: razdel tokenizer, ``communique_natasha``, then communique's own
    components for Russian. Cached per process; built on first use only."""
    import spacy

    from communique.nlp.extensions import register_extensions
    from communique.nlp.loader import RUSSIAN_COMPONENTS, import_components

    register()
    register_extensions()
    nlp = spacy.blank("ru")
    nlp.tokenizer = RazdelTokenizer(nlp.vocab)
    nlp.add_pipe("communique_natasha")
    if with_components:
        import_components()
        for name in RUSSIAN_COMPONENTS:
            nlp.add_pipe(name, last=True)
    return nlp
