"""The one data-file loader: schemas, errors naming file and line, the user overlay."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from communique.actors.gazetteer import gazetteer
from communique.actors.schemas import SCHEMAS
from communique.datafiles import (
    check_user_dir,
    merge,
    read_table,
    read_yaml,
)
from communique.errors import ConfigError


def _user(tmp_path: Path, rel: str, text: str) -> Path:
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_shipped_actor_table_loads(name: str) -> None:
    rows = read_table("actors", name, SCHEMAS[name], data_dir=None)
    assert rows and all(not row.user for row in rows)


ORGS = "alias\tname\tcountry\tsector\tkind\n"


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        (ORGS + "Foo Org\tFoo Org\tIGO\t\torganisation\n", 2, "allowed"),
        (ORGS + "Foo Org\tFoo Org\tIGO\n", 2, "3 tab-separated fields"),
        (ORGS + "\tFoo Org\tIGO\t\torganization\n", 2, "'alias' is empty"),
        (ORGS + "Foo Org\tFoo Org\tigo\t\torganization\n", 2, "does not match"),
        ("# comment\n\n" + ORGS + "A\tA\t\t\tgroup\nB\tB\t\tX\tgroup\n", 5, "does not match"),
        ("alias\tname\tcountry\tsector\tkinds\n", 1, "unknown columns ['kinds']"),
        ("alias\tname\n", 1, "lacks columns ['kind']"),
        (ORGS + "A\tA\t\t\tgroup\nA\tB\t\t\tgroup\n", 3, "repeats the key"),
        ("# only a comment\n", None, "no header line"),
    ],
)
def test_a_bad_user_file_names_file_and_line(
    tmp_path: Path, text: str, line: int | None, says: str
) -> None:
    path = _user(tmp_path, "actors/organizations.tsv", text)
    with pytest.raises(ConfigError) as info:
        read_table("actors", "organizations.tsv", SCHEMAS["organizations.tsv"], data_dir=tmp_path)
    message = str(info.value)
    assert (f"{path}:{line}:" if line else f"{path}:") in message
    assert says in message


def test_user_rows_override_by_key_and_add(tmp_path: Path) -> None:
    _user(
        tmp_path,
        "actors/titles.tsv",
        "# my titles\ntitle\tsector\npresident\tLEG\nchief whip\tLEG\n",
    )
    rows = read_table("actors", "titles.tsv", SCHEMAS["titles.tsv"], data_dir=tmp_path)
    by_title = {row["title"]: row for row in rows}
    assert by_title["president"]["sector"] == "LEG" and by_title["president"].user
    assert by_title["chief whip"].origin == f"{tmp_path / 'actors/titles.tsv'}:4"
    shipped = read_table("actors", "titles.tsv", SCHEMAS["titles.tsv"], data_dir=None)
    assert len(rows) == len(shipped) + 1
    # the override keeps the shipped row's place
    assert [r["title"] for r in rows[: len(shipped)]] == [r["title"] for r in shipped]


def test_optional_columns_may_be_left_out_of_a_user_file(tmp_path: Path) -> None:
    _user(tmp_path, "actors/organizations.tsv", "alias\tname\tkind\nZorb\tZorb Union\tgroup\n")
    rows = read_table(
        "actors", "organizations.tsv", SCHEMAS["organizations.tsv"], data_dir=tmp_path
    )
    zorb = next(row for row in rows if row["alias"] == "Zorb")
    assert zorb["country"] == "" and zorb["sector"] == "" and zorb["kind"] == "group"


@pytest.mark.parametrize(
    ("shipped", "user", "merged"),
    [
        ({"a": 1}, {"b": 2}, {"a": 1, "b": 2}),
        ({"a": 1}, {"a": 2}, {"a": 2}),
        ({"a": [1]}, {"a": [2]}, {"a": [1, 2]}),
        (
            {"a": {"x": 1, "y": [1]}},
            {"a": {"y": [2], "z": 3}},
            {"a": {"x": 1, "y": [1, 2], "z": 3}},
        ),
        ({"a": [1]}, {"a": "s"}, {"a": "s"}),
    ],
)
def test_yaml_merge_rule(shipped: object, user: object, merged: object) -> None:
    assert merge(shipped, user) == merged


def test_yaml_overlay_and_error_line(tmp_path: Path) -> None:
    base = read_yaml("events", "verbs.yaml", data_dir=None)
    _user(tmp_path, "events/verbs.yaml", "zz_user_key: [1, 2]\n")
    merged = read_yaml("events", "verbs.yaml", data_dir=tmp_path)
    assert merged["zz_user_key"] == [1, 2] and set(base) <= set(merged)
    path = _user(tmp_path, "events/verbs.yaml", "ok: 1\nbad: [1, 2\nmore: 3\n")
    with pytest.raises(ConfigError, match=f"{path}:3"):
        read_yaml("events", "verbs.yaml", data_dir=tmp_path)
    _user(tmp_path, "events/verbs.yaml", "- a list\n")
    with pytest.raises(ConfigError, match="must be a YAML mapping"):
        read_yaml("events", "verbs.yaml", data_dir=tmp_path)


@pytest.mark.parametrize(
    ("rel", "ok"),
    [
        ("actors/organizations.tsv", True),
        ("events/verbs.yaml", True),
        ("actors/organisations.tsv", False),
        ("organizations.tsv", False),
        ("nowhere/organizations.tsv", False),
    ],
)
def test_check_user_dir_refuses_files_that_overlay_nothing(
    tmp_path: Path, rel: str, ok: bool
) -> None:
    _user(tmp_path, rel, "x\n")
    if ok:
        assert check_user_dir(tmp_path) == [tmp_path / rel]
    else:
        with pytest.raises(ConfigError, match="overlays no shipped data file"):
            check_user_dir(tmp_path)


@pytest.fixture
def fresh_gazetteer() -> Iterator[None]:
    gazetteer.cache_clear()
    yield
    gazetteer.cache_clear()


def test_environment_overlay_reaches_the_gazetteer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_gazetteer: None
) -> None:
    _user(
        tmp_path,
        "actors/organizations.tsv",
        ORGS + "Zorblat Alliance\tZorblat Alliance\tIGO\t\torganization\n",
    )
    monkeypatch.setenv("COMMUNIQUE_DATA_DIR", str(tmp_path))
    names = {org.alias for org in gazetteer().organizations}
    assert "Zorblat Alliance" in names and "United Nations" in names
