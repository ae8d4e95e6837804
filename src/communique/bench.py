"""`communique bench`: throughput and memory of the bare parse, the full pipeline and Dask.

Every mode codes the same texts in its own fresh Python process (``python -m communique.bench``),
so each mode's peak RSS is its own and no mode inherits another's warm caches. Model loading and a
short warm-up are excluded from the timing: the numbers are steady-state throughput.

Words are whitespace tokens of the article text, the same count for every mode.

The model load (building the pipeline: spaCy model, our components and every dictionary they read
at construction) is timed on its own and reported as ``load_seconds``; MAX_LOAD_SECONDS is the
budget the acceptance criteria give it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import Field

from communique.errors import ConfigError, InputError, PipelineError
from communique.models import Article, Record
from communique.settings import Settings

DEFAULT_MODES = ("bare", "full", "dask_1", "dask_2")

#: Articles coded before the clock starts. Four reach every lazily built table (gazetteer, place
#: index, date grammar) and give spaCy's first batches their allocations; more only lengthens runs.
WARMUP_ARTICLES = 4

#: The model-load budget (issue 10): a user who codes one article should not wait longer.
MAX_LOAD_SECONDS = 5.0

_DASK_MODE = re.compile(r"dask_(\d+)")
_REPO = Path(__file__).resolve().parents[2]


class LanguageRate(Record):
    """Throughput of one language's articles within a mode (bare and full modes)."""

    articles: int
    words: int
    seconds: float
    words_per_s: float
    cpu_seconds: float = Field(
        default=0.0, description="CPU time of the process while it coded this language's articles"
    )
    words_per_cpu_s: float = Field(
        default=0.0,
        description="words per CPU second: compares languages even when other work shares the "
        "machine (wall-clock words/s then depends on how busy it was during each language)",
    )


class ModeResult(Record):
    """One mode's measurement; the throughput fields are what `--json` promises."""

    mode: str
    articles: int
    words: int
    seconds: float
    words_per_s: float
    articles_per_s: float
    peak_rss_mb: float = Field(description="peak RSS of the process; for Dask, max over workers")
    process_rss_mb: dict[str, float] = Field(default_factory=dict)
    cpu_seconds: dict[str, float] = Field(
        default_factory=dict, description="CPU time of each process during the timed run"
    )
    words_per_cpu_s: float = Field(
        description="words per CPU second of all the mode's processes: compares modes even when "
        "other work shares the machine"
    )
    workers: int | None = None
    load_seconds: float | None = Field(
        default=None,
        description="model load: building the pipeline (spaCy model, components, dictionaries "
        "such as the long-tail verb patterns) before the warm-up; None for Dask modes",
    )
    load_avg_1m: float = Field(description="1-minute load average when the mode started")
    cpu_count: int
    by_language: dict[str, LanguageRate] = Field(
        default_factory=dict,
        description="bare and full modes: each language's articles timed on their own front end "
        "(a mixed corpus is coded one language after the other; the mode's seconds are the sum)",
    )


class BenchReport(Record):
    """Every mode's result on the same texts, with the two ratios the acceptance criteria use."""

    corpus: str
    limit: int | None
    modes: dict[str, ModeResult]
    ratio_full_to_bare: float | None = Field(description="full / bare, in words per second")
    ratio_dask2_to_full: float | None = Field(description="dask_2 / full, in articles per second")

    def contract(self) -> dict[str, object]:
        """The `communique bench --json` object: one key per mode plus the two ratios."""
        out: dict[str, object] = {name: r.to_json_dict() for name, r in self.modes.items()}
        out["ratio_full_to_bare"] = self.ratio_full_to_bare
        out["ratio_dask2_to_full"] = self.ratio_dask2_to_full
        return out


