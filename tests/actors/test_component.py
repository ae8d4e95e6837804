"""Table-driven tests of the `communique_actors` component: phrase -> expected actors."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from spacy.language import Language

from communique.models import Actor


class Want(NamedTuple):
    """One expected actor: its text, kind, country and sector; for people name and title."""

    text: str
    kind: str
    country: str | None
    sector: str | None = None
    person: str | None = None
    title: str | None = None


def read(nlp: Language, text: str) -> list[Actor]:
    return list(nlp(text)._.actors)


CASES: list[tuple[str, list[Want]]] = [
    # --- an organisation before a title employs the person ----------------------------------
    ("NATO Secretary General Mark Rutte arrived in Kyiv.",
     [Want("NATO", "organization", "IGO", "NAT"),
      Want("Secretary General Mark Rutte", "person", "IGO", "GOV", "Mark Rutte",
           "Secretary General")]),
    ("Arab League Secretary-General Ahmed Aboul Gheit spoke.",
     [Want("Arab League", "organization", "IGO", "ARL"),
      Want("Secretary-General Ahmed Aboul Gheit", "person", "IGO", "GOV", "Ahmed Aboul Gheit",
           "Secretary-General")]),
    ("European Commission President Ursula von der Leyen proposed a plan.",
     [Want("European Commission", "organization", "IGO", "EEC"),
      Want("President Ursula von der Leyen", "person", "IGO", "GOV", "Ursula von der Leyen",
           "President")]),
    # --- countries by name, official name, short forms, adjectives, people -----------------
    ("Kazakhstan and Belgium held talks.",
     [Want("Kazakhstan", "state", "KAZ"), Want("Belgium", "state", "BEL")]),
    ("Relations with the Republic of Kazakhstan improved.",
     [Want("Republic of Kazakhstan", "state", "KAZ")]),
    ("The U.S. imposed new tariffs.", [Want("U.S.", "state", "USA")]),
    ("The United States and Jordan signed a pact.",
     [Want("United States", "state", "USA"), Want("Jordan", "state", "JOR")]),
    ("Britain expelled two diplomats.", [Want("Britain", "state", "GBR")]),
    ("Libya offered to hand the suspects to Great Britain.",
     [Want("Libya", "state", "LBY"), Want("Great Britain", "state", "GBR")]),
    ("A Belgian company opened an office.", [Want("Belgian", "state", "BEL")]),
    ("The Kazakh economy grew.", [Want("Kazakh", "state", "KAZ")]),
    ("The Palestinians rejected the plan.", [Want("Palestinians", "state", "PSE")]),
    ("North Korea fired a missile toward Japan.",
     [Want("North Korea", "state", "PRK"), Want("Japan", "state", "JPN")]),
    ("Iran denied the report.", [Want("Iran", "state", "IRN")]),
    ("Ivory Coast closed its border.", [Want("Ivory Coast", "state", "CIV")]),
    ("The UAE welcomed the deal.", [Want("UAE", "state", "ARE")]),
    # --- compounds: both parts are countries ----------------------------------------------
    ("The Kazakh-Belgian business council met.",
     [Want("Kazakh", "state", "KAZ"), Want("Belgian", "state", "BEL")]),
    ("US-Ukraine talks resumed on Monday.",
     [Want("US", "state", "USA"), Want("Ukraine", "state", "UKR")]),
    ("Kazakhstan-Belgium consultations were held.",
     [Want("Kazakhstan", "state", "KAZ"), Want("Belgium", "state", "BEL")]),
    # --- capitals acting for governments; capitals as places are not actors ------------------
    ("Brussels said it would respond.", [Want("Brussels", "state", "BEL", "GOV")]),
    ("Washington and Moscow agreed to resume talks.",
     [Want("Washington", "state", "USA", "GOV"), Want("Moscow", "state", "RUS", "GOV")]),
    ("Tehran rejected the offer.", [Want("Tehran", "state", "IRN", "GOV")]),
    ("Beijing's decision surprised analysts.", [Want("Beijing", "state", "CHN", "GOV")]),
    # --- government bodies and sector actors ------------------------------------------------
    ("A statement came from the Kazakh Ministry of Foreign Affairs on Monday.",
     [Want("Kazakh Ministry of Foreign Affairs", "organization", "KAZ", "GOV")]),
    ("Delegations of the foreign ministries of Kazakhstan and Belgium met.",
     [Want("Kazakhstan", "state", "KAZ", "GOV"), Want("Belgium", "state", "BEL", "GOV")]),
    ("Officials praised the Kazakhstan and Belgium foreign ministries.",
     [Want("Kazakhstan", "state", "KAZ", "GOV"), Want("Belgium", "state", "BEL", "GOV")]),
    ("The minister headed Kazakhstan's delegation.",
     [Want("Kazakhstan's delegation", "state", "KAZ", "GOV")]),
    ("The delegation from Belgium arrived.",
     [Want("delegation from Belgium", "state", "BEL", "GOV")]),
    ("Israeli troops entered the town.", [Want("Israeli troops", "state", "ISR", "MIL")]),
    ("Palestinian protesters threw stones.",
     [Want("Palestinian protesters", "group", "PSE", "CVL")]),
    ("The Egyptian police detained ten men.", [Want("Egyptian police", "state", "EGY", "COP")]),
    ("Iraqi police arrested a suspect.", [Want("Iraqi police", "state", "IRQ", "COP")]),
    ("Police in Baghdad arrested a suspect.",
     [Want("Police in Baghdad", "state", "IRQ", "COP")]),
    ("Police fired tear gas at the crowd.", [Want("Police", "state", None, "COP")]),
    ("Rwandan rebels attacked a village.", [Want("Rwandan rebels", "group", "RWA", "REB")]),
    ("Rebels seized the airport.", [Want("Rebels", "group", None, "REB")]),
    ("Lawmakers approved the budget.", [Want("Lawmakers", "state", None, "LEG")]),
    ("The court ruled against the ban.", [Want("court", "state", None, "JUD")]),
    ("The Turkish government protested.", [Want("Turkish government", "state", "TUR", "GOV")]),
    ("Sudan's government accepted the plan.",
     [Want("Sudan's government", "state", "SDN", "GOV")]),
    ("The Khartoum government accepted the plan.",
     [Want("Khartoum government", "state", "SDN", "GOV")]),
    ("Afghan rebel leaders met in Pakistan.",
     [Want("Afghan rebel leaders", "group", "AFG", "REB")]),
    ("Chinese and Russian negotiators met.",
     [Want("Chinese", "state", "CHN", "GOV"), Want("Russian", "state", "RUS", "GOV")]),
    ("French warships sailed into the gulf.", [Want("French warships", "state", "FRA", "MIL")]),
    # --- named institutions: country from a country or a city in the name --------------------
    ("Students of the Free University of Brussels protested.",
     [Want("Free University of Brussels", "organization", "BEL", "EDU")]),
    ("He spoke at the Academy of Public Administration under the President of the Republic "
     "of Kazakhstan yesterday.",
     [Want("Academy of Public Administration under the President of the Republic of Kazakhstan",
           "organization", "KAZ", "EDU")]),
    ("The Baghdad University Medical School reopened.",
     [Want("Baghdad University Medical School", "organization", "IRQ", "EDU")]),
    ("The Nigerian Union of Teachers called a strike.",
     [Want("Nigerian Union of Teachers", "organization", "NGA", "LAB")]),
    # --- international organisations and groups ---------------------------------------------
    ("The U.N. Security Council met on Friday.",
     [Want("U.N. Security Council", "organization", "IGO", "UNO")]),
    ("The United Nations sent aid.", [Want("United Nations", "organization", "IGO", "UNO")]),
    ("NATO troops patrolled the border.", [Want("NATO", "organization", "IGO", "NAT")]),
    ("The OSCE sent observers.", [Want("OSCE", "organization", "IGO", "SCE")]),
    ("Belgium is a member of the European Union.",
     [Want("Belgium", "state", "BEL"), Want("European Union", "organization", "IGO", "EEC")]),
    ("The IMF approved a loan.", [Want("IMF", "organization", "IGO", "IMF")]),
    ("The World Bank froze funding.", [Want("World Bank", "organization", "IGO", "WBK")]),
    ("Amnesty International criticised the trial.",
     [Want("Amnesty International", "organization", "NGO", "AMN")]),
    ("Hamas fired rockets.", [Want("Hamas", "group", "PSE", "REB")]),
    ("Islamic State claimed the attack.", [Want("Islamic State", "group", None, "REB")]),
    ("The Taliban seized the city.", [Want("Taliban", "group", "AFG", "TAL")]),
    ("Kurds marched in the city.", [Want("Kurds", "group", None)]),
    ("Kurds marched in Mosul.", [Want("Kurds", "group", "IRQ")]),
    # --- people with titles ------------------------------------------------------------------
    ("U.S. President Donald Trump spoke.",
     [Want("U.S. President Donald Trump", "person", "USA", "GOV", "Donald Trump", "President")]),
    ("Iraqi Prime Minister Mohammed Shia al-Sudani announced the strike.",
     [Want("Iraqi Prime Minister Mohammed Shia al-Sudani", "person", "IRQ", "GOV",
           "Mohammed Shia al-Sudani", "Prime Minister")]),
    ("Russian Foreign Minister Sergei Lavrov arrived.",
     [Want("Russian Foreign Minister Sergei Lavrov", "person", "RUS", "GOV", "Sergei Lavrov",
           "Foreign Minister")]),
    ("Lebanon's new President Elias Hrawi was sworn in.",
     [Want("Lebanon's new President Elias Hrawi", "person", "LBN", "GOV", "Elias Hrawi",
           "President")]),
    ("Serbian President Vojislav Kostunica met envoys.",
     [Want("Serbian President Vojislav Kostunica", "person", "SRB", "GOV", "Vojislav Kostunica",
           "President")]),
    ("Kyrgyz Prime Minister Nikolai Tanaev resigned.",
     [Want("Kyrgyz Prime Minister Nikolai Tanaev", "person", "KGZ", "GOV", "Nikolai Tanaev",
           "Prime Minister")]),
    ("Japanese Prime Minister Ryutaro Hashimoto visited Moscow.",
     [Want("Japanese Prime Minister Ryutaro Hashimoto", "person", "JPN", "GOV",
           "Ryutaro Hashimoto", "Prime Minister")]),
    ("President of the Republic of Kazakhstan Kassym-Jomart Tokayev noted the progress.",
     [Want("President of the Republic of Kazakhstan Kassym-Jomart Tokayev", "person", "KAZ",
           "GOV", "Kassym-Jomart Tokayev", "President")]),
    ("Deputy Minister of Foreign Affairs Roman Vassilenko headed Kazakhstan's delegation.",
     [Want("Deputy Minister of Foreign Affairs Roman Vassilenko", "person", "KAZ", "GOV",
           "Roman Vassilenko", "Deputy Minister of Foreign Affairs"),
      Want("Kazakhstan's delegation", "state", "KAZ", "GOV")]),
    ("Ambassador Maria Lopez represented Chile's delegation at the forum.",
     [Want("Ambassador Maria Lopez", "person", "CHL", "GOV", "Maria Lopez", "Ambassador")]),
    ("Russian Foreign Minister Sergei Lavrov met reporters. Mr. Lavrov said little.",
     [Want("Mr. Lavrov", "person", "RUS", "GOV", "Sergei Lavrov", "Foreign Minister")]),
    ("Iraqi Prime Minister Mohammed Shia al-Sudani spoke. Sudani said the strike worked.",
     [Want("Sudani", "person", "IRQ", "GOV", "Mohammed Shia al-Sudani", "Prime Minister")]),
    # --- collective references -----------------------------------------------------------------
    ("The parties discussed trade.", [Want("The parties", "group", None)]),
    ("Both sides agreed to continue the dialogue.", [Want("Both sides", "group", None)]),
    ("The two countries signed a memorandum.", [Want("The two countries", "group", None)]),
    ("The minister invited the Belgian side to join.",
     [Want("Belgian side", "state", "BEL", "GOV")]),
    ("Members of the Belgian delegation visited Almaty.",
     [Want("Belgian delegation", "state", "BEL", "GOV")]),
    ("The Kazakh delegation left for Brussels.",
     [Want("Kazakh delegation", "state", "KAZ", "GOV")]),
]

ABSENT: list[tuple[str, str]] = [
    ("During his visit to Brussels he met students.", "Brussels"),
    ("The delegation travelled to Washington on Monday.", "Washington"),
    ("He was born in the city of Moscow.", "Moscow"),
    ("They signed the General Agreement on Cultural Cooperation.", "General Agreement"),
]


@pytest.mark.parametrize(("text", "wanted"), CASES, ids=[c[0][:40] for c in CASES])
def test_actors(actors_nlp: Language, text: str, wanted: list[Want]) -> None:
    actors = read(actors_nlp, text)
    by_text = {a.text: a for a in actors}
    for want in wanted:
        assert want.text in by_text, f"{want.text!r} not among {list(by_text)}"
        actor = by_text[want.text]
        assert actor.span[1] - actor.span[0] == len(actor.text)
        assert text[actor.span[0] : actor.span[1]] == actor.text
        assert (actor.kind, actor.country, actor.sector) == (want.kind, want.country, want.sector)
        if actor.country and actor.sector and actor.kind != "group" and actor.country != "IGO":
            assert actor.code == actor.country + actor.sector
        if want.person is not None:
            assert actor.person is not None
            assert actor.person.name == want.person
            assert want.title is not None and want.title in (actor.person.title or "")


@pytest.mark.parametrize(("text", "place"), ABSENT)
def test_places_are_not_actors(actors_nlp: Language, text: str, place: str) -> None:
    assert place not in {a.text for a in read(actors_nlp, text)}


def test_collective_is_normalised(actors_nlp: Language) -> None:
    (actor,) = [a for a in read(actors_nlp, "Both sides agreed.") if a.kind == "group"]
    assert (actor.name, actor.country, actor.code) == ("parties", None, None)


def test_ministry_name_drops_the_country_adjective(actors_nlp: Language) -> None:
    text = "The Kazakh Ministry of Foreign Affairs reported the talks."
    (actor,) = [a for a in read(actors_nlp, text) if a.kind == "organization"]
    assert actor.organization == "Ministry of Foreign Affairs"
    assert actor.code == "KAZGOV"


def test_person_title_names_the_ministry(actors_nlp: Language) -> None:
    text = "Deputy Minister of Foreign Affairs Roman Vassilenko met the ambassador."
    person = next(a for a in read(actors_nlp, text) if a.kind == "person")
    assert person.organization == "Ministry of Foreign Affairs"


def test_person_country_from_the_delegation_led(actors_nlp: Language) -> None:
    text = (
        "The delegation from Belgium was led by Director General of the Directorate for "
        "Bilateral Affairs of the Foreign Ministry Jeroen Kooreman."
    )
    person = next(a for a in read(actors_nlp, text) if a.kind == "person")
    assert person.person is not None and person.person.name == "Jeroen Kooreman"
    assert person.country == "BEL"
    assert person.person.title is not None and person.person.title.startswith("Director General")


def test_dateline_country_is_the_last_resort(actors_nlp: Language) -> None:
    doc = actors_nlp.make_doc("Spokesman Ivan Petrov declined to comment.")
    doc.user_data["dateline_country"] = "RUS"
    for _name, proc in actors_nlp.pipeline:
        doc = proc(doc)
    person = next(a for a in doc._.actors if a.kind == "person")
    assert person.country == "RUS"
