"""The district report: the rollup across schools as a PDF (``sipdesk district rollup -o``).

The views are :func:`sipdesk.district.rollup_tables.views` (the same cells as the CSV files and
the JSON); this module only sets them, on landscape Letter with the plan PDFs' fonts, header and
"Page X of Y" footer. Two charts are drawn from the same data where a picture reads faster: a
domain × school heat map (strategies per school in each domain; a domain a school does not
address stands out in warm red) before the strategies' tables, and a stacked bar of each
school's actions by status before the implementation table. Long lists are split into charts of
at most :data:`CHART_ROWS` schools each, so they flow over pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from sipdesk.diagrams.text import wrap_text
from sipdesk.district.rollup import Rollup
from sipdesk.district.rollup_charts import (
    cell_words,
    heat_colours,
    heat_map,
    most_actions,
    status_bars,
    status_colours,
    status_legend,
)
from sipdesk.district.rollup_tables import COUNT, MONEY, View, gap_sentences, money_words, views
from sipdesk.export.pdf.chassis import GRID, HEAD_BG, LABEL_BG, one_frame_pdf
from sipdesk.export.pdf_flowables import (
    INK,
    MUTED,
    NAVY,
    Anchor,
    BidiParagraph,
    Marks,
    TextParagraph,
    fit_line,
    footer_form,
)
from sipdesk.export.pdf_text import (
    FONT,
    FONT_BOLD,
    FONT_CJK,
    FONT_ITALIC,
    has_rtl,
    is_plain,
    markup,
    register_fonts,
    text_uses_fallback,
)

PAGE = landscape(LETTER)
CHART_ROWS = 24  # a chart part and its heading fit on one page
CELL_SIZE, CELL_LEADING = 8.0, 10.0
TABLE_ROWS = 40
CELL_CHARS = 400  # a table row cannot break over a page: longer text is cut


def _width(text: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, FONT, size))


def _clip(value: str) -> str:
    if len(value) <= CELL_CHARS:
        return value
    return value[:CELL_CHARS].rsplit(" ", 1)[0] + " …"


class RollupRenderer:
    margin = 0.55 * inch
    top_margin = 0.85 * inch
    bottom_margin = 0.7 * inch

    def __init__(self, data: Rollup) -> None:
        self.data = data
        self.views = views(data)
        self.marks = Marks()
        self._cjk: dict[str, ParagraphStyle] = {}
        self._keys = 0
        self.width = PAGE[0] - 2 * self.margin

    def render(self) -> bytes:
        register_fonts(cjk=text_uses_fallback(list(self._strings())))
        self.styles = _stylesheet()
        return one_frame_pdf(
            self.marks,
            self.data.today,
            self._story(),
            self._decorate,
            pagesize=PAGE,
            frame=(
                self.margin,
                self.bottom_margin,
                self.width,
                PAGE[1] - self.top_margin - self.bottom_margin,
            ),
            title=self._title(),
            author=self.data.district or "District",
            subject="The district's rollup of its schools' improvement plans",
        )

    def _title(self) -> str:
        return (
            f"Across our schools: {self.data.district}"
            if self.data.district
            else "Across our schools"
        )

    # -- the story ----------------------------------------------------------------------------
    def _story(self) -> list[Flowable]:
        data = self.data
        count = len(data.schools)
        story: list[Flowable] = [self._para(self._title(), "title")]
        when = (
            f"Each school's latest plan received by {self._day(data.as_of)}"
            if data.as_of
            else "Each school's latest plan on the desk"
        )
        story.append(
            self._para(
                f"{when}: {count} school{'s' if count != 1 else ''}. "
                f"Monitoring as of {self._day(data.today)}.",
                "summary",
            )
        )
        if data.not_yet:
            story.append(self._para(f"Not received by then: {', '.join(data.not_yet)}.", "note"))
        for sentence in gap_sentences(data):
            story.append(self._para(sentence, "body"))
        by_key = {view.key: view for view in self.views}
        for view in self.views:
            lead = [*self._heading(view.title), self._para(view.note, "note")]
            charts: list[Flowable] = []
            if view.key == "domains" and data.schools:
                charts = self._heat_map(by_key["domains"])
            if view.key == "implementation" and data.schools:
                charts = self._status_bars()
            # The heading and its note stay on the page with the first chart (or table part).
            body = [*charts, *self._table(view)]
            story += [CondPageBreak(1.6 * inch), KeepTogether([*lead, body[0]])]
            story += body[1:]
        return story

    def _day(self, day: Any) -> str:
        return f"{day:%B} {day.day}, {day.year}"

    def _heading(self, text: str) -> list[Flowable]:
        self._keys += 1
        key = f"v{self._keys}"
        return [Anchor(key, text, 0, self.marks), self._para(text, "h2")]

    def _table(self, view: View) -> list[Flowable]:
        if not view.rows:
            return [self._para("Nothing to show here.", "note")]
        widths = _widths(view, self.width)

        def head() -> list[Any]:
            return [self._p(markup(c.title), self.styles["cell_head"]) for c in view.columns]

        rows: list[list[Any]] = [head()]
        for row in view.rows:
            cells = []
            for column, value, width in zip(view.columns, row, widths, strict=True):
                if column.kind == MONEY and isinstance(value, int):
                    text = money_words(value)
                else:
                    text = _clip(str(value))
                cells.append(self._cell(text, width, column.kind in (COUNT, MONEY)))
            rows.append(cells)
        # Tables of at most TABLE_ROWS rows, each with the head: reportlab splits a long table
        # over pages by wrapping what is left again at every page, slow for thousands of rows.
        out: list[Flowable] = []
        for start in range(1, len(rows), TABLE_ROWS):
            part = [head(), *rows[start : start + TABLE_ROWS]]
            table = Table(part, colWidths=widths, repeatRows=1)
            commands: list[Any] = [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 1), (-1, -1), FONT, CELL_SIZE, CELL_LEADING),
                ("TEXTCOLOR", (0, 1), (-1, -1), INK),
                *(
                    ("ALIGN", (i, 1), (i, -1), "RIGHT")
                    for i, c in enumerate(view.columns)
                    if c.kind in (COUNT, MONEY)
                ),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
            if view.key == "budget":  # a source's total across schools heads its group
                for i, row in enumerate(view.rows[start - 1 : start - 1 + TABLE_ROWS], start=1):
                    if row[1] == "All schools":
                        commands.append(("BACKGROUND", (0, i), (-1, i), LABEL_BG))
            table.setStyle(TableStyle(commands))
            table.hAlign = "LEFT"
            out.append(table)
        return [*out, Spacer(1, 6)]

    def _cell(self, text: str, width: float, number: bool) -> Any:
        """Plain text wrapped to the column when the main font draws it (several times faster
        for reportlab than a Paragraph), else a Paragraph."""
        if is_plain(text):
            return "\n".join(wrap_text(text, CELL_SIZE, width - 6, _width))
        return self._p(markup(text), self.styles["cell_num" if number else "cell"])

    # -- charts ---------------------------------------------------------------------------------
    def _heat_map(self, view: View) -> list[Flowable]:
        """Schools down, the four domains across; each cell the school's strategies there."""
        out: list[Flowable] = []
        chart = heat_map(self.data, view)
        label_w, cell_w, cell_h = 2.6 * inch, 1.8 * inch, 15.0
        for start in range(0, len(chart.rows), CHART_ROWS):
            part = chart.rows[start : start + CHART_ROWS]
            height = cell_h * (len(part) + 1) + 4
            drawing = Drawing(label_w + cell_w * 4, height)
            y = height - cell_h
            for i, title in enumerate(chart.domains):
                x = label_w + i * cell_w
                drawing.add(
                    String(
                        x + cell_w / 2,
                        y + 4,
                        fit_line(title, 8, cell_w - 4, FONT_BOLD),
                        fontName=FONT_BOLD,
                        fontSize=8,
                        fillColor=NAVY,
                        textAnchor="middle",
                    )
                )
            for r, row in enumerate(part):
                y = height - cell_h * (r + 2)
                drawing.add(
                    String(
                        label_w - 6,
                        y + 4,
                        fit_line(row.school, 8, label_w - 8),
                        fontName=FONT,
                        fontSize=8,
                        fillColor=INK,
                        textAnchor="end",
                    )
                )
                for i, count in enumerate(row.counts):
                    x = label_w + i * cell_w
                    fill, ink = heat_colours(count, chart.top)
                    drawing.add(
                        Rect(
                            x + 1,
                            y,
                            cell_w - 2,
                            cell_h - 2,
                            fillColor=colors.HexColor(fill),
                            strokeColor=None,
                        )
                    )
                    drawing.add(
                        String(
                            x + cell_w / 2,
                            y + 4,
                            cell_words(count),
                            fontName=FONT_BOLD if count == 0 else FONT,
                            fontSize=8,
                            fillColor=colors.HexColor(ink),
                            textAnchor="middle",
                        )
                    )
            out += [drawing, Spacer(1, 8)]
        return out

    def _status_bars(self) -> list[Flowable]:
        """One bar per school: its actions done, on track, behind and not started."""
        rows = status_bars(self.data)
        most = most_actions(rows)
        label_w, bar_w, bar_h = 2.6 * inch, self.width - 2.6 * inch - 0.6 * inch, 13.0
        out: list[Flowable] = []
        for start in range(0, len(rows), CHART_ROWS):
            part = rows[start : start + CHART_ROWS]
            height = (bar_h + 3) * len(part) + 2
            drawing = Drawing(label_w + bar_w + 0.6 * inch, height)
            for r, row in enumerate(part):
                y = height - (bar_h + 3) * (r + 1)
                drawing.add(
                    String(
                        label_w - 6,
                        y + 3,
                        fit_line(row.school, 8, label_w - 8),
                        fontName=FONT,
                        fontSize=8,
                        fillColor=INK,
                        textAnchor="end",
                    )
                )
                x = label_w
                for status, count in row.segments:
                    if not count:
                        continue
                    w = bar_w * count / most
                    fill, ink = (colors.HexColor(c) for c in status_colours(status))
                    drawing.add(Rect(x, y, w, bar_h, fillColor=fill, strokeColor=None))
                    if w >= 9:
                        drawing.add(
                            String(
                                x + w / 2,
                                y + 3,
                                str(count),
                                fontName=FONT,
                                fontSize=7.5,
                                fillColor=ink,
                                textAnchor="middle",
                            )
                        )
                    x += w
                drawing.add(
                    String(
                        x + 4,
                        y + 3,
                        f"{row.actions}",
                        fontName=FONT,
                        fontSize=7.5,
                        fillColor=MUTED,
                    )
                )
            out += [KeepTogether([self._legend(), drawing]) if not out else drawing, Spacer(1, 8)]
        return out

    def _legend(self) -> Flowable:
        drawing = Drawing(self.width, 14)
        x = 2.6 * inch
        for status, words in status_legend():
            fill = colors.HexColor(status_colours(status)[0])
            drawing.add(Rect(x, 2, 10, 10, fillColor=fill, strokeColor=None))
            drawing.add(String(x + 14, 3, words, fontName=FONT, fontSize=8, fillColor=INK))
            x += 28 + len(words) * 5
        return drawing

    # -- pieces ---------------------------------------------------------------------------------
    def _para(self, text: str, style: str) -> Paragraph:
        return self._p(markup(text), self.styles[style])

    def _p(self, text: str, style: ParagraphStyle) -> Paragraph:
        if FONT_CJK in text:
            variant = self._cjk.get(style.name)
            if variant is None:
                variant = ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")
                self._cjk[style.name] = variant
            style = variant
        return BidiParagraph(text, style) if has_rtl(text) else TextParagraph(text, style)

    def _strings(self) -> Iterator[str]:
        yield self.data.district
        for view in self.views:
            for row in view.rows:
                yield from (str(v) for v in row)

    def _decorate(self, canv: Any, doc: Any) -> None:
        width, height = canv._pagesize
        left, right = self.margin, width - self.margin
        page = canv.getPageNumber()
        self.marks.last_page = max(self.marks.last_page, page)
        canv.saveState()
        top = height - 0.5 * inch
        district = fit_line(self.data.district or "District", 9, (right - left) * 0.55, FONT_BOLD)
        canv.setFont(FONT_BOLD, 9)
        canv.setFillColor(NAVY)
        canv.drawString(left, top, district)
        canv.setFont(FONT, 8)
        canv.setFillColor(MUTED)
        canv.drawRightString(right, top, "Across our schools · School Improvement Plans")
        canv.setStrokeColor(NAVY)
        canv.setLineWidth(0.6)
        canv.line(left, top - 5, right, top - 5)
        bottom = 0.42 * inch
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.4)
        canv.line(left, bottom + 10, right, bottom + 10)
        canv.drawString(left, bottom, "SIP Desk · district desk · rollup")
        canv.saveState()
        canv.translate(right, bottom)
        canv.doForm(footer_form(page))
        canv.restoreState()
        canv.restoreState()


