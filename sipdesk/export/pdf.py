"""The Tool A PDF: the School Improvement Planning Template, filled from the plan.

``render_plan(session)`` reads the plan once (:func:`sipdesk.services.snapshot.read_plan`) and
renders it with reportlab into bytes; ``render_plan_data(plan)`` does the same from the plain
dict, which is what a worker thread should call (read the plan on the thread that owns the
session, render anywhere). Nothing here touches Qt or the database while rendering.

The renderer is a small template-method class: fonts, a stylesheet, page templates (portrait,
and landscape for the wide planning tables), then one ``_story_<section>()`` per Tool A section
in the template's order. Parts of the plan not filled yet print as blank rows, as on the paper
form, so a plan in progress exports too.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import time
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any, ClassVar, Literal

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepInFrame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy.orm import Session

from sipdesk.diagrams.fishbone import (
    CategoryNode,
    FishboneInput,
    layout_fishbone,
    wrap_text,
)
from sipdesk.export.pdf_flowables import (
    INK,
    MUTED,
    NAVY,
    Anchor,
    BidiParagraph,
    FishboneDrawing,
    KeepWithRows,
    LongTable,
    Marks,
    SplitTable,
    TableOfContents,
    TableSpec,
    TextParagraph,
    TocEntry,
    define_page_forms,
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
    is_plain,
    markup,
    measure,
    register_fonts,
    text_uses_fallback,
)
from sipdesk.models.catalogues import category_set, needs_elements, practice
from sipdesk.models.formatting import long_date, money, numbered_outline, ordinal, timeline
from sipdesk.models.walk import walk_causes
from sipdesk.services.checks import STEP_NAMES
from sipdesk.services.progress import (
    default_first_month,
    milestone_progress,
    month_index,
    plan_start,
    strategy_progress,
)
from sipdesk.services.root_causes import fishbone_input

Paper = Literal["letter", "a4"]
Progress = Callable[[int, int], None]

PAPER_SIZES = {"letter": LETTER, "a4": A4}

# Section headings, in Tool A's order (the tests read them back in this order).
H_AT_A_GLANCE = "At-a-Glance"
H_DIRECTION = "School Strategic Direction"
H_SUMMARY_TABLE = "Priority Areas, Strategies and Milestones"
H_SIGNATURES = "Plan Signatures"
H_NEEDS = "Needs Assessment"
H_PLANNING = "Priority Planning & Reporting"
H_APPENDICES = "Appendices"
SECTION_HEADINGS = (
    H_AT_A_GLANCE,
    H_DIRECTION,
    H_SUMMARY_TABLE,
    H_SIGNATURES,
    H_NEEDS,
    H_PLANNING,
    H_APPENDICES,
)
APPENDIX_HEADINGS = (
    "Appendix A: Fishbone Diagrams (Tool D)",
    "Appendix B: 5-Whys Chains",
    "Appendix C: Goal Performance Data",
    "Appendix D: Adjustments Log",
    "Appendix E: Open Review Comments",
    "Appendix F: Glossary of Terms and Acronyms",
)

GRID = colors.HexColor("#A3ADB8")
HEAD_BG = NAVY
LABEL_BG = colors.HexColor("#E8EEF5")
GROUP_BG = colors.HexColor("#F4F6F9")

CELL_SIZE = 8.0
OUTLINE_CHARS = 200  # a heading's bookmark and contents entry are cut after about this many
CELL_LEADING = 10.0
PAD_X = 4.0
BLANK_ROW = 18.0
TOTAL_STEPS = 1000
_BUILD_START = 200  # progress: stories are built up to here, page layout takes the rest

MILESTONE_KINDS = {"process": "Process benchmark", "early_evidence": "Early evidence of change"}
STATUS_NAMES = {
    "draft": "Draft",
    "submitted": "Submitted",
    "returned": "Returned with feedback",
    "approved": "Approved",
}
SWOT_KINDS = (
    ("strength", "Strengths"),
    ("opportunity", "Opportunities"),
    ("weakness", "Weaknesses"),
    ("threat", "Threats"),
)


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
    plan: dict[str, Any],
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


# --- small formatting helpers ----------------------------------------------------------------


def _s(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _money(cents: int | None) -> str:
    """Printed amounts always show cents: "$1,250.00"."""
    return money(cents, always_cents=True)


NOT_COMPUTED = "—"  # a reported period for which the progress service has no number


def _pct(value: float | None) -> str:
    """A computed percentage; "—" when the service returns None (nothing due to count yet)."""
    return NOT_COMPUTED if value is None else f"{value:g}%"


def _count(value: int | None) -> str:
    return NOT_COMPUTED if value is None else str(value)


def _strings(value: Any) -> Iterator[str]:
    """Every string in nested plan data (to decide which fonts a plan needs)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _sw(text: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, FONT, size))


def _sw_bold(text: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, FONT_BOLD, size))


@lru_cache(maxsize=32768)
def _prewrap(text: str, width: float, bold: bool) -> str:
    """Plain text wrapped to ``width`` as lines for a plain table cell (fast path)."""
    lines = wrap_text(text, CELL_SIZE, width, _sw_bold if bold else _sw)
    return "\n".join(lines)


LONG_CELL = 1_000  # characters: longer text that needs a Paragraph is set as several
CHUNK_LINES = 12  # lines per paragraph of such a text


def line_chunks(text: str, width: float, font: str = FONT, size: float = CELL_SIZE) -> list[str]:
    """``text`` cut at the ends of its wrapped lines into pieces of about :data:`CHUNK_LINES`
    lines each.

    Set as consecutive paragraphs the pieces read as one text, and each is cheap to wrap and
    to split: reportlab wraps a paragraph again whole each time it is split over a page, which
    for one 20,000-character cell is quadratic (very slow for CJK text).
    """
    lines = wrap_text(text, size, width, lambda t, s: measure(t, s, font))
    if len(lines) <= CHUNK_LINES:
        return [text]
    pieces: list[str] = []
    start = at = 0
    for i, line in enumerate(lines, start=1):
        for ch in line:  # the line's characters are the text's, less some white space
            if ch.isspace():
                continue
            while text[at] != ch:
                at += 1
            at += 1
        if i % CHUNK_LINES == 0 and i < len(lines):
            pieces.append(text[start:at])
            start = at
    pieces.append(text[start:])
    # The cut is itself a line break: drop the spaces after it, and one hard break.
    return [pieces[0]] + [_after_cut(piece) for piece in pieces[1:]]


def _after_cut(piece: str) -> str:
    piece = piece.lstrip(" \t")
    return piece[1:] if piece.startswith("\n") else piece


def _theory(if_text: str, then_text: str, and_text: str) -> str:
    """A strategy as markup: **If** we …, **then** …, **and** … (blank parts as rules)."""
    blank = "______________"

    def part(text: str) -> str:
        text = _s(text).rstrip(".;, ")
        return markup(text) if text else blank

    first = _s(if_text)
    we = "" if first.lower().startswith("we ") or first.lower() == "we" else "we "
    return (
        f"<b>If</b> {we}{part(if_text)}, <b>then</b> {part(then_text)}, "
        f"<b>and</b> {part(and_text)}."
    )


def _blank_strategy() -> dict[str, Any]:
    return {
        "id": None,
        "if_text": "",
        "then_text": "",
        "and_text": "",
        "practice_code": "",
        "measures": [],
        "milestones": [_blank_milestone()],
        "reports": [],
    }


def _blank_milestone() -> dict[str, Any]:
    return {"id": None, "text": "", "timeline": "", "kind": "", "actions": [], "reports": []}


def _blank_priority() -> dict[str, Any]:
    return {
        "id": None,
        "title": "",
        "description": "",
        "links": [],
        "strategies": [_blank_strategy(), _blank_strategy()],
    }


def _headings_into_keeps(story: list[Flowable]) -> list[Flowable]:
    """Move keep-with-next flowables (anchors, headings) just before a :class:`KeepWithRows`
    into its lead-in: reportlab would otherwise group them with it in a KeepTogether, which
    cannot tell how little of the table must stay with them and moves the lot to a new page."""
    out: list[Flowable] = []
    for item in story:
        if isinstance(item, KeepWithRows):
            moved: list[Flowable] = []
            while out and not isinstance(out[-1], KeepWithRows) and out[-1].getKeepWithNext():
                moved.insert(0, out.pop())
            item.lead[:0] = moved
        out.append(item)
    return out


# --- the renderer ----------------------------------------------------------------------------


class _DocTemplate(BaseDocTemplate):  # type: ignore[misc]
    """Saves only after the late page-number forms are defined (see pdf_flowables).

    Built in reportlab's invariant mode, dated ``today`` (midnight UTC): the same plan on the
    same day gives the same bytes, with no clock read inside the export.
    """

    def __init__(self, buffer: io.BytesIO, marks: Marks, today: dt.date, **kwargs: Any) -> None:
        super().__init__(buffer, invariant=1, **kwargs)
        self.marks = marks
        self.today = today
        self._doSave = 0

    def finish(self) -> None:
        define_page_forms(self.canv, self.marks)
        self.canv._doc._timeStamp = _time_stamp(self.today)
        self.canv.save()


def _time_stamp(day: dt.date) -> TimeStamp:
    """reportlab's document date, set to ``day`` instead of the clock."""
    stamp = TimeStamp(invariant=1)
    seconds = calendar.timegm(day.timetuple())
    stamp.t = seconds
    stamp.lt = time.gmtime(seconds)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


