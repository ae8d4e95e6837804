"""Admission control: a request the server cannot start in time gets a clean 503.

Without it an overloaded server queues every request it accepts, without bound, and a client
learns that it waited too long only from its own timeout (a dropped request). Here at most
`Settings.max_running_requests` requests run at once; the next `Settings.max_waiting_requests`
wait in arrival order, each for at most `Settings.request_wait_s`; a request that finds the
queue full, or that waited that long, is answered at once with 503 and `Retry-After` in the
one error body (the HTML error page for dashboard pages) and never runs.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from communique.api.errors import error_for
from communique.api.state import RETRY_AFTER_S

log = logging.getLogger(__name__)

BUSY_MESSAGE = "the server is busy with other requests; retry shortly"


class Admission:
    """ASGI middleware: at most `running` HTTP requests at once, `waiting` more in a queue for
    at most `wait_s` seconds each, 503 + Retry-After for the rest."""

    def __init__(self, app: ASGIApp, *, running: int, waiting: int, wait_s: float) -> None:
        self.app = app
        self.running = max(1, running)
        self.waiting = max(0, waiting)
        self.wait_s = wait_s
        self._slots: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiters = 0
        self.refused = 0  # requests answered 503 so far (tests and logs)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        if self._slots is None or self._loop is not loop:
            # one gate per event loop (a server has one; test clients start one each)
            self._slots, self._loop, self._waiters = asyncio.Semaphore(self.running), loop, 0
        slots = self._slots
        if slots.locked() and self._waiters >= self.waiting:
            await self._refuse(scope, receive, send, "queue full")
            return
        self._waiters += 1
        try:
            await asyncio.wait_for(slots.acquire(), timeout=self.wait_s)
        except TimeoutError:
            await self._refuse(scope, receive, send, f"waited {self.wait_s:g} s")
            return
        finally:
            self._waiters -= 1
        try:
            await self.app(scope, receive, send)
        finally:
            slots.release()

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, why: str) -> None:
        self.refused += 1
        log.warning("503 for %s %s: %s (%d running, %d waiting)", scope.get("method"),
                    scope.get("path"), why, self.running, self._waiters)
        response = error_for(Request(scope), 503, BUSY_MESSAGE, {"type": "Busy"},
                             {"Retry-After": str(RETRY_AFTER_S)})
        await response(scope, receive, send)
