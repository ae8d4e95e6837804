"""communique: diplomatic and political news into structured, sourced event data.

    import communique

    result = communique.code(text)                 # CodingResult (a list for a list of texts)
    frame = communique.events_frame(result)        # one row per event, flat columns
    with communique.open_store("communique.duckdb", create=False) as store: ...

See docs/PYTHON.md.
"""

from __future__ import annotations

from typing import Any

from communique.library import code, events_frame
from communique.models import CodingResult, Event

__version__ = "0.1.0"

__all__ = ["CodingResult", "Event", "__version__", "code", "events_frame", "open_store"]


def __getattr__(name: str) -> Any:
    """`communique.open_store` without loading the store (and pandas) on `import communique`."""
    if name == "open_store":
        from communique.store import open_store

        return open_store
    raise AttributeError(f"module 'communique' has no attribute {name!r}")
