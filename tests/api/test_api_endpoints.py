"""The JSON API over a store with the seed and the VOA sample: envelopes, filters, errors."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from communique.models import CodingResult

LIST_ENDPOINTS = [
    "/api/events",
    "/api/timeline?a=KAZ&b=BEL",
    "/api/actors",
    "/api/people",
    "/api/organizations",
    "/api/figures",
    "/api/agreements",
    "/api/dyads",
    "/api/articles",
]


def assert_error(body: dict[str, Any], code: str) -> None:
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "detail"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


@pytest.mark.parametrize("url", LIST_ENDPOINTS)
def test_list_endpoints_return_a_page(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    page = response.json()
    assert set(page) == {"total", "limit", "offset", "items"}
    assert page["offset"] == 0
    assert len(page["items"]) == min(page["total"], page["limit"])


@pytest.mark.parametrize(
    ("url", "minimum"),
    [
        ("/api/articles", 5),
        ("/api/events?dyad=KAZ-BEL", 1),
        ("/api/events?dyad=BEL-KAZ", 1),
        ("/api/dyads", 1),
        ("/api/actors", 2),
        ("/api/timeline?a=BEL&b=KAZ", 1),
    ],
)
def test_the_seed_and_voa_sample_are_served(client: TestClient, url: str, minimum: int) -> None:
    assert client.get(url).json()["total"] >= minimum


def test_pagination_slices_the_same_ordered_rows(client: TestClient) -> None:
    everything = client.get("/api/articles", params={"limit": 100}).json()
    assert everything["total"] == 5
    ids = [a["id"] for a in everything["items"]]
    pages = [
        client.get("/api/articles", params={"limit": 2, "offset": o}).json() for o in (0, 2, 4)
    ]
    assert all(p["total"] == 5 for p in pages)
    assert [a["id"] for p in pages for a in p["items"]] == ids
    past_end = client.get("/api/articles", params={"offset": 50}).json()
    assert past_end["items"] == [] and past_end["total"] == 5


@pytest.mark.parametrize(
    ("params", "field", "allowed"),
    [
        ({"dyad": "KAZ-BEL"}, ("source_country", "target_country"), {"KAZ", "BEL"}),
        ({"actor": "KAZ"}, ("source_country", "target_country", "source_code", "target_code"),
         {"KAZ"}),
    ],
)
def test_event_filters(
    client: TestClient, params: dict[str, str], field: tuple[str, ...], allowed: set[str]
) -> None:
    page = client.get("/api/events", params=params).json()
    assert page["total"] >= 1
    for event in page["items"]:
        values = {event[f] for f in field}
        assert values & allowed, event


def test_event_filters_by_code_and_type_and_date(client: TestClient) -> None:
    events = client.get("/api/events", params={"dyad": "KAZ-BEL", "limit": 1000}).json()["items"]
    first = events[0]
    by_plover = client.get("/api/events", params={"plover": first["plover"]}).json()
    assert by_plover["total"] >= 1
    assert {e["plover"] for e in by_plover["items"]} == {first["plover"]}
    by_cameo = client.get("/api/events", params={"cameo": first["cameo"][:2]}).json()
    assert all(e["cameo"].startswith(first["cameo"][:2]) for e in by_cameo["items"])
    dated = [e for e in events if e["date"]]
    if dated:
        day = dated[0]["date"][:10]
        within = client.get("/api/events", params={"since": day, "until": day}).json()
        assert within["total"] >= 1
        assert all(e["date"][:10] == day for e in within["items"])
    none = client.get("/api/events", params={"since": "2100-01-01"}).json()
    assert none == {"total": 0, "limit": 50, "offset": 0, "items": []}


def test_search_filters_articles_and_events(client: TestClient) -> None:
    articles = client.get("/api/articles", params={"q": "Belgium"}).json()
    assert 1 <= articles["total"] < 5
    nothing = client.get("/api/articles", params={"q": "zzqxjv-nowhere"}).json()
    assert nothing["total"] == 0


def test_article_is_the_full_coding_result(client: TestClient, seed_id: str) -> None:
    response = client.get(f"/api/articles/{seed_id}")
    assert response.status_code == 200
    result = CodingResult.model_validate(response.json())
    assert result.article.id == seed_id
    assert "Kazakhstan" in result.article.text
    assert result.events, "the seed has events"
    for event in result.events:
        start, end = event.trigger.span
        assert result.article.text[start:end] == event.trigger.text


@pytest.mark.parametrize(
    ("method", "url", "status", "code"),
    [
        ("GET", "/api/articles/no-such-article", 404, "not_found"),
        ("GET", "/api/no-such-endpoint", 404, "not_found"),
        ("GET", "/api/events?limit=0", 422, "validation_error"),
        ("GET", "/api/events?limit=100000", 422, "validation_error"),
        ("GET", "/api/events?offset=-1", 422, "validation_error"),
        ("GET", "/api/events?dyad=KAZBEL", 422, "validation_error"),
        ("GET", "/api/events?since=yesterday", 422, "validation_error"),
        ("GET", "/api/timeline?a=KAZ", 422, "validation_error"),
        ("DELETE", "/api/articles", 405, "method_not_allowed"),
        ("POST", "/api/articles", 403, "forbidden"),
    ],
)
def test_every_error_has_one_body(
    client: TestClient, method: str, url: str, status: int, code: str
) -> None:
    response = client.request(method, url, json={"text": "x"} if method == "POST" else None)
    assert response.status_code == status
    assert_error(response.json(), code)


def test_validation_error_lists_the_bad_field(client: TestClient) -> None:
    body = client.get("/api/events", params={"limit": 0}).json()
    assert body["error"]["detail"][0]["loc"] == ["query", "limit"]


def test_writing_is_off_without_a_token(client: TestClient) -> None:
    response = client.post("/api/articles", json={"text": "Kazakhstan met Belgium."},
                           headers={"Authorization": "Bearer anything"})
    assert response.status_code == 403
    assert "COMMUNIQUE_TOKEN" in response.json()["error"]["message"]


def test_openapi_documents_typed_models(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for name in ("Page_EventRow_", "EventRow", "CodingResult", "ErrorBody", "Posted"):
        assert name in schemas, sorted(schemas)
    events = spec["paths"]["/api/events"]["get"]
    assert {p["name"] for p in events["parameters"]} >= {
        "dyad", "since", "until", "plover", "cameo", "actor", "q", "limit", "offset"
    }
    assert "ErrorBody" in str(events["responses"]["422"])
    assert "bearer" in str(spec["components"]["securitySchemes"]).lower()
