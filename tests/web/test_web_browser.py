"""The dashboard in real headless Chromium: navigation, charts, highlights, no injected script.

Chromium is Debian's /usr/bin/chromium driven by Playwright (never `playwright install`); the app
runs under uvicorn on a free 127.0.0.1 port in a thread. Screenshots go to
test-output/screenshots/ for a human to look at.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from tests.api.helpers import HOSTILE_ID, ROOT

from communique.api import create_app
from communique.settings import Settings

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
SERVER_START_TIMEOUT_S = 30  # uvicorn starts in well under a second here; this bounds a hang
PAGE_TIMEOUT_MS = 20_000  # the pair page loads 4.8 MB of plotly.js from the local server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(db: Path) -> Iterator[str]:
    """The dashboard of the store at ``db`` under uvicorn on a free 127.0.0.1 port, in a thread;
    yields its base URL and stops it on exit."""
    port = _free_port()
    app = create_app(str(db), Settings(db=str(db)))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail(f"uvicorn did not start for the browser tests of {db}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(SERVER_START_TIMEOUT_S)


@pytest.fixture(scope="module")
def base_url(web_store: Path) -> Iterator[str]:
    with live_server(web_store) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        pytest.fail(
            f"Chromium is missing ({CHROMIUM}); run `bash scripts/install_test_services.sh`"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class Tab:
    """A browser page plus what it did on its own: dialogs opened, uncaught script errors."""

    page: Any
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    tab = Tab(context.new_page())
    tab.page.set_default_timeout(PAGE_TIMEOUT_MS)

    def on_dialog(dialog: Any) -> None:
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.page.on("dialog", on_dialog)
    tab.page.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    yield tab
    context.close()


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_overview_pair_article_journey(tab: Tab, base_url: str) -> None:
    page = tab.page
    page.goto(base_url + "/")
    assert page.locator("h1").inner_text() == "Overview"
    assert page.locator("#by-plover tr").count() >= 1
    shot(page, "overview")

    page.locator('#by-pair a[href="/pair/BEL-KAZ"]').click()
    page.wait_for_url("**/pair/BEL-KAZ")
    page.wait_for_selector('#chart-timeline[data-drawn="true"]')
    assert page.locator("#chart-timeline .main-svg").count() >= 1
    # a real time axis, whole-number event ticks without repeats, a legend of quad classes
    assert page.evaluate("document.getElementById('chart-timeline').layout.xaxis.type") == "date"
    ticks = page.evaluate(
        "[...document.querySelectorAll('#chart-timeline .ytick text')].map(e => e.textContent)"
    )
    assert ticks and all(t.replace(",", "").isdigit() for t in ticks), ticks
    assert len(ticks) == len(set(ticks)), ticks
    assert page.locator("#chart-timeline .legend .traces").count() >= 1
    assert page.locator("table.events tbody tr").count() >= 1
    shot(page, "pair_KAZ-BEL")

    seed = page.locator("table.events a.more", has_text="article").first
    seed.click()
    page.wait_for_url("**/article/**")
    assert "Kazakhstan-Belgium" in page.locator("h1").inner_text()
    triggers = page.locator("#article-text a.hl-trigger")
    assert triggers.count() >= 1
    for kind in ("actor", "person", "date"):
        assert page.locator(f'#article-text a.hl[data-kind="{kind}"]').count() >= 1, kind
    # a highlight opens its record in the side panel
    triggers.first.click()
    target = page.evaluate("location.hash").lstrip("#")
    assert page.locator(f"#records li#{target}").is_visible()
    shot(page, "article_seed")
    assert tab.dialogs == [] and tab.errors == []


def test_pair_filter_brief_and_downloads(tab: Tab, base_url: str) -> None:
    """Pair page -> date filter (in the URL) -> Brief (every summary sentence cites records of
    the page) -> PDF download -> back to the page -> CSV download of what it shows."""
    page = tab.page
    page.goto(base_url + "/pair/KAZ-BEL")
    page.fill("#period input[name=since]", "2022-01")
    page.fill("#period input[name=until]", "2022-12")
    page.click("#period button")
    page.wait_for_url("**/pair/KAZ-BEL?since=2022-01&until=2022-12")
    page.wait_for_selector('#chart-timeline[data-drawn="true"]')
    months = page.evaluate("document.getElementById('chart-timeline').data[0].x")
    assert months and all(m.startswith("2022") for m in months), months
    assert page.locator("#sources li a").count() >= 1
    shot(page, "pair_KAZ-BEL_2022")

    page.click("#brief-html")
    page.wait_for_url("**/pair/KAZ-BEL/brief?since=2022-01&until=2022-12")
    claims = page.locator("#summary .claim")
    assert claims.count() >= 5
    for i in range(claims.count()):
        hrefs = claims.nth(i).locator("a.ref").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))")
        assert hrefs, claims.nth(i).inner_text()
        for href in hrefs:
            assert page.locator(href).count() == 1, href
    first = claims.first.locator("a.ref").first
    target = first.get_attribute("href")
    first.click()
    assert page.evaluate("location.hash") == target
    assert page.locator(f"{target} blockquote").inner_text().strip()
    assert page.locator("svg#brief-timeline rect").count() >= 1
    shot(page, "brief_KAZ-BEL_2022")

    with page.expect_download() as download:
        page.click("#brief-pdf")
    pdf = download.value
    assert pdf.suggested_filename == "brief_KAZ-BEL_2022-01_2022-12.pdf"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf.save_as(str(SCREENSHOTS / pdf.suggested_filename))
    assert (SCREENSHOTS / pdf.suggested_filename).read_bytes().startswith(b"%PDF-")

    page.click("#back-to-pair")
    page.wait_for_url("**/pair/KAZ-BEL?since=2022-01&until=2022-12")
    with page.expect_download() as download:
        page.click("#download-csv")
    rows = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("id,event_key,article_id")
    shown = page.locator("table.events tbody tr").count()
    assert len(rows) - 1 == shown
    assert tab.dialogs == [] and tab.errors == []


def test_network_and_search(tab: Tab, base_url: str) -> None:
    page = tab.page
    page.goto(base_url + "/network")
    edges = page.locator("svg#network a.edge")
    assert edges.count() >= 1
    shot(page, "network")
    # edges are curves (web/charts.py): the middle of their box is off the stroke, so the click
    # is dispatched on the curve itself
    page.locator('svg#network a.edge[href="/pair/BEL-KAZ"] path').first.dispatch_event("click")
    page.wait_for_url("**/pair/BEL-KAZ")

    page.goto(base_url + "/")
    page.fill("header input[name=q]", "Belgium")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Belgium")
    assert page.locator("ol.hits li a.title").count() >= 1  # ranked search (test_web_explore)
    shot(page, "search")


@pytest.mark.parametrize(
    "path",
    [f"/article/{HOSTILE_ID}", "/search?q=%3Cscript%3Ealert(7)%3C/script%3E", "/pair/BEL-KAZ",
     "/pair/IGO-KAZ", "/network", "/", "/pair/KAZ-BEL/brief", "/pair/KAZ-BEL?since=2022"],
)
def test_hostile_text_runs_no_script(tab: Tab, base_url: str, path: str) -> None:
    page = tab.page
    page.goto(base_url + path)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # let any injected handler (onerror/onload) fire
    assert tab.dialogs == []
    assert tab.errors == []
    # plotly draws its charts as SVG inside .chart; anything else would have been injected
    injected = page.evaluate(
        "[...document.querySelectorAll('main img, main iframe, main svg, main script')]"
        ".filter(e => !e.closest('.chart') && e.id !== 'network'"
        " && e.getAttribute('type') !== 'application/json').length"
    )
    assert injected == 0
    if path.startswith("/article/"):
        text = page.locator("#article-text").inner_text()
        assert "<script>alert('xss')</script>" in text
        shot(page, "article_hostile")
