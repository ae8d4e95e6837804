"""Bounded reading: no input may make ingest hold or read more than the limits allow.

Every byte that enters communique goes through these helpers: a file is checked to be a regular
file before it is opened (a FIFO would block forever, /dev/zero never ends), a whole-file read
stops one byte past its limit, and a line stream is read with a per-line limit and a running
total of decompressed bytes (a gzip bomb stops at `max_input_bytes`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

#: Bytes read at a time while skipping the rest of a line that is over the limit.
SKIP_CHUNK = 1 << 20


class LineStream(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True)
class TooLong:
    """A line over the per-article limit (its bytes were skipped, not held)."""

    number: int
    size: int


@dataclass(frozen=True)
class Exhausted:
    """The input passed its total byte limit after `number` lines; reading stopped."""

    number: int


def file_kind(mode: int) -> str | None:
    """What a non-regular file is ("a FIFO", "a character device", ...), None for a regular one."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def special_file(path: Path) -> str | None:
    """Why `path` cannot be read as a file (broken link, FIFO, device), or None when it can."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a broken symbolic link" if path.is_symlink() else "no such file"
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return "a symbolic link loop"
        return f"cannot be read ({exc.strerror or exc})"
    return file_kind(mode)


def read_capped(stream: IO[bytes], limit: int) -> bytes | None:
    """At most `limit` bytes of the stream; None when it holds more (one byte past is read)."""
    data = stream.read(limit + 1)
    return None if len(data) > limit else data


def read_file_capped(path: Path, limit: int) -> bytes | None:
    """The file's bytes, or None when it is larger than `limit` (never reads more than that)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in must not block open
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as stream:
        return read_capped(stream, limit)


def bounded_lines(
    stream: LineStream, max_line: int, max_total: int
) -> Iterator[tuple[int, bytes | TooLong | Exhausted]]:
    """(line number, line) pairs; an over-long line comes as TooLong, a spent budget as Exhausted.

    Never holds more than `max_line` + 1 bytes of one line, never reads more than `max_total`
    (+ one line) bytes in all.
    """
    total = 0
    number = 0
    while True:
        raw = stream.readline(max_line + 1)
        if not raw:
            return
        number += 1
        total += len(raw)
        if len(raw) > max_line and not raw.endswith(b"\n"):
            size = len(raw)
            while not raw.endswith(b"\n") and total <= max_total:
                raw = stream.readline(SKIP_CHUNK)
                if not raw:
                    break
                size += len(raw)
                total += len(raw)
            yield number, TooLong(number, size)
        else:
            yield number, raw
        if total > max_total:
            yield number, Exhausted(number)
            return


class Prefixed:
    """A stream whose first bytes were already read (to sniff the format): head, then the rest."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self.head = head
        self.stream = stream

    def readline(self, size: int = -1, /) -> bytes:
        if not self.head:
            return self.stream.readline(size)
        newline = self.head.find(b"\n")
        end = len(self.head) if newline < 0 else newline + 1
        if size >= 0:
            end = min(end, size)
        out, self.head = self.head[:end], self.head[end:]
        if out.endswith(b"\n") or self.head or (size >= 0 and len(out) >= size):
            return out
        return out + self.stream.readline(-1 if size < 0 else size - len(out))

    def read(self, size: int = -1, /) -> bytes:
        if size < 0:
            out, self.head = self.head, b""
            return out + self.stream.read()
        out, self.head = self.head[:size], self.head[size:]
        if len(out) < size:
            out += self.stream.read(size - len(out))
        return out
