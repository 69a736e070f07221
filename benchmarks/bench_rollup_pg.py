"""Intake and the rollup on a desk on PostgreSQL: 50, 200 and 4,000 plans (issue 14, benchmarks).

Target: the rollup of 4,000 plans on PostgreSQL within 3 s, beside the floor (reading one
version's kept facts from the server, ``rollup_facts.kept_facts`` for one id).

A throwaway PostgreSQL server is started the way ``tests/district_pg.py`` starts the tests' one
(Debian's ``initdb``/``pg_ctl``, a cluster in a temporary folder owned by ``postgres`` when run as
root, a unix socket only), one database per size, and stopped at the end.

- **50 and 200 plans**: each school one version of the sample plan (its own name, state id and
  plan id), taken in by the real :func:`intake` into a fresh server desk; **intake throughput** is
  plans per second of that.
- **4,000 plans**: taking 4,000 plans in through intake would take about as many times as long
  as 200 (several minutes), so the desk is made thus: the real intake of the first
  :data:`REAL` plans, then the other schools, their ``plan_versions`` rows and ``version_facts``
  rows inserted in bulk (one ``INSERT`` of many rows per table), each new version's facts copied
  from one of the real versions in turn, its other facts (status, year, findings) copied too,
  its SHA-256 made up. Their ``plan_version_parts`` (the plan files' bytes) are not inserted:
  the rollup never reads them when facts are kept, so the rollup's work is the same.
- **rollup, cold**: a fresh :class:`PlanCache`, every chosen version's facts read from the server
  (median of 3); **warm**: the facts at hand, the views' own arithmetic.

Figures only, no asserts.

    .venv/bin/python benchmarks/bench_rollup_pg.py
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import pwd
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = (50, 200, 4000)
BULK_FROM = 1000  # sizes above this are made by bulk insert after REAL real plans
REAL = 20
TARGET_S = 3.0


@contextmanager
def throwaway_server() -> Iterator[Callable[[str], str]]:
    """Start a PostgreSQL cluster in a temporary folder; yield ``make(database) -> URL``."""
    from tests.district_pg import INITDB, _bindir

    bindir = _bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL is not installed here (./dev test installs it).")
    runner: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="sipdesk-pgb-"))
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        runner = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    subprocess.run(
        [
            *runner,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            *INITDB,
        ],
        check=True,
        capture_output=True,
    )
    options = f"-k {folder} -c listen_addresses='' -F -c max_connections=20"
    log = folder / "server.log"
    subprocess.run(
        [
            *runner,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-w",
            "-l",
            str(log),
            "start",
        ],
        check=True,
        capture_output=True,
    )

    def make(name: str) -> str:
        subprocess.run(
            [str(bindir / "psql"), "-X", "-q", "-h", str(folder), "-U", "postgres",
             "-d", "postgres", "-c", f"CREATE DATABASE {name}"],
            check=True,
            capture_output=True,
        )  # fmt: skip
        return f"postgresql://postgres@/{name}?host={folder}"

    try:
        yield make
    finally:
        subprocess.run(
            [*runner, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


def inbox(work: Path, count: int) -> Path:
    from sipdesk.export.interchange import import_json
    from sipdesk.paths import resource_path

    base = work / "base.sipdesk"
    if not base.exists():
        import_json(resource_path("sample-plan.json"), base).close()
    folder = work / f"inbox-{count}"
    folder.mkdir()
    for i in range(count):
        plan = folder / f"school-{i:04}.sipdesk"
        shutil.copyfile(base, plan)
        conn = sqlite3.connect(plan)
        conn.execute(
            "UPDATE plan_profile SET school_name = ?, state_school_id = ?, plan_id = ?",
            (f"School {i:04} of the state", f"ST-{i}", str(uuid.uuid4())),
        )
        conn.commit()
        conn.close()
    return folder


def bulk_fill(url: str, count: int) -> float:
    """Add schools up to ``count`` by bulk insert, copying the real versions' facts; seconds."""
    from sqlalchemy import insert, select

    from sipdesk.district.models import PlanVersion, School, VersionFacts
    from sipdesk.district.server import ServerDesk

    began = time.perf_counter()
    with ServerDesk.open(url) as desk, desk.transaction() as session:
        real = list(session.scalars(select(PlanVersion).order_by(PlanVersion.id)))
        facts = {row.version_id: row for row in session.scalars(select(VersionFacts))}
        have = len(real)
        now = dt.datetime(2026, 12, 1, 12, 0)
        first = max(s for s in session.scalars(select(School.id))) + 1
        schools, versions, kept = [], [], []
        for n in range(count - have):
            i, model = have + n, real[n % have]
            school_id, version_id = first + n, 100_000 + n
            schools.append(
                {"id": school_id, "name": f"School {i:04} of the state",
                 "name_key": f"school {i:04} of the state", "state_school_id": f"ST-{i}",
                 "added_at": now}
            )  # fmt: skip
            versions.append(
                {"id": version_id, "school_id": school_id, "number": 1,
                 "sha256": uuid.uuid4().hex + uuid.uuid4().hex, "size": model.size,
                 "received_at": now, "source_name": f"school-{i:04}.sipdesk",
                 "plan_id": str(uuid.uuid4()), "school_name": f"School {i:04} of the state",
                 "state_school_id": f"ST-{i}", "school_year": model.school_year,
                 "status": model.status, "plan_date": model.plan_date,
                 "open_findings": model.open_findings,
                 "plan_schema_version": model.plan_schema_version}
            )  # fmt: skip
            source = facts[model.id]
            kept.append(
                {"version_id": version_id, "facts_version": source.facts_version,
                 "facts": source.facts}
            )  # fmt: skip
        session.execute(insert(School), schools)
        session.execute(insert(PlanVersion), versions)
        session.execute(insert(VersionFacts), kept)
    return time.perf_counter() - began


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


