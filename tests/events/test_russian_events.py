"""The Russian event coder (events/russian.py) on sentences written for the tests: one verb
pattern (or event noun) of events/data/ru_events.yaml per row, with its source and target."""

from __future__ import annotations

import pytest

from communique.events.russian import ru_lexicon
from communique.models import Article

# (sentence, CAMEO code, source ISO3, target ISO3 or None)
CASES = [
    # 04 consult
    ("Министры иностранных дел Латвии и Монголии обсудили торговлю.", "040", "LVA", "MNG"),
    ("Посол Чили обсуждал с министром Перу вопросы рыболовства.", "040", "CHL", "PER"),
    ("Латвийская и монгольская стороны рассмотрели итоги года.", "040", "LVA", "MNG"),
    ("Президент Финляндии встретился с премьер-министром Эстонии.", "040", "FIN", "EST"),
    ("Глава МИД Чехии встречался с послом Словакии.", "040", "CZE", "SVK"),
    ("Министр Кении побеседовал с послом Танзании.", "041", "KEN", "TZA"),
    ("Президент Ганы созвонился с президентом Того.", "041", "GHA", "TGO"),
    ("Министр Португалии обменялся мнениями с министром Испании.", "040", "PRT", "ESP"),
    ("Министр обороны Норвегии посетил Данию.", "042", "NOR", "DNK"),
    ("Премьер-министр Японии посещает Сеул.", "042", "JPN", "KOR"),
    ("Делегация Египта прибыла в Иорданию.", "042", "EGY", "JOR"),
    ("Министр Польши приехал в Вильнюс.", "042", "POL", "LTU"),
    ("Президент Армении принял министра иностранных дел Греции.", "043", "ARM", "GRC"),
    ("Министры Литвы и Эстонии провели консультации.", "040", "LTU", "EST"),
    ("В Риге состоялись переговоры министров Латвии и Монголии.", "040", "LVA", "MNG"),
    ("Встреча министров Перу и Чили прошла в Лиме.", "040", "PER", "CHL"),
    ("Президент Ирландии находится в Исландии с официальным визитом.", "042", "IRL", "ISL"),
    ("Премьер-министр Индии совершил визит в Непал.", "042", "IND", "NPL"),
    # 02 appeal, 03 intent
    ("Министр Италии пригласил Мальту к участию в форуме.", "021", "ITA", "MLT"),
    ("Президент Кипра пригласил греческие компании инвестировать в экономику острова.",
     "0211", "CYP", "GRC"),
    ("Премьер Австралии приглашает Новую Зеландию к сотрудничеству.", "021", "AUS", "NZL"),
    ("Генсек ООН призвал Эфиопию к сдержанности.", "020", "IGO", "ETH"),
    ("Правительство Непала попросило Индию о помощи.", "020", "NPL", "IND"),
    ("Министр Сербии просил Венгрию о поддержке.", "020", "SRB", "HUN"),
    ("Министр Бразилии предложил Аргентине создать рабочую группу.", "030", "BRA", "ARG"),
    ("Министры Норвегии и Швеции договорились расширить торговлю.", "030", "NOR", "SWE"),
    ("Министр Марокко согласился с предложением Туниса.", "030", "MAR", None),
    ("Министр Канады пообещал Мексике новые поставки.", "030", "CAN", "MEX"),
    # 05 diplomatic cooperation
    ("Министры Катара и Омана подписали соглашение о воздушном сообщении.", "057", "QAT", "OMN"),
    ("Кувейт и Бахрейн заключили договор о торговле.", "057", "KWT", "BHR"),
    ("Парламент Исландии ратифицировал соглашение с Норвегией.", "057", "ISL", None),
    ("Министры Болгарии и Румынии скрепили подписями протокол.", "057", "BGR", "ROU"),
    ("Министр Хорватии поддержал инициативу Словении.", "051", "HRV", "SVN"),
    ("Президент Чили приветствовал решение Перу.", "051", "CHL", "PER"),
    ("Правительство Дании одобрило план Швеции.", "051", "DNK", "SWE"),
    ("Министр Ливана поблагодарил Иорданию за помощь.", "051", "LBN", "JOR"),
    ("Президент Финляндии поздравил Эстонию с праздником.", "051", "FIN", "EST"),
    ("Министр Германии выразил поддержку Молдавии.", "051", "DEU", None),
    # 07 aid
    ("Правительство Японии предоставило Шри-Ланке кредит.", "070", "JPN", "LKA"),
    ("Турция оказала Сирии гуманитарную помощь.", "070", "TUR", "SYR"),
    ("Швеция выделила Украине помощь.", "070", "SWE", "UKR"),
    # 10-13
    ("Министр Ирана потребовал от Ирака объяснений.", "100", "IRN", None),
    ("МИД Китая осудил решение Японии.", "111", "CHN", "JPN"),
    ("Министр Пакистана раскритиковал Индию.", "111", "PAK", "IND"),
    ("Правительство Венесуэлы обвинило Колумбию в провокации.", "112", "VEN", "COL"),
    ("Президент Сирии отверг предложение Турции.", "120", "SYR", "TUR"),
    ("Президент Ирана пригрозил Израилю.", "130", "IRN", "ISR"),
    # 16-19
    ("Канада ввела санкции против Белоруссии.", "163", "CAN", "BLR"),
    ("Полиция Египта задержала граждан Ливии.", "173", "EGY", "LBY"),
    ("Армия Судана атаковала силы Чада.", "190", "SDN", "TCD"),
]


