"""Russian actors: country names in every case (geo/data/names_ru.tsv), the recogniser
(actors/russian.py) on sentences written for the tests, titles, names in the nominative and
one identity across scripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.geo.russian import identity_key, russian_names, transliterations
from communique.models import Article
from tests.conftest import assert_generated_current

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("form", "iso3", "kind"),
    [
        # the six cases of a name
        ("Эстония", "EST", "name"),
        ("Эстонии", "EST", "name"),
        ("Эстонию", "EST", "name"),
        ("Эстонией", "EST", "name"),
        ("Перу", "PER", "name"),  # indeclinable
        ("Пакистаном", "PAK", "name"),
        ("Пакистане", "PAK", "name"),
        ("Пакистану", "PAK", "name"),
        # multiword names: only the head of "Республика X" declines; both halves of "A и B"
        ("Республики Молдова", "MDA", "name"),
        ("Республикой Молдова", "MDA", "name"),
        ("Соединенных Штатах Америки", "USA", "name"),
        ("Соединённым Штатам", "USA", "name"),
        ("Боснии и Герцеговины", "BIH", "name"),
        ("Объединенных Арабских Эмиратов", "ARE", "name"),
        ("Южной Кореи", "KOR", "name"),
        # names CLDR lacks, from ru_sources.tsv
        ("Кыргызской Республики", "KGZ", "name"),
        ("Российской Федерацией", "RUS", "name"),
        ("РФ", "RUS", "abbr"),
        ("ОАЭ", "ARE", "abbr"),
        # adjectives in every gender, number and case
        ("эстонский", "EST", "adjective"),
        ("эстонскую", "EST", "adjective"),
        ("эстонскими", "EST", "adjective"),
        ("пакистанской", "PAK", "adjective"),
        ("японскому", "JPN", "adjective"),
        # capitals and cities
        ("Таллине", "EST", "capital"),
        ("Исламабада", "PAK", "capital"),
        ("Женеве", "CHE", "city"),
        # combining forms of pair adjectives
        ("эстонско", "EST", "prefix"),
        ("русско", "RUS", "prefix"),
    ],
)
def test_country_forms(form: str, iso3: str, kind: str) -> None:
    assert any(f.iso3 == iso3 and f.kind == kind for f in russian_names().lookup(form))


def test_names_table_is_generated_from_its_sources() -> None:
    assert_generated_current("build_russian_names.py")


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Roman Vassilenko", "Роман Василенко"),
        ("Jeroen Kooreman", "Йерун Кореман"),
        ("Kassym-Jomart Tokayev", "Касым-Жомарт Токаев"),
        ("Mevlüt Çavuşoğlu", "Мевлют Чавушоглу"),
        ("Inara Kalna", "Инара Кална"),
        ("Yerlan Abdykhalikov", "Ерлан Абдыхаликов"),
    ],
)
def test_identity_key_meets_across_scripts(latin: str, cyrillic: str) -> None:
    assert identity_key(latin) == identity_key(cyrillic)


@pytest.mark.parametrize(
    ("a", "b"), [("George W. Bush", "George Bush"), ("Ilham Aliyev", "Heydar Aliyev")]
)
def test_identity_key_keeps_different_people_apart(a: str, b: str) -> None:
    assert identity_key(a) != identity_key(b)


def test_transliterations() -> None:
    assert transliterations("Токаев") == ["Tokayev", "Tokaev"]
    assert "Vassilenko" in transliterations("Василенко")


PEOPLE = [
    # (sentence, name, title fragment, country)
    ("Министр иностранных дел Эстонии Маргус Цахкна посетил Ригу.",
     "Маргус Цахкна", "министр иностранных дел Эстонии", "EST"),
    ("Делегацию возглавил посол Пакистана в Японии Имран Хан.",
     "Имран Хан", "посол Пакистана в Японии", "PAK"),
    ("Вице-президент Ганы встретился с министром торговли Кении Уильямом Руто.",
     "Уильям Руто", "министр торговли Кении", "KEN"),
    ("Латвийскую делегацию на переговорах возглавил заместитель министра Андрис Пелшс.",
     "Андрис Пелшс", "заместитель министра", "LVA"),
    ("Генеральный директор департамента МИД Перу Хосе Гарсия выступил с докладом.",
     "Хосе Гарсия", "Генеральный директор", "PER"),
    ("Президент Чили Габриэль Борич принял посла Аргентины Марию Гомес.",
     "Мария Гомес", "посол Аргентины", "ARG"),
]


@pytest.fixture(scope="module")
def people_results(pipeline):  # type: ignore[no-untyped-def]
    articles = [Article(id=f"p{i}", text=row[0], language="ru") for i, row in enumerate(PEOPLE)]
    return {r.article.id: r for r in pipeline.code(articles)}


@pytest.mark.parametrize(("index", "row"), list(enumerate(PEOPLE)))
def test_person_name_title_country(people_results, index: int, row: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    sentence, name, title, country = row
    people = people_results[f"p{index}"].people
    match = [p for p in people if p.name == name]
    assert match, f"{sentence}: {[(p.name, p.title, p.country) for p in people]}"
    assert title.lower() in (match[0].title or "").lower()
    assert match[0].country == country


ACTORS = [
    # (sentence, [(text, country, sector)])
    ("Эстонская сторона поддержала инициативу.", [("Эстонская сторона", "EST", "GOV")]),
    ("Делегации Латвии и Литвы обсудили транзит.",
     [("Латвии", "LVA", "GOV"), ("Литвы", "LTU", "GOV")]),
    ("МИД Эстонии выразил протест.", [("МИД Эстонии", "EST", "GOV")]),
    ("Москва и Пекин подписали декларацию.", [("Москва", "RUS", "GOV"), ("Пекин", "CHN", "GOV")]),
    ("Переговоры прошли в Москве.", []),  # a capital as a place is not an actor
    ("После того как министры встретились, переговоры продолжились.", []),  # "того" is no Togo
    ("Председатель ОБСЕ прибыл в Ереван.", [("ОБСЕ", "IGO", "SCE")]),
]


@pytest.mark.parametrize(("sentence", "expected"), ACTORS)
def test_actors(pipeline, sentence: str, expected: list[tuple[str, str, str]]) -> None:  # type: ignore[no-untyped-def]
    doc = pipeline.front_end("ru")(sentence)
    got = [(a.text, a.country, a.sector) for a in doc._.actors if a.kind != "person"]
    for item in expected:
        assert item in got, f"{sentence}: {got}"
    if not expected:
        assert not [g for g in got if g[1]], f"{sentence}: {got}"
