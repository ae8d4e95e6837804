"""The brief as Markdown: the summary with its citations, then the records they point at.

Stored text (titles, quotes, names) is escaped for Markdown and HTML, so a renderer shows it as
text, never as markup; article URLs are linked only when they are http(s).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from communique.brief.model import Brief, BriefSource, Sentence

# Characters that Markdown (or the HTML it may carry) would read as markup.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def md_text(value: object) -> str:
    """Stored text as literal Markdown: whitespace collapsed, markup characters escaped."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def md_url(url: str) -> str:
    """A URL safe inside (...) of a Markdown link: spaces, brackets and quotes encoded."""
    return quote(url.strip(), safe=":/?#@!$&'*+,;=%~-._")


def anchor(label: str) -> str:
    return label.lower()


def _cite(refs: list[str]) -> str:
    return "[" + ", ".join(f"[{r}](#{anchor(r)})" for r in refs) + "]"


def _links(refs: list[str]) -> str:
    return ", ".join(f"[{r}](#{anchor(r)})" for r in refs)


def sentence_md(sentence: Sentence) -> str:
    return f"{md_text(sentence.text)} {_cite(sentence.refs)}"


def source_md(source: BriefSource | None, article_id: str | None) -> str:
    if source is None:
        return f"article {md_text(article_id or '?')}"
    title = md_text(source.title or source.article_id)
    linked = f"[{title}]({md_url(source.url)})" if source.url else title
    details = ", ".join(md_text(x) for x in (source.publisher, source.published) if x)
    url = f" <{md_url(source.url)}>" if source.url else ""
    return f"{linked}{f' ({details})' if details else ''}{url}"


def _head(label: str) -> str:
    return f'<a id="{anchor(label)}"></a>**{label}**'


def to_markdown(brief: Brief) -> str:
    lines = [f"# {md_text(brief.a_name)} – {md_text(brief.b_name)}: brief", "",
             f"Period: {md_text(brief.period)}. Built from the communique store only; each "
             "statement cites the records it rests on (E event, A agreement, F figure, "
             "M milestone, P person), listed below with their quoted evidence and source.", "",
             "## Summary", ""]
    if brief.summary:
        lines.append(" ".join(sentence_md(s) for s in brief.summary))
    else:
        lines.append("No stored record of this pair for the period.")
    lines += ["", "## Timeline", ""]
    if brief.timeline:
        names = [q.name for q in brief.quads]
        lines.append("| month | " + " | ".join(names) + " | total |")
        lines.append("|---" * (len(names) + 2) + "|")
        for month in brief.timeline:
            counts = [str(month.counts.get(q.quad, 0)) for q in brief.quads]
            lines.append(f"| {month.month} | " + " | ".join(counts) + f" | {month.total} |")
    else:
        lines.append("No dated events in the period.")
    lines += ["", "## Key events", ""]
    if brief.total > len(brief.events):
        lines += [f"The {len(brief.events)} most telling of {brief.total} events, in date order.",
                  ""]
    for e in brief.events:
        where = f", in {md_text(e.location)}" if e.location else ""
        lines += [
            f"{_head(e.label)} · {md_text(e.when)} · {md_text(e.source)} → {md_text(e.target)}: "
            f"{md_text(e.action)} (CAMEO {e.cameo}, {md_text(e.plover or '')}"
            f"{'/' + md_text(e.plover_mode) if e.plover_mode else ''}"
            f"{', ' + md_text(e.tense) if e.tense and e.tense != 'past' else ''}){where}", "",
            f"> “{md_text(e.evidence or '')}”", "",
            f"Source: {source_md(brief.sources.get(e.article_id), e.article_id)}", "",
        ]
    lines += ["## People", ""]
    for p in brief.people:
        acts = f" Acts in {_links(p.events)}." if p.events else ""
        lines += [
            f"{_head(p.label)} · {md_text(p.name)}"
            f"{', ' + md_text(p.title) if p.title else ''}"
            f"{' (' + md_text(p.country) + ')' if p.country else ''}.{acts}", "",
            f"> “{md_text(p.evidence)}”", "",
            f"Source: {source_md(brief.sources.get(p.article_id), p.article_id)}", "",
        ]
    if not brief.people:
        lines += ["Nobody named.", ""]
    lines += ["## Agreements", ""]
    for g in brief.agreements:
        lines += [
            f"{_head(g.label)} · {md_text(g.name)} · {md_text(g.status or 'status not given')}"
            f" · {md_text(g.when)}"
            f"{' · parties: ' + md_text(g.party_names) if g.party_names else ''}"
            f"{' · witnesses: ' + md_text(g.witnesses) if g.witnesses else ''}"
            f"{' · stated in ' + _links(g.events) if g.events else ''}",
            "", f"> “{md_text(g.text or '')}”", "",
            f"Source: {source_md(brief.sources.get(g.article_id or ''), g.article_id)}", "",
        ]
    if not brief.agreements:
        lines += ["No agreements.", ""]
    lines += ["## Figures", ""]
    for f in brief.figures:
        lines += [
            f"{_head(f.label)} · {md_text(f.what)}"
            f"{' ' + md_text(f.direction) if f.direction else ''}: {md_text(f.amount)}, "
            f"{md_text(f.period) if f.period else 'period not given'}", "",
            f"> “{md_text(f.text or '')}”", "",
            f"Source: {source_md(brief.sources.get(f.article_id or ''), f.article_id)}", "",
        ]
    if not brief.figures:
        lines += ["No figures.", ""]
    lines += ["## Milestones", ""]
    for m in brief.milestones:
        lines += [
            f"{_head(m.label)} · {md_text(m.what)} · {md_text(m.when)}", "",
            f"> “{md_text(m.text or '')}”", "",
            f"Source: {source_md(brief.sources.get(m.article_id or ''), m.article_id)}", "",
        ]
    if not brief.milestones:
        lines += ["No milestones.", ""]
    lines += ["## Sources", ""]
    for source in sorted(brief.sources.values(), key=lambda s: (s.published or "", s.article_id)):
        lines.append(f"- {source_md(source, source.article_id)}")
    if not brief.sources:
        lines.append("No articles.")
    return "\n".join(lines).rstrip() + "\n"
