"""The brief of one country pair: a readable, sourced document of the relationship for a period.

    from communique.brief import build_brief, to_markdown, to_html, to_pdf
    with open_store(url) as store:
        brief = build_brief(store, "KAZ", "BEL", since="2022")
    Path("brief.md").write_text(to_markdown(brief))

Every summary sentence cites the labels of the stored records it rests on (docs/BRIEF.md).
"""

from communique.brief.build import build_brief
from communique.brief.markdown import to_markdown
from communique.brief.model import Brief, Sentence

__all__ = ["Brief", "Sentence", "build_brief", "to_html", "to_markdown", "to_pdf"]


def to_html(brief: Brief, *, links: bool = False) -> str:
    """The brief as one self-contained HTML page (`links`: the dashboard's links included)."""
    from communique.brief.html import to_html as render

    return render(brief, links=links)


def to_pdf(brief: Brief) -> bytes:
    """The brief as a PDF (needs the `pdf` extra: pip install 'communique[pdf]')."""
    from communique.brief.pdf import to_pdf as render

    return render(brief)
