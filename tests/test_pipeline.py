"""The pipeline's promises: input order, and one failing article never stops a batch."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from communique.ids import content_hash
from communique.models import Article, IngestFailure
from communique.nlp.extensions import register_extensions
from communique.pipeline import Pipeline

FAIL_MARK = "EXPLODE"


@Language.component("test_fails_on_mark")
def fails_on_mark(doc: Doc) -> Doc:
    if FAIL_MARK in doc.text:
        raise RuntimeError("component blew up")
    return doc


def article(text: str) -> Article:
    return Article(id=content_hash(text), text=text, content_hash=content_hash(text))


def test_a_component_failure_is_a_drop_and_the_batch_goes_on(pipeline: Pipeline) -> None:
    register_extensions()
    broken = spacy.blank("en")
    broken.add_pipe("sentencizer")
    broken.add_pipe("test_fails_on_mark")
    original = pipeline.nlp
    pipeline.nlp = broken
    try:
        items = [article("One fine day."), article(f"An {FAIL_MARK} here."), article("Another.")]
        results = list(pipeline.code(items, batch_size=8))
    finally:
        pipeline.nlp = original
    assert [r.article.id for r in results] == [i.id for i in items]
    assert results[0].dropped == [] and results[2].dropped == []
    (drop,) = results[1].dropped
    assert drop.stage == "nlp" and "component blew up" in drop.detail


def test_ingest_failures_keep_their_place(pipeline: Pipeline) -> None:
    failure = IngestFailure(origin="bad.jsonl", line=2, reason="invalid JSON")
    items = [article("Russia and China held talks."), failure, article("Japan praised India.")]
    results = list(pipeline.code(items, batch_size=2))
    ids = [items[0].id, "bad.jsonl:2", items[2].id]  # type: ignore[union-attr]
    assert [r.article.id for r in results] == ids
    assert results[1].failed and not results[0].failed
