"""Reading the layout of an agency story: date line, title line, dateline ("ASTANA. KAZINFORM").

The dateline is where and by whom a story was filed. It must not stay glued to the first sentence
(the coder would read "ASTANA. KAZINFORM Delegations ..." as one noun phrase), so it is cut off the
body and kept as `Article.dateline` (a Place) and `Article.source` (the agency).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict

from communique import geo
from communique.geo import place_index
from communique.ingest.dates import parse_date_line
from communique.models import Place

#: Longest line still read as a title. Headlines in the VOA corpus run to 110 characters and the
#: seed's to 89; 200 leaves room for long agency headlines while a real paragraph (one or more full
#: sentences) is nearly always longer.
TITLE_MAX_CHARS = 200

_PIECE = re.compile(r"\{([a-z_]+)\}")
_SENTENCE_END = (".", ",", ";", ":")
_CLOSERS = "\"'”’»)]"


class Dateline(BaseModel):
    """A dateline found at the start of a body: the place as written, the agency, where it ends."""

    model_config = ConfigDict(frozen=True)

    place: str
    region: str | None = None
    agency: str | None
    end: int


class TextLayout(BaseModel):
    """What the layout of a plain-text article says: title, publication date, body."""

    model_config = ConfigDict(frozen=True)

    title: str | None
    published: str | None
    body: str


class _Shape(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    name: str
    known_agency: bool
    pattern: re.Pattern[str]


def _expand(template: str, pieces: dict[str, str]) -> str:
    """Replace {piece} references (recursively); regex counts like {1,2} are left alone."""
    return _PIECE.sub(lambda m: _expand(pieces[m.group(1)], pieces), template)


@lru_cache(maxsize=1)
def _shapes() -> tuple[_Shape, ...]:
    data = yaml.safe_load(_data_text("datelines.yaml"))
    pieces: dict[str, str] = data["pieces"]
    return tuple(
        _Shape(
            name=shape["name"],
            known_agency=bool(shape["known_agency"]),
            pattern=re.compile(_expand(shape["pattern"], pieces)),
        )
        for shape in data["shapes"]
    )


@lru_cache(maxsize=1)
def agencies() -> dict[str, str]:
    """Agency spellings (lower case) -> the proper-case source name, from data/agencies.tsv."""
    table: dict[str, str] = {}
    for line in _data_text("agencies.tsv").splitlines():
        if line.strip() and not line.startswith("#"):
            variant, name = line.split("\t")
            table[variant.strip().lower()] = name.strip()
    return table


def _data_text(name: str) -> str:
    return resources.files("communique.ingest").joinpath("data", name).read_text(encoding="utf-8")


def agency_name(written: str) -> str:
    """The proper-case name of an agency as written in a dateline ("KAZINFORM" -> "Kazinform")."""
    written = " ".join(written.split())
    known = agencies().get(written.lower())
    if known:
        return known
    # An unknown all-capitals word longer than an acronym is a name in capitals ("BERNAMA").
    return written.title() if written.isupper() and len(written) > 4 else written


def place_name(written: str) -> str:
    """Proper case for a place written in capitals ("NUR-SULTAN" -> "Nur-Sultan", "АСТАНА" ->
    "Астана")."""
    if not written.isupper():
        return written
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), written.lower())


def find_dateline(body: str) -> Dateline | None:
    """The dateline at the start of `body`, or None when the body starts with the story itself."""
    for shape in _shapes():
        match = shape.pattern.match(body)
        if match is None:
            continue
        place = match.group("place").strip()
        agency = match.groupdict().get("agency")
        if sum(ch.isalpha() for ch in place) < 3:  # "US —", "EU -": an actor, not a dateline
            continue
        if shape.known_agency and (agency is None or agency.lower() not in agencies()):
            continue
        name = agency_name(agency) if agency else None
        region = match.groupdict().get("region")
        return Dateline(place=place, region=region, agency=name, end=match.end())
    return None


def dateline_place(written: str, region: str | None = None) -> Place:
    """The dateline's place, resolved through the GeoNames index when it knows the name.

    A country after the place ("ST. PETERSBURG, Russia") picks the city in that country; when
    the index has no such city, the place keeps the name and the country rather than a namesake.
    """
    name = place_name(written)
    country = _country_codes().get(region.lower()) if region else None
    found = place_index().lookup(name, country)
    if found is None:
        return Place(name=name, country=country, origin="dateline")
    return found.model_copy(update={"origin": "dateline", "span": None})


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    """Country names (lower case) -> ISO3 (communique.geo: ISO names plus aliases)."""
    return {a.alias.lower(): a.iso3 for a in geo.aliases() if a.form == "name"}


def _is_title(paragraph: str) -> bool:
    """An obvious title: one short line that does not end like a sentence or a clause."""
    return (
        "\n" not in paragraph
        and len(paragraph) <= TITLE_MAX_CHARS
        and not paragraph.rstrip(_CLOSERS).endswith(_SENTENCE_END)
    )


def split_layout(text: str) -> TextLayout:
    """Read a plain-text article: an optional date line, an optional title line, then the body.

    Paragraphs are separated by blank lines and come back joined by "\\n\\n". The date line may
    come before or after the title ("18 October 2022, 11:30" then the headline, or the reverse).
    """
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", normalised)]
    paragraphs = [p for p in paragraphs if p]
    published: str | None = None
    title: str | None = None
    index = 0
    if index < len(paragraphs) - 1 and (found := parse_date_line(paragraphs[index])):
        published, index = found, index + 1
    if index < len(paragraphs) - 1 and _is_title(paragraphs[index]):
        title, index = paragraphs[index], index + 1
        if published is None and index < len(paragraphs) - 1:
            found = parse_date_line(paragraphs[index])
            if found:
                published, index = found, index + 1
    return TextLayout(title=title, published=published, body="\n\n".join(paragraphs[index:]))
