"""Security headers on every response, and the write token checked before the body is read.

- Headers: a Content-Security-Policy that allows only the app's own scripts, styles and images
  (style attributes and plotly's inline styles need 'unsafe-inline' for styles; no inline script
  runs: chart data travels in <script type="application/json">, which is data, not code), no
  framing (frame-ancestors 'none', X-Frame-Options DENY), nosniff, no referrer.
- Write token: a request that writes (POST/PUT/PATCH/DELETE under /api) is checked for the
  bearer token first, so a client without the token learns nothing about its body (401/403
  before 400/422), and an unauthorised body is never parsed.
"""

from __future__ import annotations

import secrets

from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from communique.api.errors import error_response

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _routed(scope: Scope) -> bool:
    """True when a route of the app answers this method on this path."""
    app = scope.get("app")
    router = getattr(app, "router", None)
    if router is None:
        return True
    return any(route.matches(scope)[0] is Match.FULL for route in router.routes)


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


class WriteToken:
    """ASGI middleware: writes under /api need the server's token, checked before the body."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in WRITE_METHODS
            or not str(scope["path"]).startswith("/api/")
            or not _routed(scope)  # a 404 or 405 stays one
        ):
            await self.app(scope, receive, send)
            return
        problem = self.problem(dict(scope.get("headers", [])).get(b"authorization", b""))
        if problem is None:
            await self.app(scope, receive, send)
            return
        status, message = problem
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        await error_response(status, message, None, headers)(scope, receive, send)

    def problem(self, authorization: bytes) -> tuple[int, str] | None:
        if not self.token:
            return 403, (
                "writing through the API is off; set COMMUNIQUE_TOKEN on the server to enable it"
            )
        scheme, _, credentials = authorization.decode("latin-1").partition(" ")
        if scheme.lower() != "bearer" or not credentials:
            return 401, "missing bearer token; send 'Authorization: Bearer <COMMUNIQUE_TOKEN>'"
        if not secrets.compare_digest(credentials.strip().encode(), self.token.encode()):
            return 401, "wrong bearer token; use the server's COMMUNIQUE_TOKEN"
        return None
