"""Chart specs for the dashboard: plotly.js figures built as typed values, plus the SVG network.

The page embeds each spec as JSON (escaped by Jinja's ``tojson``) and the local plotly.js draws it,
so the dashboard works offline and no article text is ever written into a script as code.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    import pandas as pd

# Colours of the four quad classes: cooperation in blues/greens, conflict in oranges/reds, the
# palette of the CAMEO literature's usual charts (readable for red-green colour blindness).
QUAD_COLOURS: dict[int, str] = {1: "#4c78a8", 2: "#54a24b", 3: "#f58518", 4: "#e45756"}
QUAD_NAMES: dict[int, str] = {
    1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
    4: "material conflict",
}
GOLDSTEIN_RANGE = 10.0  # the Goldstein scale runs from -10 (most hostile) to +10 (most cooperative)

# Network layout: the SVG canvas, the circle the countries sit on, and edge widths (1..8 px, the
# range that stays readable from one event up to the busiest pair of a small store).
NETWORK_SIZE = 640
NETWORK_RADIUS = 250
EDGE_MIN_WIDTH = 1.5
EDGE_MAX_WIDTH = 8.0
# Labels go on the circle a little outside the node.
LABEL_OFFSET = 22


class ChartSpec(BaseModel):
    """A plotly.js figure: traces and layout, as plotly.js expects them."""

    model_config = ConfigDict(frozen=True)

    data: list[dict[str, Any]]
    layout: dict[str, Any]


def _base_layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "margin": {"l": 50, "r": 50, "t": 30, "b": 40},
        "height": 320,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "system-ui, sans-serif", "size": 12},
        "legend": {"orientation": "h", "y": -0.2},
    }
    layout.update(extra)
    return layout


# The store's timeline columns for each quad class.
QUAD_COLUMNS: dict[int, str] = {
    1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict",
    4: "material_conflict",
}


# Monthly bars on a time axis: each month's bar is centred on its 15th and 20 days wide, so
# months without events leave a visible gap (2021-11 and 2022-10 are a year apart, not adjacent).
MONTH_MIDDLE_DAY = 15
MONTH_BAR_MS = 20 * 24 * 3600 * 1000
# At most this many y ticks; the step is a whole number of events, so small counts read 0 1 2.
MAX_Y_TICKS = 6


def month_middle(month: str) -> str | None:
    """The middle of a month "YYYY-MM" as a plotly date ("2022-10-15"); None if unreadable."""
    text = str(month)
    if len(text) < 7 or not (text[:4].isdigit() and text[4] == "-" and text[5:7].isdigit()):
        return None
    return f"{text[:7]}-{MONTH_MIDDLE_DAY:02d}"


def _month_end(middle: str) -> str:
    """The last day of the month of a plotly date "YYYY-MM-DD"."""
    import calendar

    year, month = int(middle[:4]), int(middle[5:7])
    return f"{middle[:7]}-{calendar.monthrange(year, month)[1]:02d}"


def _shift_days(day: str, days: int) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


# Month ticks: whole steps of months, at most about MAX_X_TICKS labels (plotly's own ticks fall
# every two weeks on a short range, and "%b %Y" then prints each month twice).
MAX_X_TICKS = 12
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)


def month_step(first: str, last: str) -> str:
    """plotly's dtick ("M1", "M3", "M12" ...) for monthly ticks from `first` to `last`."""
    months = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1
    step = next((s for s in MONTH_STEPS if months / s <= MAX_X_TICKS), MONTH_STEPS[-1])
    return f"M{step}"


def integer_step(largest: int) -> int:
    """A whole-number tick step that gives at most MAX_Y_TICKS ticks from 0 to ``largest``."""
    return max(1, math.ceil(largest / MAX_Y_TICKS))


class TimelineMarker(BaseModel):
    """A dated record marked on the timeline: an agreement or a milestone."""

    model_config = ConfigDict(frozen=True)

    date: str
    label: str
    kind: str  # "agreement" or "milestone"


