"""The versioned schema: table definitions and the migrations that build them, in order.

The same DDL runs on DuckDB and PostgreSQL (both accept TEXT, INTEGER, BIGINT, FLOAT8, BOOLEAN,
TIMESTAMPTZ and `CREATE INDEX IF NOT EXISTS`). The version lives in the `schema_info` table; a
database older than `LATEST_VERSION` must be brought forward with `communique db upgrade`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Table(BaseModel):
    """One table: ordered (column, SQL type) pairs and its primary key."""

    model_config = ConfigDict(frozen=True)

    name: str
    columns: tuple[tuple[str, str], ...]
    primary_key: tuple[str, ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns]

    def create_sql(self) -> str:
        cols = [f"{name} {sql_type}" for name, sql_type in self.columns]
        if self.primary_key:
            cols.append(f"PRIMARY KEY ({', '.join(self.primary_key)})")
        return f"CREATE TABLE IF NOT EXISTS {self.name} ({', '.join(cols)})"


def _date_columns(prefix: str) -> tuple[tuple[str, str], ...]:
    return (
        (f"{prefix}_start", "TEXT"),
        (f"{prefix}_end", "TEXT"),
        (f"{prefix}_granularity", "TEXT"),
        (f"{prefix}_kind", "TEXT"),
        (f"{prefix}_text", "TEXT"),
        (f"{prefix}_reason", "TEXT"),
    )


def _actor_columns(prefix: str) -> tuple[tuple[str, str], ...]:
    return (
        (f"{prefix}_country", "TEXT"),
        (f"{prefix}_code", "TEXT"),
        (f"{prefix}_name", "TEXT"),
        (f"{prefix}_sector", "TEXT"),
        (f"{prefix}_kind", "TEXT"),
        (f"{prefix}_person", "TEXT"),
        (f"{prefix}_text", "TEXT"),
    )


_LOCATION = (
    ("location_name", "TEXT"),
    ("location_country", "TEXT"),
    ("location_lat", "FLOAT8"),
    ("location_lon", "FLOAT8"),
    ("location_geonames_id", "BIGINT"),
    ("location_origin", "TEXT"),
)

_EVENT_CORE = (
    ("event_id", "TEXT"),
    ("article_id", "TEXT"),
    ("sentence", "INTEGER"),
    ("cameo", "TEXT"),
    ("cameo_root", "TEXT"),
    ("quad_class", "INTEGER"),
    ("goldstein", "FLOAT8"),
    ("plover", "TEXT"),
    ("plover_mode", "TEXT"),
    *_date_columns("date"),
    *_actor_columns("source"),
    *_actor_columns("target"),
    *_LOCATION,
    ("tense", "TEXT"),
    ("negated", "BOOLEAN"),
    ("hypothetical", "BOOLEAN"),
    ("trigger_text", "TEXT"),
    ("trigger_start", "INTEGER"),
    ("trigger_end", "INTEGER"),
    ("evidence_text", "TEXT"),
    ("evidence_start", "INTEGER"),
    ("evidence_end", "INTEGER"),
    ("confidence", "FLOAT8"),
)

SCHEMA_INFO = Table(name="schema_info", columns=(("version", "INTEGER"),))

ARTICLES = Table(
    name="articles",
    columns=(
        ("id", "TEXT NOT NULL"),
        ("content_hash", "TEXT"),
        ("failed", "BOOLEAN"),
        ("title", "TEXT"),
        ("published", "TEXT"),
        ("source", "TEXT"),
        ("url", "TEXT"),
        ("language", "TEXT"),
        ("origin", "TEXT"),
        ("dateline_name", "TEXT"),
        ("dateline_country", "TEXT"),
        ("n_events", "INTEGER"),
        ("n_dropped", "INTEGER"),
        ("text", "TEXT"),
        ("result_json", "TEXT"),
        ("stored_at", "TIMESTAMPTZ"),
    ),
    primary_key=("id",),
)

# Every event each article reports, with its evidence (GDELT's Mentions).
MENTIONS = Table(
    name="mentions",
    columns=(("position", "INTEGER"), ("event_key", "TEXT"), *_EVENT_CORE, ("publisher", "TEXT")),
)

# One row per real-world event, however many articles report it (GDELT's Events); recomputed
# from `mentions` for the keys a write touches, so its rows never depend on ingest order.
EVENTS = Table(
    name="events",
    columns=(
        ("event_key", "TEXT NOT NULL"),
        *_EVENT_CORE,
        ("num_mentions", "INTEGER"),
        ("num_articles", "INTEGER"),
        ("num_sources", "INTEGER"),
    ),
    primary_key=("event_key",),
)

ACTOR_MENTIONS = Table(
    name="actor_mentions",
    columns=(
        ("article_id", "TEXT"),
        ("position", "INTEGER"),
        ("role", "TEXT"),
        ("ref_id", "TEXT"),
        ("text", "TEXT"),
        ("span_start", "INTEGER"),
        ("span_end", "INTEGER"),
        ("name", "TEXT"),
        ("country", "TEXT"),
        ("sector", "TEXT"),
        ("code", "TEXT"),
        ("kind", "TEXT"),
        ("person_name", "TEXT"),
        ("person_title", "TEXT"),
        ("organization", "TEXT"),
    ),
)

# The figures table as version 1 created it; later versions add FIGURE_COLUMNS_V4.
FIGURES_V1 = Table(
    name="figures",
    columns=(
        ("article_id", "TEXT"),
        ("position", "INTEGER"),
        ("figure_id", "TEXT"),
        ("kind", "TEXT"),
        ("value", "FLOAT8"),
        ("unit", "TEXT"),
        ("approximate", "BOOLEAN"),
        *_date_columns("period"),
        ("from_country", "TEXT"),
        ("to_country", "TEXT"),
        ("text", "TEXT"),
        ("span_start", "INTEGER"),
        ("span_end", "INTEGER"),
        ("published", "TEXT"),
    ),
)

# Ranges, vague magnitudes, rates and durations, counted items, shares and the links to the
# event and the agreements a figure belongs to (issue 11; docs/FACTS.md).
FIGURE_COLUMNS_V4: tuple[tuple[str, str], ...] = (
    ("low", "FLOAT8"),
    ("high", "FLOAT8"),
    ("magnitude", "FLOAT8"),
    ("per", "TEXT"),
    ("duration_value", "FLOAT8"),
    ("duration_unit", "TEXT"),
    ("duration_text", "TEXT"),
    ("item", "TEXT"),
    ("share_of", "TEXT"),
    ("event_id", "TEXT"),
    ("agreement_ids", "TEXT"),
)

FIGURES = Table(name="figures", columns=(*FIGURES_V1.columns, *FIGURE_COLUMNS_V4))

AGREEMENTS = Table(
    name="agreements",
    columns=(
        ("article_id", "TEXT"),
        ("position", "INTEGER"),
        ("agreement_id", "TEXT"),
        ("name", "TEXT"),
        ("kind", "TEXT"),
        ("status", "TEXT"),
        *_date_columns("date"),
        ("parties", "TEXT"),
        ("party_names", "TEXT"),
        ("witnesses", "TEXT"),
        ("text", "TEXT"),
        ("span_start", "INTEGER"),
        ("span_end", "INTEGER"),
    ),
)

MILESTONES = Table(
    name="milestones",
    columns=(
        ("article_id", "TEXT"),
        ("position", "INTEGER"),
        ("milestone_id", "TEXT"),
        ("kind", "TEXT"),
        ("countries", "TEXT"),
        *_date_columns("date"),
        ("text", "TEXT"),
        ("span_start", "INTEGER"),
        ("span_end", "INTEGER"),
    ),
)

ARTICLE_PEOPLE = Table(
    name="article_people",
    columns=(
        ("article_id", "TEXT"),
        ("position", "INTEGER"),
        ("person_key", "TEXT"),
        ("name", "TEXT"),
        ("title", "TEXT"),
        ("organization", "TEXT"),
        ("country", "TEXT"),
        ("published", "TEXT"),
        ("mentions", "TEXT"),
    ),
)

# One identity per person across articles (normalised name + country), recomputed per key.
PEOPLE = Table(
    name="people",
    columns=(
        ("person_key", "TEXT NOT NULL"),
        ("name", "TEXT"),
        ("country", "TEXT"),
        ("articles", "INTEGER"),
        ("first_seen", "TEXT"),
        ("last_seen", "TEXT"),
    ),
    primary_key=("person_key",),
)

# Dated roles: a title seen in a later article is a new role of the same person.
PERSON_ROLES = Table(
    name="person_roles",
    columns=(
        ("person_key", "TEXT"),
        ("title", "TEXT"),
        ("organization", "TEXT"),
        ("since", "TEXT"),
        ("until", "TEXT"),
        ("articles", "INTEGER"),
    ),
)

ARTICLE_ORGANIZATIONS = Table(
    name="article_organizations",
    columns=(
        ("article_id", "TEXT"),
        ("position", "INTEGER"),
        ("org_key", "TEXT"),
        ("name", "TEXT"),
        ("country", "TEXT"),
        ("sector", "TEXT"),
        ("mentions", "TEXT"),
    ),
)

DROPS = Table(
    name="drops",
    columns=(
        ("article_id", "TEXT"),
        ("position", "INTEGER"),
        ("stage", "TEXT"),
        ("reason", "TEXT"),
        ("detail", "TEXT"),
        ("origin", "TEXT"),
        ("line", "INTEGER"),
        ("raw_text", "TEXT"),
    ),
)

# The full-text index (store/search.py): one row per (article, term) with the term's frequency
# and the article's length in terms (repeated, so ranking reads one table), and one row per
# article with its length (the collection's size and mean length); BM25 ranks with both.
ARTICLE_TERMS = Table(
    name="article_terms",
    columns=(("article_id", "TEXT"), ("term", "TEXT"), ("tf", "INTEGER"), ("length", "INTEGER")),
)
SEARCH_DOCS = Table(
    name="search_docs",
    columns=(("article_id", "TEXT"), ("length", "INTEGER")),
)

# Tables whose rows belong to one article: replaced together when the article changes.
ARTICLE_TABLES = (
    MENTIONS,
    ACTOR_MENTIONS,
    FIGURES,
    AGREEMENTS,
    MILESTONES,
    ARTICLE_PEOPLE,
    ARTICLE_ORGANIZATIONS,
    DROPS,
    ARTICLE_TERMS,
    SEARCH_DOCS,
)
DERIVED_TABLES = (EVENTS, PEOPLE, PERSON_ROLES)
ALL_TABLES = (ARTICLES, *ARTICLE_TABLES, *DERIVED_TABLES)


# -- watch (issue 15): followed sources, the items seen, subscriptions and their digests ----------
# Not per-article tables: they survive an article's replacement, and `db upgrade` creates them.
# Times are TEXT in one ISO 8601 UTC form (communique.store.watch_store.stamp), so that they
# compare as strings alike on both backends.

# One row per followed source (a [[source]] of FEEDS.toml): what its last fetch said (validators
# for the conditional GET), its health, its backoff, and the lease of the watcher that holds it.
WATCH_SOURCES = Table(
    name="watch_sources",
    columns=(
        ("name", "TEXT NOT NULL"),
        ("url", "TEXT"),
        ("kind", "TEXT"),
        ("etag", "TEXT"),
        ("last_modified", "TEXT"),
        ("last_attempt", "TEXT"),
        ("last_success", "TEXT"),
        ("last_error", "TEXT"),
        ("last_error_at", "TEXT"),
        ("failures", "INTEGER"),
        ("next_attempt", "TEXT"),
        ("items_seen", "INTEGER"),
        ("lease_owner", "TEXT"),
        ("lease_until", "TEXT"),
    ),
    primary_key=("name",),
)

# Every feed item taken care of, keyed by its URL; written in the same transaction as the
# article's coded result, so an item is "seen" exactly when its result is stored.
WATCH_ITEMS = Table(
    name="watch_items",
    columns=(
        ("url", "TEXT NOT NULL"),
        ("source", "TEXT"),
        ("content_hash", "TEXT"),
        ("article_id", "TEXT"),
        ("status", "TEXT"),
        ("seen_at", "TEXT"),
    ),
    primary_key=("url",),
)

SUBSCRIPTIONS = Table(
    name="subscriptions",
    columns=(
        ("name", "TEXT NOT NULL"),
        ("country_a", "TEXT"),
        ("country_b", "TEXT"),
        ("types", "TEXT"),
        ("min_goldstein", "FLOAT8"),
        ("webhook", "TEXT"),
        ("secret", "TEXT"),
        ("file", "TEXT"),
        ("created_at", "TEXT"),
    ),
    primary_key=("name",),
)

# A digest is made (its events frozen in `payload`, its events marked) in one transaction, then
# delivered; `delivered_at` is set once its delivery succeeded, so each digest goes out once.
DIGESTS = Table(
    name="digests",
    columns=(
        ("id", "TEXT NOT NULL"),
        ("subscription", "TEXT"),
        ("created_at", "TEXT"),
        ("events", "INTEGER"),
        ("payload", "TEXT"),
        ("delivered_at", "TEXT"),
        ("attempts", "INTEGER"),
        ("last_error", "TEXT"),
    ),
    primary_key=("id",),
)

# The events a subscription's digests have carried: what is "new" is what is not here.
DIGEST_EVENTS = Table(
    name="digest_events",
    columns=(("subscription", "TEXT NOT NULL"), ("event_key", "TEXT NOT NULL"), ("digest", "TEXT")),
    primary_key=("subscription", "event_key"),
)

WATCH_TABLES = (WATCH_SOURCES, WATCH_ITEMS, SUBSCRIPTIONS, DIGESTS, DIGEST_EVENTS)


class Migration(BaseModel):
    """The statements that take a database from `version - 1` to `version`."""

    model_config = ConfigDict(frozen=True)

    version: int
    description: str
    statements: tuple[str, ...]
    #: The one backend ("duckdb" or "postgresql") the statements are for; None: both. The
    #: version is recorded on every backend, so versions stay comparable.
    backend: str | None = None
    #: A step the store runs in Python after the statements (in the same transaction), for a
    #: change SQL cannot state: the name of a method of the SQL store.
    python_step: str | None = None


#: The version that adds the full-text index; upgrading past it indexes the stored articles.
SEARCH_INDEX_VERSION = 6

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        version=1,
        description="articles, mentions, events, actors, facts, people, drops",
        statements=tuple(
            (FIGURES_V1 if t is FIGURES else t).create_sql()
            for t in (SCHEMA_INFO, *ALL_TABLES) if t not in (ARTICLE_TERMS, SEARCH_DOCS)
        ),
    ),
    Migration(
        version=2,
        description="indexes for the per-article delete and the dyad/actor/date queries",
        statements=(
            "CREATE INDEX IF NOT EXISTS mentions_article ON mentions (article_id)",
            "CREATE INDEX IF NOT EXISTS mentions_key ON mentions (event_key)",
            "CREATE INDEX IF NOT EXISTS actor_mentions_article ON actor_mentions (article_id)",
            "CREATE INDEX IF NOT EXISTS events_dyad ON events (source_country, target_country)",
            "CREATE INDEX IF NOT EXISTS article_people_key ON article_people (person_key)",
            "CREATE INDEX IF NOT EXISTS person_roles_key ON person_roles (person_key)",
        ),
    ),
    Migration(
        version=3,
        description=(
            "DuckDB only: drop the write-side indexes. Keeping its ART indexes up to date costs "
            "3-6% of write time (bench-store, 256 articles per batch, idle: 19.4k-19.9k -> "
            "19.5k-20.5k events/s on 20k events, 20.1k -> 21.3k on 100k), and DuckDB uses them "
            "only for point lookups, which its column scans serve fast enough here"
        ),
        statements=(
            "DROP INDEX IF EXISTS mentions_article",
            "DROP INDEX IF EXISTS mentions_key",
            "DROP INDEX IF EXISTS actor_mentions_article",
            "DROP INDEX IF EXISTS events_dyad",
        ),
        backend="duckdb",
    ),
    Migration(
        version=4,
        description=(
            "figures: low/high of a range, magnitude, rate and duration, counted item, share "
            "base, the event and agreements the figure belongs to (issue 11)"
        ),
        statements=tuple(
            f"ALTER TABLE figures ADD COLUMN {name} {sql_type}"
            for name, sql_type in FIGURE_COLUMNS_V4
        ),
    ),
    Migration(
        version=5,
        description=(
            "watch (issue 15): followed sources and their health, items seen, subscriptions, "
            "digests and the events they carried"
        ),
        statements=(
            *(t.create_sql() for t in WATCH_TABLES),
            "CREATE INDEX IF NOT EXISTS watch_items_hash ON watch_items (content_hash)",
        ),
    ),
    Migration(
        version=SEARCH_INDEX_VERSION,
        description=(
            "the full-text index (article_terms, search_docs; store/search.py); the upgrade "
            "fills it from the stored articles"
        ),
        statements=(ARTICLE_TERMS.create_sql(), SEARCH_DOCS.create_sql()),
    ),
    Migration(
        version=SEARCH_INDEX_VERSION + 1,
        description=(
            "PostgreSQL only: indexes for the explore pages (search terms, a country as target, "
            "dates, types, publishers). DuckDB keeps none (see version 3): its column scans "
            "answer these aggregates at 1M events within the bench-web budget"
        ),
        statements=(
            "CREATE INDEX IF NOT EXISTS article_terms_term ON article_terms (term)",
            "CREATE INDEX IF NOT EXISTS article_terms_article ON article_terms (article_id)",
            "CREATE INDEX IF NOT EXISTS search_docs_article ON search_docs (article_id)",
            "CREATE INDEX IF NOT EXISTS events_target ON events (target_country)",
            "CREATE INDEX IF NOT EXISTS events_date ON events (date_start)",
            "CREATE INDEX IF NOT EXISTS events_plover ON events (plover)",
            "CREATE INDEX IF NOT EXISTS mentions_publisher ON mentions (publisher)",
        ),
        backend="postgresql",
    ),
    Migration(
        version=SEARCH_INDEX_VERSION + 2,
        description=(
            "people keyed by a script-independent name key (rows.person_key, issue 16): the "
            "English and the Russian report of one official are one person; stored keys are "
            "recomputed and people/person_roles rebuilt"
        ),
        statements=(),
        python_step="_rekey_people",
    ),
)
LATEST_VERSION = MIGRATIONS[-1].version
