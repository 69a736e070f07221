"""The district's self-reflection, Tool C, as a PDF (``sipdesk district reflect -o OUT.pdf`` and
the desk window's *Save as PDF…*; issue 14, item 2).

Portrait Letter with the plan PDFs' fonts, header and "Page X of Y" footer. First the four levels
in our words; then, domain by domain, each element with every team member's rating and evidence
and, set apart, the level the team agreed; then the domain's strengths and weaknesses, each
weakness followed by the rollup rows linked to it with their figures on the day of the export.
The same reflection on the same day gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Table,
    TableStyle,
)

from sipdesk.district.reflection import Sheet, level_words
from sipdesk.district.reflection_links import LinkedRow
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
    markup,
    register_fonts,
    text_uses_fallback,
)
from sipdesk.models.catalogues import tool_c

PAGE = LETTER
EVIDENCE_CHARS = 3000  # a table row cannot break over a page: longer evidence is cut


def _clip(text: str, limit: int = EVIDENCE_CHARS) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


class ReflectionRenderer:
    margin = 0.7 * inch
    top_margin = 0.85 * inch
    bottom_margin = 0.7 * inch

    def __init__(
        self, sheet: Sheet, district: str, linked: dict[int, list[LinkedRow]], today: dt.date
    ) -> None:
        self.sheet = sheet
        self.district = district
        self.linked = linked
        self.today = today
        self.marks = Marks()
        self._cjk: dict[str, ParagraphStyle] = {}
        self._keys = 0
        self.width = PAGE[0] - 2 * self.margin

    def render(self) -> bytes:
        register_fonts(cjk=text_uses_fallback(list(self._strings())))
        self.styles = _stylesheet()
        return one_frame_pdf(
            self.marks,
            self.today,
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
            author=self.district or "District",
            subject="The district's self-reflection on how it supports school improvement",
        )

    def _title(self) -> str:
        return f"Our self-reflection: {self.sheet.title}"

    # -- the story ----------------------------------------------------------------------------
    def _story(self) -> list[Flowable]:
        tool = tool_c()
        sheet = self.sheet
        story: list[Flowable] = [self._para(self._title(), "title")]
        who = ", ".join(sheet.members) if sheet.members else "nobody yet"
        story.append(
            self._para(
                f"{self.district or 'The district'}: {sheet.rated} of {len(sheet.elements)} "
                f"elements rated, {sheet.agreed} agreed. Rated by {who}.",
                "summary",
            )
        )
        story.append(self._para(tool.intro, "note"))
        levels = [
            [self._para(f"{lv.level} · {lv.name}", "cell_bold"), self._para(lv.description, "cell")]
            for lv in tool.levels
        ]
        story.append(self._table(levels, [2.1 * inch, self.width - 2.1 * inch], shade_last=False))
        for domain in sheet.domains:
            story += self._heading(f"{domain.domain.number}. {domain.domain.name}")
            for element in domain.elements:
                story.append(self._element(element))
            story += self._notes("Strengths", [(n.text, []) for n in domain.strengths])
            story += self._notes(
                "Weaknesses", [(n.text, self.linked.get(n.id, [])) for n in domain.weaknesses]
            )
        return story

    def _element(self, element: Any) -> Flowable:
        head = self._para(f"{element.element.code}. {element.element.name}", "element")
        if not element.ratings and element.agreed_level is None:
            return KeepTogether([head, self._para("Not rated yet.", "note")])
        rows: list[list[Any]] = [
            [self._para(w, "cell_head") for w in ("Who", "Level", "Evidence")],
        ]
        for rating in element.ratings:
            rows.append(
                [
                    self._para(rating.member, "cell"),
                    self._para(level_words(rating.level), "cell"),
                    self._para(_clip(rating.evidence) or "—", "cell"),
                ]
            )
        rows.append(
            [
                self._para("Agreed by the team", "cell_bold"),
                self._para(level_words(element.agreed_level), "cell_bold"),
                self._para(_clip(element.agreed_evidence) or "—", "cell"),
            ]
        )
        widths = [1.6 * inch, 1.5 * inch, self.width - 3.1 * inch]
        return KeepTogether([head, self._table(rows, widths, head_row=True)])

    def _notes(self, title: str, notes: list[tuple[str, list[LinkedRow]]]) -> list[Flowable]:
        out: list[Flowable] = [self._para(title, "h3")]
        if not notes:
            return [*out, self._para("None noted yet.", "note")]
        for text, rows in notes:
            out.append(self._para(f"• {text}", "bullet"))
            for row in rows:
                out.append(self._para(f"Across schools — {row.words}", "linked"))
        return out

    def _table(
        self,
        rows: list[list[Any]],
        widths: list[float],
        *,
        head_row: bool = False,
        shade_last: bool = True,
    ) -> Table:
        table = Table(rows, colWidths=widths, repeatRows=1 if head_row else 0)
        commands: list[Any] = [
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if head_row:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_BG))
        if head_row and shade_last:
            commands.append(("BACKGROUND", (0, -1), (-1, -1), LABEL_BG))
        table.setStyle(TableStyle(commands))
        table.hAlign = "LEFT"
        return table

    def _heading(self, text: str) -> list[Flowable]:
        self._keys += 1
        return [Anchor(f"d{self._keys}", text, 0, self.marks), self._para(text, "h2")]

    # -- pieces ---------------------------------------------------------------------------------
    def _para(self, text: str, style: str) -> Paragraph:
        chosen = self.styles[style]
        body = markup(text)
        if FONT_CJK in body:
            variant = self._cjk.get(chosen.name)
            if variant is None:
                variant = ParagraphStyle(f"{chosen.name}-cjk", parent=chosen, wordWrap="CJK")
                self._cjk[chosen.name] = variant
            chosen = variant
        return BidiParagraph(body, chosen) if has_rtl(body) else TextParagraph(body, chosen)

    def _strings(self) -> Iterator[str]:
        yield self.district
        yield self.sheet.title
        for element in self.sheet.elements:
            yield element.agreed_evidence
            for rating in element.ratings:
                yield rating.member
                yield rating.evidence
        for domain in self.sheet.domains:
            for note in (*domain.strengths, *domain.weaknesses):
                yield note.text
        for rows in self.linked.values():
            for row in rows:
                yield row.words

    def _decorate(self, canv: Any, doc: Any) -> None:
        width, height = canv._pagesize
        left, right = self.margin, width - self.margin
        page = canv.getPageNumber()
        self.marks.last_page = max(self.marks.last_page, page)
        canv.saveState()
        top = height - 0.5 * inch
        district = fit_line(self.district or "District", 9, (right - left) * 0.55, FONT_BOLD)
        canv.setFont(FONT_BOLD, 9)
        canv.setFillColor(NAVY)
        canv.drawString(left, top, district)
        canv.setFont(FONT, 8)
        canv.setFillColor(MUTED)
        canv.drawRightString(right, top, "Our self-reflection · Tool C")
        canv.setStrokeColor(NAVY)
        canv.setLineWidth(0.6)
        canv.line(left, top - 5, right, top - 5)
        bottom = 0.42 * inch
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.4)
        canv.line(left, bottom + 10, right, bottom + 10)
        canv.drawString(left, bottom, "SIP Desk · district desk · self-reflection")
        canv.saveState()
        canv.translate(right, bottom)
        canv.doForm(footer_form(page))
        canv.restoreState()
        canv.restoreState()


def _stylesheet() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13, textColor=INK)

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "title": style(
            "title", fontName=FONT_BOLD, fontSize=20, leading=25, textColor=NAVY, spaceAfter=6
        ),
        "summary": style("summary", fontSize=11, leading=15, spaceBefore=2, spaceAfter=6),
        "note": style(
            "note", fontName=FONT_ITALIC, fontSize=9, leading=12, textColor=MUTED, spaceAfter=6
        ),
        "h2": style(
            "h2",
            fontName=FONT_BOLD,
            fontSize=15,
            leading=19,
            textColor=NAVY,
            spaceBefore=14,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "h3": style(
            "h3",
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=15,
            textColor=NAVY,
            spaceBefore=8,
            spaceAfter=2,
            keepWithNext=1,
        ),
        "element": style(
            "element", fontName=FONT_BOLD, fontSize=10, leading=13, spaceBefore=8, spaceAfter=3
        ),
        "bullet": style("bullet", leftIndent=10, spaceAfter=2),
        "linked": style("linked", fontSize=9, leading=12, leftIndent=24, textColor=MUTED),
        "cell": style("cell", fontSize=9, leading=11.5),
        "cell_bold": style("cell_bold", fontName=FONT_BOLD, fontSize=9, leading=11.5),
        "cell_head": style(
            "cell_head", fontName=FONT_BOLD, fontSize=9, leading=11.5, textColor=colors.white
        ),
    }


def render_reflection(
    sheet: Sheet, district: str, linked: dict[int, list[LinkedRow]], *, today: dt.date
) -> bytes:
    """The self-reflection as PDF bytes; the same reflection on the same day, the same bytes."""
    return ReflectionRenderer(sheet, district, linked, today).render()
