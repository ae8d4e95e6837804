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

Value = str | int | float | bool | None
Columns = dict[str, list[Value]]

_NON_WORD = re.compile(r"[^\w]+")
_LOCATION_LINE = re.compile(r"^(?P<origin>.+):(?P<line>\d+)$")


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
    return f"{normalise_name(name)}|{country or ''}"


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
        return "e:" + event.id + ":" + event.article_id
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


def _actor(prefix: str, actor: Actor | None) -> dict[str, Value]:
    if actor is None:
        return {
            f"{prefix}_{k}": None
            for k in ("country", "code", "name", "sector", "kind", "person", "text")
        }
    return {
        f"{prefix}_country": actor.country,
        f"{prefix}_code": actor.code,
        f"{prefix}_name": actor.name,
        f"{prefix}_sector": actor.sector,
        f"{prefix}_kind": actor.kind,
        f"{prefix}_person": actor.person.name if actor.person else None,
        f"{prefix}_text": actor.text,
    }


def _location(place: Place | None) -> dict[str, Value]:
    return {
        "location_name": place.name if place else None,
        "location_country": place.country if place else None,
        "location_lat": place.lat if place else None,
        "location_lon": place.lon if place else None,
        "location_geonames_id": place.geonames_id if place else None,
        "location_origin": place.origin if place else None,
    }


def _append(columns: Columns, row: dict[str, Value]) -> None:
    for name, values in columns.items():
        values.append(row[name])


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
                "result_json": json.dumps(result.to_json_dict(), ensure_ascii=True),
                "stored_at": stored_at,  # type: ignore[dict-item]
            },
        )
        self._events(result)
        self._facts(result)
        self._registry(result)
        self._drops(result, drop_input)

    def _actor_row(self, article_id: str, role: str, ref: str, actor: Actor) -> None:
        columns = self.tables["actor_mentions"]
        _append(
            columns,
            {
                "article_id": article_id,
                "position": self._next_actor_position(article_id),
                "role": role,
                "ref_id": ref,
                "text": actor.text,
                "span_start": actor.span[0],
                "span_end": actor.span[1],
                "name": actor.name,
                "country": actor.country,
                "sector": actor.sector,
                "code": actor.code,
                "kind": actor.kind,
                "person_name": actor.person.name if actor.person else None,
                "person_title": actor.person.title if actor.person else None,
                "organization": actor.organization,
            },
        )

    def _events(self, result: CodingResult) -> None:
        article_id = result.article.id
        for position, event in enumerate(result.events):
            row: dict[str, Value] = {
                "position": position,
                "event_key": event_key(event),
                "event_id": event.id,
                "article_id": article_id,
                "sentence": event.sentence,
                "cameo": event.cameo,
                "cameo_root": event.cameo_root,
                "quad_class": event.quad_class,
                "goldstein": event.goldstein,
                "plover": event.plover,
                "plover_mode": event.plover_mode,
                **_date("date", event.date),
                **_actor("source", event.source),
                **_actor("target", event.target),
                **_location(event.location),
                "tense": event.modality.tense,
                "negated": event.modality.negated,
                "hypothetical": event.modality.hypothetical,
                "trigger_text": event.trigger.text,
                "trigger_start": event.trigger.span[0],
                "trigger_end": event.trigger.span[1],
                "evidence_text": event.evidence.text,
                "evidence_start": event.evidence.span[0],
                "evidence_end": event.evidence.span[1],
                "confidence": event.confidence,
            }
            _append(self.tables["mentions"], row)
            if event.source:
                self._actor_row(article_id, "source", event.id, event.source)
            if event.target:
                self._actor_row(article_id, "target", event.id, event.target)

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
            for party in agreement.parties:
                self._actor_row(article_id, "party", agreement.id, party)
            for witness in agreement.witnesses:
                self._actor_row(article_id, "witness", agreement.id, witness)
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


def keys_of(columns: Columns, name: str) -> set[str]:
    return {str(v) for v in columns[name] if v is not None}


def batch_rows(
    results: Sequence[CodingResult], stored_at: object, inputs: dict[str, DropInput]
) -> RowSet:
    rows = RowSet()
    for result in results:
        rows.add(result, stored_at, inputs.get(result.article.id))
    return rows
