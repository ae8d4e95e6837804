"""Table tests of how mentions fill an event's source and target: pronoun agreement, targets
named beside the object or in a purpose clause, and the object's owner on the source's side."""

from __future__ import annotations

import pytest
from spacy.language import Language

from communique.ontology import cameo_entry

# text, a word of the trigger, expected (cameo or PLOVER type, source ISO3, target ISO3 or None)
CASES = [
    # "he"/"she" refer to a person, "it" to a state, an organisation or a group
    ("U.N. envoy Ana Duarte said on Friday that the agreements between the Syrian authorities "
     "and the Kurds are a positive sign. She urged Syria to hold elections.",
     "urged", ("REQUEST", "IGO", "SYR")),
    ("Portugal closed its border on Monday. It urged Spain to reopen talks.", "urged",
     ("REQUEST", "PRT", "ESP")),
    # a preposition on any conjunct of the object names the target
    ("Nigerian soldiers fired rubber bullets and tear gas at Ghanaian traders.", "fired",
     ("ASSAULT", "NGA", "GHA")),
    # a protest or a use of force is aimed at what its purpose clause acts on
    ("Egyptian police opened fire to disperse Islamist demonstrators on Monday.", "opened",
     ("ASSAULT", "EGY", "EGY")),
    ("Kenyan students staged demonstrations to demand reforms from the Kenyan government.",
     "staged", ("PROTEST", "KEN", "KEN")),
    # an object that names the source itself is no target: the cascade goes on
    ("Eritrea has agreed to reopen its borders to UN peacekeepers.", "agreed",
     ("AGREE", "ERI", "IGO")),
    # a material act done in a place, named on the object's of-phrase or the complement's
    # object, is done to that place's state
    ("Hamas threatened to resume attacks in Israel.", "threatened", ("THREATEN", "PSE", "ISR")),
    ("The opposition of Georgia agreed to postpone the rally in Tbilisi.", "agreed",
     ("AGREE", "GEO", "GEO")),
    ("Chad lifted a state of emergency in Mali.", "lifted", ("CONCEDE", "TCD", "MLI")),
    # without an object, the thing a to/on phrase names stands in for it: whose it is
    ("Jordan agreed to Egyptian mediation in the dispute.", "agreed", ("AGREE", "JOR", "EGY")),
    ("Jordan agreed to a ceasefire.", "agreed", ("AGREE", "JOR", None)),
    # the object's owner on the source's own side is not the target: its to/for phrase is
    ("Chile expressed the Chilean government's support for Peru.", "expressed",
     ("AGREE", "CHL", "PER")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "trigger", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_arguments(
    nlp: Language, text: str, trigger: str, expected: tuple[str, str, str | None]
) -> None:
    code_or_type, source, target = expected
    readings = [
        (e.cameo, cameo_entry(e.cameo).plover, e.source.code if e.source else None,
         e.target.code if e.target else None, e.trigger.text)
        for e in nlp(text)._.event_candidates
    ]  # fmt: skip
    assert any(
        code_or_type in (cameo, plover) and trig.startswith(trigger)
        and (src or "")[:3] == source and ((tgt or "")[:3] or None) == target
        for cameo, plover, src, tgt, trig in readings
    ), readings


# text, trigger word: a pronoun that does not agree with the only earlier subject names no one
NO_SOURCE = [
    ("Foreign Minister Mauro Vieira thanked Argentina for its help. It urged Chile to join.",
     "urged"),
    ("Brazil thanked Argentina for its help. He urged Chile to join.", "urged"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "trigger"), NO_SOURCE, ids=[c[0][:40] for c in NO_SOURCE])
def test_pronoun_that_does_not_agree(nlp: Language, text: str, trigger: str) -> None:
    events = [e for e in nlp(text)._.event_candidates if e.trigger.text.startswith(trigger)]
    assert all(e.source is None or e.source.country in (None, "ARG") for e in events), events
