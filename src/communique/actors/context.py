"""What the actor recogniser knows about an article before it reads a word of it.

The pipeline hands each article's Doc to spaCy with ``doc.user_data`` filled from
`article_context` (the Doc is made first, so the components see it). Keys:

- ``DATELINE_COUNTRY``: the ISO3 country of the article's dateline ("MINSK, 11 July (BelTA)" ->
  BLR). The recogniser's documented last resort for a person or a bare state noun ("the
  government", "officials") that neither its sentence nor the story's own country
  (`actors.build.main_country`) places: an agency release's unnamed officials are its home
  country's.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from communique.geo import is_country
from communique.models import Article

#: ``doc.user_data`` key of the dateline's country.
DATELINE_COUNTRY = "dateline_country"


def article_context(article: Article) -> dict[str, str]:
    """The ``doc.user_data`` entries the actor recogniser reads for this article."""
    place = article.dateline
    if place is not None and is_country(place.country):
        assert place.country is not None
        return {DATELINE_COUNTRY: place.country}
    return {}


def make_article_doc(nlp: Language, article: Article) -> Doc:
    """The article's unparsed Doc with its context set (pass it to ``nlp.pipe``)."""
    doc = nlp.make_doc(article.text)
    doc.user_data.update(article_context(article))
    return doc


def dateline_country(doc: Doc) -> str | None:
    """The dateline country the pipeline set on this Doc, if any."""
    value = doc.user_data.get(DATELINE_COUNTRY)
    return value if isinstance(value, str) else None
