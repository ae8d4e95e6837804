"""Table tests of nlp/names.py: a surname that is also a verb is read as a name."""

from __future__ import annotations

import pytest
import spacy

from communique.nlp.names import NAME_NORM, mark_surnames, surname_verbs

VERBS = frozenset({"hunt", "cook", "house", "trump", "sing"})


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # the last word of a name, and the same word alone: a surname
        ("Prime Minister Jane Hunt arrived. Hunt hosted the talks.", {"Hunt"}),
        ("President Amy Cook spoke. Cook then met the envoy.", {"Cook"}),
        # only ever after "the" when alone: an institution's name
        ("The White House said so. A spokesman for the House spoke.", set()),
        # only in a name, never alone: nothing to repair
        ("Minister Jane Hunt arrived.", set()),
        # alone but never the end of a name: an ordinary verb at the start of a sentence
        ("Hunt the rebels, he said.", set()),
        # a lower-case verb is never touched
        ("Minister Jane Hunt said they would hunt the rebels. Hunt left.", {"Hunt"}),
    ],
)
def test_surname_verbs(text: str, names: set[str]) -> None:
    doc = spacy.blank("en")(text)
    assert surname_verbs(doc, VERBS) == names


def test_marked_surnames_get_the_name_norm_and_other_words_keep_theirs() -> None:
    doc = mark_surnames(
        spacy.blank("en")("Minister Jane Hunt said they would hunt the rebels. Hunt left."),
        VERBS,
    )
    norms = {(t.text, t.norm_) for t in doc if t.lower_ == "hunt"}
    assert norms == {("Hunt", NAME_NORM), ("hunt", "hunt")}


def test_a_sentence_led_by_a_surname_verb_keeps_its_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    """The parser reads the surname as the subject, so the sentence's event survives."""
    doc = nlp("President Anna Trump spoke on Monday. Trump hosted the Chilean president in Oslo.")
    hosted = next(t for t in doc if t.lower_ == "hosted")
    assert hosted.dep_ == "ROOT" and hosted.pos_ == "VERB"


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # a surname-verb standing alone is a person, where the article names the person in full
        ("Minister Jane Hunt arrived. Hunt hosted the talks.", ["Hunt"]),
        ("President Amy Cook spoke. Cook's visit ended.", ["Cook"]),
        # inside the full name it is left to the entity recogniser
        ("Minister Jane Hunt arrived.", []),
    ],
)
def test_lone_surname_verbs_are_preset_people(text: str, people: list[str]) -> None:
    doc = mark_surnames(spacy.blank("en")(text), VERBS)
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == people


def test_the_entity_recogniser_keeps_a_preset_person(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("President Anna Trump spoke on Monday. Trump blocked the sale of the jets.")
    assert any(e.text == "Trump" and e.label_ == "PERSON" for e in doc.ents), doc.ents
