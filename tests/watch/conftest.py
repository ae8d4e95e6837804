"""Fixtures of the watch tests: a loopback server, a store, a watcher built on the fake coder."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.watch.local_server import LocalServer

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))  # watch_fake_coder importable as in the CLI's --coder


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    yield local
    local.close()
