"""The spaCy pipeline for actor tests: the project's loaded pipeline, once per session."""

from __future__ import annotations

import pytest
from spacy.language import Language


@pytest.fixture(scope="session")
def actors_nlp(nlp: Language) -> Language:
    """The full pipeline (`communique.nlp.load_nlp`), which runs `communique_actors`."""
    assert "communique_actors" in nlp.pipe_names
    return nlp
