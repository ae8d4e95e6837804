"""The brief of KAZ-BEL from the seed article alone: what it states, each with its evidence.

The Markdown brief is pinned as a golden file (tests/brief/golden/KAZ-BEL.md); after a
deliberate change run scripts/update_golden.py, read the diff and commit it with the change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from communique.brief import Brief, build_brief, to_markdown

GOLDEN = Path(__file__).parent / "golden" / "KAZ-BEL.md"


@pytest.fixture(scope="module")
def seed_store(seed_db: Path) -> Iterator[Any]:
    from communique.store import open_store

    with open_store(str(seed_db)) as store:
        yield store


@pytest.fixture(scope="module")
def brief(seed_store: Any) -> Brief:
    return build_brief(seed_store, "KAZ", "BEL")


def test_markdown_brief_matches_the_golden_file(brief: Brief) -> None:
    assert to_markdown(brief) == GOLDEN.read_text(encoding="utf-8"), (
        "the KAZ-BEL brief changed: run scripts/update_golden.py and read the diff"
    )


def _cited(brief: Brief, pattern: str) -> list[str]:
    """The refs of the one summary sentence matching `pattern`."""
    found = [s for s in brief.summary if re.search(pattern, s.text)]
    assert len(found) == 1, (pattern, [s.text for s in brief.summary])
    return found[0].refs


def _record(brief: Brief, label: str) -> Any:
    for records in (brief.events, brief.people, brief.figures, brief.agreements,
                    brief.milestones):
        for record in records:
            if record.label == label:
                return record
    raise AssertionError(f"{label} cited but not listed")


def _quote(record: Any) -> str:
    for name in ("evidence", "text"):
        if getattr(record, name, None):
            return str(getattr(record, name))
    raise AssertionError(f"{record.label} has no quoted evidence")


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        (r"17 October 2022, Kazakhstan and Belgium: consult", "held political consultations"),
        (r"Announced as planned: .*meet", "will also meet with the leadership"),
        (r"Agreements signed: General Agreement on Academic and Cultural Cooperation "
         r"\(signed, 17 October 2022", "observed the signing of the General Agreement"),
        (r"trade turnover between Kazakhstan and Belgium, USD 419\.7 million in 2021",
         "bilateral trade turnover was $ 419.7 million"),
        (r"FDI inflow from Belgium to Kazakhstan, USD 1\.069 billion in 2021;",
         "$ 1.069 billion last year"),
        (r"FDI inflow from Belgium to Kazakhstan, USD 9\.96 billion in 2005–2021",
         "$ 9.96 billion during 2005-2021"),
        (r"diplomatic relations established on 25 August 1992", "(August 25, 1992)"),
        (r"Roman Vassilenko \(Deputy Minister of Foreign Affairs\)", "Roman Vassilenko"),
        (r"Jeroen Kooreman \(Director General", "Jeroen Kooreman"),
    ],
)
def test_summary_states_each_seed_fact_with_its_evidence(
    brief: Brief, claim: str, evidence: str
) -> None:
    refs = _cited(brief, claim)
    quotes = [" ".join(_quote(_record(brief, r)).split()) for r in refs]
    assert any(evidence in q for q in quotes), (claim, quotes)


def test_summary_states_nothing_else(brief: Brief) -> None:
    openings = [s.text.split(":")[0] for s in brief.summary]
    assert openings[0].startswith("6 events between Kazakhstan and Belgium are on record")
    assert openings[1:] == [
        "Latest high-level contacts", "Announced as planned", "Agreements signed", "Figures",
        "Milestones of the relationship", "Officials named",
    ]
    # the undated count of enterprises is in the figures table, not in the period's summary
    assert not any("enterprises" in s.text for s in brief.summary)
    assert any(f.kind == "enterprises" and f.period is None for f in brief.figures)


def test_every_citation_is_a_record_quoted_from_its_article(
    brief: Brief, seed_store: Any
) -> None:
    anchors = brief.anchors()
    for sentence in brief.summary:
        assert sentence.refs
        for label in sentence.refs:
            assert label in anchors, label
            record = _record(brief, label)
            article = seed_store.result(record.article_id).article
            quote = " ".join(_quote(record).split())
            assert quote in " ".join(article.text.split()), (label, quote)
            assert record.article_id in brief.sources


def test_people_act_in_events_or_belong_to_the_pair(brief: Brief) -> None:
    names = {p.name: p for p in brief.people}
    assert set(names) == {"Roman Vassilenko", "Jeroen Kooreman", "Kassym-Jomart Tokayev"}
    assert names["Roman Vassilenko"].events and names["Kassym-Jomart Tokayev"].events
    assert "Jeroen Kooreman" in names["Jeroen Kooreman"].evidence


def test_a_later_period_has_a_trend_and_leaves_the_earlier_visit_out(seed_store: Any) -> None:
    later = build_brief(seed_store, "KAZ", "BEL", since="2022-01", until="2022-12")
    assert later.total == 5
    assert later.previous_since == "2021-01-01" and later.previous_until == "2021-12-31"
    assert later.previous_total == 1  # the November 2021 visit
    assert "That is up from 1 in the previous period of equal length" in later.summary[0].text
    assert all(e.date is None or e.date >= "2022" for e in later.events)
    assert all(f.period is None or "2021" not in f.period for f in later.figures)
    assert [m.kind for m in later.milestones] == ["diplomatic_relations"]
