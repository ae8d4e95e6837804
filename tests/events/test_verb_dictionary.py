"""The PETRARCH2 long tail: converter, pattern grammar, matcher and the precedence rule."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from communique.datafiles import Row
from communique.errors import ConfigError
from communique.events.coder import EventCoder
from communique.events.verb_dictionary import (
    NO_EVENT,
    Noun,
    PatternError,
    PrepPhrase,
    VerbDictionary,
    build_dictionary,
    load_verb_dictionary,
    parse_pattern,
    verb_particles,
)
from tests.conftest import ROOT, SHARED, assert_generated_current

sys.path.insert(0, str(ROOT / "scripts"))
import build_verb_patterns as converter

# -- the generated files -------------------------------------------------------------------------


def test_committed_tables_match_the_script() -> None:
    assert_generated_current("build_verb_patterns.py", "--reference", str(SHARED / "reference"))


def test_generated_files_carry_the_licence() -> None:
    data = ROOT / "src" / "communique" / "events" / "data"
    assert "MIT License" in (data / "NOTICE").read_text("utf-8")
    for name in ("petrarch_verbs.tsv", "petrarch_patterns.tsv", "petrarch_classes.tsv"):
        head = (data / name).read_text("utf-8")[:400]
        assert "Open Event Data Alliance" in head and "MIT" in head, name


def test_shipped_dictionary_is_the_long_tail() -> None:
    dictionary = load_verb_dictionary()
    assert len(dictionary.verbs) > 1500
    assert len(dictionary) > 10_000  # patterns, with noun classes expanded into index keys


# -- the converter on small snippets -------------------------------------------------------------

ONTOLOGY = {"020": "REQUEST", "0231": "REQUEST", "042": "CONSULT", "043": "CONSULT", "070": "AID",
            "010": "", "160": "SANCTION", "173": "COERCE", "183": "ASSAULT"}  # fmt: skip
HEAD = "####### SYNONYM SETS #######\n&MONEY\n+CASH_\n+LOAN\n####### VERB PATTERNS #######\n"


@pytest.mark.parametrize(
    ("body", "verbs", "patterns"),
    [
        ("--- ASK [020] ---\nASK\nREQUEST [020]\n",
         [("ask", "", "020"), ("request", "", "020")], []),
        ("--- ASK [---] ---\n+ASK_FOR {+ASKED_FOR +ASKING_FOR} [020]\n- * &MONEY [0231]\n",
         [("ask", "for", "020")], [("* &money", "0231")]),
        ("--- RUSH [---] ---\nRUSH\n- * (TO) [042:043] # RUSH\n- * AID [070]\n",
         [("rush", "", "---")], [("* (to)", "042"), ("* aid", "070")]),
        ("--- GO [---] ---\nGO {GOES WENT GONE}\n- * (BEFORE COURT) [:173]\n- * AID [070]\n",
         [("go", "", "---")], [("* aid", "070")]),
        ("--- SAY [010] ---\nSAY\n- * (FOR HELP) [020]\n",
         [("say", "", "---")], [("* (for help)", "020")]),
        ("--- ADD [---] ---\nADD ; shan 9/27/93\n- * (TO LIST) $ [1602]\n",
         [("add", "", "---")], [("* (to list)", "160")]),
        ("--- SET [---] ---\nSET\n- * OFF &MONEY [183]\n- * {A/B C} [183]\n",
         [("set", "", "---")], [("* off &money", "183")]),
        ("--- CALL [---] ---\nCALL\n~ a (a b Q) SAY = a b Q\n",
         [], []),
        ("--- HURT [---] ---\n+KIDNAPPED_AND_KILLED\nWIRE_+TAP\nHURT [183]\n",
         [("hurt", "", "183")], []),
    ],
    ids=["block code", "multi-word verb and class", "paired code", "target-only code dropped",
         "CAMEO 01 is no event", "comment, actor marker, parent code", "particle, '/' dropped",
         "transformation dropped", "coordinated and pre-compound verbs dropped"],
)  # fmt: skip
def test_converter(body: str, verbs: list[tuple[str, str, str]],
                   patterns: list[tuple[str, str]]) -> None:  # fmt: skip
    converted = converter.convert(HEAD + body, ONTOLOGY)
    assert [(v[0], v[1], v[2]) for v in converted.verbs] == verbs
    assert [(p[1], p[2]) for p in converted.patterns] == patterns
    assert ("money", "cash") in converted.classes


def test_converter_counts_what_it_drops() -> None:
    text = HEAD + "--- GO [---] ---\nGO\n- * (BEFORE COURT) [:173]\n- * {A B} {C D} [183]\n"
    counts = converter.convert(text, ONTOLOGY).counts
    assert counts["dropped: code for the target's side only [:X]"] == 1
    assert sum(n for reason, n in counts.items() if "parse cannot use" in reason) == 1


@pytest.mark.parametrize(
    ("body", "line", "what"),
    [
        ("--- ASK [020] ---\nASK\n- * AID\n", 8, "malformed pattern line"),
        ("--- ASK [020 ---\nASK\n", 6, "malformed block header"),
        ("--- ASK [020] ---\nASK {ASKS\n", 7, "malformed verb line"),
        ("--- ASK [020] ---\nASK [02x]\n", 7, "not a CAMEO code"),
        ("--- ASK [020] ---\nASK\n- * AID [0x0]\n", 8, "not a CAMEO code"),
        ("ASK\n--- ASK [020] ---\n", 6, "before the first block header"),
    ],
)
def test_converter_names_the_malformed_line(body: str, line: int, what: str) -> None:
    with pytest.raises(converter.FormatError, match=rf"line {line}: .*{what}"):
        converter.convert(HEAD + body, ONTOLOGY)


# -- the pattern grammar -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "subject", "particles", "obj", "preps"),
    [
        ("* aid", None, (), ("aid",), ()),
        ("&military * exercises", ("&military",), (), ("exercises",), ()),
        ("* {financial aid}", None, (), ("financial", "aid"), ()),
        ("* arms embargo", None, (), ("arms", "embargo"), ()),
        ("* off (for)", None, ("off",), None, (("for", None),)),
        ("* police (to border)", None, (), ("police",), (("to", ("border",)),)),
        ("* (for {financial aid})", None, (), None, (("for", ("financial", "aid")),)),
        ("* sanctions against", None, (), ("sanctions",), (("against", None),)),
        ("* (on state) (of alert)", None, (), None, (("on", ("state",)), ("of", ("alert",)))),
        ("* minister out", None, ("out",), ("minister",), ()),
    ],
)
def test_parse_pattern(text: str, subject: tuple[str, ...] | None, particles: tuple[str, ...],
                       obj: tuple[str, ...] | None,
                       preps: tuple[tuple[str, tuple[str, ...] | None], ...]) -> None:  # fmt: skip
    pattern = parse_pattern(text)
    assert pattern.subject == (Noun(subject) if subject else None)
    assert pattern.particles == particles
    assert pattern.obj == (Noun(obj) if obj else None)
    assert pattern.preps == tuple(PrepPhrase(p, Noun(n) if n else None) for p, n in preps)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("aid", "exactly one"),
        ("* * aid", "exactly one"),
        ("* (aid", "without"),
        ("* {peace talks} {green light}", "two object nouns"),
        ("* (&money)", "must start with its preposition"),
        ("delivery (of food) *", "before the verb"),
        ("* to/for aid", "not a word"),
    ],
)
def test_malformed_patterns(text: str, why: str) -> None:
    with pytest.raises(PatternError, match=why):
        parse_pattern(text)


# -- the matcher on sentences --------------------------------------------------------------------

# sentence, verb word, lemma (the coder repairs "staged" -> "stag"), expected code (None: no
# reading, "---": a pattern that says "no event")
SHIPPED = [
    # the verb's own code (lemma only)
    ("The president denounced the attack.", "denounced", "denounce", "111"),
    ("Lebanon complained to the United Nations.", "complained", "complain", "114"),
    ("The rebels abducted two aid workers.", "abducted", "abduct", "181"),
    ("Pakistan deported the refugees.", "deported", "deport", "174"),
    ("The navy blockaded the port.", "blockaded", "blockade", "170"),
    ("The soldiers looted the village.", "looted", "loot", "145"),
    ("The rebels hijacked a plane.", "hijacked", "hijack", "171"),
    ("The court sentenced the journalist to death.", "sentenced", "sentence", "172"),
    # the object's head noun
    ("Russia rushed humanitarian aid to Syria.", "rushed", "rush", "070"),
    ("Egypt reopened talks with Ethiopia.", "reopened", "reopen", "046"),
    ("Police detained five activists.", "detained", "detain", "173"),
    ("The militants seized the town.", "seized", "seize", "181"),
    ("The government expelled the diplomats.", "expelled", "expel", "161"),
    ("The guerrillas ambushed a convoy.", "ambushed", "ambush", "190"),
    ("The country boycotted the summit.", "boycotted", "boycott", "125"),
    ("The leader pardoned the prisoners.", "pardoned", "pardon", "0841"),
    ("Germany donated vaccines to Ghana.", "donated", "donate", "073"),
    ("The army took the capital.", "took", "take", "192"),
    ("Rebels staged a demonstration in the capital.", "staged", "stage", "141"),
    ("Cuba granted asylum to the defectors.", "granted", "grant", "075"),
    ("The two sides signed a ceasefire.", "signed", "sign", "0871"),
    # an object noun class (&MILITARY, &WEAPON, ...)
    ("Armenia mobilized its reserves.", "mobilized", "mobilize", "154"),
    ("The ministry froze the assets of the company.", "froze", "freeze", "163"),
    # a preposition alone, and a preposition with its object
    ("The minister rushed to Paris.", "rushed", "rush", "042"),
    ("The troops remained on alert.", "remained", "remain", "150"),
    ("Iran asked the United Nations for help.", "asked", "ask", "020"),
    ("Iran asked the United Nations for financial aid.", "asked", "ask", "0231"),
    # particles and multi-word verbs
    ("The rebels set off explosives in the city.", "set", "set", "183"),
    ("The government called off the talks.", "called", "call", "160"),
    ("The general put the police on alert.", "put", "put", "151"),
    # verbs added to PETRARCH's blocks by the corrections (SEND, BOOST)
    ("Japan handed over medical aid to Nepal.", "handed", "hand", "073"),
    ("The army handed control of the base over to the police.", "handed", "hand", "080"),
    ("The government ramped up pressure on the rebels.", "ramped", "ramp", "100"),
    # phrases ({...}) and the most specific pattern
    ("The army launched an air raid against the rebels.", "launched", "launch", "195"),
    ("Protesters set fire to the embassy.", "set", "set", "180"),
    ("Germany extended an invitation to the president.", "extended", "extend", "028"),
    # a subject pattern
    ("The talks collapsed.", "collapsed", "collapse", "164"),
    # no event: a block without a code, and a verb PETRARCH does not know
    ("Japan extended the deadline.", "extended", "extend", NO_EVENT),
    ("The president slammed the door.", "slammed", "slam", NO_EVENT),
    ("Israel bulldozed the homes.", "bulldozed", "bulldoze", None),
]


@pytest.mark.parametrize(("sentence", "word", "lemma", "code"), SHIPPED,
                         ids=[c[0][:40] for c in SHIPPED])  # fmt: skip
def test_shipped_matcher(nlp, sentence: str, word: str, lemma: str, code: str | None) -> None:  # type: ignore[no-untyped-def]
    verb = next(t for t in nlp(sentence) if t.text == word)
    found = load_verb_dictionary().match(verb, lemma)
    assert (found.code if found else None) == code


def _rows(text: str, path: str) -> list[Row]:
    lines = [line.split("\t") for line in text.splitlines()]
    header, body = lines[0], lines[1:]
    return [Row(values=dict(zip(header, cells, strict=True)), path=path, line=number)
            for number, cells in enumerate(body, start=2)]  # fmt: skip


def _small(patterns: str, verbs: str = "") -> VerbDictionary:
    return build_dictionary(
        _rows("verb\twords\tcode\tblock\n" + verbs, "verbs.tsv"),
        _rows("block\tpattern\tcode\n" + patterns, "patterns.tsv"),
        _rows("class\tphrase\ngear\tarmoured vehicle\ngear\ttank\nsupply\taid", "classes.tsv"),
    )


SMALL_VERBS = "send\t\t042\tSEND\nsend\tback\t---\tSEND\nsend\tin\t---\tSEND\n"
SMALL_PATTERNS = (
    "SEND\t* &gear\t0332\n"
    "SEND\t* {armoured vehicle} (to)\t0332\n"
    "SEND\t* troops\t---\n"
    "SEND\t* troops (to border)\t154\n"
    "SEND\t* (to)\t042\n"
    "SEND\t* aid\t070\n"
    "SEND\t* &supply\t073\n"
    "SEND\tpolice * (to)\t173\n"
)
SMALL = [
    ("Russia sent a delegation.", None, "042", 0),  # the verb's own code
    ("Russia sent aid.", None, "070", 2),  # equal specificity: the first pattern wins
    ("Russia sent tanks.", None, "0332", 2),  # a noun class
    ("Russia sent armoured vehicles to Syria.", None, "0332", 5),  # a phrase beats its head
    ("Russia sent troops.", None, NO_EVENT, 2),  # a pattern may say "no event"
    ("Russia sent troops to the border.", None, "154", 5),  # preposition with its object
    ("Russia sent a letter to Syria.", None, "042", 1),  # a bare preposition
    ("The police sent the men to jail.", None, "173", 3),  # a subject noun
    ("Russia sent the envoy back.", "back", NO_EVENT, 1),  # a multi-word verb's particle
    ("Russia sent in troops.", "in", NO_EVENT, 1),  # "send in": the multi-word verb's code
]


@pytest.mark.parametrize(("sentence", "particle", "code", "specificity"), SMALL,
                         ids=[c[0] for c in SMALL])  # fmt: skip
def test_specificity(nlp, sentence: str, particle: str | None, code: str, specificity: int) -> None:  # type: ignore[no-untyped-def]
    dictionary = _small(SMALL_PATTERNS, SMALL_VERBS)
    verb = next(t for t in nlp(sentence) if t.lemma_ == "send")
    found = dictionary.match(verb, "send")
    assert found is not None
    assert (found.code, found.specificity) == (code, specificity)
    if particle is not None:
        assert particle in [t.text for t in found.tokens]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("petrarch_patterns.tsv", "SEND\t* aid\t999", r"patterns.tsv:2: CAMEO code '999'"),
        ("petrarch_patterns.tsv", "SEND\t* aid\t010", r"patterns.tsv:2: .*no PLOVER type"),
        ("petrarch_patterns.tsv", "SEND\t* aid\t7", r"patterns.tsv:2: column 'code'"),
        ("petrarch_patterns.tsv", "SEND\t* (aid\t070", r"patterns.tsv:2: pattern '\* \(aid'"),
        ("petrarch_patterns.tsv", "SEND\t* &nothing\t070", r"patterns.tsv:2: .*unknown noun class"),
        ("petrarch_patterns.tsv", "SEND\t* aid", r"patterns.tsv:2: 2 tab-separated fields"),
        ("petrarch_verbs.tsv", "send now\t\t070\tSEND", r"verbs.tsv:2: verb"),
        ("petrarch_classes.tsv", "gear\tF/A-18", r"classes.tsv:2: class phrase"),
    ],
)
def test_bad_user_rows_name_file_and_line(tmp_path: Path, name: str, text: str,
                                          message: str) -> None:  # fmt: skip
    header = {"petrarch_patterns.tsv": "block\tpattern\tcode",
              "petrarch_verbs.tsv": "verb\twords\tcode\tblock",
              "petrarch_classes.tsv": "class\tphrase"}[name]  # fmt: skip
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / name).write_text(f"{header}\n{text}\n", "utf-8")
    with pytest.raises(ConfigError, match=message):
        load_verb_dictionary(tmp_path)


def test_user_rows_extend_and_replace(tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    events = tmp_path / "events"
    events.mkdir()
    (events / "petrarch_verbs.tsv").write_text(
        "verb\twords\tcode\tblock\nbulldoze\t\t---\tDEMOLISH\n", "utf-8"
    )
    (events / "petrarch_patterns.tsv").write_text(
        "block\tpattern\tcode\nDEMOLISH\t* home\t1712\nOVERSEE_MANAGE\t* mission\t036\n", "utf-8"
    )
    dictionary = load_verb_dictionary(tmp_path)
    doc = nlp("Israel bulldozed the homes.")
    found = dictionary.match(doc[1], "bulldoze")
    assert found is not None and found.code == "1712"
    assert found.origin.endswith("events/petrarch_patterns.tsv:2")
    # the user's row replaces the shipped correction of the same block and pattern
    doc = nlp("The general led a mission.")
    led = dictionary.match(doc[2], "lead")
    assert led is not None and led.code == "036"
    shipped = load_verb_dictionary().match(doc[2], "lead")
    assert shipped is not None and shipped.code == NO_EVENT


# particles wherever the parse attaches them: far after a long object, labelled a preposition or
# an adverb, or hung on the object (invented sentences); (sentence, verb, particle or None)
PARTICLE_PLACES = [
    ("Russia sent the envoy back.", "sent", "back"),  # prt next to the object
    ("Russia sent the envoy, his deputy and their staff back.", "sent", "back"),  # far away
    ("Rebels pulled their fighters out of the town.", "pulled", "out"),  # "out of": a prep
    ("The army pushed the rebels back.", "pushed", "back"),  # an adverb
    ("Israel shut the border crossing down.", "shut", "down"),  # hung on the object
    # a preposition with an object of its own is no particle
    ("The convoy drove up the mountain road.", "drove", None),
    ("The minister came out of the meeting.", "came", "out"),
]


@pytest.mark.parametrize(("sentence", "word", "particle"), PARTICLE_PLACES,
                         ids=[c[0][:40] for c in PARTICLE_PLACES])  # fmt: skip
def test_verb_particles(nlp, sentence: str, word: str, particle: str | None) -> None:  # type: ignore[no-untyped-def]
    verb = next(t for t in nlp(sentence) if t.text == word)
    assert [t.lower_ for t in verb_particles(verb)] == ([particle] if particle else [])


# the shipped data through far particles: (sentence, verb word, lemma, code)
FAR_PARTICLES = [
    ("Uganda kicked the aid agency and its foreign staff out of the country.", "kicked", "kick",
     "174"),
    ("The regime forced the opposition leader and his family out.", "forced", "force", "174"),
]


@pytest.mark.parametrize(("sentence", "word", "lemma", "code"), FAR_PARTICLES,
                         ids=[c[0][:40] for c in FAR_PARTICLES])  # fmt: skip
def test_far_particles(nlp, sentence: str, word: str, lemma: str, code: str) -> None:  # type: ignore[no-untyped-def]
    verb = next(t for t in nlp(sentence) if t.text == word)
    found = load_verb_dictionary().match(verb, lemma)
    assert found is not None and found.code == code


# -- the precedence rule, through the coder ------------------------------------------------------

PRECEDENCE = [
    # verbs.yaml has the lemma: its entry alone decides (PETRARCH's BLAME block is not asked) ...
    ("Iran accused the United States of spying.", "112"),
    ("Poland ratified the treaty with Lithuania.", "057"),  # PETRARCH's ALLOW block: 031
    # ... even where the entry yields nothing (PETRARCH would read "signed a decree" as 100)
    ("The Polish president signed a decree.", None),
    # a reporting verb that reports a clause is read by the reporting rule only ...
    ("Russia said the talks were useful.", None),
    # ... one with an object noun by a PETRARCH pattern on that noun, never by its bare code
    ("The Dutch minister stressed the urgency of a European defence.", "020"),
    # a lemma the hand-written data lacks: PETRARCH fills it
    ("Egypt reopened talks with Ethiopia.", "046"),
    ("Sudan pardoned 50 prisoners.", "0841"),
    # the bare verb code needs a target actor; a pattern reading does not
    ("Rebels looted the Egyptian embassy.", "145"),
    ("Rebels looted the village.", None),
    # negated long-tail readings are dropped
    ("Egypt did not reopen talks with Ethiopia.", None),
    ("Sudan did not pardon the prisoners.", None),
    # background clauses are not read by the long tail
    ("Sudan, which pardoned 50 prisoners, met Egypt.", "040"),
]


@pytest.mark.parametrize(("sentence", "code"), PRECEDENCE, ids=[c[0][:40] for c in PRECEDENCE])
def test_precedence(pipeline, sentence: str, code: str | None) -> None:  # type: ignore[no-untyped-def]
    doc = pipeline.nlp(sentence)
    codes = [c.cameo for c in EventCoder().code(doc)]
    assert (codes[0] if codes else None) == code, codes
