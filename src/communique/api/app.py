"""The FastAPI application: JSON API under /api, the dashboard pages, static files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from communique import __version__
from communique.api.admission import Admission
from communique.api.docs_page import install_docs
from communique.api.errors import install_error_handlers
from communique.api.limits import BodySizeLimit
from communique.api.security import SecurityHeaders, WriteToken
from communique.api.state import AppState
from communique.settings import Settings


def create_app(store_url: str | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the app over one store (a DuckDB path or postgresql:// URL; default: Settings.db)."""
    from communique.api.routes import router
    from communique.web.views import install_web

    settings = settings or Settings()
    app_state = AppState(store_url or settings.db, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app_state.close()

    app = FastAPI(
        title="communique",
        version=__version__,
        description=(
            "Coded diplomatic and political events (CAMEO, PLOVER) with the text span behind "
            "every value. Every error has the body "
            '{"error": {"code": ..., "message": ..., "detail": ...}}.'
        ),
        lifespan=lifespan,
        docs_url=None,  # Swagger UI loads from a CDN: /docs is served offline instead
        redoc_url=None,
    )
    app.state.communique = app_state
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(WriteToken, token=settings.token)  # before the body is read or parsed
    app.add_middleware(  # a request that cannot start in time: 503 + Retry-After
        Admission, running=settings.max_running_requests,
        waiting=settings.max_waiting_requests, wait_s=settings.request_wait_s,
    )
    app.add_middleware(SecurityHeaders)  # outermost: every response, errors included
    app.include_router(router)
    install_docs(app)
    install_web(app)
    return app
