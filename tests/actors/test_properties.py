"""Properties: the component never raises and its spans are sorted, disjoint and exact."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from communique import geo
from communique.actors.gazetteer import gazetteer

WORDS = [
    "Kazakhstan", "Belgian", "Kazakh-Belgian", "U.S.", "US-Ukraine", "Brussels", "said",
    "the", "of", "and", "President", "Deputy", "Minister", "Foreign", "Affairs", "Ministry",
    "Roman", "Vassilenko", "delegation", "from", "side", "police", "in", "Baghdad", "troops",
    "University", "Free", "U.N.", "Security", "Council", "parties", "both", "sides", "'s", "’s",
    ",", ".", "-", "Mr.", "led", "by", "headed", "Islamic", "State", "rebels", "\n", "«", "»",
]

texts = st.one_of(
    st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
    st.text(max_size=200),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=texts)
def test_spans_sorted_disjoint_exact(actors_nlp: Language, text: str) -> None:
    doc = actors_nlp(text)
    actors = doc._.actors
    assert isinstance(actors, list)
    previous_end = 0
    for actor in actors:
        start, end = actor.span
        assert previous_end <= start < end <= len(doc.text)
        assert doc.text[start:end] == actor.text
        previous_end = end


REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "cameo"


def _codes(name: str) -> set[str]:
    lines = (REFERENCE / name).read_text(encoding="utf-8", errors="replace").splitlines()[1:]
    return {line.split("\t")[0] for line in lines if line.strip()}


def test_data_codes_exist_in_the_cameo_reference() -> None:
    """Every sector and group code in the data files is a real CAMEO code."""
    if not REFERENCE.exists():
        pytest.skip("../shared/reference is not beside the repo")
    types, groups = _codes("CAMEO.type.txt"), _codes("CAMEO.knowngroup.txt")
    ethnic, religion = _codes("CAMEO.ethnic.txt"), _codes("CAMEO.religion.txt")
    gaz = gazetteer()
    for org in gaz.organizations:
        assert org.sector is None or org.sector in types | groups, org
    for noun in gaz.sector_nouns.values():
        assert noun.sector in types, noun
    for sector in [*gaz.titles.values(), *gaz.institution_heads.values()]:
        assert sector in types, sector
    for community in gaz.communities:
        assert community.code in (ethnic if community.source == "ethnic" else religion), community


def test_country_table_codes_are_iso3() -> None:
    assert {alias.iso3 for alias in gazetteer().countries} <= set(geo.countries())
