"""RSS/Atom feeds and web pages, fetched through an injected httpx client (tests stay offline)."""

from __future__ import annotations

import calendar
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from communique.ingest.readers import (
    Item,
    build_article,
    failure,
    html_text,
    read_html,
    too_large,
)
from communique.models import IngestFailure
from communique.settings import InputLimits

#: Seconds to wait for each read (connect, each chunk) of one feed or page. Agency sites answer
#: in well under 5 s; 20 s leaves room for a slow mirror. The whole fetch is bounded by
#: Settings.fetch_deadline_s as well, however slowly a server drips its bytes.
FETCH_TIMEOUT_S = 20.0

USER_AGENT = "communique/0.1 (+https://github.com/communique; news event coder)"
_FEED_TYPES = ("rss", "atom", "xml")


def default_client() -> httpx.Client:
    return httpx.Client(
        timeout=FETCH_TIMEOUT_S, follow_redirects=True, headers={"User-Agent": USER_AGENT}
    )


@dataclass(frozen=True)
class Fetched:
    """A fetched body (decompressed, within the byte limit) and what the server said of it."""

    url: str
    content: bytes
    content_type: str
    encoding: str | None

    @property
    def text(self) -> str:
        return self.content.decode(self.encoding or "utf-8", errors="replace")


def fetch(
    client: httpx.Client, url: str, limits: InputLimits | None = None
) -> Fetched | IngestFailure:
    """GET a URL within the body cap and the total deadline; any network error, non-2xx status,
    oversized body or slow server becomes a failure naming the URL."""
    limits = limits or InputLimits()
    deadline = time.monotonic() + limits.fetch_deadline_s
    per_read = min(FETCH_TIMEOUT_S, limits.fetch_deadline_s)
    try:
        with client.stream("GET", url, timeout=httpx.Timeout(per_read)) as response:
            if response.status_code >= 400:
                return failure(
                    url, f"HTTP {response.status_code}", "check the URL; the server refused it"
                )
            body = read_body(response, url, limits, deadline)
            if isinstance(body, IngestFailure):
                return body
            return Fetched(
                url=str(response.url),
                content=body,
                content_type=response.headers.get("content-type", ""),
                encoding=response.charset_encoding,
            )
    except httpx.HTTPError as exc:
        if time.monotonic() > deadline:
            return too_slow(url, limits)
        reason = f"could not fetch ({type(exc).__name__})"
        return failure(url, reason, f"{exc}; check the URL and the network")


