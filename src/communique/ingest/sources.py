"""`read_sources`: files, folders, JSONL, HTML, feeds, URLs and stdin into Articles, in order."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

import httpx

from communique.ingest.bounded import Prefixed, read_capped, read_file_capped, special_file
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
    too_large,
)
from communique.models import IngestFailure
from communique.settings import InputLimits, Settings

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
    paths: Sequence[str],
    *,
    published: str | None = None,
    client: httpx.Client | None = None,
    limits: InputLimits | None = None,
) -> Iterator[Item]:
    """Yield one Article per input article, or one IngestFailure per input that cannot be read.

    Never raises for a bad input (only for a bad `published` option); the batch always goes on.
    `published` is the publication date of inputs that do not state their own; `limits` bound
    what one input may cost (default: from `Settings`, see docs/INGEST.md).
    """
    default_published = published_option(published)
    holder = _Client(client)
    reader = _Reader(holder, default_published, limits or Settings().input_limits())
    try:
        for source in paths:
            yield from reader.guarded(source, reader.read_one)
    finally:
        holder.close()


class _Reader:
    """One run's reading context: the client, the default date and the limits."""

    def __init__(self, holder: _Client, default_published: str | None, limits: InputLimits):
        self.holder = holder
        self.published = default_published
        self.limits = limits

    def guarded(self, source: str, read: Callable[[str], Iterator[Item]]) -> Iterator[Item]:
        """`read(source)`, with any unexpected error turned into a failure of that source."""
        try:
            yield from read(source)
        except Exception as exc:  # a reader bug must cost one input, never the run
            yield failure(
                source,
                f"unexpected error while reading ({type(exc).__name__})",
                f"{str(exc)[:300]}; please report it with the input",
            )

    def read_one(self, source: str) -> Iterator[Item]:
        if source == "-":
            yield from read_stream(sys.stdin.buffer, "<stdin>", self)
            return
        if source.startswith(("http://", "https://")):
            yield from read_url(
                self.holder.get(), source, default_published=self.published, limits=self.limits
            )
            return
        path = Path(source)
        if not path.exists() and not path.is_symlink():
            yield failure(source, "no such file or folder", "check the path")
            return
        if path.is_dir():
            entries = walk(path)
            if not entries:
                yield failure(
                    source,
                    "no supported files in the folder",
                    "communique reads " + ", ".join(SUPPORTED_SUFFIXES),
                )
            for entry in entries:
                if isinstance(entry, IngestFailure):
                    yield entry
                else:
                    yield from self.guarded(str(entry), self.read_path)
            return
        yield from read_file(path, self)

    def read_path(self, source: str) -> Iterator[Item]:
        yield from read_file(Path(source), self)


def walk(folder: Path) -> list[Path | IngestFailure]:
    """Every supported file under `folder`, recursively, sorted; hidden files and folders skip.

    Links to files and folders are followed; a broken link, a link loop, a FIFO, a device or a
    socket is reported as a failure in its place (never skipped silently, never opened). Files
    without a supported extension are skipped (name one explicitly to read it as text).
    """
    found: list[tuple[str, Path | IngestFailure]] = []
    seen: set[tuple[int, int]] = set()

    def visit(directory: Path) -> None:
        info = directory.stat()
        key = (info.st_dev, info.st_ino)
        if key in seen:
            found.append(
                (str(directory), failure(
                    str(directory), "a folder already read (a symbolic link loop or a second link)",
                    "remove the link that points back to a folder above it"))
            )
            return
        seen.add(key)
        try:
            children = sorted(directory.iterdir())
        except OSError as exc:
            found.append((str(directory), failure(
                str(directory), f"cannot list the folder ({exc.strerror or exc})",
                "check its permissions")))
            return
        for child in children:
            if child.name.startswith("."):
                continue
            problem = special_file(child)
            if problem == "a folder":
                visit(child)
            elif problem is None:
                if child.name.lower().endswith(SUPPORTED_SUFFIXES):
                    found.append((str(child), child))
            else:
                found.append((str(child), failure(
                    str(child), f"not read: {problem}",
                    "remove it or replace it with a regular file")))

    visit(folder)
    return [entry for _, entry in sorted(found, key=lambda pair: pair[0])]


def read_file(path: Path, reader: _Reader) -> Iterator[Item]:
    """One file by its extension; plain text for .txt and anything unknown."""
    origin = str(path)
    name = path.name.lower()
    problem = special_file(path)
    if problem is not None:
        yield failure(origin, f"not read: {problem}", "give a regular file, or - for stdin")
        return
    limits = reader.limits
    is_feed = name.endswith(FEED_SUFFIXES)
    try:
        if name.endswith(JSONL_SUFFIXES):
            with open_jsonl(path) as stream:
                yield from read_jsonl(
                    stream, origin, default_published=reader.published, limits=limits
                )
            return
        cap = limits.fetch_max_bytes if is_feed else limits.max_article_bytes
        data = read_file_capped(path, cap)
    except OSError as exc:
        reason = f"cannot read the file ({exc.strerror or exc})"
        yield failure(origin, reason, "check that it is a readable file")
        return
    if data is None:
        yield too_large(origin, cap, "the file")
    elif name.endswith(HTML_SUFFIXES):
        yield _html_bytes(data, origin, reader.published)
    elif is_feed:
        yield from read_feed_file(
            reader.holder.get(), data, origin, default_published=reader.published, limits=limits
        )
    else:
        yield read_text(data, origin, default_published=reader.published)


def read_stream(stream: IO[bytes], origin: str, reader: _Reader) -> Iterator[Item]:
    """stdin: JSONL is streamed line by line; HTML, a feed or plain text is read whole (capped)."""
    limits = reader.limits
    head = _peek(stream)
    content = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if content[:1] in (b"{", b"["):
        yield from read_jsonl(
            Prefixed(head, stream), origin, default_published=reader.published, limits=limits
        )
        return
    cap = max(limits.max_article_bytes, limits.fetch_max_bytes)
    data = read_capped(Prefixed(head, stream), cap)  # type: ignore[arg-type]
    if data is None:
        yield too_large(origin, cap, "stdin")
        return
    lowered = content[:512].lower()
    if looks_like_feed(data):
        yield from read_feed_file(
            reader.holder.get(), data, origin, default_published=reader.published, limits=limits
        )
    elif lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        yield _html_bytes(data, origin, reader.published)
    else:
        yield read_text(data, origin, default_published=reader.published)


def _html_bytes(data: bytes, origin: str, default_published: str | None) -> Item:
    """An HTML page given as bytes: decoded (or the decoding failure), then read."""
    page = html_text(data, origin)
    if not isinstance(page, str):
        return page
    return read_html(page, origin, default_published=default_published)


def _peek(stream: IO[bytes]) -> bytes:
    return stream.read(STDIN_SNIFF_BYTES) or b""
