"""The Python API in two calls: `code` a text (or texts) and get a flat table of its events.

    import communique

    result = communique.code("ASTANA. KAZINFORM - Kazakhstan and Belgium held talks ...")
    frame = communique.events_frame(result)      # one row per event, flat columns (pandas)

The spaCy pipeline loads once per process (on the first call) and is reused. Library calls
show no progress bar unless asked (`progress=True`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, overload

from communique.models import Article, CodingResult, IngestFailure

if TYPE_CHECKING:
    import pandas as pd

    from communique.pipeline import Pipeline


@lru_cache(maxsize=1)
def _pipeline() -> Pipeline:
    from communique.pipeline import Pipeline

    return Pipeline()


def _article(text: str, number: int, published: str | None) -> Article | IngestFailure:
    from communique.ingest.readers import read_text

    return read_text(text.encode("utf-8"), f"<text {number}>", default_published=published)


@overload
def code(  # type: ignore[overload-overlap]  # a str is a Sequence[str]: the first overload wins
    text_or_texts: str, published: str | None = None, *, progress: bool = False
) -> CodingResult: ...


@overload
def code(
    text_or_texts: Sequence[str], published: str | None = None, *, progress: bool = False
) -> list[CodingResult]: ...


def code(
    text_or_texts: str | Sequence[str], published: str | None = None, *, progress: bool = False
) -> CodingResult | list[CodingResult]:
    """Code one article text (-> CodingResult) or several (-> list, in input order).

    A text is read like a plain-text file: an optional date line and title line, then the body
    (an agency dateline such as "ASTANA. KAZINFORM -" is recognised). `published` (ISO date) is
    the publication date of texts that do not state one; relative dates resolve against it.
    An empty text gives a result whose only content is a drop, never an exception.
    """
    from communique.ingest.dates import published_option

    single = isinstance(text_or_texts, str)
    texts = [text_or_texts] if isinstance(text_or_texts, str) else list(text_or_texts)
    default = published_option(published)
    items = [_article(text, n, default) for n, text in enumerate(texts, start=1)]
    coded: Iterable[CodingResult] = _pipeline().code(items)
    if progress:
        from rich.progress import track

        coded = track(coded, total=len(items), description="coding", transient=True)
    results = list(coded)
    return results[0] if single else results


def events_frame(
    results: CodingResult | Iterable[CodingResult],
    *,
    backend: Literal["pandas", "polars"] = "pandas",
) -> Any:
    """One row per event of `results`, flat columns: the shape of the HTTP API's events and of
    `communique events --format json|csv` (`communique.flat.EventRow`: id, article_id, date,
    cameo, plover, source_name, source_country, ..., trigger, evidence, confidence).

    `backend="polars"` returns a polars DataFrame (pip install 'communique[frames]').
    """
    import pandas as pd

    from communique.flat import EventRow, rows
    from communique.store.rows import mention_columns

    batch = [results] if isinstance(results, CodingResult) else list(results)
    shaped = rows(pd.DataFrame(mention_columns(batch)), EventRow)
    frame: pd.DataFrame = pd.DataFrame(
        [r.model_dump() for r in shaped], columns=list(EventRow.model_fields)
    )
    if backend == "polars":
        from communique.store.frames import to_polars

        return to_polars(frame)
    return frame
