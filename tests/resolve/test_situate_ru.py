"""Russian events: dates from the DATE recogniser, places from the Universal Dependencies parse."""

from __future__ import annotations

from typing import Any

import pytest

from communique.models import Article
from communique.resolve.situate import EventSituator
from tests.resolve.helpers import candidate


@pytest.fixture(scope="module")
def ru_nlp() -> Any:
    from communique.nlp.russian import load_russian

    return load_russian()  # with communique_ru_dates (and the actor and event components)


@pytest.fixture(scope="module")
def situator() -> EventSituator:
    return EventSituator()


@pytest.mark.parametrize(
    ("text", "trigger", "tense", "date", "place"),
    [
        (
            "Министры иностранных дел провели переговоры в Ташкенте 12 марта.",
            "провели", "past", "2023-03-12", ("Tashkent", "UZB"),
        ),
        (
            "В ходе визита в Пекин в мае 2022 года президент подписал указ.",
            "визита", "past", "2022-05-01", ("Beijing", "CHN"),
        ),
        (
            "Делегация встретится с руководством города Самарканда в следующем месяце.",
            "встретится", "future", "2023-04-01", ("Samarkand", "UZB"),
        ),
        (
            "Стороны обсудили сотрудничество в сфере энергетики.",
            "обсудили", "past", "2023-03-14", None,
        ),
    ],
)
def test_russian_event_dates_and_places(
    ru_nlp: Any,
    situator: EventSituator,
    text: str,
    trigger: str,
    tense: str,
    date: str,
    place: tuple[str, str] | None,
) -> None:
    doc = ru_nlp(text)
    article = Article(id="ru", text=text, published="2023-03-14", language="ru")
    cand = candidate(doc, trigger, tense=tense)  # type: ignore[arg-type]
    situation = situator.situate(doc, article, [cand])[0]
    assert situation.date.start == date
    located = (situation.location.name, situation.location.country) if situation.location else None
    assert located == place
