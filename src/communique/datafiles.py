"""The one loader of data files (dictionaries and patterns), shipped and user-supplied alike.

Every data file of communique lives in a ``data/`` folder next to the package that reads it
(``communique/actors/data/titles.tsv``, ``communique/events/data/verbs.yaml``). Packages read
them through this module only:

- `read_table(area, name, schema)`: a TSV file. ``#`` lines and blank lines are comments, the
  first other line is the header. The schema declares the columns (required or optional), the
  values a column allows (a fixed set or a regular expression) and the key columns that identify
  a row. A wrong file is a `ConfigError` naming the file and the line.
- `read_yaml(area, name)`: a YAML mapping; a broken file is a `ConfigError` naming file and line.

**The overlay.** When ``Settings.data_dir`` (environment ``COMMUNIQUE_DATA_DIR``) is set, a file
with the same relative path under it (``$COMMUNIQUE_DATA_DIR/actors/titles.tsv``,
``$COMMUNIQUE_DATA_DIR/actors/kb/officials.tsv``, ``$COMMUNIQUE_DATA_DIR/events/verbs.yaml``)
extends the shipped one:

- TSV: the user file has the shipped file's header (optional columns may be left out). A user row
  whose key equals a shipped row's key replaces that row in place; other rows are added after the
  shipped rows. A table without key columns only gains rows.
- YAML: mappings merge key by key (recursively), lists are extended by the user's items, any other
  user value replaces the shipped one.

A user file is validated exactly like a shipped one. A user file with no shipped counterpart
is an error too (a misspelt name would otherwise be ignored without a word).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from communique.errors import ConfigError
from communique.settings import get_settings

#: The packages that own a ``data/`` folder; an overlay folder has the same sub-folders.
AREAS = ("actors", "events", "facts", "ingest", "ontology", "resolve", "store", "geo")


@dataclass(frozen=True)
class Column:
    """One declared column of a TSV table."""

    name: str
    required: bool = True
    """A required column must be in the header and non-empty on every row."""
    allowed: frozenset[str] | None = None
    """The only values a non-empty cell may take (None: any)."""
    pattern: str | None = None
    """A regular expression every non-empty cell must match in full (None: any)."""

    def check(self, value: str) -> str | None:
        """Why ``value`` is not valid for this column, or None when it is."""
        if not value:
            return f"column {self.name!r} is empty" if self.required else None
        if self.allowed is not None and value not in self.allowed:
            choices = ", ".join(sorted(self.allowed))
            return f"column {self.name!r} has {value!r}; allowed: {choices}"
        if self.pattern is not None and not _compiled(self.pattern).fullmatch(value):
            return f"column {self.name!r} has {value!r}, which does not match {self.pattern}"
        return None


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@dataclass(frozen=True)
class Schema:
    """The declared shape of a TSV table."""

    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    """Columns that identify a row: an overlay row with the same key replaces the shipped row."""

    def __post_init__(self) -> None:
        names = {c.name for c in self.columns}
        missing = [k for k in self.key if k not in names]
        if missing:
            raise ValueError(f"schema key columns {missing} are not declared columns")

    @classmethod
    def of(cls, *names: str, key: tuple[str, ...] = (), **rules: Column) -> Schema:
        """A schema of required free-text columns ``names``, with ``rules`` replacing some."""
        return cls(columns=tuple(rules.get(n, Column(n)) for n in names), key=key)


@dataclass(frozen=True)
class Row:
    """One row of a table, with where it came from (for error messages)."""

    values: Mapping[str, str]
    path: str
    line: int
    user: bool = False
    """True for a row of a COMMUNIQUE_DATA_DIR file."""

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    def get(self, column: str, default: str = "") -> str:
        return self.values.get(column, default)

    @property
    def origin(self) -> str:
        """``file:line`` of the row."""
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Source:
    """A data file to read: its text and the name errors give it."""

    text: str
    path: str
    user: bool = field(default=False)


def shipped_path(area: str, name: str) -> Traversable:
    """The shipped data file ``communique/<area>/data/<name>``."""
    return resources.files(f"communique.{area}").joinpath("data").joinpath(name)


def user_dir(data_dir: Path | None = None) -> Path | None:
    """The overlay folder: ``data_dir`` if given, else ``Settings.data_dir`` (may be None)."""
    if data_dir is not None:
        return data_dir
    return get_settings().data_dir


def sources(area: str, name: str, data_dir: Path | None = None) -> list[Source]:
    """The shipped file, then the user's file of the same relative path if there is one."""
    shipped = shipped_path(area, name)
    try:
        found = [Source(shipped.read_text(encoding="utf-8"), f"communique/{area}/data/{name}")]
    except OSError as exc:
        raise ConfigError(
            f"data file communique/{area}/data/{name} is missing",
            hint="reinstall communique; the package data globs must include the data folders",
        ) from exc
    folder = user_dir(data_dir)
    if folder is not None:
        path = folder / area / name
        if path.is_file():
            try:
                found.append(Source(path.read_text(encoding="utf-8"), str(path), user=True))
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(
                    f"user data file {path} cannot be read: {exc}",
                    hint="make it a readable UTF-8 text file, or remove it",
                ) from exc
    return found


