"""Seed acceptance: the seed article's reading against ../shared/eval/seed_expected.json.

Every expected article field, event, figure, agreement, person and organisation is one test case;
events beyond the expected and optional ones are bounded by `max_extra_events`.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from tests.conftest import SEED, SHARED

EXPECTED_PATH = SHARED / "eval" / "seed_expected.json"
Json = dict[str, Any]


@cache
def expected() -> Json:
    data: Json = json.loads(EXPECTED_PATH.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def reading(pipeline) -> Json:  # type: ignore[no-untyped-def]
    from communique.ingest import read_sources

    results = list(pipeline.code(read_sources([str(SEED)])))
    assert len(results) == 1
    payload: Json = results[0].to_json_dict()
    return payload


def country3(actor: Json | None) -> str:
    actor = actor or {}
    return str(actor.get("country") or actor.get("code") or "")[:3].upper()


def event_problems(event: Json, want: Json, *, strict: bool = True) -> list[str]:
    """The fields of expectation `want` that `event` fails (empty: it matches)."""
    problems: list[str] = []
    source, target = country3(event.get("source")), country3(event.get("target"))
    for key, actual in (("cameo", event["cameo"]), ("plover", event["plover"])):
        if key in want and actual not in want[key]:
            problems.append(f"{key} {actual}")
    if "actors" in want and {source, target} != set(want["actors"]):
        problems.append(f"actors {source}->{target}")
    if "source" in want and source != want["source"]:
        problems.append(f"source {source}")
    if "target" in want and target != want["target"]:
        problems.append(f"target {target}")
    if not strict:
        return problems
    start = (event["date"].get("start") or "")[:10]
    if "date" in want and start not in want["date"]:
        problems.append(f"date {start}")
    if "date_month" in want and not start.startswith(want["date_month"]):
        problems.append(f"date {start}")
    if "tense" in want and event["modality"]["tense"] != want["tense"]:
        problems.append(f"tense {event['modality']['tense']}")
    if "plover_mode" in want and event["plover_mode"] not in want["plover_mode"]:
        problems.append(f"mode {event['plover_mode']}")
    if "sectors" in want:
        sectors = {(event.get(k) or {}).get("sector") for k in ("source", "target")}
        if not sectors & set(want["sectors"]):
            problems.append(f"sectors {sectors}")
    if "source_person" in want:
        person = ((event.get("source") or {}).get("person") or {}).get("name") or ""
        if want["source_person"].split()[-1] not in person:
            problems.append(f"source person {person!r}")
    if "location" in want:
        place, goal = event.get("location") or {}, want["location"]
        if (
            str(place.get("country") or "")[:3] != goal["country"]
            or place.get("lat") is None
            or abs(place["lat"] - goal["lat"]) > 0.5
            or abs(place["lon"] - goal["lon"]) > 0.5
        ):
            problems.append(f"location {place.get('name')}")
    if want["evidence_contains"].lower() not in event["evidence"]["text"].lower():
        problems.append("evidence")
    return problems


def test_article_fields(reading: Json) -> None:
    article, want = reading["article"], expected()["article"]
    assert article["published"].startswith(want["published"])
    assert want["published_time"] in article["published"]
    assert article["title"] == want["title"]
    assert "kazinform" in article["source"].lower()
    assert article["dateline"]["name"].lower() == want["dateline"]["name"].lower()
    assert article["dateline"]["country"] == want["dateline"]["country"]


@pytest.mark.parametrize("want", expected()["events"], ids=lambda w: w["key"])
def test_expected_event(reading: Json, want: Json) -> None:
    attempts = [event_problems(e, want) for e in reading["events"]]
    assert any(not p for p in attempts), min(attempts, key=len, default=["no events"])


def test_extra_events_are_bounded(reading: Json) -> None:
    wants = expected()["events"] + expected()["optional_events"]
    extras = [
        (e["cameo"], e["trigger"]["text"])
        for e in reading["events"]
        if all(event_problems(e, w, strict=False) for w in wants)
    ]
    assert len(extras) <= expected()["max_extra_events"], extras


@pytest.mark.parametrize("want", expected()["people"], ids=lambda w: w["name"])
def test_expected_person(reading: Json, want: Json) -> None:
    assert any(
        want["name"].split()[-1] in p["name"]
        and want["title_contains"].lower() in (p["title"] or "").lower()
        and p["country"] == want["country"]
        for p in reading["people"]
    ), reading["people"]


@pytest.mark.parametrize("want", expected()["organizations"], ids=lambda w: w["name_contains"])
def test_expected_organization(reading: Json, want: Json) -> None:
    sectors = want["sector"] if isinstance(want["sector"], list) else [want["sector"]]
    assert any(
        want["name_contains"].lower() in o["name"].lower()
        and o["country"] == want["country"]
        and o["sector"] in sectors
        for o in reading["organizations"]
    ), reading["organizations"]


@pytest.mark.parametrize("want", expected()["figures"], ids=lambda w: w["key"])
def test_expected_figure(reading: Json, want: Json) -> None:
    def matches(figure: Json) -> bool:
        period = figure.get("period") or {}
        return (
            figure["kind"] == want["kind"]
            and abs(figure["value"] - want["value"]) <= 0.005 * want["value"]
            and figure["unit"] == want["unit"]
            and ("period" not in want or (period.get("start"), period.get("end"))
                 == (want["period"]["start"], want["period"]["end"]))
            and (
                "countries" not in want
                or {figure["from"], figure["to"]} == set(want["countries"])
            )
            and ("from" not in want or (figure["from"], figure["to"]) == (want["from"], want["to"]))
            and (not want.get("approximate") or figure["approximate"])
        )  # fmt: skip

    assert any(matches(f) for f in reading["figures"]), reading["figures"]


@pytest.mark.parametrize("want", expected()["agreements"], ids=lambda w: w["key"])
def test_expected_agreement(reading: Json, want: Json) -> None:
    def matches(agreement: Json) -> bool:
        names = " ".join(p["name"] + " " + p["text"] for p in agreement["parties"]).lower()
        return (
            want["name_contains"].lower() in agreement["name"].lower()
            and all(party.lower() in names for party in want["parties_contain"])
            and {country3(p) for p in agreement["parties"]} == set(want["countries"])
            and agreement["status"] == want["status"]
            and (agreement["date"].get("start") or "") in want["date"]
        )

    assert any(matches(a) for a in reading["agreements"]), reading["agreements"]


def test_every_span_quotes_the_article(reading: Json) -> None:
    """Provenance: each span in the output is the exact text it claims to be."""
    text = reading["article"]["text"]
    for event in reading["events"]:
        for part in ("trigger", "evidence"):
            start, end = event[part]["span"]
            assert text[start:end] == event[part]["text"]
        for role in ("source", "target"):
            if event[role]:
                start, end = event[role]["span"]
                assert text[start:end] == event[role]["text"]
    for figure in reading["figures"]:
        start, end = figure["span"]
        assert text[start:end] in figure["text"] or figure["text"] in text
