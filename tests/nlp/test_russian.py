"""The Russian front end (nlp/russian.py) and language routing: sentences written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.ingest import read_sources
from communique.ingest.language import detect_language
from communique.models import Article
from communique.nlp.russian import _tree, load_russian, segment
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def ru():  # type: ignore[no-untyped-def]
    return load_russian(with_components=False)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Министр обороны Латвии посетил Ригу и провел переговоры с коллегами.", "ru"),
        ("The foreign ministers of Latvia and Mongolia met in Riga on Tuesday.", "en"),
        ("Президент Франции Emmanuel Macron прибыл в Берлин с визитом.", "ru"),
        ("Moscow (Москва) and Kyiv traded accusations on Monday over the dam.", "en"),
        ("Міністр закордонних справ України зустрівся з послом Польщі у Києві.", "uk"),
        ("Қазақстан Республикасының Сыртқы істер министрлігі мәлімдеме жасады.", "kk"),
        ("12 345 — 2024", "en"),
        ("", "en"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


@given(st.text(alphabet=st.sampled_from(list("абв где\n\n  .,!Ж-«»12\t")), max_size=80))
@settings(max_examples=200, deadline=None)
def test_segment_keeps_every_character(text: str) -> None:
    pieces = segment(text)
    assert "".join(p.text + (" " if p.space else "") for p in pieces) == text
    assert all(p.text.strip() == "" for p in pieces if p.is_space)


@pytest.mark.parametrize(
    ("heads", "expected"),
    [
        ([2, 0, 2], [(1, False, False), (1, False, False), (1, False, False)]),
        # a second root hangs from the first
        ([0, 1, 0], [(0, False, False), (0, False, False), (0, True, False)]),
        # a cycle between tokens 2 and 3 is broken at the first: it hangs from the root
        ([0, 3, 2], [(0, False, False), (0, False, True), (1, False, False)]),
    ],
)
def test_tree(heads: list[int], expected: list[tuple[int, bool, bool]]) -> None:
    assert _tree(heads) == expected


def test_doc_offsets_lemmas_and_sentences(ru) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Министры обсудят торговлю\n\n"
        "РИГА, 3 мая – Министр иностранных дел Латвии Инара Кална встретилась в Риге с "
        "послом Монголии. Стороны обсудили  сотрудничество в сфере образования."
    )
    doc = ru(text)
    assert doc.text == text
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences[0] == "Министры обсудят торговлю"
    assert sentences[-1] == "Стороны обсудили  сотрудничество в сфере образования."
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["встретилась"] == "встретиться"
    assert lemmas["послом"] == "посол"
    assert lemmas["обсудили"] == "обсудить"
    assert lemmas["Латвии"] == "Латвия"
    word = next(t for t in doc if t.text == "обсудили")
    assert word.pos_ == "VERB" and word.morph.get("Tense") == ["Past"]
    subject = next(t for t in doc if t.text == "Стороны")
    assert subject.dep_ == "nsubj" and subject.head.text == "обсудили"
    assert any(e.label_ == "PER" and e.text == "Инара Кална" for e in doc.ents)
    for ent in doc.ents:
        assert text[ent.start_char : ent.end_char] == ent.text


def test_mixed_batch_routes_by_language(pipeline) -> None:  # type: ignore[no-untyped-def]
    english = Article(id="en1", text="Latvia and Mongolia held talks in Riga on Tuesday.")
    russian = Article(
        id="ru1", text="Латвия и Монголия провели переговоры в Риге во вторник.", language="ru"
    )
    results = list(pipeline.code([english, russian, english.model_copy(update={"id": "en2"})]))
    assert [r.article.id for r in results] == ["en1", "ru1", "en2"]
    assert all(not r.dropped for r in results)
    assert pipeline.front_end("ru") is not pipeline.front_end("en")


def _reading(doc):  # type: ignore[no-untyped-def]
    tokens = [(t.text, t.pos_, t.dep_, t.head.i, t.lemma_, str(t.morph)) for t in doc]
    return tokens, [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def test_batched_pipe_reads_each_doc_as_alone(ru) -> None:  # type: ignore[no-untyped-def]
    """Docs of different lengths batched together (sentences sorted by length inside the
    batch, one model pass) get exactly the reading each gets on its own."""
    texts = [
        "Посол Чили встретился с министром Перу.",
        "",
        "ВИЛЬНЮС, 2 мая – Президент Литвы принял делегацию Японии.\n\n"
        "Стороны обсудили торговлю, инвестиции и сотрудничество в сфере энергетики. "
        "Министр пригласил коллегу посетить Токио.",
        "Делегация Египта прибыла в Иорданию.\n\n\n",
    ]
    alone = [_reading(ru(text)) for text in texts]
    for size in (1, 2, 4):
        assert [_reading(doc) for doc in ru.pipe(texts, batch_size=size)] == alone


def _corpus(path: Path) -> list[Article]:
    items = list(read_sources([str(path)]))
    assert all(isinstance(item, Article) for item in items)
    return [item for item in items if isinstance(item, Article)]


def test_russian_bench_corpus_is_agency_russian() -> None:
    """`communique bench`'s Russian corpus (tests/data, docs/PIPELINE.md): agency releases
    with datelines plus the test sentences, comparable in size to the English sample."""
    releases = _corpus(ROOT / "tests" / "data" / "russian_agency.jsonl")
    sentences = _corpus(ROOT / "tests" / "data" / "russian_sentences.jsonl")
    assert len(releases) >= 12
    assert all(detect_language(a.text) == "ru" == a.language for a in releases + sentences)
    assert all(a.dateline is not None and a.published is not None for a in releases)
    words = sum(len(a.text.split()) for a in releases + sentences)
    english = _corpus(ROOT / "examples" / "voa_stories_sample.jsonl")
    assert words >= 0.9 * sum(len(a.text.split()) for a in english)