# How each kind of marker is drawn at the foot of the timeline (plotly marker symbols).
MARKER_SYMBOLS: dict[str, str] = {"agreement": "diamond", "milestone": "star"}
MARKER_COLOUR = "#333333"


def _plain(text: str) -> str:
    """Text for plotly's hover labels, which read a few HTML tags: angle brackets escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def timeline_chart(
    frame: pd.DataFrame, markers: Sequence[TimelineMarker] = ()
) -> ChartSpec | None:
    """Stacked monthly bars per quad class and the mean Goldstein as a line on a second axis.

    Expects the store's timeline frame: one row per month ("YYYY-MM") with a count column per
    quad class and `mean_goldstein`. The x axis is a real time axis; undated rows are left out.
    `markers` (agreements, milestones) are drawn at the foot of the bars when they fall within
    the months shown (the axis is not stretched to a milestone decades earlier).
    """
    if frame.empty or "month" not in frame.columns:
        return None
    middles = [month_middle(m) for m in frame["month"]]
    frame = frame[[m is not None for m in middles]]
    months = [m for m in middles if m is not None]
    if not months:
        return None
    totals = [0] * len(months)
    data: list[dict[str, Any]] = []
    for quad, column in QUAD_COLUMNS.items():
        if column not in frame.columns:
            continue
        counts = [int(n) if n == n else 0 for n in frame[column]]
        if not any(counts):
            continue
        totals = [t + n for t, n in zip(totals, counts, strict=True)]
        data.append({
            "type": "bar", "name": QUAD_NAMES[quad], "x": months, "y": counts,
            "width": MONTH_BAR_MS, "marker": {"color": QUAD_COLOURS[quad]},
            "hovertemplate": "%{x|%b %Y}: %{y} " + QUAD_NAMES[quad] + "<extra></extra>",
        })
    if "mean_goldstein" in frame.columns:
        data.append({
            "type": "scatter", "mode": "lines+markers", "name": "mean Goldstein", "x": months,
            "y": [round(float(g), 2) if g == g else None for g in frame["mean_goldstein"]],
            "yaxis": "y2", "line": {"color": "#333"},
        })
    first, last = min(months), max(months)
    low, high = f"{first[:7]}-01", _month_end(last)
    for kind, symbol in MARKER_SYMBOLS.items():
        inside = [m for m in markers if m.kind == kind and low <= m.date[:10] <= high]
        if inside:
            data.append({
                "type": "scatter", "mode": "markers", "name": kind + "s",
                "x": [m.date[:10] for m in inside], "y": [0] * len(inside),
                "text": [_plain(m.label) for m in inside], "hovertemplate":
                "%{x|%d %b %Y}: %{text}<extra>" + kind + "</extra>",
                "marker": {"symbol": symbol, "size": 12, "color": MARKER_COLOUR},
                "cliponaxis": False,
            })
    return ChartSpec(data=data, layout=_base_layout(
        barmode="stack",
        showlegend=True,
        xaxis={"type": "date", "title": {"text": "month"}, "tickformat": "%b %Y",
               "hoverformat": "%b %Y", "range": [_shift_days(low, -20), _shift_days(high, 20)],
               "tick0": f"{first[:7]}-{MONTH_MIDDLE_DAY:02d}", "dtick": month_step(first, last)},
        yaxis={"title": {"text": "events"}, "rangemode": "tozero", "tickformat": ",d",
               "tick0": 0, "dtick": integer_step(max(totals, default=0))},
        yaxis2={"title": {"text": "mean Goldstein"}, "overlaying": "y", "side": "right",
                "range": [-GOLDSTEIN_RANGE, GOLDSTEIN_RANGE], "dtick": 5, "zeroline": False,
                "showgrid": False},
    ))


# Units that are not money: counts and shares would share the money axis and flatten it.
NON_MONEY_UNITS = frozenset({"count", "percent"})


def figures_chart(frame: pd.DataFrame) -> ChartSpec | None:
    """Money figures over the years they refer to, one line per kind and currency."""
    needed = {"kind", "unit", "value", "year"}
    if frame.empty or not needed <= set(frame.columns):
        return None
    usable = frame.dropna(subset=["year", "value"])
    usable = usable[~usable["unit"].isin(NON_MONEY_UNITS)]
    if usable.empty:
        return None
    data: list[dict[str, Any]] = []
    for (kind, unit), part in usable.groupby(["kind", "unit"]):
        series = part.groupby("year")["value"].max().sort_index()
        data.append({
            "type": "scatter", "mode": "lines+markers", "name": f"{kind} ({unit})",
            "x": [int(y) for y in series.index], "y": [float(v) for v in series.values],
        })
    return ChartSpec(data=data, layout=_base_layout(
        xaxis={"title": {"text": "year"}, "dtick": 1},
        yaxis={"title": {"text": "value"}, "rangemode": "tozero"},
    ))


def goldstein_colour(score: float | None) -> str:
    """Red for hostile, grey for neutral, blue for cooperative (linear on -10..+10)."""
    if score is None or math.isnan(score):
        return "#999999"
    t = max(-1.0, min(1.0, score / GOLDSTEIN_RANGE))
    neutral = (153, 153, 153)
    end = (33, 102, 172) if t >= 0 else (203, 24, 29)
    mix = [round(n + (e - n) * abs(t)) for n, e in zip(neutral, end, strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*mix)


class NetworkNode(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str
    events: int
    organisation: bool = False
    """An international code (IGO, NGO, MNC ...), drawn as a square, not a country."""
    rotate: float = 0.0
    """The label's rotation in degrees about (label_x, label_y): labels point away from the
    centre, so neighbours never overlap (see network_layout)."""
    group: str = ""
    """The continent (or "organisations") the node sits with."""


class NetworkEdge(BaseModel):
    model_config = ConfigDict(frozen=True)

    a: str
    b: str
    x1: float
    y1: float
    x2: float
    y2: float
    events: int
    goldstein: float | None
    width: float
    colour: str
    path: str = ""
    """SVG path: a curve through the circle's inside, pulled towards the centre."""


