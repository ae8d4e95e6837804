"""Russian date phrases, read by the English date grammar through a word table.

``data/date_words.ru.yaml`` says which English grammar word each Russian form stands for
("октября" -> october, "прошлом" -> last, "назад" -> ago). `to_grammar` rewrites a normalised
Russian phrase word by word ("в ноябре 2021 года" -> "in november 2021", "за 2005-2021 годы" ->
"during 2005-2021", "30 лет назад" -> "30 years ago"), so Russian dates get the same readings,
granularities, kinds and reasons as English ones, relative to the publication date.

Why not dateparser's Russian (``languages=['ru']``): it reads "в прошлом году" as the
publication day minus one year (a day, not the year 2021), "за 2005-2021 годы", "в ноябре
2021 года" and "в январе-августе 2022 года" as None, and "30 лет назад" as a day thirty years
back (dateparser 1.5, checked in tests/resolve/test_dates_ru.py); ranges, quarters and year
words need our grammar anyway.

`date_spans` finds the date phrases of a Russian text for the DATE recogniser
(``resolve/ru_entities.py``): maximal runs of table words and numbers that the resolver places.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from communique.datafiles import read_yaml
from communique.errors import ConfigError

DATA_FILE = "date_words.ru.yaml"

#: Cyrillic letters: a phrase with any of them is read through the Russian table.
CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")

_TOKEN = re.compile(r"[а-яё]+\.?|[^\sа-яё]+")
_TARGET = re.compile(r"[a-z' -]*")
#: "2021 года", "2005-2021 годы", "2021 г.", "1990-е годы": the year word after a year or a
#: decade is no unit.
_YEAR_WORD = re.compile(r"(?<=\d{4}) years?\b(?! ago)|(?<=\d0s) years?\b")
#: "с 1 по 5 октября", "с января до августа": a "since" closed by "to"/"until" is a range.
_SINCE_TO = re.compile(r"^(.*?)\bsince\b(.*?)\b(?:to|until)\b")


@dataclass(frozen=True)
class RussianWords:
    """The table of data/date_words.ru.yaml."""

    phrases: tuple[tuple[str, str], ...]
    """Multi-word expressions, longest first."""
    words: dict[str, str]
    abbreviations: frozenset[str] = frozenset()
    """Forms whose full stop belongs to them ("г.", "окт.")."""


@lru_cache(maxsize=1)
def russian_words() -> RussianWords:
    """Load the Russian date table once per process (shipped file + the user's overlay)."""
    return load_russian_words()


def load_russian_words(data_dir: Path | None = None) -> RussianWords:
    """Read and check data/date_words.ru.yaml; a bad entry is a ConfigError naming it."""
    raw = read_yaml("resolve", DATA_FILE, data_dir=data_dir)
    where = f"resolve/data/{DATA_FILE} (or its overlay in COMMUNIQUE_DATA_DIR)"
    tables: dict[str, dict[str, str]] = {}
    for section in ("phrases", "words"):
        entries = raw.get(section)
        if not isinstance(entries, dict):
            raise ConfigError(
                f"{where}: '{section}' must be a mapping of Russian forms to English words",
                hint="compare it with the shipped file",
            )
        table: dict[str, str] = {}
        for key, value in entries.items():
            form, target = str(key).strip(), "" if value is None else str(value)
            if not CYRILLIC.search(form) or form != form.lower():
                raise ConfigError(
                    f"{where}: {section} entry {form!r} is not a lower-case Russian form",
                    hint="write the form as it appears in text, in lower case",
                )
            if not _TARGET.fullmatch(target):
                raise ConfigError(
                    f"{where}: {section} entry {form!r} maps to {target!r}, not English "
                    "grammar words",
                    hint="map it to words of resolve/data/date_words.yaml (or to \"\")",
                )
            table[form.replace("ё", "е")] = target
        tables[section] = table
    phrases = tuple(sorted(tables["phrases"].items(), key=lambda kv: len(kv[0]), reverse=True))
    abbreviations = raw.get("abbreviations") or []
    unknown = [a for a in abbreviations if str(a) not in tables["words"]]
    if not isinstance(abbreviations, list) or unknown:
        raise ConfigError(
            f"{where}: 'abbreviations' must list forms of 'words' (unknown: {unknown})",
            hint="add the form to 'words' first",
        )
    return RussianWords(
        phrases=phrases, words=tables["words"], abbreviations=frozenset(map(str, abbreviations))
    )


#: A numeric date written with dots and a four-digit year: "17.10.2022", "5.2.2021". Dotted
#: numeric dates are day.month.year, the order of Russian (and continental European) writing;
#: US writing puts the month first but with slashes ("10/17/2022"), which this never reads.
#: A two-digit year ("17.10.22") is left out: it could be a version or a score.
NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.]\d)")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")


def day_first_numeric(text: str) -> str:
    """Dotted numeric dates in words: "17.10.2022" -> "17 october 2022"; an impossible day or
    month ("32.13.2022") is kept as written, so the resolver refuses it."""

    def words(match: re.Match[str]) -> str:
        day, month, year = (int(g) for g in match.groups())
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return match.group(0)
        return f"{day} {_MONTHS[month - 1]} {year}"

    return NUMERIC_DATE.sub(words, text)


#: "1990-е", "1990-х годах": a decade ("the 1990s").
_DECADE = re.compile(r"\b(\d{3}0)-(?:е|х|ые|ых)\b")


