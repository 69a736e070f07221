"""The rollup across schools (issue 14, item 1), worked by hand on three small plans.

Three schools' plans written as interchange documents, imported by ``sipdesk import``'s own code
and taken into a real desk by the real intake:

- **Alder Elementary** — strategies coded 3b and 1a: no Culture Shift (domain 4) strategy;
  $1,000.00 of Title I, Part A; one action done, one on track; a second version later adds a 4c
  strategy;
- **Birch Middle** — strategies 4a and 2b; behind on actions (two behind, one with no status,
  one done); $500.00 of Title I, Part A; scored by the district;
- **Cedar High** — strategies 3a, 4b and 1b; two funding sources ($2,000.00 of Title I, Part A
  and $300.00 of the general fund); monitored by its own cycles and not updated in this one.

"Today" is 6 December 2026 throughout (quarter 2 of a plan year from August: November to
January). Every cell is checked in the services, in the exported CSV files and JSON, and in the
PDF's text read back with pypdf; ``--as-of`` picks the version received by that day.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from sipdesk.district.document import DeskDocument
from sipdesk.district.intake import intake
from sipdesk.district.models import PlanVersion, School
from sipdesk.district.review import score
from sipdesk.district.rollup import PlanCache, Rollup, rollup
from sipdesk.district.rollup_cli import VIEW_KEYS
from sipdesk.district.rollup_tables import csv_bytes, view_named, views
from sipdesk.export.interchange import import_json
from tests.unit.helpers.cli import one_sentence, sipdesk

TODAY = dt.date(2026, 12, 6)
ALDER, BIRCH, CEDAR = "Alder Elementary", "Birch Middle", "Cedar High"
ALDER_ID = "3f2b8c1e-7a4d-4e9b-b6c0-5d1a2e9f8c71"
RECEIVED = {  # (school, version) → the day it arrived, at noon UTC
    (ALDER, 1): dt.datetime(2026, 11, 1, 12),
    (BIRCH, 1): dt.datetime(2026, 11, 2, 12),
    (CEDAR, 1): dt.datetime(2026, 11, 20, 12),
    (ALDER, 2): dt.datetime(2026, 12, 1, 12),
}


def _action(
    aid: int, statuses: list[tuple[str, str]], cents: int | None = None, source: str = ""
) -> dict[str, Any]:
    return {
        "id": aid,
        "text": f"Action {aid}",
        "budget_cents": cents,
        "funding_source": source,
        "statuses": [
            {"id": aid * 100 + i, "month": month, "status": status}
            for i, (month, status) in enumerate(statuses)
        ],
    }


def _strategy(
    sid: int,
    code: str,
    words: str,
    milestones: list[dict[str, Any]],
    measures: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "id": sid,
        "if_text": words,
        "then_text": "teachers will change",
        "and_text": "students will learn",
        "practice_code": code,
        "measures": measures or [],
        "milestones": milestones,
    }


def _plan(school: str, priorities: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    profile = {
        "school_name": school,
        "first_month": "2026-08",
        "school_year": "2026–27",
        "plan_years": 1,
        "status": extra.pop("status", "draft"),
    }
    if "plan_id" in extra:
        profile["plan_id"] = extra.pop("plan_id")
    return {
        "format": "sipdesk-plan",
        "format_version": 6,
        "profile": profile,
        "priorities": priorities,
        **extra,
    }


def alder(version: int) -> dict[str, Any]:
    strategies = [
        _strategy(
            1,
            "3b",
            "teach phonics daily",
            [
                {
                    "id": 1,
                    "text": "Phonics launched",
                    "actions": [
                        _action(1, [("2026-08", "done")], 100000, "Title I, Part A"),
                        _action(2, [("2026-09", "not_started"), ("2026-11", "on_track")]),
                    ],
                }
            ],
        ),
        _strategy(2, "1a", "share the reading goal with every family", []),
    ]
    if version == 2:
        strategies.append(_strategy(3, "4c", "hold a family reading night", []))
    return _plan(
        ALDER,
        [{"id": 1, "title": "Reading", "strategies": strategies}],
        plan_id=ALDER_ID,
        goals=[
            {
                "id": 1,
                "text": "Students will read on grade level.",
                "academic": True,
                "measures": [
                    {
                        "id": 1,
                        "kind": "outcome",
                        "indicator": "Percent proficient in reading",
                        "data_source": "State test",
                        "baseline": "40%",
                        "target_y1": "45% by spring 2027",
                        "groups": [
                            {
                                "group": "Grade 3",
                                "data_source": "EOG",
                                "baseline": "30%",
                                "targets": ["36%"],
                            }
                        ],
                    }
                ],
            }
        ],
        supports=[
            {
                "id": 1,
                "strategy_id": 1,
                "needed": "Phonics coaching",
                "provided": "Two coaching visits",
                "provider": "District literacy office",
            }
        ],
    )


def birch() -> dict[str, Any]:
    return _plan(
        BIRCH,
        [
            {
                "id": 1,
                "title": "Belonging",
                "measures": [
                    {
                        "id": 1,
                        "kind": "interim",
                        "indicator": "Percent at benchmark",
                        "data_source": "mClass",
                        "baseline": "50%",
                        "target_y1": "60%",
                    }
                ],
                "strategies": [
                    _strategy(
                        1,
                        "4a",
                        "greet every student at the door",
                        [
                            {
                                "id": 1,
                                "text": "Routines in place",
                                "actions": [
                                    _action(
                                        1,
                                        [("2026-10", "behind"), ("2026-11", "behind")],
                                        50000,
                                        "title i,  part a",
                                    ),
                                    _action(2, [("2026-11", "behind")]),
                                    _action(3, []),
                                ],
                            },
                            {
                                "id": 2,
                                "text": "Team formed",
                                "actions": [_action(4, [("2026-09", "done")])],
                            },
                        ],
                        measures=[
                            {
                                "id": 2,
                                "kind": "implementation",
                                "indicator": "Classrooms seen greeting",
                                "data_source": "Walkthroughs",
                                "baseline": "10%",
                                "target_y1": "90%",
                            }
                        ],
                    ),
                    _strategy(2, "2b", "run weekly PLCs", []),
                ],
            }
        ],
        status="submitted",
    )


def cedar() -> dict[str, Any]:
    return _plan(
        CEDAR,
        [
            {
                "id": 1,
                "title": "Graduation",
                "strategies": [
                    _strategy(
                        1,
                        "3a",
                        "check grades every week",
                        [
                            {
                                "id": 1,
                                "text": "Checks running",
                                "actions": [
                                    _action(1, [("2026-09", "done")], 200000, "Title I, Part A"),
                                    _action(2, [("2026-10", "on_track")], 30000, "General fund"),
                                ],
                            }
                        ],
                    ),
                    _strategy(2, "4b", "ask students what helps", []),
                    _strategy(3, "1b", "review data monthly", []),
                ],
            }
        ],
        goals=[
            {
                "id": 1,
                "text": "Students attend every day.",
                "academic": False,
                "measures": [
                    {
                        "id": 1,
                        "kind": "outcome",
                        "indicator": "Chronic absence",
                        "data_source": "SIS",
                        "baseline": "22%",
                        "target_y1": "18%",
                    },
                    {
                        "id": 2,
                        "kind": "interim",
                        "indicator": "percent at  benchmark",  # Birch's measure, in other words
                        "data_source": "mClass",
                        "baseline": "45%",
                        "target_y1": "55%",
                    },
                ],
            }
        ],
        cycles=[
            {"id": 1, "name": "Fall", "start": "2026-08", "end": "2026-10"},
            {"id": 2, "name": "Winter", "start": "2026-11", "end": "2027-01"},
        ],
    )


def _plan_file(folder: Path, name: str, document: dict[str, Any]) -> Path:
    source = folder / f"{name}.json"
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    target = folder / f"{name}.sipdesk"
    import_json(source, target).close()
    return target


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rollup")
    path = folder / "district.sipdistrict"
    DeskDocument.create(path, district_name="Pine County Schools").close()
    files = [
        _plan_file(folder, "alder", alder(1)),
        _plan_file(folder, "birch", birch()),
        _plan_file(folder, "cedar", cedar()),
        _plan_file(folder, "alder-2", alder(2)),
    ]
    with DeskDocument.open(path) as doc:
        for file in files:
            (outcome,) = intake(doc, [file])
            assert outcome.result == "added", outcome.line()
        with doc.transaction() as session:
            for version in session.query(PlanVersion):
                name = session.get(School, version.school_id).name
                version.received_at = RECEIVED[(name, version.number)]
        score(doc, BIRCH, "Ms Ortiz", ["goals=3"])
    return path


def _rollup(
    desk: Path,
    as_of: dt.date | None = None,
    cache: PlanCache | None = None,
    today: dt.date | None = None,
) -> Rollup:
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        return rollup(session, doc.path, today=today or as_of or TODAY, as_of=as_of, cache=cache)


def _rows(data: Rollup, key: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in view_named(data, key).rows]


# ------------------------------------------------------------------ the services
def test_strategies_by_practice_and_domain(desk: Path) -> None:
    data = _rollup(desk, dt.date(2026, 11, 25))  # Alder's first version: no Culture Shift
    assert data.schools == (ALDER, BIRCH, CEDAR)
    cells = {cell.code: (cell.schools, cell.count) for cell in data.practices}
    assert cells == {
        "1a": (1, 1), "1b": (1, 1), "1c": (0, 0),
        "2a": (0, 0), "2b": (1, 1), "2c": (0, 0),
        "3a": (1, 1), "3b": (1, 1), "3c": (0, 0),
        "4a": (1, 1), "4b": (1, 1), "4c": (0, 0),
    }  # fmt: skip
    behind_3b = next(cell for cell in data.practices if cell.code == "3b").strategies
    assert [(r.school, r.number, r.words) for r in behind_3b] == [
        (
            ALDER,
            "Strategy 1.1",
            "If we teach phonics daily, then teachers will change, and students will learn",
        )
    ]
    gaps = {gap.name: gap.schools_without for gap in data.gaps}
    assert gaps == {
        "Turnaround Leadership": (BIRCH,),
        "Talent Development": (ALDER, CEDAR),
        "Instructional Transformation": (BIRCH,),
        "Culture Shift": (ALDER,),
    }
    assert data.by_school_domain == {ALDER: (1, 0, 1, 0), BIRCH: (0, 1, 0, 1), CEDAR: (1, 0, 1, 1)}


def test_measures_by_kind_and_subject_with_baselines_and_targets(desk: Path) -> None:
    rows = _rows(_rollup(desk), "measures")
    # kind, subject, school, measure, (what is measured), schools measuring it, grade or group,
    # data source, baseline, year 1 target
    assert [(*row[:4], *row[5:]) for row in rows] == [
        ("Outcome", "Academic goal", ALDER, "Goal 1, measure 1", 1, "All", "State test", "40%",
         "45% by spring 2027"),
        ("Outcome", "Academic goal", ALDER, "Goal 1, measure 1", 1, "Grade 3", "EOG", "30%",
         "36%"),
        ("Outcome", "Other goal", CEDAR, "Goal 1, measure 1", 1, "All", "SIS", "22%", "18%"),
        ("Interim", "Other goal", CEDAR, "Goal 1, measure 2", 2, "All", "mClass", "45%", "55%"),
        ("Interim", "Priority", BIRCH, "Priority 1, measure 1", 2, "All", "mClass", "50%", "60%"),
        ("Implementation", "Strategy", BIRCH, "Strategy 1.1, measure 1", 1, "All",
         "Walkthroughs", "10%", "90%"),
    ]  # fmt: skip
    assert [row[4] for row in rows] == [
        "Percent proficient in reading",
        "Percent proficient in reading",
        "Chronic absence",
        "percent at benchmark",
        "Percent at benchmark",
        "Classrooms seen greeting",
    ]


def test_implementation_this_cycle(desk: Path) -> None:
    data = _rollup(desk)
    got = {
        row.school: (row.cycle, row.done, row.on_track, row.behind, row.not_started,
                     row.milestones_met, row.milestones, row.updated)
        for row in data.implementation
    }  # fmt: skip
    assert got == {
        ALDER: ("Quarter 2 (Nov 2026 – Jan 2027)", 1, 1, 0, 0, 0, 1, True),
        BIRCH: ("Quarter 2 (Nov 2026 – Jan 2027)", 1, 0, 2, 1, 1, 2, True),
        CEDAR: ("Winter (Nov 2026 – Jan 2027)", 1, 1, 0, 0, 0, 1, False),
    }


def test_implementation_in_an_earlier_cycle_counts_only_statuses_by_then(desk: Path) -> None:
    data = _rollup(desk, today=dt.date(2026, 10, 15))
    got = {row.school: (row.cycle, row.done, row.on_track, row.behind, row.not_started, row.updated)
           for row in data.implementation}  # fmt: skip
    # Alder's action 2 stands at "not started" (September; November's status is not yet);
    # Birch's action 2 has no status by October.
    assert got == {
        ALDER: ("Quarter 1 (Aug 2026 – Oct 2026)", 1, 0, 0, 1, True),
        BIRCH: ("Quarter 1 (Aug 2026 – Oct 2026)", 1, 0, 1, 2, True),
        CEDAR: ("Fall (Aug 2026 – Oct 2026)", 1, 1, 0, 0, True),
    }


def test_budget_by_funding_source(desk: Path) -> None:
    rows = _rows(_rollup(desk), "budget")
    assert rows == [
        ("General fund", "All schools", 30000, 1),
        ("General fund", CEDAR, 30000, 1),
        ("Title I, Part A", "All schools", 350000, 3),
        ("Title I, Part A", ALDER, 100000, 1),
        ("Title I, Part A", BIRCH, 50000, 1),  # "title i,  part a": case and spacing do not count
        ("Title I, Part A", CEDAR, 200000, 1),
    ]


def test_supports_and_readiness(desk: Path) -> None:
    data = _rollup(desk)
    assert _rows(data, "supports") == [
        (
            "District literacy office",
            ALDER,
            "Strategy 1.1",
            "Phonics coaching",
            "Two coaching visits",
        )
    ]
    ready = {
        r.school: (r.version, r.received, r.status, r.score, r.reviewer) for r in data.readiness
    }
    assert ready == {
        ALDER: (2, dt.date(2026, 12, 1), "draft", "", ""),
        BIRCH: (1, dt.date(2026, 11, 2), "submitted", "3 of 4", "Ms Ortiz"),
        CEDAR: (1, dt.date(2026, 11, 20), "draft", "", ""),
    }


def test_as_of_picks_the_version_received_by_then(desk: Path) -> None:
    latest = _rollup(desk)
    assert next(g for g in latest.gaps if g.domain == 4).schools_without == ()
    assert next(r for r in latest.readiness if r.school == ALDER).version == 2
    earlier = _rollup(desk, dt.date(2026, 11, 30))
    assert next(g for g in earlier.gaps if g.domain == 4).schools_without == (ALDER,)
    assert next(r for r in earlier.readiness if r.school == ALDER).version == 1
    first_day = _rollup(desk, dt.date(2026, 11, 1))
    assert first_day.schools == (ALDER,) and first_day.not_yet == (BIRCH, CEDAR)


def test_each_version_is_read_once_per_cache(desk: Path, tmp_path: Path) -> None:
    cache = PlanCache()
    _rollup(desk, cache=cache)
    assert cache.reads == 0 and not cache.made  # every version's facts were kept at intake
    older = tmp_path / "older.sipdistrict"  # as a desk from before desk schema 5: no facts kept
    shutil.copyfile(desk, older)
    with sqlite3.connect(older) as conn:
        conn.execute("DELETE FROM version_facts")
    conn.close()
    cache = PlanCache()
    _rollup(older, cache=cache)
    assert cache.reads == 3
    _rollup(older, cache=cache)
    _rollup(older, dt.date(2026, 11, 30), cache=cache)  # only Alder's first version is new
    assert cache.reads == 4 and len(cache.made) == 4


# ------------------------------------------------------------------ the exports
def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_command_writes_every_view_as_csv_in_a_zip(desk: Path, tmp_path: Path) -> None:
    out = tmp_path / "rollup.zip"
    done = sipdesk("district", "rollup", desk, "-o", out, "--as-of", "2026-12-06", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Wrote rollup.zip (3 schools)" in done.stdout
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        files = {name: _csv(archive.read(name)) for name in names}
    assert names == [f"{key}.csv" for key in VIEW_KEYS]  # the command's --view choices
    assert [v.key for v in views(_rollup(desk, TODAY))] == list(VIEW_KEYS)
    practices = {row[1][:2]: row[2:] for row in files["practices.csv"][1:]}
    assert practices["4c"] == ["1", "1"] and practices["2a"] == ["0", "0"]
    assert files["domain-gaps.csv"][1:] == [
        ["1. Turnaround Leadership", BIRCH],
        ["2. Talent Development", ALDER],
        ["2. Talent Development", CEDAR],
        ["3. Instructional Transformation", BIRCH],
    ]
    assert files["budget.csv"][0] == ["Funding source", "School", "Amount ($)", "Actions"]
    assert files["budget.csv"][3] == ["Title I, Part A", "All schools", "3500.00", "3"]
    impl = {row[0]: row[2:9] for row in files["implementation.csv"][1:]}
    assert impl[BIRCH] == ["1", "0", "2", "1", "4", "1", "2"]
    assert files["implementation.csv"][3][9] == "No"  # Cedar has not updated this cycle


def test_command_csv_needs_a_view_and_json_has_all(desk: Path, tmp_path: Path) -> None:
    one = tmp_path / "budget.csv"
    done = sipdesk(
        "district",
        "rollup",
        desk,
        "-o",
        one,
        "--view",
        "budget",
        "--as-of",
        "2026-12-06",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert _csv(one.read_bytes())[1] == ["General fund", "All schools", "300.00", "1"]
    assert csv_bytes(view_named(_rollup(desk, TODAY), "budget")) == one.read_bytes()
    out = tmp_path / "rollup.json"
    done = sipdesk("district", "rollup", desk, "-o", out, "--as-of", "2026-11-30", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["as_of"] == "2026-11-30" and document["schools"] == [ALDER, BIRCH, CEDAR]
    assert list(document["views"]) == [v.key for v in views(_rollup(desk, TODAY))]
    gaps = document["views"]["domain-gaps"]["rows"]
    assert {"domain": "4. Culture Shift", "school": ALDER} in gaps
    budget = document["views"]["budget"]["rows"]
    assert budget[2] == {
        "source": "Title I, Part A",
        "school": "All schools",
        "amount": "3500.00",
        "actions": 3,
    }


def test_command_writes_the_district_report_pdf(desk: Path, tmp_path: Path) -> None:
    out = tmp_path / "rollup.pdf"
    done = sipdesk("district", "rollup", desk, "-o", out, "--as-of", "2026-11-30", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = " ".join(" ".join(page.extract_text() or "" for page in PdfReader(out).pages).split())
    for words in (
        "Across our schools: Pine County Schools",
        "Each school's latest plan received by November 30, 2026: 3 schools.",
        f"No strategy in 4. Culture Shift: {ALDER}.",
        f"No strategy in 2. Talent Development: {ALDER}, {CEDAR}.",
        "Strategies by Four Domains practice",
        "Implementation this cycle",
        "Budget by funding source",
        "$3,500.00",
        "$300.00",
        "Percent proficient in reading",
        "District literacy office",
        "3 of 4",
        "Ms Ortiz",
        "Page 1 of",
    ):
        assert words in text, words
    rows = (  # whole table rows, cell by cell, as the PDF reads
        "2b. Target professional learning opportunities 1 1",
        "4c. Engage students and families in pursuing educational goals 0 0",
        f"{ALDER} 1 none 1 none {BIRCH} none 1 none 1 {CEDAR} 1 none 1 1",  # the heat map
        f"{ALDER} 1 0 1 0 {BIRCH} 0 1 0 1 {CEDAR} 1 0 1 1",  # its table
        f"4. Culture Shift {ALDER}",
        f"Interim Priority {BIRCH} Priority 1, measure 1 Percent at benchmark 2 All mClass 50% 60%",
        "Done On track Behind Not started",  # the bars' legend
        f"{BIRCH} Quarter 2 (Nov 2026 – Jan 2027) 1 0 2 1 4 1 2 Yes 2026-11",
        f"{CEDAR} Winter (Nov 2026 – Jan 2027) 1 1 0 0 2 0 1 No 2026-10",
        "Title I, Part A All schools $3,500.00 3",
        f"Title I, Part A {ALDER} $1,000.00 1",
        f"General fund {CEDAR} $300.00 1",
        f"District literacy office {ALDER} Strategy 1.1 Phonics coaching Two coaching visits",
    )
    for row in rows:
        assert row in text, row
    assert re.search(f"{BIRCH} 1 2026-11-02 2026–27 Submitted \\d+ 3 of 4 Ms Ortiz", text)
    assert re.search(f"{ALDER} 1 2026-11-01 2026–27 Draft \\d+ {BIRCH}", text)  # version 1


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["-o", "x.txt"], "does not end in .pdf, .zip, .json or .csv"),
        (["-o", "x.csv"], "please name it with --view"),
        (["-o", "x.zip", "--view", "budget"], "--view goes with a .csv output"),
        (["--as-of", "30/11/2026"], "is not a date SIP Desk can read"),
    ],
)
def test_bad_input_is_one_sentence(
    desk: Path, tmp_path: Path, extra: list[str], words: str
) -> None:
    one_sentence(sipdesk("district", "rollup", desk, *extra, cwd=tmp_path), words)
    assert not any(tmp_path.iterdir())


def test_no_desk_is_one_sentence(tmp_path: Path) -> None:
    one_sentence(sipdesk("district", "rollup", tmp_path / "none.sipdistrict", cwd=tmp_path))


def test_summary_without_output(desk: Path, tmp_path: Path) -> None:
    done = sipdesk("district", "rollup", desk, "--as-of", "2026-12-06", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Pine County Schools: 3 schools (versions received by 2026-12-06)" in done.stdout
    assert f"Actions behind: {BIRCH} (2)" in done.stdout
    assert f"Monitoring not updated this cycle: {CEDAR}" in done.stdout
    assert "Budget, Title I, Part A: $3,500.00 (3 schools)" in done.stdout


# ------------------------------------------------------------------ the rules, one plan at a time
def test_the_cycle_holding_the_day() -> None:
    from sipdesk.district.rollup_views import current_cycle

    quarters = {"profile": {"first_month": "2026-08"}}
    assert current_cycle(quarters, dt.date(2026, 7, 1)) == ("Quarter 1", "2026-08", "2026-10")
    assert current_cycle(quarters, dt.date(2027, 2, 1)) == ("Quarter 3", "2027-02", "2027-04")
    assert current_cycle(quarters, dt.date(2028, 1, 1)) == ("Quarter 4", "2027-05", "2027-07")
    assert current_cycle({"profile": {"first_month": ""}}, TODAY) is None
    cycles = {
        "profile": {"first_month": "2026-08"},
        "cycles": [
            {"name": "", "start": "2026-08", "end": "2026-09"},
            {"name": "Spring", "start": "2027-01", "end": "2027-03"},
        ],
    }
    assert current_cycle(cycles, dt.date(2026, 6, 1)) == ("Cycle 1", "2026-08", "2026-09")
    assert current_cycle(cycles, TODAY) == ("Cycle 1", "2026-08", "2026-09")  # between two
    assert current_cycle(cycles, dt.date(2027, 6, 1)) == ("Spring", "2027-01", "2027-03")


def test_a_plan_without_a_plan_year_counts_its_latest_statuses() -> None:
    from sipdesk.district.rollup_views import implementation_row

    plan = {
        "profile": {"first_month": ""},
        "priorities": [
            {
                "strategies": [
                    {
                        "milestones": [
                            {
                                "actions": [
                                    _action(1, [("2026-09", "behind"), ("2026-10", "done")]),
                                    _action(2, []),
                                ]
                            },
                            {"actions": []},  # no actions: never met
                        ]
                    }
                ]
            }
        ],
    }
    row = implementation_row("X", plan, TODAY)
    assert (row.cycle, row.done, row.behind, row.not_started) == ("", 1, 0, 1)
    assert (row.milestones_met, row.milestones, row.updated, row.latest_month) == (
        0,
        2,
        False,
        "2026-10",
    )


def test_strategies_without_a_known_code_have_a_row_of_their_own() -> None:
    from sipdesk.district.rollup import Chosen, _strategies

    pick = Chosen(1, "X", 1, 1, dt.datetime(2026, 11, 1), "", "draft", 0)
    plan = {"priorities": [{"strategies": [{"practice_code": "9z"}, {"practice_code": " 2A "}]}]}
    practices, uncoded, gaps, by_domain = _strategies([(pick, plan)])
    assert [(r.school, r.number) for r in uncoded] == [("X", "Strategy 1.1")]
    assert next(c for c in practices if c.code == "2a").count == 1
    assert by_domain == {"X": (0, 1, 0, 0)}
    assert [g.schools_without for g in gaps] == [("X",), (), ("X",), ("X",)]


def test_csv_cells_a_spreadsheet_would_run_are_defused() -> None:
    from sipdesk.district.rollup_tables import TEXT, Column, View

    view = View("x", "X", "", (Column("a", "A", TEXT),), (("=HYPERLINK(1)",), ("-2",)))
    assert _csv(csv_bytes(view))[1:] == [["'=HYPERLINK(1)"], ["'-2"]]


def test_the_parts_read_are_the_interchange_document_s_own(desk: Path) -> None:
    from sipdesk.district.rollup import ROLLUP_PARTS, read_rollup_parts
    from sipdesk.district.versions import read_version

    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        for version in session.query(PlanVersion):
            whole = read_version(session, version, doc.path)
            parts = read_rollup_parts(session, version, doc.path)
            assert parts == {key: whole[key] for key in ("profile", *ROLLUP_PARTS)}


def test_a_desk_on_a_server_rolls_up_as_the_desk_file_does(
    desk: Path, tmp_path: Path, pg_url: str
) -> None:
    from sipdesk.district.server import ServerDesk

    folder = desk.parent
    with ServerDesk.create(pg_url, district_name="Pine County Schools") as doc:
        for name in ("alder", "birch", "cedar", "alder-2"):
            (outcome,) = intake(doc, [folder / f"{name}.sipdesk"])
            assert outcome.result == "added", outcome.line()
        with doc.transaction() as session:
            for version in session.query(PlanVersion):
                school = session.get(School, version.school_id).name
                version.received_at = RECEIVED[(school, version.number)]
        score(doc, BIRCH, "Ms Ortiz", ["goals=3"])
    documents = []
    for where, out in ((desk, tmp_path / "file.json"), (pg_url, tmp_path / "server.json")):
        done = sipdesk(
            "district", "rollup", where, "-o", out, "--as-of", "2026-11-30", cwd=tmp_path
        )
        assert done.returncode == 0, done.stderr
        documents.append(json.loads(out.read_text(encoding="utf-8")))
    assert documents[0] == documents[1]
