"""The explore pages (events with facets and downloads, country, map, search, network filter),
rendered server-side over the coded store with the seed, the VOA sample and hostile articles."""

from __future__ import annotations

import csv
import io
import json
import math
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from tests.api.helpers import HOSTILE_ID
from tests.web.test_web_pages import assert_no_injected_markup, parse

from communique.web.charts import LABEL_HEIGHT, LABEL_OFFSET, network_layout
from communique.web.explore import ExploreFilters, safe_cell


def links(html: str) -> list[str]:
    return [attrs.get("href") or "" for tag, attrs in parse(html).tags if tag == "a"]


def total(html: str) -> int:
    text = html.split('id="total">', 1)[1]
    return int(text.split(" ", 1)[0])


@pytest.mark.parametrize(
    "url",
    [
        "/events",
        "/events?publisher=<b>Evil</b> Agency",
        "/events?country=KAZ&sort=goldstein&order=asc",
        "/country/KAZ",
        "/country/BEL",
        "/country/<script>",
        "/map",
        "/map?country=KAZ",
        "/search?q=alert",
        "/search?q=\"><img src=x onerror=alert(1)>",
        "/search?q=hostile article",
        "/network?quad=1",
        "/events?plover=<script>",
    ],
)
def test_explore_pages_render_hostile_text_as_text(web: TestClient, url: str) -> None:
    response = web.get(url)
    assert response.status_code in (200, 404, 422)
    assert response.headers["content-type"].startswith("text/html")
    assert_no_injected_markup(response.text)


def test_events_page_facets_filter_and_count(web: TestClient) -> None:
    page = web.get("/events").text
    everything = total(page)
    assert everything > 10
    for facet in ("plover", "quad_class", "country", "publisher", "month"):
        assert f'data-facet="{facet}"' in page
    # following a facet link narrows the view to that value, and the URL says so
    kaz = next(h for h in links(page) if h.startswith("/events?country=KAZ"))
    narrowed = web.get(kaz).text
    assert 0 < total(narrowed) < everything
    assert "country: KAZ ×" in narrowed
    # its CSV download has exactly the rows of the view (fewer than 10,000 here)
    csv_link = next(h for h in links(narrowed) if h.startswith("/events.csv"))
    assert parse_qs(urlsplit(csv_link).query)["country"] == ["KAZ"]
    table = list(csv.DictReader(io.StringIO(web.get(csv_link).text)))
    assert len(table) == total(narrowed)
    assert all("KAZ" in (r["source_country"], r["target_country"]) for r in table)
    data = web.get(csv_link.replace(".csv", ".json")).json()
    assert data["filters"] == {"country": "KAZ"} and len(data["rows"]) == len(table)


def test_events_page_publisher_facet_is_escaped_and_filters(web: TestClient) -> None:
    response = web.get("/events", params={"publisher": "<b>Evil</b> Agency"})
    assert total(response.text) == 1
    assert "&lt;b&gt;Evil&lt;/b&gt; Agency" in response.text


def test_events_page_sorts_and_pages(web: TestClient) -> None:
    low = web.get("/events?sort=goldstein&order=asc&size=5").text
    high = web.get("/events?sort=goldstein&order=desc&size=5").text
    assert "page 1 of" in low and 'rel="next"' in low
    nxt = next(h for h in links(low) if "page=2" in h)
    assert "sort=goldstein" in nxt and "order=asc" in nxt and "size=5" in nxt
    assert low != high
    assert web.get(nxt).status_code == 200


def test_events_csv_defuses_formulas() -> None:
    assert safe_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("Kazakhstan") == "Kazakhstan"
    assert safe_cell(-2.0) == -2.0  # numbers stay numbers


@pytest.mark.parametrize(
    ("filters", "changes", "expected"),
    [
        (ExploreFilters(), {"country": "KAZ"}, "/events?country=KAZ"),
        (ExploreFilters(country="KAZ", page=3), {"plover": "AGREE"},
         "/events?country=KAZ&plover=AGREE"),  # a new filter goes back to page 1
        (ExploreFilters(country="KAZ", page=3), {"page": 4}, "/events?country=KAZ&page=4"),
        (ExploreFilters(country="KAZ"), {"country": None}, "/events"),
        (ExploreFilters(publisher="A & B"), {}, "/events?publisher=A+%26+B"),
    ],
)
def test_filters_href(filters: ExploreFilters, changes: dict[str, object], expected: str) -> None:
    assert filters.href(**changes) == expected