class Network(BaseModel):
    """The country network: countries around a circle grouped by continent, busiest first in
    each group, labels radial; edges curve through the inside."""

    model_config = ConfigDict(frozen=True)

    size: int
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    hidden: int = 0
    """Countries left out (past NETWORK_MAX_NODES, the least active); the table lists them."""
    margin: int = 0
    """Room around the circle for the labels, in px (the SVG's viewBox adds it on each side)."""


# Continents in the order they go round the circle (clockwise from the top), with their names;
# organisations (IGO, NGO ...) and codes of no continent close the circle.
CONTINENT_ORDER: dict[str, str] = {
    "EU": "Europe", "AS": "Asia", "OC": "Oceania", "AF": "Africa", "NA": "North America",
    "SA": "South America", "AN": "Antarctica", "": "organisations and other codes",
}
# Radial labels never overlap while neighbouring nodes are at least LABEL_HEIGHT px apart on the
# circle where the labels start (a 14 px font is ~11 px tall; 15 px leaves a gap). At the radius
# below that allows 2*pi*272/15 ~ 113 slots, so 80 countries plus the gaps between groups fit.
LABEL_HEIGHT = 15.0
NETWORK_MAX_NODES = 80
# Edges drawn: the busiest; past a few hundred lines the picture is a grey disc.
NETWORK_MAX_EDGES = 300
# Empty slots between two continents, so the groups read as groups.
GROUP_GAP_SLOTS = 1.5
# Labels: at most this many characters (longer names end with "…"), ~7.5 px a character.
LABEL_MAX_CHARS = 22
LABEL_CHAR_PX = 7.5
# How far an edge's curve is pulled from the chord's middle towards the centre (0: straight).
EDGE_BEND = 0.55


def _short(name: str) -> str:
    return name if len(name) <= LABEL_MAX_CHARS else name[: LABEL_MAX_CHARS - 1] + "…"


