"""Loading the facts dictionaries (YAML files under ``facts/data``), once per extractor.

Files are read through `communique.datafiles` (the one loader, with its COMMUNIQUE_DATA_DIR
overlay) and validated at load time: a wrong field or a pattern that does not compile is a
`ConfigError` naming the file and the line of the bad entry (lines of the shipped file).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from communique.datafiles import read_yaml, shipped_path
from communique.errors import ConfigError

M = TypeVar("M", bound=BaseModel)

_HINT = "fix the entry in communique/facts/data/ (or restore the file from git)"


def _raw(name: str) -> str:
    """The shipped file's text (lines in errors are lines of the shipped file)."""
    try:
        return shipped_path("facts", name).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"facts dictionary {name!r} cannot be read: {exc}",
            hint="reinstall communique (`pip install -e .`) or restore the file from git",
        ) from exc


def data_file(stem: str, language: str) -> str:
    """The dictionary of ``stem`` for ``language``: ``measures.yaml`` for English,
    ``measures.ru.yaml`` for Russian; English where the language has no file of its own."""
    if language != "en":
        name = f"{stem}.{language}.yaml"
        if shipped_path("facts", name).is_file():
            return name
    return f"{stem}.yaml"


def load_yaml(name: str) -> Any:
    """``facts/data/<name>`` through the shared loader (with a COMMUNIQUE_DATA_DIR overlay)."""
    return read_yaml("facts", name)


def line_of(name: str, path: Sequence[str | int]) -> int | None:
    """The 1-based line of the entry at ``path`` (keys, list indexes) in ``facts/data/<name>``."""
    node: yaml.Node | None = yaml.compose(_raw(name))
    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found = [(k, v) for k, v in node.value if k.value == str(step)]
            if not found:
                break
            node = found[0][1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                break
            node = node.value[step]
        else:
            break
        line = node.start_mark.line + 1
    return line


def load_model(model: type[M], name: str) -> M:
    """``facts/data/<name>`` validated as ``model``; errors name the file and line."""
    try:
        return model.model_validate(load_yaml(name))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = line_of(name, [p for p in first["loc"] if isinstance(p, (str, int))])
        raise ConfigError(
            f"facts dictionary {name}:{where}: {'.'.join(map(str, first['loc']))}: {first['msg']}",
            hint=_HINT,
        ) from exc


def compile_one(
    pattern: str,
    *,
    flags: int = re.IGNORECASE,
    source: tuple[str, Sequence[str | int]] | None = None,
) -> re.Pattern[str]:
    """Compile one pattern from a data file; ``source`` (file, path) names its line on error."""
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        where = f"{source[0]}:{line_of(*source)}: " if source else ""
        raise ConfigError(
            f"facts dictionary {where}a pattern is not a valid regular expression: {exc}",
            hint=_HINT,
        ) from exc


def compile_any(
    patterns: list[str],
    *,
    flags: int = re.IGNORECASE,
    source: tuple[str, Sequence[str | int]] | None = None,
) -> re.Pattern[str]:
    """One alternation of ``patterns`` (regular expressions from a data file).

    Each pattern is compiled alone first, so an error names the bad entry's line.
    """
    for index, pattern in enumerate(patterns):
        compile_one(
            pattern, flags=flags, source=(source[0], [*source[1], index]) if source else None
        )
    return compile_one("|".join(f"(?:{p})" for p in patterns), flags=flags, source=source)


def alternation(words: list[str]) -> str:
    """A regex alternation of literal ``words``, longest first so that the longest one wins."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
