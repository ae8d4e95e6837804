"""Russian figures, numbers, agreements and milestones (facts/data/*.ru.yaml).

The Doc is a blank Russian pipeline with sentence splitting and the Russian DATE recogniser
(resolve/ru_entities.py); actors are built by hand from a small surface table of inflected
forms, so these tests check the facts rules, not the Russian actor recogniser.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import spacy

import communique.resolve.ru_entities  # noqa: F401  (registers communique_ru_dates)
from communique.facts import FactExtractor, NumberParser
from communique.facts.context import ArticleContext, build_context
from communique.models import Actor, Article, Facts
from communique.nlp.extensions import register_extensions

#: surface -> (country, kind)
SURFACES: dict[str, tuple[str, str]] = {
    **{f: ("KAZ", "state") for f in ("Казахстан", "Казахстана", "Казахстане", "Казахстаном",
                                     "Казахстану", "казахстанских", "казахстанским")},
    **{f: ("UZB", "state") for f in ("Узбекистан", "Узбекистана", "Узбекистане",
                                     "Узбекистаном", "узбекским", "узбекских")},
    **{f: ("DEU", "state") for f in ("Германия", "Германии", "Германию", "немецким",
                                     "немецких")},
    **{f: ("CHN", "state") for f in ("Китай", "Китая", "Китае", "Китаем", "китайским")},
    **{f: ("TUR", "state") for f in ("Турция", "Турции", "Турцию", "Турцией", "турецким")},
    **{f: ("KGZ", "state") for f in ("Киргизия", "Киргизии", "Киргизию")},
    "Университетом Назарбаева": ("KAZ", "organization"),
    "Ташкентским государственным университетом": ("UZB", "organization"),
}


def _actors(text: str) -> list[Actor]:
    taken: list[tuple[int, int]] = []
    found: list[Actor] = []
    for surface in sorted(SURFACES, key=len, reverse=True):
        country, kind = SURFACES[surface]
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append(m.span())
            found.append(
                Actor(
                    text=surface, span=m.span(), name=surface, country=country,
                    kind=kind,  # type: ignore[arg-type]
                    organization=surface if kind == "organization" else None,
                )
            )
    return sorted(found, key=lambda a: a.span)


@pytest.fixture(scope="module")
def ru_nlp() -> Any:
    register_extensions()
    nlp = spacy.blank("ru")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("communique_ru_dates")
    return nlp


@pytest.fixture(scope="module")
def facts_of(ru_nlp: Any) -> Any:
    extractor = FactExtractor()

    def read(text: str, published: str = "2023-03-14") -> Facts:
        doc = ru_nlp(text)
        doc._.actors = _actors(text)
        article = Article(id="ru", text=text, published=published, language="ru")
        ctx: ArticleContext = build_context(doc, article)
        return extractor.extract_context(ctx, [])

    return read


@pytest.mark.parametrize(
    ("text", "value", "unit", "approximate"),
    [
        ("составил 312,4 млн долларов США", 312_400_000, "USD", False),
        ("достиг 2,075 млрд долларов", 2_075_000_000, "USD", False),
        ("выделит 1 500 тыс. тенге", 1_500_000, "KZT", False),
        ("около 45 компаний", 45, "count", True),
        ("более 300 предприятий", 300, "count", True),
        ("свыше 1,2 трлн рублей", 1.2e12, "RUB", True),
        ("на 18%", 18, "percent", False),
        ("3 процента", 3, "percent", False),
        ("десятки миллионов евро", 1e7, "EUR", True),
        ("5,5 млн юаней", 5_500_000, "CNY", False),
        ("USD 40 млн", 40_000_000, "USD", False),
    ],
)
def test_russian_amounts(text: str, value: float, unit: str, approximate: bool) -> None:
    found = NumberParser("ru").parse(text)
    assert len(found) == 1
    assert found[0].value == pytest.approx(value)
    assert (found[0].unit, found[0].approximate) == (unit, approximate)


@pytest.mark.parametrize(
    "text",
    ["в 2021 году", "3-летний кредит", "27-членный союз", "за 2010-2020 годы"],
)
def test_russian_non_amounts(text: str) -> None:
    assert NumberParser("ru").parse(text) == []


def test_english_commas_stay_thousands() -> None:
    """The Russian decimal comma is the Russian lexicon's: English "1,069" is one thousand."""
    assert NumberParser().parse("1,069 troops")[0].value == 1069
    assert NumberParser("ru").parse("1,069 млрд")[0].value == pytest.approx(1.069e9)