def _widths(view: View, total: float) -> list[float]:
    """Numbers narrow; each text column at least as wide as its longest word (up to
    :data:`WORD_WIDTH_CAP`), so no word is cut in two; the rest of the width shared by the text
    columns, long texts more."""
    fixed = {COUNT: 0.9 * inch, MONEY: 1.05 * inch}
    wide = {"words": 3.0, "indicator": 2.6, "needed": 2.0, "provided": 2.0, "practice": 1.6}
    narrow = {"version", "received", "school_year", "latest_month", "kind", "subject", "group"}
    weights, floors = [], []
    for i, column in enumerate(view.columns):
        title_words = [
            pdfmetrics.stringWidth(w, FONT_BOLD, CELL_SIZE) for w in column.title.split()
        ]
        if column.kind in fixed:
            weights.append(0.0)
            floors.append(max([fixed[column.kind]] + [w + 10 for w in title_words]))
            continue
        if column.key in wide:
            weights.append(wide[column.key])
        elif column.key.startswith("target_y"):
            weights.append(0.8)
        else:
            weights.append(0.5 if column.key in narrow else 1.0)
        words = {w for row in view.rows for w in str(row[i]).split()}
        longest = max(
            [_width(w, CELL_SIZE) for w in words] + title_words,
            default=0.0,
        )
        floors.append(min(longest + 10, WORD_WIDTH_CAP))
    # Shared by weight first; a column narrower than its floor is widened to it, the width it
    # takes coming from the columns with room above their own floors, in proportion to it.
    rest = total - sum(f for f, w in zip(floors, weights, strict=True) if not w)
    share = sum(weights) or 1.0
    out = [rest * w / share if w else f for f, w in zip(floors, weights, strict=True)]
    short = sum(max(0.0, f - o) for f, o in zip(floors, out, strict=True))
    room = [max(0.0, o - f) for f, o in zip(floors, out, strict=True)]
    spare = sum(room)
    if short and spare:
        take = min(1.0, short / spare)
        out = [max(f, o - r * take) for f, o, r in zip(floors, out, room, strict=True)]
    scale = min(1.0, total / sum(out)) if out else 1.0  # many wide words: all a little narrower
    return [width * scale for width in out]


WORD_WIDTH_CAP = 1.4 * inch


def _stylesheet() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13, textColor=INK)

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "title": style(
            "title", fontName=FONT_BOLD, fontSize=20, leading=25, textColor=NAVY, spaceAfter=6
        ),
        "summary": style("summary", fontSize=11, leading=15, spaceBefore=2, spaceAfter=6),
        "body": style("body2", spaceAfter=2),
        "note": style(
            "note", fontName=FONT_ITALIC, fontSize=9, leading=12, textColor=MUTED, spaceAfter=6
        ),
        "h2": style(
            "h2",
            fontName=FONT_BOLD,
            fontSize=14,
            leading=18,
            textColor=NAVY,
            spaceBefore=12,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "cell": style("cell", fontSize=8, leading=10),
        "cell_num": style("cell_num", fontSize=8, leading=10, alignment=2),
        "cell_head": style(
            "cell_head", fontName=FONT_BOLD, fontSize=8, leading=10, textColor=colors.white
        ),
    }


def render_rollup(data: Rollup) -> bytes:
    """The district report as PDF bytes; the same desk on the same day gives the same bytes."""
    return RollupRenderer(data).render()
