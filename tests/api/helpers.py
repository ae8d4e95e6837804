"""Shared by the API and dashboard tests: one DuckDB store with the seed and VOA sample coded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "kazinform_2022-10-18_kazakhstan_belgium.txt"
VOA_SAMPLE = ROOT / "examples" / "voa_stories_sample.jsonl"

_built: dict[str, Path] = {}


def coded_store_path(factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    """Code the seed and the VOA sample into a DuckDB file once per test session."""
    if "path" in _built:
        return _built["path"]
    from communique.ingest import read_sources
    from communique.store import open_store

    path = factory.mktemp("store") / "dashboard.duckdb"
    results = list(pipeline.code(read_sources([str(SEED), str(VOA_SAMPLE)])))
    assert len(results) == 5 and not any(r.failed for r in results), [r.dropped for r in results]
    with open_store(str(path)) as store:
        store.write(results)
    _built["path"] = path
    return path


HOSTILE_ID = "hostile-1"
HOSTILE_TEXT = (
    "<script>alert('xss')</script> Kazakhstan and Belgium signed an agreement on 17 October.\n"
    "<img src=x onerror=\"alert(1)\"> Trade reached $419.7 million in 2021, "
    "said \"Roman\" 'O'Brien' & co.</p></div><svg onload=alert(2)>"
)


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return (start, start + len(phrase))


def hostile_result() -> Any:
    """An article built to break HTML: tags, event handlers and quotes in text and values."""
    from communique.models import (
        Actor,
        Agreement,
        Article,
        CodingResult,
        Event,
        Figure,
        Organization,
        Person,
        Place,
        ResolvedDate,
        TextSpan,
    )

    text = HOSTILE_TEXT
    sentence = _span(text, text.split("\n")[0])
    kaz = Actor(text="Kazakhstan", span=_span(text, "Kazakhstan"), name="Kazakhstan",
                country="KAZ", code="KAZ")
    bel = Actor(text="Belgium", span=_span(text, "Belgium"), name="<b>Belgium</b>",
                country="BEL", code="BEL")
    date = ResolvedDate(start="2022-10-17", granularity="day", kind="exact", text="17 October")
    event = Event(
        id="ev<1>", article_id=HOSTILE_ID, sentence=0, cameo="057", cameo_root="05",
        quad_class=1, goldstein=8.0, plover="AGREE", source=kaz, target=bel, date=date,
        trigger=TextSpan(text="signed", span=_span(text, "signed")),
        evidence=TextSpan(text=text[sentence[0]:sentence[1]], span=sentence), confidence=0.9,
    )
    figure = Figure(
        id="fig-1", kind="trade_turnover", value=419_700_000, unit="USD",
        period=ResolvedDate(start="2021-01-01", end="2021-12-31", granularity="year",
                            kind="range", text="2021"),
        **{"from": "KAZ"}, to="BEL", text="$419.7 million", span=_span(text, "$419.7 million"),
    )
    agreement = Agreement(
        id="ag-1", name="agreement <script>alert(3)</script>", kind="agreement", parties=[kaz, bel],
        status="signed", date=date, text="an agreement", span=_span(text, "an agreement"),
    )
    person = Person(name="Roman \"O'Brien\"", title="<i>Minister</i>", country="KAZ",
                    mentions=[_span(text, "\"Roman\" 'O'Brien'")])
    org = Organization(name="<svg onload=alert(4)>", country="KAZ",
                       mentions=[_span(text, "<svg onload=alert(2)>")])
    article = Article(
        id=HOSTILE_ID, text=text, title="<script>alert('title')</script>Hostile \"article\"",
        published="2022-10-18", source="<b>Evil</b> Agency", url="javascript:alert('url')",
        content_hash="x", dateline=Place(name="<img src=y onerror=alert(5)>", country="KAZ",
                                         span=None),
    )
    return CodingResult(article=article, events=[event], figures=[figure],
                        agreements=[agreement], people=[person], organizations=[org])
