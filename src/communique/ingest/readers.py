"""Readers for each input format: plain text, JSONL, HTML, RSS/Atom. Each returns typed records.

A reader never raises for a bad input: it returns an `IngestFailure` whose reason says what is
wrong with which file (and line) and what to do, so the batch goes on.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from io import BufferedReader
from pathlib import Path
from typing import Any

from communique.ids import content_hash
from communique.ingest.bounded import Exhausted, LineStream, TooLong, bounded_lines
from communique.ingest.dates import ISO_DAY, normalise_published
from communique.ingest.language import detect_language
from communique.ingest.layout import dateline_place, find_dateline, split_layout
from communique.models import Article, IngestFailure
from communique.settings import InputLimits

Item = Article | IngestFailure

#: How far into an HTML file to look for a declared charset (<meta charset=...>); the HTML
#: standard requires the declaration within the first 1024 bytes, 2048 allows for a BOM and junk.
CHARSET_SNIFF_BYTES = 2048

#: Fewest words of main text that make a page an article. When a page has no article, trafilatura
#: falls back to link labels ("Home World Sport", a handful of words); the shortest wire briefs
#: run to about 40 words, so 10 separates the two with room on both sides.
MIN_PAGE_WORDS = 10

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_TIME_SUFFIX = r"T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
_JSON_KEYS = ("id", "title", "published", "url", "source", "language")


def failure(origin: str, reason: str, detail: str = "", line: int | None = None) -> IngestFailure:
    return IngestFailure(origin=origin, line=line, reason=reason, detail=detail)


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(data: bytes, origin: str, *, line: int | None = None) -> str | IngestFailure:
    """UTF-8 text (a BOM is allowed; UTF-16 with its BOM too) or a failure that says where
    decoding broke and what to do."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return failure(
                origin,
                f"broken UTF-16 (at byte offset {exc.start})",
                "re-save the file as UTF-8, e.g. `iconv -f utf-16 -t utf-8 FILE > FILE.utf8`",
                line,
            )
    if b"\x00" in data:
        return failure(
            origin,
            "binary file (contains NUL bytes)",
            "communique reads text, JSONL, HTML and RSS/Atom; convert the file to text first",
            line,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        where = data[: exc.start].count(b"\n") + 1
        return failure(
            origin,
            f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}, line {where})",
            "re-save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8 FILE > FILE.utf8`",
            line,
        )


def too_large(origin: str, limit: int, what: str = "the input", line: int | None = None
              ) -> IngestFailure:
    """The failure of an input over a byte limit (see communique.settings)."""
    return failure(
        origin,
        f"{what} is larger than {limit:,} bytes",
        "split it, or raise the limit (COMMUNIQUE_MAX_ARTICLE_BYTES / COMMUNIQUE_MAX_INPUT_BYTES "
        "/ COMMUNIQUE_FETCH_MAX_BYTES)",
        line,
    )


def build_article(
    text: str,
    *,
    origin: str,
    line: int | None = None,
    article_id: str | None = None,
    title: str | None = None,
    published: str | None = None,
    url: str | None = None,
    source: str | None = None,
    default_published: str | None = None,
    language: str | None = None,
) -> Item:
    """An Article from body text: dateline cut off the text, published normalised, ids set.

    `language` is the one the input states (ISO 639-1, e.g. "ru"); without it the text's own
    letters decide (ingest/language.py)."""
    text = text.strip()
    dateline = find_dateline(text)
    place = None
    if dateline is not None:
        text = text[dateline.end :].lstrip()
        place = dateline_place(dateline.place, dateline.region)
        source = source or dateline.agency
    if not text:
        return failure(origin, "no article text", "the input holds no body text to code", line)
    stated = normalise_published(published) if published else None
    digest = content_hash(text)
    return Article(
        id=article_id or digest,
        text=text,
        title=(title or "").strip() or None,
        published=stated or default_published,
        source=source,
        dateline=place,
        url=url,
        language=(language or "").strip().lower() or detect_language(text),
        content_hash=digest,
        origin=f"{origin}:{line}" if line is not None else origin,
    )


def read_text(data: bytes, origin: str, *, default_published: str | None) -> Item:
    """A plain-text article: optional date line and title line, then the body (see layout.py)."""
    text = decode(data, origin)
    if isinstance(text, IngestFailure):
        return text
    if not text.strip():
        return failure(origin, "empty file", "the file holds no text; remove it or fill it")
    layout = split_layout(text)
    return build_article(
        layout.body,
        origin=origin,
        title=layout.title,
        published=layout.published,
        default_published=default_published,
    )