FIGURES = [
    (
        "По итогам 2022 года взаимный товарооборот Узбекистана и Казахстана составил 4,6 млрд "
        "долларов США.",
        "trade_turnover", 4.6e9, "USD", {"UZB", "KAZ"}, None, ("2022-01-01", "2022-12-31"),
    ),
    (
        "Экспорт Казахстана в Германию в январе-июне 2022 года вырос до 2,3 млрд долларов.",
        "exports", 2.3e9, "USD", {"KAZ", "DEU"}, ("KAZ", "DEU"), ("2022-01-01", "2022-06-30"),
    ),
    (
        "Импорт из Китая в прошлом году составил 7,9 млрд долларов.",
        "imports", 7.9e9, "USD", {"CHN"}, ("CHN", None), ("2022-01-01", "2022-12-31"),
    ),
    (
        "Объем прямых иностранных инвестиций из Турции в Киргизию за 2015-2020 годы достиг "
        "780 млн долларов.",
        "fdi_inflow", 7.8e8, "USD", {"TUR", "KGZ"}, ("TUR", "KGZ"), ("2015-01-01", "2020-12-31"),
    ),
    (
        "В Узбекистане работают более 1 200 предприятий с китайским капиталом.",
        "enterprises", 1200, "count", {"CHN", "UZB"}, ("CHN", "UZB"), None,
    ),
    (
        "Накопленный объем прямых инвестиций из Германии в Казахстан превысил 6 млрд долларов.",
        "fdi_stock", 6e9, "USD", {"DEU", "KAZ"}, ("DEU", "KAZ"), None,
    ),
    (
        "Стороны подписали 14 документов в сфере энергетики и транспорта.",
        "agreement_count", 14, "count", set(), None, None,
    ),
]


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit", "countries", "direction", "period"), FIGURES
)
def test_russian_figures(
    facts_of: Any,
    text: str,
    kind: str,
    value: float,
    unit: str,
    countries: set[str],
    direction: tuple[str | None, str | None] | None,
    period: tuple[str, str] | None,
) -> None:
    figures = [f for f in facts_of(text).figures if f.kind == kind]
    assert len(figures) == 1, facts_of(text).figures
    figure = figures[0]
    assert figure.value == pytest.approx(value)
    assert figure.unit == unit
    if countries:
        assert {figure.from_, figure.to} - {None} == countries
    if direction is not None:
        assert (figure.from_, figure.to) == direction
    if period is not None:
        assert (figure.period.start, figure.period.end) == period


def test_a_date_set_off_by_a_comma_dates_the_next_amount(facts_of: Any) -> None:
    text = (
        "Приток прямых инвестиций из Китая в Казахстан в 2022 году составил 2,1 млрд долларов, "
        "а за 2010-2022 годы достиг 24 млрд долларов."
    )
    figures = facts_of(text).figures
    assert [(f.value, f.period.start, f.period.end) for f in figures] == [
        (pytest.approx(2.1e9), "2022-01-01", "2022-12-31"),
        (pytest.approx(2.4e10), "2010-01-01", "2022-12-31"),
    ]
    assert all((f.from_, f.to) == ("CHN", "KAZ") for f in figures)


@pytest.mark.parametrize(
    "text",
    [
        "В результате обстрела погибли 12 человек.",
        "Министру исполнилось 58 лет.",
        "Заседание пройдет в зале 205.",
        "За резолюцию проголосовали 120 депутатов.",
        "30 лет назад страны установили отношения.",
    ],
)
def test_bare_numbers_are_no_figures(facts_of: Any, text: str) -> None:
    assert facts_of(text).figures == []


@pytest.mark.parametrize(
    ("text", "name", "status", "parties"),
    [
        (
            "В Ташкенте был подписан Меморандум о сотрудничестве в области образования между "
            "Университетом Назарбаева и Ташкентским государственным университетом.",
            "Меморандум о сотрудничестве в области образования",
            "signed",
            {"KAZ", "UZB"},
        ),
        (
            "Казахстан и Узбекистан подписали межправительственное соглашение о демаркации "
            "границы.",
            "межправительственное соглашение о демаркации границы",
            "signed",
            {"KAZ", "UZB"},
        ),
        (
            "Германия и Казахстан будут подписывать Дорожную карту по водородной энергетике.",
            "Дорожную карту по водородной энергетике",
            "planned",
            {"DEU", "KAZ"},
        ),
        (
            "Парламент Киргизии ратифицировал Договор о союзнических отношениях с Турцией.",
            "Договор о союзнических отношениях",
            "ratified",
            {"KGZ", "TUR"},
        ),
    ],
)
def test_russian_agreements(
    facts_of: Any, text: str, name: str, status: str, parties: set[str]
) -> None:
    agreements = facts_of(text).agreements
    assert len(agreements) == 1
    agreement = agreements[0]
    assert (agreement.name, agreement.status) == (name, status)
    assert {p.country for p in agreement.parties} == parties


@pytest.mark.parametrize(
    "text",
    [
        "Стороны не подписали соглашение о свободной торговле.",
        "В соответствии с соглашением о партнерстве стороны провели встречу.",
        "Турция вышла из соглашения о зерне.",
        "Стороны подписали 15 соглашений.",
    ],
)
def test_russian_agreements_not_recorded(facts_of: Any, text: str) -> None:
    assert facts_of(text).agreements == []


@pytest.mark.parametrize(
    ("text", "kind", "start"),
    [
        (
            "Германия и Казахстан установили дипломатические отношения 11 февраля 1992 года.",
            "diplomatic_relations",
            "1992-02-11",
        ),
        (
            "С момента установления дипломатических отношений 20 лет назад (3 января 2003 года) "
            "Китай и Киргизия подписали много документов.",
            "diplomatic_relations",
            "2003-01-03",
        ),
        (
            "Турция открыла посольство в Киргизии в 2019 году.",
            "embassy_opening",
            "2019-01-01",
        ),
        (
            "Между Узбекистаном и Казахстаном действует безвизовый режим с 2018 года.",
            "visa_free_regime",
            "2018-01-01",
        ),
    ],
)
def test_russian_milestones(facts_of: Any, text: str, kind: str, start: str) -> None:
    milestones = [m for m in facts_of(text).milestones if m.kind == kind]
    assert len(milestones) == 1
    assert milestones[0].date.start == start


def test_plans_are_no_milestones(facts_of: Any) -> None:
    text = "Стороны обсудили открытие посольства Турции в Киргизии."
    assert facts_of(text).milestones == []


def test_a_scaled_amount_takes_the_next_currency() -> None:
    found = NumberParser("ru").parse("должен составить 3 млрд, а затем 8 млрд долларов США")
    assert [(q.value, q.unit) for q in found] == [(3e9, "USD"), (8e9, "USD")]
    counted = NumberParser("ru").parse("3 млн человек и 8 млрд долларов")
    assert [q.unit for q in counted] == ["count", "USD"]
