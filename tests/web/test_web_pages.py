"""Dashboard pages rendered server-side: content, offline assets, and escaping of hostile text."""

from __future__ import annotations

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
            assert attrs.get("id") == "network"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        f"/article/{HOSTILE_ID}",
        "/pair/BEL-KAZ",
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
    assert "Kazakhstan-Belgium political consultations" in html
    assert "No articles." not in html


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
