"""The dashboard shows a Russian article in real headless Chromium: Cyrillic text kept exactly,
every event's trigger highlighted at its own characters (issue 16).

The article is ingested from `examples/ru_2024-03-14_kyrgyzstan_latvia.txt` through
`store.ingest` (language detected from the text, the Russian front end) into a store of its own,
served by uvicorn on a free port as in test_web_browser.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from tests.api.helpers import ROOT
from tests.web import test_web_browser as shared
from tests.web.test_web_browser import Tab, live_server, shot

from communique.models import CodingResult

pytestmark = pytest.mark.browser

# the Chromium and tab fixtures of the dashboard's browser tests
browser = shared.browser
tab = shared.tab

RUSSIAN_EXAMPLE = ROOT / "examples" / "ru_2024-03-14_kyrgyzstan_latvia.txt"

#: Where in `#article-text` an element starts, in characters of its text: the length of the
#: text from the article's start up to the element (a DOM Range), as the span offsets count.
OFFSET_JS = """(el) => {
  const range = document.createRange();
  range.setStart(document.getElementById('article-text'), 0);
  range.setEndBefore(el);
  return range.toString().length;
}"""


@pytest.fixture(scope="module")
def russian_store(tmp_path_factory: pytest.TempPathFactory, pipeline) -> tuple[Path, CodingResult]:  # type: ignore[no-untyped-def]
    from communique.store import open_store
    from communique.store.ingest import ingest

    path = tmp_path_factory.mktemp("web-ru") / "ru.duckdb"
    with open_store(str(path)) as store:
        summary = ingest([str(RUSSIAN_EXAMPLE)], store, coder=pipeline.code, progress=False)
        assert summary.new == 1, summary.line()
        results = list(store.results())
    assert len(results) == 1 and results[0].article.language == "ru"
    return path, results[0]


@pytest.fixture(scope="module")
def ru_url(russian_store: tuple[Path, CodingResult]) -> Iterator[str]:
    with live_server(russian_store[0]) as url:
        yield url


def test_russian_article_text_and_highlights(
    tab: Tab, ru_url: str, russian_store: tuple[Path, CodingResult]
) -> None:
    result = russian_store[1]
    article = result.article
    assert article.title and result.events
    page = tab.page
    page.goto(f"{ru_url}/article/{quote(article.id, safe='')}")
    assert page.locator("h1").inner_text() == article.title
    # the body as stored, character for character (Cyrillic, dashes, line breaks)
    shown = page.evaluate("document.getElementById('article-text').textContent")
    assert shown.strip() == article.text.strip()
    lead = len(shown) - len(shown.lstrip())  # whitespace the template puts before the text
    for event in result.events:
        start, end = event.trigger.span
        anchor = "ev-" + "".join(ch if ch.isalnum() else "-" for ch in event.id)
        link = page.locator(f'#article-text a.hl-trigger[href="#{anchor}"]')
        assert link.count() >= 1, event.trigger.text
        first = link.first
        assert first.inner_text() == article.text[start:end] == event.trigger.text
        assert first.evaluate(OFFSET_JS) - lead == start, event.trigger.text
    # a trigger opens its event in the side panel, labelled with its Cyrillic-named actors
    event = result.events[0]
    page.locator("#article-text a.hl-trigger").first.click()
    target = page.evaluate("location.hash").lstrip("#")
    record = page.locator(f"#records li#{target}")
    assert record.is_visible()
    assert event.source is not None and event.source.person is not None
    assert event.source.person.name in record.inner_text()
    for kind in ("actor", "person", "figure", "agreement"):
        assert page.locator(f'#article-text a.hl[data-kind="{kind}"]').count() >= 1, kind
    shot(page, "article_russian")
    assert tab.dialogs == [] and tab.errors == []
