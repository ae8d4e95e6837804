"""Which language an article is written in: a small offline detector by script and letters.

communique reads two languages, English (the default model) and Russian (nlp/russian.py), so
the question an article must answer is which front end reads it. The letters answer it: a text
whose letters are mostly Cyrillic is Russian unless it uses the letters that Russian lacks and
its neighbours have (Ukrainian і ї є ґ, Belarusian ў, Serbian/Macedonian ј љ њ ћ џ ѓ ќ ѕ,
Kazakh ә ғ қ ң ө ұ ү һ); such a text gets that language's code and, having no front end of
its own, is read by the default model like every other language. A text that states its
language (a JSONL ``language`` key, the API's ``language`` field) is taken at its word.
"""

from __future__ import annotations

from collections import Counter

#: Share of Cyrillic letters among all letters above which a text is in a Cyrillic language.
#: English wire stories quote Russian names in Latin letters (0% Cyrillic) and a Russian release
#: quotes Latin names, brand names and URLs (the five dev releases: 93-99% Cyrillic); one half
#: leaves wide room on both sides.
CYRILLIC_SHARE = 0.5
#: Letters read: the first ones are enough to decide, and a long article costs no more.
SAMPLE_CHARS = 5000
#: A neighbour language's own letters per 1,000 Cyrillic letters above which the text is in
#: that language rather than Russian (Ukrainian "і" alone is about 6% of Ukrainian letters; a
#: Russian text quoting one Ukrainian or Kazakh name stays well under 1 per 1,000).
OWN_LETTERS_PER_MILLE = 5.0
#: The letters that mark a Cyrillic language other than Russian.
OWN_LETTERS = {
    "uk": "іїєґ",
    "be": "ў",
    "sr": "јљњћџ",
    "mk": "ѓќѕ",
    "kk": "әғқңөұүһ",
}
DEFAULT_LANGUAGE = "en"
RUSSIAN = "ru"


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff" or "\u0500" <= ch <= "\u052f"


def detect_language(text: str) -> str:
    """The ISO 639-1 code of `text`'s language: "ru", another Cyrillic language, or "en"."""
    sample = text[:SAMPLE_CHARS]
    letters = [ch for ch in sample.lower() if ch.isalpha()]
    if not letters:
        return DEFAULT_LANGUAGE
    cyrillic = [ch for ch in letters if _is_cyrillic(ch)]
    if len(cyrillic) <= CYRILLIC_SHARE * len(letters):
        return DEFAULT_LANGUAGE
    counts = Counter(cyrillic)
    best, best_rate = RUSSIAN, OWN_LETTERS_PER_MILLE
    for language, own in OWN_LETTERS.items():
        rate = 1000 * sum(counts[ch] for ch in own) / len(cyrillic)
        if rate > best_rate:
            best, best_rate = language, rate
    return best
