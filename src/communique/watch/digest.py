"""Digests: what is new for each subscription since its last digest, rendered and delivered once.

A digest is made in one transaction: its events are frozen as JSON in the `digests` table and
marked in `digest_events`, so the next digest of the subscription starts after them. It is then
delivered: printed, written to the subscription's file (Markdown, or HTML for a .html file), or
POSTed as JSON to its webhook, signed with HMAC-SHA256 of the body under the subscription's
secret (header `X-Communique-Signature: sha256=<hex>`, digest id in `X-Communique-Digest`).
A delivery that fails is retried (`WEBHOOK_ATTEMPTS`, backing off) and, if it still fails,
left pending: the next `communique digest` (or watch round) delivers it before making a new one.
A digest is marked delivered once its delivery succeeded and is never sent again.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any, Literal

import httpx
from pydantic import Field

from communique.errors import ConfigError
from communique.ingest.feeds import USER_AGENT
from communique.models import Record
from communique.ontology import PLOVER_TYPES
from communique.store.sql_store import SqlStore
from communique.store.watch_store import DigestRecord, Subscription, stamp

#: Events one digest carries at most; the rest go into the next one (a backlog is delivered in
#: digests of this size rather than one message nobody reads).
MAX_DIGEST_EVENTS = 200
#: POSTs of one digest per delivery run: the first, then retries after 1 s and 2 s.
WEBHOOK_ATTEMPTS = 3
WEBHOOK_BACKOFF_S = 1.0
#: Seconds to wait for a webhook receiver's answer.
WEBHOOK_TIMEOUT_S = 10.0
SIGNATURE_HEADER = "X-Communique-Signature"
DIGEST_HEADER = "X-Communique-Digest"

Delivery = Literal["webhook", "file", "print"]


class DigestEvent(Record):
    """One event of a digest, with its evidence and the article that reports it."""

    event_key: str
    date: str | None = None
    cameo: str | None = None
    plover: str | None = None
    goldstein: float | None = None
    source: str | None = None
    source_name: str | None = None
    target: str | None = None
    target_name: str | None = None
    trigger: str | None = None
    evidence: str | None = None
    articles: int = 1
    title: str | None = None
    url: str | None = None
    published: str | None = None


class Digest(Record):
    """What a subscriber receives (the webhook's JSON body)."""

    id: str
    subscription: str
    created_at: str
    dyad: tuple[str, str]
    types: tuple[str, ...] = ()
    min_goldstein: float | None = None
    events: list[DigestEvent] = Field(default_factory=list)


class DeliveryOutcome(Record):
    digest: str
    subscription: str
    via: Delivery
    events: int
    delivered: bool
    error: str | None = None


def check_types(types: tuple[str, ...]) -> tuple[str, ...]:
    """PLOVER types in upper case; an unknown one is a ConfigError listing the known."""
    upper = tuple(t.strip().upper() for t in types if t.strip())
    unknown = [t for t in upper if t not in PLOVER_TYPES]
    if unknown:
        raise ConfigError(
            f"unknown PLOVER type {unknown[0]!r}", hint="choose from " + ", ".join(PLOVER_TYPES)
        )
    return upper


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: sha256=<hex HMAC-SHA256 of the body under the secret>."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    """How a receiver checks a digest (constant-time comparison)."""
    return hmac.compare_digest(sign(secret, body), header)


def make_digest(store: SqlStore, subscription: Subscription) -> Digest | None:
    """The subscription's next digest (stored, its events marked), or None when nothing is new."""
    frame = store.undigested_events(subscription, MAX_DIGEST_EVENTS)
    if frame.empty:
        return None
    events = [_event(row) for row in frame.to_dict("records")]
    created = stamp()
    keys = [e.event_key for e in events]
    digest_id = hashlib.sha256(
        "\n".join([subscription.name, created, *keys]).encode()
    ).hexdigest()[:20]
    digest = Digest(
        id=digest_id, subscription=subscription.name, created_at=created,
        dyad=(subscription.country_a, subscription.country_b), types=subscription.types,
        min_goldstein=subscription.min_goldstein, events=events,
    )  # fmt: skip
    record = DigestRecord(
        id=digest_id, subscription=subscription.name, created_at=created, events=len(events),
        payload=digest.model_dump_json(),
    )  # fmt: skip
    store.add_digest(record, keys)
    return digest


def _event(row: dict[Any, Any]) -> DigestEvent:
    def text(key: str) -> str | None:
        value = row.get(key)
        return None if value is None or value != value else str(value)  # NaN is missing

    goldstein = row.get("goldstein")
    return DigestEvent(
        event_key=str(row["event_key"]), date=text("date_start"), cameo=text("cameo"),
        plover=text("plover"),
        goldstein=None if goldstein is None or goldstein != goldstein else float(goldstein),
        source=text("source_country"), source_name=text("source_name"),
        target=text("target_country"), target_name=text("target_name"),
        trigger=text("trigger_text"), evidence=text("evidence_text"),
        articles=int(row.get("num_articles") or 1), title=text("title"), url=text("url"),
        published=text("published"),
    )  # fmt: skip


def render_markdown(digest: Digest) -> str:
    a, b = digest.dyad
    lines = [
        f"# {a}-{b}: {len(digest.events)} new events",
        "",
        f"Subscription `{digest.subscription}`, digest `{digest.id}`, made {digest.created_at}.",
        "",
    ]
    for e in digest.events:
        score = f", Goldstein {e.goldstein:+.1f}" if e.goldstein is not None else ""
        lines.append(
            f"- **{e.date or 'undated'}** {e.source or '?'} → {e.target or '?'}: "
            f"{e.plover or ''} (CAMEO {e.cameo}{score})"
        )
        if e.evidence:
            lines.append(f"  > {' '.join(e.evidence.split())}")
        if e.url:
            lines.append(f"  [{e.title or e.url}]({e.url})")
    return "\n".join(lines) + "\n"


def render_html(digest: Digest) -> str:
    a, b = digest.dyad
    items = []
    for e in digest.events:
        score = f", Goldstein {e.goldstein:+.1f}" if e.goldstein is not None else ""
        link = (
            f'<br><a href="{escape(e.url)}">{escape(e.title or e.url)}</a>' if e.url else ""
        )
        evidence = f"<blockquote>{escape(e.evidence)}</blockquote>" if e.evidence else ""
        items.append(
            f"<li><strong>{escape(e.date or 'undated')}</strong> {escape(e.source or '?')} → "
            f"{escape(e.target or '?')}: {escape(e.plover or '')} "
            f"(CAMEO {escape(e.cameo or '')}{score}){evidence}{link}</li>"
        )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{a}-{b} digest</title>"
        f"</head><body><h1>{a}-{b}: {len(digest.events)} new events</h1>"
        f"<p>Subscription <code>{escape(digest.subscription)}</code>, digest "
        f"<code>{digest.id}</code>, made {digest.created_at}.</p><ul>{''.join(items)}</ul>"
        "</body></html>\n"
    )


