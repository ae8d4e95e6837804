"""spaCy component `communique_paragraphs`: a blank line ends a sentence.

Titles, datelines and paragraphs of agency releases and wire stories are separated by blank lines
and often end without a full stop ("Talks held in Riga\\n\\nRIGA, 3 May - The ministers ..."). The
statistical parser then joins a title to the first sentence of the body, and the event in that
sentence loses its subject. Marking the token after a blank line as a sentence start before the
parser runs keeps them apart (the parser honours preset boundaries).

Requires nothing; assigns `token.is_sent_start`. Runs before the parser.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

#: A whitespace token holding at least this many line breaks separates paragraphs.
PARAGRAPH_BREAK = 2


def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence at the first token after each blank line."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= PARAGRAPH_BREAK:
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.component("communique_paragraphs", assigns=["token.is_sent_start"])
def paragraphs_component(doc: Doc) -> Doc:
    return mark_paragraphs(doc)