def network_layout(pairs: list[tuple[str, str, int, float | None]],
                   names: dict[str, str], organisations: frozenset[str] = frozenset()) -> Network:
    """Countries round a circle grouped by continent (busiest first within each), an edge per
    pair: width by events, colour by mean Goldstein.

    Labels are radial, outside the circle: two neighbours are at least LABEL_HEIGHT apart along
    the circle where their labels start, and the labels diverge outward, so none overlap. At most
    NETWORK_MAX_NODES countries are drawn (the busiest); pairs with a hidden country are left out.
    Codes in ``organisations`` are marked as organisations (labelled by ``names`` as well)."""
    from communique import geo

    activity: dict[str, int] = {}
    for a, b, n, _ in pairs:
        activity[a] = activity.get(a, 0) + n
        activity[b] = activity.get(b, 0) + n
    shown = sorted(activity, key=lambda c: (-activity[c], c))[:NETWORK_MAX_NODES]
    groups: dict[str, list[str]] = {}
    for code in shown:
        key = "" if code in organisations else (geo.continent(code) or "")
        groups.setdefault(key if key in CONTINENT_ORDER else "", []).append(code)
    ordered = [(k, groups[k]) for k in CONTINENT_ORDER if k in groups]
    slots = sum(len(codes) for _, codes in ordered) + GROUP_GAP_SLOTS * len(ordered)
    step = 2 * math.pi / max(slots, 1)
    radius = max(NETWORK_RADIUS, LABEL_HEIGHT / step - LABEL_OFFSET) if ordered else NETWORK_RADIUS
    longest = max((len(_short(names.get(c, c))) for c in shown), default=0)
    margin = int(LABEL_OFFSET + longest * LABEL_CHAR_PX + 20)
    size = int(2 * radius + 2 * 20)
    centre = size / 2
    nodes: dict[str, NetworkNode] = {}
    position = GROUP_GAP_SLOTS / 2
    for key, codes in ordered:
        for code in codes:
            angle = step * position - math.pi / 2
            cos, sin = math.cos(angle), math.sin(angle)
            degrees = math.degrees(angle)
            left = cos < 0  # text on the left half reads outward from its end, not upside down
            nodes[code] = NetworkNode(
                code=code, name=_short(names.get(code, code)),
                x=round(centre + radius * cos, 1), y=round(centre + radius * sin, 1),
                label_x=round(centre + (radius + LABEL_OFFSET) * cos, 1),
                label_y=round(centre + (radius + LABEL_OFFSET) * sin, 1),
                anchor="end" if left else "start",
                rotate=round(degrees + 180 if left else degrees, 2),
                events=activity[code], organisation=code in organisations,
                group=CONTINENT_ORDER[key],
            )
            position += 1
        position += GROUP_GAP_SLOTS
    drawn = sorted((p for p in pairs if p[0] in nodes and p[1] in nodes),
                   key=lambda p: -p[2])[:NETWORK_MAX_EDGES]
    busiest = max((n for _, _, n, _ in drawn), default=1)
    edges = []
    for a, b, n, g in sorted(drawn, key=lambda p: p[2]):
        share = n / busiest if busiest else 0
        na, nb = nodes[a], nodes[b]
        mx, my = (na.x + nb.x) / 2, (na.y + nb.y) / 2
        cx, cy = mx + (centre - mx) * EDGE_BEND, my + (centre - my) * EDGE_BEND
        edges.append(NetworkEdge(
            a=a, b=b, x1=na.x, y1=na.y, x2=nb.x, y2=nb.y, events=n,
            goldstein=g, width=round(EDGE_MIN_WIDTH + (EDGE_MAX_WIDTH - EDGE_MIN_WIDTH) * share, 2),
            colour=goldstein_colour(g),
            path=f"M{na.x} {na.y} Q{cx:.1f} {cy:.1f} {nb.x} {nb.y}",
        ))
    return Network(size=size, nodes=list(nodes.values()), edges=edges,
                   hidden=len(activity) - len(nodes), margin=margin)