def parse_modes(spec: str | Sequence[str]) -> list[str]:
    """``"bare,full,dask_2"`` -> the mode names, refusing unknown ones."""
    names = spec.split(",") if isinstance(spec, str) else list(spec)
    modes = [name.strip() for name in names if name.strip()]
    for mode in modes:
        match = _DASK_MODE.fullmatch(mode)
        if mode not in ("bare", "full") and not (match and int(match.group(1)) >= 1):
            raise ConfigError(
                f"unknown bench mode {mode!r}",
                hint="use bare, full or dask_N (N workers), e.g. --modes bare,full,dask_1,dask_2",
            )
    if not modes:
        raise ConfigError("no bench mode given", hint="e.g. --modes bare,full,dask_1,dask_2")
    return list(dict.fromkeys(modes))


def default_corpus() -> Path:
    """The shared VOA stories beside the repository, else the bundled examples."""
    for candidate in (
        _REPO.parent / "shared" / "corpus" / "voa_stories.jsonl",
        _REPO / "examples",
    ):
        if candidate.exists():
            return candidate
    raise ConfigError(
        "no default corpus found (../shared/corpus/voa_stories.jsonl or examples/)",
        hint="pass a corpus: communique bench PATH",
    )


def load_corpus(corpus: str | Path, limit: int | None = None) -> list[Article]:
    """The corpus's readable articles (inputs that fail ingest are not benchmarked)."""
    from communique.ingest import read_sources

    articles: list[Article] = []
    for item in read_sources([str(corpus)]):
        if isinstance(item, Article) and item.text.strip():
            articles.append(item)
            if limit is not None and len(articles) >= limit:
                break
    if not articles:
        raise InputError(
            f"no readable article in {corpus}",
            hint="point communique bench at a JSONL file or a folder of articles",
        )
    return articles


def word_count(text: str) -> int:
    return len(text.split())


def run_bench(
    corpus: str | Path | None = None,
    modes: str | Sequence[str] = DEFAULT_MODES,
    limit: int | None = None,
    *,
    settings: Settings | None = None,
) -> BenchReport:
    """Measure each mode in its own subprocess on the same texts and compare them."""
    path = Path(corpus) if corpus is not None else default_corpus()
    if not path.exists():
        raise InputError(f"corpus {path} does not exist", hint="pass a JSONL file or a folder")
    settings = settings or Settings()
    results = {mode: _run_child(mode, path, limit, settings) for mode in parse_modes(modes)}
    return BenchReport(
        corpus=str(path),
        limit=limit,
        modes=results,
        ratio_full_to_bare=_ratio(results, "full", "bare", "words_per_s"),
        ratio_dask2_to_full=_ratio(results, "dask_2", "full", "articles_per_s"),
    )


def _ratio(results: dict[str, ModeResult], top: str, bottom: str, field: str) -> float | None:
    if top not in results or bottom not in results:
        return None
    denominator: float = getattr(results[bottom], field)
    numerator: float = getattr(results[top], field)
    return round(numerator / denominator, 3) if denominator > 0 else None


