"""Store.page_of: a page of the actors/people/organizations/dyads/figures/agreements listings
read in SQL, equal to slicing the whole listing, with the listing's total (DuckDB and
PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
from store_builders import agreement, event, figure, result

from communique.models import Organization, Person
from communique.store import Store, open_store

PAIRS = [("KAZ", "BEL"), ("BEL", "KAZ"), ("KAZ", "RUS"), ("USA", "CHN"), ("KAZ", "CHN")]


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        written = []
        for i, (a, b) in enumerate(PAIRS * 2):
            r = result(
                f"a{i}", [event(f"a{i}", 0, a, b, date=f"2022-10-{10 + i:02d}")],
                people=[Person(name=f"Person {i % 4}", country=a),
                        Person(name="Anna_Smith%", country=b)],
            )
            orgs = [Organization(name=f"Org {i % 3}", country=a)]
            facts = {
                "figures": [figure(k, "exports", 10.0 * i + k, a if k else b, b if k else a,
                                   None if k == 2 else str(2015 + i % 3)) for k in range(3)],
                "agreements": [agreement(k, [a, b] if k else [a, b, "FRA"],
                                         date=f"2022-0{1 + (i + k) % 3}-01") for k in range(2)],
            }
            written.append(r.model_copy(update={"organizations": orgs, **facts}))
        opened.write(written)
        yield opened


def _plain(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    return [tuple(None if v is None or v != v else v for v in row)
            for row in frame.itertuples(index=False)]


@pytest.mark.parametrize(
    ("listing", "search", "country"),
    [
        ("actors", None, None), ("actors", "kaz", None), ("actors", "%", None),
        ("people", None, None), ("people", "PERSON 1", None), ("people", "_smith%", None),
        ("people", "a_s", None),
        ("organizations", None, None), ("organizations", "org 2", None),
        ("dyads", None, None), ("dyads", None, "CHN"), ("dyads", None, "USA"),
    ],
)
@pytest.mark.parametrize(("limit", "offset"), [(2, 0), (2, 1), (50, 0), (3, 100)])
def test_a_page_is_the_slice_of_the_whole_listing(
    store: Store, listing: str, search: str | None, country: str | None, limit: int, offset: int
) -> None:
    whole = getattr(store, listing)()
    if search:
        whole = whole[whole["name"].str.lower().str.contains(search.lower(), regex=False)]
    if country:
        whole = whole[(whole["country_a"] == country) | (whole["country_b"] == country)]
    frame, total = store.page_of(  # type: ignore[arg-type]
        listing, search=search, country=country, limit=limit, offset=offset
    )
    assert total == len(whole)
    assert list(frame.columns) == list(whole.columns)
    assert _plain(frame) == _plain(whole.iloc[offset : offset + limit])


@pytest.mark.parametrize("listing", ["figures", "agreements"])
@pytest.mark.parametrize("dyad", [None, ("KAZ", "BEL"), ("CHN", "KAZ"), ("FRA", "USA")])
@pytest.mark.parametrize(("limit", "offset"), [(3, 0), (3, 2), (50, 0), (3, 100)])
def test_a_page_of_facts_is_the_slice_of_the_pair_s_facts(
    store: Store, listing: str, dyad: tuple[str, str] | None, limit: int, offset: int
) -> None:
    whole = getattr(store, listing)(dyad)
    frame, total = store.page_of(  # type: ignore[arg-type]
        listing, dyad=dyad, limit=limit, offset=offset
    )
    assert total == len(whole)
    assert list(frame.columns) == list(whole.columns)
    assert _plain(frame) == _plain(whole.iloc[offset : offset + limit])
    if dyad == ("KAZ", "BEL") and offset == 0:
        assert total > 0
