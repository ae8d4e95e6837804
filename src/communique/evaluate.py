"""`communique evaluate`: score the coder against a gold set of single-sentence events.

Gold files are JSONL shaped like ../shared/eval/plover_gsr_dev.jsonl: each line has `id`, `text`,
`published` and `gold` {plover_type, mode, source[{text, code, sector}], target[...], event_text}.
Scores are sentence-level, because the gold gives one event per sentence and no spans:

- per PLOVER type: a gold sentence of type T is recalled when any predicted event has type T;
  a predicted type T counts once per sentence for precision. Macro F1 averages over every type
  that is gold or predicted (scikit-learn's convention); micro F1 pools the counts.
- type recall: the fraction of gold sentences whose type is among the predicted types.
- the matched event of a sentence is the best predicted event of the gold type (source matches
  first, then target, then confidence); at most one per sentence.
- type+source+target: the fraction of all sentences whose matched event has the gold source and,
  when the gold names a target, the gold target (a sentence whose gold has no target needs the
  source only, as in type+source).
- an actor matches a gold code when the first three letters of its `code` or `country` equal the
  gold code's ("USA", "IGO").
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from communique.errors import EvaluationError
from communique.ids import content_hash
from communique.models import Actor, Article, CodingResult, Event, IngestFailure, Record

#: The confusion table's column for a sentence where nothing was predicted.
NONE = "none"
#: Letters of an actor code compared with a gold code: the ISO3 country or CAMEO "IGO" part.
CODE_PREFIX = 3


class _Gold(BaseModel):
    """Gold records carry extra keys (context, location, license...) that scoring ignores."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class GoldActor(_Gold):
    text: str = ""
    code: str
    sector: str = ""


class GoldEvent(_Gold):
    plover_type: str = Field(min_length=1)
    mode: str | None = None
    source: list[GoldActor] = Field(default_factory=list)
    target: list[GoldActor] = Field(default_factory=list)
    event_text: str | None = None


class GoldRecord(_Gold):
    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    published: str | None = None
    gold: GoldEvent


class TypeScore(Record):
    """Sentence-level precision/recall/F1 of one PLOVER type."""

    type: str
    gold: int
    predicted: int
    true_positives: int
    precision: float
    recall: float
    f1: float


class EvaluationReport(Record):
    sentences: int
    type_recall: float
    type_and_source_accuracy: float
    type_source_target_accuracy: float = Field(
        description="sentences whose matched event has the gold source and (if any) gold target"
    )
    source_accuracy: float
    target_accuracy: float
    extra_events_per_sentence: float
    macro_f1: float
    micro_f1: float
    per_type: list[TypeScore]
    confusion: dict[str, dict[str, int]] = Field(
        description="gold type -> predicted type (the most confident event's, or 'none') -> count"
    )
    type_matched: int = Field(description="sentences with a predicted event of the gold type")
    with_gold_target: int = Field(description="type-matched sentences whose gold names a target")
    dropped: int = Field(description="sentences where a pipeline stage recorded a drop")


class Coder(Protocol):
    """What evaluation needs of a pipeline: batched coding in input order."""

    def code(self, items: Iterable[Article | IngestFailure]) -> Iterator[CodingResult]: ...


def load_gold(path: str | Path) -> list[GoldRecord]:
    """Read a gold JSONL file; any malformed line raises EvaluationError naming file and line."""
    records: list[GoldRecord] = []
    try:
        with Path(path).open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    records.append(_gold_line(line, path, number))
    except OSError as exc:
        raise EvaluationError(
            f"cannot open gold set {path}: {exc.strerror}", hint="check the path"
        ) from exc
    except UnicodeDecodeError as exc:
        raise EvaluationError(
            f"{path} is not UTF-8 ({exc.reason})", hint="re-save the gold set as UTF-8"
        ) from exc
    if not records:
        raise EvaluationError(f"gold set {path} has no records", hint="give a non-empty JSONL file")
    return records


def _gold_line(line: str, path: str | Path, number: int) -> GoldRecord:
    try:
        return GoldRecord.model_validate_json(line)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'line'}: {err['msg']}"
            for err in exc.errors()[:3]
        )
        raise EvaluationError(
            f"{path}:{number}: malformed gold record ({problems})",
            hint="each line needs id, text and gold{plover_type, source[{code}], target[...]}",
        ) from exc


