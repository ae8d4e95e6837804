"""Misspellings of country names (geo/data/variants.tsv, from PETRARCH2's country dictionary)."""

from __future__ import annotations

import pytest

from communique import geo
from tests.conftest import ROOT, SHARED, assert_generated_current


@pytest.mark.skipif(
    not (SHARED / "reference" / "petrarch2").exists(), reason="needs ../shared/reference"
)
def test_committed_variants_match_the_script() -> None:
    assert_generated_current("build_country_variants.py", "--reference", str(SHARED / "reference"))


def test_variants_keep_the_mit_notice() -> None:
    head = (ROOT / "src" / "communique" / "geo" / "data" / "variants.tsv").read_text().split("\n")
    assert any("MIT License" in line for line in head[:4])


@pytest.mark.parametrize(
    ("written", "iso3"),
    [
        ("Afganistan", "AFG"),
        ("Quatar", "QAT"),
        ("Phillipines", "PHL"),
        ("Roumania", "ROU"),
        ("Venezuala", "VEN"),
        ("Untied Kingdom", "GBR"),
        ("Bangla Desh", "BGD"),
        ("Srilanka", "LKA"),
    ],
)
def test_a_misspelt_country_is_the_country(written: str, iso3: str) -> None:
    assert geo.resolve(written) == (iso3,)
    assert any(a.alias == written and a.form == "name" for a in geo.aliases())


@pytest.mark.parametrize(
    "written",
    [
        "Tainan",  # a city of Taiwan, spelled like it
        "Chiloe",  # an island of Chile
        "Buganda",  # a kingdom within Uganda
        "Kabul",  # PETRARCH2 lists capitals and provinces among a country's variants
        "Helmand",
    ],
)
def test_places_spelled_like_a_country_are_not_variants(written: str) -> None:
    assert not any(a.alias == written and a.form == "name" for a in geo.aliases())


def test_a_variant_never_shadows_another_alias() -> None:
    """Every variant is a way of writing only its own country."""
    by_alias: dict[str, set[str]] = {}
    for alias in geo.aliases():
        by_alias.setdefault(alias.alias, set()).add(alias.iso3)
    variants = (ROOT / "src" / "communique" / "geo" / "data" / "variants.tsv").read_text()
    for line in variants.splitlines()[5:]:
        alias, iso3 = line.split("\t")
        assert by_alias[alias] == {iso3}, alias
