"""The seed article: its four figures, its agreement and its relations milestone.

Expectations come from ../shared/eval/seed_expected.json (what a careful analyst reads); the
comparison mirrors ../shared/tools/check_seed.py. The first tests use hand-built actors (facts
rules only); the last runs the whole pipeline (actors, events, resolve, facts).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from communique.models import Article, Facts, Figure

from .conftest import SEED_TEXT, SHARED

EXPECTED = json.loads((SHARED / "eval" / "seed_expected.json").read_text(encoding="utf-8"))
PUBLISHED = EXPECTED["article"]["published"]


def _matches(figure: Figure, want: dict[str, Any]) -> bool:
    if figure.kind != want["kind"] or figure.unit != want["unit"]:
        return False
    if abs(figure.value - want["value"]) > 0.005 * want["value"]:
        return False
    if "period" in want:
        period = figure.period
        if period is None or period.start != want["period"]["start"]:
            return False
        if (period.end or period.start) != want["period"]["end"] and period.granularity != "year":
            return False
    if "countries" in want and {figure.from_, figure.to} != set(want["countries"]):
        return False
    if "from" in want and (figure.from_, figure.to) != (want["from"], want["to"]):
        return False
    return not (want.get("approximate") and not figure.approximate)


def _check(facts: Facts, *, agreement_date: bool) -> None:
    for want in EXPECTED["figures"]:
        assert any(_matches(f, want) for f in facts.figures), want["key"]
    assert len(facts.figures) == len(EXPECTED["figures"])
    (want,) = EXPECTED["agreements"]
    (agreement,) = facts.agreements
    assert want["name_contains"] in agreement.name
    names = " ".join(p.name for p in agreement.parties)
    assert all(party in names for party in want["parties_contain"])
    assert {p.country for p in agreement.parties} == set(want["countries"])
    assert agreement.status == want["status"]
    if agreement_date:
        assert agreement.date.start in want["date"]


@pytest.fixture(scope="module")
def seed_facts(facts_of: Callable[..., Facts]) -> Facts:
    return facts_of(SEED_TEXT.read_text(encoding="utf-8"), PUBLISHED)


def test_seed_figures_and_agreement(seed_facts: Facts) -> None:
    _check(seed_facts, agreement_date=False)


def test_seed_figure_periods(seed_facts: Facts) -> None:
    periods = {f.value: f.period for f in seed_facts.figures}
    assert periods[1.069e9] is not None and periods[1.069e9].text == "last year"
    assert periods[9.96e9] is not None and periods[9.96e9].kind == "range"
    assert periods[70] is not None and periods[70].kind == "unresolved"


def test_seed_witness_is_the_belgian_delegation(seed_facts: Facts) -> None:
    (agreement,) = seed_facts.agreements
    assert [w.country for w in agreement.witnesses] == ["BEL"]


def test_seed_milestone(seed_facts: Facts) -> None:
    (milestone,) = seed_facts.milestones
    assert milestone.kind == "diplomatic_relations"
    assert set(milestone.countries) == {"KAZ", "BEL"}
    assert (milestone.date.start, milestone.date.granularity) == ("1992-08-25", "day")


def test_seed_through_the_pipeline(pipeline: Any) -> None:
    text = SEED_TEXT.read_text(encoding="utf-8")
    result = pipeline.code_article(Article(id="seed", text=text, published=PUBLISHED))
    assert [d for d in result.dropped if d.stage == "facts"] == []
    facts = Facts(
        figures=result.figures, agreements=result.agreements, milestones=result.milestones
    )
    _check(facts, agreement_date=True)
    assert [m.date.start for m in result.milestones] == ["1992-08-25"]
