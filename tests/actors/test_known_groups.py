"""Table tests of what the actor dictionaries know by name: armed and political groups, IGOs,
state news agencies (actors/data/organizations.tsv) and other ways of writing a country
(geo/data/aliases.tsv), read in invented sentences by the `communique_actors` component."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.actors.test_component import Want, read

CASES: list[tuple[str, Want]] = [
    # armed and political groups: the one country they act in, their CAMEO known-group code
    ("Fatah officials rejected the proposal.", Want("Fatah", "group", "PSE", "FTA")),
    ("The Kurdistan Workers' Party claimed the ambush.",
     Want("Kurdistan Workers' Party", "group", "TUR", "REB")),
    ("Leaders of the Islamic Salvation Front called a general strike.",
     Want("Islamic Salvation Front", "group", "DZA", "FIS")),
    ("The Baloch Liberation Army said it bombed the pipeline.",
     Want("Baloch Liberation Army", "group", "PAK", "SEP")),
    ("The Tamil Tigers ended the truce.", Want("Tamil Tigers", "group", "LKA", "REB")),
    ("Likud refused to join the coalition.", Want("Likud", "group", "ISR", "LKD")),
    ("The Popular Front for the Liberation of Palestine condemned the raid.",
     Want("Popular Front for the Liberation of Palestine", "group", "PSE", "PFL")),
    ("The Muslim Brotherhood denied any role.", Want("Muslim Brotherhood", "group", None, "MBR")),
    # international organisations by name and acronym
    ("The International Labour Organization urged new rules.",
     Want("International Labour Organization", "organization", "IGO", "ILO")),
    ("The ICJ ruled on the border dispute.", Want("ICJ", "organization", "IGO", "JUD")),
    ("SADC leaders met in an emergency summit.", Want("SADC", "organization", "IGO", "SAD")),
    ("Interpol issued a notice for the banker.", Want("Interpol", "organization", "IGO", "ITP")),
    # state news agencies speak as their country's media
    ("KCNA accused the South of provocation.", Want("KCNA", "organization", "PRK", "MED")),
    ("Xinhua said the ministers met twice.", Want("Xinhua", "organization", "CHN", "MED")),
    ("The Islamic Republic News Agency denied the claim.",
     Want("Islamic Republic News Agency", "organization", "IRN", "MED")),
    # other ways of writing a country: short forms, former names
    ("The PRC protested the visit.", Want("PRC", "state", "CHN")),
    ("The DPRK tested a rocket engine.", Want("DPRK", "state", "PRK")),
    ("Zaire closed its border with Rwanda.", Want("Zaire", "state", "COD")),
    ("Kampuchean troops withdrew from the border.", Want("Kampuchean", "state", "KHM", "MIL")),
]


@pytest.mark.parametrize(("text", "want"), CASES, ids=[c[0][:40] for c in CASES])
def test_known_names(actors_nlp: Language, text: str, want: Want) -> None:
    by_text = {a.text: a for a in read(actors_nlp, text)}
    found = next((a for t, a in by_text.items() if want.text in t), None)
    assert found is not None, f"{want.text!r} not among {list(by_text)}"
    assert (found.kind, found.country, found.sector) == (want.kind, want.country, want.sector)


@pytest.mark.parametrize(
    "text", ["CCTV footage showed the attack.", "The IRA provisions cover clean energy credits."]
)
def test_acronyms_with_everyday_senses_are_not_known_groups(
    actors_nlp: Language, text: str
) -> None:
    assert not [a for a in read(actors_nlp, text) if a.text in ("CCTV", "IRA")]


def _dated_codes(nlp: Language, text: str, published: str) -> dict[str, str | None]:
    from types import SimpleNamespace

    doc = nlp.make_doc(text)
    doc._context = SimpleNamespace(published=published)
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return {a.text: a.code for a in doc._.actors}


@pytest.mark.parametrize(
    ("text", "published", "capital", "code"),
    [
        # a capital stands for its government only once it is the seat (geo/data/capitals_since.tsv)
        ("Juba accused its neighbour of arming the rebels.", "2014-05-01", "Juba", "SSDGOV"),
        ("Juba accused its neighbour of arming the rebels.", "2003-05-01", "Juba", None),
        ("Berlin criticized the tariff decision.", "2005-05-01", "Berlin", "DEUGOV"),
        ("Berlin criticized the tariff decision.", "1984-05-01", "Berlin", None),
        ("Tehran criticized the tariff decision.", "1984-05-01", "Tehran", "IRNGOV"),
    ],
)
def test_a_capital_acts_only_from_the_day_it_became_the_seat(
    actors_nlp: Language, text: str, published: str, capital: str, code: str | None
) -> None:
    assert _dated_codes(actors_nlp, text, published).get(capital) == code
