"""`communique serve`: the HTTP API and the dashboard over one store."""

from __future__ import annotations

from typing import Annotated

import typer

from communique.settings import Settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: Seconds an idle keep-alive connection stays open. It must be longer than the idle time after
#: which clients stop reusing a connection (httpx 5 s, aiohttp 15 s, proxies such as nginx or a
#: cloud load balancer 60 s): otherwise the server may close a connection at the moment a client
#: sends its next request on it, and that request gets no answer (a RemoteProtocolError or a
#: reset). uvicorn's default of 5 s equals httpx's, which dropped 1 of ~750 requests in the
#: issue 12 load run; with 1 s it dropped 5 of 380.
KEEP_ALIVE_S = 75


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("serve")(serve)


def serve(
    db: Annotated[
        str | None,
        typer.Option("--db", help="DuckDB file or postgresql:// URL (default: COMMUNIQUE_DB)."),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = DEFAULT_PORT,
) -> None:
    """Serve the JSON API (/api, docs at /docs) and the dashboard (/) until Ctrl-C.

    Writing (POST /api/articles) is on only when COMMUNIQUE_TOKEN is set.
    """
    import uvicorn

    from communique.api import create_app
    from communique.store import require_store

    settings = Settings()
    url = db or settings.db
    require_store(url)  # an empty dashboard over a store made by mistake helps nobody
    typer.echo(f"serving {url} on http://{host}:{port}/ (API docs: http://{host}:{port}/docs)")
    uvicorn.run(create_app(url, settings), host=host, port=port, log_level="info",
                timeout_keep_alive=KEEP_ALIVE_S)