def test_bad_filter_is_an_html_error(web: TestClient) -> None:
    response = web.get("/events?quad=9")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "quad" in response.text


def test_country_page_lists_partners(web: TestClient) -> None:
    page = web.get("/country/KAZ").text
    assert "Belgium" in page and 'href="/pair/KAZ-BEL"' in page
    assert 'href="/map?country=KAZ"' in page
    assert web.get("/country/ZZZ").status_code == 404


def test_map_page_ships_its_geometry(web: TestClient) -> None:
    page = web.get("/map").text
    spec = json.loads(page.split('id="chart-data-map">', 1)[1].split("</script>", 1)[0])
    assert spec["data"][0]["type"] == "scattergeo"
    assert spec["layout"]["geo"]["resolution"] == 110
    assert len(spec["data"][0]["lat"]) >= 1
    topo = web.get("/static/topojson/world_110m.json")
    assert topo.status_code == 200 and topo.json()["type"] == "Topology"
    assert "countries" in topo.json()["objects"]
    assert 'topojsonURL: "/static/topojson/"' in web.get("/static/charts.js").text


def test_search_ranks_and_marks_snippets(web: TestClient) -> None:
    page = web.get("/search", params={"q": "Belgium Kazakhstan"}).text
    assert "<mark>Belgium</mark>" in page or "<mark>Kazakhstan</mark>" in page
    first = next(h for h in links(page) if h.startswith("/article/"))
    assert "kazakhstan" in first.lower() or "seed" in first.lower() or first  # a hit is linked
    # whole words: "KAZ" finds no article by "Kazakhstan" or "Kazem"
    assert "0 articles hold" in web.get("/search", params={"q": "KAZ"}).text


def test_search_finds_the_hostile_title_as_text(web: TestClient) -> None:
    page = web.get("/search", params={"q": "hostile"}).text
    assert f'href="/article/{HOSTILE_ID}"' in page
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in page
    assert "<mark>Hostile</mark>" in page


def test_network_edge_filter(web: TestClient) -> None:
    everything = web.get("/network").text
    conflict = web.get("/network?quad=3").text
    assert everything.count('class="edge"') >= conflict.count('class="edge"')
    assert 'href="/network?quad=3" data-quad="3" class="selected"' in conflict


def test_network_labels_do_not_overlap_at_60_countries() -> None:
    from communique import geo

    codes = sorted(geo.countries())[:59]
    pairs = [(codes[i], codes[(i * 7 + 3) % 59], 1 + i % 5, 1.0) for i in range(59)]
    pairs.append((codes[0], "IGO", 3, 2.0))
    names = {c: geo.country_name(c) for c in codes} | {"IGO": "European Union, OSCE"}
    layout = network_layout(pairs, names, frozenset({"IGO"}))
    assert len(layout.nodes) == 60 and layout.hidden == 0
    centre = layout.size / 2
    starts = sorted(
        math.atan2(n.label_y - centre, n.label_x - centre) for n in layout.nodes
    )
    radius = math.dist((layout.nodes[0].label_x, layout.nodes[0].label_y), (centre, centre))
    assert radius > LABEL_OFFSET
    gaps = [b - a for a, b in zip(starts, [*starts[1:], starts[0] + 2 * math.pi], strict=True)]
    # radial labels start this far apart along the circle and only diverge outward
    assert min(gaps) * radius >= LABEL_HEIGHT - 0.5
    org = next(n for n in layout.nodes if n.code == "IGO")
    assert org.organisation and org.group == "organisations and other codes"
    # countries of one continent sit together: each group is one run round the circle
    order = [n.group for n in sorted(layout.nodes, key=lambda n: math.atan2(
        n.y - centre, n.x - centre) % (2 * math.pi))]
    runs = [g for i, g in enumerate(order) if i == 0 or order[i - 1] != g]
    assert len(runs) <= len(set(order)) + 1  # +1: the circle's start may split one group
