"""spaCy component `communique_ru_dates`: DATE entities for Russian text.

The situator (resolve/situate.py) and the fact finders (facts/context.py) date events, figures
and agreements from spaCy's DATE entities. Natasha's NER, behind the Russian front end, names
people, places and organisations (PER, LOC, ORG) but no dates, so this component adds them:
a maximal run of words of ``resolve/data/date_words.ru.yaml`` and numbers that the date resolver
can place ("17 октября", "в ноябре 2021 года", "за 2005-2021 годы", "в прошлом году",
"30 лет назад") becomes a DATE entity, its opening preposition included, so "с 2005 года"
(since) and "до 2030 года" (a bound) keep their meaning. A run the resolver refuses as naming no
time ("около 70", "2 года", a lone "в") is left alone.

Existing entities win: a date span that overlaps one is dropped. The date of an agency dateline
at the start of a paragraph ("ОШ, 3 марта (Кабар) –", left in the text when a JSONL record
repeats its date line, title and dateline) is the day the report was filed, not the date of
what the sentence tells: it is no DATE entity. Requires nothing but the text
(a Doc from ``spacy.blank("ru")`` works); assigns ``doc.ents``. The Russian front end runs it
after its NER, before communique's actor and event components.

MONEY, CARDINAL and PERCENT are not added: the facts stage reads amounts off the text with its
own parser (facts/numbers.py), not off spaCy labels.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from communique.ingest.layout import find_dateline
from communique.resolve.dates import DateResolver, names_no_time
from communique.resolve.russian import date_spans

#: A reference day for telling date phrases from other numbers: whether a phrase names a time
#: does not depend on the day (a relative phrase resolves against any day).
_PROBE_DAY = dt.date(2000, 6, 15)

_RESOLVER = DateResolver()

#: The start of the text or of a paragraph (after a blank line), where a dateline may stand.
_PARAGRAPH_START = re.compile(r"(?:^|\n[ \t]*\n)\s*")
#: Characters of a paragraph's start searched for a dateline: the longest shapes ("НИЖНИЙ
#: НОВГОРОД, 17 октября. /ТАСС/.") are under 60; the whole paragraph is never needed.
DATELINE_WINDOW = 120


def names_a_time(phrase: str) -> bool:
    """True when the resolver reads ``phrase`` as a time, or as a statement about one that it
    cannot place ("до 2030 года", "в последние годы"); False for numbers, counts, durations."""
    return not names_no_time(_RESOLVER.resolve(phrase, _PROBE_DAY))


def dateline_regions(text: str) -> list[tuple[int, int]]:
    """(start, end) of each agency dateline that opens a paragraph of ``text``."""
    regions: list[tuple[int, int]] = []
    for match in _PARAGRAPH_START.finditer(text):
        start = match.end()
        dateline = find_dateline(text[start : start + DATELINE_WINDOW])
        if dateline is not None:
            regions.append((start, start + dateline.end))
    return regions


def add_russian_dates(doc: Doc) -> Doc:
    """Add a DATE entity for each Russian date phrase of ``doc`` that no entity covers yet."""
    found: list[Span] = []
    text = doc.text
    datelines = dateline_regions(text)
    for start, end in date_spans(text, names_a_time):
        if any(a <= start < b for a, b in datelines):
            continue
        span = doc.char_span(start, end, label="DATE", alignment_mode="expand")
        if span is not None:
            found.append(span)
    if not found:
        return doc
    existing = list(doc.ents)
    taken = {i for ent in existing for i in range(ent.start, ent.end)}
    added = [s for s in filter_spans(found) if not any(i in taken for i in range(s.start, s.end))]
    doc.set_ents(sorted(existing + added, key=lambda s: s.start))
    return doc


@Language.component("communique_ru_dates", assigns=["doc.ents"])
def ru_dates_component(doc: Doc) -> Doc:
    return add_russian_dates(doc)