def read_body(
    response: httpx.Response,
    url: str,
    limits: InputLimits,
    deadline: float,
    interrupted: Callable[[], IngestFailure | None] | None = None,
) -> bytes | IngestFailure:
    """The body of a streamed response within the byte cap and the monotonic ``deadline``
    (checked after each chunk, so a server that drips bytes cannot hold the fetch open);
    ``interrupted`` may end the read early with its own failure (a watcher asked to stop)."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.fetch_max_bytes:
        return too_large(url, limits.fetch_max_bytes, "the response body")
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > limits.fetch_max_bytes:
            return too_large(url, limits.fetch_max_bytes, "the response body")
        if time.monotonic() > deadline:
            return too_slow(url, limits)
        stopped = interrupted() if interrupted is not None else None
        if stopped is not None:
            return stopped
    if time.monotonic() > deadline:
        return too_slow(url, limits)
    return bytes(body)


def too_slow(url: str, limits: InputLimits) -> IngestFailure:
    return failure(
        url,
        f"the fetch took longer than {limits.fetch_deadline_s:g} s",
        "the server is too slow or keeps the connection open; try later, or raise "
        "COMMUNIQUE_FETCH_DEADLINE_S",
    )


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    """True for RSS/Atom: by content type, else by the first tag of the document."""
    if any(kind in content_type for kind in _FEED_TYPES) and "html" not in content_type:
        return True
    head = data[:512].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf"))


def read_url(
    client: httpx.Client,
    url: str,
    *,
    default_published: str | None,
    limits: InputLimits | None = None,
) -> Iterator[Item]:
    """An http(s) URL: a feed yields one article per entry, a page yields its article."""
    response = fetch(client, url, limits)
    if isinstance(response, IngestFailure):
        yield response
        return
    if looks_like_feed(response.content, response.content_type):
        yield from read_feed(
            client, response.content, url, default_published=default_published, limits=limits
        )
        return
    yield read_html(response.text, url, url=response.url, default_published=default_published)


def read_feed(
    client: httpx.Client,
    data: bytes,
    origin: str,
    *,
    default_published: str | None,
    limits: InputLimits | None = None,
) -> Iterator[Item]:
    """Each entry's linked page through trafilatura, or the entry's own content when that fails."""
    import feedparser

    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # feedparser's XML back ends raise many types on broken input
        yield failure(origin, f"feed could not be parsed ({type(exc).__name__})", str(exc))
        return
    entries = list(parsed.get("entries") or [])
    if not entries:
        is_feed = parsed.get("version") and not parsed.get("bozo")
        reason = "the feed has no entries" if is_feed else "not an RSS/Atom feed"
        yield failure(origin, reason, "give a feed URL or file with <item>/<entry> elements")
        return
    for number, entry in enumerate(entries, start=1):
        yield _read_entry(client, entry, origin, number, default_published, limits)


def _read_entry(
    client: httpx.Client,
    entry: Any,
    origin: str,
    number: int,
    default_published: str | None,
    limits: InputLimits | None,
) -> Item:
    link = entry.get("link") or None
    title = entry.get("title") or None
    published = _entry_published(entry)
    page: Item | None = None
    if link and link.startswith(("http://", "https://")):
        response = fetch(client, link, limits)
        if not isinstance(response, IngestFailure):
            page = read_html(response.text, link, url=response.url, default_published=None)
    if page is not None and not isinstance(page, IngestFailure):
        return page.model_copy(
            update={
                "title": title or page.title,
                "published": published or page.published or default_published,
                "url": link,
                "id": entry.get("id") or page.id,
            }
        )
    return _entry_fallback(entry, origin, number, link, title, published, default_published)


def _entry_fallback(
    entry: Any,
    origin: str,
    number: int,
    link: str | None,
    title: str | None,
    published: str | None,
    default_published: str | None,
) -> Item:
    """The entry's own content (or summary) when its page cannot be fetched or read."""
    contents = entry.get("content") or []
    markup = next((c.get("value") for c in contents if c.get("value")), None)
    markup = markup or entry.get("summary") or ""
    text = _markup_text(markup)
    where = link or origin
    if not text.strip():
        return failure(
            where,
            "feed entry without text",
            "its page could not be fetched and the entry has no summary or content",
            None if link else number,
        )
    return build_article(
        text,
        origin=where,
        line=None if link else number,
        article_id=entry.get("id") or None,
        title=title,
        published=published,
        url=link,
        default_published=default_published,
    )


def _markup_text(markup: str) -> str:
    """Plain text of an entry's HTML summary, one paragraph per block element."""
    if "<" not in markup:
        return markup.strip()
    import lxml.html  # type: ignore[import-untyped]

    try:
        root = lxml.html.fromstring(markup)
    except Exception:  # lxml refuses empty or odd fragments; fall back to nothing
        return ""
    blocks = [
        " ".join(el.text_content().split()) for el in root.iter("p", "li", "blockquote", "h1", "h2")
    ]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else " ".join(root.text_content().split())


def _entry_published(entry: Any) -> str | None:
    """feedparser's parsed UTC time of the entry, as ISO 8601 with offset."""
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed is None:
        return None
    moment = datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    return moment.isoformat(timespec="seconds")


def read_feed_file(
    client: httpx.Client,
    data: bytes,
    origin: str,
    *,
    default_published: str | None,
    limits: InputLimits | None = None,
) -> Iterator[Item]:
    """A local .rss/.atom/.xml file: same as a fetched feed, after the text checks."""
    checked = html_text(data, origin)
    if isinstance(checked, IngestFailure):
        yield checked
        return
    if not checked.strip():
        yield failure(origin, "empty file", "the feed file holds nothing; remove it or fill it")
        return
    yield from read_feed(client, data, origin, default_published=default_published, limits=limits)
