"""Store.article_entities: the people and organisations of given articles, from the
per-article rows, equal to what the stored result JSON lists (DuckDB and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from store_builders import result

from communique.models import Organization, Person
from communique.store import Store, open_store

PEOPLE = {
    "a1": [Person(name="Roman Vassilenko", title="deputy foreign minister", country="KAZ"),
           Person(name="Sophie Wilmès", country="BEL")],
    "a2": [Person(name="Sophie Wilmès", title="foreign minister", country="BEL")],
    "a3": [],
}
ORGS = {
    "a1": [Organization(name="Kazinform", country="KAZ")],
    "a2": [Organization(name="European Union", country="IGO"),
           Organization(name="Kazinform", country="KAZ")],
    "a3": [Organization(name="OSCE", country="IGO")],
}


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        written = []
        for article_id in ("a1", "a2", "a3"):
            r = result(article_id, people=PEOPLE[article_id])
            written.append(r.model_copy(update={"organizations": ORGS[article_id]}))
        opened.write(written)
        yield opened


def _from_json(store: Store, ids: list[str]) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for article_id in dict.fromkeys(ids):
        stored = store.result(article_id)
        if stored is None:
            continue
        title, source = stored.article.title, stored.article.source
        rows += [("person", article_id, n, p.name, p.title, p.country, title, source)
                 for n, p in enumerate(stored.people)]
        rows += [("organization", article_id, n, o.name, None, o.country, title, source)
                 for n, o in enumerate(stored.organizations)]
    return rows


@pytest.mark.parametrize(
    "ids", [["a1", "a2", "a3"], ["a3", "a1"], ["a2"], ["a2", "a2", "a1"], ["missing", "a1"], []]
)
def test_article_entities_match_the_stored_results(store: Store, ids: list[str]) -> None:
    frame = store.article_entities(ids)
    got = [
        tuple(None if v is None or v != v else v for v in row)  # NaN (SQL NULL) -> None
        for row in frame.itertuples(index=False)
    ]
    got = [(r[0], r[1], int(str(r[2])), *r[3:]) for r in got]
    expected = _from_json(store, ids)
    assert len(got) == len(expected)
    for kind in ("person", "organization"):  # in the order of `ids`, then as listed
        assert [r for r in got if r[0] == kind] == [r for r in expected if r[0] == kind]
