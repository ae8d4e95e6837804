"""`read_sources`: files, folders, JSONL, HTML, feeds, URLs and stdin into Articles, in order."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

import httpx

from communique.ingest.dates import published_option
from communique.ingest.feeds import default_client, looks_like_feed, read_feed_file, read_url
from communique.ingest.readers import (
    Item,
    failure,
    html_text,
    open_jsonl,
    read_html,
    read_jsonl,
    read_text,
)

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
HTML_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
TEXT_SUFFIXES = (".txt", ".text")
#: What a folder walk picks up; a file named explicitly is read whatever its extension.
SUPPORTED_SUFFIXES = JSONL_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES + TEXT_SUFFIXES

#: Bytes of stdin looked at to tell JSONL, HTML, a feed and plain text apart.
STDIN_SNIFF_BYTES = 4096


class _Client:
    """The injected httpx client, or a default one opened on first use and closed at the end."""

    def __init__(self, client: httpx.Client | None) -> None:
        self._client = client
        self._owned: httpx.Client | None = None

    def get(self) -> httpx.Client:
        if self._client is not None:
            return self._client
        if self._owned is None:
            self._owned = default_client()
        return self._owned

    def close(self) -> None:
        if self._owned is not None:
            self._owned.close()


def read_sources(
    paths: Sequence[str], *, published: str | None = None, client: httpx.Client | None = None
) -> Iterator[Item]:
    """Yield one Article per input article, or one IngestFailure per input that cannot be read.

    Never raises for a bad input (only for a bad `published` option); the batch always goes on.
    `published` is the publication date of inputs that do not state their own.
    """
    default_published = published_option(published)
    holder = _Client(client)
    try:
        for source in paths:
            yield from _read_one(source, holder, default_published)
    finally:
        holder.close()


def _read_one(source: str, holder: _Client, default_published: str | None) -> Iterator[Item]:
    if source == "-":
        yield from read_stream(sys.stdin.buffer, "<stdin>", holder, default_published)
        return
    if source.startswith(("http://", "https://")):
        yield from read_url(holder.get(), source, default_published=default_published)
        return
    path = Path(source)
    if not path.exists():
        yield failure(source, "no such file or folder", "check the path")
        return
    if path.is_dir():
        files = walk(path)
        if not files:
            yield failure(
                source,
                "no supported files in the folder",
                "communique reads " + ", ".join(SUPPORTED_SUFFIXES),
            )
        for file in files:
            yield from read_file(file, holder, default_published)
        return
    yield from read_file(path, holder, default_published)


def walk(folder: Path) -> list[Path]:
    """Every supported file under `folder`, recursively, sorted; hidden files and folders skip."""
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.name.lower().endswith(SUPPORTED_SUFFIXES):
            found.append(path)
    return sorted(found)


def read_file(path: Path, holder: _Client, default_published: str | None) -> Iterator[Item]:
    """One file by its extension; plain text for .txt and anything unknown."""
    origin = str(path)
    name = path.name.lower()
    try:
        if name.endswith(JSONL_SUFFIXES):
            with open_jsonl(path) as stream:
                yield from read_jsonl(stream, origin, default_published=default_published)
            return
        data = path.read_bytes()
    except OSError as exc:
        reason = f"cannot read the file ({exc.strerror or exc})"
        yield failure(origin, reason, "check that it is a readable file")
        return
    if name.endswith(HTML_SUFFIXES):
        yield _html_bytes(data, origin, default_published)
    elif name.endswith(FEED_SUFFIXES):
        yield from read_feed_file(holder.get(), data, origin, default_published=default_published)
    else:
        yield read_text(data, origin, default_published=default_published)


def read_stream(
    stream: IO[bytes], origin: str, holder: _Client, default_published: str | None
) -> Iterator[Item]:
    """stdin: JSONL is streamed line by line; HTML, a feed or plain text is read whole."""
    head = _peek(stream)
    content = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if content[:1] in (b"{", b"["):
        yield from read_jsonl(_prefixed(head, stream), origin, default_published=default_published)
        return
    data = head + stream.read()
    lowered = content[:512].lower()
    if looks_like_feed(data):
        yield from read_feed_file(holder.get(), data, origin, default_published=default_published)
    elif lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        yield _html_bytes(data, origin, default_published)
    else:
        yield read_text(data, origin, default_published=default_published)


def _html_bytes(data: bytes, origin: str, default_published: str | None) -> Item:
    """An HTML page given as bytes: decoded (or the decoding failure), then read."""
    page = html_text(data, origin)
    if not isinstance(page, str):
        return page
    return read_html(page, origin, default_published=default_published)


def _peek(stream: IO[bytes]) -> bytes:
    return stream.read(STDIN_SNIFF_BYTES) or b""


def _prefixed(head: bytes, stream: IO[bytes]) -> Iterator[bytes]:
    """The lines of already-read bytes, then the rest of the stream line by line."""
    lines = head.splitlines(keepends=True)
    if lines and not lines[-1].endswith(b"\n"):
        lines[-1] += stream.readline()
    yield from lines
    yield from stream
