"""`bench-web`: the dashboard's latency on a big store (1,000,000 synthetic events by default).

`fill_synthetic` bulk-loads events in SQL (one INSERT ... SELECT over generate_series, no
Python per event): countries drawn with a skew (a few busy pairs, a long tail, as in real news),
dates spread evenly over the years, a tenth of the events placed on the map; articles (one per
EVENTS_PER_ARTICLE events) get a synthetic text and the full-text index. `bench_web` then asks the
real app for each page (in-process HTTP, the templates rendered) and reports p50/p95.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict

from communique.errors import InputError
from communique.ids import content_hash
from communique.models import Article, CodingResult
from communique.store.base import EventQuery
from communique.store.rows import Columns, add_search_rows, search_tables
from communique.store.search import document_text
from communique.store.sql_store import SqlStore

#: Events per synthetic article (the VOA corpus codes 3-10 events per story).
EVENTS_PER_ARTICLE = 4
#: Distinct publishers of the synthetic articles.
PUBLISHERS = 20
#: One event in PLACED_EVERY has a place; places are PLACES points spread over the world.
PLACED_EVERY = 10
PLACES = 5000
#: Words of a synthetic article's text, drawn from VOCABULARY.
WORDS_PER_ARTICLE = 30
#: Articles built and inserted per round (memory stays flat at any size).
ARTICLE_BATCH = 20_000
FIRST_DAY = date(2021, 1, 1)
VOCABULARY = (
    "minister", "foreign", "affairs", "talks", "consultations", "agreement", "signed",
    "cooperation", "trade", "investment", "visit", "delegation", "embassy", "ambassador",
    "summit", "president", "prime", "bilateral", "relations", "sanctions", "security", "defence",
    "energy", "oil", "gas", "pipeline", "border", "dispute", "ceasefire", "negotiations",
    "memorandum", "understanding", "parliament", "election", "protest", "military", "exercise",
    "aid", "humanitarian", "loan", "grant", "tariff", "exports", "imports", "partnership",
    "strategic", "dialogue", "meeting", "official", "statement", "condemned", "welcomed",
    "agreed", "discussed", "announced", "plans", "launch", "project", "railway", "port",
    "customs", "visa", "tourism", "education", "culture", "health", "vaccine", "climate", "water",
    "nuclear", "treaty", "council", "union", "regional", "forum",
)

#: CAMEO codes the synthetic events use: a spread over the four quad classes.
BENCH_CAMEO = (
    "010", "020", "030", "036", "040", "042", "043", "046", "050", "057", "061", "070", "071",
    "080", "090", "100", "110", "111", "112", "120", "130", "140", "150", "160", "163", "170",
    "173", "180", "190", "193",
)


class Latency(BaseModel):
    model_config = ConfigDict(frozen=True)

    page: str
    url: str
    p50_ms: float
    p95_ms: float
    runs: int
    cpu_p50_ms: float = 0.0
    """CPU time of the process per request (all its threads: DuckDB's, the server's, the
    client's): on a loaded machine the wall time mostly measures the wait for a core."""


class BenchWebResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    url: str
    events: int
    articles: int
    fill_seconds: float
    latencies: list[Latency]
    notes: list[str] = []


def _countries(n: int) -> list[str]:
    from communique import geo

    codes = sorted(geo.countries())
    if n > len(codes):
        raise InputError(f"--countries {n}: there are only {len(codes)} countries",
                         hint=f"use at most {len(codes)}")
    # a fixed spread over the alphabet, busiest first (the skew favours low indexes)
    step = len(codes) / n
    return [codes[int(i * step)] for i in range(n)]


def _unit(i: str, a: int, b: int, m: int) -> str:
    """SQL for a deterministic pseudo-random number in [0, 1) from the integer expression i."""
    return f"(CAST(({i} * {a} + {b}) % {m} AS FLOAT8) / {m})"


def fill_synthetic(
    store: SqlStore, events: int = 1_000_000, countries: int = 200, years: int = 5,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Fill an empty store with `events` synthetic events over `countries` countries and
    `years` years (from 2021-01-01), their mentions, articles and search index. Returns the
    number of articles."""
    say = progress or (lambda _m: None)
    if store.count_events(EventQuery()) or store.count_articles():
        raise InputError(f"the store {store.url} is not empty",
                         hint="bench-web fills a new store; give a new --db path or none")
    codes = _countries(countries)
    days = years * 365
    n_articles = -(-events // EVENTS_PER_ARTICLE)
    with store.transaction():
        say(f"events: {events:,} over {countries} countries and {years} years")
        store._execute("CREATE TEMP TABLE bench_countries (i INTEGER, code TEXT)")
        store._execute(
            "INSERT INTO bench_countries VALUES " + ", ".join("(?, ?)" for _ in codes),
            [v for i, c in enumerate(codes) for v in (i, c)],
        )
        store._execute(
            "CREATE TEMP TABLE bench_cameo (i INTEGER, cameo TEXT, root TEXT, quad INTEGER, "
            "goldstein FLOAT8, plover TEXT)"
        )
        from communique.ontology import cameo_entry

        entries = [cameo_entry(c) for c in BENCH_CAMEO]
        store._execute(
            "INSERT INTO bench_cameo VALUES " + ", ".join("(?, ?, ?, ?, ?, ?)" for _ in entries),
            [v for i, e in enumerate(entries)
             for v in (i, e.code, e.root, e.quad_class, e.goldstein, e.plover or None)],
        )
        n = len(codes)
        # skewed picks: u^3 puts most events on the first countries (busy pairs), a long tail
        src = f"CAST(floor({n} * power({_unit('g.i', 2654435761, 12345, 1000003)}, 3)) AS INTEGER)"
        dst = f"CAST(floor({n} * power({_unit('g.i', 40503, 977, 999983)}, 2)) AS INTEGER)"
        place = f"(g.i % {PLACES})"
        store._execute(
            f"""
            INSERT INTO events (
                event_key, event_id, article_id, sentence, cameo, cameo_root, quad_class,
                goldstein, plover, date_start, date_granularity, date_kind,
                source_country, source_code, source_name, target_country, target_code,
                target_name, location_name, location_country, location_lat, location_lon,
                trigger_text, evidence_text, confidence, num_mentions, num_articles, num_sources)
            SELECT 'b' || CAST(g.i AS TEXT), 'b' || CAST(g.i AS TEXT),
                   'bench-' || CAST(CAST(floor(g.i / {EVENTS_PER_ARTICLE}.0) AS BIGINT) AS TEXT),
                   CAST(g.i % {EVENTS_PER_ARTICLE} AS INTEGER),
                   c.cameo, c.root, c.quad, c.goldstein, c.plover,
                   CAST(DATE '{FIRST_DAY.isoformat()}' + CAST(
                        (CAST(floor(g.i / {EVENTS_PER_ARTICLE}.0) AS BIGINT) * 7907) % {days}
                        AS INTEGER) AS TEXT),
                   'day', 'exact',
                   s.code, s.code, s.code, t.code, t.code, t.code,
                   CASE WHEN g.i % {PLACED_EVERY} = 0 THEN 'Place ' || CAST({place} AS TEXT) END,
                   CASE WHEN g.i % {PLACED_EVERY} = 0 THEN s.code END,
                   CASE WHEN g.i % {PLACED_EVERY} = 0
                        THEN -50 + 115 * {_unit(place, 7919, 13, 4999)} END,
                   CASE WHEN g.i % {PLACED_EVERY} = 0
                        THEN -170 + 340 * {_unit(place, 104729, 7, 4993)} END,
                   'met', 'Synthetic event ' || CAST(g.i AS TEXT) || ' between '
                          || s.code || ' and ' || t.code || '.',
                   0.8, 1, 1, 1
            FROM generate_series(0, {events - 1}) AS g(i)
            JOIN bench_countries s ON s.i = {src}
            JOIN bench_countries t ON t.i = (CASE WHEN {dst} = {src}
                                                  THEN ({dst} + 1) % {n} ELSE {dst} END)
            JOIN bench_cameo c ON c.i = g.i % {len(entries)}
            """
        )
        say("mentions: one per event")
        store._execute(
            f"""
            INSERT INTO mentions (
                position, event_key, event_id, article_id, sentence, cameo, cameo_root,
                quad_class, goldstein, plover, date_start, date_granularity, date_kind,
                source_country, source_code, source_name, target_country, target_code,
                target_name, location_name, location_country, location_lat, location_lon,
                trigger_text, evidence_text, confidence, publisher)
            SELECT sentence, event_key, event_id, article_id, sentence, cameo, cameo_root,
                   quad_class, goldstein, plover, date_start, date_granularity, date_kind,
                   source_country, source_code, source_name, target_country, target_code,
                   target_name, location_name, location_country, location_lat, location_lon,
                   trigger_text, evidence_text, confidence,
                   'Publisher ' || CAST(CAST(substr(article_id, 7) AS BIGINT) % {PUBLISHERS}
                                        AS TEXT)
            FROM events
            """
        )
        say(f"articles: {n_articles:,} with text and the search index")
        for first in range(0, n_articles, ARTICLE_BATCH):
            _insert_articles(store, first, min(n_articles, first + ARTICLE_BATCH), days)
            say(f"  {min(n_articles, first + ARTICLE_BATCH):,} articles")
        store._execute("DROP TABLE bench_countries")
        store._execute("DROP TABLE bench_cameo")
    return n_articles


def _article_text(k: int) -> str:
    words = [VOCABULARY[(k * 7919 + j * 104729 + j * j) % len(VOCABULARY)]
             for j in range(WORDS_PER_ARTICLE)]
    return " ".join(words).capitalize() + "."


def _insert_articles(store: SqlStore, first: int, last: int, days: int) -> None:
    from communique.store import schema

    columns: Columns = {name: [] for name in schema.ARTICLES.column_names}
    search = search_tables()
    stored_at = datetime.now(UTC)
    template = json.loads(CodingResult(article=Article(
        id="x", text="x", content_hash="x")).model_dump_json(by_alias=True))
    for k in range(first, last):
        article_id = f"bench-{k}"
        text = _article_text(k)
        title = f"Synthetic story {k}: {VOCABULARY[k % len(VOCABULARY)]}"
        published = (FIRST_DAY + timedelta(days=(k * 7907) % days)).isoformat()
        source = f"Publisher {k % PUBLISHERS}"
        digest = content_hash(text + article_id)
        result = dict(template)
        result["article"] = {**template["article"], "id": article_id, "text": text,
                             "title": title, "published": published, "source": source,
                             "content_hash": digest}
        row = {
            "id": article_id, "content_hash": digest, "failed": False, "title": title,
            "published": published, "source": source, "url": f"https://example.org/{k}",
            "language": "en", "origin": "bench-web", "dateline_name": None,
            "dateline_country": None, "n_events": EVENTS_PER_ARTICLE, "n_dropped": 0,
            "text": text, "result_json": json.dumps(result), "stored_at": stored_at,
        }
        for name, value in row.items():
            columns[name].append(value)  # type: ignore[arg-type]
        add_search_rows(search, article_id, document_text(title, text))
    store._insert("articles", columns)
    for name, table in search.items():
        store._insert(name, table)


#: Pages measured: (name, URL); "{a}-{b}" is the busiest pair and "{c}" its first country.
PAGES = (
    ("overview", "/"),
    ("pair (busiest)", "/pair/{a}-{b}"),
    ("events + facet", "/events?plover=CONSULT"),
    ("events + 2 facets", "/events?country={c}&quad=1"),
    ("search", "/search?q=consultations+pipeline"),
    ("country", "/country/{c}"),
    ("map", "/map"),
    ("network", "/network"),
)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1]


def bench_web(
    url: str, runs: int = 20, progress: Callable[[str], None] | None = None
) -> list[Latency]:
    """p50/p95 of each page in PAGES (and the brief, when communique has one) over `runs`
    requests each, after one warm-up request, through the real app in-process."""
    from fastapi.testclient import TestClient

    from communique.api import create_app
    from communique.settings import Settings
    from communique.store import open_store

    say = progress or (lambda _m: None)
    with open_store(url) as store:
        busiest = store.pair_counts(EventQuery())[0]
    fill = {"a": busiest.a, "b": busiest.b, "c": busiest.a}
    pages = [(name, path.format(**fill)) for name, path in PAGES]
    app = create_app(url, Settings(db=url))
    out: list[Latency] = []
    with TestClient(app, raise_server_exceptions=True) as client:
        pages += _brief_pages(client, fill)
        for name, path in pages:
            first = client.get(path)
            if first.status_code != 200:
                raise InputError(f"{path} answered {first.status_code}",
                                 hint="run the bench on a store bench-web filled")
            times, cpu = [], []
            for _ in range(runs):
                start, start_cpu = time.perf_counter(), time.process_time()
                client.get(path)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            latency = Latency(page=name, url=path, p50_ms=round(_percentile(times, 50), 1),
                              p95_ms=round(_percentile(times, 95), 1), runs=runs,
                              cpu_p50_ms=round(_percentile(cpu, 50), 1))
            say(f"{name:<20} p50 {latency.p50_ms:>8.1f} ms   p95 {latency.p95_ms:>8.1f} ms   "
                f"cpu p50 {latency.cpu_p50_ms:>7.1f} ms   {path}")
            out.append(latency)
    return out


def _brief_pages(client: Any, fill: dict[str, str]) -> list[tuple[str, str]]:
    """The brief's page, when this communique has one (issue 14 item 1, another module):
    asked, not looked up, as FastAPI may include routers lazily."""
    for candidate in ("/pair/{dyad}/brief", "/brief/{dyad}"):
        path = candidate.replace("{dyad}", f"{fill['a']}-{fill['b']}")
        if client.get(path).status_code != 404:
            return [("brief", path)]
    return []