@pytest.fixture(scope="module")
def coded(pipeline):  # type: ignore[no-untyped-def]
    articles = [Article(id=f"s{i}", text=case[0], language="ru") for i, case in enumerate(CASES)]
    return {r.article.id: r for r in pipeline.code(articles)}


def test_at_least_forty_verb_patterns() -> None:
    lex = ru_lexicon()
    assert len(lex.verbs) >= 40
    assert {"визит", "переговоры", "консультация", "подписание"} <= set(lex.nouns)


@pytest.mark.parametrize(("index", "case"), list(enumerate(CASES)))
def test_russian_event(coded, index: int, case: tuple[str, str, str, str | None]) -> None:  # type: ignore[no-untyped-def]
    text, cameo, source, target = case
    events = coded[f"s{index}"].events
    found = [
        (e.cameo, e.source.country if e.source else None, e.target.country if e.target else None)
        for e in events
    ]
    wanted = [c for c in found if c[0] == cameo and source in c[1:]]
    assert wanted, f"{text}: {found}"
    if target is not None:
        assert any(target in c[1:] for c in wanted), f"{text}: {found}"


SCHEDULED = [
    # (text, trigger, tense, date start) published 2024-05-08 (a Wednesday)
    ("Переговоры министров Латвии и Литвы запланированы на 22 мая.", "Переговоры", "future",
     "2024-05-22"),
    ("Визит президента Латвии в Литву намечен на июнь.", "Визит", "future", "2024-06-01"),
    ("Встреча министров Латвии и Литвы назначена на понедельник.", "Встреча", "future",
     "2024-05-13"),
    ("Визит министра Латвии в Литву ожидается в июне.", "Визит", "future", "2024-06-01"),
    # a held event stays past and looks back
    ("Переговоры министров Латвии и Литвы прошли 2 мая.", "Переговоры", "past", "2024-05-02"),
]


@pytest.fixture(scope="module")
def scheduled(pipeline):  # type: ignore[no-untyped-def]
    articles = [
        Article(id=f"p{i}", text=case[0], language="ru", published="2024-05-08")
        for i, case in enumerate(SCHEDULED)
    ]
    return {r.article.id: r for r in pipeline.code(articles)}


@pytest.mark.parametrize(("index", "case"), list(enumerate(SCHEDULED)))
def test_a_scheduled_event_is_future(  # type: ignore[no-untyped-def]
    scheduled, index: int, case: tuple[str, str, str, str]
) -> None:
    """An event noun under a predicate that schedules it ("запланированы на 22 мая") is still
    to come, whatever the predicate's tense: its date looks forward from publication."""
    text, trigger, tense, start = case
    found = [
        (e.modality.tense, e.date.start)
        for e in scheduled[f"p{index}"].events
        if e.trigger.text.startswith(trigger)
    ]
    assert (tense, start) in found, f"{text}: {found}"
