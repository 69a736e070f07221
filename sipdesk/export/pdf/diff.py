"""What changed between two versions of a plan, as a PDF (``sipdesk district diff -o``).

The difference itself is :mod:`sipdesk.district.diff` (pure data); this module only sets it.

A small document of its own, on the Tool A PDF's chassis pieces (fonts, colours, the
"Page X of Y" footer, reportlab's invariant mode): a header with the school and its school year on
every page, the title "What changed: School, version N → M", when each version arrived, a one-line
summary, then one heading per section that changed, each change with a table of its fields
before and after, and the untouched sections named in one line at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from sipdesk.district.diff import Change, PlanDiff, other_line, summary_line, unchanged_line
from sipdesk.district.diff_fields import BLANK
from sipdesk.export.pdf.chassis import GRID, HEAD_BG, LABEL_BG, one_frame_pdf
from sipdesk.export.pdf_flowables import (
    INK,
    MUTED,
    NAVY,
    Anchor,
    BidiParagraph,
    Marks,
    TextParagraph,
    draw_runs,
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

KIND_COLOURS = {
    "added": colors.HexColor("#1E6B3A"),
    "removed": colors.HexColor("#9B2C2C"),
    "changed": NAVY,
}


@dataclass(frozen=True)
class DiffTitle:
    """What the document is about: the school, its year, the two versions and when they came."""

    school: str
    school_year: str
    from_number: int
    to_number: int
    from_received: str = ""  # "December 1, 2026" — as the reader should see it
    to_received: str = ""

    @property
    def title(self) -> str:
        return f"What changed: {self.school}, version {self.from_number} → {self.to_number}"

    @property
    def received(self) -> str:
        parts = [
            f"version {number} received {when}"
            for number, when in (
                (self.from_number, self.from_received),
                (self.to_number, self.to_received),
            )
            if when
        ]
        text = "; ".join(parts)
        return f"{text[:1].upper()}{text[1:]}." if text else ""


class DiffRenderer:
    """Renders one :class:`PlanDiff` into PDF bytes."""

    margin = 0.7 * inch
    top_margin = 0.9 * inch
    bottom_margin = 0.75 * inch

    def __init__(self, diff: PlanDiff, title: DiffTitle, *, today: dt.date) -> None:
        self.diff = diff
        self.head = title
        self.today = today
        self.marks = Marks()
        self._keys = 0
        self._cjk: dict[str, ParagraphStyle] = {}

    def render(self) -> bytes:
        register_fonts(cjk=text_uses_fallback(list(self._strings())))
        self.styles = _stylesheet()
        return one_frame_pdf(
            self.marks,
            self.today,
            self._story(),
            self._decorate,
            pagesize=LETTER,
            frame=(
                self.margin,
                self.bottom_margin,
                LETTER[0] - 2 * self.margin,
                LETTER[1] - self.top_margin - self.bottom_margin,
            ),
            title=self.head.title,
            author=self.head.school or "School",
            subject="What changed between two versions of a School Improvement Plan",
        )

    # -- the story ----------------------------------------------------------------------------

    def _story(self) -> list[Flowable]:
        diff = self.diff
        story: list[Flowable] = [self._para(self.head.title, "title")]
        if self.head.received:
            story.append(self._para(self.head.received, "small"))
        story.append(self._para(summary_line(diff), "summary"))
        if not diff.same_plan:
            story.append(
                self._para(
                    "These versions are two different plans (the school started a new one), so "
                    "their items are compared by their place in the plan.",
                    "note",
                )
            )
        for section in diff.changed:
            # A heading never ends a page: it keeps with its first change.
            lead = self._heading(section.title)
            for change in section.changes:
                story.append(KeepTogether(lead + self._change(change)))
                lead = []
        for line in (unchanged_line(diff), other_line(diff)):
            if line:
                story.append(self._para(line, "closing"))
        return story

    def _heading(self, text: str) -> list[Flowable]:
        self._keys += 1
        key = f"s{self._keys}"
        return [Anchor(key, text, 0, self.marks), self._para(text, "h2")]

    def _change(self, change: Change) -> list[Flowable]:
        colour = KIND_COLOURS[change.kind].hexval()[2:]
        rest = change.headline()[len(change.kind) :]
        head = (
            f'<font name="{FONT_BOLD}" color="#{colour}">{change.kind.capitalize()}</font>'
            f"{markup(rest)}"
        )
        out: list[Flowable] = [self._p(head, self.styles["change"])]
        if not change.fields:
            return out
        width = LETTER[0] - 2 * self.margin - 12
        cell, muted = self.styles["cell"], self.styles["cell_blank"]

        def shown(value: str) -> Paragraph:
            return self._p(markup(_clip(value)), cell) if value else self._p(BLANK, muted)

        if change.kind == "changed":
            heads: tuple[str, ...] = ("", "Before", "After")
            widths = [width * 0.24, width * 0.38, width * 0.38]
        else:
            heads = ("", "It reads" if change.kind == "added" else "It read")
            widths = [width * 0.24, width * 0.76]
        rows: list[list[Any]] = [[self._p(markup(w), self.styles["cell_head"]) for w in heads]]
        for field_change in change.fields:
            values = {
                "changed": (field_change.before, field_change.after),
                "added": (field_change.after,),
                "removed": (field_change.before,),
            }[change.kind]
            rows.append(
                [
                    self._p(markup(field_change.field), self.styles["cell_bold"]),
                    *(shown(value) for value in values),
                ]
            )
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                    ("BACKGROUND", (0, 1), (0, -1), LABEL_BG),
                    ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        table.hAlign = "RIGHT"
        return [*out, table, Spacer(1, 8)]

    # -- pieces ---------------------------------------------------------------------------------

    def _para(self, text: str, style: str) -> Paragraph:
        return self._p(markup(text), self.styles[style])

    def _p(self, text: str, style: ParagraphStyle) -> Paragraph:
        """As the Tool A PDF sets text: CJK may break anywhere, right-to-left lines reordered."""
        if FONT_CJK in text:
            variant = self._cjk.get(style.name)
            if variant is None:
                variant = ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")
                self._cjk[style.name] = variant
            style = variant
        return BidiParagraph(text, style) if has_rtl(text) else TextParagraph(text, style)

    def _strings(self) -> Iterator[str]:
        yield self.head.title
        for change in self.diff.changes:
            yield change.headline()
            for field_change in change.fields:
                yield from (field_change.field, field_change.before, field_change.after)

    def _decorate(self, canv: Any, doc: Any) -> None:
        """Header (school; what this is, and the school year) and footer (Page X of Y)."""
        width, height = canv._pagesize
        left, right = self.margin, width - self.margin
        page = canv.getPageNumber()
        self.marks.last_page = max(self.marks.last_page, page)
        canv.saveState()
        top = height - 0.5 * inch
        school = fit_line(
            self.head.school or "School name not set", 9, (right - left) * 0.55, FONT_BOLD
        )
        draw_runs(canv, left, top, school, FONT_BOLD, 9, NAVY)
        year = self.head.school_year
        meta = "What changed" + (f" · School Improvement Plan {year}" if year else "")
        canv.setFont(FONT, 8)
        canv.setFillColor(MUTED)
        canv.drawRightString(right, top, meta)
        canv.setStrokeColor(NAVY)
        canv.setLineWidth(0.6)
        canv.line(left, top - 5, right, top - 5)
        bottom = 0.45 * inch
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.4)
        canv.line(left, bottom + 10, right, bottom + 10)
        canv.setFont(FONT, 8)
        canv.setFillColor(MUTED)
        canv.drawString(
            left,
            bottom,
            f"SIP Desk · district desk · version {self.head.from_number} → {self.head.to_number}",
        )
        canv.saveState()
        canv.translate(right, bottom)
        canv.doForm(footer_form(page))
        canv.restoreState()
        canv.restoreState()


# A table row cannot break over a page: a longer text is cut (the plan itself has it whole).
CELL_CHARS = 800


def _clip(value: str) -> str:
    if len(value) <= CELL_CHARS:
        return value
    cut = value[:CELL_CHARS].rsplit(" ", 1)[0]
    cut = cut if len(cut) > CELL_CHARS // 2 else value[:CELL_CHARS]
    return f"{cut} … (the first {len(cut):,} of {len(value):,} characters)"


def _stylesheet() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13, textColor=INK)

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "title": style(
            "title", fontName=FONT_BOLD, fontSize=20, leading=25, textColor=NAVY, spaceAfter=6
        ),
        "small": style("small", fontSize=9, leading=12, textColor=MUTED, spaceAfter=4),
        "summary": style("summary", fontSize=11, leading=15, spaceBefore=4, spaceAfter=6),
        "note": style("note", fontName=FONT_ITALIC, fontSize=9, leading=12, textColor=MUTED),
        "h2": style(
            "h2",
            fontName=FONT_BOLD,
            fontSize=14,
            leading=18,
            textColor=NAVY,
            spaceBefore=12,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "change": style("change", spaceBefore=2, spaceAfter=4, leftIndent=0),
        "cell": style("cell", fontSize=9, leading=11.5),
        "cell_bold": style("cell_bold", fontName=FONT_BOLD, fontSize=9, leading=11.5),
        "cell_blank": style(
            "cell_blank", fontName=FONT_ITALIC, fontSize=9, leading=11.5, textColor=MUTED
        ),
        "cell_head": style(
            "cell_head", fontName=FONT_BOLD, fontSize=9, leading=11.5, textColor=colors.white
        ),
        "closing": style("closing", spaceBefore=12, textColor=MUTED),
    }


def render_diff(diff: PlanDiff, title: DiffTitle, *, today: dt.date) -> bytes:
    """The difference as PDF bytes; the same difference on the same day gives the same bytes."""
    return DiffRenderer(diff, title, today=today).render()
