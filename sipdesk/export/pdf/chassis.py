"""The chassis of SIP Desk's PDFs: fonts, styles, page templates, building blocks, numbering.

The Tool A parts (front matter, planning, appendices) and the one-page summary are subclasses
that add their ``_story_<section>()`` methods; this module holds what they all stand on.

It runs a little over 700 lines on purpose: the small text helpers, the stylesheet and the table
builder are used by every part, and splitting them further would only scatter one vocabulary.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import math
import time
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

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
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from sipdesk.diagrams.fishbone import (
    wrap_text,
)
from sipdesk.export.pdf.blanks import blank_priority
from sipdesk.export.pdf_flowables import (
    INK,
    MUTED,
    NAVY,
    Anchor,
    BidiParagraph,
    KeepWithRows,
    LongTable,
    Marks,
    SplitTable,
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
    glue,
    has_rtl,
    hyphen_breaks,
    is_plain,
    markup,
    measure,
    register_fonts,
    text_uses_fallback,
    unbreakable,
)
from sipdesk.models.formatting import long_date, money, numbered_outline
from sipdesk.models.targets import plan_span
from sipdesk.models.walk import walk_causes
from sipdesk.services.progress import (
    default_first_month,
    month_index,
    plan_start,
)

if TYPE_CHECKING:
    from sipdesk.models.plan_types import (
        PlanDoc,
        PriorityRow,
        ProfileRow,
    )

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
# Printed only when the team has parked ideas; the form itself has no such page.
PARKING_LOT_HEADING = "Appendix G: Parking Lot"

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
BUILD_START = 200  # progress: stories are built up to here, page layout takes the rest

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


# --- small formatting helpers ----------------------------------------------------------------


def _s(value: Any) -> str:
    return "" if value is None else str(value).strip()


def money_text(cents: int | None) -> str:
    """Printed amounts always show cents: "$1,250.00"."""
    return money(cents, always_cents=True)


NOT_WRITTEN = "Not written yet"  # a required part of the plan that is still empty
NOT_SET = "Not set yet"  # a required fact (the school year, the plan's date) not given yet
NOT_COMPUTED = "—"  # a reported period for which the progress service has no number


def pct_text(value: float | None) -> str:
    """A computed percentage; "—" when the service returns None (nothing due to count yet)."""
    return NOT_COMPUTED if value is None else f"{value:g}%"


def count_text(value: int | None) -> str:
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
def prewrap(text: str, width: float, bold: bool) -> str:
    """Plain text wrapped to ``width`` as lines for a plain table cell (fast path)."""
    lines = wrap_text(text, CELL_SIZE, width, _sw_bold if bold else _sw)
    return "\n".join(lines)


MIN_CELL_SIZE = 6.0  # points: a cell's text shrinks down to this before a word is cut


@lru_cache(maxsize=32768)
def _plain_size(text: str, width: float, bold: bool) -> float | None:
    """The font size at which every unbreakable piece of plain ``text`` fits in ``width``:
    :data:`CELL_SIZE`, or smaller to a quarter point; None when a piece is too wide even at
    :data:`MIN_CELL_SIZE`."""
    width_of = _sw_bold if bold else _sw
    if width_of(text, CELL_SIZE) <= width:  # most cells: the whole text fits on one line
        return CELL_SIZE
    widest = max((width_of(word, CELL_SIZE) for word in unbreakable(text)), default=0.0)
    if widest <= width:
        return CELL_SIZE
    size = math.floor(CELL_SIZE * width / widest * 4) / 4
    return size if size >= MIN_CELL_SIZE else None


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


def theory_markup(if_text: str, then_text: str, and_text: str) -> str:
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


def headings_into_keeps(story: list[Flowable]) -> list[Flowable]:
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


def plural(count: int, word: str) -> str:
    if count == 1:
        return word
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


def clip(text: str, limit: int) -> str:
    """``text`` cut after a word near ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.—-")
    return (cut or text[:limit]) + "…"


