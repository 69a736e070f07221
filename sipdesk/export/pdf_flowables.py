"""Flowables for the Tool A PDF: outline anchors, the table of contents, fishbone drawings,
paragraphs with right-to-left lines, and a table kept with its heading and first rows.

Page numbers that are only known at the end (the "of Y" in the footer and the TOC's page
numbers) are drawn as PDF form XObjects that are referenced on the page and defined once the
build has finished (:func:`define_page_forms`). That keeps the build to a single pass.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, ClassVar

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Table
from reportlab.platypus.doctemplate import FrameBreak

from sipdesk.diagrams.fishbone import Box, FishboneLayout
from sipdesk.export.pdf_text import (
    FONT,
    FONT_BOLD,
    display_run,
    font_runs,
    has_rtl,
    measure,
    reorder,
    rtl_spans,
    visual,
)

NAVY = colors.HexColor("#1F3B5C")
INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#5F6B7A")
ROOT_RED = colors.HexColor("#B3261E")
ROOT_FILL = colors.HexColor("#FBE9E7")
CATEGORY_FILL = colors.HexColor("#E3EAF3")
HEAD_FILL = colors.HexColor("#F3F6FA")


@dataclass
class Marks:
    """What the build found out: the page of every anchor and the number of pages."""

    pages: dict[str, int] = field(default_factory=dict)
    last_page: int = 0


class Anchor(Flowable):  # type: ignore[misc]
    """A zero-size mark before a heading: a PDF bookmark, an outline entry and its page."""

    def __init__(self, key: str, title: str, level: int, marks: Marks) -> None:
        super().__init__()
        self.key = key
        self.title = title
        self.level = level
        self.marks = marks
        self.keepWithNext = 1

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        canv = self.canv
        canv.bookmarkHorizontal(self.key, 0, 12)
        canv.addOutlineEntry(self.title, self.key, self.level, closed=self.level >= 1)
        self.marks.pages[self.key] = canv.getPageNumber()


def page_form(key: str) -> str:
    return f"pageof-{key}"


def footer_form(page: int) -> str:
    return f"footer-{page}"


def define_page_forms(canv: Any, marks: Marks, font_size: float = 8.0) -> None:
    """Define the forms the pages referred to: TOC page numbers and "Page X of Y"."""
    for key, page in marks.pages.items():
        canv.beginForm(page_form(key), lowerx=-60, lowery=-4, upperx=2, uppery=14)
        canv.setFont(FONT, 9)
        canv.setFillColor(INK)
        canv.drawRightString(0, 0, str(page))
        canv.endForm()
    for page in range(1, marks.last_page + 1):
        canv.beginForm(footer_form(page), lowerx=-200, lowery=-4, upperx=2, uppery=14)
        canv.setFont(FONT, font_size)
        canv.setFillColor(MUTED)
        canv.drawRightString(0, 0, f"Page {page} of {marks.last_page}")
        canv.endForm()


@dataclass(frozen=True)
class TocEntry:
    level: int
    title: str
    key: str


class TableOfContents(Flowable):  # type: ignore[misc]
    """Entries with dot leaders and page numbers (filled in after the build), linked."""

    ROW: ClassVar[dict[int, float]] = {0: 17.0, 1: 13.5, 2: 12.0}

    def __init__(self, entries: list[TocEntry]) -> None:
        super().__init__()
        self.entries = entries
        self.width = 0.0
        self.height = 0.0

    def _row(self, entry: TocEntry) -> float:
        return self.ROW.get(entry.level, 12.0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = sum(self._row(e) for e in self.entries)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        used = 0.0
        for i, entry in enumerate(self.entries):
            used += self._row(entry)
            if used > avail_height:
                if i == 0:
                    return []
                return [TableOfContents(self.entries[:i]), TableOfContents(self.entries[i:])]
        return [self]

    def draw(self) -> None:
        canv = self.canv
        y = self.height
        for entry in self.entries:
            row = self._row(entry)
            y -= row
            base = y + 4
            indent = 16.0 * entry.level
            font = FONT_BOLD if entry.level == 0 else FONT
            size = 10.5 if entry.level == 0 else 9.0
            title = fit_line(entry.title, size, self.width - indent - 60, font)
            draw_runs(canv, indent, base, title, font, size, INK if entry.level < 2 else MUTED)
            start = indent + measure(title, size, font) + 4
            canv.setFillColor(MUTED)
            canv.setFont(FONT, size)
            dot = pdfmetrics.stringWidth(". ", FONT, size)
            count = int(max(0.0, self.width - 28 - start) // dot)
            if count > 0:
                canv.drawRightString(self.width - 28, base, ". " * count)
            canv.saveState()
            canv.translate(self.width, base)
            canv.doForm(page_form(entry.key))
            canv.restoreState()
            canv.linkRect("", entry.key, (indent, y, self.width, y + row), relative=1)


def fit_line(text: str, size: float, width: float, font: str = FONT) -> str:
    """``text`` on one line, cut with an ellipsis if it is wider than ``width``."""
    text = " ".join(text.split())
    if measure(text, size, font) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(text[:mid] + "…", size, font) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def draw_runs(
    canv: Any,
    x: float,
    y: float,
    text: str,
    font: str,
    size: float,
    color: Any = INK,
) -> None:
    """Draw one line of logical text at (x, y), each script run in a font that has it."""
    canv.setFillColor(color)
    for fallback, run in font_runs(visual(text)):
        name = fallback or font
        canv.setFont(name, size)
        canv.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, name, size)


class FishboneDrawing(Flowable):  # type: ignore[misc]
    """A fishbone layout scaled to fill the frame's width or height: down when it is larger,
    up (to at most ``max_scale``) when it is smaller."""

    def __init__(self, layout: FishboneLayout, max_height: float, max_scale: float = 1.0) -> None:
        super().__init__()
        self.layout = layout
        self.max_height = max_height
        self.max_scale = max_scale  # how much a small diagram may be enlarged
        self.scale = 1.0
        self.width = layout.width
        self.height = layout.height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        lay = self.layout
        best = min(self.max_scale, avail_width / lay.width, self.max_height / lay.height)
        here = min(best, avail_height / lay.height)
        # Shrink a little (or only give up enlarging) to stay on this page; much smaller, and
        # it goes on the next one.
        self.scale = here if here >= min(0.8 * best, 1.0) else best
        self.width = lay.width * self.scale
        self.height = lay.height * self.scale
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        lay = self.layout
        canv.saveState()
        # Layout y points down from the top; flip once so every coordinate is used as given.
        canv.translate(0, self.height)
        canv.scale(self.scale, -self.scale)
        canv.setLineCap(1)
        canv.setStrokeColor(NAVY)
        canv.setLineWidth(2.2)
        sp = lay.spine
        canv.line(sp.x1, sp.y1, sp.x2, sp.y2)
        for bone in lay.bones:
            canv.setStrokeColor(NAVY)
            canv.setLineWidth(1.4)
            seg = bone.segment
            canv.line(seg.x1, seg.y1, seg.x2, seg.y2)
            canv.setLineWidth(0.7)
            for twig in bone.twigs:
                t = twig.segment
                canv.setStrokeColor(ROOT_RED if twig.is_root else MUTED)
                canv.line(t.x1, t.y1, t.x2, t.y2)
            self._box(bone.label, CATEGORY_FILL, NAVY, FONT)
            for twig in bone.twigs:
                if twig.is_root:
                    self._box(twig.label, ROOT_FILL, ROOT_RED, FONT)
                else:
                    self._text(twig.label, FONT, INK)
        self._box(lay.head, HEAD_FILL, NAVY, FONT)
        canv.restoreState()

    def _box(self, box: Box, fill: Any, stroke: Any, font: str) -> None:
        canv = self.canv
        canv.setFillColor(fill)
        canv.setStrokeColor(stroke)
        canv.setLineWidth(0.8)
        canv.roundRect(box.x, box.y, box.w, box.h, 2.5, stroke=1, fill=1)
        self._text(box, font, INK)

    def _text(self, box: Box, font: str, color: Any) -> None:
        canv = self.canv
        size = box.font_size
        line_h = box.line_height or size * 1.25
        for i, line in enumerate(box.lines):
            if not line:
                continue
            shown = visual(line)
            width = measure(line, size, font)
            x = box.x + (box.w - width) / 2 if box.align == "center" else box.x + box.padding
            # Baseline: the slot's top plus the half-leading plus most of an em.
            baseline = box.y + box.padding + i * line_h + (line_h - size) / 2 + size * 0.8
            canv.saveState()
            canv.translate(x, baseline)
            canv.scale(1, -1)  # text upright again inside the flipped drawing
            canv.setFillColor(color)
            cx = 0.0
            for fallback, run in font_runs(shown):
                name = fallback or font
                canv.setFont(name, size)
                canv.drawString(cx, 0, run)
                cx += pdfmetrics.stringWidth(run, name, size)
            canv.restoreState()


# --- right-to-left lines ---------------------------------------------------------------------


def _visual_words(words: list[Any]) -> list[Any]:
    """The fragments of one wrapped line with each right-to-left run in drawing order.

    A run inside one fragment is reordered in place; a run over several fragments (a bold
    word inside an Arabic phrase) has its pieces drawn in reverse order, each reordered.
    """
    texts = [f.text if isinstance(getattr(f, "text", None), str) else "" for f in words]
    if not any(has_rtl(t) for t in texts):
        return words
    line = "".join(texts)
    spans = rtl_spans(line)
    cuts = sorted({0, len(line), *(i for span in spans for i in span)})
    # Pieces (fragment, text, run number or -1), cut at the runs' ends.
    pieces: list[tuple[Any, str, int]] = []
    at = 0
    for frag, text in zip(words, texts, strict=True):
        if not text:
            pieces.append((frag, text, -1))
            continue
        end = at + len(text)
        points = [at, *(c for c in cuts if at < c < end), end]
        for a, b in itertools.pairwise(points):
            run = next((k for k, (s0, s1) in enumerate(spans) if s0 <= a and b <= s1), -1)
            pieces.append((frag, line[a:b], run))
        at = end
    out: list[Any] = []
    i = 0
    while i < len(pieces):
        frag, text, run = pieces[i]
        if run < 0:
            out.append(frag if text == getattr(frag, "text", None) else frag.clone(text=text))
            i += 1
            continue
        j = i
        while j < len(pieces) and pieces[j][2] == run:
            j += 1
        for frag, text, _run in reversed(pieces[i:j]):
            out.append(frag.clone(text=display_run(text)))
        i = j
    return out


class TextParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that breaks its lines once per width.

    reportlab wraps a table cell's paragraphs again each time it measures or splits the table
    (once per page a long table runs over); the lines depend only on the width.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        memo = self.__dict__.get("_memo")
        if memo is not None and memo[0] == availWidth:
            _width, self.blPara, self.height, self._wrapWidths = memo
            self.width = availWidth
            return availWidth, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._memo = (availWidth, self.blPara, self.height, self._wrapWidths)
        return width, height


class BidiParagraph(TextParagraph):
    """A Paragraph whose right-to-left runs are put in visual order line by line.

    The markup stays in logical order (shaped, see ``pdf_text.shape``) so reportlab wraps the
    words in reading order; only drawing sees each line reordered, so the first words of an
    Arabic sentence are on its first line. Splitting keeps working on the logical text.
    """

    def drawPara(self, debug: int = 0) -> None:
        logical: Any = getattr(self, "blPara")  # noqa: B009 - set by wrap(), untyped
        if logical.kind == 0:
            lines = [(space, reorder(" ".join(words)).split(" ")) for space, words in logical.lines]
        else:
            lines = [line.clone(words=_visual_words(line.words)) for line in logical.lines]
        self.blPara = logical.clone(lines=lines)
        try:
            super().drawPara(debug)
        finally:
            setattr(self, "blPara", logical)  # noqa: B010


# --- a table kept with what leads into it ----------------------------------------------------


class KeepWithRows(Flowable):  # type: ignore[misc]
    """Lead-in flowables (a heading, a label, a note) and a table, kept together at the start.

    They go on the current page only if the lead-in, the table's header and its first ``rows``
    rows fit there; otherwise they start on the next page. A table of at most ``whole`` rows is
    kept whole. The table then splits as usual (its header repeats). Unlike ``keepWithNext`` on
    a heading, this never pushes a long table, and the blank page above it, to the next page.
    """

    def __init__(
        self,
        lead: list[Flowable],
        table: Table | LongTable,
        *,
        rows: int = 2,
        whole: int = 10,
        header_rows: int = 1,
    ) -> None:
        super().__init__()
        self.lead = lead
        self.table = table
        count = table.row_count if isinstance(table, LongTable) else len(table._cellvalues)
        body = max(0, count - header_rows)
        self.keep = header_rows + (body if body <= whole else rows)
        self._start = 0.0
        self._wrapped: tuple[float, float] | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        start = 0.0
        for i, item in enumerate(self.lead):
            _w, h = item.wrapOn(self.canv, avail_width, avail_height)
            start += h + item.getSpaceAfter() + (item.getSpaceBefore() if i else 0.0)
        if isinstance(self.table, LongTable):
            self.table.canv = self.canv
            self._start = start + self.table.first_rows_height(self.keep, avail_width)
        else:
            self.table.wrapOn(self.canv, avail_width, avail_height)
            self._start = start + sum(self.table._rowHeights[: self.keep])
        self._wrapped = (avail_width, avail_height)
        return avail_width, 0xFFFFFF  # always split: the frame then places the parts

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self._wrapped != (avail_width, avail_height):
            self.wrap(avail_width, avail_height)
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        for item in self.lead:
            item.__dict__["keepWithNext"] = 0  # no regrouping of the parts by the doc
        parts: list[Flowable] = [*self.lead, self.table]
        if self._start > avail_height and not at_top:
            return [FrameBreak(), *parts]
        return parts


# --- table rows taller than a page ---------------------------------------------------------


class SplitTable(Table):  # type: ignore[misc]
    """A Table whose rows may split inside themselves at the top of a page.

    Rows split between pages as usual; a row that does not fit on what is left of a page goes
    to the next one whole, as before. Only there, at the top of a page, may it split inside
    itself (reportlab's ``splitInRow``), which is what a row taller than a page needs: a long
    cell runs on over as many pages as it takes, the header repeating on each. So a plan of
    ordinary rows is laid out exactly as it always was.

    Two of reportlab's measures are corrected for our cells: plain-text cells are laid out
    with the style's leading (reportlab assumes 1.2 x the font size, less than ours, so the
    top part of a split row would overflow it), and flowables are split at the cell's inner
    width (reportlab passes the column's full width, so the parts would be re-wrapped into
    more lines).
    """

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        at_top = bool(getattr(getattr(self, "_frame", None), "_atTop", True))
        self.splitInRow = 1 if at_top else 0
        parts: list[Flowable] = super().split(avail_width, avail_height)
        kept: list[Any] = self.__dict__["_nosplitCmds"]
        if not parts and kept and at_top:
            # Rows kept together ("no lone row") are a preference: on an empty page, where
            # they cannot fit together, they split like any others.
            self.__dict__["_nosplitCmds"] = []
            parts = super().split(avail_width, avail_height)
        return parts

    def _listCellGeom(  # reportlab's name
        self, V: Any, w: float, s: Any, W: Any = None, H: Any = None, aH: float = 72000
    ) -> tuple[float, float]:
        if isinstance(V, str):
            width, _height = super()._listCellGeom(V, w, s, W, H, aH)
            return width, len(V.split("\n")) * (s.leading or 1.2 * s.fontsize)
        width, height = super()._listCellGeom(V, w, s, W, H, aH)
        return width, height

    def _splitCell(  # reportlab's name
        self, value: Any, style: Any, oldHeight: float, newHeight: float, width: float
    ) -> Any:
        if isinstance(value, str):
            lines = value.split("\n")
            leading = style.leading or 1.2 * style.fontsize
            room = newHeight - style.topPadding
            if len(lines) * leading <= room:
                return value, ""
            fit = int(room // leading)
            if fit < 1:
                return []
            return "\n".join(lines[:fit]), "\n".join(lines[fit:])
        inner = width - style.leftPadding - style.rightPadding
        if isinstance(value, list | tuple):
            return _split_flowables(list(value), inner, newHeight - style.topPadding)
        return super()._splitCell(value, style, oldHeight, newHeight, width)


def _split_flowables(
    items: list[Flowable], width: float, height: float
) -> tuple[tuple[Flowable, ...], tuple[Flowable, ...]] | list[Any]:
    """Cell content cut so that the first part fits ``height``: whole flowables while they fit,
    then the first that does not is split (a paragraph between its lines)."""
    first: list[Flowable] = []
    used = 0.0
    for i, item in enumerate(items):
        _w, h = item.wrap(width, 0xFFFFFF)
        before = item.getSpaceBefore() if first else 0.0
        if used + before + h <= height:
            first.append(item)
            used += before + h + item.getSpaceAfter()
            continue
        parts = item.split(width, height - used - before)
        if len(parts) >= 2:
            return (*first, parts[0]), (*parts[1:], *items[i + 1 :])
        if not first:
            return []
        return tuple(first), tuple(items[i:])
    return tuple(first), ()


# --- tables of thousands of rows -------------------------------------------------------------

_CLIPPED_OPS = frozenset(("SPAN", "NOSPLIT"))  # commands never merged over the header's edge


@dataclass
class TableSpec:
    """Everything a :class:`SplitTable` is made of, with style commands on absolute rows."""

    rows: list[list[Any]]  # header rows first
    heights: list[float | None]
    widths: list[float]
    header_rows: int
    commands: list[tuple[Any, ...]]
    h_align: str = "LEFT"

    @staticmethod
    def absolute(commands: list[tuple[Any, ...]], nrows: int) -> list[tuple[Any, ...]]:
        """``commands`` with negative row numbers counted from the top."""
        out = []
        for op, (c0, r0), (c1, r1), *rest in commands:
            r0 = r0 + nrows if r0 < 0 else r0
            r1 = r1 + nrows if r1 < 0 else r1
            out.append((op, (c0, min(r0, r1)), (c1, max(r0, r1)), *rest))
        return out


class LongTable(Flowable):  # type: ignore[misc]
    """A table of many rows laid out a window of rows at a time.

    reportlab splits a long table by building the rest of it again as a new table on every
    page: its row heights, cell styles and "no split" ranges are recomputed over all the rows
    left, so a table of n rows costs O(n²) (8,000 causes took 18 s, 100,000 over 7 minutes).
    Here only the next :attr:`WINDOW` rows are ever made into a table; what does not fit on
    the page goes back to the rows not yet laid out. Each page costs the same, however long
    the table. The header repeats on every page as before; the parts read as one table.
    """

    WINDOW = 100  # body rows per table built: more than a page holds

    def __init__(
        self,
        spec: TableSpec,
        start: int = 0,
        *,
        first: bool = True,
        head: list[Any] | None = None,
    ) -> None:
        super().__init__()
        self.spec = spec
        self.start = start  # the first body row not laid out yet
        self.first = first  # the table's first part: its header is shown wherever it starts
        self.head = head  # what is left of row ``start`` once its top part was laid out

    @property
    def row_count(self) -> int:
        return len(self.spec.rows)

    def _body_count(self) -> int:
        return len(self.spec.rows) - self.spec.header_rows

    def window(self, with_header: bool, size: int | None = None) -> SplitTable:
        """The table of the header (if asked) and the next ``size`` body rows."""
        spec = self.spec
        hr = spec.header_rows
        end = min(self._body_count(), self.start + (size or self.WINDOW))
        lo, hi = hr + self.start, hr + end  # the window's body rows, absolute
        rows = spec.rows[lo:hi]
        heights = spec.heights[lo:hi]
        if self.head is not None:
            rows = [self.head, *rows[1:]]
            heights = [None, *heights[1:]]
        shown = hr if with_header else 0
        if with_header:
            rows = spec.rows[:hr] + rows
            heights = spec.heights[:hr] + heights
        commands: list[tuple[Any, ...]] = []
        for op, (c0, r0), (c1, r1), *rest in spec.commands:
            top = (r0, min(r1, hr - 1)) if with_header and r0 < hr else None
            b0, b1 = max(r0, lo), min(r1, hi - 1)
            body = (b0 - lo + shown, b1 - lo + shown) if b0 <= b1 else None
            if top and body and op not in _CLIPPED_OPS and top[1] == hr - 1 and b0 == lo:
                commands.append((op, (c0, top[0]), (c1, body[1]), *rest))
                continue
            for part in (top, body):
                if part:
                    commands.append((op, (c0, part[0]), (c1, part[1]), *rest))
        table = SplitTable(
            rows,
            colWidths=spec.widths,
            rowHeights=heights,
            repeatRows=shown,
            hAlign=spec.h_align,
        )
        table.setStyle(commands)
        return table

    def first_rows_height(self, rows: int, avail_width: float) -> float:
        """Height of the header and the first body rows (for :class:`KeepWithRows`)."""
        table = self.window(True, size=rows)
        table.wrapOn(self.canv, avail_width, 0xFFFFFF)
        return float(sum(table._rowHeights[:rows]))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 0xFFFFFF  # always split: the parts are real tables

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        with_header = self.first or at_top
        shown = self.spec.header_rows if with_header else 0
        size = self.WINDOW
        while True:
            table = self.window(with_header, size)
            table._frame = frame
            table.canv = self.canv
            parts: list[Flowable] = table.split(avail_width, avail_height)
            left = self._body_count() - self.start
            if len(parts) == 1 and size < left:
                size *= 4  # the whole window fits: take more rows rather than leave a seam
                continue
            break
        if len(parts) < 2:
            return parts  # nothing fits here ([]) or all the rows left do
        top, rest = parts[0], parts[1]
        in_top = len(top._cellvalues) - shown
        in_rest = len(rest._cellvalues) - shown
        laid = self.start + in_top
        head = None
        if in_top + in_rest > min(size, left):  # the last row was split inside itself
            laid -= 1
            head = rest._cellvalues[shown]
        return [top, LongTable(self.spec, laid, first=False, head=head)]
