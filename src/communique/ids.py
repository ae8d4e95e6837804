"""Stable identifiers: content hashes for articles, deterministic hashes for derived records."""

from __future__ import annotations

import hashlib
import unicodedata


def content_hash(text: str) -> str:
    """SHA-256 of the NFC-normalised text: the article's identity when the input gives none."""
    normalised = unicodedata.normalize("NFC", text).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def stable_id(*parts: object, length: int = 16) -> str:
    """A short deterministic id from the given parts (order matters)."""
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]
