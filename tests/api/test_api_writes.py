"""Writing through the API: the bearer token, the size limit, coding and storing an article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from communique.api import create_app
from communique.settings import Settings

TOKEN = "s3cret-token"
LIMIT = 2_000
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE = {
    "id": "api-post-1",
    "title": "Kazakhstan and Belgium hold talks",
    "published": "2023-05-02",
    "text": "ASTANA. The foreign ministers of Kazakhstan and Belgium held talks in Astana on "
    "Monday and signed a memorandum on cooperation.",
}


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("writable") / "w.duckdb"
    settings = Settings(db=str(path), token=TOKEN, max_request_bytes=LIMIT)
    with TestClient(create_app(str(path), settings), raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong"}, 401),
        ({"Authorization": f"Basic {TOKEN}"}, 401),
        ({"Authorization": TOKEN}, 401),
    ],
)
def test_writing_needs_the_token(
    writable: TestClient, headers: dict[str, str], status: int
) -> None:
    response = writable.post("/api/articles", json=ARTICLE, headers=headers)
    assert response.status_code == status
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


def test_post_codes_and_stores_the_article(writable: TestClient) -> None:
    response = writable.post("/api/articles", json=ARTICLE, headers=AUTH)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["outcome"]["article_id"] == "api-post-1"
    assert body["outcome"]["status"] == "new"
    assert body["result"]["article"]["title"] == ARTICLE["title"]
    stored = writable.get("/api/articles/api-post-1").json()
    assert stored == body["result"]
    again = writable.post("/api/articles", json=ARTICLE, headers=AUTH).json()
    assert again["outcome"]["status"] == "unchanged"


def test_post_without_id_uses_the_content_hash(writable: TestClient) -> None:
    body = writable.post("/api/articles", json={"text": "Belgium thanked Kazakhstan."},
                         headers=AUTH).json()
    assert len(body["outcome"]["article_id"]) == 64


@pytest.mark.parametrize("payload", [{}, {"text": ""}, {"title": "no text"}, [1, 2]])
def test_post_rejects_bad_bodies(writable: TestClient, payload: object) -> None:
    response = writable.post("/api/articles", json=payload, headers=AUTH)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_body_over_the_limit_by_content_length(writable: TestClient) -> None:
    big = {"text": "x" * (LIMIT + 10)}
    response = writable.post("/api/articles", json=big, headers=AUTH)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert "COMMUNIQUE_MAX_REQUEST_BYTES" in response.json()["error"]["message"]


def test_streamed_body_over_the_limit(writable: TestClient) -> None:
    """A chunked body declares no length: the middleware counts what arrives."""

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(10):
            yield b"y" * 500
        yield b'"}'

    response = writable.post(
        "/api/articles", content=chunks(),
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_unexpected_errors_use_the_error_body(tmp_path: Path) -> None:
    app: FastAPI = create_app(str(tmp_path / "e.duckdb"), Settings(db=str(tmp_path / "e.duckdb")))

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/boom")
    assert response.status_code == 500
    body = response.json()
    assert body["error"]["code"] == "internal_error"
    assert "secret internals" not in response.text


def test_unreadable_body_is_a_400(writable: TestClient) -> None:
    response = writable.post(
        "/api/articles", content=b"\xff\xfe{not json",
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert response.status_code in (400, 422)
    assert set(response.json()["error"]) == {"code", "message", "detail"}
