"""Dask without surprises (issue 12): a local cluster listens on loopback only with no dashboard,
a cluster without workers is reported within seconds, and an unreachable scheduler leaves no
database file behind."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from scale_fakes import fast_factory
from typer.testing import CliRunner

from communique.errors import ConfigError
from communique.scale import DaskCoder


@pytest.mark.slow
def test_local_cluster_is_on_loopback_without_dashboard() -> None:
    with DaskCoder(workers=1, coder_factory=fast_factory) as coder:
        info = coder.client.scheduler_info()
        assert coder.client.scheduler.address.startswith("tcp://127.0.0.1:")
        assert all(address.startswith("tcp://127.0.0.1:") for address in info["workers"])
        # the scheduler's HTTP endpoint (health checks; no dashboard pages) is on loopback too
        assert coder._cluster.scheduler.http_server.address == "127.0.0.1"
        assert "bokeh" not in str(info["services"]).lower()


@pytest.mark.slow
def test_a_cluster_without_workers_is_reported_within_seconds() -> None:
    import distributed

    with distributed.LocalCluster(
        n_workers=0, host="127.0.0.1", dashboard_address=None, silence_logs=logging.CRITICAL
    ) as cluster:
        coder = DaskCoder(scheduler=cluster.scheduler_address, worker_timeout=1.0)
        with pytest.raises(ConfigError, match="has no workers"):
            _ = coder.client
        coder.close()


@pytest.mark.slow
def test_unreachable_scheduler_leaves_no_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from communique.cli import app

    # the connect timeout is a setting: the error must come from it, not from the 20 s default
    monkeypatch.setenv("COMMUNIQUE_SCHEDULER_TIMEOUT_S", "2")
    text = tmp_path / "a.txt"
    text.write_text("Kazakhstan and Belgium held consultations in Astana.")
    db = tmp_path / "new.duckdb"
    result = CliRunner().invoke(
        app, ["ingest", str(text), "--db", str(db), "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert result.exit_code != 0
    assert "cannot reach the Dask scheduler" in str(result.output) + str(result.exception)
    assert not db.exists() and not Path(str(db) + ".wal").exists()
