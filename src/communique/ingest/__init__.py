"""Ingest: files, folders, JSONL, HTML pages, RSS/Atom feeds, URLs and stdin into `Article`s.

`read_sources` yields, in input order, one `Article` per input article or one `IngestFailure` per
input that could not be read; it never raises for a bad input. See docs/INGEST.md.
"""

from communique.ingest.sources import SUPPORTED_SUFFIXES, read_sources

__all__ = ["SUPPORTED_SUFFIXES", "read_sources"]
