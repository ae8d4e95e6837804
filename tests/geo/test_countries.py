"""geo.countries: names, adjectives, pair adjectives, capitals, seats, FIPS and COW codes."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from communique import geo
from communique.errors import ConfigError
from communique.geo.schemas import read_geo_table


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # names, short names and ISO's formal names
        ("Kazakhstan", ("KAZ",)),
        ("the Republic of Kazakhstan", ("KAZ",)),
        ("Belgium", ("BEL",)),
        ("U.S.", ("USA",)),
        ("United States of America", ("USA",)),
        ("Britain", ("GBR",)),
        ("South Korea", ("KOR",)),
        ("North Korea", ("PRK",)),
        ("Ivory Coast", ("CIV",)),
        ("Côte d'Ivoire", ("CIV",)),
        ("Czechia", ("CZE",)),
        ("Türkiye", ("TUR",)),
        ("Turkiye", ("TUR",)),
        ("Burma", ("MMR",)),
        ("DRC", ("COD",)),
        ("Kosovo", ("XKX",)),
        ("PRC", ("CHN",)),
        ("People's Republic of China", ("CHN",)),
        ("DPRK", ("PRK",)),
        ("ROK", ("KOR",)),
        # former names stand for the state that carries on
        ("Zaire", ("COD",)),
        ("Kampuchea", ("KHM",)),
        ("Kampuchean", ("KHM",)),
        ("Ceylon", ("LKA",)),
        ("Upper Volta", ("BFA",)),
        # a people named by their country and community is that country's
        ("Bosnian Serbs", ("BIH",)),
        ("Bosnian Croat", ("BIH",)),
        ("Turkish Cypriots", ("CYP",)),
        ("Greek Cypriot", ("CYP",)),
        ("Holy See", ("VAT",)),
        # adjectives and peoples
        ("Belgian", ("BEL",)),
        ("Kazakh", ("KAZ",)),
        ("Omani", ("OMN",)),
        ("Emirati", ("ARE",)),
        ("Filipinos", ("PHL",)),
        ("Spaniards", ("ESP",)),
        ("Palestinians", ("PSE",)),
        ("Dutch", ("NLD",)),
        # folded (case and accents) when the exact form is unknown
        ("belgian", ("BEL",)),
        ("COTE D'IVOIRE", ("CIV",)),
        # pair adjectives and dyads give both countries, in order
        ("Kazakh-Belgian", ("KAZ", "BEL")),
        ("US-Ukraine", ("USA", "UKR")),
        ("Russian-Chinese", ("RUS", "CHN")),
        ("Egyptian–Israeli", ("EGY", "ISR")),
        ("India-Pakistan", ("IND", "PAK")),
        # capitals and seats of government name their state
        ("Tehran", ("IRN",)),
        ("Brussels", ("BEL",)),
        ("Astana", ("KAZ",)),
        ("Kiev", ("UKR",)),
        ("Kremlin", ("RUS",)),
        ("the Kremlin", ("RUS",)),
        ("White House", ("USA",)),
        ("Downing Street", ("GBR",)),
        ("Foggy Bottom", ("USA",)),
        ("Zhongnanhai", ("CHN",)),
        # not countries
        ("us", ()),
        ("Paris Agreement", ()),
        ("Smith-Jones", ()),
        ("government", ()),
        ("Guinea-Bissau", ("GNB",)),
    ],
)
def test_resolve(text: str, expected: tuple[str, ...]) -> None:
    assert geo.resolve(text) == expected


@pytest.mark.parametrize(
    ("alias", "form", "sector"),
    [
        ("Tehran", "capital", None),
        ("Beijing", "capital", None),
        ("Kremlin", "seat", "GOV"),
        ("Pentagon", "seat", "MIL"),
        ("Capitol Hill", "seat", "LEG"),
        ("Belgian", "adjective", None),
        ("Belgians", "people", None),
        ("Singapore", "name", None),  # a capital that is also its country's name stays the name
        ("Kuwait", "name", None),
    ],
)
def test_forms(alias: str, form: str, sector: str | None) -> None:
    found = geo.lookup(alias)
    assert found is not None
    assert (found.form, found.sector) == (form, sector)


@pytest.mark.parametrize(
    ("fips", "iso3"),
    [("KZ", "KAZ"), ("GM", "DEU"), ("UK", "GBR"), ("BE", "BEL"), ("CH", "CHN"), ("SZ", "CHE"),
     ("RS", "RUS"), ("KV", "XKX"), ("IS", "ISR"), ("gm", "DEU")],
)  # fmt: skip
def test_fips(fips: str, iso3: str) -> None:
    assert geo.from_fips(fips) == iso3


@pytest.mark.parametrize(
    ("cow", "iso3"),
    [(2, "USA"), (20, "CAN"), (200, "GBR"), (211, "BEL"), (255, "DEU"), (365, "RUS"),
     (705, "KAZ"), (710, "CHN"), (347, "XKX"), ("666", "ISR"), (626, "SSD")],
)  # fmt: skip
def test_cow(cow: int | str, iso3: str) -> None:
    assert geo.from_cow(cow) == iso3
    assert geo.country(iso3) is not None and geo.country(iso3).cow == int(cow)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("iso3", "name"),
    [("KOR", "South Korea"), ("PRK", "North Korea"), ("IRN", "Iran"), ("RUS", "Russia"),
     ("BEL", "Belgium"), ("XKX", "Kosovo"), ("COD", "DR Congo"), ("IGO", "IGO"),
     ("kaz", "Kazakhstan")],
)  # fmt: skip
def test_canonical_names(iso3: str, name: str) -> None:
    assert geo.country_name(iso3) == name


def test_codes_cover_every_iso_country() -> None:
    iso = {c.alpha_3 for c in pycountry.countries}
    assert set(geo.countries()) == iso | {geo.KOSOVO}
    assert geo.is_country("BEL") and not geo.is_country("IGO") and not geo.is_country(None)
    assert geo.from_iso2("XK") == "XKX" and geo.from_iso2("be") == "BEL"


def test_cow_codes_are_unique_and_only_for_states() -> None:
    with_cow = [c for c in geo.countries().values() if c.cow is not None]
    assert len({c.cow for c in with_cow}) == len(with_cow) >= 190
    assert geo.country("PSE").cow is None  # type: ignore[union-attr]


def test_every_alias_names_a_current_country() -> None:
    assert {a.iso3 for a in geo.aliases()} <= set(geo.countries())
    assert {a.form for a in geo.aliases()} == {"name", "adjective", "people", "capital", "seat"}
    assert all((a.form == "seat") == (a.sector is not None) for a in geo.aliases())


def test_countries_are_never_cities() -> None:
    index = geo.place_index()
    for name in ("Kuwait", "Mexico", "Singapore", "Belgium", "Czechia", "Asia"):
        assert index.lookup(name) is None, name
    assert index.is_country("the United States")


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("aliases.tsv", "alias\tiso3\tform\nBelgian\tBEL\n", "aliases.tsv:2: 2 tab-separated"),
        ("aliases.tsv", "# c\nalias\tiso3\tform\nBelgian\tBEL\tdemonym\n", "aliases.tsv:3: .*form"),
        ("seats.tsv", "alias\tiso3\tsector\nKremlin\tRUS\tBUS\n", "seats.tsv:2: .*sector"),
        ("cow.tsv", "cow\tiso3\nfive\tUSA\n", "cow.tsv:2: .*cow"),
        ("names.tsv", "code\tname\nBEL\tBelgium\n", "names.tsv:1: header"),
    ],
)
def test_data_errors_name_file_and_line(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / name).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        read_geo_table(name, data_dir=tmp_path)


@pytest.mark.parametrize(
    ("capital", "iso3", "on", "seat"),
    [
        ("Juba", "SSD", "2011-07-09", True),
        ("Juba", "SSD", "2011-07-08", False),
        ("Astana", "KAZ", "1995-01-01", False),
        ("Astana", "KAZ", "2020-01-01", True),
        ("Berlin", "DEU", "1989-11-09", False),
        ("Tehran", "IRN", "1950-01-01", True),  # not listed: always the seat
        ("Juba", "SSD", None, True),  # no date: no restriction
    ],
)
def test_seat_on(capital: str, iso3: str, on: str | None, seat: bool) -> None:
    from datetime import date

    assert geo.seat_on(capital, iso3, date.fromisoformat(on) if on else None) is seat
