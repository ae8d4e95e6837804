"""scripts/user_session.py: a new user's session end to end, on DuckDB and PostgreSQL."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from tests.conftest import ROOT

_SPEC = importlib.util.spec_from_file_location("user_session", ROOT / "scripts" / "user_session.py")
assert _SPEC is not None and _SPEC.loader is not None
user_session = importlib.util.module_from_spec(_SPEC)
sys.modules["user_session"] = user_session  # dataclasses look their module up there
_SPEC.loader.exec_module(user_session)


def test_a_new_users_session(store_url: str, tmp_path: Path) -> None:
    log = user_session.play(store_url, tmp_path)
    assert log[0].startswith("ingest: 7 articles")
    assert log[-1].startswith("retry: ")
