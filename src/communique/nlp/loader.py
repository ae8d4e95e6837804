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
#: The same stages for a Russian Doc (nlp/russian.py builds it): the Russian actor recogniser and
#: event coder read Natasha's UD parse with Russian data files, and assign the same extensions.
#: communique_ru_dates (resolve/ru_entities.py) adds the DATE entities Natasha does not produce,
#: which the situator and the facts stage date events and figures from.
RUSSIAN_COMPONENTS = ("communique_ru_dates", "communique_actors_ru", "communique_events_ru")
#: Languages with a front end of their own; every other article goes through `Settings.model`.
RUSSIAN = "ru"


def import_components() -> None:
    """Import the component modules, which registers their factories with spaCy."""
    import communique.actors.component
    import communique.actors.russian
    import communique.events.component
    import communique.events.russian
    import communique.nlp.names
    import communique.nlp.paragraphs
    import communique.resolve.ru_entities  # noqa: F401


def load_for_language(language: str, model: str, *, with_components: bool = True) -> Language:
    """The pipeline that codes an article in `language`: the Russian front end for "ru"
    (loaded on first use only), `model` for everything else."""
    if language == RUSSIAN:
        from communique.nlp.russian import load_russian

        return load_russian(with_components=with_components)
    return load_nlp(model, with_components=with_components)


@lru_cache(maxsize=4)
def load_nlp(model: str, *, with_components: bool = True) -> Language:
    """Load ``model`` (a package name or path) and append communique's components.

    Cached per process: every caller (CLI, API, Dask worker) shares one loaded pipeline.
    ``with_components=False`` gives the bare parse that ``communique bench`` compares against.
    """
    import spacy

    import_components()
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
        nlp.add_pipe("communique_names", first=True)
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("communique_paragraphs", before="parser")
        for name in COMMUNIQUE_COMPONENTS:
            nlp.add_pipe(name, last=True)
    return nlp