class ToolARenderer:
    """Renders one plan; build a new renderer per document (it keeps per-document state)."""

    margin = 0.6 * inch
    footer_text = "Tool A · School Improvement Planning Template"
    top_margin = 0.85 * inch
    bottom_margin = 0.7 * inch

    def __init__(
        self,
        plan: dict[str, Any],
        *,
        paper: Paper = "letter",
        progress: Progress | None = None,
        today: dt.date,
    ) -> None:
        self.plan = plan
        self.today = today
        self.profile: dict[str, Any] = plan.get("profile") or {}
        self.paper = paper
        self.page_size = PAPER_SIZES[paper]
        self.progress = progress
        self.marks = Marks()
        self.toc: list[TocEntry] = []
        self._keys = 0
        self._cjk_styles: dict[str, ParagraphStyle] = {}
        self._header_school: dict[float, str] = {}
        self._number_items()

    # -- template method ------------------------------------------------------------------

    def render(self) -> bytes:
        self._register_fonts()
        self.styles = self._stylesheet()
        story = self._story()
        buffer = io.BytesIO()
        doc = _DocTemplate(
            buffer,
            self.marks,
            self.today,
            pagesize=self.page_size,
            title=self._title(),
            author=_s(self.profile.get("school_name")) or "School",
            subject=self._subject(),
            creator="SIP Desk",
            keywords="School Improvement Plan, Tool A",
            lang="en",
            initialFontName=FONT,
            initialFontSize=9,
        )
        doc.addPageTemplates(self._page_templates())
        if self.progress is not None:
            doc.setProgressCallBack(self._on_build_progress(len(story)))
        doc.build(story)
        doc.finish()
        self._report(TOTAL_STEPS)
        return buffer.getvalue()

    def _sections(self) -> list[Callable[[], list[Flowable]]]:
        """The body sections in Tool A's order; the cover (with the contents) goes first."""
        return [
            self._story_at_a_glance,
            self._story_strategic_direction,
            self._story_priority_summary,
            self._story_signatures,
            self._story_needs_assessment,
            self._story_priority_planning,
            self._story_appendices,
        ]

    def _story(self) -> list[Flowable]:
        body: list[Flowable] = []
        sections = self._sections()
        for i, section in enumerate(sections, start=1):
            body.extend(section())
            self._report(_BUILD_START * i // (len(sections) + 1))
        # The contents are known only now that every heading has been made.
        return _headings_into_keeps(self._story_cover() + body)

    def _register_fonts(self) -> None:
        register_fonts(cjk=text_uses_fallback(list(_strings(self.plan))))

    def _report(self, done: int) -> None:
        if self.progress is not None:
            self.progress(min(done, TOTAL_STEPS), TOTAL_STEPS)

    def _on_build_progress(self, count: int) -> Callable[[str, int], None]:
        reached = [0]

        def callback(kind: str, value: int) -> None:
            # reportlab counts flowables left; splitting one adds some, so keep the maximum.
            if kind == "PROGRESS" and count and value > reached[0]:
                reached[0] = value
                span = TOTAL_STEPS - _BUILD_START - 1
                self._report(_BUILD_START + span * min(value, count) // count)

        return callback

    # -- document furniture ---------------------------------------------------------------

    def _school(self) -> str:
        return _s(self.profile.get("school_name")) or "School name not set"

    def _title(self) -> str:
        school = _s(self.profile.get("school_name"))
        return f"School Improvement Plan — {school}" if school else "School Improvement Plan"

    def _subject(self) -> str:
        parts = ["School Improvement Plan (Tool A template)"]
        if self.profile.get("plan_date"):
            parts.append(f"plan dated {long_date(self.profile.get('plan_date'))}")
        if _s(self.profile.get("district")):
            parts.append(_s(self.profile.get("district")))
        return ", ".join(parts)

    def _stylesheet(self) -> dict[str, ParagraphStyle]:
        base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12, textColor=INK)

        def style(name: str, **kw: Any) -> ParagraphStyle:
            return ParagraphStyle(name, parent=base, **kw)

        return {
            "body": style("body", spaceAfter=5),
            "small": style("small", fontSize=8, leading=10, textColor=MUTED, spaceAfter=4),
            "note": style("note", fontName=FONT_ITALIC, fontSize=8, leading=10, textColor=MUTED),
            "label": style("label", fontName=FONT_BOLD, spaceBefore=4, spaceAfter=2),
            "title": style("title", fontName=FONT_BOLD, fontSize=26, leading=32, textColor=NAVY),
            "subtitle": style("subtitle", fontSize=14, leading=19, textColor=INK),
            "h1": style(
                "h1",
                fontName=FONT_BOLD,
                fontSize=16,
                leading=20,
                textColor=NAVY,
                spaceAfter=8,
                keepWithNext=1,
            ),
            "h2": style(
                "h2",
                fontName=FONT_BOLD,
                fontSize=12.5,
                leading=16,
                textColor=NAVY,
                spaceBefore=10,
                spaceAfter=5,
                keepWithNext=1,
            ),
            "h3": style(
                "h3",
                fontName=FONT_BOLD,
                fontSize=10,
                leading=13,
                spaceBefore=8,
                spaceAfter=4,
                keepWithNext=1,
            ),
            "cell": style("cell", fontSize=CELL_SIZE, leading=CELL_LEADING),
            "cell_bold": style(
                "cell_bold", fontName=FONT_BOLD, fontSize=CELL_SIZE, leading=CELL_LEADING
            ),
            "cell_head": style(
                "cell_head",
                fontName=FONT_BOLD,
                fontSize=CELL_SIZE,
                leading=CELL_LEADING,
                textColor=colors.white,
            ),
            "center": style("center", alignment=TA_CENTER),
        }

    def _page_templates(self) -> list[PageTemplate]:
        templates = []
        for name, size in (("portrait", self.page_size), ("landscape", landscape(self.page_size))):
            width, height = size
            frame = Frame(
                self.margin,
                self.bottom_margin,
                width - 2 * self.margin,
                height - self.top_margin - self.bottom_margin,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
                id=name,
            )
            templates.append(
                PageTemplate(id=name, frames=[frame], onPage=self._decorate, pagesize=size)
            )
        return templates

    def _decorate(self, canv: Any, doc: Any) -> None:
        """Header (school, plan date) and footer (Page X of Y) on every page."""
        width, height = canv._pagesize
        left, right = self.margin, width - self.margin
        page = canv.getPageNumber()
        self.marks.last_page = max(self.marks.last_page, page)
        canv.saveState()
        top = height - 0.5 * inch
        room = (right - left) * 0.55
        school = self._header_school.get(room)
        if school is None:  # fitted once per page width, not on every page
            school = self._header_school[room] = fit_line(self._school(), 9, room, FONT_BOLD)
        draw_runs(canv, left, top, school, FONT_BOLD, 9, NAVY)
        plan_date = long_date(self.profile.get("plan_date"))
        meta = "School Improvement Plan" + (f" · Date of Plan: {plan_date}" if plan_date else "")
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
        status = STATUS_NAMES.get(_s(self.profile.get("status")), "")
        canv.drawString(left, bottom, self.footer_text + (f" · {status}" if status else ""))
        canv.saveState()
        canv.translate(right, bottom)
        canv.doForm(footer_form(page))
        canv.restoreState()
        canv.restoreState()

    # -- building blocks ------------------------------------------------------------------

    def _frame_width(self, orientation: str = "portrait") -> float:
        size = self.page_size if orientation == "portrait" else landscape(self.page_size)
        return float(size[0] - 2 * self.margin)

    def _frame_height(self, orientation: str = "portrait") -> float:
        size = self.page_size if orientation == "portrait" else landscape(self.page_size)
        return float(size[1] - self.top_margin - self.bottom_margin)

    def _heading(self, text: str, level: int, *, toc: bool = False) -> list[Flowable]:
        """A heading with its outline entry (level 0 sections, 1 parts, 2 details)."""
        self._keys += 1
        key = f"h{self._keys}"
        title = " ".join(text.split()) or "Untitled"
        entry = _clip(title, OUTLINE_CHARS)  # the heading itself is printed whole
        if toc:
            self.toc.append(TocEntry(level, entry, key))
        style = self.styles[f"h{min(level, 2) + 1}"]
        return [Anchor(key, entry, level, self.marks), self._p(markup(title), style)]

    def _p(self, text: str, style: ParagraphStyle) -> Paragraph:
        """A Paragraph from markup; text with CJK runs may break between any two characters.

        Markup from :func:`markup` is in logical order; a paragraph with right-to-left text is
        a :class:`BidiParagraph`, which puts each wrapped line in visual order when drawn.
        """
        if FONT_CJK in text:
            variant = self._cjk_styles.get(style.name)
            if variant is None:
                variant = ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")
                self._cjk_styles[style.name] = variant
            style = variant
        if has_rtl(text):
            return BidiParagraph(text, style)
        return TextParagraph(text, style)

    def _para(self, text: str, style: str = "body") -> Paragraph:
        return self._p(markup(text), self.styles[style])

    def _labelled(self, label: str, text: str, style: str = "body") -> Paragraph:
        value = markup(_s(text)) if _s(text) else "______________________________"
        return self._p(f"<b>{markup(label)}</b> {value}", self.styles[style])

    def _page(self, orientation: str) -> list[Flowable]:
        return [NextPageTemplate(orientation), PageBreak()]

    def _keep(
        self,
        lead: list[Flowable],
        table: Table | LongTable,
        rows: int = 2,
        *,
        whole: int = 10,
        header_rows: int = 1,
    ) -> KeepWithRows:
        """``lead`` (heading, label, note) and ``table``: they start on this page only if the
        lead, the table's header and its first ``rows`` rows fit; a table of at most ``whole``
        rows is kept whole."""
        return KeepWithRows(lead, table, rows=rows, whole=whole, header_rows=header_rows)

    def _cell(self, text: Any, width: float, bold: bool = False) -> Any:
        """A table cell: plain pre-wrapped text when one font can draw it, else a Paragraph.

        Plain strings are several times faster for reportlab to lay out than Paragraphs.
        """
        text = _s(text)
        inner = width - 2 * PAD_X
        if is_plain(text):
            return _prewrap(text, inner, bold) if text else ""
        style = self.styles["cell_bold" if bold else "cell"]
        if len(text) > LONG_CELL:
            pieces = line_chunks(text, inner, FONT_BOLD if bold else FONT)
            return [self._p(markup(piece), style) for piece in pieces]
        return self._p(markup(text), style)

    def _table(
        self,
        header: list[str],
        rows: list[list[Any]],
        widths: list[float],
        *,
        label_col: bool = False,
        blank_rows: int = 0,
        row_height: float | None = None,
        extra: Iterable[tuple[Any, ...]] = (),
        header_rows: int = 1,
        raw_rows: Iterable[int] = (),
    ) -> Table | LongTable:
        """A Tool A table: a dark header row, text cells wrapped to their column.

        ``rows`` hold plain text (wrapped here) or ready flowables; ``blank_rows`` adds empty
        rows to write in by hand; rows listed in ``raw_rows`` are used as given.
        """
        data: list[list[Any]] = []
        if header:
            data.append([self._p(markup(h), self.styles["cell_head"]) if h else "" for h in header])
        raw = set(raw_rows)
        for index, row in enumerate(rows):
            if index in raw:
                data.append(row)
                continue
            data.append(
                [
                    cell
                    if isinstance(cell, Flowable | list)
                    else self._cell(cell, widths[col], bold=label_col and col == 0)
                    for col, cell in enumerate(row)
                ]
            )
        heights: list[float | None] = [None] * len(data)
        if row_height is not None:
            heights = [None] * (len(header) > 0) + [row_height] * len(rows)
        for _ in range(blank_rows):
            data.append([""] * len(widths))
            heights.append(BLANK_ROW)
        if not data:
            data.append([""] * len(widths))
            heights.append(BLANK_ROW)
        style: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), FONT, CELL_SIZE, CELL_LEADING),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG))
        if len(data) - (header_rows if header else 0) >= 4:
            # No lone row at the top of a page, nor under the header at the bottom of one.
            first = header_rows if header else 0
            style.append(("NOSPLIT", (0, first), (-1, first + 1)))
            style.append(("NOSPLIT", (0, -2), (-1, -1)))
        if label_col:
            first = 1 if header else 0
            style.append(("FONT", (0, first), (0, -1), FONT_BOLD, CELL_SIZE, CELL_LEADING))
            style.append(("BACKGROUND", (0, first), (0, -1), LABEL_BG))
        style.extend(extra)
        head = header_rows if header else 0
        if len(data) - head > LongTable.WINDOW:
            commands = TableSpec.absolute(style, len(data))
            return LongTable(TableSpec(data, heights, widths, head, commands))
        table = SplitTable(
            data, colWidths=widths, rowHeights=heights, repeatRows=head, hAlign="LEFT"
        )
        table.setStyle(TableStyle(style))
        return table

    def _columns(self, fractions: list[float], orientation: str = "portrait") -> list[float]:
        total = self._frame_width(orientation)
        scale = total / sum(fractions)
        return [f * scale for f in fractions]

    # -- numbering ------------------------------------------------------------------------

    def _number_items(self) -> None:
        """Tool A numbers (Goal 2, Strategy 1.2, Milestone 1.2.1, Action 1.2.1.3) by id."""
        plan = self.plan
        self.labels: dict[str, str] = {}
        for g, goal in enumerate(plan.get("goals", []), start=1):
            self.labels[f"goal:{goal['id']}"] = f"Goal {g}"
            for m, measure_ in enumerate(goal.get("measures", []), start=1):
                self.labels[f"measure:{measure_['id']}"] = f"Goal {g}, measure {m}"
        self.action_numbers: dict[int, str] = {}
        for item in numbered_outline(plan):
            row_id, number = item.row["id"], item.number
            self.labels[f"{item.kind}:{row_id}"] = f"{item.kind.capitalize()} {number}"
            if item.kind == "strategy":
                for m, measure_ in enumerate(item.row.get("measures", []), start=1):
                    self.labels[f"measure:{measure_['id']}"] = f"Strategy {number}, measure {m}"
            elif item.kind == "action":
                self.action_numbers[row_id] = number
        self.causes: dict[int, tuple[str, str]] = {}
        for f, fishbone in enumerate(plan.get("fishbones", []), start=1):
            for category in fishbone.get("categories", []):
                for cause, _ in walk_causes(category.get("causes", [])):
                    self.causes[cause["id"]] = (_s(cause.get("text")), _s(category.get("name")))
                    self.labels[f"cause:{cause['id']}"] = f"Fishbone {f} cause"
        self.chains = {c["id"]: (i, c) for i, c in enumerate(plan.get("why_chains", []), start=1)}
        self.swot = {item["id"]: item for item in plan.get("swot", [])}
        stored = _s(self.profile.get("first_month"))
        self.first_month = plan_start(stored, self.today) if stored else self._guess_first_month()
        self.quarters, self.semesters = self._reported_periods()

    def _guess_first_month(self) -> str:
        try:
            day = dt.date.fromisoformat(_s(self.profile.get("plan_date"))[:10])
        except ValueError:
            day = None
        return default_first_month(day or self.today)

    def _reported_periods(self) -> tuple[set[int], set[int]]:
        """Quarters and semesters in which any monthly action status was recorded.

        Computed percentages are shown only for these; later periods stay blank to fill in.
        """
        quarters: set[int] = set()
        for priority in self.plan.get("priorities", []):
            for strategy in priority.get("strategies", []):
                for milestone in strategy.get("milestones", []):
                    for action in milestone.get("actions", []):
                        for entry in action.get("statuses", []):
                            try:
                                index = month_index(self.first_month, entry["month"])
                            except (ValueError, KeyError):
                                continue
                            if 0 <= index < 12:
                                quarters.add(index // 3 + 1)
        semesters = {(q + 1) // 2 for q in quarters}
        # A period counts as reported once a later one is (its numbers are final).
        if quarters:
            quarters = set(range(1, max(quarters) + 1))
            semesters = set(range(1, max(semesters) + 1))
        return quarters, semesters

    # -- cover and contents ---------------------------------------------------------------

    def _story_cover(self) -> list[Flowable]:
        p = self.profile
        story: list[Flowable] = [
            Spacer(1, 0.3 * inch),
            self._p("School Improvement Plan", self.styles["title"]),
            Spacer(1, 6),
            self._p(markup(self._school()), self.styles["subtitle"]),
        ]
        facts = [
            ("District", _s(p.get("district"))),
            ("Date of Plan", long_date(p.get("plan_date"))),
            ("Date of Update", long_date(p.get("update_date"))),
            ("Plan status", STATUS_NAMES.get(_s(p.get("status")), "")),
        ]
        lines = [f"<b>{label}:</b> {markup(value)}" for label, value in facts if value]
        if lines:
            story += [Spacer(1, 6), self._p("<br/>".join(lines), self.styles["body"])]
        story += [
            Spacer(1, 0.25 * inch),
            self._p("Contents", self.styles["h2"]),
            TableOfContents(self.toc),
        ]
        return story

    # -- At-a-Glance ----------------------------------------------------------------------

    def _story_at_a_glance(self) -> list[Flowable]:
        p = self.profile
        story = self._page("portrait") + self._heading(H_AT_A_GLANCE, 0, toc=True)
        fields: list[tuple[str, str, bool]] = [
            ("Date of Plan", long_date(p.get("plan_date")), False),
            ("Date of Update", long_date(p.get("update_date")), False),
            ("Update Summary", _s(p.get("update_summary")), True),
            ("School Name", _s(p.get("school_name")), False),
            ("ESSA Status", _s(p.get("essa_status")), False),
            ("City/County", _s(p.get("city_county")), False),
            ("Zip Code", _s(p.get("zip_code")), False),
            ("Phone Number", _s(p.get("phone")), False),
            ("Principal", _s(p.get("principal")), False),
            ("Contact Information", _s(p.get("contact")), True),
            ("District", _s(p.get("district")), False),
            ("Superintendent", _s(p.get("superintendent")), False),
            ("District Liaison/Contact", _s(p.get("district_liaison")), True),
            ("Federal Accountability Designation", _s(p.get("federal_designation")), True),
            ("Title I Status", _s(p.get("title_i_status")), True),
        ]
        widths = self._columns([1.35, 2.3, 1.35, 2.3])
        rows: list[list[Any]] = []
        spans: list[tuple[Any, ...]] = []
        pending: list[tuple[str, str]] = []

        def flush() -> None:
            if pending:
                row: list[Any] = []
                for label, value in pending:
                    row += [self._cell(label, widths[0], bold=True), self._cell(value, widths[1])]
                rows.append(row + [""] * (4 - len(row)))
                pending.clear()

        for label, value, full in fields:
            if full:
                flush()
                rows.append(
                    [
                        self._cell(label, widths[0], bold=True),
                        self._cell(value, sum(widths[1:])),
                        "",
                        "",
                    ]
                )
                last = len(rows) - 1
                spans.append(("SPAN", (1, last), (3, last)))
                spans.append(("BACKGROUND", (1, last), (3, last), colors.white))
            else:
                pending.append((label, value))
                if len(pending) == 2:
                    flush()
        flush()
        extra = [
            ("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
            ("BACKGROUND", (2, 0), (2, -1), LABEL_BG),
            ("FONT", (0, 0), (0, -1), FONT_BOLD, CELL_SIZE, CELL_LEADING),
            ("FONT", (2, 0), (2, -1), FONT_BOLD, CELL_SIZE, CELL_LEADING),
            *spans,
        ]
        story.append(self._table([], rows, widths, extra=extra, raw_rows=range(len(rows))))
        lead = self._heading("School Leadership Team Members", 1)
        team = self.plan.get("team", [])
        widths = self._columns([2.4, 2.6, 2.4, 2.6])
        cells: list[tuple[str, str]] = []
        for member in team:
            position = _s(member.get("title"))
            role = _s(member.get("plan_role"))
            cells.append((_s(member.get("name")), f"{position}\n{role}" if role else position))
        rows = []
        for i in range(0, len(cells), 2):
            pair = cells[i : i + 2] + [("", "")] * (2 - len(cells[i : i + 2]))
            rows.append([pair[0][0], pair[0][1], pair[1][0], pair[1][1]])
        blank = 0 if rows else 4
        table = self._table(
            ["Name", "Position", "Name", "Position"], rows, widths, blank_rows=blank
        )
        story.append(self._keep(lead, table))
        if any(_s(m.get("plan_role")) for m in team):
            story.append(Spacer(1, 3))
            story.append(
                self._para(
                    "Under each position: the member's role in the improvement plan.", "note"
                )
            )
        return story

    # -- School Strategic Direction -------------------------------------------------------

    def _story_strategic_direction(self) -> list[Flowable]:
        p = self.profile
        story = self._page("portrait") + self._heading(H_DIRECTION, 0, toc=True)
        story.append(self._labelled("Vision:", _s(p.get("vision"))))
        story.append(self._labelled("Mission:", _s(p.get("mission"))))
        values = [_s(v.get("text")) for v in self.plan.get("core_values", []) if _s(v.get("text"))]
        if values:
            # One value a line: values are often whole sentences, with their own full stops.
            items = "".join(f"<br/>• {markup(value)}" for value in values)
            story.append(self._p(f"<b>Core Values:</b>{items}", self.styles["body"]))
        if any(_s(p.get(k)) for k in ("toa_if", "toa_then", "toa_and")):
            theory = _theory(_s(p.get("toa_if")), _s(p.get("toa_then")), _s(p.get("toa_and")))
            story.append(self._p(f"<b>Theory of Action:</b> {theory}", self.styles["body"]))
        goals = self.plan.get("goals", [])
        shown: list[dict[str, Any]] = list(goals) or [
            {"text": "", "explanation": "", "measures": []} for _ in range(4)
        ]
        # The target columns are wide enough for "Target Year 1" on one line, on A4 too.
        widths = self._columns([0.35, 1.95, 1.45, 1.25, 1.3, 1.3, 1.3])
        for g, goal in enumerate(shown, start=1):
            block: list[Flowable] = []
            label = f"Goal {g}:"
            text = _s(goal.get("text"))
            tag = " (academic)" if goal.get("academic") else ""
            block.append(
                self._p(
                    f"<b>{label}</b> {markup(text) if text else '______________'}"
                    f"<font color='#5F6B7A' size='8'>{tag}</font>",
                    self.styles["h3"],
                )
            )
            if _s(goal.get("explanation")):
                block.append(self._para(_s(goal.get("explanation")), "small"))
            rows = []
            measures = goal.get("measures", [])
            for m, measure_ in enumerate(measures, start=1):
                rows.append(
                    [
                        f"{m}.",
                        measure_.get("indicator"),
                        measure_.get("data_source"),
                        measure_.get("baseline"),
                        measure_.get("target_y1"),
                        measure_.get("target_y2"),
                        measure_.get("target_y3"),
                    ]
                )
            if not rows:
                rows = [["1."] + [""] * 6, ["2."] + [""] * 6]
            header = [
                "",
                "Indicator(s)",
                "Data Source",
                "Baseline",
                "Target Year 1",
                "Target Year 2",
                "Target Year 3",
            ]
            table = self._table(
                header,
                rows,
                widths,
                row_height=None if measures else BLANK_ROW,
            )
            block.append(self._p("<b>Measure:</b>", self.styles["small"]))
            story.append(self._keep(block, table))
            story.append(Spacer(1, 6))
        return story

    # -- priority summary table -----------------------------------------------------------

    def _priorities(self) -> list[dict[str, Any]]:
        """The plan's priorities, or the template's four blank ones for an empty plan."""
        priorities = self.plan.get("priorities", [])
        return list(priorities) if priorities else [_blank_priority() for _ in range(4)]

    def _story_priority_summary(self) -> list[Flowable]:
        story: list[Flowable] = [Spacer(1, 6)]
        lead = self._heading(H_SUMMARY_TABLE, 0, toc=True)
        lead.append(
            self._para(
                "One row per milestone. The full strategies, their measures and action plans "
                "follow under Priority Planning & Reporting.",
                "small",
            )
        )
        widths = self._columns([1.6, 2.3, 1.8, 2.5, 0.9])
        rows: list[list[Any]] = []
        group_starts: list[int] = []
        for p, priority in enumerate(self._priorities(), start=1):
            group_starts.append(len(rows))
            for s, strategy in enumerate(priority.get("strategies") or [_blank_strategy()], 1):
                indicators = [
                    _s(m.get("indicator"))
                    for m in strategy.get("measures", [])
                    if _s(m.get("indicator"))
                ]
                code = _s(strategy.get("practice_code"))
                strat = _s(strategy.get("if_text"))
                if strat:
                    we = "" if strat.lower().startswith("we ") else "we "
                    strat = f"If {we}{strat}"
                strat_text = f"{p}.{s}: {strat}" + (f" [{code}]" if code else "")
                milestones = strategy.get("milestones") or [_blank_milestone()]
                for n, milestone in enumerate(milestones, start=1):
                    rows.append(
                        [
                            f"{p}: {_s(priority.get('title'))}" if s == 1 and n == 1 else "",
                            strat_text if n == 1 else "",
                            "\n".join(indicators) if n == 1 else "",
                            f"{p}.{s}.{n}. {_s(milestone.get('text'))}",
                            _s(milestone.get("timeline")),
                        ]
                    )
        extra: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0, colors.white),
            ("BOX", (0, 0), (-1, -1), 0.5, GRID),
            ("LINEBEFORE", (1, 0), (-1, -1), 0.5, GRID),
            ("LINEBELOW", (3, 1), (-1, -1), 0.3, colors.HexColor("#D5DAE0")),
            ("BACKGROUND", (0, 1), (0, -1), GROUP_BG),
        ]
        for start in group_starts:
            extra.append(("LINEABOVE", (0, start + 1), (-1, start + 1), 0.8, NAVY))
        header = [
            "Priority Area (based on Needs Assessment)",
            "Strategy",
            "Indicator",
            "Milestones",
            "Timeline",
        ]
        story.append(self._keep(lead, self._table(header, rows, widths, extra=extra), rows=3))
        return story

    # -- Plan Signatures ------------------------------------------------------------------

    def _story_signatures(self) -> list[Flowable]:
        story = self._page("portrait") + self._heading(H_SIGNATURES, 0, toc=True)
        story.append(
            self._para(
                "By signing, each person confirms that they have read this plan and understand "
                "the work it asks of us together to carry it out in full."
            )
        )
        widths = self._columns([2.2, 2.0, 2.4, 2.4])
        rows = []
        for sig in self.plan.get("signatures", []):
            signed = long_date(sig.get("signed_on"))
            rows.append(
                [
                    sig.get("name"),
                    sig.get("title"),
                    sig.get("plan_role"),
                    f"Signed {signed}" if signed else "",
                ]
            )
        header = ["Name", "Position", "Improvement Plan Role", "Signature"]
        # Roomy rows, so there is space to sign in ink.
        pad = [("TOPPADDING", (0, 1), (-1, -1), 8), ("BOTTOMPADDING", (0, 1), (-1, -1), 8)]
        table = self._table(header, rows, widths, blank_rows=0 if rows else 8, extra=pad)
        story.append(table)
        return story

    # -- Needs Assessment -----------------------------------------------------------------

    def _story_needs_assessment(self) -> list[Flowable]:
        p = self.profile
        story = self._page("portrait") + self._heading(H_NEEDS, 0, toc=True)
        story.append(
            self._para(
                "The needs assessment looks at the school's strengths, weaknesses, "
                "opportunities and threats, digs into the data to find the root causes of the "
                "weaknesses, and uses them to choose the practices and strategies in this plan.",
                "small",
            )
        )
        lead = self._heading("Elements Included in the Needs Assessment", 1)
        recorded = {e.get("key"): e for e in self.plan.get("needs_elements", [])}
        widths = self._columns([0.3, 4.6, 3.1])
        rows: list[list[Any]] = []
        for element in needs_elements():
            entry = recorded.get(element.key, {})
            tick = "☑" if entry.get("checked") else "☐"
            other = _s(entry.get("other_text"))
            if element.has_other:
                other = other or "______________________"
            rows.append([tick, element.label, other])
        extra = [
            ("FONT", (0, 0), (0, -1), FONT, 10, 11),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("GRID", (0, 0), (-1, -1), 0, colors.white),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#D5DAE0")),
            ("TEXTCOLOR", (2, 0), (2, -1), MUTED),
        ]
        story.append(self._keep(lead, self._table([], rows, widths, extra=extra), header_rows=0))
        story.append(Spacer(1, 8))
        widths = self._columns([1, 1])
        q1 = (
            "How was the needs assessment, including the root cause analysis, completed and "
            "who was involved?"
        )
        q2 = "How was stakeholder input included?"
        narrative = [[_s(p.get("assessment_process")), _s(p.get("stakeholder_input"))]]
        empty = not any(narrative[0])
        story.append(self._table([q1, q2], narrative, widths, row_height=90 if empty else None))
        lead = self._heading("Data Analysis", 1)
        widths = self._columns([1, 1.15])
        rows = []
        kind_rows: list[int] = []
        for kind, title in SWOT_KINDS:
            kind_rows.append(len(rows))
            rows.append([self._p(f"<b>{title}</b>", self.styles["cell"]), ""])
            items = [i for i in self.plan.get("swot", []) if i.get("kind") == kind]
            for item in items:
                rows.append([item.get("text"), item.get("evidence")])
            if not items:
                rows.append(["", ""])
                rows.append(["", ""])
        extra = []
        for r in kind_rows:
            extra.append(("BACKGROUND", (0, r + 1), (-1, r + 1), LABEL_BG))
            extra.append(("SPAN", (0, r + 1), (-1, r + 1)))
            extra.append(("NOSPLIT", (0, r + 1), (-1, r + 2)))  # a kind with its first item
        table = self._table(["Item", "Evidence"], rows, widths, extra=extra)
        # The heading goes with the first kind and its first items, not with the whole table.
        story.append(self._keep(lead, table, rows=3))
        story.append(Spacer(1, 6))
        leverage = _s(p.get("leverage"))
        story.append(
            KeepTogether(
                [
                    self._p(
                        "<b>What can be leveraged to move us closer to our goals?</b>",
                        self.styles["body"],
                    ),
                    self._para(leverage) if leverage else self._blank_lines(3),
                ]
            )
        )
        roots = self._root_causes()
        block: list[Flowable] = [self._p("<b>What are the root causes?</b>", self.styles["body"])]
        if roots:
            for text, source in roots:
                block.append(
                    self._p(
                        f"• {markup(text)} <font color='#5F6B7A' size='7.5'>"
                        f"({markup(source)})</font>",
                        self.styles["body"],
                    )
                )
        else:
            block.append(self._blank_lines(3))
        story.append(KeepTogether(block))
        story += self._heading("Top Priority Areas", 1)
        story.append(
            self._para(
                "Up to four priority areas chosen from the needs assessment: working deeply on a "
                "few areas usually does more than spreading effort thin.",
                "small",
            )
        )
        priorities = self.plan.get("priorities", [])
        titles = [_s(pr.get("title")) for pr in priorities] or ["", "", "", ""]
        for i, title in enumerate(titles, start=1):
            story.append(
                self._p(
                    f"<b>{i}.</b> {markup(title) if title else '______________________'}",
                    self.styles["body"],
                )
            )
        return story

    def _blank_lines(self, count: int) -> Flowable:
        rows = [[""] for _ in range(count)]
        table = Table(rows, colWidths=[self._frame_width()], rowHeights=[16] * count)
        table.setStyle(
            TableStyle(
                [("FONT", (0, 0), (-1, -1), FONT, 8), ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID)]
            )
        )
        return table

    def _root_causes(self) -> list[tuple[str, str]]:
        """Causes marked as root causes, and the last step of each 5-Whys chain."""
        found: list[tuple[str, str]] = []
        for f, fishbone in enumerate(self.plan.get("fishbones", []), start=1):
            for category in fishbone.get("categories", []):
                for cause, _ in walk_causes(category.get("causes", [])):
                    if cause.get("is_root") and _s(cause.get("text")):
                        where = f"fishbone {f}, {_s(category.get('name'))}".rstrip(", ")
                        found.append((_s(cause.get("text")), where))
        for c, chain in enumerate(self.plan.get("why_chains", []), start=1):
            steps = [s for s in chain.get("steps", []) if _s(s.get("text"))]
            if steps:
                found.append((_s(steps[-1].get("text")), f"5-Whys chain {c}"))
        return found

    # -- Priority Planning & Reporting ----------------------------------------------------

    def _story_priority_planning(self) -> list[Flowable]:
        story = self._page("landscape") + self._heading(H_PLANNING, 0, toc=True)
        story.append(
            self._p(
                "For each priority area: its strategies, each written as a theory of action "
                "(<b>If</b> we … <b>then</b> … <b>and</b> …), the measures of the adult practice "
                "each strategy should change, the milestones that show it is being carried out, "
                "and the actions toward each milestone. Reporting follows each priority: "
                "implementation data computed from the monthly action statuses, annual "
                "performance data, and the supports received.",
                self.styles["small"],
            )
        )
        for p, priority in enumerate(self._priorities(), start=1):
            if p > 1:
                story += self._page("landscape")
            story += self._story_priority(p, priority)
        loose = [s for s in self.plan.get("supports", []) if not s.get("strategy_id")]
        if loose:
            lead = self._heading("Supports for the Whole Plan", 1)
            story.append(self._keep(lead, self._supports_table(loose)))
        return story

    def _story_priority(self, p: int, priority: dict[str, Any]) -> list[Flowable]:
        title = _s(priority.get("title"))
        story = self._heading(f"Priority {p}" + (f": {title}" if title else ""), 1, toc=True)
        if _s(priority.get("description")):
            story.append(self._para(_s(priority.get("description"))))
        answers = self._priority_links(priority)
        if answers:
            items = "".join(f"<br/>• {markup(a)}" for a in answers)
            story.append(
                self._p(
                    f"<b>Root causes and needs this priority answers:</b>{items}",
                    self.styles["small"],
                )
            )
        strategies = priority.get("strategies") or [_blank_strategy()]
        for s, strategy in enumerate(strategies, start=1):
            story += self._story_strategy(p, s, strategy)
        story += self._story_reporting(p, strategies)
        return story

    def _priority_links(self, priority: dict[str, Any]) -> list[str]:
        out = []
        for link in priority.get("links", []):
            if link.get("cause_id") in self.causes:
                text, category = self.causes[link["cause_id"]]
                out.append(f"{text} (root cause, {category})" if category else text)
            elif link.get("chain_id") in self.chains:
                number, chain = self.chains[link["chain_id"]]
                steps = [s for s in chain.get("steps", []) if _s(s.get("text"))]
                root = _s(steps[-1].get("text")) if steps else _s(chain.get("symptom"))
                out.append(f"{root} (5-Whys chain {number})")
            elif link.get("weakness_id") in self.swot:
                out.append(f"{_s(self.swot[link['weakness_id']].get('text'))} (weakness)")
        return out

    def _story_strategy(self, p: int, s: int, strategy: dict[str, Any]) -> list[Flowable]:
        width = self._frame_width("landscape")
        lead = self._heading(f"Strategy {p}.{s}", 2)
        theory = _theory(
            _s(strategy.get("if_text")), _s(strategy.get("then_text")), _s(strategy.get("and_text"))
        )
        lead.append(self._p(theory, self.styles["body"]))
        code = _s(strategy.get("practice_code"))
        found = practice(code) if code else None
        practice_text = found.label if found else (code or "______________")
        details = [f"<b>Four Domains practice:</b> {markup(practice_text)}"]
        if found:
            details[0] += f" <font color='#5F6B7A'>({markup(found.domain_name)})</font>"
        if _s(strategy.get("evidence_base")):
            details.append(f"<b>Evidence base:</b> {markup(_s(strategy.get('evidence_base')))}")
        if _s(strategy.get("learning_needs")):
            details.append(
                f"<b>Professional learning needs:</b> {markup(_s(strategy.get('learning_needs')))}"
            )
        lead.append(self._p("<br/>".join(details), self.styles["small"]))
        lead.append(
            self._p(
                "<b>Strategy Performance Measures</b> <font color='#5F6B7A' size='8'>"
                "(measuring the “then” part of the strategy: the change in adult practice)"
                "</font>",
                self.styles["label"],
            )
        )
        measures = strategy.get("measures", [])
        rows = [
            [
                m.get("indicator"),
                m.get("data_source"),
                m.get("baseline"),
                m.get("target_y1"),
                m.get("target_y2"),
            ]
            for m in measures
        ]
        widths = [width * f for f in (0.32, 0.2, 0.16, 0.16, 0.16)]
        header = ["Indicator", "Data Source", "Baseline", "Target Year 1", "Target Year 2"]
        table = self._table(header, rows, widths, blank_rows=0 if rows else 1)
        # The strategy, its label and the first rows of its measures stay together.
        story: list[Flowable] = [self._keep(lead, table)]
        milestones = strategy.get("milestones") or [_blank_milestone()]
        for n, milestone in enumerate(milestones, start=1):
            story += self._story_milestone(f"{p}.{s}.{n}", milestone)
        return story

    def _story_milestone(self, number: str, milestone: dict[str, Any]) -> list[Flowable]:
        width = self._frame_width("landscape")
        text = _s(milestone.get("text"))
        facts = []
        if _s(milestone.get("timeline")):
            facts.append(f"Timeline: {markup(_s(milestone.get('timeline')))}")
        kind = MILESTONE_KINDS.get(_s(milestone.get("kind")))
        if kind:
            facts.append(kind)
        tail = f" <font color='#5F6B7A' size='8'>({'; '.join(facts)})</font>" if facts else ""
        heading = self._p(
            f"<b>Milestone {number}:</b> {markup(text) if text else '______________'}{tail}",
            self.styles["label"],
        )
        widths = [width * f for f in (0.28, 0.2, 0.11, 0.14, 0.12, 0.15)]
        rows = []
        for a, action in enumerate(milestone.get("actions", []), start=1):
            budget = _money(action.get("budget_cents"))
            source = _s(action.get("funding_source"))
            resources = f"{budget}\n{source}" if budget and source else budget or source
            rows.append(
                [
                    f"{number}.{a} {_s(action.get('text'))}",
                    action.get("outputs"),
                    timeline(action.get("start"), action.get("due")),
                    resources,
                    action.get("person_responsible"),
                    action.get("collaborators"),
                ]
            )
        if not rows:
            rows = [[f"{number}.{a}", "", "", "", "", ""] for a in range(1, 5)]
        header = [
            "Actions",
            "Anticipated Outputs",
            "Timeline",
            "Resources/Budget",
            "Person Responsible",
            "Collaborators",
        ]
        blank = not milestone.get("actions")
        table = self._table(header, rows, widths, row_height=BLANK_ROW if blank else None)
        # The heading with the table header and its first rows, or a small table whole; a long
        # table may then run over pages (its header row repeats).
        return [self._keep([heading], table, whole=4)]

    def _story_reporting(self, p: int, strategies: list[dict[str, Any]]) -> list[Flowable]:
        width = self._frame_width("landscape")
        story: list[Flowable] = []
        lead = self._heading(f"Reporting — Priority {p}", 2)
        lead.append(self._p("Implementation Data", self.styles["h3"]))
        lead.append(
            self._para(
                "Percentages are computed from the monthly action statuses, counting each "
                "action's latest status in or before the period. Periods with no status "
                "recorded yet are left blank; “—” marks a figure that cannot be computed yet "
                "(for example, a period that has not started).",
                "note",
            )
        )
        label_w = width * 0.22
        # Each semester and quarter table is small: it is kept whole, never split with its
        # header repeated; the section's headings go with the first one.
        for s, strategy in enumerate(strategies, start=1):
            lead.append(Spacer(1, 4))
            table = self._semester_table(f"Strategy {p}.{s}", strategy, label_w, width)
            story.append(self._keep(lead, table))
            milestones = strategy.get("milestones") or [_blank_milestone()]
            for n, milestone in enumerate(milestones, start=1):
                table = self._quarter_table(f"Milestone {p}.{s}.{n}", milestone, label_w, width)
                story.append(self._keep([Spacer(1, 4)], table))
            lead = []
        rows: list[list[Any]] = []
        for s, strategy in enumerate(strategies, start=1):
            measures = strategy.get("measures", [])
            if not measures:
                rows.append([f"Strategy {p}.{s}", "", "", "", ""])
            for measure_ in measures:
                results = {r.get("year"): r for r in measure_.get("results", [])}
                years = sorted(y for y in results if isinstance(y, int)) or [1]
                for year in years:
                    result = results.get(year, {})
                    target = _s(measure_.get(f"target_y{year}"))
                    rows.append(
                        [
                            f"Strategy {p}.{s}",
                            measure_.get("indicator"),
                            f"Year {year}: {target}" if target else "",
                            result.get("progress"),
                            result.get("explanation"),
                        ]
                    )
        widths = [width * f for f in (0.1, 0.25, 0.17, 0.24, 0.24)]
        header = [
            "Strategy",
            "Indicator",
            "Target",
            "Annual Progress",
            "Explanation & Needed Adjustments",
        ]
        table = self._table(header, rows, widths, label_col=True)
        story.append(self._keep([self._p("Performance Data", self.styles["h3"])], table))
        lead = [
            self._p("Supports", self.styles["h3"]),
            self._para(
                "Supports provided by the district, the state or other organizations, how they "
                "were used, and how well they worked, judged from the data.",
                "note",
            ),
        ]
        ids = {strategy.get("id") for strategy in strategies if strategy.get("id")}
        supports = [x for x in self.plan.get("supports", []) if x.get("strategy_id") in ids]
        story.append(self._keep(lead, self._supports_table(supports)))
        return story

    def _supports_table(self, supports: list[dict[str, Any]]) -> Table | LongTable:
        width = self._frame_width("landscape")
        widths = [width * f for f in (0.08, 0.18, 0.18, 0.15, 0.21, 0.2)]
        rows = [
            [
                self.labels.get(f"strategy:{x.get('strategy_id')}", "").replace("Strategy ", ""),
                x.get("needed"),
                x.get("provided"),
                x.get("provider"),
                x.get("how_used"),
                x.get("effectiveness"),
            ]
            for x in supports
        ]
        header = [
            "Strategy",
            "Supports Needed",
            "Supports Provided",
            "Source (district and other organizations)",
            "How were supports used?",
            "How effective were the supports?",
        ]
        return self._table(header, rows, widths, blank_rows=0 if rows else 2)

    def _semester_table(
        self, title: str, strategy: dict[str, Any], label_w: float, width: float
    ) -> Table | LongTable:
        col = (width - label_w) / 2
        reports = {r.get("semester"): r for r in strategy.get("reports", [])}
        done, behind, causes = (
            ["Milestones Completed (%)"],
            ["Milestones Behind Schedule"],
            ["Cause & Adjustments Made"],
        )
        for semester in (1, 2):
            if semester in self.semesters and strategy.get("id") is not None:
                result = strategy_progress(strategy, self.first_month, semester, self.today)
                # A semester the service has no figures for shows "—" in both rows.
                started = bool(getattr(result, "started", True)) and result.milestones
                done.append(_pct(result.done_pct))
                behind.append(_count(result.behind) if started else NOT_COMPUTED)
            else:
                done.append("")
                behind.append("")
            causes.append(_s(reports.get(semester, {}).get("cause_and_adjustments")))
        header = [title, "1st Semester", "2nd Semester"]
        return self._table(header, [done, behind, causes], [label_w, col, col], label_col=True)

    def _quarter_table(
        self, title: str, milestone: dict[str, Any], label_w: float, width: float
    ) -> Table | LongTable:
        col = (width - label_w) / 4
        reports = {r.get("quarter"): r for r in milestone.get("reports", [])}
        rows: list[list[Any]] = [
            ["Actions Completed (%)"],
            ["Outputs Completed (list)"],
            ["Actions on Time (%)"],
            ["Actions Behind Schedule (%)"],
            ["Cause & Adjustments Made"],
            ["Resources/Budget Used"],
            ["Additional Information/Comments"],
        ]
        for quarter in (1, 2, 3, 4):
            report = reports.get(quarter, {})
            if quarter in self.quarters and milestone.get("actions"):
                result = milestone_progress(milestone, self.first_month, quarter, self.today)
                numbers = [_pct(result.done_pct), _pct(result.on_time_pct), _pct(result.behind_pct)]
            else:
                numbers = ["", "", ""]
            rows[0].append(numbers[0])
            rows[1].append(_s(report.get("outputs_completed")))
            rows[2].append(numbers[1])
            rows[3].append(numbers[2])
            rows[4].append(_s(report.get("cause_and_adjustments")))
            rows[5].append(_s(report.get("resources_used")))
            rows[6].append(_s(report.get("comments")))
        header = [title] + [f"{ordinal(q)} Quarter" for q in (1, 2, 3, 4)]
        return self._table(header, rows, [label_w] + [col] * 4, label_col=True)

    # -- Appendices -----------------------------------------------------------------------

    def _story_appendices(self) -> list[Flowable]:
        story = self._page("landscape") + self._heading(H_APPENDICES, 0, toc=True)
        story += self._appendix_fishbones()
        story += self._page("portrait")
        story += self._appendix_why_chains()
        story += self._appendix_goal_results()
        story += self._appendix_adjustments()
        story += self._appendix_comments()
        story += self._appendix_glossary()
        return story

    def _appendix_fishbones(self) -> list[Flowable]:
        story = self._heading(APPENDIX_HEADINGS[0], 1, toc=True)
        story.append(
            self._para(
                "Each diagram shows a problem (the head), the categories of possible causes (the "
                "bones) and the causes the team found. Causes the team marked as root causes "
                "are outlined in red.",
                "small",
            )
        )
        fishbones = self.plan.get("fishbones", [])
        if not fishbones:
            school = category_set("school")
            blank = {
                "problem": "",
                "categories": [
                    {"id": i, "name": name, "causes": []}
                    for i, name in enumerate(school.categories if school else (), start=1)
                ],
            }
            fishbones = [blank]
        height = self._frame_height("landscape") - 60
        for f, fishbone in enumerate(fishbones, start=1):
            if f > 1:
                story += self._page("landscape")
            problem = _s(fishbone.get("problem"))
            story += self._heading(f"Fishbone {f}" + (f": {problem}" if problem else ""), 2)
            weakness = self.swot.get(fishbone.get("weakness_id") or -1)
            if weakness:
                story.append(self._para(f"Weakness examined: {_s(weakness.get('text'))}", "small"))
            layout = layout_fishbone(self._fishbone_input(fishbone), measure=measure)
            empty = not any(c.get("causes") for c in fishbone.get("categories", []))
            # A filled diagram is enlarged to fill the page too, up to half as big again (its
            # text stays at a normal reading size); a blank one more, to write on.
            story.append(FishboneDrawing(layout, height, max_scale=2.5 if empty else 1.5))
            story += self._fishbone_cause_table(fishbone)
        return story

    def _fishbone_input(self, fishbone: dict[str, Any]) -> FishboneInput:
        layout = fishbone_input(fishbone, label=lambda cause: _s(cause.get("text")))
        # The PDF prints names and the problem trimmed, as it prints every other text.
        return FishboneInput(
            problem=_s(layout.problem),
            categories=tuple(CategoryNode(c.id, _s(c.name), c.causes) for c in layout.categories),
        )

    def _fishbone_cause_table(self, fishbone: dict[str, Any]) -> list[Flowable]:
        rows: list[list[Any]] = []

        for category in fishbone.get("categories", []):
            name = _s(category.get("name"))
            for cause, depth in walk_causes(category.get("causes", [])):
                votes = int(cause.get("votes") or 0) + sum(
                    int(v.get("dots") or 0) for v in cause.get("dot_votes", [])
                )
                indent = "    " * depth + ("↳ " if depth else "")
                rows.append(
                    [
                        name if depth == 0 else "",
                        indent + _s(cause.get("text")),
                        cause.get("evidence"),
                        "Yes" if cause.get("actionable") else "No",
                        str(votes) if votes else "",
                        "Root cause" if cause.get("is_root") else "",
                    ]
                )
        if not rows:
            return []
        width = self._frame_width("landscape")
        # Wide enough for "Actionable?" and "Root cause?" on one line.
        widths = [width * f for f in (0.13, 0.31, 0.31, 0.095, 0.06, 0.095)]
        header = ["Category", "Cause", "Evidence", "Actionable?", "Votes", "Root cause?"]
        lead = [self._p("Causes and evidence", self.styles["h3"])]
        return [self._keep(lead, self._table(header, rows, widths))]

    def _appendix_why_chains(self) -> list[Flowable]:
        story = self._heading(APPENDIX_HEADINGS[1], 1, toc=True)
        chains = self.plan.get("why_chains", [])
        widths = self._columns([0.7, 3.2, 3.1])
        if not chains:
            chains = [{"symptom": "", "steps": []}]
        for c, chain in enumerate(chains, start=1):
            symptom = _s(chain.get("symptom"))
            block: list[Flowable] = [
                self._p(
                    f"<b>Chain {c} — symptom:</b> "
                    f"{markup(symptom) if symptom else '______________'}",
                    self.styles["body"],
                )
            ]
            links = []
            weakness = self.swot.get(chain.get("weakness_id") or -1)
            if weakness:
                links.append(f"Weakness: {_s(weakness.get('text'))}")
            if chain.get("cause_id") in self.causes:
                links.append(f"Fishbone cause: {self.causes[chain['cause_id']][0]}")
            if chain.get("steps"):
                links.append(
                    "The root cause it reaches is "
                    + ("actionable." if chain.get("actionable") else "not marked actionable.")
                )
            if links:
                block.append(self._para(" · ".join(links), "small"))
            steps = chain.get("steps", [])
            rows = []
            for i, step in enumerate(steps, start=1):
                label = f"Why {i}" + ("\n(root cause)" if i == len(steps) else "")
                rows.append([label, step.get("text"), step.get("evidence")])
            if not rows:
                rows = [[f"Why {i}", "", ""] for i in range(1, 6)]
            table = self._table(
                ["Step", "Answer", "Evidence"],
                rows,
                widths,
                label_col=True,
                row_height=None if steps else BLANK_ROW,
            )
            block += [table, Spacer(1, 8)]
            story.append(KeepTogether(block))
        return story

    def _appendix_goal_results(self) -> list[Flowable]:
        lead = self._heading(APPENDIX_HEADINGS[2], 1, toc=True)
        lead.append(
            self._para(
                "Annual results of the goal measures, reviewed each year to decide whether the "
                "targeted results were reached and what to change next year.",
                "small",
            )
        )
        rows: list[list[Any]] = []
        for g, goal in enumerate(self.plan.get("goals", []), start=1):
            for measure_ in goal.get("measures", []):
                results = {r.get("year"): r for r in measure_.get("results", [])}
                years = sorted(y for y in results if isinstance(y, int)) or [1]
                for year in years:
                    result = results.get(year, {})
                    target = _s(measure_.get(f"target_y{year}"))
                    rows.append(
                        [
                            f"Goal {g}",
                            measure_.get("indicator"),
                            f"Year {year}: {target}" if target else "",
                            result.get("progress"),
                            result.get("explanation"),
                        ]
                    )
        widths = self._columns([0.6, 2.0, 1.5, 2.0, 2.0])
        header = [
            "Goal",
            "Indicator",
            "Target",
            "Annual Progress",
            "Explanation & Needed Adjustments",
        ]
        table = self._table(header, rows, widths, label_col=True, blank_rows=0 if rows else 3)
        return [self._keep(lead, table)]

    def _appendix_adjustments(self) -> list[Flowable]:
        lead = self._heading(APPENDIX_HEADINGS[3], 1, toc=True)
        rows = []
        for item in self.plan.get("adjustments", []):
            action = self.action_numbers.get(item.get("action_id") or -1, "")
            rows.append(
                [
                    long_date(item.get("made_on")),
                    action,
                    item.get("what_changed"),
                    item.get("why"),
                    item.get("decided_by"),
                    item.get("communicated_to"),
                ]
            )
        widths = self._columns([0.95, 0.6, 1.9, 1.9, 1.3, 1.35])
        header = ["Date", "Action", "What Changed", "Why", "Decided By", "Communicated To"]
        return [self._keep(lead, self._table(header, rows, widths, blank_rows=0 if rows else 4))]

    def _appendix_comments(self) -> list[Flowable]:
        story = self._heading(APPENDIX_HEADINGS[4], 1, toc=True)
        comments = [c for c in self.plan.get("review_comments", []) if not c.get("resolved")]
        if not comments:
            story.append(self._para("No open review comments.", "small"))
            return story
        rows = []
        for c in comments:
            step = c.get("step")
            where = STEP_NAMES.get(step, "") if isinstance(step, int) else ""
            item = _s(c.get("item"))
            label = self.labels.get(item, item)
            rows.append(
                [
                    f"{where}\n{label}".strip(),
                    c.get("author"),
                    long_date(c.get("created_at")),
                    c.get("body"),
                ]
            )
        widths = self._columns([1.5, 1.4, 1.1, 4.0])
        return [self._keep(story, self._table(["About", "From", "Date", "Comment"], rows, widths))]

    def _appendix_glossary(self) -> list[Flowable]:
        lead = self._heading(APPENDIX_HEADINGS[5], 1, toc=True)
        rows = [
            [t.get("term"), t.get("meaning")]
            for t in self.plan.get("glossary", [])
            if _s(t.get("term")) or _s(t.get("meaning"))
        ]
        widths = self._columns([1.5, 5.5])
        table = self._table(
            ["Term", "Meaning"], rows, widths, label_col=True, blank_rows=0 if rows else 3
        )
        return [self._keep(lead, table)]


