"""ingest/retry as a library and through the CLI; the seed article's KAZ-BEL events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import store_fake_coder
from typer.testing import CliRunner

from communique.cli import app
from communique.store import EventQuery, open_store
from communique.store.ingest import ingest, retry

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "kazinform_2022-10-18_kazakhstan_belgium.txt"


def corpus(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


def test_ingest_skips_known_articles_before_coding(store_url: str, tmp_path: Path) -> None:
    source = corpus(
        tmp_path / "c.jsonl",
        [json.dumps({"id": f"a{i}", "text": "KAZ BEL 040 2022-10-18"}) for i in range(5)],
    )
    coded: list[str] = []

    def counting(items):  # type: ignore[no-untyped-def]
        for result in store_fake_coder.code(items):
            coded.append(result.article.id)
            yield result

    with open_store(store_url) as store:
        first = ingest([str(source)], store, coder=counting, progress=False, batch_size=2)
        assert (first.new, first.mentions, first.events, first.unchanged) == (5, 5, 1, 0)
        again = ingest([str(source)], store, coder=counting, progress=False, batch_size=2)
        assert (again.new, again.unchanged, again.mentions, again.events) == (0, 5, 0, 0)
        assert len(coded) == 5  # nothing coded the second time
        assert list(store.events(EventQuery())["num_articles"]) == [5]


def test_failed_line_is_a_drop_with_raw_text_and_retry_recovers_it(
    store_url: str, tmp_path: Path
) -> None:
    good = json.dumps({"id": "a1", "text": "KAZ BEL 040 2022-10-18"})
    source = corpus(tmp_path / "c.jsonl", [good, '{"id": "a2", "text": "KAZ RUS 057'])
    with open_store(store_url) as store:
        summary = ingest([str(source)], store, coder=store_fake_coder.code, progress=False)
        assert (summary.new, summary.failed) == (1, 1)
        drops = store.drops()
        assert list(drops["origin"]) == [str(source)]
        assert int(drops["line"].iloc[0]) == 2
        assert drops["raw_text"].iloc[0] == '{"id": "a2", "text": "KAZ RUS 057'
        assert "invalid JSON" in drops["reason"].iloc[0]
        # still broken: the drop stays
        retry(store, coder=store_fake_coder.code)
        assert len(store.drops()) == 1
        corpus(source, [good, json.dumps({"id": "a2", "text": "KAZ RUS 057 2022-10-19"})])
        recovered = retry(store, coder=store_fake_coder.code)
        assert recovered.new == 1
        assert store.drops().empty
        assert sorted(store.articles()["id"]) == ["a1", "a2"]


def test_cli_ingest_query_export_upgrade(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.duckdb")
    source = corpus(
        tmp_path / "c.jsonl",
        [json.dumps({"id": "a1", "text": "KAZ BEL 040 2022-10-18|BEL KAZ 057 2022-11-02"})],
    )
    runner = CliRunner()
    coder = ["--coder", "store_fake_coder:make", "--no-progress"]
    done = runner.invoke(app, ["ingest", str(source), "--db", db, *coder])
    assert done.exit_code == 0, done.output
    assert "1 new" in done.output
    events = runner.invoke(app, ["events", "--db", db, "--dyad", "BEL-KAZ", "-f", "json"])
    assert sorted(r["cameo"] for r in json.loads(events.stdout)) == ["040", "057"]
    timeline = runner.invoke(app, ["timeline", "--dyad", "KAZ-BEL", "--db", db, "-f", "csv"])
    assert timeline.stdout.splitlines()[1].startswith("2022-10,1,1,")
    refused = runner.invoke(app, ["sql", "DELETE FROM events", "--db", db])
    assert refused.exit_code != 0
    out = tmp_path / "e.csv"
    exported = runner.invoke(app, ["export", "-f", "gdelt", "-o", str(out), "--db", db])
    # native GDELT: no header, one line per event
    assert exported.exit_code == 0 and len(out.read_text().splitlines()) == 2
    upgraded = runner.invoke(app, ["db", "upgrade", "--db", db])
    assert "at version" in upgraded.stdout
    bad = runner.invoke(app, ["events", "--db", db, "--dyad", "KAZ"])
    assert bad.exit_code != 0


@pytest.fixture(scope="module")
def seed_results(pipeline):  # type: ignore[no-untyped-def]
    from communique.ingest import read_sources

    return list(pipeline.code(read_sources([str(SEED)])))


def test_seed_dyad_query_returns_its_kaz_bel_events(store_url: str, seed_results) -> None:  # type: ignore[no-untyped-def]
    coded = [
        e
        for r in seed_results
        for e in r.events
        if e.source and e.target and {e.source.country, e.target.country} == {"KAZ", "BEL"}
    ]
    assert coded, "the coder finds no KAZ-BEL event in the seed"
    with open_store(store_url) as store:
        ingest([str(SEED)], store, coder=lambda items: iter(seed_results), progress=False)
        found = store.events(EventQuery(dyad=("KAZ", "BEL"), limit=1000))
        mentions = store.sql("SELECT event_id FROM mentions")
        assert set(found["event_id"]) <= set(mentions["event_id"])
        # every coded KAZ-BEL event is behind one stored event of the pair, and nothing else is
        keys = {str(k) for k in found["event_key"]}
        behind = store.sql("SELECT event_id, event_key FROM mentions")
        key_of = dict(zip(behind["event_id"], behind["event_key"], strict=True))
        assert {key_of[e.id] for e in coded} == keys
        assert set(found["source_country"]) | set(found["target_country"]) == {"KAZ", "BEL"}
        assert store.events(EventQuery(dyad=("KAZ", "USA"))).empty
