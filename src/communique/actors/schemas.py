"""The declared shape of every actor data file (``actors/data/*.tsv``), read by `read_tsv`.

Each schema names the columns, what they allow and the key that a user's overlay file
(``$COMMUNIQUE_DATA_DIR/actors/<name>``) uses to replace a shipped row (see datafiles.py).
"""

from __future__ import annotations

from communique.datafiles import Column, Row, Schema, read_table

#: A CAMEO three-letter code (ISO3 country, sector/type code or known-group code).
CODE3 = r"[A-Z]{3}"
#: A CAMEO actor country: an ISO3 code or an international code (IGO, NGO, MNC ...).
COUNTRY = Column("country", required=False, pattern=CODE3)
SECTOR = Column("sector", pattern=CODE3)
KIND = Column("kind", allowed=frozenset({"state", "organization", "person", "group"}))

SCHEMAS: dict[str, Schema] = {
    # Russian (actors/russian.py): lemmas, lower case, ё as е
    "ru_titles.tsv": Schema.of(
        "title", "sector", key=("title",), sector=Column("sector", required=False, pattern=CODE3)
    ),
    "ru_sector_nouns.tsv": Schema.of(
        "noun", "sector", "bare", key=("noun",), sector=SECTOR,
        bare=Column("bare", allowed=frozenset({"yes", "no"})),
    ),
    "ru_collectives.tsv": Schema.of("lemma", "name", key=("lemma",)),
    "ru_organizations.tsv": Schema.of(
        "alias", "name", "country", "sector", "kind", key=("alias",), country=COUNTRY,
        sector=Column("sector", required=False, pattern=CODE3), kind=KIND,
    ),
    "ru_institution_heads.tsv": Schema.of("head", "sector", key=("head",), sector=SECTOR),
    "clause_verbs.tsv": Schema.of("lemma", key=("lemma",)),
    "collectives.tsv": Schema.of("phrase", "name", key=("phrase",)),
    "communities.tsv": Schema.of(
        "form",
        "name",
        "code",
        "source",
        key=("form",),
        source=Column("source", allowed=frozenset({"ethnic", "religion"})),
    ),
    "institution_heads.tsv": Schema.of("head", "sector", key=("head",), sector=SECTOR),
    "organizations.tsv": Schema.of(
        "alias",
        "name",
        "country",
        "sector",
        "kind",
        key=("alias",),
        country=COUNTRY,
        sector=Column("sector", required=False, pattern=CODE3),
        kind=KIND,
    ),
    "sector_nouns.tsv": Schema.of(
        "noun",
        "sector",
        "bare",
        key=("noun",),
        sector=SECTOR,
        bare=Column("bare", allowed=frozenset({"yes", "no"})),
    ),
    "title_words.tsv": Schema.of(
        "word",
        "role",
        key=("word",),
        role=Column("role", allowed=frozenset({"modifier", "honorific"})),
    ),
    "titles.tsv": Schema.of("title", "sector", key=("title",), sector=SECTOR),
    "title_countries.tsv": Schema.of(
        "phrase", "iso3", key=("phrase",), iso3=Column("iso3", pattern=CODE3)
    ),
}


def read_actor_table(name: str) -> list[Row]:
    """The rows of ``actors/data/<name>`` (plus the user's overlay), validated by its schema."""
    return read_table("actors", name, SCHEMAS[name])
