"""Highlight segments: every extracted span shown once, nested spans split, text kept exactly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.api.helpers import HOSTILE_TEXT, hostile_result

from communique.web.highlight import Layer, LayerKind, highlight, segment

TEXT = "Kazakhstan and Belgium held consultations."


def L(kind: LayerKind, anchor: str, start: int, end: int) -> Layer:
    return Layer(kind=kind, anchor=anchor, span=(start, end))


@pytest.mark.parametrize(
    ("layers", "expected"),
    [
        # no layers: one plain segment
        ([], [("Kazakhstan and Belgium held consultations.", None)]),
        # one span in the middle
        (
            [L("actor", "a1", 15, 22)],
            [("Kazakhstan and ", None), ("Belgium", "a1"), (" held consultations.", None)],
        ),
        # a trigger nested in its evidence: the trigger links to itself, the rest to the evidence
        (
            [L("evidence", "e1", 0, 42), L("trigger", "e1t", 23, 27)],
            [("Kazakhstan and Belgium ", "e1"), ("held", "e1t"), (" consultations.", "e1")],
        ),
        # crossing spans are cut at both boundaries; the shorter one wins the overlap
        (
            [L("actor", "a", 0, 14), L("person", "p", 11, 22)],
            [("Kazakhstan ", "a"), ("and", "p"), (" Belgium", "p"), (" held consultations.", None)],
        ),
        # same span twice: the more specific kind (figure before agreement) is the link
        (
            [L("agreement", "g", 0, 10), L("figure", "f", 0, 10)],
            [("Kazakhstan", "f"), (" and Belgium held consultations.", None)],
        ),
        # a span touching the end of the text
        (
            [L("date", "d", 28, 42)],
            [("Kazakhstan and Belgium held ", None), ("consultations.", "d")],
        ),
    ],
)
def test_segments(layers: list[Layer], expected: list[tuple[str, str | None]]) -> None:
    segments = segment(TEXT, layers)
    assert [(s.text, s.link) for s in segments] == expected


def test_first_segment_of_each_record_carries_its_anchor() -> None:
    segments = segment(TEXT, [L("evidence", "e", 0, 42), L("trigger", "t", 23, 27),
                              L("actor", "a", 0, 10), L("actor", "a", 15, 22)])
    starts = [(s.text, s.starts) for s in segments if s.starts]
    assert starts == [("Kazakhstan", ["e", "a"]), ("held", ["t"])]


@st.composite
def text_and_layers(draw: st.DrawFn) -> tuple[str, list[Layer]]:
    text = draw(st.text(min_size=1, max_size=60))
    kinds: list[LayerKind] = ["trigger", "evidence", "actor", "date", "figure", "person"]
    layers = []
    for i in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        layers.append(L(draw(st.sampled_from(kinds)), f"r{i}", start, end))
    return text, layers


@given(text_and_layers())
def test_segments_partition_the_text(case: tuple[str, list[Layer]]) -> None:
    text, layers = case
    segments = segment(text, layers)
    assert "".join(s.text for s in segments) == text
    for s in segments:
        assert s.text == text[s.start:s.end] and s.start < s.end
        covering = [la for la in layers if la.span[0] <= s.start and s.end <= la.span[1]]
        # every covering layer is shown, nothing else, and the link is the shortest of them
        assert set(s.kinds) == {la.kind for la in covering}
        if covering:
            shortest = min(la.span[1] - la.span[0] for la in covering)
            assert s.link in {la.anchor for la in covering if la.span[1] - la.span[0] == shortest}
        else:
            assert s.link is None
    # every record's first highlight is anchored exactly once
    anchored = [a for s in segments for a in s.starts]
    assert sorted(anchored) == sorted({la.anchor for la in layers})


def test_result_highlights_every_kind_of_value() -> None:
    view = highlight(hostile_result())
    shown = {k for s in view.segments for k in s.kinds}
    assert shown == {"trigger", "evidence", "actor", "date", "figure", "agreement", "person",
                     "organization"}
    assert "".join(s.text for s in view.segments) == HOSTILE_TEXT
    kinds = {r.kind for r in view.records}
    assert kinds == {"event", "actor", "date", "figure", "agreement", "person", "organization"}
    # every link points at a record in the side panel
    anchors = {r.anchor for r in view.records}
    assert {s.link for s in view.segments if s.link} <= anchors


def test_spans_outside_the_text_are_ignored() -> None:
    result = hostile_result()
    bad = result.people[0].model_copy(update={"mentions": [(5, 2), (0, 10_000)]})
    view = highlight(result.model_copy(update={"people": [bad]}))
    person = next(r for r in view.records if r.kind == "person")
    assert person.spans == []
    assert "person" not in {k for s in view.segments for k in s.kinds}
