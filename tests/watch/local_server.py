"""A loopback-only HTTP server for the watch tests: routes set per test, changed between rounds.

Answers If-None-Match with 304 when a route has an ETag, can wait before answering (a slow
source), and logs every request (path and headers), so tests can see what the watcher asked for.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    delay_s: float = 0.0


@dataclass
class LocalServer:
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    posts: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)
    post_status: list[int] = field(default_factory=list)
    """Statuses to answer POSTs with, in turn (then 200)."""

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def do_GET(self) -> None:
                with server.lock:
                    server.hits.append((self.path, dict(self.headers)))
                    route = server.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.delay_s:
                    time.sleep(route.delay_s)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                if route.etag:
                    self.send_header("ETag", route.etag)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(route.body)

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with server.lock:
                    status = server.post_status.pop(0) if server.post_status else 200
                    server.posts.append((self.path, dict(self.headers), body))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def paths(self) -> list[str]:
        with self.lock:
            return [p for p, _ in self.hits]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def page(title: str, sentences: list[str]) -> bytes:
    """An article page trafilatura reads (a title and paragraphs of body text)."""
    paragraphs = "".join(f"<p>{s}</p>" for s in sentences)
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article></body></html>"
    ).encode()


def rss(items: list[tuple[str, str]], base: str) -> bytes:
    """An RSS 2.0 feed of (path, title) items."""
    entries = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        f"<pubDate>Tue, 18 Oct 2022 10:00:00 GMT</pubDate></item>"
        for path, title in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        f"<link>{base}/</link><description>d</description>{entries}</channel></rss>"
    ).encode()
