"""Polite fetching for the watcher: robots.txt, a delay per host, conditional GET, bounded bodies.

One `PoliteFetcher` serves one round from many threads: each host gets its robots.txt read once
(RFC 9309: a 4xx means no rules, a 5xx or no answer means stay away this round), requests to one
host start at least `host_delay` seconds apart (or the site's Crawl-delay when longer), every
body is cut at `InputLimits.fetch_max_bytes` and every fetch at `fetch_deadline_s`, the same
limits as `communique ingest` (docs/INGEST.md).
"""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from communique.ingest.feeds import FETCH_TIMEOUT_S, USER_AGENT, read_body, too_slow
from communique.ingest.readers import failure
from communique.models import IngestFailure
from communique.settings import InputLimits

#: The product token robots.txt rules are matched against (the User-Agent names it first).
ROBOTS_AGENT = "communique"
#: Seconds between two requests to one host. One a second is the usual crawler courtesy
#: (Googlebot's default is slower still for small sites); a site asks for more with Crawl-delay.
DEFAULT_HOST_DELAY_S = 1.0
#: The reason of a fetch cut short because the watcher is stopping (never stored as a failure).
STOPPED = "stopped"
#: The longest Crawl-delay honoured; a longer one would starve a round (the source then waits).
MAX_CRAWL_DELAY_S = 60.0


@dataclass(frozen=True)
class Fetched:
    """A response: 200 with its body, or 304 (not modified, empty body); and its validators."""

    url: str
    status: int
    content: bytes
    content_type: str
    encoding: str | None
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def text(self) -> str:
        return self.content.decode(self.encoding or "utf-8", errors="replace")


def default_client(workers: int) -> httpx.Client:
    """A client whose pool has room for every fetching thread, naming communique."""
    return httpx.Client(
        timeout=FETCH_TIMEOUT_S,
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
        limits=httpx.Limits(max_connections=workers, max_keepalive_connections=workers),
    )


class PoliteFetcher:
    """GET within the rules; thread-safe; never raises for the network (failures are values)."""

    def __init__(
        self,
        client: httpx.Client,
        limits: InputLimits,
        *,
        host_delay: float = DEFAULT_HOST_DELAY_S,
        stop: threading.Event | None = None,
    ) -> None:
        self.client = client
        self.limits = limits
        self.host_delay = host_delay
        self.stop = stop or threading.Event()
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | IngestFailure] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._crawl_delay: dict[str, float] = {}

    # -- the rules -----------------------------------------------------------------------------
    def allowed(self, url: str) -> IngestFailure | None:
        """None when robots.txt lets communique fetch `url`, else why not."""
        rules = self._rules(url)
        if isinstance(rules, IngestFailure):
            return failure(url, rules.reason, rules.detail)
        if not rules.can_fetch(ROBOTS_AGENT, url):
            return failure(
                url,
                "disallowed by robots.txt",
                "the site asks crawlers named communique not to fetch this path; follow another "
                "source or ask the site",
            )
        return None

    def _rules(self, url: str) -> urllib.robotparser.RobotFileParser | IngestFailure:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            host_lock = self._robots_locks.setdefault(host, threading.Lock())
        with host_lock:
            if host not in self._robots:
                self._robots[host] = self._read_robots(host)
            return self._robots[host]

    def _read_robots(self, host: str) -> urllib.robotparser.RobotFileParser | IngestFailure:
        parser = urllib.robotparser.RobotFileParser(host + "/robots.txt")
        response = self._get(host + "/robots.txt", {})
        if isinstance(response, _Status):
            if 400 <= response.code < 500:
                parser.parse([])  # RFC 9309 2.3.1.3: unavailable, so no rules
                return parser
            return failure(
                host + "/robots.txt",
                f"robots.txt answered HTTP {response.code}",
                "RFC 9309 says to stay away while a site's robots.txt fails; retried next round",
            )
        if isinstance(response, IngestFailure):
            return failure(
                host + "/robots.txt",
                f"robots.txt could not be read: {response.reason}",
                "RFC 9309 says to stay away while a site's robots.txt is unreachable; retried "
                "next round",
            )
        parser.parse(response.text.splitlines())
        delay = parser.crawl_delay(ROBOTS_AGENT)
        if delay is not None:
            with self._lock:
                self._crawl_delay[urlsplit(host).netloc] = min(float(delay), MAX_CRAWL_DELAY_S)
        return parser

    def _wait_turn(self, host: str) -> bool:
        """Sleep until this host's next slot (reserving it); False when the round is stopping."""
        now = time.monotonic()
        with self._lock:
            delay = max(self.host_delay, self._crawl_delay.get(host, 0.0))
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + delay
        wait = slot - now
        return not (wait > 0 and self.stop.wait(wait))

    # -- fetching ------------------------------------------------------------------------------
    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched | IngestFailure:
        """GET `url` if robots.txt allows it; with validators, a 304 comes back as such."""
        refused = self.allowed(url)
        if refused is not None:
            return refused
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        response = self._get(url, headers)
        if isinstance(response, _Status):
            return failure(url, f"HTTP {response.code}", "the server refused it; retried later")
        return response

    def _interrupted(self, url: str) -> Callable[[], IngestFailure | None]:
        """A check `read_body` runs after each chunk: a stopping watcher ends the read."""

        def check() -> IngestFailure | None:
            if self.stop.is_set():
                return failure(url, STOPPED, "the watcher was asked to stop")
            return None

        return check

    def _get(self, url: str, headers: dict[str, str]) -> Fetched | _Status | IngestFailure:
        if not self._wait_turn(urlsplit(url).netloc):
            return failure(url, STOPPED, "the watcher was asked to stop")
        limits = self.limits
        deadline = time.monotonic() + limits.fetch_deadline_s
        per_read = min(FETCH_TIMEOUT_S, limits.fetch_deadline_s)
        try:
            with self.client.stream(
                "GET", url, headers=headers, timeout=httpx.Timeout(per_read)
            ) as response:
                if response.status_code >= 400:
                    return _Status(response.status_code)
                etag = response.headers.get("etag")
                modified = response.headers.get("last-modified")
                if response.status_code == 304:
                    return Fetched(str(response.url), 304, b"", "", None, etag, modified)
                body = read_body(response, url, limits, deadline, self._interrupted(url))
                if isinstance(body, IngestFailure):
                    return body
                return Fetched(
                    url=str(response.url),
                    status=response.status_code,
                    content=body,
                    content_type=response.headers.get("content-type", ""),
                    encoding=response.charset_encoding,
                    etag=etag,
                    last_modified=modified,
                )
        except httpx.HTTPError as exc:
            if time.monotonic() > deadline:
                return too_slow(url, limits)
            return failure(url, f"could not fetch ({type(exc).__name__})", str(exc)[:300])


@dataclass(frozen=True)
class _Status:
    """An HTTP error status (4xx, 5xx): robots.txt reads 4xx and 5xx differently."""

    code: int
