"""The brief as a PDF, written by fpdf2 (pure Python: no browser, no system libraries at run time).

The summary's citations are internal links to the cited records; the timeline is drawn with PDF
rectangles and lines from the same geometry as the HTML page's SVG; the text is set in the
shipped DejaVu Sans (fonts/NOTICE), which covers Latin, Cyrillic and Greek scripts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from communique.brief.html import markers
from communique.brief.model import Brief
from communique.brief.timeline import drawing
from communique.errors import ConfigError

if TYPE_CHECKING:
    from fpdf import FPDF

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVu"
# A4 portrait, 15 mm margins; text sizes in points, line heights in mm.
MARGIN = 15.0
BODY_PT, SMALL_PT, H1_PT, H2_PT = 10, 8, 16, 12
LINE_MM, SMALL_LINE_MM = 5.0, 4.0
QUOTE_INDENT_MM = 6.0
LINK_RGB = (31, 87, 153)
GREY_RGB = (102, 102, 102)
# Control characters (other than tab and newline) have no glyph; they are dropped from the text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean(text: object) -> str:
    return " ".join(_CONTROL.sub("", str(text)).split())


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class _Writer:
    """One brief being written: the document, its internal links, and a few layout helpers."""

    def __init__(self, brief: Brief) -> None:
        try:
            from fpdf import FPDF
        except ImportError:
            raise ConfigError(
                "writing a PDF needs fpdf2, which is not installed",
                hint="pip install 'communique[pdf]' (or use --format html)",
            ) from None
        self.brief = brief
        pdf: FPDF = FPDF(format="A4")
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(True, margin=MARGIN)
        pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        pdf.set_title(_clean(f"{brief.a_name} – {brief.b_name}: brief"))
        pdf.set_creator("communique")
        pdf.add_page()
        self.pdf = pdf
        # fpdf2 inserts a link only once it has a page; set_link moves it to its record later
        self.links = {label: pdf.add_link(page=1) for label in brief.anchors()}

    # -- text helpers ----------------------------------------------------------------------------
    def font(self, size: int, bold: bool = False, rgb: tuple[int, int, int] = (0, 0, 0)) -> None:
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.set_text_color(*rgb)

    def para(self, text: str, size: int = BODY_PT, bold: bool = False,
             rgb: tuple[int, int, int] = (0, 0, 0), indent: float = 0.0) -> None:
        self.font(size, bold, rgb)
        self.pdf.set_x(MARGIN + indent)
        height = max(SMALL_LINE_MM, LINE_MM * size / BODY_PT)
        self.pdf.multi_cell(self.pdf.epw - indent, height, _clean(text), align="L",
                            new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str) -> None:
        self.pdf.ln(3)
        self.para(text, H2_PT, bold=True)
        self.pdf.ln(1)

    def cite(self, refs: list[str], size: int = BODY_PT) -> None:
        """[E1, E2] with each label a link to its record."""
        self.font(size)
        self.pdf.write(LINE_MM, " [")
        for i, ref in enumerate(refs):
            self.font(size, bold=True, rgb=LINK_RGB)
            self.pdf.write(LINE_MM, ref, link=self.links.get(ref, ""))
            self.font(size)
            self.pdf.write(LINE_MM, ", " if i < len(refs) - 1 else "]")

    def target(self, label: str) -> None:
        """Make `label`'s link point here."""
        if self.pdf.will_page_break(4 * LINE_MM):
            self.pdf.add_page()
        self.pdf.set_link(self.links[label], y=self.pdf.get_y(), page=self.pdf.page_no())

    def entry(self, label: str, head: str, quote: str | None, article_id: str | None,
              refs: list[str] = ()) -> None:  # type: ignore[assignment]
        self.target(label)
        self.font(BODY_PT, bold=True, rgb=LINK_RGB)
        self.pdf.write(LINE_MM, f"{label}  ")
        self.font(BODY_PT, bold=True)
        self.pdf.write(LINE_MM, _clean(head))
        if refs:
            self.cite(list(refs))
        self.pdf.ln(LINE_MM + 1)
        if quote:
            self.para(f"“{quote}”", indent=QUOTE_INDENT_MM, rgb=(51, 51, 51))
        self.source(article_id)
        self.pdf.ln(2)

    def source(self, article_id: str | None) -> None:
        s = self.brief.sources.get(article_id or "")
        if s is None:
            return
        details = ", ".join(x for x in (s.publisher, s.published) if x)
        self.para(f"Source: {s.title or s.article_id}{f' ({details})' if details else ''}",
                  SMALL_PT, rgb=GREY_RGB)
        if s.url:
            self.font(SMALL_PT, rgb=LINK_RGB)
            self.pdf.multi_cell(self.pdf.epw, SMALL_LINE_MM, _clean(s.url), link=s.url,
                                align="L", new_x="LMARGIN", new_y="NEXT")

    # -- sections --------------------------------------------------------------------------------
    def write(self) -> bytes:
        b, pdf = self.brief, self.pdf
        self.para(f"{b.a_name} – {b.b_name}: brief", H1_PT, bold=True)
        self.para(f"Period: {b.period}. Built from the communique store only; each statement "
                  "cites the records it rests on (E event, A agreement, F figure, M milestone, "
                  "P person), listed below with their quoted evidence and source.", SMALL_PT,
                  rgb=GREY_RGB)
        self.heading("Summary")
        if not b.summary:
            self.para("No stored record of this pair for the period.")
        for sentence in b.summary:
            self.font(BODY_PT)
            pdf.write(LINE_MM, _clean(sentence.text))
            self.cite(sentence.refs)
            pdf.write(LINE_MM, " ")
        pdf.ln(LINE_MM)
        self.timeline()
        self.heading("Key events")
        if b.total > len(b.events):
            self.para(f"The {len(b.events)} most telling of {b.total} events, in date order.",
                      SMALL_PT, rgb=GREY_RGB)
        for e in b.events:
            extra = ", ".join(x for x in (
                f"CAMEO {e.cameo} {e.plover or ''}{'/' + e.plover_mode if e.plover_mode else ''}",
                e.tense if e.tense and e.tense != "past" else None,
                f"in {e.location}" if e.location else None) if x)
            self.entry(e.label, f"{e.when} · {e.source} → {e.target}: {e.action} ({extra})",
                       e.evidence, e.article_id)
        self.heading("People")
        for p in b.people:
            who = (f"{p.name}{', ' + p.title if p.title else ''}"
                   f"{f' ({p.country})' if p.country else ''}")
            self.entry(p.label, who + (" · acts in" if p.events else ""), p.evidence,
                       p.article_id, p.events)
        if not b.people:
            self.para("Nobody named.", rgb=GREY_RGB)
        self.heading("Agreements")
        for g in b.agreements:
            head = " · ".join(x for x in (g.name, g.status, g.when,
                                          f"parties: {g.party_names}" if g.party_names else None,
                                          f"witnesses: {g.witnesses}" if g.witnesses else None)
                              if x)
            self.entry(g.label, head + (" · stated in" if g.events else ""), g.text,
                       g.article_id, g.events)
        if not b.agreements:
            self.para("No agreements.", rgb=GREY_RGB)
        self.heading("Figures")
        for f in b.figures:
            self.entry(f.label, f"{f.what}{' ' + f.direction if f.direction else ''}: {f.amount},"
                       f" {f.period or 'period not given'}", f.text, f.article_id)
        if not b.figures:
            self.para("No figures.", rgb=GREY_RGB)
        self.heading("Milestones")
        for m in b.milestones:
            self.entry(m.label, f"{m.what} · {m.when}", m.text, m.article_id)
        if not b.milestones:
            self.para("No milestones.", rgb=GREY_RGB)
        self.heading("Sources")
        for s in sorted(b.sources.values(), key=lambda s: (s.published or "", s.article_id)):
            details = ", ".join(x for x in (s.publisher, s.published) if x)
            self.para(f"• {s.title or s.article_id}{f' ({details})' if details else ''}", SMALL_PT)
            if s.url:
                self.font(SMALL_PT, rgb=LINK_RGB)
                pdf.multi_cell(pdf.epw, SMALL_LINE_MM, _clean(s.url), link=s.url,
                               align="L", new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())

    def timeline(self) -> None:
        b, pdf = self.brief, self.pdf
        self.heading("Timeline")
        chart = drawing(b.timeline, markers(b))
        if chart is None:
            self.para("No dated events in the period.", rgb=GREY_RGB)
            return
        scale = pdf.epw / chart.width
        if pdf.will_page_break(chart.height * scale + 12):
            pdf.add_page()
        x0, y0 = MARGIN, pdf.get_y()

        def at(x: float, y: float) -> tuple[float, float]:
            return x0 + x * scale, y0 + y * scale

        self.font(SMALL_PT - 1, rgb=GREY_RGB)
        pdf.set_draw_color(228, 228, 228)
        for t in chart.y_ticks:
            (lx, ly), (rx, _) = at(chart.left, t.at), at(chart.right, t.at)
            pdf.line(lx, ly, rx, ly)
            pdf.text(lx - pdf.get_string_width(t.label) - 1.5, ly + 1, t.label)
        for bar in chart.bars:
            x, y = at(bar.x, bar.y)
            pdf.set_fill_color(*_rgb(bar.colour))
            pdf.rect(x, y, bar.width * scale, bar.height * scale, style="F")
        pdf.set_draw_color(136, 136, 136)
        (lx, by), (rx, _) = at(chart.left, chart.bottom), at(chart.right, chart.bottom)
        pdf.line(lx, by, rx, by)
        for t in chart.x_ticks:
            x, _ = at(t.at, chart.bottom)
            pdf.text(x - pdf.get_string_width(t.label) / 2, by + 4, t.label)
        pdf.set_draw_color(85, 85, 85)
        with pdf.local_context():
            pdf.set_dash_pattern(dash=1, gap=1)
            for m in chart.markers:
                x, top = at(m.x, chart.top)
                pdf.line(x, top, x, by)
        for m in chart.markers:
            x, top = at(m.x, chart.top)
            self.font(SMALL_PT - 1, bold=True, rgb=LINK_RGB)
            pdf.text(x + 0.8, top + 2.5, m.label)
            pdf.link(x, top, 6, 3, self.links[m.label])
        pdf.set_y(y0 + chart.height * scale + 2)
        # the legend: one swatch and count per quad class
        for q in b.quads:
            pdf.set_fill_color(*_rgb(_quad_colour(q.quad)))
            pdf.rect(pdf.get_x(), pdf.get_y() + 1, 3, 3, style="F")
            pdf.set_x(pdf.get_x() + 4)
            self.font(SMALL_PT)
            text = f"{q.name}: {q.count}" + (f" (previous period {q.previous})"
                                              if q.previous is not None else "")
            pdf.write(LINE_MM, text + "    ")
        pdf.ln(LINE_MM + 1)


def _quad_colour(quad: int) -> str:
    from communique.web.charts import QUAD_COLOURS

    return QUAD_COLOURS[quad]


def to_pdf(brief: Brief) -> bytes:
    """The brief as PDF bytes; raises ConfigError when fpdf2 (the `pdf` extra) is missing."""
    return _Writer(brief).write()
