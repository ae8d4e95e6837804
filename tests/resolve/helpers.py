"""Build EventCandidates by hand from a parsed Doc (the event coder is tested elsewhere)."""

from __future__ import annotations

from typing import Any

from communique.models import EventCandidate, Modality, Tense, TextSpan


def candidate(doc: Any, trigger: str, *, after: str = "", tense: Tense = "past") -> EventCandidate:
    """A candidate whose trigger is the first `trigger` in the text after the string `after`."""
    text = doc.text
    begin = text.index(after) + len(after) if after else 0
    start = text.index(trigger, begin)
    end = start + len(trigger)
    sentences = list(doc.sents)
    index = next(i for i, s in enumerate(sentences) if s.start_char <= start < s.end_char)
    sentence = sentences[index]
    return EventCandidate(
        sentence=index,
        cameo="040",
        modality=Modality(tense=tense),
        trigger=TextSpan(text=trigger, span=(start, end)),
        evidence=TextSpan(text=sentence.text, span=(sentence.start_char, sentence.end_char)),
        confidence=0.5,
    )