def stack_height(flowables: list[Flowable], width: float) -> float:
    """The height a frame ``width`` wide needs for ``flowables`` one after another."""
    total = 0.0
    for i, item in enumerate(flowables):
        _w, h = item.wrap(width, 0xFFFFFF)
        total += h + item.getSpaceAfter() + (item.getSpaceBefore() if i else 0.0)
    return total


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


def one_frame_pdf(
    marks: Marks,
    today: dt.date,
    story: list[Any],
    decorate: Callable[[Any, Any], None],
    *,
    pagesize: tuple[float, float],
    frame: tuple[float, float, float, float],
    **meta: Any,
) -> bytes:
    """A district report's bytes (the diff, the rollup, the self-reflection): every page one
    frame (``x, y, width, height``) drawn round by ``decorate``; ``meta`` is the document's
    title, author and subject. Same day, same bytes, as :class:`_DocTemplate` makes them."""
    buffer = io.BytesIO()
    doc = _DocTemplate(
        buffer,
        marks,
        today,
        pagesize=pagesize,
        creator="SIP Desk",
        lang="en",
        initialFontName=FONT,
        initialFontSize=10,
        **meta,
    )
    x, y, width, height = frame
    body = Frame(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[body], onPage=decorate)])
    doc.build(story)
    doc.finish()
    return buffer.getvalue()


def _time_stamp(day: dt.date) -> TimeStamp:
    """reportlab's document date, set to ``day`` instead of the clock."""
    stamp = TimeStamp(invariant=1)
    seconds = calendar.timegm(day.timetuple())
    stamp.t = seconds
    stamp.lt = time.gmtime(seconds)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


