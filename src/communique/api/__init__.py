"""The HTTP API and dashboard server: `create_app(store_url)` builds the FastAPI app."""

from communique.api.app import create_app

__all__ = ["create_app"]
