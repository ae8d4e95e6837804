"""Loading the facts dictionaries (YAML files under ``facts/data``), once per extractor."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import yaml

from communique.errors import ConfigError


def load_yaml(name: str) -> Any:
    """Parse ``facts/data/<name>``; a missing or broken file is a ConfigError saying what to do."""
    try:
        raw = (
            resources.files("communique.facts")
            .joinpath("data")
            .joinpath(name)
            .read_text(encoding="utf-8")
        )
        return yaml.safe_load(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(
            f"facts dictionary {name!r} cannot be read: {exc}",
            hint="reinstall communique (`pip install -e .`) or restore the file from git",
        ) from exc


def compile_any(patterns: list[str], *, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One alternation of ``patterns`` (regular expressions from a data file)."""
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), flags)
    except re.error as exc:
        raise ConfigError(
            f"a facts dictionary pattern is not a valid regular expression: {exc}",
            hint="fix the pattern in communique/facts/data/*.yaml",
        ) from exc


def alternation(words: list[str]) -> str:
    """A regex alternation of literal ``words``, longest first so that the longest one wins."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
