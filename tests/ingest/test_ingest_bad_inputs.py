"""Every kind of bad input becomes an IngestFailure naming the file (and line); nothing raises."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.ingest import read_sources
from communique.models import Article, IngestFailure

#: Starts that steer arbitrary bytes into each reader (feed, JSON, HTML, BOM).
HEADS = [b"<?xml", b"<rss><item><link>", b'{"text":', b"<html><p>", b"\xef\xbb\xbf"]

NO_TEXT_PAGE = (
    "<!DOCTYPE html><html><head><title>Index</title></head>"
    "<body><nav><a href='/a'>A</a> <a href='/b'>B</a></nav>"
    "<script>var x = 1;</script></body></html>"
)


@pytest.mark.parametrize(
    ("name", "data", "reason", "line"),
    [
        ("empty.txt", b"", "empty file", None),
        ("blank.txt", b"  \n\n \t\n", "empty file", None),
        ("empty.jsonl", b"\n\n", "empty file", None),
        ("empty.html", b"", "empty file", None),
        ("binary.txt", b"PK\x03\x04\x00\x00binary", "binary file (contains NUL bytes)", None),
        ("binary.html", b"<html>\x00\x01</html>", "binary file (contains NUL bytes)", None),
        ("latin1.txt", "Genève talks".encode("latin-1"),
         "not UTF-8 (byte 0xe8 at offset 3, line 1)", None),
        ("cp1252.txt", b"Line one.\nIt\x92s over.", "not UTF-8 (byte 0x92 at offset 12, line 2)",
         None),
        ("undeclared.html", "<html><body><p>Genève</p></body></html>".encode("latin-1"),
         "not UTF-8", None),
        ("lines.jsonl", b'{"text": "ok"}\n{"text": "caf\xe9"}\n', "not UTF-8", 2),
        ("badjson.jsonl", b'{"text": "ok"}\n{"text": \n', "invalid JSON", 2),
        ("number.jsonl", b"42\n", "a JSON int where an object was expected", 1),
        ("notext.jsonl", b'{"text": "   "}\n', "no text", 1),
        ("texttype.jsonl", b'{"text": ["a"]}\n', "no text", 1),
        ("titletype.jsonl", b'{"text": "ok", "title": {"a": 1}}\n', '"title" is a dict', 1),
        ("nav.html", NO_TEXT_PAGE.encode(), "no article text found in the HTML", None),
        ("dateline-only.txt", b"WASHINGTON (AP) \xe2\x80\x94 ", "no article text", None),
        ("nofeed.xml", b"<?xml version='1.0'?><root><a>1</a></root>", "not an RSS/Atom feed", None),
        ("emptyfeed.rss", b"<?xml version='1.0'?><rss><channel><title>x</title></channel></rss>",
         "the feed has no entries", None),
    ],
)
def test_bad_input_kinds(
    tmp_path: Path, name: str, data: bytes, reason: str, line: int | None
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    items = list(read_sources([str(path), str(path.with_name("missing.txt"))], client=offline()))
    bad = [item for item in items if isinstance(item, IngestFailure)]
    assert len(bad) == 2, items  # the second input still gets read after the bad one
    failure, missing = bad
    assert failure.origin == str(path)
    assert failure.line == line
    assert failure.reason.startswith(reason)
    assert failure.detail  # says what to do
    assert missing.reason == "no such file or folder"


def test_bad_line_does_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"text": "one"}\n{oops\n{"text": "three"}\n')
    kinds = [type(item).__name__ for item in read_sources([str(path)])]
    assert kinds == ["Article", "IngestFailure", "Article"]


def offline() -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, text="offline")

    return httpx.Client(transport=httpx.MockTransport(handler))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=600),
        st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.tuples(st.sampled_from(HEADS), st.binary(max_size=200)).map(b"".join),
    ),
    suffix=st.sampled_from([".txt", ".jsonl", ".jsonl.gz", ".html", ".xml", ".rss", ""]),
)
def test_never_raises_on_arbitrary_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    for item in read_sources([str(path)], client=offline()):
        assert isinstance(item, Article | IngestFailure)
        if isinstance(item, Article):
            assert item.text.strip() and item.content_hash
