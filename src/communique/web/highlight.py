"""Turn the spans of a CodingResult into flat, non-overlapping highlight segments.

The article page shows every value communique extracted as a highlight in the original text, each
linked to its record. Spans nest (a trigger inside its evidence sentence) and may cross (an actor
mention straddling two records), and HTML links may not nest, so the text is cut at every span
boundary into elementary segments; each segment carries every layer that covers it and links to
the innermost one (the shortest span: the most specific value). The template escapes every piece.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Literal

from pydantic import BaseModel, ConfigDict

from communique.models import Actor, CodingResult, Place, ResolvedDate, Span

LayerKind = Literal[
    "trigger", "evidence", "actor", "date", "place", "figure", "agreement", "person",
    "organization", "milestone",
]
RecordKind = Literal[
    "event", "actor", "date", "place", "figure", "agreement", "person", "organization",
    "milestone",
]

# Among layers with spans of equal length, the one a click should open: the most specific value
# first (a trigger over its actor, an actor over the date phrase it shares a word with).
LAYER_PRIORITY: tuple[LayerKind, ...] = (
    "trigger", "figure", "date", "place", "person", "actor", "organization", "agreement",
    "milestone", "evidence",
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RecordRef(_Frozen):
    """One extracted record as the side panel lists it; `anchor` is its HTML id."""

    anchor: str
    kind: RecordKind
    label: str
    detail: str = ""
    spans: list[Span]


class Layer(_Frozen):
    """One highlight: a span of the text that belongs to a record."""

    kind: LayerKind
    anchor: str
    span: Span


class Segment(_Frozen):
    """A run of text with the same set of covering layers (none for plain text)."""

    text: str
    start: int
    end: int
    kinds: list[LayerKind]
    link: str | None = None
    """Anchor of the innermost covering record, or None for plain text."""
    kind: LayerKind | None = None
    """Kind of the innermost covering layer (what the link opens)."""
    starts: list[str] = []
    """Anchors of the records whose first highlight begins here (the records link back to these)."""
    title: str = ""


class Highlighted(_Frozen):
    """The article cut into segments plus the records they link to."""

    segments: list[Segment]
    records: list[RecordRef]


def event_anchor(event_id: str) -> str:
    """The HTML id of an event on the article page (event tables elsewhere link to it)."""
    return "ev-" + "".join(ch if ch.isalnum() else "-" for ch in event_id)


def _valid(span: Span | None, size: int) -> bool:
    return span is not None and 0 <= span[0] < span[1] <= size


def _actor_label(actor: Actor) -> str:
    who = actor.person.name if actor.person else actor.name
    code = actor.code or actor.country or "?"
    return f"{who} [{code}]"


def _date_label(date: ResolvedDate) -> str:
    if date.start is None:
        return f"unresolved: {date.reason}" if date.reason else "unresolved"
    when = date.start if not date.end or date.end == date.start else f"{date.start} – {date.end}"
    return f"{when} ({date.granularity or '?'}, {date.kind})"


def _place_label(place: Place) -> str:
    return f"{place.name} [{place.country or '?'}]"


def _find_within(text: str, phrase: str | None, within: Span) -> Span | None:
    """Where a phrase occurs inside a span (dates carry their phrase, not an offset)."""
    if not phrase:
        return None
    at = text.find(phrase, within[0], within[1])
    return (at, at + len(phrase)) if at >= 0 else None


class _Collector:
    """Gathers records and layers, giving each distinct record one anchor."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.records: list[RecordRef] = []
        self.layers: list[Layer] = []
        self._by_key: dict[tuple[str, str], int] = {}

    def add(
        self,
        kind: RecordKind,
        key: str,
        label: str,
        spans: list[tuple[LayerKind, Span | None]],
        detail: str = "",
        anchor: str | None = None,
    ) -> str:
        """Register a record (once per key) and its layers; returns the record's anchor."""
        good = [(k, s) for k, s in spans if s is not None and _valid(s, len(self.text))]
        index = self._by_key.get((kind, key))
        if index is None:
            anchor = anchor or f"rec-{kind}-{len(self.records) + 1}"
            self.records.append(
                RecordRef(anchor=anchor, kind=kind, label=label, detail=detail,
                          spans=[s for _, s in good])
            )
            index = self._by_key[(kind, key)] = len(self.records) - 1
        else:
            record = self.records[index]
            merged = record.spans + [s for _, s in good if s not in record.spans]
            self.records[index] = record.model_copy(update={"spans": merged})
        anchor = self.records[index].anchor
        for layer_kind, span in good:
            layer = Layer(kind=layer_kind, anchor=anchor, span=span)
            if layer not in self.layers:
                self.layers.append(layer)
        return anchor

    def actor(self, actor: Actor | None) -> None:
        if actor is None:
            return
        who = actor.person.name if actor.person else actor.name
        self.add(  # one record per identity, with every mention's span
            "actor", f"{actor.code}|{actor.country}|{who}", _actor_label(actor),
            [("actor", actor.span)],
            detail=" ".join(x for x in (actor.kind, actor.sector or "") if x),
        )

    def place(self, place: Place | None) -> None:
        if place is None or place.span is None:
            return
        self.add("place", f"{place.name}|{place.country}", _place_label(place),
                 [("place", place.span)], detail=place.origin)


