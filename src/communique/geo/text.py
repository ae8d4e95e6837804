"""Name folding shared by every geo lookup."""

from __future__ import annotations

import re
import unicodedata


def normalize_name(name: str) -> str:
    """Fold case, accents, hyphens and a leading "the" so "Alma-Ata" matches "alma ata"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("\u2019", "'")
    text = re.sub(r"[-\u2010-\u2015.]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.removeprefix("the ")


def is_latin(text: str) -> bool:
    """Whether every letter is Latin (accents allowed)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return all(ch.isascii() or unicodedata.combining(ch) for ch in decomposed)


def is_cyrillic(text: str) -> bool:
    """Whether every letter is Cyrillic (spaces, hyphens and digits allowed): "Астана"."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all("\u0400" <= ch <= "\u04ff" for ch in letters)
