"""The planning calendar as one PDF page (issue 15 item 2): the whole year of a plan's state
pack by month, an activity a row with a mark under each role that has a part in it and the
activity's dates (see :mod:`sipdesk.services.planning_calendar`).

The page is landscape on the chosen paper; the text is set as large as lets the whole year fit
on the one page (from 9 pt down to 5 pt; below that it runs on to a second page rather than
become unreadable). Every piece of text comes from a pack or a plan, so it is escaped and set
in the bundled fonts (:func:`sipdesk.export.pdf_text.markup`). Qt-free.
"""

from __future__ import annotations

import datetime as dt
import io

from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from sipdesk.export.pdf.chassis import PAPER_SIZES, Paper
from sipdesk.export.pdf_flowables import HEAD_FILL, INK, MUTED, NAVY
from sipdesk.export.pdf_text import FONT, FONT_BOLD, markup, register_fonts, text_uses_fallback
from sipdesk.services.planning_calendar import YearGrid

MARGIN = 12 * mm
SIZES = (9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0, 5.5, 5.0)
TITLE = "Planning calendar"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def _texts(grid: YearGrid, school: str) -> list[str]:
    out = [school, grid.pack.title, grid.title, *(r.name for r in grid.roles)]
    for row in grid.rows:
        out += [row.title, *(d.what for d in row.dates)]
    return out


def render_calendar(
    grid: YearGrid, school: str = "", *, paper: Paper = "letter", today: dt.date
) -> bytes:
    """The year in ``grid`` on one landscape page (``today``: the day it is printed)."""
    register_fonts(cjk=text_uses_fallback(_texts(grid, school)))
    size = landscape(PAPER_SIZES[paper])
    # The frame's own padding (6 pt a side) and the space after the note come off too.
    width, height = size[0] - 2 * MARGIN - 12, size[1] - 2 * MARGIN - 24
    for font_size in SIZES:
        story, table = _story(grid, school, today, width, font_size)
        used = sum(f.wrap(width, height)[1] for f in story) + 6  # the note's space after
        if used <= height or font_size == SIZES[-1]:
            break
    buffer = io.BytesIO()
    title = f"{TITLE}: {school}" if school else TITLE
    doc = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author="SIP Desk",
        subject=f"{grid.pack.title} · {grid.title}",
        creator="SIP Desk",
        invariant=1,
    )
    del table
    doc.build(story)
    return buffer.getvalue()


def _story(
    grid: YearGrid, school: str, today: dt.date, width: float, font_size: float
) -> tuple[list[Flowable], Table]:
    leading = font_size * 1.25
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=font_size, leading=leading, textColor=INK)
    head = ParagraphStyle("head", parent=cell, fontName=FONT_BOLD)
    title = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=16, leading=20, textColor=NAVY)
    note = ParagraphStyle(
        "note", fontName=FONT, fontSize=8, leading=10, textColor=MUTED, spaceAfter=6
    )
    heading = f"{TITLE}: {school}" if school else TITLE
    said = f"{grid.pack.title} · {grid.title} · printed {today.day} {today:%B %Y}"
    mark = ParagraphStyle("mark", parent=cell, alignment=1)
    rows: list[list[object]] = [
        [Paragraph("Month", head), Paragraph("Activity (step of the plan)", head)]
        + [Paragraph(markup(r.name), head) for r in grid.roles]
        + [Paragraph("Dates", head)]
    ]
    spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
    top = 1
    for n, row in enumerate(grid.rows, start=1):
        if row.first and n > 1:
            spans.append(("SPAN", (0, top), (0, n - 1)))
            top = n
        month = Paragraph(markup(row.month_name), head) if row.first else ""
        step = f" <i>(step {row.step})</i>" if row.step is not None else ""
        what = Paragraph(f"{markup(row.title)}{step}", cell if row.step is not None else head)
        marks = [Paragraph("●" if part else "", mark) for part in row.parts]
        dates = "<br/>".join(
            f"<b>{_day(d.day)}</b> {markup(d.what)}" if row.step is not None else _day(d.day)
            for d in row.dates
        )
        rows.append([month, what, *marks, Paragraph(dates, cell)])
    if grid.rows:
        spans.append(("SPAN", (0, top), (0, len(grid.rows))))
    month_w = width * 0.1
    dates_w = width * 0.24
    role_w = min(width * 0.09, width * 0.36 / max(1, len(grid.roles)))
    title_w = width - month_w - dates_w - role_w * len(grid.roles)
    table = Table(
        rows,
        colWidths=[month_w, title_w, *([role_w] * len(grid.roles)), dates_w],
        repeatRows=1,
    )
    lines = [
        ("LINEABOVE", (0, n), (-1, n), 0.9, NAVY) for n, r in enumerate(grid.rows, 1) if r.first
    ]
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, MUTED),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                ("BACKGROUND", (0, 1), (0, -1), HEAD_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                *spans,
                *lines,
            ]
        )
    )
    story: list[Flowable] = [
        Paragraph(markup(heading), title),
        Paragraph(
            f"{markup(said)}. ● marks each role with a part in the activity; the step is the "
            "step of the plan it belongs to.",
            note,
        ),
        table,
    ]
    return story, table


__all__ = ["render_calendar"]
