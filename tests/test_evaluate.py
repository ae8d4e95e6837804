"""Scoring of `communique evaluate` on hand-built CodingResults, the gold loader, one smoke run."""

from __future__ import annotations

import json
from itertools import count
from pathlib import Path
from typing import Any

import pytest

from communique.errors import EvaluationError
from communique.evaluate import (
    EvaluationReport,
    GoldActor,
    GoldEvent,
    GoldRecord,
    actor_matches,
    evaluate,
    load_gold,
    score,
)
from communique.models import Actor, Article, CodingResult, Dropped, Event, TextSpan

GOLD_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "plover_gsr_dev.jsonl"
_ids = count()


def actor(code: str | None = None, country: str | None = None) -> Actor:
    return Actor(text="x", span=(0, 1), name="x", code=code, country=country)


def event(plover: str, source: str | None = None, target: str | None = None,
          confidence: float = 0.5) -> Event:
    return Event(
        id=f"e{next(_ids)}", article_id="a", sentence=0, cameo="010", cameo_root="01",
        quad_class=1, goldstein=0.0, plover=plover,
        source=actor(source) if source else None, target=actor(target) if target else None,
        trigger=TextSpan(text="t", span=(0, 1)), evidence=TextSpan(text="s", span=(0, 1)),
        confidence=confidence,
    )


def gold(kind: str, sources: list[str], targets: list[str] | None = None) -> GoldRecord:
    return GoldRecord(
        id=f"g{next(_ids)}", text="A sentence.",
        gold=GoldEvent(
            plover_type=kind,
            source=[GoldActor(code=c) for c in sources],
            target=[GoldActor(code=c) for c in targets or []],
        ),
    )


def result(*events: Event, dropped: bool = False) -> CodingResult:
    drops = [Dropped(stage="events", reason="X")] if dropped else []
    return CodingResult(article=Article(id="a", text="A sentence."), events=list(events),
                        dropped=drops)


