"""Intake of many plans into a district desk, beside the floor of opening one plan.

Target (issue 13): intake costs at most 2× the floor per plan, where the floor is opening and
validating one plan read-only (``PlanDocument.open`` + close), as ``sipdesk check`` does,
timed 20 times before the intake and once every 10 plans during it (that time is not counted
as the intake's), so that the floor and the intake see the same load on a shared machine.
The "quiet" line compares the first quartile of the plans' own times with the first quartile
of the floor's samples: load from other work only adds time, so it wanders least.

The plans are copies of the sample plan (or, with ``--large``, of benchmarks/large_plan.py's
plan), each given its own school name and state id through SQLite so that every file is a
different, valid plan. The desk is a real file; the intake is the real one (validation, facts,
readiness, one transaction per group of plans). Figures only, no asserts.

    .venv/bin/python benchmarks/bench_district_intake.py [--large] [--count 200] [--group N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--large", action="store_true")
    parser.add_argument("--count", type=int, default=200)
    # --group 1: one commit per plan, as intake did before it committed in groups
    parser.add_argument("--group", type=int, default=0, help="files to a commit (0: intake's)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sipdesk-bench-desk-"))
    os.environ["SIPDESK_DATA_DIR"] = str(work / "data")
    from sipdesk.district import intake as taking
    from sipdesk.district.document import DeskDocument
    from sipdesk.district.intake import ADDED, intake
    from sipdesk.storage import PlanDocument

    try:
        base = work / "base.sipdesk"
        if args.large:
            from large_plan import build_large_plan

            build_large_plan(base).close()
        else:
            from sipdesk.export.interchange import import_json
            from sipdesk.paths import resource_path

            import_json(resource_path("sample-plan.json"), base).close()
        inbox = work / "inbox"
        inbox.mkdir()
        for i in range(args.count):
            plan = inbox / f"school-{i:03}.sipdesk"
            shutil.copyfile(base, plan)
            conn = sqlite3.connect(plan)
            conn.execute(
                # another school's plan: a plan of its own, with its own plan id
                "UPDATE plan_profile SET school_name = ?, state_school_id = ?, plan_id = ?",
                (f"School {i}", f"ST-{i}", str(uuid.uuid4())),
            )
            conn.commit()
            conn.close()

        plans = sorted(inbox.iterdir())

        def floor_once(plan: Path) -> float:
            began = time.perf_counter()
            PlanDocument.open(plan, readonly=True).close()
            return time.perf_counter() - began

        load = os.getloadavg()
        floors = [floor_once(plan) for plan in plans[:20]]
        # The floor is also sampled during the intake (every 10th plan, its time taken out of
        # the intake's), so both see the same load on a shared machine.
        during: list[float] = []
        # Intake reports its plans after each group's commit, a burst of progress calls at once:
        # each plan's own time is its group's (first call to first call) over the group's size.
        groups: list[list[float]] = []  # per group: the time since the last call, per call
        mark = [0.0]

        def progress(done: int, _total: int, _name: str) -> None:
            now = time.perf_counter()
            gap = now - mark[0]
            if not groups or gap > 0.002:  # a burst's later calls come within microseconds
                groups.append([])
            groups[-1].append(gap)
            if done % 10 == 0:
                during.append(floor_once(plans[done - 1]))
            mark[0] = time.perf_counter()

        if args.group:
            taking.GROUP_FILES = args.group
        desk = DeskDocument.create(work / "desk.sipdistrict", district_name="Bench")
        began = mark[0] = time.perf_counter()
        outcomes = intake(desk, [inbox], progress)
        total = time.perf_counter() - began - sum(during)
        desk.close()
        floor = statistics.median(floors + during)
        added = sum(o.result == ADDED for o in outcomes)
        per_plan = total / max(added, 1)
        kind = "large" if args.large else "sample-sized"
        print(
            f"{added} {kind} plans added in {total:.2f} s ({base.stat().st_size // 1024} KB each, "
            f"{len(groups)} commits; load average before {load[0]:.2f}, after "
            f"{os.getloadavg()[0]:.2f})"
        )
        print(f"per plan:  {per_plan * 1000:7.1f} ms")
        print(
            f"floor:     {floor * 1000:7.1f} ms (open and validate one plan, median of "
            f"{len(floors) + len(during)}: {statistics.median(floors) * 1000:.1f} ms before the "
            f"intake, {statistics.median(during or floors) * 1000:.1f} ms during it)"
        )
        print(f"ratio:     {per_plan / floor:7.2f}× (target ≤ 2×)")
        # Load from other work only ever adds time: the quickest quarter of the plans beside the
        # quickest quarter of the floor's samples is the steadier ratio on a busy machine.
        each = [sum(group) / len(group) for group in groups for _ in group]
        quick_each = statistics.quantiles(each, n=4)[0]
        quick_floor = statistics.quantiles(floors + during, n=4)[0]
        print(
            f"quiet:     {quick_each * 1000:7.1f} ms a plan against {quick_floor * 1000:.1f} ms "
            f"(each the quickest quarter's bound): {quick_each / quick_floor:.2f}×"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
