"""The pipeline's promises: input order, and one failing article never stops a batch."""

from __future__ import annotations

import pytest
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


# violence with no named doer at a place the sentence names: the unidentified attackers of the
# place's country are its source (invented sentences); (sentence, source code, quoted place)
PLACED_ATTACKERS = [
    ("A roadside bomb near Kandahar killed three Afghan soldiers.", "AFGUAF", "Kandahar"),
    ("Two Kenyan policemen were shot dead in Mombasa on Tuesday.", "KENUAF", "Mombasa"),
    ("An explosion outside the Iraqi city of Mosul wounded four soldiers.", "IRQUAF", "Mosul"),
]


@pytest.mark.parametrize(
    ("sentence", "code", "place"), PLACED_ATTACKERS, ids=[c[0][:40] for c in PLACED_ATTACKERS]
)
def test_violence_without_a_doer_is_the_placed_attackers(
    pipeline: Pipeline, sentence: str, code: str, place: str
) -> None:
    events = pipeline.code_article(article(sentence)).events
    violent = [e for e in events if e.plover == "ASSAULT"]
    assert violent, events
    for event in violent:
        assert event.source is not None, event
        assert (event.source.code, event.source.text, event.source.kind) == (code, place, "group")
        assert sentence[event.source.span[0] : event.source.span[1]] == place


@pytest.mark.parametrize(
    "sentence",
    [
        # no place: the doer stays unknown rather than take the victims' country
        "Four Nigerian soldiers were killed in an ambush near the border.",
        # a named doer keeps its own code
        "Taliban fighters killed three Afghan soldiers near Kandahar.",
    ],
)
def test_no_placed_attackers_without_a_place_or_with_a_doer(
    pipeline: Pipeline, sentence: str
) -> None:
    events = pipeline.code_article(article(sentence)).events
    assert events
    assert all(e.source is None or e.source.sector != "UAF" for e in events), events