# name -> (gold records, results, expected report fields)
CASES: dict[str, tuple[list[GoldRecord], list[CodingResult], dict[str, Any]]] = {
    "perfect": (
        [gold("AGREE", ["USA", "JOR"]), gold("ASSAULT", ["ISR"], ["PSE"])],
        [result(event("AGREE", "USAGOV", "JOR")), result(event("ASSAULT", "ISRMIL", "PSE"))],
        dict(type_recall=1.0, type_and_source_accuracy=1.0, source_accuracy=1.0,
             target_accuracy=1.0, extra_events_per_sentence=0.0, macro_f1=1.0, micro_f1=1.0,
             type_matched=2, with_gold_target=1, type_source_target_accuracy=1.0,
             confusion={"AGREE": {"AGREE": 1}, "ASSAULT": {"ASSAULT": 1}}),
    ),
    "nothing predicted": (
        [gold("AGREE", ["USA"]), gold("REJECT", ["IRN"], ["USA"])],
        [result(), result(dropped=True)],
        dict(type_recall=0.0, type_and_source_accuracy=0.0, source_accuracy=0.0,
             target_accuracy=0.0, extra_events_per_sentence=0.0, macro_f1=0.0, micro_f1=0.0,
             type_matched=0, dropped=1,
             confusion={"AGREE": {"none": 1}, "REJECT": {"none": 1}}),
    ),
    "wrong source, one extra, confusion takes the most confident": (
        [gold("AGREE", ["USA"])],
        [result(event("CONSULT", "USA", confidence=0.9), event("AGREE", "JOR", confidence=0.5))],
        dict(type_recall=1.0, type_and_source_accuracy=0.0, source_accuracy=0.0,
             extra_events_per_sentence=1.0, macro_f1=0.5, micro_f1=pytest.approx(2 / 3),
             type_matched=1, with_gold_target=0, confusion={"AGREE": {"CONSULT": 1}}),
    ),
    "best event of the gold type is the one whose actors match": (
        [gold("REJECT", ["IRN"], ["USA"])],
        [result(event("REJECT", "USA", "IRN", 0.9), event("REJECT", "IRNGOV", "USAGOV", 0.2))],
        dict(type_recall=1.0, type_and_source_accuracy=1.0, source_accuracy=1.0,
             target_accuracy=1.0, extra_events_per_sentence=1.0, macro_f1=1.0, micro_f1=1.0),
    ),
    "a type predicted three times in one sentence counts once for precision": (
        [gold("AID", ["USA"]), gold("THREATEN", ["PRK"], ["KOR"])],
        [result(event("AID", "USA"), event("AID", "USA"), event("AID", "GBR")),
         result(event("AID", "PRK", "KOR"))],
        dict(type_recall=0.5, type_and_source_accuracy=0.5, source_accuracy=1.0,
             extra_events_per_sentence=1.5, micro_f1=0.5,
             macro_f1=pytest.approx((2 * 0.5 * 1.0 / 1.5) / 2),
             confusion={"AID": {"AID": 1}, "THREATEN": {"AID": 1}}),
    ),
    "international organisations match on IGO": (
        [gold("REQUEST", ["IGO"], ["SDN"]), gold("SANCTION", ["USA"], ["RUS"])],
        [result(event("REQUEST", "IGOUNO", "SDNGOV")), result(event("SANCTION", "USA", "CHN"))],
        dict(type_recall=1.0, type_and_source_accuracy=1.0, source_accuracy=1.0,
             target_accuracy=0.5, with_gold_target=2, type_source_target_accuracy=0.5),
    ),
    "type+source+target: no gold target needs the source only; a wrong source fails": (
        [gold("AGREE", ["USA"]), gold("REJECT", ["IRN"], ["USA"]),
         gold("AID", ["JPN"], ["PHL"]), gold("PROTEST", ["FRA"])],
        [result(event("AGREE", "USAGOV", "JOR")), result(event("REJECT", "IRQ", "USA")),
         result(event("AID", "JPN")), result()],
        dict(type_recall=0.75, type_and_source_accuracy=0.5, target_accuracy=0.5,
             type_source_target_accuracy=0.25),
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_scores(name: str) -> None:
    records, results, expected = CASES[name]
    report = score(records, results)
    assert report.sentences == len(records)
    for field, value in expected.items():
        assert getattr(report, field) == value, field


def test_per_type_rows() -> None:
    records, results, _ = CASES["wrong source, one extra, confusion takes the most confident"]
    rows = {t.type: t for t in score(records, results).per_type}
    assert set(rows) == {"AGREE", "CONSULT"}
    agree, consult = rows["AGREE"], rows["CONSULT"]
    assert (agree.gold, agree.predicted, agree.true_positives, agree.f1) == (1, 1, 1, 1.0)
    assert (consult.gold, consult.predicted, consult.precision, consult.recall) == (0, 1, 0.0, 0.0)


def test_report_json_has_the_contract_fields() -> None:
    records, results, _ = CASES["perfect"]
    dumped = json.loads(score(records, results).model_dump_json())
    for field in ("type_recall", "type_and_source_accuracy", "type_source_target_accuracy",
                  "extra_events_per_sentence",
                  "per_type", "macro_f1", "micro_f1", "source_accuracy", "target_accuracy",
                  "confusion", "sentences"):
        assert field in dumped


def test_score_refuses_unequal_lengths() -> None:
    with pytest.raises(EvaluationError, match="1 gold records but 0 results"):
        score([gold("AGREE", ["USA"])], [])


@pytest.mark.parametrize(
    ("code", "country", "gold_codes", "matches"),
    [
        ("KAZGOV", None, ["KAZ"], True),
        (None, "BEL", ["BEL"], True),
        ("GOV", "BEL", ["BEL"], True),  # sector-only code, country decides
        ("IGOEU", "IGO", ["IGO"], True),
        ("usagov", None, ["USA"], True),
        ("USAGOV", None, ["RUS", "CHN"], False),
        (None, None, ["USA"], False),
        ("US", None, ["USA"], False),  # too short to compare
    ],
)
def test_actor_matches(code: str | None, country: str | None, gold_codes: list[str],
                       matches: bool) -> None:
    assert actor_matches(actor(code, country), [GoldActor(code=c) for c in gold_codes]) is matches


def test_actor_matches_none() -> None:
    assert actor_matches(None, [GoldActor(code="USA")]) is False


def test_load_dev_set() -> None:
    records = load_gold(GOLD_DEV)
    assert len(records) == 179
    first = records[0]
    assert first.gold.plover_type == "AGREE"
    assert [a.code for a in first.gold.source] == ["USA", "JOR"]


GOOD = {"id": "x1", "text": "Iran rejected the offer.", "published": "2000-01-01",
        "gold": {"plover_type": "REJECT", "mode": None, "source": [{"text": "Iran", "code": "IRN"}],
                 "target": [], "event_text": "rejected", "context": "x"}}


@pytest.mark.parametrize(
    ("second_line", "message"),
    [
        ("{not json", "bad.jsonl:2: malformed gold record"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "gold"}), "gold: Field required"),
        (json.dumps({**GOOD, "gold": {**GOOD["gold"], "plover_type": ""}}), "gold.plover_type"),
        (json.dumps({**GOOD, "gold": {**GOOD["gold"], "source": "IRN"}}), "gold.source"),
        (json.dumps({**GOOD, "text": ""}), "text"),
        (json.dumps(["a", "list"]), "bad.jsonl:2"),
    ],
)
def test_malformed_gold(tmp_path: Path, second_line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + second_line + "\n")
    with pytest.raises(EvaluationError, match=message.replace(".", r"\.")):
        load_gold(path)


@pytest.mark.parametrize(
    ("content", "message"), [(None, "cannot open gold set"), (b"\n\n", "has no records"),
                             (b"\xff\xfe", "not UTF-8")],
)
def test_unreadable_gold(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "gold.jsonl"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(EvaluationError, match=message):
        load_gold(path)


def test_smoke_three_gold_lines(pipeline: Any) -> None:
    records = load_gold(GOLD_DEV)
    report = evaluate(records, pipeline, limit=3)
    assert isinstance(report, EvaluationReport)
    assert report.sentences == 3
    assert sum(sum(row.values()) for row in report.confusion.values()) == 3
    assert 0.0 <= report.type_recall <= 1.0 and 0.0 <= report.macro_f1 <= 1.0


@pytest.mark.parametrize("spelling", [["--format", "json"], ["--json"]])
def test_cli_json_report(spelling: list[str]) -> None:
    from typer.testing import CliRunner

    from communique.cli import app

    outcome = CliRunner().invoke(app, ["evaluate", str(GOLD_DEV), "--limit", "3", *spelling])
    assert outcome.exit_code == 0, outcome.output
    report = EvaluationReport.model_validate_json(outcome.stdout)
    assert report.sentences == 3


def test_cli_malformed_gold_is_an_evaluation_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from communique.cli import app

    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x"}\n')
    outcome = CliRunner().invoke(app, ["evaluate", str(path)])
    assert isinstance(outcome.exception, EvaluationError)
    assert "bad.jsonl:1" in str(outcome.exception)