def collect(result: CodingResult) -> tuple[list[RecordRef], list[Layer]]:
    """Every record of a result with the spans that show it in the article text."""
    text = result.article.text
    c = _Collector(text)
    if result.article.dateline is not None:
        c.place(result.article.dateline)
    for event in result.events:
        who = " → ".join(
            _actor_label(a) for a in (event.source, event.target) if a is not None
        )
        c.add(
            "event", event.id,
            f"{event.cameo} {event.plover}"
            + (f"/{event.plover_mode}" if event.plover_mode else ""),
            [("trigger", event.trigger.span), ("evidence", event.evidence.span)],
            detail=" ".join(x for x in (who, _date_label(event.date)) if x),
            anchor=event_anchor(event.id),
        )
        c.actor(event.source)
        c.actor(event.target)
        date_span = _find_within(text, event.date.text, event.evidence.span)
        if date_span is not None:
            c.add("date", f"{date_span}", event.date.text or "", [("date", date_span)],
                  detail=_date_label(event.date))
        c.place(event.location)
    for figure in result.figures:
        flows = " → ".join(x for x in (figure.from_, figure.to) if x)
        c.add(
            "figure", figure.id, f"{figure.kind}: {figure.value:,.0f} {figure.unit}",
            [("figure", figure.span)],
            detail=" ".join(
                x for x in (flows, _date_label(figure.period) if figure.period else "") if x
            ),
        )
    for agreement in result.agreements:
        c.add(
            "agreement", agreement.id, f"{agreement.name} ({agreement.kind}, {agreement.status})",
            [("agreement", agreement.span)],
            detail=", ".join(_actor_label(p) for p in agreement.parties),
        )
        for actor in (*agreement.parties, *agreement.witnesses):
            c.actor(actor)
        date_span = _find_within(text, agreement.date.text, agreement.span)
        if date_span is not None:
            c.add("date", f"{date_span}", agreement.date.text or "", [("date", date_span)],
                  detail=_date_label(agreement.date))
    for person in result.people:
        c.add("person", person.name, person.name,
              [("person", span) for span in person.mentions],
              detail=" ".join(x for x in (person.title, person.organization, person.country) if x))
    for org in result.organizations:
        c.add("organization", org.name, org.name,
              [("organization", span) for span in org.mentions],
              detail=" ".join(x for x in (org.country, org.sector) if x))
    for milestone in result.milestones:
        c.add("milestone", milestone.id, f"{milestone.kind}: {'-'.join(milestone.countries)}",
              [("milestone", milestone.span)], detail=_date_label(milestone.date))
    return c.records, c.layers


def _innermost(layers: list[Layer]) -> Layer:
    return min(
        layers,
        key=lambda la: (la.span[1] - la.span[0], LAYER_PRIORITY.index(la.kind)),
    )


def segment(text: str, layers: list[Layer], labels: dict[str, str] | None = None) -> list[Segment]:
    """Cut `text` at every layer boundary; the segments concatenate back to `text` exactly."""
    labels = labels or {}
    cuts = {0, len(text)}
    for layer in layers:
        cuts.update(layer.span)
    points = sorted(cuts)
    first_seen: set[str] = set()
    segments: list[Segment] = []
    for start, end in pairwise(points):
        covering = [la for la in layers if la.span[0] <= start and end <= la.span[1]]
        if not covering:
            segments.append(Segment(text=text[start:end], start=start, end=end, kinds=[]))
            continue
        kinds = sorted({la.kind for la in covering}, key=LAYER_PRIORITY.index)
        starts = []
        for la in covering:
            if la.span[0] == start and la.anchor not in first_seen:
                first_seen.add(la.anchor)
                starts.append(la.anchor)
        inner = _innermost(covering)
        titles = dict.fromkeys(labels.get(la.anchor, la.kind) for la in covering)
        segments.append(
            Segment(
                text=text[start:end], start=start, end=end, kinds=kinds, link=inner.anchor,
                kind=inner.kind,
                starts=starts, title="; ".join(titles),
            )
        )
    return segments


def highlight(result: CodingResult) -> Highlighted:
    """The article page's model: the text as segments and the records the segments link to."""
    records, layers = collect(result)
    labels = {r.anchor: f"{r.kind}: {r.label}" for r in records}
    return Highlighted(segments=segment(result.article.text, layers, labels), records=records)
