"""PlaceIndex: GeoNames cities by name and alternate name; never countries."""

from __future__ import annotations

import pytest

from communique.geo import place_index


@pytest.mark.parametrize(
    ("name", "city", "country"),
    [
        ("Astana", "Astana", "KAZ"),
        ("Nur-Sultan", "Astana", "KAZ"),
        ("Akmola", "Astana", "KAZ"),
        ("Alma-Ata", "Almaty", "KAZ"),
        ("ALMATY", "Almaty", "KAZ"),
        ("Kiev", "Kyiv", "UKR"),
        ("kyiv", "Kyiv", "UKR"),
        ("Brussels", "Brussels", "BEL"),
        ("Bruxelles", "Brussels", "BEL"),
        ("Paris", "Paris", "FRA"),
        ("Peking", "Beijing", "CHN"),
        ("Bombay", "Mumbai", "IND"),
        ("Sao Paulo", "São Paulo", "BRA"),
        ("Islamabad", "Islamabad", "PAK"),
        ("New York", "New York City", "USA"),
        ("Washington", "Washington", "USA"),
        ("Valletta", "Valletta", "MLT"),
        ("Pristina", "Pristina", "XKX"),
    ],
)
def test_lookup(name: str, city: str, country: str) -> None:
    place = place_index().lookup(name)
    assert place is not None
    assert (place.name, place.country) == (city, country)
    assert isinstance(place.geonames_id, int)
    assert place.span is None and place.origin == "text"


def test_coordinates_are_floats() -> None:
    place = place_index().lookup("Almaty")
    assert place is not None
    assert place.lat == pytest.approx(43.25, abs=0.01)
    assert place.lon == pytest.approx(76.91, abs=0.01)


@pytest.mark.parametrize(
    "name",
    [
        "Kazakhstan",
        "Belgium",
        "Mexico",
        "Kuwait",
        "Singapore",
        "Georgia",
        "Russia",
        "UK",
        "Asia",
        "Europe",
        "Middle East",
        "Ko",
        "Narnia",
        "",
    ],
)
def test_countries_regions_and_unknowns_are_not_places(name: str) -> None:
    assert place_index().lookup(name) is None


@pytest.mark.parametrize(
    ("name", "country", "expected"),
    [("Tripoli", None, "LBY"), ("Tripoli", "LBN", "LBN"), ("Paris", "USA", "USA")],
)
def test_country_restriction(name: str, country: str | None, expected: str) -> None:
    place = place_index().lookup(name, country)
    assert place is not None and place.country == expected


def test_restriction_to_a_country_without_that_city() -> None:
    assert place_index().lookup("Almaty", "BEL") is None


def test_index_is_built_once() -> None:
    assert place_index() is place_index()
