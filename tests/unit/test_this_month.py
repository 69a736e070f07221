"""“This month” and the planning calendar (issue 15 item 2), without Qt: a plan in its planning
year on a fixed day lists the right activities and the right overdue item, the district's
dates join, the plan's fields are read from its file with sqlite3 alone (and a file that is
not a plan gives nothing), and the calendar's PDF page is read back."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from sipdesk.export.calendar_pdf import render_calendar
from sipdesk.export.interchange import import_json
from sipdesk.paths import resource_path
from sipdesk.services.pack_glance import PackGlance
from sipdesk.services.planning_calendar import grid_for_plan
from sipdesk.services.this_month import Standing, glance_for, read_standing

# The sample's school year is 2026–27; designated that year, it is its planning year.
ILLINOIS = Standing(
    school="Riverside Elementary School",
    first_month="2026-08",
    readiness_profile="illinois",
    state_pack="illinois",
    designation_year="2026–27",
    plan_phase="planning",
)
LINDEN = PackGlance(
    "Linden Valley",
    (("first_draft_due", dt.date(2027, 3, 10)), ("final_due", dt.date(2027, 5, 14))),
    (),
    "illinois",
)


def _lines(glance: Any, kind: str) -> list[tuple[str, int]]:
    return [(line.text, line.step) for line in glance.of_kind(kind)]


def test_late_february_of_the_planning_year_lists_root_causes_priorities_and_the_iqfsr() -> None:
    shown = glance_for(ILLINOIS, dt.date(2027, 2, 25))
    assert shown.pack.name == "illinois"
    assert shown.heading == "February 2027 · planning year"
    # The principal's and the SLT's activities this month, each with its step.
    assert _lines(shown, "activity") == [
        ("Root cause analysis", 3),
        ("Choose the priorities for the plan", 4),
    ]
    # The IQFSR results were due on 31 January (25 days ago); the QER of 20 January is over
    # 30 days gone, and nothing is due before the end of March.
    assert _lines(shown, "overdue") == [("31 Jan: IQFSR results entered in IWAS", 2)]
    assert shown.of_kind("overdue")[0].detail == "25 days ago · Step 2, Assess needs"
    assert _lines(shown, "due") == []


def test_late_january_has_the_iqfsr_coming_and_the_qer_overdue() -> None:
    shown = glance_for(ILLINOIS, dt.date(2027, 1, 25))
    assert _lines(shown, "activity") == [("Finish the needs assessment and the IQFSR", 2)]
    assert _lines(shown, "due") == [("31 Jan: IQFSR results entered in IWAS", 2)]
    assert _lines(shown, "overdue") == [("20 Jan: QER due to ISBE", 6)]
    activity = shown.of_kind("activity")[0]
    assert activity.detail == "Principal and School leadership team · Step 2, Assess needs"
    assert activity.about.startswith("Principal: ")


def test_the_districts_dates_join_the_list_and_open_review_and_export() -> None:
    shown = glance_for(ILLINOIS, dt.date(2027, 2, 25), LINDEN)
    assert _lines(shown, "due") == [("10 Mar: First draft due to Linden Valley", 8)]
    assert shown.of_kind("due")[0].detail == "in 13 days · Linden Valley"
    # Gone by: the first draft is overdue (the school's to send); feedback never is.
    later = glance_for(ILLINOIS, dt.date(2027, 3, 20), LINDEN)
    assert ("10 Mar: First draft due to Linden Valley", 8) in _lines(later, "overdue")


def test_an_implementation_year_shows_the_packs_implementation_activities() -> None:
    year_one = Standing(
        first_month="2027-08",
        state_pack="generic",
        plan_phase="implementation",
        implementation_year=1,
    )
    shown = glance_for(year_one, dt.date(2027, 12, 3))
    assert shown.heading == "December 2027 · implementation year 1"
    assert ("Carry out the plan and monitor progress", 6) in _lines(shown, "activity")


def test_a_plan_without_a_pack_follows_its_profile_and_its_school_year() -> None:
    plain = Standing(first_month="2026-08")
    shown = glance_for(plain, dt.date(2026, 9, 14))
    assert shown.pack.name == "generic"
    assert shown.heading == "September 2026 · planning year"
    assert [t for t, _ in _lines(shown, "activity")] == [
        "Form the team and agree how it works",
        "Set the direction",
    ]


# ------------------------------------------------------------------ reading the file lightly
def _plan(tmp_path: Path, **profile: Any) -> Path:
    document = json.loads(resource_path("sample-plan.json").read_text(encoding="utf-8"))
    document["profile"].update(profile)
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    plan = tmp_path / "Riverside Elementary.sipdesk"
    import_json(source, plan).close()
    return plan


def test_the_plans_fields_are_read_with_sqlite_alone(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        readiness_profile="illinois",
        state_pack="illinois",
        designation_year="2026–27",
        plan_phase="planning",
    )
    standing = read_standing(plan)
    assert standing is not None
    assert replace(standing, plan_id="") == replace(ILLINOIS, plan_id="")
    assert len(standing.plan_id) == 36
    # In a fresh interpreter: reading it loads no database code.
    child = (
        "import sys; from pathlib import Path; "
        "from sipdesk.services.this_month import read_standing, glance_for; "
        "import datetime as dt; s = read_standing(Path(sys.argv[1])); "
        "g = glance_for(s, dt.date(2027, 2, 25)); "
        "print(g.pack.name, len(g.lines), 'sqlalchemy' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", child, str(plan)],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )
    assert done.stdout.split() == ["illinois", "3", "False"], done.stderr


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE plan_profile (id INTEGER PRIMARY KEY, first_month TEXT)")
    conn.execute("INSERT INTO plan_profile VALUES (1, '2026-08')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: p.write_text("not a plan at all " * 20), id="text"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
        pytest.param(_foreign, id="another-programs-database"),
        pytest.param(lambda p: None, id="missing"),
    ],
)
def test_a_file_that_is_not_a_plan_gives_nothing(tmp_path: Path, make: Any) -> None:
    path = tmp_path / "x.sipdesk"
    make(path)
    assert read_standing(path) is None


def test_a_cut_short_plan_gives_nothing(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    data = plan.read_bytes()
    plan.write_bytes(data[: len(data) // 3])
    assert read_standing(plan) is None


# ------------------------------------------------------------------ the calendar
def test_the_planning_year_grid_holds_every_dated_deadline_once() -> None:
    grid = grid_for_plan(ILLINOIS, dt.date(2027, 2, 25), LINDEN)
    assert grid.title == "Planning year 2026–27"
    assert grid.months()[0] == (2026, 10) and grid.months()[-1] == (2027, 6)
    days = [(d.day, d.what) for row in grid.rows for d in row.dates]
    assert len(days) == len(set(days))
    assert (dt.date(2027, 7, 20), "Planning Year Report due to ISBE") in days  # June's report
    assert (dt.date(2027, 3, 10), "First draft due to Linden Valley") in days
    roots = [r for r in grid.rows if r.title == "Root cause analysis"]
    assert [(r.year, r.month) for r in roots] == [(2027, 2), (2027, 3)]
    principal = [r.key for r in grid.roles].index("principal")
    assert roots[0].parts[principal].startswith("Lead the root cause analysis")


def test_the_planning_calendar_prints_on_one_page(tmp_path: Path, output_dir: Path) -> None:
    grid = grid_for_plan(ILLINOIS, dt.date(2027, 2, 25), LINDEN)
    for paper in ("letter", "a4"):
        data = render_calendar(
            grid, "Riverside Elementary School", paper=paper, today=dt.date(2027, 2, 25)
        )
        (output_dir / f"planning-calendar-{paper}.pdf").write_bytes(data)
        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) == 1
        text = " ".join(reader.pages[0].extract_text().split())
        assert "Planning calendar: Riverside Elementary School" in text
        assert "Planning year 2026–27" in text
        for words in (
            "Root cause analysis (step 3)",
            "School leadership team",
            "31 Jan IQFSR results entered in IWAS",
            "20 Jul Planning Year Report due to ISBE",
            "First draft due to Linden Valley",
        ):
            assert words in text, words
        width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
        assert width > height  # landscape
