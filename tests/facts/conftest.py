"""Fixtures of the facts tests: a bare spaCy parse plus hand-built actors.

The facts stage reads `doc._.actors` from the actors component. These tests build the actor list
by hand from a small surface table (so they test the facts rules, not the actor recogniser);
`test_seed.py` also runs the real pipeline once the actors component is in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from communique.facts import FactExtractor
from communique.facts.context import ArticleContext, build_context
from communique.models import Actor, Article, Facts

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED_TEXT = SHARED / "seed" / "kazinform_2022-10-18_kazakhstan_belgium.txt"

#: surface form -> (country, kind, canonical name, sector)
SURFACES: dict[str, tuple[str | None, str, str, str | None]] = {
    "Kazakhstan": ("KAZ", "state", "Kazakhstan", None),
    "Republic of Kazakhstan": ("KAZ", "state", "Kazakhstan", None),
    "Kazakh": ("KAZ", "state", "Kazakhstan", None),
    "Belgium": ("BEL", "state", "Belgium", None),
    "Belgian": ("BEL", "state", "Belgium", None),
    "China": ("CHN", "state", "China", None),
    "Chinese": ("CHN", "state", "China", None),
    "Russia": ("RUS", "state", "Russia", None),
    "Russian": ("RUS", "state", "Russia", None),
    "Uzbekistan": ("UZB", "state", "Uzbekistan", None),
    "Uzbek": ("UZB", "state", "Uzbekistan", None),
    "Germany": ("DEU", "state", "Germany", None),
    "German": ("DEU", "state", "Germany", None),
    "Turkey": ("TUR", "state", "Turkey", None),
    "Türkiye": ("TUR", "state", "Turkey", None),
    "Turkish": ("TUR", "state", "Turkey", None),
    "India": ("IND", "state", "India", None),
    "Indian": ("IND", "state", "India", None),
    "Japan": ("JPN", "state", "Japan", None),
    "Japanese": ("JPN", "state", "Japan", None),
    "United States": ("USA", "state", "United States", None),
    "U.S.": ("USA", "state", "United States", None),
    "US": ("USA", "state", "United States", None),
    "Ukraine": ("UKR", "state", "Ukraine", None),
    "France": ("FRA", "state", "France", None),
    "French": ("FRA", "state", "France", None),
    "Kyrgyzstan": ("KGZ", "state", "Kyrgyzstan", None),
    "Azerbaijan": ("AZE", "state", "Azerbaijan", None),
    "Mauritius": ("MUS", "state", "Mauritius", None),
    "Saudi Arabia": ("SAU", "state", "Saudi Arabia", None),
    "Iran": ("IRN", "state", "Iran", None),
    "Korea": ("KOR", "state", "South Korea", None),
    "South Korea": ("KOR", "state", "South Korea", None),
    "Korean": ("KOR", "state", "South Korea", None),
    "Qatar": ("QAT", "state", "Qatar", None),
    "Israel": ("ISR", "state", "Israel", None),
    "UAE": ("ARE", "state", "United Arab Emirates", None),
    "Greece": ("GRC", "state", "Greece", None),
    "Egypt": ("EGY", "state", "Egypt", None),
    "European Union": ("IGO", "organization", "European Union", None),
    "EU": ("IGO", "organization", "European Union", None),
    "IMF": ("IGO", "organization", "International Monetary Fund", None),
    "World Bank": ("IGO", "organization", "World Bank", None),
    "Academy of Public Administration": (
        "KAZ",
        "organization",
        "Academy of Public Administration",
        "EDU",
    ),
    "Free University of Brussels": ("BEL", "organization", "Free University of Brussels", "EDU"),
    "KazMunayGas": ("KAZ", "organization", "KazMunayGas", "BUS"),
    "Samruk-Kazyna": ("KAZ", "organization", "Samruk-Kazyna", "BUS"),
    "Asian Development Bank": ("IGO", "organization", "Asian Development Bank", None),
    "Nazarbayev University": ("KAZ", "organization", "Nazarbayev University", "EDU"),
    "Tashkent State University": ("UZB", "organization", "Tashkent State University", "EDU"),
    "Ministry of Energy": ("KAZ", "organization", "Ministry of Energy", "GOV"),
    "Siemens": ("DEU", "organization", "Siemens", "BUS"),
    "Tokayev": ("KAZ", "person", "Kassym-Jomart Tokayev", "GOV"),
    "Mirziyoyev": ("UZB", "person", "Shavkat Mirziyoyev", "GOV"),
    "Xi Jinping": ("CHN", "person", "Xi Jinping", "GOV"),
    "Erdogan": ("TUR", "person", "Recep Tayyip Erdogan", "GOV"),
    "Vassilenko": ("KAZ", "person", "Roman Vassilenko", "GOV"),
}


def actors_for(
    text: str, surfaces: dict[str, tuple[str | None, str, str, str | None]] = SURFACES
) -> list[Actor]:
    """Non-overlapping actor mentions of the known surfaces, longest first, sorted by span."""
    taken: list[tuple[int, int]] = []
    actors: list[Actor] = []
    for surface in sorted(surfaces, key=len, reverse=True):
        country, kind, name, sector = surfaces[surface]
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append(m.span())
            actors.append(
                Actor(
                    text=surface,
                    span=m.span(),
                    name=name,
                    country=country,
                    sector=sector,
                    kind=kind,  # type: ignore[arg-type]
                    organization=name if kind == "organization" else None,
                )
            )
    return sorted(actors, key=lambda a: a.span)


@pytest.fixture(scope="session")
def bare_nlp() -> Any:
    """The configured spaCy model without communique's components (parse + entities only)."""
    import spacy

    from communique.nlp.extensions import register_extensions
    from communique.settings import Settings

    register_extensions()
    return spacy.load(Settings().model)


@pytest.fixture(scope="session")
def extractor() -> FactExtractor:
    return FactExtractor()


@pytest.fixture(scope="session")
def context_of(bare_nlp: Any) -> Callable[..., ArticleContext]:
    def build(
        text: str, published: str | None = "2022-10-18", actors: list[Actor] | None = None
    ) -> ArticleContext:
        doc = bare_nlp(text)
        doc._.actors = actors_for(text) if actors is None else actors
        return build_context(doc, Article(id="test", text=text, published=published))

    return build


@pytest.fixture(scope="session")
def facts_of(
    extractor: FactExtractor, context_of: Callable[..., ArticleContext]
) -> Callable[..., Facts]:
    def run(text: str, published: str | None = "2022-10-18") -> Facts:
        return extractor.extract_context(context_of(text, published), [])

    return run
