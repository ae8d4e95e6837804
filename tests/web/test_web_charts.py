"""Chart specs: the pair timeline on a real time axis with whole-number ticks."""

from __future__ import annotations

import pandas as pd
import pytest

from communique.web.charts import (
    MAX_Y_TICKS,
    QUAD_COLOURS,
    integer_step,
    month_middle,
    network_layout,
    timeline_chart,
)


def _frame(months: list[str], cooperation: list[int], conflict: list[int]) -> pd.DataFrame:
    return pd.DataFrame({
        "month": months, "verbal_cooperation": cooperation,
        "material_cooperation": [0] * len(months), "verbal_conflict": conflict,
        "material_conflict": [0] * len(months),
        "mean_goldstein": [3.0] * len(months),
    })


def test_timeline_is_a_time_axis_with_gaps_between_distant_months() -> None:
    spec = timeline_chart(_frame(["2021-11", "2022-10"], [1, 1], [0, 1]))
    assert spec is not None
    assert spec.layout["xaxis"]["type"] == "date"
    bars = [t for t in spec.data if t["type"] == "bar"]
    # one trace per quad class present, each in its own colour and named in the legend
    assert [t["name"] for t in bars] == ["verbal cooperation", "verbal conflict"]
    assert [t["marker"]["color"] for t in bars] == [QUAD_COLOURS[1], QUAD_COLOURS[3]]
    assert spec.layout["showlegend"] is True
    # dates, not categories: the two months lie eleven months apart on the axis
    assert bars[0]["x"] == ["2021-11-15", "2022-10-15"]
    line = next(t for t in spec.data if t["type"] == "scatter")
    assert line["x"] == bars[0]["x"]


@pytest.mark.parametrize(
    ("counts", "step"),
    [([1], 1), ([1, 2], 1), ([3, 3], 1), ([6], 1), ([7], 2), ([40], 7), ([0], 1)],
)
def test_timeline_y_ticks_are_whole_numbers(counts: list[int], step: int) -> None:
    months = [f"2022-{m:02d}" for m in range(1, len(counts) + 1)]
    spec = timeline_chart(_frame(months, counts, [0] * len(counts)))
    assert spec is not None
    yaxis = spec.layout["yaxis"]
    assert yaxis["dtick"] == step and isinstance(step, int) and yaxis["tick0"] == 0
    assert max(counts) / yaxis["dtick"] <= MAX_Y_TICKS


def test_stacked_totals_set_the_tick_step() -> None:
    assert integer_step(13) == 3
    spec = timeline_chart(_frame(["2022-01"], [7], [6]))
    assert spec is not None and spec.layout["yaxis"]["dtick"] == 3


@pytest.mark.parametrize(
    ("month", "middle"),
    [("2022-10", "2022-10-15"), ("2022-10-01", "2022-10-15"), ("None", None), ("", None),
     ("20x2-10", None)],
)
def test_month_middle(month: str, middle: str | None) -> None:
    assert month_middle(month) == middle


def test_undated_months_are_left_out() -> None:
    assert timeline_chart(_frame(["None"], [2], [0])) is None


def test_network_marks_organisations() -> None:
    layout = network_layout([("KAZ", "IGO", 2, 4.0), ("BEL", "KAZ", 1, 3.0)],
                            {"KAZ": "Kazakhstan", "BEL": "Belgium", "IGO": "European Union"},
                            frozenset({"IGO"}))
    nodes = {n.code: n for n in layout.nodes}
    assert nodes["IGO"].organisation and nodes["IGO"].name == "European Union"
    assert not nodes["KAZ"].organisation


@pytest.mark.parametrize(
    ("first", "last", "step"),
    [("2022-10-15", "2022-10-15", "M1"), ("2021-11-15", "2022-10-15", "M1"),
     ("2021-01-15", "2022-12-15", "M2"), ("2018-01-15", "2022-12-15", "M6"),
     ("2000-01-15", "2022-12-15", "M24")],
)
def test_month_step(first: str, last: str, step: str) -> None:
    from communique.web.charts import month_step

    assert month_step(first, last) == step
