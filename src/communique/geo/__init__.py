"""geo: the one home of countries and cities.

Countries (``countries.py``): ISO 3166-1 codes, FIPS 10-4, Correlates of War codes, canonical
names, and every way news writes a country: names, aliases, adjectives and peoples ("Belgian",
"Belgians"), pair adjectives ("Kazakh-Belgian" gives both), capitals and seats of government
("the Kremlin", "Downing Street"). Cities (``cities.py``): one alias index over GeoNames.

A ground-floor package: it imports only ``communique.models``, ``communique.errors`` and the one
data-file loader ``communique.datafiles`` (its files: ``geo/data/*.tsv``, schemas in
``geo/schemas.py``, overlay ``$COMMUNIQUE_DATA_DIR/geo/``), and it is the only package that
imports pycountry.
"""

from communique.geo.cities import PlaceIndex, city_countries, place_index, region_names
from communique.geo.countries import (
    KOSOVO,
    Country,
    CountryAlias,
    CountryForm,
    aliases,
    continent,
    countries,
    country,
    country_name,
    from_cow,
    from_fips,
    from_iso2,
    is_country,
    lookup,
    normalized_names,
    resolve,
    seat_on,
)
from communique.geo.datasets import icews_name
from communique.geo.text import normalize_name

__all__ = [
    "KOSOVO",
    "Country",
    "CountryAlias",
    "CountryForm",
    "PlaceIndex",
    "aliases",
    "city_countries",
    "continent",
    "countries",
    "country",
    "country_name",
    "from_cow",
    "from_fips",
    "from_iso2",
    "icews_name",
    "is_country",
    "lookup",
    "normalize_name",
    "normalized_names",
    "place_index",
    "region_names",
    "resolve",
    "seat_on",
]
