"""The explore pages in headless Chromium: country -> map -> search with snippets -> events facet
-> CSV download, and no injected script on any of them. Screenshots: test-output/screenshots/."""

from __future__ import annotations

import csv
from typing import Any

import pytest
from tests.api.helpers import ROOT
from tests.web.test_web_browser import (  # noqa: F401  (fixtures used by name)
    Tab,
    base_url,
    browser,
    shot,
    tab,
)

pytestmark = pytest.mark.browser

DOWNLOADS = ROOT / "test-output" / "downloads"


def test_country_map_search_events_download(tab: Tab, base_url: str) -> None:  # noqa: F811
    page = tab.page
    page.goto(base_url + "/country/KAZ")
    assert "Kazakhstan" in page.locator("h1").inner_text()
    assert page.locator("#partners tbody tr").count() >= 1
    assert page.locator('#partners a[href="/pair/KAZ-BEL"]').count() == 1
    shot(page, "country_KAZ")

    # the map: plotly's geo drawn from the topojson communique serves (no network)
    page.locator("header nav a", has_text="Map").click()
    page.wait_for_url("**/map")
    page.wait_for_selector('#chart-map[data-drawn="true"]')
    # land, country borders and coastlines come from world_110m.json: long paths
    longest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('#chart-map .geo path')]"
        ".map(p => (p.getAttribute('d') || '').length))"
    )
    assert longest > 5000, longest
    assert page.locator("#chart-map .scattergeo path.point").count() >= 1
    shot(page, "map")

    # ranked search with the words marked in the snippets
    page.fill("header input[name=q]", "Belgium Kazakhstan")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Belgium+Kazakhstan")
    assert page.locator("ol.hits li").count() >= 1
    marked = page.locator("ol.hits mark").all_inner_texts()
    assert {m.lower() for m in marked} & {"belgium", "kazakhstan"}, marked
    shot(page, "search_snippets")

    # the events page: a facet narrows the view and the URL keeps it
    page.goto(base_url + "/events")
    everything = _total(page)
    facet = page.locator('section[data-facet="plover"] li a').first
    value = facet.inner_text()
    facet.click()
    page.wait_for_url("**/events?plover=*")
    narrowed = _total(page)
    assert 0 < narrowed <= everything
    assert page.locator("#total a.chip", has_text=f"plover: {value}").count() == 1
    shot(page, "events_facet")

    with page.expect_download() as download:
        page.locator("#download-csv").click()
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    path = DOWNLOADS / download.value.suggested_filename
    download.value.save_as(str(path))
    with path.open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) == narrowed
    assert {r["plover"] for r in table} == {value}
    assert tab.dialogs == [] and tab.errors == []


def _total(page: Any) -> int:
    return int(page.locator("#total").inner_text().split(" ", 1)[0])


@pytest.mark.parametrize(
    "path",
    ["/events", "/events?publisher=%3Cb%3EEvil%3C/b%3E%20Agency", "/country/KAZ", "/map",
     "/search?q=hostile+script", "/network?quad=1"],
)
def test_explore_pages_run_no_injected_script(
    tab: Tab, base_url: str, path: str  # noqa: F811
) -> None:
    page = tab.page
    page.goto(base_url + path)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # let any injected handler (onerror/onload) fire
    assert tab.dialogs == [] and tab.errors == []
    injected = page.evaluate(
        "[...document.querySelectorAll('main img, main iframe, main svg, main script')]"
        ".filter(e => !e.closest('.chart') && e.id !== 'network'"
        " && e.getAttribute('type') !== 'application/json').length"
    )
    assert injected == 0
