"""Russian date phrases: the same ResolvedDate contract as English ones (resolve/russian.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy

from communique.errors import ConfigError
from communique.resolve.dates import DateResolver
from communique.resolve.ru_entities import add_russian_dates, names_a_time
from communique.resolve.russian import date_spans, load_russian_words, to_grammar

PUB = dt.date(2023, 3, 14)  # a Tuesday


@pytest.mark.parametrize(
    ("phrase", "start", "end", "granularity", "kind"),
    [
        ("9 марта", "2023-03-09", None, "day", "exact"),
        ("2 февраля 2021", "2021-02-02", None, "day", "exact"),
        ("12 июня 1990 года", "1990-06-12", None, "day", "exact"),
        ("в декабре 2019 года", "2019-12-01", "2019-12-31", "month", "exact"),
        ("в мае", "2022-05-01", "2022-05-31", "month", "exact"),
        ("в 2020 году", "2020-01-01", "2020-12-31", "year", "exact"),
        ("в 2018 г.", "2018-01-01", "2018-12-31", "year", "exact"),
        ("за 2010-2020 годы", "2010-01-01", "2020-12-31", "year", "range"),
        ("между 2001 и 2004 годами", "2001-01-01", "2004-12-31", "year", "range"),
        ("в прошлом году", "2022-01-01", "2022-12-31", "year", "exact"),
        ("прошлого года", "2022-01-01", "2022-12-31", "year", "exact"),
        ("в текущем году", "2023-01-01", "2023-12-31", "year", "exact"),
        ("в следующем месяце", "2023-04-01", "2023-04-30", "month", "exact"),
        ("на прошлой неделе", "2023-03-06", "2023-03-12", "week", "exact"),
        ("в феврале-июне 2022 года", "2022-02-01", "2022-06-30", "month", "range"),
        ("с января по май 2021 года", "2021-01-01", "2021-05-31", "month", "range"),
        ("с 3 по 7 февраля", "2023-02-03", "2023-02-07", "day", "range"),
        ("с 2015 года", "2015-01-01", "2023-03-14", "year", "range"),
        ("20 лет назад", "2003-01-01", "2003-12-31", "year", "approximate"),
        ("три года назад", "2020-01-01", "2020-12-31", "year", "approximate"),
        ("10 лет назад (5 января 2013 года)", "2013-01-05", None, "day", "exact"),
        ("вчера", "2023-03-13", None, "day", "exact"),
        ("в пятницу", "2023-03-10", None, "day", "exact"),
        ("во втором квартале 2021 года", "2021-04-01", "2021-06-30", "quarter", "exact"),
        ("за первые шесть месяцев 2022 года", "2022-01-01", "2022-06-30", "month", "range"),
        ("в первой половине 2020 года", "2020-01-01", "2020-06-30", "month", "range"),
        ("в конце февраля", "2023-02-21", "2023-02-28", "month", "approximate"),
        ("в середине 2019 года", "2019-05-01", "2019-08-31", "month", "approximate"),
        ("около 2010 года", "2010-01-01", "2010-12-31", "year", "approximate"),
        ("в сентябре 2021 г.", "2021-09-01", "2021-09-30", "month", "exact"),
        ("трёх лет назад", "2020-01-01", "2020-12-31", "year", "approximate"),  # ё as е
        ("в эпоху перемен", None, None, None, "unresolved"),  # words the table lacks
        ("2 февраля нынешнего года", "2023-02-02", None, "day", "exact"),
        ("в апреле прошлого года", "2022-04-01", "2022-04-30", "month", "exact"),
        ("February 2 this year", "2023-02-02", None, "day", "exact"),  # the English twin
        ("в 1980-е годы", "1980-01-01", "1989-12-31", "year", "range"),
        ("в 2010-х годах", "2010-01-01", "2019-12-31", "year", "range"),
    ],
)
def test_russian_phrases_resolve_like_english(
    phrase: str, start: str | None, end: str | None, granularity: str | None, kind: str
) -> None:
    date = DateResolver().resolve(phrase, PUB)
    assert (date.start, date.end, date.granularity, date.kind) == (start, end, granularity, kind)
    assert date.text == phrase
    assert date.reason


@pytest.mark.parametrize(
    ("phrase", "why"),
    [
        ("до 2030 года", "bounds"),
        ("к 2025 году", "bounds"),
        ("после 2024 года", "bounds"),
        ("в последние годы", "too vague"),
        ("около 70", "names no point in time"),
        ("5 лет", "names no point in time"),
        ("в", "names no point in time"),
    ],
)
def test_russian_phrases_that_are_refused(phrase: str, why: str) -> None:
    date = DateResolver().resolve(phrase, PUB)
    assert date.kind == "unresolved"
    assert why in date.reason


def test_future_events_look_forward() -> None:
    date = DateResolver().resolve("в феврале", PUB, tense="future")
    assert (date.start, date.end) == ("2024-02-01", "2024-02-29")


@pytest.mark.parametrize(
    ("phrase", "english"),
    [
        ("в январе-марте 2023 года", "in january-march 2023"),
        ("за 1999-2001 гг.", "during 1999-2001"),
        ("с 5 по 9 мая", "from 5 to 9 may"),
        ("с 1991 года", "since 1991"),
        ("тридцать лет тому назад", "thirty years ago"),
        ("в четвёртом квартале", "in fourth quarter"),
    ],
)
def test_to_grammar(phrase: str, english: str) -> None:
    assert to_grammar(phrase) == english


def test_dateparser_russian_misses_what_the_table_reads() -> None:
    """Why the table and not dateparser's Russian: it drops ranges and month-years and reads
    "в прошлом году" as a day. If a new dateparser reads them, this test says so."""
    import dateparser

    base = {"RELATIVE_BASE": dt.datetime(2023, 3, 14)}
    assert dateparser.parse("за 2010-2020 годы", languages=["ru"], settings=base) is None
    assert dateparser.parse("в декабре 2019 года", languages=["ru"], settings=base) is None
    last_year = dateparser.parse("в прошлом году", languages=["ru"], settings=base)
    assert last_year is not None and last_year.date() == dt.date(2022, 3, 14)


TEXT = (
    "Министры встретятся в пятницу, а к 2030 году стороны хотят удвоить товарооборот. "
    "В середине июня 2021 г. прошли переговоры. Около 40 компаний работают там 3 года. "
    "С 3 по 7 февраля прошли учения, а 15 лет назад (4 мая 2008 года) открыли посольство. "
    "К 300-летию поэта до 10 делегаций приедут к 5 утра. В 1990-е годы страны сблизились."
)


def test_date_spans_in_running_text() -> None:
    found = [TEXT[a:b] for a, b in date_spans(TEXT, names_a_time)]
    assert found == [
        "в пятницу",
        "к 2030 году",
        "В середине июня 2021 г.",
        "С 3 по 7 февраля",
        "15 лет назад",
        "4 мая 2008 года",
        "В 1990-е годы",
    ]


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("Следующий раунд пройдет в Риге.", []),
        ("Второй этап строительства завершен.", []),
        ("Этот документ подписан.", []),
        ("Стороны встретятся на следующей неделе.", ["на следующей неделе"]),
        ("Во второй половине года пройдет форум.", ["Во второй половине года"]),
        ("Визит состоится в этом году.", ["в этом году"]),
    ],
)
def test_qualifiers_alone_are_no_date(text: str, dates: list[str]) -> None:
    """A word that only qualifies a time ("следующий", "второй", "этот") is a date with its
    noun and nothing alone."""
    assert [text[a:b] for a, b in date_spans(text, names_a_time)] == dates


def test_component_adds_dates_and_keeps_other_entities() -> None:
    nlp = spacy.blank("ru")
    doc = nlp.make_doc(TEXT)
    start = TEXT.index("Около")
    doc.set_ents([doc.char_span(start, start + len("Около 40"), label="CARDINAL")])
    doc = add_russian_dates(doc)
    labels = [(e.label_, e.text) for e in doc.ents]
    assert ("CARDINAL", "Около 40") in labels
    assert [t for lab, t in labels if lab == "DATE"][:2] == ["в пятницу", "к 2030 году"]


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        # a record that repeats its date line, title and dateline: only the body's dates
        ("3 мая 2024, 10:15\n\nМинистры встретятся\n\nРИГА, 3 мая (ЛЕТА) – Министры "
         "встретятся 7 мая в Риге.", ["3 мая 2024", "7 мая"]),
        ("ТАШКЕНТ, 12 марта – Переговоры прошли 11 марта.", ["11 марта"]),
        ("МОСКВА, 17 октября. /ТАСС/. Визит намечен на 20 октября.", ["на 20 октября"]),
        ("АСТАНА. КАЗИНФОРМ – Делегации 17 октября провели консультации.", ["17 октября"]),
        # not a dateline: a date that opens a sentence stays a date
        ("12 марта министры провели переговоры.", ["12 марта"]),
        ("Вчера, 12 марта, министры провели переговоры.", ["Вчера", "12 марта"]),
    ],
)
def test_a_dateline_date_is_no_event_date(text: str, dates: list[str]) -> None:
    doc = add_russian_dates(spacy.blank("ru").make_doc(text))
    assert [e.text for e in doc.ents if e.label_ == "DATE"] == dates


@pytest.mark.parametrize(
    ("text", "phrase", "start"),
    [
        ("Переговоры прошли 17.10.2022 в Москве.", "17.10.2022", "2022-10-17"),
        ("Документ подписан 05.02.2021.", "05.02.2021", "2021-02-05"),
        ("Встреча прошла 3.5.2024 г. в Риге.", "3.5.2024 г.", "2024-05-03"),
        ("Соглашение вступило в силу с 01.07.2023.", "с 01.07.2023", "2023-07-01"),
        ("Версия 1.2.2024.5 вышла вчера.", "вчера", "2024-05-07"),  # not a date: a version
        ("Счет 32.13.2022 закрыт 6 мая.", "6 мая", "2024-05-06"),  # no such day or month
    ],
)
def test_dotted_numeric_dates_are_day_month_year(text: str, phrase: str, start: str) -> None:
    spans = date_spans(text, names_a_time)
    assert [text[a:b] for a, b in spans] == [phrase]
    assert DateResolver().resolve(phrase, dt.date(2024, 5, 8)).start == start


def test_a_wrong_table_entry_names_the_file(tmp_path: pytest.TempPathFactory) -> None:
    overlay = tmp_path / "resolve"  # type: ignore[operator]
    overlay.mkdir()
    (overlay / "date_words.ru.yaml").write_text("words:\n  Январь: january\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"date_words\.ru\.yaml"):
        load_russian_words(tmp_path)  # type: ignore[arg-type]
