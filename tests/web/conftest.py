"""Fixtures of the dashboard tests: a store with the seed, the VOA sample and a hostile article."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.api.helpers import _span, coded_store_path, hostile_result

from communique.api import create_app
from communique.settings import Settings


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the coded store with the hostile article added."""
    from communique.store import open_store

    path = tmp_path_factory.mktemp("web") / "web.duckdb"
    shutil.copyfile(coded_store_path(tmp_path_factory, pipeline), path)
    with open_store(str(path)) as store:
        store.write([hostile_result(), igo_result()])
    return path


IGO_ID = "igo-1"
IGO_TEXT = (
    "Kazakhstan met the European Union in Brussels on 5 November 2021.\n"
    "Kazakhstan also met the <i>OSCE</i> on 6 November 2021."
)


def igo_result() -> Any:
    """Kazakhstan meeting two international organisations (CAMEO country IGO), one name hostile."""
    from communique.models import Actor, Article, CodingResult, Event, ResolvedDate, TextSpan

    text = IGO_TEXT
    kaz = Actor(text="Kazakhstan", span=_span(text, "Kazakhstan"), name="Kazakhstan",
                country="KAZ", code="KAZ")
    events = []
    for i, (org, day) in enumerate((("European Union", "05"), ("<i>OSCE</i>", "06"))):
        line = text.split("\n")[i]
        start = text.index(line)
        target = Actor(text=org, span=_span(text, org), name=org, country="IGO", code="IGO")
        events.append(Event(
            id=f"igo-ev-{i}", article_id=IGO_ID, sentence=i, cameo="036", cameo_root="03",
            quad_class=1, goldstein=4.0, plover="CONSULT", source=kaz, target=target,
            date=ResolvedDate(start=f"2021-11-{day}", granularity="day", kind="exact",
                              text=f"{int(day)} November 2021"),
            trigger=TextSpan(text="met", span=(start + line.index("met"),
                                               start + line.index("met") + 3)),
            evidence=TextSpan(text=line, span=(start, start + len(line))), confidence=0.9,
        ))
    article = Article(id=IGO_ID, text=text, title="Kazakhstan meets the EU and the OSCE",
                      published="2021-11-06", source="Test Wire", content_hash="igo")
    return CodingResult(article=article, events=events)


@pytest.fixture(scope="session")
def web(web_store: Path) -> Iterator[TestClient]:
    app = create_app(str(web_store), Settings(db=str(web_store)))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="session")
def web_seed_id(web: TestClient) -> str:
    page = web.get("/api/articles", params={"q": "Kazakhstan-Belgium"}).json()
    return str(page["items"][0]["id"])
