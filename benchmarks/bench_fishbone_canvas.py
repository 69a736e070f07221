"""How the live fishbone canvas copes with 200 causes and 56 sub-causes: re-layout and paint.

Run: python benchmarks/bench_fishbone_canvas.py [runs]

Prints figures only (no pass/fail, exit status 0): each median as a multiple of its floor and
as a share of the 16 ms frame target. Measured, interleaved so machine noise hits all alike:

- floor: building the 200-cause layout input from snapshot data (touching every cause once)
- layout: ``layout_fishbone`` with the canvas's Qt font metrics (target <= 16 ms, one frame)
- relayout: what one edit costs on screen: layout plus rebuilding the scene's items
- paint floor: clearing an image the size of the diagram
- first paint: rendering the whole scene into that image, offscreen (as an export does)
- view floor: clearing an image the size of a 1600 x 900 window's diagram area
- visible paint: rendering what that window shows, and an edit (relayout + that; its floor is
  the two floors together)
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from sipdesk.diagrams import layout_fishbone
from sipdesk.services.root_causes import fishbone_input
from sipdesk.ui.fishbone.canvas import FishboneCanvas
from sipdesk.ui.fishbone.drawing import FontBook

CATEGORIES = 8
CAUSES = 25  # per category
SUB_EVERY = 4  # the 1st, 5th, 9th … cause of a category has one sub-cause
SUB_CAUSES = CATEGORIES * len(range(0, CAUSES, SUB_EVERY))  # 8 x 7 = 56
TARGET_MS = 16.0  # one frame at 60 Hz

_PHRASES = (
    "Teachers lack common planning time",
    "Benchmark data arrives too late to adjust small-group instruction",
    "Chronic absence above 15% in grades 3-5",
    "Phonics taught inconsistently",
    "New staff unfamiliar with the adopted reading curriculum and its assessments",
    "Few books at home",
    "保護者との連絡が不足している",
)


def snapshot_fishbone() -> dict[str, Any]:
    """A fishbone as ``read_plan`` gives it: 8 categories x 25 causes, every fifth one a
    root cause and every fourth (from the first) with a sub-cause: 200 causes, 56 sub-causes."""
    next_id = 1
    categories = []
    for c in range(CATEGORIES):
        causes = []
        for k in range(CAUSES):
            subs = []
            if k % SUB_EVERY == 0:
                subs.append(_cause(next_id + 1000, f"because {_PHRASES[k % 7].lower()}", []))
            causes.append(_cause(next_id, f"{_PHRASES[(c + k) % len(_PHRASES)]} ({k})", subs))
            causes[-1]["is_root"] = k % 5 == 0
            next_id += 1
        categories.append({"id": c + 1, "name": f"Category {c + 1}", "causes": causes})
    return {
        "id": 1,
        "problem": "Grade 3 reading proficiency fell from 62% to 48%",
        "weakness_id": None,
        "categories": categories,
    }


def _cause(ident: int, text: str, subs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": ident,
        "text": text,
        "evidence": "",
        "actionable": False,
        "is_root": False,
        "votes": ident % 3,
        "dot_votes": [],
        "causes": subs,
    }


def time_ms(fns: tuple[Callable[[], object], ...], runs: int) -> list[list[float]]:
    for _ in range(max(3, runs // 20)):
        for fn in fns:
            fn()
    samples: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for fn, out in zip(fns, samples, strict=True):
            start = time.perf_counter_ns()
            fn()
            out.append((time.perf_counter_ns() - start) / 1e6)
    return samples


def pct(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def line(name: str, samples: list[float], floor_ms: float | None = None) -> str:
    """One figure: p50 and p95, then the median against its floor and the frame target."""
    p50 = pct(samples, 50)
    text = f"  {name:<36} p50 {p50:7.2f} ms  p95 {pct(samples, 95):7.2f} ms"
    ratio = f"{p50 / floor_ms:6.1f}x floor" if floor_ms else " " * 13
    return f"{text}  {ratio}  {p50 / TARGET_MS:6.0%} of {TARGET_MS:g} ms"


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    app = QApplication.instance() or QApplication([])
    canvas = FishboneCanvas(None)
    canvas.resize(1600, 900)
    canvas.show()
    app.processEvents()
    fishbone = snapshot_fishbone()
    canvas.set_fishbone(fishbone)
    canvas.set_zoom(1.0)  # the first view fits the window; the paint figures are at 100%
    layout = canvas.layout_result
    assert layout is not None
    twigs = sum(len(b.twigs) for b in layout.bones)
    top = sum(1 for b in layout.bones for t in b.twigs if t.depth == 0)
    if (top, twigs - top) != (CATEGORIES * CAUSES, SUB_CAUSES):
        print(f"note: built {top} causes and {twigs - top} sub-causes, not as documented")
    fonts, style = canvas.fonts, canvas._style
    data = fishbone_input(fishbone)

    def cold_layout() -> object:
        # A fresh font book: every width is measured by Qt, as for a diagram shown first.
        return layout_fishbone(data, FontBook(canvas.font()).measure, style)

    floor, cold, warm, relayout = time_ms(
        (
            lambda: fishbone_input(fishbone),
            cold_layout,
            lambda: layout_fishbone(data, fonts.measure, style),
            canvas._relayout,
        ),
        runs,
    )

    scene = canvas.scene()
    width, height = round(layout.width), round(layout.height)

    def clear_image() -> QImage:
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0xFFFFFFFF)
        return image

    def first_paint() -> QImage:
        image = clear_image()
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        scene.render(painter, QRectF(0, 0, width, height), QRectF(0, 0, width, height))
        painter.end()
        return image

    view_w, view_h = canvas.viewport().width(), canvas.viewport().height()

    def clear_view() -> QImage:
        image = QImage(view_w, view_h, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0xFFFFFFFF)
        return image

    def visible_paint() -> QImage:
        # What the window paints: the part of the diagram in the viewport, at 100%.
        image = QImage(view_w, view_h, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        canvas.render(painter, QRectF(0, 0, view_w, view_h), canvas.viewport().rect())
        painter.end()
        return image

    def relayout_and_paint() -> QImage:
        canvas._relayout()
        return visible_paint()

    paint_floor, paint, view_floor, visible, both = time_ms(
        (clear_image, first_paint, clear_view, visible_paint, relayout_and_paint),
        max(10, runs // 2),
    )

    font = canvas.font()
    print(
        f"fishbone canvas: {top} causes + {twigs - top} sub-causes on {len(layout.bones)} bones, "
        f"{len(scene.items())} scene items; font {font.family()} {font.pointSizeF():g} pt; "
        f"diagram {width} x {height} px"
    )
    print(
        f"  medians against their floor (the same data or pixels without the work) and the "
        f"{TARGET_MS:g} ms frame target; {runs} runs"
    )
    base, pixels, view = pct(floor, 50), pct(paint_floor, 50), pct(view_floor, 50)
    print(line("floor: snapshot -> layout input", floor))
    print(line("layout, first (Qt measures all)", cold, base))
    print(line("re-layout (widths known, typing)", warm, base))
    print(line("relayout: layout + scene items", relayout, base))
    print(line("paint floor: clear the image", paint_floor))
    print(line("first paint: whole scene -> QImage", paint, pixels))
    print(line(f"view floor: clear {view_w} x {view_h}", view_floor))
    print(line("visible paint: that view", visible, view))
    print(line("an edit on screen: relayout + view", both, base + view))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
