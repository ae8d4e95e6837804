"""A failure inside a batch costs one article; long articles are coded in sections (issue 12)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.ingest.readers import build_article
from communique.models import Article
from communique.pipeline import Pipeline, split_sections
from communique.settings import Settings
from tests.conftest import SEED


def _article(text: str, n: int) -> Article:
    item = build_article(text, origin=f"t{n}", article_id=f"t{n}")
    assert isinstance(item, Article)
    return item


def test_an_article_that_breaks_spacy_costs_only_itself(pipeline: Pipeline) -> None:
    short = "Kazakhstan and Belgium held consultations."
    long = "Kazakhstan and Belgium held consultations in Astana on Monday about trade."
    items = [_article(short, 1), _article(long, 2), _article(short + " Again.", 3)]
    saved = pipeline.nlp.max_length
    pipeline.nlp.max_length = 60  # the middle article now raises spaCy's E088 in the tokenizer
    try:
        results = list(pipeline.code(items))
    finally:
        pipeline.nlp.max_length = saved
    assert [r.article.id for r in results] == ["t1", "t2", "t3"]
    assert not results[0].dropped and not results[2].dropped
    (drop,) = results[1].dropped
    assert drop.stage == "nlp" and "E088" in drop.detail


def test_an_article_over_the_ceiling_is_dropped_with_its_reason(pipeline: Pipeline) -> None:
    limited = Pipeline(Settings(max_article_chars=100))
    items = [_article("Kazakhstan met Belgium. " * 10, 1), _article("Belgium met Kazakhstan.", 2)]
    first, second = limited.code(items)
    (drop,) = first.dropped
    assert drop.reason == "article longer than 100 characters"
    assert f"{len(items[0].text):,} characters" in drop.detail
    assert not second.dropped


def test_sections_give_the_same_reading_as_the_whole(pipeline: Pipeline) -> None:
    article = _article(SEED.read_text(), 1)
    whole = pipeline.code_article(article)
    sectioned = Pipeline(Settings(section_chars=400)).code_article(article)
    assert len(split_sections(article.text, 400)) > 3
    assert not sectioned.dropped
    assert [(e.cameo, e.trigger.span) for e in sectioned.events] == [
        (e.cameo, e.trigger.span) for e in whole.events
    ]
    for event in sectioned.events:
        start, end = event.trigger.span
        assert article.text[start:end] == event.trigger.text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab .\n", max_size=300), st.integers(min_value=4, max_value=60))
def test_sections_join_to_the_text_and_respect_the_limit(text: str, limit: int) -> None:
    sections = split_sections(text, limit)
    assert "".join(sections) == text
    assert all(len(s) <= limit for s in sections)
    assert all(sections[:-1])


@pytest.mark.parametrize(
    ("text", "limit", "first"),
    [
        ("para one.\n\npara two.\n\npara three.", 24, "para one.\n\npara two.\n\n"),
        ("One sentence. Two sentence. Three.", 20, "One sentence. "),
        ("x" * 10, 4, "xxxx"),
    ],
)
def test_sections_end_at_paragraphs_then_sentences(text: str, limit: int, first: str) -> None:
    assert split_sections(text, limit)[0] == first