def measure(work: Path, make: Callable[[str], str], count: int, today: dt.date) -> dict[str, float]:
    from sqlalchemy import select

    from sipdesk.district.intake import ADDED, intake
    from sipdesk.district.models import PlanVersion
    from sipdesk.district.rollup import PlanCache, rollup
    from sipdesk.district.rollup_facts import kept_facts
    from sipdesk.district.server import ServerDesk

    url = make(f"bench_{count}")
    ServerDesk.create(url, district_name="Bench State").close()
    real = count if count <= BULK_FROM else REAL
    folder = inbox(work, real)
    began = time.perf_counter()
    with ServerDesk.open(url) as desk:
        outcomes = intake(desk, [folder])
    intake_s = time.perf_counter() - began
    assert sum(o.result == ADDED for o in outcomes) == real
    bulk_s = bulk_fill(url, count) if count > real else 0.0
    with ServerDesk.open(url, readonly=True) as desk, desk.session() as session:
        first = session.scalars(select(PlanVersion.id).limit(1)).one()
        kept_facts(session, [first])
        floor = timed(lambda: kept_facts(session, [first]), 7)
    caches: list[PlanCache] = []

    def cold() -> None:
        cache = PlanCache()
        with ServerDesk.open(url, readonly=True) as desk, desk.session() as s:
            data = rollup(s, desk.path, today=today, cache=cache)
        assert len(data.schools) == count and cache.reads == 0
        caches.append(cache)

    def warm() -> None:
        with ServerDesk.open(url, readonly=True) as desk, desk.session() as s:
            rollup(s, desk.path, today=today, cache=caches[-1])

    cold_s, cold_cpu = timed_cpu(cold, 3)
    warm_s = timed(warm, 3)
    return {
        "plans": count,
        "real": real,
        "intake": intake_s,
        "bulk": bulk_s,
        "floor": floor,
        "cold": cold_s,
        "cold_cpu": cold_cpu,
        "warm": warm_s,
    }


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="sipdesk-bench-pg-"))
    os.environ["SIPDESK_DATA_DIR"] = str(work / "data")
    today = dt.date(2026, 12, 6)
    try:
        with throwaway_server() as make:
            results = [measure(work, make, count, today) for count in SIZES]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"load average (1, 5, 15 min) at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(
        f"{'plans':>5}  {'intake (real)':>22}  {'floor':>8}  {'rollup cold':>11}  "
        f"{'its CPU':>8}  {'× floor':>8}  {'per plan':>9}  {'warm':>8}"
    )
    for r in results:
        per = r["intake"] / r["real"]
        bulk = f" +bulk {r['bulk']:.1f} s" if r["bulk"] else ""
        mark = "ok" if r["cold"] <= TARGET_S else "OVER"
        print(
            f"{r['plans']:>5}  {r['real']:>4} in {r['intake']:5.1f} s "
            f"({1 / per:4.1f}/s){bulk}  {r['floor'] * 1000:5.1f} ms  {r['cold']:9.2f} s  "
            f"{r['cold_cpu']:6.2f} s  {r['cold'] / r['floor']:7.0f}×  "
            f"{r['cold'] / r['plans'] * 1000:6.2f} ms  "
            f"{r['warm'] * 1000:5.0f} ms  {mark} (target {TARGET_S:.0f} s)"
        )
    for a, b in itertools.pairwise(results):
        print(
            f"from {a['plans']} to {b['plans']} plans ({b['plans'] / a['plans']:.0f}×): "
            f"rollup cold {b['cold'] / a['cold']:.1f}×, warm {b['warm'] / a['warm']:.1f}×"
        )


if __name__ == "__main__":
    main()
