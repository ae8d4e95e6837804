"""`communique bench`: report shape and invariants on three tiny articles (no timing asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.bench import parse_modes, run_bench, word_count
from communique.cli import app
from communique.errors import ConfigError

TEXTS = [
    "Kazakhstan and Belgium signed a memorandum on trade in Astana on Monday.",
    "The foreign ministers of France and Germany met in Paris to discuss sanctions.",
    "Protesters clashed with police outside the parliament in Nairobi on Tuesday.",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "tiny.jsonl"
    lines = [
        json.dumps({"id": f"t{i}", "title": f"Story {i}", "published": f"2024-05-0{i}", "text": t})
        for i, t in enumerate(TEXTS, start=1)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("bare,full,dask_1,dask_2", ["bare", "full", "dask_1", "dask_2"]),
        ("full, bare", ["full", "bare"]),
        ("dask_8,dask_8", ["dask_8"]),
        (["bare"], ["bare"]),
    ],
)
def test_parse_modes(spec: str | list[str], expected: list[str]):
    assert parse_modes(spec) == expected


@pytest.mark.parametrize("spec", ["", "gpu", "dask_0", "dask_", "dask_x", "bare,fast"])
def test_parse_modes_refuses_unknown(spec: str):
    with pytest.raises(ConfigError):
        parse_modes(spec)


@pytest.mark.slow
def test_run_bench_report_shape_and_invariants(corpus: Path):
    report = run_bench(corpus, "bare,full,dask_1,dask_2")
    assert list(report.modes) == ["bare", "full", "dask_1", "dask_2"]
    words = sum(word_count(t) for t in TEXTS)
    for name, result in report.modes.items():
        assert result.mode == name
        assert (result.articles, result.words) == (3, words)
        assert result.seconds > 0 and result.words_per_s > 0 and result.articles_per_s > 0
        assert result.words_per_s == pytest.approx(words / result.seconds, rel=0.01)
        assert result.peak_rss_mb > 0
        assert set(result.cpu_seconds) == set(result.process_rss_mb)
        assert result.words_per_cpu_s == pytest.approx(
            words / sum(result.cpu_seconds.values()), rel=0.01
        )
    for n in (1, 2):
        dask = report.modes[f"dask_{n}"]
        assert dask.workers == n
        assert sorted(k for k in dask.process_rss_mb if k != "driver") == [
            f"worker-{i}" for i in range(n)
        ]
        assert dask.peak_rss_mb == max(v for k, v in dask.process_rss_mb.items() if k != "driver")
    bare, full, dask2 = report.modes["bare"], report.modes["full"], report.modes["dask_2"]
    assert report.ratio_full_to_bare == pytest.approx(full.words_per_s / bare.words_per_s, abs=1e-3)
    assert report.ratio_dask2_to_full == pytest.approx(
        dask2.articles_per_s / full.articles_per_s, abs=1e-3
    )
    contract = report.contract()
    assert set(contract) == {
        "bare", "full", "dask_1", "dask_2", "ratio_full_to_bare", "ratio_dask2_to_full",
    }
    for name in ("bare", "full", "dask_1", "dask_2"):
        assert {"words_per_s", "articles_per_s", "peak_rss_mb"} <= set(contract[name])  # type: ignore[arg-type]


def test_cli_json_prints_the_contract_for_the_chosen_modes(corpus: Path):
    args = ["bench", str(corpus), "--modes", "bare", "--json", "--limit", "2"]
    outcome = CliRunner().invoke(app, args)
    assert outcome.exit_code == 0, outcome.output
    payload = json.loads(outcome.stdout.strip().splitlines()[-1])
    assert set(payload) == {"bare", "ratio_full_to_bare", "ratio_dask2_to_full"}
    assert payload["bare"]["articles"] == 2
    assert payload["ratio_full_to_bare"] is None


def test_cli_refuses_an_unknown_mode(corpus: Path):
    outcome = CliRunner().invoke(app, ["bench", str(corpus), "--modes", "turbo"])
    assert outcome.exit_code != 0
    assert isinstance(outcome.exception, ConfigError)


RUSSIAN_TEXTS = [
    "Министр иностранных дел Грузии провел переговоры с послом Японии в Тбилиси.",
    "Президент Кении посетил Танзанию и подписал соглашение о торговле.",
]


@pytest.mark.slow
def test_bench_reports_each_language_of_a_mixed_corpus(tmp_path: Path):
    path = tmp_path / "mixed.jsonl"
    rows = [{"id": f"en{i}", "text": t, "published": "2024-05-01"} for i, t in enumerate(TEXTS)]
    rows += [
        {"id": f"ru{i}", "text": t, "published": "2024-05-01", "language": "ru"}
        for i, t in enumerate(RUSSIAN_TEXTS)
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = run_bench(path, "bare").modes["bare"]
    assert set(result.by_language) == {"en", "ru"}
    en, ru = result.by_language["en"], result.by_language["ru"]
    assert (en.articles, en.words) == (3, sum(word_count(t) for t in TEXTS))
    assert (ru.articles, ru.words) == (2, sum(word_count(t) for t in RUSSIAN_TEXTS))
    for rate in (en, ru):
        assert rate.cpu_seconds > 0  # rounded to 3 decimals; the rate is from the exact time
        half_ms = 5e-4
        low, high = rate.words / (rate.cpu_seconds + half_ms), rate.words / max(
            rate.cpu_seconds - half_ms, 1e-9
        )
        assert low - 0.1 <= rate.words_per_cpu_s <= high + 0.1
    # per-language seconds are rounded to 1 ms each: on a tiny corpus that is more than 1%
    assert result.seconds == pytest.approx(en.seconds + ru.seconds, rel=0.01, abs=1e-3)