def to_grammar(text: str) -> str:
    """A lower-cased Russian date phrase in the English grammar's words.

    Words the table does not know are kept as they are, so the resolver refuses the phrase
    (it names no time it can read) instead of guessing.
    """
    table = russian_words()
    text = text.replace("ё", "е")
    text = _DECADE.sub(r"\1s", text)
    for phrase, target in table.phrases:
        text = re.sub(rf"(?<![а-я]){re.escape(phrase)}(?![а-я])", f" {target} ", text)
    out: list[str] = []
    for token in _TOKEN.findall(text):
        if token[0] in "абвгдежзийклмнопрстуфхцчшщъыьэюя":
            bare = token.rstrip(".")
            out.append(table.words.get(bare, bare))
        else:
            out.append(token)
    result = " ".join(w for w in out if w)
    result = re.sub(r" ?- ?", "-", result)
    result = re.sub(r"\( ", "(", re.sub(r" \)", ")", result))
    result = _YEAR_WORD.sub("", result)
    result = _SINCE_TO.sub(r"\1from\2to", result)
    return re.sub(r"\s+", " ", result).strip()


# --- the recogniser's scanner ------------------------------------------------------------------

#: Longest run of date words read as one phrase ("в первом квартале 2022 года" is 5 words;
#: "с 1 по 5 октября 2022 года" 7): longer runs are two phrases or not dates.
MAX_RUN_WORDS = 9

_WORDS_AND_NUMBERS = re.compile(
    NUMERIC_DATE.pattern + r"|\d{3}0-(?:е|х|ые|ых)\b|[а-яёА-ЯЁ]+\.?"
    r"|\d{1,4}(?:\s*[-–—]\s*\d{1,4})?|[-–—]"
)


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    table = russian_words()
    words = set(table.words)
    for phrase, _ in table.phrases:
        words.update(phrase.split())
    return frozenset(words)


@lru_cache(maxsize=1)
def _edge_words() -> frozenset[str]:
    """Words a phrase may not end with: prepositions, conjunctions, approximators."""
    table = russian_words()
    openers = {"in", "on", "during", "since", "to", "until", "by", "after", "before", "about",
               "approximately", "nearly", "more than", "between", "and", "over"}
    return frozenset(form for form, target in table.words.items() if target in openers)


#: What a word that only qualifies a time translates to: alone ("следующей", "этом", "второй")
#: it names no time, and the resolver need not try (the English grammar passes a lone "next" on
#: to dateparser, whose first call loads its locale data: ~1.8 s).
MODIFIER_TARGETS = frozenset({"last", "this", "next", "first", "second", "third", "fourth"})


@lru_cache(maxsize=1)
def _modifier_words() -> frozenset[str]:
    table = russian_words()
    return frozenset(form for form, target in table.words.items() if target in MODIFIER_TARGETS)


def _runs(text: str) -> list[list[re.Match[str]]]:
    vocabulary = _vocabulary()
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    last_end = -1
    for m in _WORDS_AND_NUMBERS.finditer(text):
        token = m.group(0)
        known = (
            token[0].isdigit()
            or token in "-–—"
            or token.lower().rstrip(".").replace("ё", "е") in vocabulary
        )
        joined = last_end >= 0 and not text[last_end : m.start()].strip()
        if known and (joined or not current):
            current.append(m)
        else:
            if current:
                runs.append(current)
            current = [m] if known else []
        if token.endswith(".") and not _is_abbreviation(token) and current:
            runs.append(current)  # a full stop ends the phrase ("... 2021 года. С 1 по 5 ...")
            current = []
        last_end = m.end()
    if current:
        runs.append(current)
    return runs


def date_spans(text: str, readable: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Character spans of the Russian date phrases of ``text``.

    A phrase is a run of table words and numbers (trimmed of prepositions at its end) that
    names a time the resolver can read: ``readable(phrase)`` says so (the recogniser passes the
    resolver); a run it refuses ("около 70", "2 года", "в") is no date.
    """
    edges = _edge_words()
    modifiers = _modifier_words()
    spans: list[tuple[int, int]] = []
    for run in _runs(text):
        run = run[:MAX_RUN_WORDS]
        while run and (
            run[-1].group(0).lower().rstrip(".") in edges or run[-1].group(0) in "-–—"
        ):
            run = run[:-1]
        words = [m.group(0).lower().rstrip(".") for m in run if CYRILLIC.search(m.group(0))]
        numeric = any(NUMERIC_DATE.fullmatch(m.group(0)) for m in run)
        if not numeric and not any(w not in edges for w in words):
            continue  # only prepositions and numbers ("к 300-летию", "до 10"): no date
        if not any(w not in edges and w not in modifiers for w in words) and not any(
            m.group(0)[0].isdigit() for m in run
        ):
            continue  # only qualifiers ("на следующей неделе" has its noun): no date
        start, end = run[0].start(), run[-1].end()
        if text[end - 1 : end] == "." and not _is_abbreviation(run[-1].group(0)):
            end -= 1
        if readable(text[start:end]):
            spans.append((start, end))
    return spans


def _is_abbreviation(token: str) -> bool:
    """ "г.", "окт.": a table abbreviation keeps its dot; a sentence's full stop does not."""
    return token.rstrip(".").lower() in russian_words().abbreviations
