"""How long the large plan takes to render as the Tool A PDF (target: at most 1.0 s).

Run: python benchmarks/bench_pdf.py [runs]

The plan is the foundation's large plan (benchmarks/large_plan.py: 4 goals x 3 measures,
4 priorities x 3 strategies x 4 milestones x 8 actions, 10 months of statuses), read once with
``read_plan``. Each timed render starts with the PDF module's text caches emptied, because the
large plan repeats the same few strings far more than a real plan does.

The floor is a bare reportlab document with the same number of pages (one line of text in the
same embedded font on each), timed in the same run, interleaved with the renders, so the ratio
says what the Tool A layout costs beyond producing that many pages at all.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

TARGET_S = 1.0


def clear_caches() -> None:
    from sipdesk.export import pdf, pdf_text

    pdf._prewrap.cache_clear()
    pdf_text.markup.cache_clear()
    pdf_text.shape.cache_clear()
    pdf_text.reorder.cache_clear()


def bare_document(pages: int) -> bytes:
    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen import canvas

    from sipdesk.export.pdf_text import FONT

    buffer = io.BytesIO()
    canv = canvas.Canvas(buffer, pagesize=LETTER, initialFontName=FONT)
    for page in range(1, pages + 1):
        canv.setFont(FONT, 9)
        canv.drawString(72, 720, f"Page {page} of {pages}")
        canv.showPage()
    canv.save()
    return buffer.getvalue()


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("SIPDESK_DATA_DIR", str(Path(folder) / "data"))
        from large_plan import build_large_plan
        from pypdf import PdfReader

        from sipdesk.export import pdf
        from sipdesk.services.snapshot import read_plan

        doc = build_large_plan(Path(folder) / "large.sipdesk")
        try:
            with doc.session() as session:
                start = time.perf_counter()
                plan = read_plan(session)
                read_s = time.perf_counter() - start
                # First render in this process: includes registering (parsing) the fonts.
                start = time.perf_counter()
                data = pdf.render_plan(session, today=dt.date(2026, 12, 1))
                cold_s = time.perf_counter() - start
        finally:
            doc.close()
        pages = len(PdfReader(io.BytesIO(data)).pages)

        def render() -> None:
            clear_caches()
            pdf.render_plan_data(plan, today=dt.date(2026, 12, 1))

        def summary() -> None:
            clear_caches()
            pdf.render_plan_data(plan, summary=True, today=dt.date(2026, 12, 1))

        def floor() -> None:
            bare_document(pages)

        renders, floors, summaries = [], [], []
        for _ in range(runs):
            renders.append(timed(render))
            floors.append(timed(floor))
            summaries.append(timed(summary))

    median = statistics.median(renders)
    floor_s = statistics.median(floors)
    print(f"large plan → Tool A PDF: {pages} pages, {len(data) / 1024:.0f} KiB")
    print(f"  read_plan:                  {read_s * 1000:7.1f} ms")
    print(f"  first render (fonts, read): {cold_s * 1000:7.1f} ms")
    print(
        f"  render, median of {runs}:      {median * 1000:7.1f} ms "
        f"(min {min(renders) * 1000:.1f}, max {max(renders) * 1000:.1f})"
    )
    print(f"  floor ({pages}-page bare doc):  {floor_s * 1000:7.1f} ms")
    print(f"  ratio render / floor:       {median / floor_s:7.1f}x")
    print(f"  plan on a page (1 page):    {statistics.median(summaries) * 1000:7.1f} ms")
    ok = median <= TARGET_S and cold_s <= TARGET_S
    print(f"  target ≤ {TARGET_S:.1f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
