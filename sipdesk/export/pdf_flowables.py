"""Flowables for the Tool A PDF: outline anchors, the table of contents and fishbone drawings.

Page numbers that are only known at the end (the "of Y" in the footer and the TOC's page
numbers) are drawn as PDF form XObjects that are referenced on the page and defined once the
build has finished (:func:`define_page_forms`). That keeps the build to a single pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from sipdesk.diagrams.fishbone import Box, FishboneLayout
from sipdesk.export.pdf_text import FONT, FONT_BOLD, font_runs, measure, visual

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
    """A fishbone layout drawn as given, scaled down to fit the frame when it is larger."""

    def __init__(self, layout: FishboneLayout, max_height: float, max_scale: float = 1.0) -> None:
        super().__init__()
        self.layout = layout
        self.max_height = max_height
        self.max_scale = max_scale  # above 1 to enlarge a blank template for writing on
        self.scale = 1.0
        self.width = layout.width
        self.height = layout.height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        lay = self.layout
        best = min(self.max_scale, avail_width / lay.width, self.max_height / lay.height)
        here = min(best, avail_height / lay.height)
        # Shrink a little to stay on this page; much smaller, and it goes on the next one.
        self.scale = here if here >= 0.8 * best else best
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