class Chassis:
    """What every SIP Desk PDF shares: fonts, styles, page templates, tables and numbering.

    A subclass supplies the story (:meth:`_story`); build one renderer per document (it keeps
    per-document state)."""

    margin = 0.6 * inch
    footer_text = "Tool A · School Improvement Planning Template"
    top_margin = 0.85 * inch
    bottom_margin = 0.7 * inch

    def __init__(
        self,
        plan: PlanDoc,
        *,
        paper: Paper = "letter",
        progress: Progress | None = None,
        today: dt.date,
    ) -> None:
        self.plan = plan
        self.today = today
        self.profile: ProfileRow = plan["profile"]
        self.span = plan_span(self.profile["plan_years"])  # years of targets shown, 1 to 5
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
            author=_s(self.profile["school_name"]) or "School",
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

    def _story(self) -> list[Flowable]:
        """The whole document's flowables, in order: each kind of PDF says what they are."""
        raise NotImplementedError

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
                span = TOTAL_STEPS - BUILD_START - 1
                self._report(BUILD_START + span * min(value, count) // count)

        return callback

    # -- document furniture ---------------------------------------------------------------

    def _school(self) -> str:
        return _s(self.profile["school_name"]) or "School name not set"

    def _span(self) -> str:
        """How many school years the plan covers, in words ("3 school years")."""
        years = self.profile["plan_years"]
        if years < 1:
            return ""
        return "1 school year (annual plan)" if years == 1 else f"{years} school years"

    def _title(self) -> str:
        school = _s(self.profile["school_name"])
        return f"School Improvement Plan — {school}" if school else "School Improvement Plan"

    def _subject(self) -> str:
        parts = ["School Improvement Plan (Tool A template)"]
        if self.profile["plan_date"]:
            parts.append(f"plan dated {long_date(self.profile['plan_date'])}")
        if _s(self.profile["district"]):
            parts.append(_s(self.profile["district"]))
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
        plan_date = long_date(self.profile["plan_date"])
        school_year = _s(self.profile["school_year"])
        meta = "School Improvement Plan" + (f" {school_year}" if school_year else "")
        meta += f" · Date of Plan: {plan_date}" if plan_date else ""
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
        status = STATUS_NAMES.get(_s(self.profile["status"]), "")
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
        entry = clip(title, OUTLINE_CHARS)  # the heading itself is printed whole
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
        text = glue(_s(text))
        inner = width - 2 * PAD_X
        style = self.styles["cell_bold" if bold else "cell"]
        font = FONT_BOLD if bold else FONT
        if is_plain(text):
            size = _plain_size(text, inner, bold)
            if size is None:  # too wide even in small type: may a compound break at a hyphen?
                broken = hyphen_breaks(text, inner, font, MIN_CELL_SIZE)
                size = _plain_size(broken, inner, bold) if broken != text else None
                text = broken if size is not None else text
            if size is None or size == CELL_SIZE:  # it fits; or only a cut can help
                return prewrap(text, inner, bold) if text else ""
            # A word wider than the column: smaller type rather than a word cut in two.
            sized = self._sized(style, size)
            if len(text) > LONG_CELL:
                pieces = line_chunks(text, inner, font, size)
                return [self._p(markup(piece), sized) for piece in pieces]
            return self._p(markup(text), sized)
        if len(text) > LONG_CELL:
            pieces = line_chunks(text, inner, font)
            return [self._p(markup(piece), style) for piece in pieces]
        return self._p(markup(text), style)

    def _sized(self, style: ParagraphStyle, size: float) -> ParagraphStyle:
        """``style`` at font ``size`` (one style per size, made once)."""
        name = f"{style.name}-{size:g}"
        sized = self._cjk_styles.get(name)
        if sized is None:
            leading = CELL_LEADING * size / CELL_SIZE
            sized = ParagraphStyle(name, parent=style, fontSize=size, leading=leading)
            self._cjk_styles[name] = sized
        return sized

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
        for g, goal in enumerate(plan["goals"], start=1):
            self.labels[f"goal:{goal['id']}"] = f"Goal {g}"
            for m, measure_ in enumerate(goal["measures"], start=1):
                self.labels[f"measure:{measure_['id']}"] = f"Goal {g}, measure {m}"
        self.action_numbers: dict[int, str] = {}
        for item in numbered_outline(plan):
            row_id, number = item.row["id"], item.number
            self.labels[f"{item.kind}:{row_id}"] = f"{item.kind.capitalize()} {number}"
            if item.kind == "strategy":
                for m, measure_ in enumerate(item.row["measures"], start=1):
                    self.labels[f"measure:{measure_['id']}"] = f"Strategy {number}, measure {m}"
            elif item.kind == "action":
                self.action_numbers[row_id] = number
        self.causes: dict[int, tuple[str, str]] = {}
        for f, fishbone in enumerate(plan["fishbones"], start=1):
            for category in fishbone["categories"]:
                for cause, _ in walk_causes(category["causes"]):
                    self.causes[cause["id"]] = (_s(cause["text"]), _s(category["name"]))
                    self.labels[f"cause:{cause['id']}"] = f"Fishbone {f} cause"
        self.chains = {c["id"]: (i, c) for i, c in enumerate(plan["why_chains"], start=1)}
        self.swot = {item["id"]: item for item in plan["swot"]}
        stored = _s(self.profile["first_month"])
        self.first_month = plan_start(stored, self.today) if stored else self._guess_first_month()
        self.quarters, self.semesters = self._reported_periods()

    def _priorities(self) -> list[PriorityRow]:
        """The plan's priorities, or the template's four blank ones for an empty plan."""
        priorities = self.plan["priorities"]
        return list(priorities) if priorities else [blank_priority() for _ in range(4)]

    def _guess_first_month(self) -> str:
        try:
            day = dt.date.fromisoformat(_s(self.profile["plan_date"])[:10])
        except ValueError:
            day = None
        return default_first_month(day or self.today)

    def _reported_periods(self) -> tuple[set[int], set[int]]:
        """Quarters and semesters in which any monthly action status was recorded.

        Computed percentages are shown only for these; later periods stay blank to fill in.
        """
        quarters: set[int] = set()
        for priority in self.plan["priorities"]:
            for strategy in priority["strategies"]:
                for milestone in strategy["milestones"]:
                    for action in milestone["actions"]:
                        for entry in action["statuses"]:
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