def deliver_pending(
    store: SqlStore,
    *,
    client: httpx.Client | None = None,
    printer: Callable[[str], None] = print,
    subscription: str | None = None,
    backoff_s: float = WEBHOOK_BACKOFF_S,
) -> list[DeliveryOutcome]:
    """Make each subscription's next digest and deliver every digest not yet delivered."""
    owned = client is None
    http = client or httpx.Client(timeout=WEBHOOK_TIMEOUT_S, headers={"User-Agent": USER_AGENT})
    outcomes: list[DeliveryOutcome] = []
    try:
        for sub in store.subscriptions():
            if subscription and sub.name != subscription:
                continue
            make_digest(store, sub)
            for record in store.digests(pending=True, subscription=sub.name):
                outcomes.append(_deliver(store, sub, record, http, printer, backoff_s))
    finally:
        if owned:
            http.close()
    return outcomes


def _deliver(
    store: SqlStore,
    sub: Subscription,
    record: DigestRecord,
    client: httpx.Client,
    printer: Callable[[str], None],
    backoff_s: float,
) -> DeliveryOutcome:
    digest = Digest.model_validate_json(record.payload)
    via: Delivery = "webhook" if sub.webhook else "file" if sub.file else "print"
    error: str | None = None
    if sub.webhook:
        error = _post(client, sub.webhook, sub.secret or "", record, backoff_s)
    elif sub.file:
        path = Path(sub.file)
        rendered = render_html(digest) if path.suffix.lower() in (".html", ".htm") else (
            render_markdown(digest)
        )
        try:
            path.write_text(rendered, encoding="utf-8")
        except OSError as exc:
            error = f"cannot write {path}: {exc}"
    else:
        printer(render_markdown(digest))
    store.record_delivery(record.id, delivered_at=None if error else stamp(), error=error)
    return DeliveryOutcome(
        digest=record.id, subscription=sub.name, via=via, events=record.events,
        delivered=error is None, error=error,
    )  # fmt: skip


def _post(
    client: httpx.Client, url: str, secret: str, record: DigestRecord, backoff_s: float
) -> str | None:
    """POST the digest, retrying; None when a 2xx came back, else the last error."""
    body = record.payload.encode()
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(secret, body),
        DIGEST_HEADER: record.id,
    }
    error = "not sent"
    for attempt in range(WEBHOOK_ATTEMPTS):
        if attempt:
            time.sleep(backoff_s * 2 ** (attempt - 1))
        try:
            response = client.post(url, content=body, headers=headers, timeout=WEBHOOK_TIMEOUT_S)
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
            continue
        if 200 <= response.status_code < 300:
            return None
        error = f"HTTP {response.status_code}"
    return error
