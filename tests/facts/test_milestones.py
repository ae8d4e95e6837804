"""Relations milestones: kind, countries and the most precise date next to them (table-driven)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from communique.models import Facts

KB = "Kazakhstan and Belgium held talks. "

# (text, kind, countries as a set, date start or None)
MILESTONES: list[tuple[str, str, set[str], str | None]] = [
    (
        "The parties reviewed partnership between Kazakhstan and Belgium since the establishment "
        "of diplomatic relations 30 years ago (August 25, 1992).",
        "diplomatic_relations",
        {"KAZ", "BEL"},
        "1992-08-25",
    ),
    (
        "Diplomatic relations between Kazakhstan and China were established on January 3, 1992.",
        "diplomatic_relations",
        {"KAZ", "CHN"},
        "1992-01-03",
    ),
    (
        "In 1992, Kazakhstan and Turkey established diplomatic relations.",
        "diplomatic_relations",
        {"KAZ", "TUR"},
        "1992-01-01",
    ),
    (
        KB + "This year marks the 30th anniversary of the establishment of diplomatic relations.",
        "diplomatic_relations",
        {"KAZ", "BEL"},
        "1992-01-01",
    ),
    (
        "Saudi Arabia and Iran restored diplomatic relations in March 2023.",
        "diplomatic_relations_restored",
        {"SAU", "IRN"},
        "2023-03-01",
    ),
    (
        "Ukraine severed diplomatic relations with Russia in February 2022.",
        "diplomatic_relations_severed",
        {"UKR", "RUS"},
        "2022-02-01",
    ),
    (
        "Kazakhstan opened its embassy in Belgium in 1993.",
        "embassy_opening",
        {"KAZ", "BEL"},
        "1993-01-01",
    ),
    (
        "The embassy of Uzbekistan in Kazakhstan was opened in 1995.",
        "embassy_opening",
        {"UZB", "KAZ"},
        "1995-01-01",
    ),
    (
        "Germany closed its embassy in Kyrgyzstan in 2020.",
        "embassy_closure",
        {"DEU", "KGZ"},
        "2020-01-01",
    ),
    (
        "Kazakhstan opened a consulate general in Germany in 2019.",
        "consulate_opening",
        {"KAZ", "DEU"},
        "2019-01-01",
    ),
    (
        "A visa-free regime between Kazakhstan and Uzbekistan came into force in 2021.",
        "visa_free_regime",
        {"KAZ", "UZB"},
        "2021-01-01",
    ),
    (
        "Kazakhstan abolished visas for citizens of Belgium in 2014.",
        "visa_free_regime",
        {"KAZ", "BEL"},
        "2014-01-01",
    ),
    (
        "Kazakhstan and Azerbaijan signed a declaration on strategic partnership in 2005.",
        "strategic_partnership",
        {"KAZ", "AZE"},
        "2005-01-01",
    ),
    (
        "China and Kazakhstan upgraded their relations to a comprehensive strategic partnership.",
        "strategic_partnership",
        {"CHN", "KAZ"},
        None,
    ),
    (KB + "The sides introduced a simplified visa regime.", "visa_regime", {"KAZ", "BEL"}, None),
]

NOT_MILESTONES = [
    "Kazakhstan and Belgium will establish diplomatic relations next year.",
    "The ministers discussed opening an embassy in Brussels.",
    "Kazakhstan and Belgium discussed prospects for strategic partnership.",
    "The embassy said the visa application was rejected.",
]


@pytest.mark.parametrize(("text", "kind", "countries", "start"), MILESTONES)
def test_milestone(
    facts_of: Callable[..., Facts], text: str, kind: str, countries: set[str], start: str | None
) -> None:
    milestones = facts_of(text).milestones
    assert [m.kind for m in milestones] == [kind]
    (milestone,) = milestones
    assert set(milestone.countries) == countries
    if start is None:
        assert milestone.date.start is None and milestone.date.reason
    else:
        assert milestone.date.start == start


@pytest.mark.parametrize("text", NOT_MILESTONES)
def test_not_a_milestone(facts_of: Callable[..., Facts], text: str) -> None:
    assert facts_of(text).milestones == []
