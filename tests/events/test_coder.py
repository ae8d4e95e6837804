"""Table-driven tests of the event coder over sentences in diplomatic and wire-story styles."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.events.coder import EventCoder, _as_intent
from communique.events.patterns import load_lexicon
from communique.ontology import cameo_entry

# sentence, expected (cameo or PLOVER type, source ISO3, target ISO3 or None, tense)
CASES = [
    ("Russia and China held talks in Beijing on Monday.", ("040", "RUS", "CHN", "past")),
    ("The French president visited Germany last week.", ("042", "FRA", "DEU", "past")),
    ("Japan will host the Indian prime minister next month.", ("AGREE", "JPN", "IND", "future")),
    (
        "Iran accused the United States of violating the nuclear deal.",
        ("112", "IRN", "USA", "past"),
    ),
    ("Turkey condemned the Israeli strikes on Gaza.", ("111", "TUR", "ISR", "past")),
    ("Egypt rejected the Ethiopian proposal.", ("REJECT", "EGY", "ETH", "past")),
    ("Poland and Lithuania signed a defence agreement on Friday.", ("057", "POL", "LTU", "past")),
    ("The European Union imposed sanctions on Belarus.", ("163", "IGO", "BLR", "past")),
    ("Kenyan police arrested dozens of protesters in Nairobi.", ("173", "KEN", "KEN", "past")),
    ("North Korea threatened to attack South Korea.", ("138", "PRK", "KOR", "past")),
    ("Germany pledged to provide humanitarian aid to Sudan.", ("AGREE", "DEU", "SDN", "past")),
    ("Chile urged Peru to resume negotiations.", ("REQUEST", "CHL", "PER", "past")),
    ("Ukrainian forces shelled Russian positions overnight.", ("194", "UKR", "RUS", "past")),
    ("Canada expelled two Chinese diplomats.", ("166", "CAN", "CHN", "past")),
    ("Brazil praised Argentina for its cooperation.", ("051", "BRA", "ARG", "past")),
    ("Mexico did not sign the treaty with the United States.", ("057", "MEX", "USA", "past")),
    ("Pakistan released 50 Indian fishermen on Tuesday.", ("0841", "PAK", "IND", "past")),
    (
        "Thousands of Armenians protested against the government in Yerevan.",
        ("PROTEST", "ARM", "ARM", "past"),
    ),
    ("India will meet Pakistan next week.", ("036", "IND", "PAK", "future")),
    ("Saudi Arabia demanded that Qatar close the base.", ("100", "SAU", "QAT", "past")),
    (
        "Russian President Vladimir Putin held a telephone conversation with Chinese President Xi "
        "Jinping.",
        ("041", "RUS", "CHN", "past"),
    ),
    ("Germany condemned the missile launch by North Korea.", ("111", "DEU", "PRK", "past")),
    ("Iran summoned the British ambassador over the comments.", ("114", "IRN", "GBR", "past")),
    (
        "Turkey expressed its readiness to mediate between Russia and Ukraine.",
        ("039", "TUR", "RUS", "future"),
    ),
    ("Hungary said it would veto the new sanctions.", ("REJECT", "HUN", None, "past")),
    ("Hezbollah guerrillas attacked an Israeli patrol near the border.",
     ("190", "LBN", "ISR", "past")),
    ("Syrian Kurds protested against the Turkish offensive.", ("PROTEST", "SYR", "TUR", "past")),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_sentence(nlp, sentence: str, expected: tuple[str, str, str | None, str]) -> None:  # type: ignore[no-untyped-def]
    code_or_type, source, target, tense = expected
    events = nlp(sentence)._.event_candidates

    def country(actor):  # type: ignore[no-untyped-def]
        return actor.country if actor else None

    readings = [
        (
            e.cameo,
            cameo_entry(e.cameo).plover,
            country(e.source),
            country(e.target),
            e.modality.tense,
        )
        for e in events
    ]
    assert any(
        code_or_type in (cameo, plover) and src == source and tgt == target and t == tense
        for cameo, plover, src, tgt, t in readings
    ), readings


def test_negation_is_marked(nlp) -> None:  # type: ignore[no-untyped-def]
    events = nlp("Mexico did not sign the treaty with the United States.")._.event_candidates
    assert events and all(e.modality.negated for e in events)


@pytest.mark.parametrize(
    ("sentence"),
    [
        "The weather in Paris was mild on Sunday.",
        "Belgium is one of Kazakhstan's key trading partners.",
        "The consultations also focused on trade.",
        "Prices rose by 3 percent in October.",
    ],
)
def test_no_event_without_an_act(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert nlp(sentence)._.event_candidates == []


@pytest.mark.parametrize(
    ("code", "intent"),
    [
        ("040", "036"),
        ("042", "036"),
        ("070", "033"),
        ("0841", "035"),
        ("190", "138"),
        ("163", "131"),
        ("112", "112"),
        ("036", "036"),
    ],
)
def test_future_acts_become_intents_or_threats(code: str, intent: str) -> None:
    assert _as_intent(code) == intent


def test_every_lexicon_code_is_typed_by_plover() -> None:
    lexicon = load_lexicon()
    codes = {p.code for p in lexicon.verbs.values() if p.code} | {
        n.code for n in lexicon.nominals.values()
    }
    assert codes and all(cameo_entry(c).plover for c in codes)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300))
def test_coder_never_raises_and_spans_quote_the_text(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    for event in EventCoder().code(doc):
        assert doc.text[event.trigger.span[0] : event.trigger.span[1]] == event.trigger.text
        assert doc.text[event.evidence.span[0] : event.evidence.span[1]] == event.evidence.text


# violence whose doer the sentence does not name: an ASSAULT with an unknown source (invented
# sentences); (sentence, CAMEO code or PLOVER type, target ISO3)
UNKNOWN_DOER = [
    ("Four Nigerian soldiers were killed in an ambush near the border.", "ASSAULT", "NGA"),
    ("A car bomb killed two Lebanese policemen in Tripoli on Friday.", "ASSAULT", "LBN"),
    ("Two Afghan soldiers were wounded when a mine exploded.", "ASSAULT", "AFG"),
    ("An explosion injured three Turkish border guards.", "ASSAULT", "TUR"),
    ("Three Kenyan aid workers have been kidnapped in Somalia.", "181", "KEN"),
]


@pytest.mark.parametrize(
    ("sentence", "code_or_type", "target"), UNKNOWN_DOER, ids=[c[0][:40] for c in UNKNOWN_DOER]
)
def test_violence_without_a_named_doer(nlp, sentence: str, code_or_type: str, target: str) -> None:  # type: ignore[no-untyped-def]
    events = nlp(sentence)._.event_candidates
    readings = [(e.cameo, cameo_entry(e.cameo).plover, e.source, e.target) for e in events]
    assert any(
        code_or_type in (cameo, plover) and source is None and t is not None and t.country == target
        for cameo, plover, source, t in readings
    ), readings


@pytest.mark.parametrize(
    "sentence",
    [
        # an act other than violence needs its doer
        "The curfew in the Egyptian capital was lifted on Monday.",
        # violence needs a victim that is an actor
        "Fighting killed dozens overnight.",
        # a participle used as a noun is no act
        "Medics treated the injured in the Bosnian town.",
    ],
)
def test_no_unknown_doer_event(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    events = nlp(sentence)._.event_candidates
    assert all(e.source is not None for e in events), events
    assert not any(e.trigger.text == "wounded" for e in events)


# an act noun where a violent verb's doer would be: its possessor, adjective or "by" agent is the
# doer, its "of / on" phrase the target (invented sentences); (sentence, source, target) ISO3
ACT_NOUN_DOER = [
    ("The shelling of the Syrian town killed nine civilians.", None, "SYR"),
    ("Russian airstrikes killed 12 Syrian civilians.", "RUS", "SYR"),
    ("An attack by Somali militants wounded four Kenyan soldiers.", "SOM", "KEN"),
    ("Three Afghan soldiers were killed in a Taliban attack.", "AFG", "AFG"),
    ("Two Israeli soldiers were wounded in a Hezbollah rocket attack.", "LBN", "ISR"),
]


@pytest.mark.parametrize(
    ("sentence", "source", "target"), ACT_NOUN_DOER, ids=[c[0][:40] for c in ACT_NOUN_DOER]
)
def test_act_noun_is_no_doer(nlp, sentence: str, source: str | None, target: str) -> None:  # type: ignore[no-untyped-def]
    events = nlp(sentence)._.event_candidates
    readings = [
        (e.source.country if e.source else None, e.target.country if e.target else None)
        for e in events
        if cameo_entry(e.cameo).plover == "ASSAULT"
    ]
    # one event: the act noun is not coded a second time next to its verb
    assert readings == [(source, target)], readings


# the parser often makes a participle after the subject ("the Red Cross *operating* in X said")
# the verb's subject and the noun the participle's: the noun is the subject (invented sentences)
PARTICIPLE_SUBJECTS = [
    ("The Red Cross working in Gaza said Israel must open the crossings.", "100", "NGO", "ISR"),
    ("The Red Cross operating in Sudan demanded that Khartoum free the aid workers.", "100", "NGO",
     "SDN"),
]


@pytest.mark.parametrize(("sentence", "code", "source", "target"), PARTICIPLE_SUBJECTS,
                         ids=[c[0][:40] for c in PARTICIPLE_SUBJECTS])  # fmt: skip
def test_participle_subject(nlp, sentence: str, code: str, source: str, target: str) -> None:  # type: ignore[no-untyped-def]
    events = nlp(sentence)._.event_candidates
    readings = [(e.cameo, e.source.country if e.source else None,
                 e.target.country if e.target else None) for e in events]  # fmt: skip
    assert (code, source, target) in readings, readings


# a mandative subjunctive (a base-form verb with its own subject and no auxiliary) is what is
# asked for, not an act that happened (invented sentences): (sentence, the verb that is no event)
SUBJUNCTIVES = [
    ("Egypt insisted that Israel withdraw its troops from the border.", "withdraw"),
    ("The Nigerian union repeated its demand today that the government ease the curfew in Lagos.",
     "ease"),
    ("Britain is pushing hard for the US support its plan.", "support"),
]


@pytest.mark.parametrize(("sentence", "verb"), SUBJUNCTIVES, ids=[c[1] for c in SUBJUNCTIVES])
def test_subjunctive_is_no_act(nlp, sentence: str, verb: str) -> None:  # type: ignore[no-untyped-def]
    events = nlp(sentence)._.event_candidates
    assert events, "the demand itself is coded"
    assert all(e.trigger.text != verb for e in events), [(e.cameo, e.trigger.text) for e in events]


# accusation nouns with their own accuser are the accuser's 112 (invented sentences):
# (sentence, source ISO3, target ISO3)
ACCUSATION_NOUNS = [
    ("Russia made new accusations against Ukraine on Monday.", "RUS", "UKR"),
    ("Serbia leveled fresh allegations against Kosovo.", "SRB", "XKX"),
    ("Iranian accusations that Israel attacked the ship were denied.", "IRN", "ISR"),
]


@pytest.mark.parametrize(("sentence", "source", "target"), ACCUSATION_NOUNS,
                         ids=[c[0][:40] for c in ACCUSATION_NOUNS])  # fmt: skip
def test_accusation_nouns(nlp, sentence: str, source: str, target: str) -> None:  # type: ignore[no-untyped-def]
    events = nlp(sentence)._.event_candidates
    readings = [(e.cameo, e.source.country if e.source else None,
                 e.target.country if e.target else None) for e in events]  # fmt: skip
    assert ("112", source, target) in readings, readings


def test_rejected_accusations_are_not_made_again(nlp) -> None:  # type: ignore[no-untyped-def]
    events = nlp("Ukraine rejected Russia's accusations of sabotage.")._.event_candidates
    assert [e.cameo for e in events] == ["120"], [(e.cameo, e.trigger.text) for e in events]


# sentence, (cameo or PLOVER type, source ISO3, target ISO3): which actor fills the target slot
TARGET_CASES = [
    # a demand noun's that-clause, hung by the parser on the verb: the clause's subject is asked
    ("Algeria renewed its demand on Friday that Morocco release the detained journalists.",
     ("100", "DZA", "MAR")),
    # the demanded act's "by" agent (a capital stands for its government), not an actor inside it
    ("Norway demanded a public apology by Tehran for the raid on its embassy.",
     ("100", "NOR", "IRN")),
    # a complaint addressed to a body is about the doer its over/about phrase names ...
    ("Ghana complained to the African Union about Togolese border raids.", ("114", "GHA", "TGO")),
    ("Bolivia lodged a complaint with the United Nations over Chilean troop movements.",
     ("114", "BOL", "CHL")),
    # ... and about the addressee when the topic names nobody
    ("Peru complained to Chile about the treatment of its fishermen.", ("114", "PER", "CHL")),
    # a container's of-noun names the target as the object would
    ("Canada suspended part of its aid program for Haiti.", ("160", "CAN", "HTI")),
    # whose the object is: the agent of a participle on it
    ("Police prevented the march staged by Armenian students.", ("1721", "ARM", "ARM")),
    ("Japan rejected the plan drafted by China.", ("REJECT", "JPN", "CHN")),
    # a thing standing in for the object names the target with its own to/with phrase
    ("The Kenyan government reneged on its commitment to the Somali refugees.",
     ("REJECT", "KEN", "SOM")),
    # a preposition whose object the parser read as the subject of a reduced relative clause
    ("Mexico granted asylum to four Peruvian lawmakers staying in its embassy in Lima.",
     ("070", "MEX", "PER")),
    # the source's own institution is what it acts with: the place names the target
    ("Qatar opened its new embassy in Malawi on Monday.", ("054", "QAT", "MWI")),
    # a use of force set off after a forceful clause, naming no one, acts on the clause's target
    ("Kenyan police fired tear gas at Somali refugees in Nairobi, injuring six and arresting 40.",
     ("173", "KEN", "SOM")),
    # a protest's purpose: whose the protested thing is, whom the demands are pressed on
    ("Hundreds of Iraqis marched to protest the raids carried out by Turkish forces.",
     ("PROTEST", "IRQ", "TUR")),
    ("Kenyan students marched to the stadium to press demands for cheaper housing from the "
     "Ugandan government.", ("PROTEST", "KEN", "UGA")),
    # a tariff's "to" phrase naming the source's own market is where the goods go
    ("The Brazilian government imposed a 30% tariff on ethanol exports to Brazil from the United "
     "States.", ("163", "BRA", "USA")),
    # a domestic measure without a place is applied to the doer's own country
    ("The Thai government declared martial law.", ("1724", "THA", "THA")),
    ("Ecuador's government lifted the curfew.", ("CONCEDE", "ECU", "ECU")),
    ("Chile's president declared a state of emergency.", ("1724", "CHL", "CHL")),
    # ... and to the area its on/to phrase names
    ("The army imposed a curfew on three districts in Kenya.", ("1723", "KEN", "KEN")),
]


@pytest.mark.parametrize(
    ("sentence", "expected"), TARGET_CASES, ids=[c[0][:40] for c in TARGET_CASES]
)
def test_target_conventions(nlp, sentence: str, expected: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    code_or_type, source, target = expected
    readings = [
        (e.cameo, cameo_entry(e.cameo).plover, e.source and e.source.country,
         e.target and e.target.country)
        for e in nlp(sentence)._.event_candidates
    ]  # fmt: skip
    assert any(
        code_or_type in (cameo, plover) and src == source and tgt == target
        for cameo, plover, src, tgt in readings
    ), readings


@pytest.mark.parametrize(
    "sentence",
    [
        # a statement about a measure is not applying it: no target of the speaker's own
        "The United States opposed martial law.",
        "Washington rejected the state of emergency.",
        "Brazil criticized the curfew imposed by Venezuela.",
    ],
)
def test_a_measure_is_applied_only_by_its_doer(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    events = nlp(sentence)._.event_candidates
    assert events
    assert all(e.target is None or e.target.country != e.source.country for e in events), events


# (sentence, source code, target code) of one of the sentence's events (invented sentences):
ACTOR_CODES = [
    # a known group before a role noun is who the role's members are; a state only whose
    ("Somali troops killed 12 al-Shabab fighters near the border.", "SOMMIL", "SOMREB"),
    ("Ugandan opposition candidates protested.", "UGAOPP", None),
    # a past participle after its noun is a passive: the noun is the patient (the soldiers are
    # the victims, never the killers), the "by" agent the doer
    ("Three Nigerian soldiers killed in the ambush were buried on Monday.", None, "NGAMIL"),
    ("Chad freed two French aid workers detained by rebels.", "TCDREB", "FRALAB"),
    ("Somali troops, backed by Kenyan soldiers, stormed the town.", "KENMIL", "SOMMIL"),
]


@pytest.mark.parametrize(
    ("sentence", "source", "target"), ACTOR_CODES, ids=[c[0][:40] for c in ACTOR_CODES]
)
def test_actor_codes_of_an_event(  # type: ignore[no-untyped-def]
    nlp, sentence: str, source: str | None, target: str | None
) -> None:
    readings = [
        (e.source.code if e.source else None, e.target.code if e.target else None)
        for e in nlp(sentence)._.event_candidates
    ]
    assert (source, target) in readings, readings
