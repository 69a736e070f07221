"""The rollup across schools on the embedded desk: 50 and 200 sample-sized plans.

Target (issue 14, benchmarks): the rollup of 200 plans on the embedded desk within 1 s, beside
the time to read one plan's facts as the floor.

Each desk holds N schools, each one version of the sample plan (its own school name, state id and
plan id), taken in once by the real intake and kept in the temporary folder for the next run
(``--fresh`` builds them again). In one process, for each N:

- **floor**: reading one version's whole plan (``read_version``: its bytes copied to a private
  folder, validated as untrusted, opened read-only and exported as the interchange document),
  median of 5; and **its parts**: the same open, reading only the parts the rollup needs
  (``read_rollup_parts``), as the rollup reads every plan;
- **rollup, cold**: the desk opened read-only and :func:`rollup` over every school's latest
  version with a fresh ``PlanCache``: each version's rollup facts, kept on the desk at intake
  (desk schema 5), read from the desk — no plan file is opened — median of 3;
- **rollup, warm**: the same with every version's facts already at hand (the cache kept from
  the cold run): the views' own arithmetic;
- **exports**: the zip of CSV files, the JSON and the district report PDF from the same rollup.

Figures only, no asserts.

    .venv/bin/python benchmarks/bench_rollup.py [--fresh]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = (50, 200)
TARGET_S = 1.0


def cache_path(count: int) -> Path:
    from sipdesk.district.rollup_facts import FACTS_VERSION

    # Made again when the facts are made another way (a desk of older facts reads files).
    name = f"sipdesk-bench-rollup-{count}-facts{FACTS_VERSION}.sipdistrict"
    return Path(tempfile.gettempdir()) / name


def build_desk(work: Path, count: int) -> None:
    from sipdesk.district.document import DeskDocument
    from sipdesk.district.intake import ADDED, intake
    from sipdesk.export.interchange import import_json
    from sipdesk.paths import resource_path

    base = work / "base.sipdesk"
    if not base.exists():
        import_json(resource_path("sample-plan.json"), base).close()
    inbox = work / f"inbox-{count}"
    inbox.mkdir()
    for i in range(count):
        plan = inbox / f"school-{i:03}.sipdesk"
        shutil.copyfile(base, plan)
        conn = sqlite3.connect(plan)
        conn.execute(
            "UPDATE plan_profile SET school_name = ?, state_school_id = ?, plan_id = ?",
            (f"School {i:03} of the district", f"ST-{i}", str(uuid.uuid4())),
        )
        conn.commit()
        conn.close()
    began = time.perf_counter()
    target = work / f"desk-{count}.sipdistrict"
    desk = DeskDocument.create(target, district_name="Bench District")
    outcomes = intake(desk, [inbox])
    desk.close()
    added = sum(o.result == ADDED for o in outcomes)
    print(f"built the {count}-school desk: {added} taken in in {time.perf_counter() - began:.1f} s")
    shutil.copyfile(target, cache_path(count))


def timed(action: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def timed_cpu(action: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Median seconds of ``action``, on the clock and of this process's CPU time: on a machine
    shared with other work the clock counts the waiting for a core too."""
    walls, cpus = [], []
    for _ in range(rounds):
        began, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - began)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


Row = tuple[int, float, float, float, float, float, float, float, float]


def measure(work: Path, count: int, today: dt.date, fresh: bool) -> Row:
    """(plans, floor, parts read, cold, its CPU, warm, zip, json, pdf) in seconds, ``count``
    schools."""
    from sqlalchemy import select

    from sipdesk.district.document import DeskDocument
    from sipdesk.district.models import PlanVersion
    from sipdesk.district.rollup import PlanCache, Rollup, read_rollup_parts, rollup
    from sipdesk.district.rollup_tables import json_bytes, zip_bytes
    from sipdesk.district.versions import read_version
    from sipdesk.export.pdf.rollup import render_rollup

    if fresh or not cache_path(count).exists():
        build_desk(work, count)
    desk_path = work / f"bench-{count}.sipdistrict"
    shutil.copyfile(cache_path(count), desk_path)
    with DeskDocument.open(desk_path, readonly=True) as doc, doc.session() as session:
        version = session.scalars(select(PlanVersion).limit(1)).one()
        read_version(session, version, doc.path)  # warm up the code paths
        floor = timed(lambda: read_version(session, version, doc.path), 5)
        parts = timed(lambda: read_rollup_parts(session, version, doc.path), 5)
    caches: list[PlanCache] = []
    made: list[Rollup] = []

    def cold() -> None:
        cache = PlanCache()
        with DeskDocument.open(desk_path, readonly=True) as doc, doc.session() as s:
            rollup(s, doc.path, today=today, cache=cache)
        caches.append(cache)

    def warm() -> None:
        with DeskDocument.open(desk_path, readonly=True) as doc, doc.session() as s:
            made.append(rollup(s, doc.path, today=today, cache=caches[-1]))

    cold_s, cold_cpu = timed_cpu(cold, 3)
    warm_s = timed(warm, 3)
    data = made[-1]
    zip_s = timed(lambda: zip_bytes(data), 3)
    json_s = timed(lambda: json_bytes(data), 3)
    pdf_s = timed(lambda: render_rollup(data), 1)
    return (count, floor, parts, cold_s, cold_cpu, warm_s, zip_s, json_s, pdf_s)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fresh", action="store_true", help="build the cached desks again")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sipdesk-bench-rollup-"))
    os.environ["SIPDESK_DATA_DIR"] = str(work / "data")
    today = dt.date(2026, 12, 6)
    try:
        results = [measure(work, count, today, args.fresh) for count in SIZES]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"load average (1, 5, 15 min) at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(
        f"{'plans':>5}  {'floor: 1 plan':>13}  {'its parts':>9}  {'rollup cold':>11}  "
        f"{'its CPU':>8}  {'per plan':>9}  {'warm':>7}  {'zip':>6}  {'json':>6}  {'pdf':>7}"
    )
    for count, floor, parts, cold_s, cold_cpu, warm_s, zip_s, json_s, pdf_s in results:
        mark = "ok" if cold_s <= TARGET_S else "OVER"
        print(
            f"{count:>5}  {floor * 1000:10.1f} ms  {parts * 1000:6.1f} ms  {cold_s:9.2f} s  "
            f"{cold_cpu:6.2f} s  {cold_s / count * 1000:6.1f} ms  {warm_s * 1000:4.0f} ms  "
            f"{zip_s * 1000:3.0f} ms"
            f"  {json_s * 1000:3.0f} ms  {pdf_s:5.2f} s  {mark} (target {TARGET_S:.0f} s cold)"
        )
    if len(results) == 2:
        (n1, _, _, c1, _, w1, *_), (n2, _, _, c2, _, w2, *_) = results
        print(f"from {n1} to {n2} plans ({n2 / n1:.0f}×): cold {c2 / c1:.1f}×, warm {w2 / w1:.1f}×")


if __name__ == "__main__":
    main()
