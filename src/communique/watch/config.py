"""FEEDS.toml: the sources a watcher follows, validated at load with errors naming file and line.

    [[source]]
    name = "Kazinform"                        # unique; how `communique sources` shows it
    url = "https://www.inform.kz/rss/eng.xml"
    kind = "rss"                              # rss | atom | html; detected when absent
    language = "en"
    publisher = "Kazinform"                   # the articles' `source` when the page names none
    link_pattern = "/en/[a-z0-9-]+-\\d+$"     # html: which links of the listing are articles
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from communique.errors import ConfigError
from communique.models import Record

SourceKind = Literal["rss", "atom", "html"]
_KEYS = {"name", "url", "kind", "language", "publisher", "link_pattern"}


class SourceSpec(Record):
    """One [[source]] table of FEEDS.toml."""

    name: str = Field(min_length=1)
    url: str
    kind: SourceKind | None = None
    language: str | None = None
    publisher: str | None = None
    link_pattern: str | None = None

    @field_validator("url")
    @classmethod
    def _http(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("url must start with http:// or https://")
        return value

    @field_validator("link_pattern")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"link_pattern is not a regular expression: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _html_needs_pattern(self) -> SourceSpec:
        if self.kind == "html" and not self.link_pattern:
            raise ValueError("an html source needs link_pattern (which links are articles)")
        return self


def load_sources(path: Path) -> list[SourceSpec]:
    """The sources of a FEEDS.toml file; a ConfigError names the file and line of a bad one."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}", hint="give a UTF-8 FEEDS.toml") from exc
    return parse_sources(text, str(path))


def parse_sources(text: str, origin: str) -> list[SourceSpec]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: not valid TOML: {exc}", hint="fix the TOML syntax") from exc
    unknown = sorted(set(data) - {"source"})
    if unknown:
        raise ConfigError(
            f"{origin}: unknown top-level key {unknown[0]!r}",
            hint="the file holds [[source]] tables only",
        )
    tables = data.get("source")
    if not isinstance(tables, list) or not tables:
        raise ConfigError(
            f"{origin}: no [[source]] tables", hint="add [[source]] tables with name and url"
        )
    lines = _table_lines(text)
    specs: list[SourceSpec] = []
    names: dict[str, int] = {}
    for number, table in enumerate(tables):
        line = lines[number] if number < len(lines) else 0
        where = f"{origin}, line {line}" if line else origin
        extra = sorted(set(table) - _KEYS)
        if extra:
            raise ConfigError(
                f"{where}: unknown key {extra[0]!r} in [[source]]",
                hint="keys are " + ", ".join(sorted(_KEYS)),
            )
        try:
            spec = SourceSpec.model_validate(table)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or "source"
            raise ConfigError(
                f"{where}: [[source]] {field}: {first['msg']}",
                hint="each [[source]] needs name and url; kind is rss, atom or html",
            ) from exc
        if spec.name in names:
            raise ConfigError(
                f"{where}: source name {spec.name!r} already used at line {names[spec.name]}",
                hint="give each source its own name",
            )
        names[spec.name] = line
        specs.append(spec)
    return specs


def _table_lines(text: str) -> list[int]:
    """The line (1-based) of each [[source]] header, in order."""
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if re.match(r"\s*\[\[\s*source\s*\]\]", line)
    ]
