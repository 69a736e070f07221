"""Storage speed: edit → durable latency, and open / write-back of the large plan.

Each figure is printed beside a floor measured in the same run on the same disk, so the ratio
shows what SIP Desk adds on top of what SQLite and the file system cost anyway:
- edit floor: a raw sqlite3 UPDATE + COMMIT with synchronous=FULL (one fsync'd commit);
- open floor: copying the file's bytes and running PRAGMA integrity_check on them;
- write-back floor: copying the file's bytes to a temp file, fsync, rename.
Targets (issue 2): edit p95 ≤ 10 ms; open with full validation ≤ 300 ms; write-back ≤ 100 ms.

Write-backs are mixed into the timed edits as the autosave mixes them into typing: the first
edit after each write-back also writes (and syncs) the recovery marker, and it is counted.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from large_plan import build_large_plan

from sipdesk.models import Goal
from sipdesk.services import edits
from sipdesk.storage import PlanDocument

WRITEBACKS = 40
EDITS_PER_WRITEBACK = 8
EDITS = WRITEBACKS * EDITS_PER_WRITEBACK


def _times(fn: Callable[[int], object], n: int) -> list[float]:
    out = []
    for i in range(n):
        start = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - start) * 1000)
    return out


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1]


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="sipdesk-bench-"))
    os.environ["SIPDESK_DATA_DIR"] = str(folder / "data")
    plan = folder / "Large Plan.sipdesk"
    doc = build_large_plan(plan)
    size_kb = plan.stat().st_size / 1024

    # Edit → durable
    with doc.session() as session:
        goal_id = session.query(Goal.id).first()[0]  # type: ignore[index]

    def edit(i: int) -> None:
        with doc.transaction() as session:
            edits.update_row(session, Goal, goal_id, "Edit goal", text=f"Goal text {i}")

    edit_ms: list[float] = []
    after_wb_ms: list[float] = []  # the first edit after each write-back
    wb_times: list[float] = []
    for i in range(EDITS):
        start = time.perf_counter()
        edit(i)
        elapsed = (time.perf_counter() - start) * 1000
        edit_ms.append(elapsed)
        if i and i % EDITS_PER_WRITEBACK == 0:
            after_wb_ms.append(elapsed)
        if i % EDITS_PER_WRITEBACK == EDITS_PER_WRITEBACK - 1:
            start = time.perf_counter()
            assert doc.writeback()
            wb_times.append((time.perf_counter() - start) * 1000)
    doc.close()
    raw = sqlite3.connect(folder / "floor.sqlite", isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = FULL")
    raw.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)")
    raw.execute("INSERT INTO t VALUES (1, '')")

    def raw_edit(i: int) -> None:
        raw.execute("BEGIN")
        raw.execute("UPDATE t SET v = ? WHERE id = 1", (f"v{i}",))
        raw.execute("COMMIT")

    floor_edit = _times(raw_edit, EDITS)
    raw.close()

    def copy_floor(i: int) -> None:
        temp = folder / f"copy-{i}.tmp"
        shutil.copyfile(plan, temp)
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, folder / "copy.sipdesk")

    floor_wb = _times(copy_floor, WRITEBACKS)

    # Open with full validation
    def open_close(i: int) -> None:
        start = time.perf_counter()
        opened = PlanDocument.open(plan)
        open_times.append((time.perf_counter() - start) * 1000)
        opened.close()

    open_times: list[float] = []
    for i in range(10):
        open_close(i)

    def open_floor(i: int) -> None:
        temp = folder / "probe.sqlite"
        shutil.copyfile(plan, temp)
        conn = sqlite3.connect(temp)
        conn.execute("PRAGMA integrity_check").fetchall()
        conn.close()

    floor_open = _times(open_floor, 10)

    med = statistics.median
    print(f"large plan: {size_kb:.0f} KB on disk")
    print(
        f"edit -> durable: p50 {_p(edit_ms, 50):.2f} ms, p95 {_p(edit_ms, 95):.2f} ms "
        f"(target p95 <= 10 ms); floor (raw FULL-sync commit) p50 {_p(floor_edit, 50):.2f} ms, "
        f"p95 {_p(floor_edit, 95):.2f} ms; ratio p95 {_p(edit_ms, 95) / _p(floor_edit, 95):.1f}x"
    )
    print(
        f"  ({EDITS} edits with a write-back after every {EDITS_PER_WRITEBACK}; the first edit "
        f"after a write-back: p50 {med(after_wb_ms):.2f} ms, max {max(after_wb_ms):.2f} ms)"
    )
    print(
        f"open with full validation: median {med(open_times):.0f} ms, max {max(open_times):.0f} "
        f"ms (target <= 300 ms); floor (copy + integrity_check) {med(floor_open):.0f} ms; "
        f"ratio {med(open_times) / med(floor_open):.1f}x"
    )
    print(
        f"atomic write-back ({len(wb_times)} samples): median {med(wb_times):.0f} ms, p95 "
        f"{_p(wb_times, 95):.0f} ms, max {max(wb_times):.0f} ms (target <= 100 ms); "
        f"floor (copy + fsync + rename) {med(floor_wb):.0f} ms; "
        f"ratio {med(wb_times) / med(floor_wb):.1f}x"
    )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
