"""/docs: the API reference as one server-rendered page, offline (no Swagger UI from a CDN).

Rendered from the app's own OpenAPI schema (served at /openapi.json for tools): every endpoint
with its method, summary, parameters and responses. No script runs on the page.
"""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

_STYLE = (
    "body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
    "code{background:#f3f3f3;padding:0 .2rem}h2{margin-top:2rem;border-top:1px solid #ddd;"
    "padding-top:1rem}.m{font-weight:bold;text-transform:uppercase;margin-right:.5rem}"
    "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;"
    "text-align:left;vertical-align:top}"
)


def _params(operation: dict[str, Any]) -> str:
    params = operation.get("parameters") or []
    if not params:
        return ""
    rows = []
    for p in params:
        schema = p.get("schema") or {}
        kind = schema.get("type") or " | ".join(
            str(s.get("type", "")) for s in schema.get("anyOf", []) if s.get("type") != "null"
        )
        required = "yes" if p.get("required") else ""
        rows.append(
            f"<tr><td><code>{escape(str(p.get('name')))}</code></td><td>{escape(str(p.get('in')))}"
            f"</td><td>{escape(kind)}</td><td>{required}</td>"
            f"<td>{escape(str(p.get('description') or schema.get('description') or ''))}</td></tr>"
        )
    return (
        "<table><tr><th>parameter</th><th>in</th><th>type</th><th>required</th><th></th></tr>"
        + "".join(rows) + "</table>"
    )


def render_docs(schema: dict[str, Any]) -> str:
    info = schema.get("info", {})
    parts = [
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>"
        f"{escape(str(info.get('title', 'API')))} API</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(str(info.get('title', '')))} {escape(str(info.get('version', '')))}</h1>",
        f"<p>{escape(str(info.get('description', '')))}</p>",
        "<p>The machine-readable schema: <a href='/openapi.json'>/openapi.json</a>.</p>",
    ]
    for path, item in sorted(schema.get("paths", {}).items()):
        for method, operation in item.items():
            responses = ", ".join(sorted(operation.get("responses", {})))
            parts.append(
                f"<h2><span class='m'>{escape(method)}</span><code>{escape(path)}</code></h2>"
                f"<p>{escape(str(operation.get('summary') or ''))}</p>"
                f"{_params(operation)}"
                + ("<p>Body: JSON (see the schema).</p>" if "requestBody" in operation else "")
                + f"<p>Responses: {escape(responses)}</p>"
            )
    parts.append("</body></html>")
    return "".join(parts)


def install_docs(app: FastAPI) -> None:
    def docs() -> HTMLResponse:
        return HTMLResponse(render_docs(app.openapi()))

    app.add_api_route("/docs", docs, include_in_schema=False, response_class=HTMLResponse)
