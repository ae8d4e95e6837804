"""The golden gate: accuracy floors on the PLOVER gold dev set, enforced in CI.

The floors are the acceptance bar of the foundation issue. The dev set is for measuring, not for
memorising: gold sets we do not see measure the same code, so a rule that only fits a dev sentence
does not belong in the lexicon.
"""

from __future__ import annotations

import pytest

from communique.evaluate import EvaluationReport, evaluate, load_gold
from tests.conftest import SHARED

DEV_SET = SHARED / "eval" / "plover_gsr_dev.jsonl"
# Floors sit a little under what main measured at the end of 2026-12-02 (`communique evaluate` on
# the dev set: type recall 0.754, type+source 0.648, extra events 0.302 per sentence), so a change
# that loses ground fails here; earlier bars were 0.67 / 0.58 / 0.35, the first landing's
# 0.60 / 0.50 / 0.6.
#: Share of gold sentences whose PLOVER type the coder finds.
TYPE_RECALL_FLOOR = 0.73
#: Share whose type is found with the right source actor.
TYPE_AND_SOURCE_FLOOR = 0.62
#: Events beyond the one gold event, per sentence.
EXTRA_EVENTS_CEILING = 0.35


@pytest.fixture(scope="module")
def report(pipeline) -> EvaluationReport:  # type: ignore[no-untyped-def]
    return evaluate(load_gold(DEV_SET), pipeline)


def test_type_recall_floor(report: EvaluationReport) -> None:
    assert report.type_recall >= TYPE_RECALL_FLOOR


def test_type_and_source_floor(report: EvaluationReport) -> None:
    assert report.type_and_source_accuracy >= TYPE_AND_SOURCE_FLOOR


def test_extra_events_ceiling(report: EvaluationReport) -> None:
    assert report.extra_events_per_sentence <= EXTRA_EVENTS_CEILING


def test_every_sentence_was_scored(report: EvaluationReport) -> None:
    assert report.sentences == len(load_gold(DEV_SET))