def _run_child(mode: str, corpus: Path, limit: int | None, settings: Settings) -> ModeResult:
    command = [
        sys.executable, "-m", "communique.bench", mode, str(corpus),
        "" if limit is None else str(limit), settings.model_dump_json(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise PipelineError(
            f"bench mode {mode} failed (exit {done.returncode}): {done.stderr.strip()[-1500:]}",
            hint="run `communique code` on the corpus to see which stage fails",
        )
    return ModeResult.model_validate_json(lines[-1])


# -- inside the child process ------------------------------------------------------------------


def _own_peak_rss_mb() -> float:
    from communique.scale.worker import peak_rss_mb

    return round(peak_rss_mb(), 1)


def measure_mode(mode: str, articles: list[Article], settings: Settings) -> ModeResult:
    """Warm up, then time ``mode`` over ``articles`` in this process (called in the child)."""
    load = os.getloadavg()[0]
    warmup = articles[:WARMUP_ARTICLES]
    workers: int | None = None
    load_seconds: float | None = None
    cpu: dict[str, float]
    rss: dict[str, float]
    by_language: dict[str, LanguageRate] = {}
    if mode in ("bare", "full"):
        loading = time.perf_counter()
        run = _bare_runner(settings) if mode == "bare" else _full_runner(settings)
        load_seconds = round(time.perf_counter() - loading, 2)
        groups: dict[str, list[Article]] = {}
        for article in articles:
            groups.setdefault(article.language, []).append(article)
        for group in groups.values():  # another language's front end loads here, untimed
            run(group[:WARMUP_ARTICLES])
        seconds = 0.0
        cpu_started = time.process_time()
        for language, group in groups.items():
            started, cpu_before = time.perf_counter(), time.process_time()
            run(group)
            elapsed = time.perf_counter() - started
            used = time.process_time() - cpu_before
            seconds += elapsed
            group_words = sum(word_count(a.text) for a in group)
            by_language[language] = LanguageRate(
                articles=len(group), words=group_words, seconds=round(elapsed, 3),
                words_per_s=round(group_words / elapsed, 1) if elapsed > 0 else 0.0,
                cpu_seconds=round(used, 3),
                words_per_cpu_s=round(group_words / used, 1) if used > 0 else 0.0,
            )
        cpu = {"process": time.process_time() - cpu_started}
        rss = {"process": _own_peak_rss_mb()}
    else:
        from communique.scale import DaskCoder

        workers = int(mode.split("_", 1)[1])
        with DaskCoder(workers=workers, settings=settings) as coder:
            coder.warm_up(warmup)
            worker_cpu = coder.worker_cpu_seconds()
            started, cpu_started = time.perf_counter(), time.process_time()
            for _ in coder(articles):
                pass
            seconds = time.perf_counter() - started
            driver_cpu = time.process_time() - cpu_started
            worker_cpu = {
                k: v - worker_cpu.get(k, 0.0) for k, v in coder.worker_cpu_seconds().items()
            }
            per_worker = coder.worker_peak_rss_mb()
        names = {address: f"worker-{i}" for i, address in enumerate(sorted(per_worker))}
        rss = {names[k]: round(v, 1) for k, v in per_worker.items()}
        rss["driver"] = _own_peak_rss_mb()
        cpu = {names.get(k, k): v for k, v in worker_cpu.items()}
        cpu["driver"] = driver_cpu
    words = sum(word_count(a.text) for a in articles)
    cpu_total = sum(cpu.values())
    return ModeResult(
        mode=mode,
        articles=len(articles),
        words=words,
        seconds=seconds,
        words_per_s=round(words / seconds, 1),
        articles_per_s=round(len(articles) / seconds, 3),
        peak_rss_mb=max(v for k, v in rss.items() if k != "driver"),
        process_rss_mb=rss,
        cpu_seconds=cpu,
        words_per_cpu_s=round(words / cpu_total, 1) if cpu_total > 0 else 0.0,
        workers=workers,
        load_seconds=load_seconds,
        load_avg_1m=load,
        cpu_count=os.cpu_count() or 1,
        by_language=by_language,
    )


def _bare_runner(settings: Settings) -> Callable[[list[Article]], None]:
    """The bare parse of each article's language (the Russian front end loads on first use)."""
    from communique.nlp.loader import load_for_language

    def run(articles: list[Article]) -> None:
        by_language: dict[str, list[str]] = {}
        for article in articles:
            by_language.setdefault(article.language, []).append(article.text)
        for language, texts in by_language.items():
            nlp = load_for_language(language, settings.model, with_components=False)
            for _ in nlp.pipe(texts, batch_size=settings.batch_size):
                pass

    load_for_language("en", settings.model, with_components=False)
    return run


def _full_runner(settings: Settings) -> Callable[[list[Article]], None]:
    from communique.pipeline import Pipeline

    pipeline = Pipeline(settings)

    def run(articles: list[Article]) -> None:
        for _ in pipeline.code(articles):
            pass

    return run


def _child_main(argv: list[str]) -> None:
    mode, corpus, limit, settings_json = argv
    settings = Settings.model_validate_json(settings_json)
    articles = load_corpus(corpus, int(limit) if limit else None)
    result = measure_mode(mode, articles, settings)
    sys.stdout.write("\n" + json.dumps(result.to_json_dict()) + "\n")


if __name__ == "__main__":
    _child_main(sys.argv[1:])
