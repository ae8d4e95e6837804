"""Shared fixtures: the loaded pipeline (once per session) and paths to shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "examples" / "kazinform_2022-10-18_kazakhstan_belgium.txt"


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    from communique.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from communique.nlp import load_nlp
    from communique.settings import Settings

    return load_nlp(Settings().model)
