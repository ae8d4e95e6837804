"""What a source lists (feed entries, or article links of an HTML listing page) and reading one
listed article: its page through the ingest code (trafilatura), or the entry's own text."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urldefrag, urljoin

from communique.ingest.feeds import _entry_published, _markup_text, looks_like_feed
from communique.ingest.readers import build_article, failure, html_text, read_html
from communique.models import Article, IngestFailure, Record
from communique.watch.config import SourceSpec
from communique.watch.fetching import STOPPED, Fetched, PoliteFetcher


class ListedItem(Record):
    """One article a source lists: its URL and what the listing says of it."""

    url: str
    source: str
    title: str | None = None
    published: str | None = None
    entry_id: str | None = None
    summary: str = ""


def listed_items(spec: SourceSpec, fetched: Fetched) -> list[ListedItem] | IngestFailure:
    """The items of a fetched listing, in its order, each URL once; a failure when the listing
    is neither a feed with entries nor an HTML page with matching links."""
    is_feed = looks_like_feed(fetched.content, fetched.content_type)
    kind = spec.kind or ("rss" if is_feed else "html")
    if kind == "html":
        return _html_links(spec, fetched)
    return _feed_entries(spec, fetched)


def _feed_entries(spec: SourceSpec, fetched: Fetched) -> list[ListedItem] | IngestFailure:
    import feedparser

    try:
        parsed = feedparser.parse(fetched.content)
    except Exception as exc:  # feedparser's XML back ends raise many types on broken input
        return failure(spec.url, f"feed could not be parsed ({type(exc).__name__})", str(exc))
    entries = list(parsed.get("entries") or [])
    if not entries:
        if parsed.get("version") and not parsed.get("bozo"):
            return []  # a well-formed feed that lists nothing today
        reason = str(parsed.get("bozo_exception") or "no <item> or <entry> elements")
        return failure(spec.url, "not a readable RSS/Atom feed", reason[:300])
    items: list[ListedItem] = []
    seen: set[str] = set()
    for entry in entries:
        link = entry.get("link") or ""
        if not link.startswith(("http://", "https://")):
            link = urljoin(fetched.url, link) if link else ""
        if not link or link in seen:
            continue
        seen.add(link)
        contents = entry.get("content") or []
        markup = next((c.get("value") for c in contents if c.get("value")), None)
        items.append(
            ListedItem(
                url=link,
                source=spec.name,
                title=entry.get("title") or None,
                published=_entry_published(entry),
                entry_id=entry.get("id") or None,
                summary=_markup_text(markup or entry.get("summary") or ""),
            )
        )
    return items


def _html_links(spec: SourceSpec, fetched: Fetched) -> list[ListedItem] | IngestFailure:
    if not spec.link_pattern:
        return failure(
            spec.url,
            "an HTML page, and the source has no link_pattern",
            "set kind and link_pattern (a regular expression for its article links) in the "
            "[[source]] table, or give the feed's URL",
        )
    page = html_text(fetched.content, spec.url)
    if isinstance(page, IngestFailure):
        return page
    import lxml.html  # type: ignore[import-untyped]

    try:
        root = lxml.html.fromstring(page)
    except Exception as exc:  # lxml refuses empty or broken documents
        return failure(spec.url, f"HTML could not be parsed ({type(exc).__name__})", str(exc))
    pattern = re.compile(spec.link_pattern)
    items: list[ListedItem] = []
    seen: set[str] = set()
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if not href:
            continue
        link = urldefrag(urljoin(fetched.url, href.strip()))[0]
        if not link.startswith(("http://", "https://")) or link in seen:
            continue
        if not pattern.search(link):
            continue
        seen.add(link)
        title = " ".join(anchor.text_content().split()) or None
        items.append(ListedItem(url=link, source=spec.name, title=title))
    return items


#: Reads a fetched page: (body, the item's URL, the URL after redirects) -> article or failure.
Extractor = Callable[[bytes, str, str], Article | IngestFailure]


def extract_page(content: bytes, url: str, final_url: str) -> Article | IngestFailure:
    """A fetched article page through ingest's reader (trafilatura). A top-level function, so a
    process pool can run it (docs/WATCH.md, --extract-processes)."""
    text = html_text(content, url)
    if isinstance(text, IngestFailure):
        return text
    return read_html(text, url, url=final_url, default_published=None)


def read_item(
    fetcher: PoliteFetcher,
    spec: SourceSpec,
    item: ListedItem,
    extract: Extractor = extract_page,
) -> Article | IngestFailure:
    """The listed article: its page through trafilatura (ingest's reader), else the entry's own
    text; the listing's title, date and id win over the page's, as `communique ingest` does."""
    response = fetcher.get(item.url)
    if isinstance(response, IngestFailure) and response.reason == STOPPED:
        return response  # not read at all: the next round reads it
    page: Article | IngestFailure | None = None
    if isinstance(response, Fetched):
        page = extract(response.content, item.url, response.url)
    if isinstance(page, Article):
        article = page.model_copy(
            update={
                "title": item.title or page.title,
                "published": item.published or page.published,
                "url": item.url,
                "id": item.entry_id or page.id,
            }
        )
    elif item.summary.strip():
        built = build_article(
            item.summary, origin=item.url, article_id=item.entry_id, title=item.title,
            published=item.published, url=item.url,
        )  # fmt: skip
        if isinstance(built, IngestFailure):
            return built
        article = built
    else:
        if isinstance(response, IngestFailure):
            return response
        return page if page is not None else failure(item.url, "no article text")
    update: dict[str, object] = {"origin": item.url}
    if spec.publisher and not article.source:
        update["source"] = spec.publisher
    if spec.language:
        update["language"] = spec.language
    return article.model_copy(update=update)