# --- the one-page summary --------------------------------------------------------------------


class SummaryRenderer(ToolARenderer):
    """The plan on a page: goals with targets, priorities, strategies (with practice codes)
    and key milestones, on one landscape page for boards and staff.

    The text is set at the largest of :attr:`SIZES` at which everything fits. When even the
    smallest (still easy to read) is not enough, each column lists fewer items from the bottom
    up and says how many more the full plan has ("+ 4 more milestones"); text is never shrunk
    below :attr:`SIZES`'s last size.
    """

    top_margin = 0.75 * inch
    bottom_margin = 0.75 * inch  # the note's last line stays clear of the footer rule
    footer_text = "Plan on a page"
    MAX_MILESTONES = 3  # per strategy; more are counted, not listed
    SIZES = (9.0, 8.5, 8.0, 7.5)  # body text sizes tried, largest first; the last is the floor
    PAD = 5.0  # cell padding, left and right
    PAD_Y = 3.0  # cell padding, top and bottom
    CLIP: ClassVar[dict[str, int]] = {
        "intro": 420,
        "goal": 220,
        "indicator": 160,
        "strategy": 240,
        "milestone": 160,
        "target": 80,  # a baseline, a target, a timeline, a code: short on a real plan
    }

    def _title(self) -> str:
        school = _s(self.profile.get("school_name"))
        return f"Plan on a Page — {school}" if school else "Plan on a Page"

    def _page_templates(self) -> list[PageTemplate]:
        templates: list[PageTemplate] = super()._page_templates()
        return [t for t in templates if t.id == "landscape"]

    def _story(self) -> list[Flowable]:
        story = self._story_summary()
        self._report(_BUILD_START)
        return story

    # -- fitting --------------------------------------------------------------------------

    def _story_summary(self) -> list[Flowable]:
        width = self._frame_width("landscape")
        height = self._frame_height("landscape") - 1.0  # a point of slack for rounding
        goals = self.plan.get("goals", [])
        priorities = self.plan.get("priorities", [])
        for size in self.SIZES:
            st = self._summary_styles(size)
            goal_cells = [self._goal_cell(g, goal, st) for g, goal in enumerate(goals, 1)]
            cells = [self._priority_cell(p, pr, st) for p, pr in enumerate(priorities, 1)]
            content = self._summary_content(width, st, goal_cells, cells)
            if _stack_height(content, width) <= height:
                return content
        # At the smallest size, list fewer items: first fewer milestones under each strategy
        # (down to one), then fewer measures under each goal, then no milestones, then the
        # lowest strategies of a column. Each priority column keeps as much as fits in it.
        goal_w = width / max(1, len(goals))
        prio_w = width / max(1, len(priorities))
        room = (
            height
            - _stack_height(content, width)
            + self._body_height(goal_cells, goal_w)
            + self._body_height(cells, prio_w)
        )
        most = max((len(goal.get("measures", [])) for goal in goals), default=0)
        stages: list[tuple[int | None, int]] = [
            (None, m) for m in range(self.MAX_MILESTONES - 1, 0, -1)
        ]
        stages += [(k, 1) for k in range(most - 1, 0, -1)]
        stages.append((min(1, most) or None, 0))
        budget = room
        for goal_cap, fewest in stages:
            goal_cells = [self._goal_cell(g, goal, st, goal_cap) for g, goal in enumerate(goals, 1)]
            budget = room - self._body_height(goal_cells, goal_w)
            cells, fits = [], True
            for p, priority in enumerate(priorities, start=1):
                options = (
                    self._priority_cell(p, priority, st, m)
                    for m in range(self.MAX_MILESTONES, fewest - 1, -1)
                )
                cell, ok = self._fit(options, prio_w, budget)
                cells.append(cell)
                fits = fits and ok
            if fits:
                break
        else:
            cells = []
            for p, priority in enumerate(priorities, start=1):
                count = len(priority.get("strategies", []))
                options = (self._priority_cell(p, priority, st, 0, k) for k in range(count, 0, -1))
                cells.append(self._fit(options, prio_w, budget)[0])
        content = self._summary_content(width, st, goal_cells, cells)
        if _stack_height(content, width) > height:  # pragma: no cover - texts are clipped
            return [KeepInFrame(width, height, content, mode="truncate")]
        return content

    def _fit(
        self, candidates: Iterator[list[Flowable]], width: float, budget: float
    ) -> tuple[list[Flowable], bool]:
        """The first of the ``candidates`` (most detail first) whose cell fits in ``budget``
        points and True, else the last one and False."""
        cell: list[Flowable] = []
        for cell in candidates:
            if self._cell_height(cell, width) <= budget:
                return cell, True
        return cell, False

    def _cell_height(self, parts: list[Flowable], width: float) -> float:
        """The height a list of flowables takes in a table cell ``width`` wide (as Table
        measures it: spaces between the parts, not before the first or after the last)."""
        inner = width - 2 * self.PAD
        total = 0.0
        for i, part in enumerate(parts):
            _w, h = part.wrap(inner, 0xFFFFFF)
            total += h
            if i:
                total += part.getSpaceBefore()
            if i < len(parts) - 1:
                total += part.getSpaceAfter()
        return total + 2 * self.PAD_Y

    def _body_height(self, cells: list[list[Flowable]], width: float) -> float:
        return max((self._cell_height(cell, width) for cell in cells), default=0.0)

    # -- content --------------------------------------------------------------------------

    def _summary_styles(self, size: float) -> dict[str, ParagraphStyle]:
        leading = round(size * 1.25, 2)
        st = self.styles

        def sized(name: str, parent: str, **kw: Any) -> ParagraphStyle:
            return ParagraphStyle(
                f"summary-{name}-{size:g}",
                parent=st[parent],
                fontSize=size,
                leading=leading,
                **kw,
            )

        return {
            "title": ParagraphStyle(
                f"summary-title-{size:g}",
                parent=st["h1"],
                fontSize=size * 2,
                leading=size * 2.5,
                spaceAfter=size * 0.6,
            ),
            "intro": sized("intro", "small", spaceAfter=0),
            "cell": sized("cell", "cell"),
            "head": sized("head", "cell_head"),
            "note": sized("note", "note"),
        }

    def _summary_content(
        self,
        width: float,
        st: dict[str, ParagraphStyle],
        goal_cells: list[list[Flowable]],
        priority_cells: list[list[Flowable]],
    ) -> list[Flowable]:
        p = self.profile
        self._keys += 1
        title = "Our Plan on a Page"
        content: list[Flowable] = [
            Anchor(f"h{self._keys}", title, 0, self.marks),
            self._p(title, st["title"]),
        ]
        intro = []
        for label, key in (("Vision", "vision"), ("Mission", "mission")):
            text = _clip(_s(p.get(key)), self.CLIP["intro"])
            if text:
                intro.append(f"<b>{label}:</b> {markup(text)}")
        if intro:
            content.append(self._p("<br/>".join(intro), st["intro"]))
        content.append(Spacer(1, 4))
        content.append(self._summary_goals(width, st, goal_cells))
        content.append(Spacer(1, 6))
        content.append(self._summary_priorities(width, st, priority_cells))
        content.append(Spacer(1, 4))
        content.append(
            self._p(
                markup(
                    "Practice codes refer to the Four Domains for Rapid School Improvement "
                    "(1a–4c). The full plan, with every action and report, is in the Tool A PDF."
                ),
                st["note"],
            )
        )
        return content

    def _more(self, text: str, st: dict[str, ParagraphStyle]) -> Paragraph:
        return self._p(f"&nbsp;&nbsp;<font color='#5F6B7A'>{text}</font>", st["cell"])

    def _goal_cell(
        self,
        g: int,
        goal: dict[str, Any],
        st: dict[str, ParagraphStyle],
        max_measures: int | None = None,
    ) -> list[Flowable]:
        text = _clip(_s(goal.get("text")), self.CLIP["goal"])
        parts: list[Flowable] = [self._p(f"<b>Goal {g}.</b> {markup(text)}", st["cell"])]
        measures = goal.get("measures", [])
        shown = measures if max_measures is None else measures[:max_measures]
        for measure_ in shown:
            targets = [
                f"Y{y}: {markup(_clip(_s(measure_.get(f'target_y{y}')), self.CLIP['target']))}"
                for y in (1, 2, 3)
                if _s(measure_.get(f"target_y{y}"))
            ]
            base = _clip(_s(measure_.get("baseline")), self.CLIP["target"])
            indicator = _clip(_s(measure_.get("indicator")), self.CLIP["indicator"])
            line = f"• {markup(indicator)}"
            if base:
                line += f"<br/><font color='#5F6B7A'>Baseline: {markup(base)}</font>"
            if targets:
                line += "<br/><b>Targets</b> " + " · ".join(targets)
            parts.append(self._p(line, st["cell"]))
        hidden = len(measures) - len(shown)
        if hidden:
            parts.append(self._more(f"+ {hidden} more {_plural(hidden, 'measure')}", st))
        return parts

    def _priority_cell(
        self,
        p: int,
        priority: dict[str, Any],
        st: dict[str, ParagraphStyle],
        max_milestones: int | None = None,
        max_strategies: int | None = None,
    ) -> list[Flowable]:
        per_strategy = self.MAX_MILESTONES if max_milestones is None else max_milestones
        strategies = priority.get("strategies", [])
        shown = strategies if max_strategies is None else strategies[:max_strategies]
        parts: list[Flowable] = []
        for s, strategy in enumerate(shown, start=1):
            code = _clip(_s(strategy.get("practice_code")), self.CLIP["target"])
            tag = f" <font color='#1F3B5C'><b>[{markup(code)}]</b></font>" if code else ""
            strat = _clip(_s(strategy.get("if_text")), self.CLIP["strategy"])
            we = "" if strat.lower().startswith("we ") else "we "
            parts.append(self._p(f"<b>{p}.{s}</b>{tag} If {we}{markup(strat)}", st["cell"]))
            milestones = strategy.get("milestones", [])
            for milestone in milestones[:per_strategy]:
                when = _clip(_s(milestone.get("timeline")), self.CLIP["target"])
                when_text = f" <font color='#5F6B7A'>({markup(when)})</font>" if when else ""
                text = _clip(_s(milestone.get("text")), self.CLIP["milestone"])
                parts.append(self._p(f"&nbsp;&nbsp;◆ {markup(text)}{when_text}", st["cell"]))
            more = len(milestones) - per_strategy
            if more > 0:
                word = "more " if per_strategy else ""
                parts.append(self._more(f"+ {more} {word}{_plural(more, 'milestone')}", st))
            parts.append(Spacer(1, 3))
        hidden = strategies[len(shown) :]
        if hidden:
            count = len(hidden)
            steps = sum(len(x.get("milestones", [])) for x in hidden)
            text = f"+ {count} more {_plural(count, 'strategy')}"
            if steps:
                text += f" ({steps} {_plural(steps, 'milestone')})"
            parts.append(self._more(text + " in the full plan", st))
        return parts

    def _summary_goals(
        self, width: float, st: dict[str, ParagraphStyle], cells: list[list[Flowable]]
    ) -> Table:
        if not cells:
            cells = [[self._p("<b>Goals</b> not written yet.", st["cell"])]]
        count = len(cells)
        table = Table(
            [[self._p("<b>Goals</b>", st["head"])] + [""] * (count - 1), cells],
            colWidths=[width / count] * count,
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("SPAN", (0, 0), (-1, 0)),
                    ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                    ("FONT", (0, 0), (-1, -1), FONT, st["cell"].fontSize, st["cell"].leading),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BOX", (0, 0), (-1, -1), 0.5, GRID),
                    ("LINEBEFORE", (1, 1), (-1, -1), 0.5, GRID),
                    *self._padding(),
                ]
            )
        )
        return table

    def _summary_priorities(
        self, width: float, st: dict[str, ParagraphStyle], cells: list[list[Flowable]]
    ) -> Table:
        priorities = self.plan.get("priorities", [])
        heads: list[Any] = [
            self._p(
                f"<b>Priority {p}.</b> {markup(_clip(_s(pr.get('title')), self.CLIP['goal']))}",
                st["head"],
            )
            for p, pr in enumerate(priorities, start=1)
        ]
        if not heads:
            heads = [self._p("<b>Priorities</b>", st["head"])]
            cells = [[self._p("No priority areas chosen yet.", st["cell"])]]
        count = len(heads)
        table = Table([heads, cells], colWidths=[width / count] * count, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                    ("FONT", (0, 0), (-1, -1), FONT, st["cell"].fontSize, st["cell"].leading),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                    *self._padding(),
                ]
            )
        )
        return table

    def _padding(self) -> list[tuple[Any, ...]]:
        return [
            ("LEFTPADDING", (0, 0), (-1, -1), self.PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), self.PAD),
            ("TOPPADDING", (0, 0), (-1, -1), self.PAD_Y),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.PAD_Y),
        ]


def _plural(count: int, word: str) -> str:
    if count == 1:
        return word
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


def _clip(text: str, limit: int) -> str:
    """``text`` cut after a word near ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.—-")
    return (cut or text[:limit]) + "…"


def _stack_height(flowables: list[Flowable], width: float) -> float:
    """The height a frame ``width`` wide needs for ``flowables`` one after another."""
    total = 0.0
    for i, item in enumerate(flowables):
        _w, h = item.wrap(width, 0xFFFFFF)
        total += h + item.getSpaceAfter() + (item.getSpaceBefore() if i else 0.0)
    return total