def evaluate(
    records: Sequence[GoldRecord], pipeline: Coder, *, limit: int | None = None
) -> EvaluationReport:
    """Code every gold sentence (batched, one Article each) and score the results."""
    chosen = list(records[:limit] if limit is not None else records)
    articles = [
        Article(
            id=r.id,
            text=r.text,
            published=r.published,
            content_hash=content_hash(r.text),
            origin=f"gold:{r.id}",
        )
        for r in chosen
    ]
    results = list(pipeline.code(articles))
    if [r.article.id for r in results] != [a.id for a in articles]:
        raise EvaluationError(
            "the pipeline returned results out of order or incomplete",
            hint="Pipeline.code must yield one result per article in input order",
        )
    return score(chosen, results)


def actor_matches(actor: Actor | None, gold: Sequence[GoldActor]) -> bool:
    """True when the actor's code or country shares its first three letters with a gold code."""
    if actor is None:
        return False
    mine = {
        value[:CODE_PREFIX].upper()
        for value in (actor.code, actor.country)
        if value and len(value) >= CODE_PREFIX
    }
    return any(g.code[:CODE_PREFIX].upper() in mine for g in gold)


def _best_match(events: Sequence[Event], gold: GoldEvent) -> Event | None:
    """The event of the gold type that agrees most with the gold actors (then most confident)."""
    typed = [e for e in events if e.plover == gold.plover_type]
    if not typed:
        return None
    return max(
        typed,
        key=lambda e: (
            actor_matches(e.source, gold.source),
            actor_matches(e.target, gold.target),
            e.confidence,
        ),
    )


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(records: Sequence[GoldRecord], results: Sequence[CodingResult]) -> EvaluationReport:
    """The report for gold records and their coding results (same order, same length)."""
    if len(records) != len(results):
        raise EvaluationError(
            f"{len(records)} gold records but {len(results)} results",
            hint="score needs exactly one result per gold record",
        )
    gold_count: Counter[str] = Counter()
    predicted_count: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    matched = source_ok = target_ok = both_ok = with_target = extra = dropped = 0
    for record, result in zip(records, results, strict=True):
        gold = record.gold
        events = result.events
        types = {e.plover for e in events}
        gold_count[gold.plover_type] += 1
        predicted_count.update(types)
        hits[gold.plover_type] += gold.plover_type in types
        top = max(events, key=lambda e: e.confidence).plover if events else NONE
        confusion[gold.plover_type][top] += 1
        dropped += bool(result.dropped)
        best = _best_match(events, gold)
        extra += len(events) - (best is not None)
        if best is None:
            continue
        matched += 1
        source_match = actor_matches(best.source, gold.source)
        source_ok += source_match
        target_match = True
        if gold.target:
            with_target += 1
            target_match = actor_matches(best.target, gold.target)
            target_ok += target_match
        both_ok += source_match and target_match
    per_type = []
    for kind in sorted(gold_count.keys() | predicted_count.keys()):
        precision = _ratio(hits[kind], predicted_count[kind])
        recall = _ratio(hits[kind], gold_count[kind])
        per_type.append(
            TypeScore(
                type=kind,
                gold=gold_count[kind],
                predicted=predicted_count[kind],
                true_positives=hits[kind],
                precision=precision,
                recall=recall,
                f1=_f1(precision, recall),
            )
        )
    sentences = len(records)
    total_hits = sum(hits.values())
    micro_precision = _ratio(total_hits, sum(predicted_count.values()))
    micro_recall = _ratio(total_hits, sentences)
    return EvaluationReport(
        sentences=sentences,
        type_recall=micro_recall,
        type_and_source_accuracy=_ratio(source_ok, sentences),
        type_source_target_accuracy=_ratio(both_ok, sentences),
        source_accuracy=_ratio(source_ok, matched),
        target_accuracy=_ratio(target_ok, with_target),
        extra_events_per_sentence=_ratio(extra, sentences),
        macro_f1=sum(t.f1 for t in per_type) / len(per_type) if per_type else 0.0,
        micro_f1=_f1(micro_precision, micro_recall),
        per_type=per_type,
        confusion={g: dict(sorted(row.items())) for g, row in sorted(confusion.items())},
        type_matched=matched,
        with_gold_target=with_target,
        dropped=dropped,
    )


def report_json(report: EvaluationReport) -> str:
    return json.dumps(report.model_dump(mode="json"), indent=2)
