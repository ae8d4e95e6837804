"""Load the spaCy pipeline once per process and add communique's components to it."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from communique.errors import ConfigError
from communique.nlp.extensions import register_extensions

if TYPE_CHECKING:
    from spacy.language import Language

#: Our components, in order. Each lives in its own file and declares what it requires/assigns.
COMMUNIQUE_COMPONENTS = ("communique_actors", "communique_events")


@lru_cache(maxsize=4)
def load_nlp(model: str, *, with_components: bool = True) -> Language:
    """Load ``model`` (a package name or path) and append communique's components.

    Cached per process: every caller (CLI, API, Dask worker) shares one loaded pipeline.
    ``with_components=False`` gives the bare parse that ``communique bench`` compares against.
    """
    import spacy

    # Importing the component modules registers their factories with spaCy.
    import communique.actors.component
    import communique.events.component
    import communique.nlp.paragraphs  # noqa: F401

    register_extensions()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {model!r} is not installed",
            hint="run `communique doctor` for the command that installs it, "
            "or set COMMUNIQUE_MODEL to an installed pipeline",
        ) from exc
    if with_components:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("communique_paragraphs", before="parser")
        for name in COMMUNIQUE_COMPONENTS:
            nlp.add_pipe(name, last=True)
    return nlp