def read_jsonl(
    stream: LineStream,
    origin: str,
    *,
    default_published: str | None,
    limits: InputLimits | None = None,
) -> Iterator[Item]:
    """One article per line, streamed: a bad line becomes a failure and the next line goes on.

    A line over `max_article_bytes` is skipped (not held) and reported; reading stops, with a
    failure, once the input passed `max_input_bytes` decompressed bytes.
    """
    limits = limits or InputLimits()
    number = 0
    seen_content = False
    try:
        for number, raw in bounded_lines(
            stream, limits.max_article_bytes, limits.max_input_bytes
        ):
            if isinstance(raw, TooLong):
                seen_content = True
                yield too_large(origin, limits.max_article_bytes, "the line", number)
                continue
            if isinstance(raw, Exhausted):
                yield failure(
                    origin,
                    f"input larger than {limits.max_input_bytes:,} bytes (decompressed); "
                    f"stopped after line {number}",
                    "split the input, or raise COMMUNIQUE_MAX_INPUT_BYTES",
                    number + 1,
                )
                return
            if not raw.strip():
                continue
            seen_content = True
            yield _jsonl_line(raw, origin, number, default_published)
    except (OSError, EOFError, zlib.error) as exc:  # a truncated or corrupt .gz
        yield failure(
            origin,
            f"cannot read past line {number}: {exc}",
            "the compressed file is damaged; re-create it with gzip",
            number + 1,
        )
        return
    if not seen_content:
        yield failure(origin, "empty file", "the file holds no JSON lines; remove it or fill it")


def _jsonl_line(raw: bytes, origin: str, number: int, default_published: str | None) -> Item:
    text = decode(raw, origin, line=number)
    if isinstance(text, IngestFailure):
        return text
    try:
        record: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        return failure(
            origin,
            f"invalid JSON: {exc.msg} at column {exc.colno}",
            "each line must be one JSON object; fix or remove this line",
            number,
        )
    if not isinstance(record, dict):
        return failure(
            origin,
            f"a JSON {type(record).__name__} where an object was expected",
            'each line must be an object such as {"id": ..., "text": ...}',
            number,
        )
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        return failure(
            origin,
            "no text",
            'the object needs a non-empty string "text"; fix or remove this line',
            number,
        )
    fields: dict[str, str | None] = {}
    for key in _JSON_KEYS:
        value = record.get(key)
        if value is not None and not isinstance(value, str | int | float):
            return failure(
                origin,
                f'"{key}" is a {type(value).__name__}, not a string',
                "fix or remove this line",
                number,
            )
        fields[key] = None if value is None else str(value)
    stated = fields["published"]
    if stated is not None and stated.strip() and normalise_published(stated) is None:
        return failure(
            origin,
            f'"published" is not a date: {stated[:80]!r}',
            "give an ISO 8601 date such as 2022-10-18T11:30:00+06:00, or leave the key out",
            number,
        )
    return build_article(
        body,
        origin=origin,
        line=number,
        article_id=fields["id"],
        title=fields["title"],
        published=fields["published"],
        url=fields["url"],
        source=fields["source"],
        default_published=default_published,
        language=fields["language"],
    )


def open_jsonl(path: Path) -> gzip.GzipFile | BufferedReader:
    """A binary line stream over a JSONL file, gunzipped on the fly for .gz."""
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")
    return path.open("rb")


def html_text(data: bytes, origin: str) -> str | IngestFailure:
    """The page as text: UTF-8, or the charset the page declares; never guessed."""
    if b"\x00" in data:
        return decode(data, origin)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if data.startswith(_UTF16_BOMS):
        return decode(data, origin)
    declared = _CHARSET.search(data[:CHARSET_SNIFF_BYTES])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, origin)


def read_html(
    html: str, origin: str, *, url: str | None = None, default_published: str | None
) -> Item:
    """An article page through trafilatura: title, date, main text, canonical URL."""
    import trafilatura

    if not html.strip():
        return failure(origin, "empty file", "the page holds nothing; remove it or fill it")
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": True, "original_date": True},
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        return failure(origin, f"HTML could not be parsed ({type(exc).__name__})", str(exc))
    body = _paragraphs(getattr(doc, "text", None) or "")
    title = getattr(doc, "title", None)
    if title and body.startswith(title + "\n\n"):
        body = body[len(title) :]  # trafilatura repeats the <h1> as the first line
    if len(body.split()) < MIN_PAGE_WORDS:
        return failure(
            origin,
            "no article text found in the HTML",
            "the page has no main text (an index, a form, a script page); give the article's URL",
        )
    return build_article(
        body,
        origin=origin,
        title=title,
        published=_with_time(html, getattr(doc, "date", None)),
        url=getattr(doc, "url", None) or url,
        default_published=default_published,
    )


def _with_time(html: str, day: str | None) -> str | None:
    """The page's date with its time and offset when the page states them for that same day.

    trafilatura gives the day only; a stamp of that day elsewhere in the page, such as
    article:published_time="2024-05-02T09:15:00+02:00" or JSON-LD "datePublished", adds the time.
    """
    if not day or not ISO_DAY.match(day):
        return day
    stamp = re.search(re.escape(day) + _TIME_SUFFIX, html)
    return stamp.group(0) if stamp else day


def _paragraphs(text: str) -> str:
    """trafilatura gives one paragraph a line; Article.text separates them by a blank line."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
