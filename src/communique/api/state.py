"""The app's handles on the store and the pipeline, opened on first use and shared by requests.

Endpoints are sync functions that FastAPI runs in a thread pool; an embedded DuckDB connection
must not be used by two threads at once, so every store call goes through one lock. The spaCy
pipeline loads in seconds, so it is only loaded when the first article is posted.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from starlette.requests import Request

from communique.models import Article, CodingResult
from communique.settings import Settings

if TYPE_CHECKING:
    from communique.pipeline import Pipeline
    from communique.store.base import Store

T = TypeVar("T")


class AppState:
    """Lazily opened store and pipeline behind locks."""

    def __init__(self, store_url: str, settings: Settings) -> None:
        self.store_url = store_url
        self.settings = settings
        self._store: Store | None = None
        self._pipeline: Pipeline | None = None
        self._store_lock = threading.RLock()
        self._pipeline_lock = threading.Lock()

    def with_store(self, work: Callable[[Store], T]) -> T:
        """Run `work` with the open store, one caller at a time."""
        with self._store_lock:
            if self._store is None:
                from communique.store import open_store

                self._store = open_store(self.store_url)
            return work(self._store)

    def code(self, article: Article) -> CodingResult:
        """Code one article; one at a time, as a spaCy pipeline is not meant to be shared."""
        with self._pipeline_lock:
            if self._pipeline is None:
                from communique.pipeline import Pipeline

                self._pipeline = Pipeline(self.settings)
            return self._pipeline.code_article(article)

    def close(self) -> None:
        with self._store_lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def request_state(request: Request) -> AppState:
    """The AppState of the app serving `request` (set by `create_app`)."""
    app_state: AppState = request.app.state.communique
    return app_state
