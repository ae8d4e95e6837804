"""Typed, validated view of the event coder's data files (verbs.yaml, nouns.yaml).

Loaded once per process; every CAMEO code in them is checked against the ontology table so that a
typo in a data file fails at load time with the entry's name, not silently at coding time.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from communique.errors import ConfigError
from communique.ontology import cameo_table


class VerbPattern(BaseModel):
    """How one verb lemma is coded (see the header of data/verbs.yaml)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lemma: str
    code: str | None = None
    objects: dict[str, str] = Field(default_factory=dict)
    subjects: dict[str, str] = Field(default_factory=dict)
    xcomp: dict[str, str] = Field(default_factory=dict)
    particles: dict[str, str] = Field(default_factory=dict)
    preps: tuple[str, ...] = ()
    preps_code: dict[str, str] = Field(default_factory=dict)
    reciprocal: bool = False
    negated: str | None = "keep"
    intent: bool = True
    requires_target: bool = False
    #: code when the direct object is itself an actor ("welcomed the minister" hosts a visit,
    #: "welcomed the decision" praises)
    actor_object: str | None = None
    #: object noun classes for which "from X" names the doer ("received aid from X": X gives)
    from_giver: tuple[str, ...] = ()
    #: code when the direct object is an international organization ("quit the alliance")
    organization_object: str | None = None
    #: {preposition: code} when that preposition's object is an international organization and
    #: no object class refined the code ("withdrew from the bloc")
    organization_preps: dict[str, str] = Field(default_factory=dict)


class NominalPattern(BaseModel):
    """An event noun ("talks", "visit", "signing") and how it finds its target."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lemma: str
    code: str
    reciprocal: bool = False
    target_preps: tuple[str, ...] = ()
    place_target: bool = False
    requires_object_class: str | None = None
    #: prepositions that introduce the required object ("signing *of*", "signatures *to*")
    object_preps: tuple[str, ...] = ("of",)
    requires_prep: bool = False
    clause_target: bool = False


class Lexicon(BaseModel):
    """Everything the coder reads from its data files."""

    model_config = ConfigDict(frozen=True)

    verbs: dict[str, VerbPattern]
    nominals: dict[str, NominalPattern]
    noun_class_of: dict[str, tuple[str, ...]]
    light_verbs: frozenset[str]
    intent_heads: frozenset[str]
    reporting_verbs: frozenset[str]
    intention_nouns: frozenset[str]
    obligation_modals: frozenset[str]
    government_nouns: frozenset[str]

    def classes_of(self, lemma: str) -> tuple[str, ...]:
        return self.noun_class_of.get(lemma.lower(), ())


def _read_yaml(name: str) -> dict[str, Any]:
    text = resources.files("communique.events").joinpath(f"data/{name}").read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ConfigError(f"events/data/{name} is not a mapping", hint="check the file's YAML")
    return data


def _check_codes(where: str, codes: list[str | None]) -> None:
    table = cameo_table()
    for code in codes:
        if code is not None and code != "keep" and code not in table:
            raise ConfigError(
                f"{where}: unknown CAMEO code {code!r}",
                hint="use a code from src/communique/ontology/data/cameo.tsv",
            )


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read and validate the data files once per process."""
    verbs_data = _read_yaml("verbs.yaml")["verbs"]
    nouns_data = _read_yaml("nouns.yaml")
    verbs: dict[str, VerbPattern] = {}
    for lemma, entry in verbs_data.items():
        pattern = VerbPattern(lemma=lemma, **(entry or {}))
        _check_codes(
            f"verbs.yaml:{lemma}",
            [pattern.code, pattern.negated, *pattern.objects.values(), *pattern.xcomp.values(),
             *pattern.subjects.values(), pattern.actor_object, pattern.organization_object,
             *pattern.organization_preps.values(),
             *pattern.particles.values(), *pattern.preps_code.values()],
        )  # fmt: skip
        verbs[lemma] = pattern
    nominals = {}
    for lemma, entry in nouns_data["nominal"].items():
        nominal = NominalPattern(lemma=lemma, **entry)
        _check_codes(f"nouns.yaml:nominal:{lemma}", [nominal.code])
        nominals[lemma] = nominal
    class_of: dict[str, list[str]] = {}
    for name, words in nouns_data["classes"].items():
        for word in words:
            class_of.setdefault(str(word).lower(), []).append(name)
    return Lexicon(
        verbs=verbs,
        nominals=nominals,
        noun_class_of={word: tuple(names) for word, names in class_of.items()},
        light_verbs=frozenset(nouns_data["light_verbs"]),
        intent_heads=frozenset(nouns_data["intent_heads"]),
        reporting_verbs=frozenset(nouns_data["reporting_verbs"]),
        intention_nouns=frozenset(nouns_data["intention_nouns"]),
        obligation_modals=frozenset(nouns_data["obligation_modals"]),
        government_nouns=frozenset(nouns_data["government_nouns"]),
    )
