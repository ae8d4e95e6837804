"""read_sources over every input kind: text, JSONL (and gz), HTML, feeds, URLs, folders, stdin."""

from __future__ import annotations

import gzip
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from communique.ids import content_hash
from communique.ingest import read_sources
from communique.models import Article, IngestFailure

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "seed" / "kazinform_2022-10-18_kazakhstan_belgium.txt"

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ministers meet in Geneva | Example News</title>
<link rel="canonical" href="https://news.example.org/2024/05/ministers-meet">
<meta property="og:title" content="Ministers meet in Geneva">
<meta property="article:published_time" content="2024-05-02T09:15:00+02:00">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ministers meet in Geneva</h1>
<p>GENEVA (Reuters) - Foreign ministers of France and Germany met in Geneva on Thursday to
discuss a new trade agreement between the two countries and the wider European Union.</p>
<p>The talks lasted four hours and ended with a joint statement that promised closer cooperation
on energy, transport and security in the coming years.</p>
<p>Officials said a follow-up meeting would be held in Berlin next month, where a memorandum on
energy cooperation is expected to be signed by both governments.</p>
</article><footer>Copyright 2024 Example News</footer></body></html>
"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example World</title><link>https://news.example.org</link>
<item><title>Ministers meet in Geneva</title>
<link>https://news.example.org/2024/05/ministers-meet</link>
<guid>urn:example:1</guid><pubDate>Thu, 02 May 2024 07:15:00 GMT</pubDate>
<description>Short teaser.</description></item>
<item><title>Border talks stall</title><link>https://news.example.org/gone</link>
<pubDate>Fri, 03 May 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;KYIV — Talks on the border stalled on Friday, officials said.&lt;/p&gt;
</description>
</item></channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title><id>urn:feed</id>
<updated>2024-05-03T10:00:00Z</updated>
<entry><title>Border talks stall</title><id>urn:entry:2</id>
<link href="https://news.example.org/offline"/><updated>2024-05-03T10:00:00Z</updated>
<content type="html">&lt;p&gt;Talks on the border stalled.&lt;/p&gt;
&lt;p&gt;Both sides left.&lt;/p&gt;</content>
</entry></feed>
"""


def routes(pages: dict[str, tuple[int, str, str]]) -> httpx.Client:
    """A client whose transport answers from `pages` (url -> status, content type, body)."""

    def handler(request: httpx.Request) -> httpx.Response:
        status, kind, body = pages.get(str(request.url), (404, "text/plain", "not found"))
        return httpx.Response(status, headers={"content-type": kind}, text=body)

    return httpx.Client(transport=httpx.MockTransport(handler))


def one(items: list[Article | IngestFailure]) -> Article:
    assert len(items) == 1
    assert isinstance(items[0], Article), items[0]
    return items[0]


def test_seed_article_layout() -> None:
    article = one(list(read_sources([str(SEED)])))
    assert article.text.startswith("Delegations of the foreign ministries of Kazakhstan")
    assert "\n\nDeputy Minister of Foreign Affairs Roman Vassilenko" in article.text
    assert article.title == (
        "Kazakhstan-Belgium political consultations confirm commitment to strengthening cooperation"
    )
    assert article.published == "2022-10-18T11:30:00"
    assert article.source == "Kazinform"
    assert article.dateline is not None
    assert (article.dateline.name, article.dateline.country) == ("Astana", "KAZ")
    assert article.dateline.origin == "dateline"
    assert article.id == article.content_hash == content_hash(article.text)
    assert article.origin == str(SEED)
    assert article.language == "en"


def test_plain_text_without_layout_takes_published_option(tmp_path: Path) -> None:
    path = tmp_path / "note"  # unknown extension: plain text
    path.write_text("The ministers met on Monday.\n\nThey agreed to meet again.\n")
    article = one(list(read_sources([str(path)], published="2024-05-02")))
    assert (article.title, article.published, article.source, article.dateline) == (
        None, "2024-05-02", None, None,
    )
    assert article.text == "The ministers met on Monday.\n\nThey agreed to meet again."


def test_stated_date_wins_over_published_option(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("18 October 2022\n\nTitle here\n\nBody text.\n")
    article = one(list(read_sources([str(path)], published="2024-05-02")))
    assert article.published == "2022-10-18"


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffKYIV — Talks resumed.".encode())
    article = one(list(read_sources([str(path)])))
    assert article.text == "Talks resumed."
    assert article.dateline is not None and article.dateline.name == "Kyiv"


def jsonl_lines() -> list[str]:
    return [
        json.dumps({"id": "a1", "text": "MOSCOW, Oct 17 (Reuters) - Russia said.", "title": "T",
                    "published": "2025-03-14 20:30:26Z", "url": "https://x.example/a1",
                    "section": "World", "author": "A. Writer", "keywords": "x, y"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "a3", "title": "no text"}),
        "",
        json.dumps({"id": 7, "text": "The talks ended.", "source": "VOA"}),
    ]


EXPECTED_JSONL = [
    ("a1", None, "Russia said."),
    (None, 2, "invalid JSON"),
    (None, 3, "a JSON list where an object was expected"),
    (None, 4, "no text"),
    ("7", None, "The talks ended."),
]


@pytest.mark.parametrize(
    ("name", "write"),
    [
        ("corpus.jsonl", lambda p, data: p.write_bytes(data)),
        ("corpus.ndjson", lambda p, data: p.write_bytes(data)),
        ("corpus.jsonl.gz", lambda p, data: p.write_bytes(gzip.compress(data))),
    ],
)
def test_jsonl_good_and_bad_lines(
    tmp_path: Path, name: str, write: Callable[[Path, bytes], object]
) -> None:
    path = tmp_path / name
    write(path, ("\n".join(jsonl_lines()) + "\n").encode())
    items = list(read_sources([str(path)]))
    assert len(items) == len(EXPECTED_JSONL)
    for item, (article_id, line, what) in zip(items, EXPECTED_JSONL, strict=True):
        if article_id is None:
            assert isinstance(item, IngestFailure)
            assert (item.origin, item.line) == (str(path), line)
            assert item.reason.startswith(what)
            assert item.location == f"{path}:{line}"
        else:
            assert isinstance(item, Article)
            assert (item.id, item.text) == (article_id, what)
    first, last = items[0], items[-1]
    assert isinstance(first, Article) and isinstance(last, Article)
    assert first.published == "2025-03-14T20:30:26+00:00"
    assert (first.source, first.url, first.title) == ("Reuters", "https://x.example/a1", "T")
    assert first.origin == f"{path}:1"
    assert last.source == "VOA"  # the record's own source wins over any dateline


def test_jsonl_voa_corpus_head() -> None:
    corpus = SHARED / "corpus" / "voa_stories.jsonl"
    items = [item for item, _ in zip(read_sources([str(corpus)]), range(5), strict=False)]
    assert all(isinstance(item, Article) for item in items)
    first = items[0]
    assert isinstance(first, Article)
    assert (first.id, first.published) == ("8011115", "2025-03-14T20:30:26+00:00")
    assert first.url and first.url.startswith("https://www.voanews.com/")


def test_jsonl_truncated_gz_reports_and_stops(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    lines = (json.dumps({"text": content_hash(str(n)) * 4}) for n in range(5000))
    data = gzip.compress("\n".join(lines).encode())
    path.write_bytes(data[: len(data) // 2])
    items = list(read_sources([str(path)]))
    assert isinstance(items[-1], IngestFailure)
    assert "damaged" in items[-1].detail
    assert isinstance(items[0], Article)
    assert 1000 < len(items) < 5000


def test_html_page(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    article = one(list(read_sources([str(path)])))
    assert article.title == "Ministers meet in Geneva"
    assert article.text.startswith("Foreign ministers of France and Germany met in Geneva")
    assert "\n\nThe talks lasted four hours" in article.text
    assert "Copyright" not in article.text and "Home" not in article.text
    assert article.published == "2024-05-02T09:15:00+02:00"
    assert article.url == "https://news.example.org/2024/05/ministers-meet"
    assert article.source == "Reuters"


def test_html_in_declared_latin1(tmp_path: Path) -> None:
    path = tmp_path / "latin.htm"
    page = PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("Geneva on", "Genève on")
    path.write_bytes(page.encode("latin-1"))
    article = one(list(read_sources([str(path)])))
    assert "met in Genève on Thursday" in article.text


def test_feed_url_fetches_pages_and_falls_back_to_summary() -> None:
    client = routes({
        "https://news.example.org/feed": (200, "application/rss+xml", RSS),
        "https://news.example.org/2024/05/ministers-meet": (200, "text/html", PAGE),
    })
    items = list(read_sources(["https://news.example.org/feed"], client=client))
    assert len(items) == 2
    page, fallback = items
    assert isinstance(page, Article) and isinstance(fallback, Article)
    assert page.text.startswith("Foreign ministers of France and Germany")
    assert (page.id, page.title) == ("urn:example:1", "Ministers meet in Geneva")
    assert page.published == "2024-05-02T07:15:00+00:00"
    assert page.url == "https://news.example.org/2024/05/ministers-meet"
    assert fallback.text == "Talks on the border stalled on Friday, officials said."
    assert fallback.published == "2024-05-03T10:00:00+00:00"
    assert fallback.dateline is not None and fallback.dateline.name == "Kyiv"
    assert fallback.origin == "https://news.example.org/gone"


def test_local_atom_file_uses_entry_content(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_text(ATOM)
    article = one(list(read_sources([str(path)], client=routes({}))))
    assert article.text == "Talks on the border stalled.\n\nBoth sides left."
    assert (article.id, article.title) == ("urn:entry:2", "Border talks stall")
    assert article.published == "2024-05-03T10:00:00+00:00"


def test_plain_url_is_extracted_like_an_html_file() -> None:
    url = "https://news.example.org/2024/05/ministers-meet"
    client = routes({url: (200, "text/html; charset=utf-8", PAGE)})
    article = one(list(read_sources([url], client=client)))
    assert article.title == "Ministers meet in Geneva"
    assert article.origin == url


@pytest.mark.parametrize(
    ("status", "reason"), [(404, "HTTP 404"), (503, "HTTP 503")],
)
def test_url_errors_become_failures(status: int, reason: str) -> None:
    url = "https://news.example.org/x"
    client = routes({url: (status, "text/plain", "no")})
    items = list(read_sources([url], client=client))
    assert len(items) == 1 and isinstance(items[0], IngestFailure)
    assert (items[0].origin, items[0].reason) == (url, reason)


def test_network_error_becomes_failure() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = httpx.Client(transport=httpx.MockTransport(refuse))
    items = list(read_sources(["https://down.example.org/"], client=client))
    assert isinstance(items[0], IngestFailure)
    assert items[0].reason == "could not fetch (ConnectError)"


def test_folder_is_walked_sorted_skipping_hidden_and_unsupported(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second story.")
    (tmp_path / "a.txt").write_text("First story.")
    (tmp_path / "b" / "3.jsonl").write_text('{"id": "j", "text": "Third story."}\n')
    (tmp_path / ".secret.txt").write_text("Hidden.")
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden too.")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\x00\x00")
    texts = [item.text for item in read_sources([str(tmp_path)]) if isinstance(item, Article)]
    assert texts == ["First story.", "Second story.", "Third story."]


def test_empty_folder_is_a_failure(tmp_path: Path) -> None:
    items = list(read_sources([str(tmp_path)]))
    assert len(items) == 1 and isinstance(items[0], IngestFailure)
    assert items[0].reason == "no supported files in the folder"


def test_inputs_keep_their_order(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("Story one.")
    (tmp_path / "two.txt").write_text("Story two.")
    paths = [str(tmp_path / "two.txt"), str(tmp_path / "missing.txt"), str(tmp_path / "one.txt")]
    items = list(read_sources(paths))
    assert [type(i).__name__ for i in items] == ["Article", "IngestFailure", "Article"]
    assert [i.origin for i in items] == paths


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"id": "s1", "text": "First."}\n{"id": "s2", "text": "Second."}\n',
         ["First.", "Second."]),
        (b"\n\n" + b'{"id": "s3", "text": "' + b"x" * 5000 + b'"}\n{"text": "Late."}',
         ["x" * 5000, "Late."]),
        (PAGE.encode(), None),
        (b"KYIV \xe2\x80\x94 Talks resumed on Monday.", ["Talks resumed on Monday."]),
    ],
)
def test_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes, expected: list[str] | None) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = list(read_sources(["-"]))
    assert all(isinstance(i, Article) for i in items)
    texts = [i.text for i in items if isinstance(i, Article)]
    if expected is None:
        assert len(texts) == 1 and texts[0].startswith("Foreign ministers")
    else:
        assert texts == expected
