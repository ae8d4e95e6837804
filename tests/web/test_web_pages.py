"""Dashboard pages rendered server-side: content, offline assets, and escaping of hostile text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from tests.api.helpers import HOSTILE_ID

# The only scripts a page may load: the local plotly.js, the chart loader and the "new since
# your last visit" counter (watch.js); JSON data blocks.
ALLOWED_SCRIPT_SRC = {"/assets/plotly.min.js", "/static/charts.js", "/static/watch.js"}


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


def assert_no_injected_markup(html: str) -> None:
    tags = parse(html).tags
    for tag, attrs in tags:
        assert tag not in {"img", "iframe", "object", "embed", "b", "i"}, (tag, attrs)
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for name in ("href", "src"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), attrs
        if tag == "script":
            assert attrs.get("src") in ALLOWED_SCRIPT_SRC or attrs.get("type") == "application/json"
        if tag == "svg":
            assert attrs.get("id") in {"network", "brief-timeline"}


@pytest.mark.parametrize(
    "url",
    [
        "/",
        f"/article/{HOSTILE_ID}",
        "/pair/BEL-KAZ",
        "/pair/BEL-KAZ?since=2022-10&until=2022-10-31",
        "/pair/KAZ-BEL/brief",
        "/pair/KAZ-BEL/brief?since=2022",
        "/pair/IGO-KAZ",
        "/network",
        "/search?q=script",
        "/search?q=<script>alert(9)</script>",
        "/article/<script>alert(1)</script>",
        "/pair/<img src=x onerror=alert(1)>",
    ],
)
def test_hostile_text_renders_as_text(web: TestClient, url: str) -> None:
    response = web.get(url)
    assert response.status_code in (200, 404)
    assert response.headers["content-type"].startswith("text/html")
    assert_no_injected_markup(response.text)


def test_hostile_article_shows_its_markup_as_text(web: TestClient) -> None:
    page = parse(web.get(f"/article/{HOSTILE_ID}").text)
    text = "".join(page.text)
    assert "<script>alert('xss')</script>" in text
    assert '<img src=x onerror="alert(1)">' in text
    assert "<svg onload=alert(2)>" in text
    assert "<b>Evil</b> Agency" in text
    # the javascript: URL is not linked
    assert not any(attrs.get("href", "") == "javascript:alert('url')" for _, attrs in page.tags)


def test_article_page_highlights_every_kind(web: TestClient) -> None:
    tags = parse(web.get(f"/article/{HOSTILE_ID}").text).tags
    kinds = {attrs.get("data-kind") for tag, attrs in tags
             if tag == "a" and "hl" in (attrs.get("class") or "").split()}
    assert kinds == {"trigger", "evidence", "actor", "date", "figure", "agreement", "person",
                     "organization"}
    ids = {attrs["id"] for _, attrs in tags if attrs.get("id")}
    links = {attrs["href"][1:] for tag, attrs in tags
             if tag == "a" and (attrs.get("href") or "").startswith("#")}
    assert links and links <= ids, links - ids


def test_seed_article_page_highlights_its_events(web: TestClient, web_seed_id: str) -> None:
    result = web.get(f"/api/articles/{web_seed_id}").json()
    html = web.get(f"/article/{web_seed_id}").text
    tags = parse(html).tags
    triggers = [attrs for tag, attrs in tags if "hl-trigger" in (attrs.get("class") or "")]
    assert len(triggers) >= len({e["trigger"]["span"][0] for e in result["events"]}) > 0
    for event in result["events"]:
        assert f'id="ev-{event["id"]}"' in html


def test_overview(web: TestClient) -> None:
    html = web.get("/").text
    assert "Events by PLOVER type" in html and "Events by country pair" in html
    assert 'href="/pair/BEL-KAZ"' in html
    assert "Kazakhstan-Belgium political consultations" in html


def test_pair_page(web: TestClient) -> None:
    response = web.get("/pair/KAZ-BEL")
    assert response.status_code == 200
    html = response.text
    assert "Kazakhstan" in html and "Belgium" in html
    assert 'id="chart-data-timeline"' in html
    assert '<script src="/assets/plotly.min.js"' in html
    page = parse(html)
    assert any(t == "table" and a.get("class") == "events" for t, a in page.tags)
    # offline: nothing is loaded from another host
    for _, attrs in page.tags:
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not value.startswith(("http://", "https://", "//")) or name == "href"
    assert web.get("/pair/BEL-KAZ").status_code == 200


def test_network_links_pairs(web: TestClient) -> None:
    tags = parse(web.get("/network").text).tags
    edges = [a["href"] for t, a in tags if t == "a" and (a.get("class") == "edge")]
    assert "/pair/BEL-KAZ" in edges


def test_search_page(web: TestClient) -> None:
    html = web.get("/search", params={"q": "Belgium"}).text
    # ranked full-text search (web/explore.py): the query's words are marked in the title
    assert "Kazakhstan-<mark>Belgium</mark> political consultations" in html
    assert "0 articles hold" not in html


@pytest.mark.parametrize(
    ("url", "message"),
    [("/article/nope", "no article with id"), ("/pair/KAZ", "not a country pair")],
)
def test_missing_pages_are_html_404s(web: TestClient, url: str, message: str) -> None:
    response = web.get(url)
    assert response.status_code == 404
    assert message in response.text


def test_plotly_is_served_locally(web: TestClient) -> None:
    response = web.get("/assets/plotly.min.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert "plotly" in response.text[:2000].lower()


def test_international_codes_are_named_as_organisations(web: TestClient) -> None:
    """IGO is not a country: the pair and network pages name the organisations of its events."""
    html = web.get("/pair/KAZ-IGO").text
    title = html.split('<h1 id="pair-title">', 1)[1].split("</h1>", 1)[0]
    assert "European Union" in title and "&lt;i&gt;OSCE&lt;/i&gt;" in title
    assert "<i>OSCE</i>" not in html  # escaped like every other value
    page = parse(web.get("/network").text)
    tags = page.tags
    orgs = [a for t, a in tags if t == "g" and "org" in (a.get("class") or "").split()]
    assert [a.get("data-code") for a in orgs] == ["IGO"]
    labels = "".join(page.text)
    assert "European Union, <i>OSCE</i>" in labels  # the label, as text
    countries = [a.get("data-code") for t, a in tags if t == "g" and a.get("class") == "node"]
    assert "IGO" not in countries and "KAZ" in countries


@pytest.mark.parametrize(
    ("code", "names", "label"),
    [
        ("IGO", {}, "international organisation (IGO)"),
        ("MNC", {}, "multinational company (MNC)"),
        ("NGO", {"Red Cross": 1}, "Red Cross"),
        ("IGO", {"UN": 1, "EU": 3, "OSCE": 1}, "EU, OSCE +1 more"),
    ],
)
def test_organisation_label(code: str, names: dict[str, int], label: str) -> None:
    from collections import Counter

    from communique.web.views import organisation_label

    assert organisation_label(code, Counter(names)) == label


def test_pair_page_links_articles_by_title_and_publisher(web: TestClient) -> None:
    page = parse(web.get("/pair/KAZ-BEL").text)
    html = web.get("/pair/KAZ-BEL").text
    people = html.split('id="people"', 1)[1].split("</ul>\n  </section>", 1)[0]
    assert "Kazakhstan-Belgium political consultations" in people
    assert "[1]" not in people
    # the hostile article's title and publisher are text, not markup
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;Hostile" in people
    assert "&lt;b&gt;Evil&lt;/b&gt; Agency" in people
    assert any(t == "small" and a.get("class") == "publisher" for t, a in page.tags)


# -- the pair page's period filter, downloads and brief (issue 14 items 1-2) ------------------
def _chart(html: str, name: str) -> dict:  # type: ignore[type-arg]
    import json

    block = html.split(f'id="chart-data-{name}">', 1)[1].split("</script>", 1)[0]
    data: dict = json.loads(block)  # type: ignore[type-arg]
    return data


def test_pair_page_period_filter(web: TestClient) -> None:
    whole = web.get("/pair/KAZ-BEL").text
    later = web.get("/pair/KAZ-BEL", params={"since": "2022-01", "until": "2022-12"}).text
    assert 'name="since" value="2022-01"' in later and 'name="until" value="2022-12"' in later
    assert "2021-11" in whole and "2021-11" not in later.split('id="pair-title"', 1)[1]
    months = _chart(later, "timeline")["data"][0]["x"]
    assert months and all(m.startswith("2022") for m in months)
    # the brief and downloads carry the filter
    assert 'href="/pair/KAZ-BEL/brief?since=2022-01&amp;until=2022-12"' in later
    assert 'href="/pair/KAZ-BEL/events.csv?since=2022-01&amp;until=2022-12"' in later


def test_pair_timeline_marks_agreements(web: TestClient) -> None:
    traces = _chart(web.get("/pair/KAZ-BEL").text, "timeline")["data"]
    marks = [t for t in traces if t.get("name") == "agreements"]
    assert marks and "2022-10-17" in marks[0]["x"]
    # hover text reaches plotly with its angle brackets escaped
    assert all("<" not in text for t in marks for text in t["text"])


def test_pair_page_people_act_or_belong_to_the_pair(web: TestClient) -> None:
    html = web.get("/pair/KAZ-BEL").text
    people = html.split('id="people"', 1)[1].split("</ul>\n  </section>", 1)[0]
    for name in ("Roman Vassilenko", "Jeroen Kooreman", "Kassym-Jomart Tokayev"):
        assert name in people
    countries = re.findall(r"<small>([A-Z]{3})</small>", people)
    assert countries and set(countries) <= {"KAZ", "BEL"}
    assert html.count('id="sources"') == 1
    sources = html.split('id="sources"', 1)[1].split("</ul>", 1)[0]
    assert "Kazakhstan-Belgium political consultations" in sources
    assert "javascript:" not in sources


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_pair_downloads(web: TestClient, fmt: str) -> None:
    import csv
    import io

    response = web.get(f"/pair/KAZ-BEL/events.{fmt}", params={"since": "2022"})
    assert response.status_code == 200
    assert 'filename="events_KAZ-BEL_2022.' in response.headers["content-disposition"]
    records = (response.json() if fmt == "json"
               else list(csv.DictReader(io.StringIO(response.text))))
    assert records and all(r["date"] >= "2022" for r in records)
    assert {"id", "date", "cameo", "evidence", "article_id"} <= set(records[0])
    shown = web.get("/api/events", params={"dyad": "KAZ-BEL", "since": "2022"}).json()
    assert len(records) == shown["total"]


def test_pair_brief_page_and_pdf(web: TestClient) -> None:
    html = web.get("/pair/KAZ-BEL/brief", params={"since": "2022"}).text
    claims = html.split('id="summary"', 1)[1].split("</section>", 1)[0].split('class="claim"')[1:]
    assert len(claims) >= 5
    for claim in claims:
        assert 'class="ref" href="#' in claim
    assert 'href="/pair/KAZ-BEL/brief.pdf?since=2022"' in html
    pdf = web.get("/pair/KAZ-BEL/brief.pdf", params={"since": "2022"})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert 'filename="brief_KAZ-BEL_2022.pdf"' in pdf.headers["content-disposition"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/pair/KAZ-BEL?since=last-week", "is not a date"),
        ("/pair/KAZ-BEL/brief?since=2023&until=2022", "is after"),
        ("/pair/KAZ-BEL/events.csv?until=2022-13", "is not a date"),
        ("/pair/KAZ-BEL/events.xml", "no download"),
    ],
)
def test_pair_period_refusals(web: TestClient, url: str, message: str) -> None:
    response = web.get(url)
    assert response.status_code in (404, 422)
    assert message in response.text
