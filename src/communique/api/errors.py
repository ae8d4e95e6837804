"""One error body for every API error: ``{"error": {"code", "message", "detail"}}``.

Handlers cover HTTPException (404, 401, 403, 413...), request validation (422) and any other
exception (500, without leaking internals). Clients parse one shape, whatever went wrong.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from communique.api.state import RETRY_AFTER_S
from communique.errors import CommuniqueError, InputError, StoreBusy, StoreError

log = logging.getLogger(__name__)

# Short machine-readable codes for the statuses the API returns.
STATUS_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    500: "internal_error",
    503: "unavailable",
}


class ErrorInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    message: str
    detail: Any = None


class ErrorBody(BaseModel):
    """The body of every error response."""

    model_config = ConfigDict(frozen=True)

    error: ErrorInfo


class ApiError(StarletteHTTPException):
    """An HTTP error with a message that says what to do; rendered as ErrorBody."""

    def __init__(
        self, status_code: int, message: str, *, detail: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status_code=status_code, detail=message, headers=headers)
        self.message = message
        self.extra = detail


def error_response(
    status: int, message: str, detail: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = ErrorBody(
        error=ErrorInfo(
            code=STATUS_CODES.get(status, f"http_{status}"),
            message=message,
            detail=jsonable_encoder(detail),
        )
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if isinstance(exc, ApiError):
        headers = dict(exc.headers) if exc.headers else None
        return error_response(exc.status_code, exc.message, exc.extra, headers)
    message = exc.detail if isinstance(exc.detail, str) else STATUS_CODES.get(exc.status_code, "")
    if exc.status_code == 404 and message == "Not Found":
        message = f"no route {request.url.path}; see /docs for the endpoints"
    elif exc.status_code == 400 and "parsing the body" in message:
        message = "the request body is not readable; send one UTF-8 JSON object"
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}; see the Allow header"
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(_allowed_methods(request))
    return error_response(exc.status_code, message, None, headers or None)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route answers on this path: each is tried against the router, which
    also sees into included routers (their routes are not listed on the app's router)."""
    allowed: list[str] = []
    for method in _METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    if any(e["type"] == "json_invalid" for e in errors):
        return error_response(
            400, "the request body is not valid JSON; send one UTF-8 JSON object", errors
        )
    if not request.url.path.startswith(("/api", "/openapi")):  # a dashboard page's URL
        fields = ", ".join(str(e["loc"][-1]) for e in errors if e["loc"])
        return error_for(request, 422, f"this page's URL has an invalid value: {fields}", errors)
    return error_response(
        422, "the request is invalid; fix the fields listed in detail and retry", errors
    )


def _communique_error(request: Request, exc: Exception) -> Response:
    """Our own errors, without internals: no paths, PIDs or tracebacks reach the client."""
    assert isinstance(exc, CommuniqueError)
    if isinstance(exc, InputError):
        return error_for(request, 400, str(exc), {"type": type(exc).__name__})
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    if isinstance(exc, StoreBusy):
        log.info("store busy on %s %s: %s", request.method, request.url.path, exc)
        message = "the store is busy (another process, an ingest, is writing); retry shortly"
        return error_for(request, 503, message, {"type": "StoreBusy"}, headers)
    log.warning("store or configuration error on %s %s", request.method, request.url.path,
                exc_info=exc)
    if isinstance(exc, StoreError):
        message = "the store could not answer this request; retry shortly (the server log says why)"
        return error_for(request, 503, message, {"type": "StoreError"}, headers)
    message = "the server cannot answer this request; its log says why"
    return error_for(request, 500, message, {"type": "ServerError"})


def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_for(
        request, 500, "internal error; the server log has the details, please report it",
        {"type": "ServerError"},
    )


def error_for(
    request: Request, status: int, message: str, detail: Any,
    headers: dict[str, str] | None = None,
) -> Response:
    """The JSON error body for the API, the HTML error page for dashboard pages."""
    if not request.url.path.startswith(("/api", "/openapi")):
        from communique.web.views import error_page

        return error_page(request, status, message, headers)
    return error_response(status, message, detail, headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(CommuniqueError, _communique_error)
    app.add_exception_handler(Exception, _unexpected)
