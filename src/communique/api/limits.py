"""A request size limit enforced before the body reaches any endpoint.

Checks the declared Content-Length first (cheap rejection), then counts the streamed body, so a
client that lies about the length or streams chunked data is cut off too.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from communique.api.errors import ApiError, error_response


class BodyTooLarge(ApiError):
    """Raised inside the receive wrapper when the streamed body passes the limit.

    An ApiError, so that FastAPI's body parsing re-raises it as is (it turns other exceptions
    into a 400) and the error handlers render the 413.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, _message(limit), detail={"limit": limit})


def _message(limit: int) -> str:
    return (
        f"request body is larger than the {limit} byte limit; send a smaller article or "
        "raise COMMUNIQUE_MAX_REQUEST_BYTES on the server"
    )


class BodySizeLimit:
    """ASGI middleware answering 413 (in the one error body) for bodies over `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        message = _message(limit)
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > limit:
                    await error_response(413, message, {"limit": limit})(scope, receive, send)
                    return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return msg

        async def tracking_send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await error_response(413, message, {"limit": limit})(scope, receive, send)
