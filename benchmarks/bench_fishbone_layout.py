"""How long a 200-cause fishbone takes to lay out (target: well under one 60 Hz frame).

Run: python benchmarks/bench_fishbone_layout.py [runs]

The floor is building the same input data structures, timed in the same run, interleaved with
the layout, so the ratio says what the layout costs beyond merely touching 200 causes.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sipdesk.diagrams import CategoryNode, CauseNode, FishboneInput, layout_fishbone

CATEGORIES = 8
CAUSES = 25
TARGET_MS = 16.0

_PHRASES = (
    "Teachers lack common planning time",
    "Benchmark data arrives too late to adjust small-group instruction",
    "Chronic absence above 15% in grades 3-5",
    "Phonics taught inconsistently",
    "New staff unfamiliar with the adopted reading curriculum and its assessments",
    "Few books at home",
    "保護者との連絡が不足している",
)


def build_input() -> FishboneInput:
    """8 categories x 25 causes of varied length, ids unique."""
    categories = []
    next_id = 1
    for c in range(CATEGORIES):
        causes = []
        for k in range(CAUSES):
            causes.append(CauseNode(next_id, f"{_PHRASES[(c + k) % len(_PHRASES)]} ({k})"))
            next_id += 1
        categories.append(CategoryNode(next_id, f"Category {c}", tuple(causes)))
        next_id += 1
    return FishboneInput("Grade 3 reading proficiency fell from 62% to 48%", tuple(categories))


def time_ms(fns: tuple[Callable[[], object], ...], runs: int) -> list[list[float]]:
    """Milliseconds per call of each function, interleaved so machine noise hits all alike."""
    for _ in range(max(3, runs // 20)):  # warm caches and the allocator
        for fn in fns:
            fn()
    samples: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for fn, out in zip(fns, samples, strict=True):
            start = time.perf_counter_ns()
            fn()
            out.append((time.perf_counter_ns() - start) / 1e6)
    return samples


def p(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[int(q) - 1]


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    data = build_input()
    n = sum(len(c.causes) for c in data.categories)
    layout = layout_fishbone(data)
    assert len([t for b in layout.bones for t in b.twigs]) == n

    floor, work = time_ms((build_input, lambda: layout_fishbone(data)), runs)
    p50, p95 = p(work, 50), p(work, 95)
    f50 = p(floor, 50)
    print(
        f"fishbone layout, {n} causes: p50 {p50:.2f} ms, p95 {p95:.2f} ms "
        f"(target <= {TARGET_MS:g} ms); floor (building the input) p50 {f50:.3f} ms; "
        f"ratio {p50 / f50:.1f}x"
    )
    print(f"layout size {layout.width:.0f} x {layout.height:.0f} pt, {runs} runs")
    return 0 if p95 <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
