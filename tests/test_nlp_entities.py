"""entity_at finds the entity of doc.ents holding a token, from IOB tags (no scan of doc.ents)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from spacy.tokens import Doc
from spacy.vocab import Vocab

from communique.nlp.entities import entity_at


@given(st.lists(st.sampled_from(["B-GPE", "I-GPE", "B-PERSON", "I-PERSON", "O"]),
                min_size=1, max_size=30))
def test_entity_at_is_the_entity_of_doc_ents(tags: list[str]) -> None:
    # an I- tag needs an entity before it (spaCy refuses "O I-X")
    tags = [t if not t.startswith("I") or (i and tags[i - 1] != "O") else "B" + t[1:]
            for i, t in enumerate(tags)]
    doc = Doc(Vocab(), words=[f"w{i}" for i in range(len(tags))], ents=tags)
    for i in range(len(doc)):
        expected = next((e for e in doc.ents if e.start <= i < e.end), None)
        found = entity_at(doc, i)
        assert (found and (found.start, found.end, found.label_)) == (
            expected and (expected.start, expected.end, expected.label_)
        )
