"""The one exception tree of communique.

    CommuniqueError
     ├── ConfigError          a setting or the environment is wrong (model missing, bad --db)
     │    └── StoreNotFoundError  no communique store at the given path or URL
     ├── InputError           an input cannot be read (file missing, bad URL, bad JSON)
     ├── PipelineError        a stage failed in a way that is not the article's fault
     ├── StoreError           the database refused or is at the wrong schema version
     │    └── SchemaVersionError
     └── EvaluationError      a gold set is malformed

Every message says what went wrong *and* what to do about it.
"""

from __future__ import annotations


class CommuniqueError(Exception):
    """Base of every error communique raises on purpose."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class ConfigError(CommuniqueError):
    """A setting or the environment is wrong."""


class StoreNotFoundError(ConfigError):
    """No communique store at the path or URL given (commands that only read never create one)."""


class InputError(CommuniqueError):
    """An input cannot be read."""


class PipelineError(CommuniqueError):
    """A pipeline stage failed for reasons other than the article itself."""


class StoreError(CommuniqueError):
    """The store refused an operation."""


class StoreBusy(StoreError, ConfigError):
    """Another process holds the database file (DuckDB allows one writer); retry later."""


class SchemaVersionError(StoreError):
    """The database schema is older or newer than this version of communique expects."""


class EvaluationError(CommuniqueError):
    """A gold set is malformed."""
