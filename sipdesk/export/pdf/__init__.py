"""The Tool A PDF: the School Improvement Planning Template, filled from the plan.

``render_plan(session)`` reads the plan once (:func:`sipdesk.services.snapshot.read_plan`) and
renders it with reportlab into bytes; ``render_plan_data(plan)`` does the same from the plain
dict, which is what a worker thread should call (read the plan on the thread that owns the
session, render anywhere). Nothing here touches Qt or the database while rendering.

The renderer is a small template-method class: fonts, a stylesheet, page templates (portrait,
and landscape for the wide planning tables), then one ``_story_<section>()`` per Tool A section
in the template's order. Parts of the plan not filled yet print as blank rows, as on the paper
form, so a plan in progress exports too.

The package holds one module per part: ``chassis`` (fonts, styles, page templates, building
blocks), ``front_matter``, ``planning``, ``appendices``, ``tool_a`` (the parts in order) and
``summary`` (the plan on a page). Callers import from here.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from sipdesk.export.pdf.chassis import (
    APPENDIX_HEADINGS,
    H_APPENDICES,
    H_AT_A_GLANCE,
    H_DIRECTION,
    H_NEEDS,
    H_PLANNING,
    H_SIGNATURES,
    H_SUMMARY_TABLE,
    NOT_COMPUTED,
    OUTLINE_CHARS,
    PAPER_SIZES,
    PARKING_LOT_HEADING,
    SECTION_HEADINGS,
    Paper,
    Progress,
    line_chunks,
    prewrap,
)
from sipdesk.export.pdf.summary import SummaryRenderer
from sipdesk.export.pdf.tool_a import ToolARenderer

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc

__all__ = [
    "APPENDIX_HEADINGS",
    "H_APPENDICES",
    "H_AT_A_GLANCE",
    "H_DIRECTION",
    "H_NEEDS",
    "H_PLANNING",
    "H_SIGNATURES",
    "H_SUMMARY_TABLE",
    "NOT_COMPUTED",
    "OUTLINE_CHARS",
    "PAPER_SIZES",
    "PARKING_LOT_HEADING",
    "SECTION_HEADINGS",
    "Paper",
    "Progress",
    "SummaryRenderer",
    "ToolARenderer",
    "line_chunks",
    "prewrap",
    "render_plan",
    "render_plan_data",
]


def render_plan(
    session: Session,
    summary: bool = False,
    paper: Paper = "letter",
    progress: Progress | None = None,
    *,
    today: dt.date,
) -> bytes:
    """The plan open in ``session`` as a Tool A PDF (or the one-page summary), as bytes."""
    from sipdesk.services.snapshot import read_plan

    return render_plan_data(
        read_plan(session), summary=summary, paper=paper, progress=progress, today=today
    )


def render_plan_data(
    plan: PlanDoc,
    summary: bool = False,
    paper: Paper = "letter",
    progress: Progress | None = None,
    *,
    today: dt.date,
) -> bytes:
    """Render the plain plan from ``read_plan``; safe to call from a worker thread.

    ``today`` is the day the PDF is made on: it decides which reporting periods have begun
    and is the document's creation date. The same plan and day give the same bytes.
    ``progress(done, total)`` is called as the work advances and finally with done == total.
    """
    if paper not in PAPER_SIZES:
        raise ValueError(f"Unknown paper size {paper!r}; use 'letter' or 'a4'.")
    renderer = SummaryRenderer if summary else ToolARenderer
    return renderer(plan, paper=paper, progress=progress, today=today).render()