def check_user_dir(data_dir: Path | None = None) -> list[Path]:
    """Every file under the overlay folder; a ConfigError for one that overlays nothing."""
    folder = user_dir(data_dir)
    if folder is None:
        return []
    if not folder.is_dir():
        raise ConfigError(
            f"COMMUNIQUE_DATA_DIR {folder} is not a folder",
            hint="point COMMUNIQUE_DATA_DIR at a folder with actors/, events/ ... sub-folders",
        )
    files: list[Path] = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        parts = path.relative_to(folder).parts
        if len(parts) < 2 or parts[0] not in AREAS or not _has_shipped(parts[0], parts[1:]):
            raise ConfigError(
                f"user data file {path} overlays no shipped data file",
                hint="name it like a shipped file, e.g. actors/organizations.tsv "
                "(see docs/ACTORS.md, 'Adding your own data')",
            )
        files.append(path)
    return files


def _has_shipped(area: str, rest: tuple[str, ...]) -> bool:
    try:
        return shipped_path(area, "/".join(rest)).is_file()
    except ModuleNotFoundError:
        return False


# --- TSV ---------------------------------------------------------------------------------------


def _parse_tsv(source: Source, schema: Schema) -> Iterator[Row]:
    header: list[str] | None = None
    declared = {c.name: c for c in schema.columns}
    lines = source.text.splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")  # no quoting: a tab always separates, a quote is a character
        if header is None:
            header = [c.strip() for c in cells]
            unknown = [c for c in header if c not in declared]
            missing = [c.name for c in schema.columns if c.required and c.name not in header]
            if unknown or missing:
                expected = "\t".join(c.name for c in schema.columns)
                raise ConfigError(
                    f"{source.path}:{number}: header "
                    + (f"has unknown columns {unknown}" if unknown else "")
                    + (" and " if unknown and missing else "")
                    + (f"lacks columns {missing}" if missing else ""),
                    hint=f"the header line must be the tab-separated column names: {expected}",
                )
            continue
        if len(cells) != len(header):
            raise ConfigError(
                f"{source.path}:{number}: {len(cells)} tab-separated fields, "
                f"the header has {len(header)}",
                hint="separate the fields with single tabs; leave an optional field empty "
                "but keep its tab",
            )
        values = {column: cell.strip() for column, cell in zip(header, cells, strict=True)}
        for column in schema.columns:
            value = values.setdefault(column.name, "")
            if not (value or column.required) or (
                value and column.allowed is None and column.pattern is None
            ):
                continue  # nothing to check (the common case, kept cheap for big tables)
            problem = column.check(value)
            if problem:
                raise ConfigError(
                    f"{source.path}:{number}: {problem}", hint="fix or remove the row"
                )
        yield Row(values=values, path=source.path, line=number, user=source.user)
    if header is None:
        raise ConfigError(
            f"{source.path}: no header line",
            hint="the first line that is not a '#' comment must name the columns",
        )


def read_table(area: str, name: str, schema: Schema, *, data_dir: Path | None = None) -> list[Row]:
    """The rows of ``<area>/data/<name>`` with the user's overlay applied (see module doc)."""
    rows: list[Row] = []
    index: dict[tuple[str, ...], int] = {}
    for source in sources(area, name, data_dir):
        for row in _parse_tsv(source, schema):
            if not schema.key:
                rows.append(row)
                continue
            key = tuple(row[k] for k in schema.key)
            at = index.get(key)
            if at is None:
                index[key] = len(rows)
                rows.append(row)
            elif rows[at].path == row.path:
                raise ConfigError(
                    f"{row.origin}: repeats the key {key} of line {rows[at].line}",
                    hint="keep one of the two rows",
                )
            else:
                rows[at] = row  # the user's row overrides the shipped one, in place
    return rows


# --- YAML --------------------------------------------------------------------------------------


def _parse_yaml(source: Source) -> Any:
    try:
        return yaml.safe_load(source.text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source.path}:{mark.line + 1}" if mark is not None else source.path
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{where}: not valid YAML: {problem}", hint="fix the YAML") from exc


def merge(shipped: Any, user: Any) -> Any:
    """The overlay rule for YAML: mappings merge, lists extend, anything else is replaced."""
    if isinstance(shipped, dict) and isinstance(user, dict):
        merged = dict(shipped)
        for key, value in user.items():
            merged[key] = merge(shipped[key], value) if key in shipped else value
        return merged
    if isinstance(shipped, list) and isinstance(user, list):
        return [*shipped, *user]
    return user


def read_yaml(area: str, name: str, *, data_dir: Path | None = None) -> dict[str, Any]:
    """The mapping in ``<area>/data/<name>`` with the user's overlay merged in."""
    merged: dict[str, Any] | None = None
    for source in sources(area, name, data_dir):
        data = _parse_yaml(source)
        if data is None and source.user:
            continue
        if not isinstance(data, dict):
            raise ConfigError(
                f"{source.path}:1: the file must be a YAML mapping (key: value lines)",
                hint="compare it with the shipped file of the same name",
            )
        merged = data if merged is None else merge(merged, data)
    assert merged is not None  # the shipped file is always read first
    return merged
