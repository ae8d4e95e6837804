"""The brief's parts: dates as read, periods, amounts, escaping of hostile text in every format,
the timeline geometry and the PDF's internal links."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from communique.brief import build_brief, to_html, to_markdown, to_pdf
from communique.brief.build import _amount, period_bounds, read_date
from communique.brief.markdown import md_text
from communique.brief.model import MonthBin
from communique.brief.timeline import drawing
from communique.errors import ConfigError


@pytest.mark.parametrize(
    ("start", "granularity", "end", "read"),
    [
        ("2022-10-17", "day", None, "17 October 2022"),
        ("2021-11-01", "month", "2021-11-30", "November 2021"),
        ("2021-01-01", "year", "2021-12-31", "2021"),
        ("2005-01-01", "year", "2021-12-31", "2005–2021"),
        ("2022-10", None, None, "October 2022"),
        ("2022", None, None, "2022"),
        (None, None, None, "no date given"),
    ],
)
def test_read_date(start: str | None, granularity: str | None, end: str | None,
                   read: str) -> None:
    assert read_date(start, granularity, end) == read


@pytest.mark.parametrize(
    ("since", "until", "bounds"),
    [
        ("2022", None, (date(2022, 1, 1), None)),
        ("2022-02", "2022-02", (date(2022, 2, 1), date(2022, 2, 28))),
        (None, "2024-02", (None, date(2024, 2, 29))),
        ("2021-11-05", "2022", (date(2021, 11, 5), date(2022, 12, 31))),
    ],
)
def test_period_bounds(since: str | None, until: str | None,
                       bounds: tuple[date | None, date | None]) -> None:
    assert period_bounds(since, until) == bounds


@pytest.mark.parametrize(("since", "until"), [("2023", "2022"), ("2022-02-30", None)])
def test_period_bounds_refuses(since: str, until: str | None) -> None:
    with pytest.raises(ConfigError):
        period_bounds(since, until)


@pytest.mark.parametrize(
    ("value", "unit", "approximate", "item", "read"),
    [
        (419_700_000, "USD", False, None, "USD 419.7 million"),
        (1_069_000_000, "USD", False, None, "USD 1.069 billion"),
        (9_960_000_000, "USD", False, None, "USD 9.96 billion"),
        (70, "count", True, "enterprises", "around 70 enterprises"),
        (3000, "count", False, "troops", "3,000 troops"),
        (2.5, "percent", False, None, "2.5%"),
        (1_234_567_000_000, "EUR", False, None, "EUR 1.2346 trillion"),
    ],
)
def test_amount(value: float, unit: str, approximate: bool, item: str | None,
                read: str) -> None:
    assert _amount(value, unit, approximate, item) == read


@given(st.text())
def test_markdown_text_carries_no_markup(text: str) -> None:
    escaped = md_text(text)
    assert "<" not in escaped and ">" not in escaped
    # every bracket, star, underscore and backtick is escaped
    assert not re.search(r"(?<!\\)[\[\]`*_|#]", escaped.replace("\\\\", ""))


def test_timeline_geometry() -> None:
    bins = [MonthBin(month="2021-11", counts={1: 1, 2: 0, 3: 0, 4: 0}),
            MonthBin(month="2022-10", counts={1: 3, 2: 0, 3: 0, 4: 2})]
    chart = drawing(bins, [("2022-10-17", "A1", "agreement"), ("1992-08-25", "M1", "milestone")])
    assert chart is not None
    # a real time axis: twelve months from November 2021 to October 2022, bars eleven apart
    assert len(chart.x_ticks) == 12 and chart.x_ticks[0].label == "Nov 2021"
    first, *_, last = sorted(chart.bars, key=lambda b: b.x)
    assert last.x - first.x > 0.85 * (chart.right - chart.left)
    # whole-number y ticks, stacked bars (October: 3 + 2)
    assert [t.label for t in chart.y_ticks] == ["0", "1", "2", "3", "4", "5"]
    october = [b for b in chart.bars if b.month == "2022-10"]
    assert len(october) == 2 and round(sum(b.height for b in october), 1) == round(
        chart.bottom - chart.top, 1)
    # the agreement inside the range is marked; the 1992 milestone does not stretch the axis
    assert [m.label for m in chart.markers] == ["A1"]
    assert drawing([]) is None


# -- hostile text in every format ----------------------------------------------------------------
class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def hostile_brief(hostile_db: Path):  # type: ignore[no-untyped-def]
    from communique.store import open_store

    with open_store(str(hostile_db)) as store:
        return build_brief(store, "KAZ", "BEL")


def test_hostile_brief_cites_the_hostile_records(hostile_brief) -> None:  # type: ignore[no-untyped-def]
    titles = {s.title for s in hostile_brief.sources.values()}
    assert "<script>alert('title')</script>Hostile \"article\"" in titles
    # the javascript: URL is never kept
    assert all(s.url is None or s.url.startswith("http") for s in hostile_brief.sources.values())
    assert any("<script>" in g.name for g in hostile_brief.agreements)


def test_hostile_markdown_is_text(hostile_brief) -> None:  # type: ignore[no-untyped-def]
    md = to_markdown(hostile_brief)
    assert "javascript:" not in md
    # the only raw HTML is the brief's own anchors
    assert set(re.findall(r"<[a-z/][^>]*>", md)) <= {
        f'<a id="{r.label.lower()}">' for r in (*hostile_brief.events, *hostile_brief.people,
                                               *hostile_brief.figures,
                                               *hostile_brief.agreements,
                                               *hostile_brief.milestones)} | {"</a>"}
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in md


def test_hostile_html_is_text(hostile_brief) -> None:  # type: ignore[no-untyped-def]
    html = to_html(hostile_brief, links=True)
    page = _Tags()
    page.feed(html)
    allowed = {"html", "head", "meta", "title", "style", "body", "header", "nav", "a", "h1",
               "h2", "h3", "p", "section", "span", "svg", "line", "text", "rect", "ul", "li",
               "article", "blockquote", "small", "table", "thead", "tbody", "tr", "th", "td",
               "q", "footer"}
    for tag, attrs in page.tags:
        assert tag in allowed, (tag, attrs)
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert not (attrs.get("href") or "").strip().lower().startswith("javascript:"), attrs
    text = "".join(page.text)
    assert "<script>alert('title')</script>Hostile \"article\"" in text
    assert "agreement <script>alert(3)</script>" in text
    # every citation points at a record of the page
    ids = {a["id"] for _, a in page.tags if a.get("id")}
    refs = {a["href"][1:] for t, a in page.tags if t == "a" and (a.get("href") or "")[:1] == "#"}
    assert refs and refs <= ids, refs - ids


def test_pdf_links_every_citation(hostile_brief) -> None:  # type: ignore[no-untyped-def]
    data = to_pdf(hostile_brief)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    cited = sum(len(s.refs) for s in hostile_brief.summary)
    assert data.count(b"/Subtype /Link") >= cited > 0
