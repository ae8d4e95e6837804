"""Russian-language agency layouts: date lines, datelines and their agencies."""

from __future__ import annotations

import pytest

from communique.ingest.dates import parse_date_line
from communique.ingest.layout import dateline_place, find_dateline, place_name, split_layout


@pytest.mark.parametrize(
    ("body", "place", "agency", "rest"),
    [
        ("АСТАНА. КАЗИНФОРМ – Премьер-министр провел", "АСТАНА", "Kazinform", "Премьер"),
        ("АЛМАТЫ. КАЗИНФОРМ - Аким города", "АЛМАТЫ", "Kazinform", "Аким"),
        ("МОСКВА, 3 марта. /ТАСС/. Министр заявил", "МОСКВА", "TASS", "Министр"),
        ("ЕРЕВАН, 12 мая /АРМЕНПРЕСС/. Премьер", "ЕРЕВАН", "Armenpress", "Премьер"),
        ("МОСКВА, 3 мар — РИА Новости. Глава МИД", "МОСКВА", "RIA Novosti", "Глава"),
        ("МОСКВА. 3 марта. INTERFAX.RU - Президент", "МОСКВА", "Interfax", "Президент"),
        ("МИНСК, 5 апреля – Делегации", "МИНСК", None, "Делегации"),
        ("АШХАБАД, 2 марта (ТДХ) – Президент", "АШХАБАД", "TDH", "Президент"),
        ("ДУШАНБЕ, 9 июня (Ховар) - Стороны", "ДУШАНБЕ", "Khovar", "Стороны"),
        ("ТАШКЕНТ (УзА) – Глава", "ТАШКЕНТ", "UzA", "Глава"),
        ("НИЖНИЙ НОВГОРОД, 2 июня – Форум", "НИЖНИЙ НОВГОРОД", None, "Форум"),
    ],
)
def test_russian_dateline_shapes(body: str, place: str, agency: str | None, rest: str) -> None:
    found = find_dateline(body)
    assert found is not None
    assert (found.place, found.agency) == (place, agency)
    assert body[found.end :].startswith(rest)


@pytest.mark.parametrize(
    "body",
    [
        "АСТАНА. НОВЫЙ этап переговоров",  # not a known agency
        "США – главный партнер",  # an actor: a bare dash needs a date in Russian
        "НАТО — военный блок",
        "Министр заявил, что МОСКВА – столица",
    ],
)
def test_no_russian_dateline(body: str) -> None:
    assert find_dateline(body) is None


@pytest.mark.parametrize(
    ("written", "name", "country"),
    [("АСТАНА", "Astana", "KAZ"), ("ТАШКЕНТ", "Tashkent", "UZB"), ("КИЕВ", "Kyiv", "UKR")],
)
def test_russian_dateline_place(written: str, name: str, country: str) -> None:
    place = dateline_place(written)
    assert (place.name, place.country, place.origin) == (name, country, "dateline")


def test_place_name_of_cyrillic_capitals() -> None:
    assert place_name("НУР-СУЛТАН") == "Нур-Султан"


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("3 марта 2023, 09:15", "2023-03-03T09:15:00"),
        ("Пятница, 3 марта 2023 г., 09:15", "2023-03-03T09:15:00"),
        ("12 декабря 2021 года", "2021-12-12"),
        ("Переговоры 3 марта 2023", None),  # a headline that mentions a date
        ("3 марта", None),  # no year
    ],
)
def test_russian_date_lines(line: str, iso: str | None) -> None:
    assert parse_date_line(line) == iso


def test_split_layout_of_a_russian_release() -> None:
    text = "5 апреля 2023, 14:00\n\nМинистры провели встречу\n\nМИНСК, 5 апреля – Текст."
    layout = split_layout(text)
    assert (layout.published, layout.title) == ("2023-04-05T14:00:00", "Министры провели встречу")
