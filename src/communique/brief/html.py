"""The brief as one self-contained HTML page: inline styles, the timeline as inline SVG, no script.

Rendered by Jinja2 with autoescape on: every stored text reaches the page escaped; URLs are linked
only when they are http(s) (checked when the brief is built).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from communique.brief.model import Brief
from communique.brief.timeline import drawing
from communique.web.charts import QUAD_COLOURS

HERE = Path(__file__).parent


@lru_cache(maxsize=1)
def _environment() -> Environment:
    from urllib.parse import quote

    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["quote_id"] = lambda value: quote(str(value), safe="")
    return env


def markers(brief: Brief) -> list[tuple[str | None, str, str]]:
    """The dated agreements and milestones as timeline markers (date, label, kind)."""
    return ([(g.date, g.label, "agreement") for g in brief.agreements]
            + [(m.date, m.label, "milestone") for m in brief.milestones])


def to_html(brief: Brief, *, links: bool = False) -> str:
    """The page; `links` adds the dashboard's links (pair page, PDF, articles)."""
    css = (HERE / "templates" / "brief.css").read_text(encoding="utf-8")
    query = "&".join(f"{k}={v}" for k, v in (("since", brief.since), ("until", brief.until)) if v)
    return _environment().get_template("brief.html").render(
        brief=brief, css=css, links=links, chart=drawing(brief.timeline, markers(brief)),
        quad_colours=QUAD_COLOURS, query=f"?{query}" if query else "",
        sources=sorted(brief.sources.values(), key=lambda s: (s.published or "", s.article_id)),
    )
