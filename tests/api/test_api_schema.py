"""Property tests of the API against its own OpenAPI spec (schemathesis, in-process ASGI).

Every generated request must get a response that matches the documented status codes and
schemas, and never a 500. Examples are bounded so the whole run stays well under a minute.

The app is built at import (schemathesis reads the spec while collecting); it opens its store
only on the first request, and the module fixture puts the coded seed + VOA store there first.
(`schemathesis.pytest.from_fixture` does not work with this pytest version.)
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import missing_required_header

from communique.api import create_app
from communique.settings import Settings

MAX_EXAMPLES = 25  # per operation; the 11 operations run in well under a minute here

_DIR = Path(tempfile.mkdtemp(prefix="communique-schema-"))
STORE = _DIR / "schema.duckdb"
APP = create_app(str(STORE), Settings(db=str(STORE), token=None))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _stored(coded_store: Path) -> Iterator[None]:
    shutil.copyfile(coded_store, STORE)
    yield
    APP.state.communique.close()
    shutil.rmtree(_DIR, ignore_errors=True)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_api_conforms_to_its_spec(case: schemathesis.Case) -> None:
    excluded = []
    if case.method == "POST":
        # With no COMMUNIQUE_TOKEN writing is off: 403 even without credentials (tested in
        # test_api_writes), where this check expects the 401 of a server that takes tokens.
        excluded.append(missing_required_header)
    case.call_and_validate(excluded_checks=excluded)
