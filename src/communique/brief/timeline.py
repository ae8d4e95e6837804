"""The brief's static timeline: bars per month on a real time axis, drawn the same in SVG (HTML)
and with PDF primitives, from one geometry computed here (numbers and short labels only)."""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from datetime import date

from communique.brief.model import MonthBin
from communique.models import Record
from communique.web.charts import QUAD_COLOURS, integer_step

# The drawing's size in its own units (SVG pixels; the PDF scales it to the page width) and its
# margins: room for the y tick labels on the left and the month labels below.
WIDTH = 720.0
HEIGHT = 220.0
LEFT, RIGHT, TOP, BOTTOM = 40.0, 12.0, 14.0, 34.0
# A month's bar leaves this share of the month empty on each side, so neighbours stay apart.
BAR_GAP = 0.15
# At most this many month labels on the x axis (every n-th month is labelled).
MAX_X_LABELS = 12


class Bar(Record):
    x: float
    y: float
    width: float
    height: float
    colour: str
    quad: int
    month: str
    count: int


class Tick(Record):
    at: float
    label: str


class Marker(Record):
    """A dated record on the axis (an agreement, a milestone): a line and its label."""

    x: float
    label: str
    kind: str


class Drawing(Record):
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    bars: list[Bar]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    markers: list[Marker]


def _first(month: str) -> date:
    return date(int(month[:4]), int(month[5:7]), 1)


def _next(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def drawing(bins: list[MonthBin], markers: Sequence[tuple[str | None, str, str]] = ()
            ) -> Drawing | None:
    """Stacked monthly bars (quad classes in their colours) from the first to the last month;
    `markers` are (date, label, kind) drawn when they fall inside that range."""
    bins = [b for b in bins if b.total]
    if not bins:
        return None
    start = _first(min(b.month for b in bins))
    end = _next(_first(max(b.month for b in bins)))
    days = (end - start).days
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(day: date) -> float:
        return LEFT + plot_w * (day - start).days / days

    largest = max(b.total for b in bins)
    step = integer_step(largest)
    top_value = max(step, math.ceil(largest / step) * step)
    bars: list[Bar] = []
    for b in bins:
        first = _first(b.month)
        x0, x1 = x_of(first), x_of(_next(first))
        gap = (x1 - x0) * BAR_GAP
        base = 0
        for quad in sorted(b.counts):
            count = b.counts[quad]
            if not count:
                continue
            y_top = TOP + plot_h * (1 - (base + count) / top_value)
            height = plot_h * count / top_value
            bars.append(Bar(x=round(x0 + gap, 2), y=round(y_top, 2),
                            width=round(max(1.0, x1 - x0 - 2 * gap), 2), height=round(height, 2),
                            colour=QUAD_COLOURS[quad], quad=quad, month=b.month, count=count))
            base += count
    y_ticks = [Tick(at=round(TOP + plot_h * (1 - v / top_value), 2), label=str(v))
               for v in range(0, top_value + 1, step)]
    months = []
    day = start
    while day < end:
        months.append(day)
        day = _next(day)
    every = max(1, math.ceil(len(months) / MAX_X_LABELS))
    x_ticks = [Tick(at=round((x_of(m) + x_of(_next(m))) / 2, 2),
                    label=f"{calendar.month_abbr[m.month]} {m.year}")
               for i, m in enumerate(months) if i % every == 0]
    drawn = []
    for when, label, kind in markers:
        if not when or len(when) < 7:
            continue
        day = date.fromisoformat(when[:10]) if len(when) >= 10 else _first(when[:7])
        if start <= day < end:
            drawn.append(Marker(x=round(x_of(day), 2), label=label, kind=kind))
    return Drawing(width=WIDTH, height=HEIGHT, left=LEFT, right=WIDTH - RIGHT, top=TOP,
                   bottom=HEIGHT - BOTTOM, bars=bars, x_ticks=x_ticks, y_ticks=y_ticks,
                   markers=drawn)
