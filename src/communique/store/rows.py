"""CodingResult -> rows of the normalised tables (pure functions, no database).

Rows are built column-wise (`Columns`: column name -> list of values) so a whole batch becomes one
Arrow table (DuckDB) or one COPY (PostgreSQL) instead of a round trip per row.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from communique.geo.russian import identity_key
from communique.ids import stable_id
from communique.models import (
    Actor,
    CodingResult,
    Event,
    Place,
    ResolvedDate,
)
from communique.store import schema
from communique.store.schema import Table
from communique.store.search import document_text, terms

Value = str | int | float | bool | None
Columns = dict[str, list[Value]]

_NON_WORD = re.compile(r"[^\w]+")
_LOCATION_LINE = re.compile(r"^(?P<origin>.+):(?P<line>\d{1,9})$")


class DropInput(BaseModel):
    """Where a failed input came from, so `communique retry` can read it again."""

    model_config = ConfigDict(frozen=True)

    location: str
    origin: str
    line: int | None = None
    raw_text: str | None = None


def normalise_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name (the identity of a person)."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", plain.casefold()).split())


def person_key(name: str, country: str | None) -> str:
    """A person's identity across articles and scripts: the script-independent key of the name
    (geo.russian.identity_key: "Roman Vassilenko" and "Роман Василенко" are one person) and
    the country. Store schema v8 re-keyed the people stored before."""
    return f"{identity_key(name) or normalise_name(name)}|{country or ''}"


def org_key(name: str, country: str | None) -> str:
    return f"{normalise_name(name)}|{country or ''}"


def event_key(event: Event) -> str:
    """Events with the same source and target country, CAMEO root and day are one event.

    Undated events (and events whose date is coarser than a day, or whose source country is
    unknown) keep their own key, so they never merge across articles.
    """
    day = event.date.start if event.date.granularity == "day" else None
    source = event.source.country if event.source else None
    if day is None or source is None:
        return "e:" + stable_id(event.article_id, event.id)
    target = event.target.country if event.target else ""
    return "k:" + stable_id(source, target or "", event.cameo_root, day[:10])


def split_location(location: str) -> tuple[str, int | None]:
    """`path:12` -> (`path`, 12); URLs and plain paths keep no line."""
    match = _LOCATION_LINE.match(location)
    if match is None or "://" in match["origin"]:
        return location, None
    return match["origin"], int(match["line"])


def empty_columns(table: Table) -> Columns:
    return {name: [] for name in table.column_names}


def _date(prefix: str, date: ResolvedDate | None) -> dict[str, Value]:
    if date is None:
        keys = ("start", "end", "granularity", "kind", "text", "reason")
        return {f"{prefix}_{k}": None for k in keys}
    return {
        f"{prefix}_start": date.start,
        f"{prefix}_end": date.end,
        f"{prefix}_granularity": date.granularity,
        f"{prefix}_kind": date.kind,
        f"{prefix}_text": date.text,
        f"{prefix}_reason": date.reason,
    }


def _append(columns: Columns, row: dict[str, Value]) -> None:
    for name, values in columns.items():
        values.append(row[name])


def _date_tuple(date: ResolvedDate) -> tuple[Value, ...]:
    return (date.start, date.end, date.granularity, date.kind, date.text, date.reason)


_NO_ACTOR: tuple[Value, ...] = (None,) * 7
_NO_PLACE: tuple[Value, ...] = (None,) * 6


def _actor_tuple(actor: Actor | None) -> tuple[Value, ...]:
    if actor is None:
        return _NO_ACTOR
    person = actor.person
    return (
        actor.country, actor.code, actor.name, actor.sector, actor.kind,
        person.name if person else None, actor.text,
    )  # fmt: skip


def _place_tuple(place: Place | None) -> tuple[Value, ...]:
    if place is None:
        return _NO_PLACE
    return (place.name, place.country, place.lat, place.lon, place.geonames_id, place.origin)


def _extend(columns: Columns, rows: list[tuple[Value, ...]]) -> None:
    """Append row tuples (in the table's column order) column-wise."""
    if not rows:
        return
    for values, column in zip(columns.values(), zip(*rows, strict=True), strict=True):
        values.extend(column)


def _countries(actors: Iterable[Actor]) -> str:
    return ",".join(sorted({a.country for a in actors if a.country}))


class RowSet:
    """The rows of every normalised table for a batch of results."""

    def __init__(self) -> None:
        self.tables: dict[str, Columns] = {
            t.name: empty_columns(t) for t in (schema.ARTICLES, *schema.ARTICLE_TABLES)
        }
        self._actor_positions: dict[str, int] = {}

    def _next_actor_position(self, article_id: str) -> int:
        position = self._actor_positions.get(article_id, 0)
        self._actor_positions[article_id] = position + 1
        return position

    def add(self, result: CodingResult, stored_at: object, drop_input: DropInput | None) -> None:
        """Add one result's rows (the article row carries the exact result JSON)."""
        article = result.article
        published = article.published
        _append(
            self.tables["articles"],
            {
                "id": article.id,
                "content_hash": article.content_hash,
                "failed": result.failed,
                "title": article.title,
                "published": published,
                "source": article.source,
                "url": article.url,
                "language": article.language,
                "origin": article.origin,
                "dateline_name": article.dateline.name if article.dateline else None,
                "dateline_country": article.dateline.country if article.dateline else None,
                "n_events": len(result.events),
                "n_dropped": len(result.dropped),
                "text": article.text,
                "result_json": result.model_dump_json(by_alias=True),
                "stored_at": stored_at,  # type: ignore[dict-item]
            },
        )
        self._events(result)
        self._facts(result)
        self._registry(result)
        self._drops(result, drop_input)
        if not result.failed:
            self._search(article.id, document_text(article.title, article.text))

    def _search(self, article_id: str, text: str) -> None:
        """The article's full-text index rows (store/search.py)."""
        add_search_rows(self.tables, article_id, text)

    def _actor_row(self, article_id: str, role: str, ref: str, actor: Actor) -> tuple[Value, ...]:
        person = actor.person
        return (
            article_id, self._next_actor_position(article_id), role, ref, actor.text,
            actor.span[0], actor.span[1], actor.name, actor.country, actor.sector, actor.code,
            actor.kind, person.name if person else None, person.title if person else None,
            actor.organization,
        )  # fmt: skip

    def _events(self, result: CodingResult) -> None:
        """The hot path (bench-store): one tuple per row, in the schema's column order."""
        article_id = result.article.id
        # NumSources counts publishers; the article id stands in for an unknown publisher
        publisher = result.article.source or article_id
        mentions: list[tuple[Value, ...]] = []
        actors: list[tuple[Value, ...]] = []
        for position, event in enumerate(result.events):
            modality, trigger, evidence = event.modality, event.trigger, event.evidence
            row = (
                    position, event_key(event), event.id, article_id, event.sentence, event.cameo,
                    event.cameo_root, event.quad_class, event.goldstein, event.plover,
                    event.plover_mode, *_date_tuple(event.date), *_actor_tuple(event.source),
                    *_actor_tuple(event.target), *_place_tuple(event.location), modality.tense,
                    modality.negated, modality.hypothetical, trigger.text, trigger.span[0],
                    trigger.span[1], evidence.text, evidence.span[0], evidence.span[1],
                    event.confidence, publisher,
            )  # fmt: skip
            mentions.append(row)
            if event.source:
                actors.append(self._actor_row(article_id, "source", event.id, event.source))
            if event.target:
                actors.append(self._actor_row(article_id, "target", event.id, event.target))
        _extend(self.tables["mentions"], mentions)
        _extend(self.tables["actor_mentions"], actors)

    def _facts(self, result: CodingResult) -> None:
        article_id = result.article.id
        for position, figure in enumerate(result.figures):
            _append(
                self.tables["figures"],
                {
                    "article_id": article_id,
                    "position": position,
                    "figure_id": figure.id,
                    "kind": figure.kind,
                    "value": figure.value,
                    "unit": figure.unit,
                    "approximate": figure.approximate,
                    **_date("period", figure.period),
                    "from_country": figure.from_,
                    "to_country": figure.to,
                    "text": figure.text,
                    "span_start": figure.span[0],
                    "span_end": figure.span[1],
                    "published": result.article.published,
                    "low": figure.low,
                    "high": figure.high,
                    "magnitude": figure.magnitude,
                    "per": figure.per,
                    "duration_value": figure.duration.value if figure.duration else None,
                    "duration_unit": figure.duration.unit if figure.duration else None,
                    "duration_text": figure.duration.text if figure.duration else None,
                    "item": figure.item,
                    "share_of": figure.share_of,
                    "event_id": figure.event_id,
                    "agreement_ids": ",".join(figure.agreement_ids) or None,
                },
            )
        for position, agreement in enumerate(result.agreements):
            _append(
                self.tables["agreements"],
                {
                    "article_id": article_id,
                    "position": position,
                    "agreement_id": agreement.id,
                    "name": agreement.name,
                    "kind": agreement.kind,
                    "status": agreement.status,
                    **_date("date", agreement.date),
                    "parties": _countries(agreement.parties),
                    "party_names": "; ".join(a.name for a in agreement.parties),
                    "witnesses": "; ".join(a.name for a in agreement.witnesses),
                    "text": agreement.text,
                    "span_start": agreement.span[0],
                    "span_end": agreement.span[1],
                },
            )
            _extend(
                self.tables["actor_mentions"],
                [self._actor_row(article_id, "party", agreement.id, a) for a in agreement.parties]
                + [
                    self._actor_row(article_id, "witness", agreement.id, a)
                    for a in agreement.witnesses
                ],
            )
        for position, milestone in enumerate(result.milestones):
            _append(
                self.tables["milestones"],
                {
                    "article_id": article_id,
                    "position": position,
                    "milestone_id": milestone.id,
                    "kind": milestone.kind,
                    "countries": ",".join(sorted(set(milestone.countries))),
                    **_date("date", milestone.date),
                    "text": milestone.text,
                    "span_start": milestone.span[0],
                    "span_end": milestone.span[1],
                },
            )

    def _registry(self, result: CodingResult) -> None:
        article_id = result.article.id
        for position, person in enumerate(result.people):
            _append(
                self.tables["article_people"],
                {
                    "article_id": article_id,
                    "position": position,
                    "person_key": person_key(person.name, person.country),
                    "name": person.name,
                    "title": person.title,
                    "organization": person.organization,
                    "country": person.country,
                    "published": result.article.published,
                    "mentions": json.dumps([list(s) for s in person.mentions]),
                },
            )
        for position, org in enumerate(result.organizations):
            _append(
                self.tables["article_organizations"],
                {
                    "article_id": article_id,
                    "position": position,
                    "org_key": org_key(org.name, org.country),
                    "name": org.name,
                    "country": org.country,
                    "sector": org.sector,
                    "mentions": json.dumps([list(s) for s in org.mentions]),
                },
            )

    def _drops(self, result: CodingResult, drop_input: DropInput | None) -> None:
        article = result.article
        origin: str | None = None
        line: int | None = None
        raw: str | None = None
        if drop_input is not None:
            origin, line, raw = drop_input.origin, drop_input.line, drop_input.raw_text
        elif article.origin:
            origin, line = split_location(article.origin)
        for position, drop in enumerate(result.dropped):
            _append(
                self.tables["drops"],
                {
                    "article_id": article.id,
                    "position": position,
                    "stage": drop.stage,
                    "reason": drop.reason,
                    "detail": drop.detail,
                    "origin": origin,
                    "line": line,
                    "raw_text": raw,
                },
            )


def add_search_rows(tables: dict[str, Columns], article_id: str, text: str) -> None:
    """Append one article's rows of `article_terms` and `search_docs` to `tables`."""
    counts, length = terms(text)
    postings = tables["article_terms"]
    for term, tf in sorted(counts.items()):
        postings["article_id"].append(article_id)
        postings["term"].append(term)
        postings["tf"].append(tf)
        postings["length"].append(length)
    tables["search_docs"]["article_id"].append(article_id)
    tables["search_docs"]["length"].append(length)


def search_tables() -> dict[str, Columns]:
    """Empty columns of the two full-text index tables (for a re-index)."""
    return {t.name: empty_columns(t) for t in (schema.ARTICLE_TERMS, schema.SEARCH_DOCS)}


def keys_of(columns: Columns, name: str) -> set[str]:
    return {str(v) for v in columns[name] if v is not None}


def batch_rows(
    results: Sequence[CodingResult], stored_at: object, inputs: dict[str, DropInput]
) -> RowSet:
    rows = RowSet()
    for result in results:
        rows.add(result, stored_at, inputs.get(result.article.id))
    return rows


def mention_columns(results: Iterable[CodingResult]) -> Columns:
    """The `mentions` table's columns for `results` (every event of every article), as the
    store would write them; `communique.events_frame` builds its flat rows from these."""
    rows = RowSet()
    for result in results:
        rows._events(result)
    return rows.tables["mentions"]
