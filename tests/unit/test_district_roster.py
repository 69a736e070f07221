"""The district's list of the schools it expects plans from (issue 13): real desk files through
the real command line, real plans taken in by the real intake. (The frozen desk schema 3 desk
brought up to date: tests/unit/test_desk_upgrade.py.)"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from sipdesk.cli import main
from sipdesk.district.document import DeskDocument
from sipdesk.district.expectations import set_expectations
from sipdesk.district.intake import ADDED, intake
from sipdesk.district.models import (
    Checkin,
    ExpectedSchool,
    PlanVersion,
    School,
)
from sipdesk.district.roster import MAX_CSV_BYTES
from sipdesk.district.schools import school_rows
from sipdesk.models import PlanProfile
from sipdesk.storage import PlanDocument
from tests.district_pg import NewDesk
from tests.plans import file_state, new_plan

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _desk(tmp_path: Path) -> Path:
    desk = tmp_path / "district.sipdistrict"
    assert main(["district", "new", str(desk), "--name", "Pine County Schools"]) == 0
    return desk


def _plan(path: Path, school: str, state_id: str = "") -> Path:
    new_plan(path, school).close()
    if state_id:
        doc = PlanDocument.open(path, recover=False)
        with doc.transaction() as session:
            session.scalars(select(PlanProfile)).one().state_school_id = state_id
        doc.close()
    return path


def _sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sipdesk: ") and "Traceback" not in err, err
    return lines[0]


def _schools(desk: Path) -> list[tuple[str, str, int, bool]]:
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        listed = set(session.scalars(select(ExpectedSchool.school_id)))
        return [
            (
                school.name,
                school.state_school_id,
                len(
                    session.scalars(
                        select(PlanVersion).where(PlanVersion.school_id == school.id)
                    ).all()
                ),
                school.id in listed,
            )
            for school in session.scalars(select(School).order_by(School.name_key, School.id))
        ]


def test_an_expected_school_is_joined_by_its_first_plan_by_name_and_by_state_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = _desk(tmp_path)
    assert main(["district", "expect-school", str(desk), "Lincoln Elementary"]) == 0
    assert "Added Lincoln Elementary" in capsys.readouterr().out
    assert (
        main(["district", "expect-school", str(desk), "Oak Hill Middle", "--state-id", "77"]) == 0
    )
    # Listing it again, spaced and cased otherwise, is the same school.
    assert main(["district", "expect-school", str(desk), "  lincoln   ELEMENTARY "]) == 0
    assert "already on the list" in capsys.readouterr().out
    assert _schools(desk) == [
        ("Lincoln Elementary", "", 0, True),
        ("Oak Hill Middle", "77", 0, True),
    ]

    lincoln = _plan(tmp_path / "lincoln.sipdesk", "lincoln elementary", "12")
    oak = _plan(tmp_path / "oak.sipdesk", "Oak Hill Middle School (renamed)", "77")
    with DeskDocument.open(desk) as doc:
        outcomes = intake(doc, [lincoln, oak])
    assert [(o.result, o.school, o.number) for o in outcomes] == [
        (ADDED, "Lincoln Elementary", 1),  # by name; its state id is kept from now on
        (ADDED, "Oak Hill Middle", 1),  # by state school id, whatever the plan calls itself
    ]
    assert _schools(desk) == [
        ("Lincoln Elementary", "12", 1, True),
        ("Oak Hill Middle", "77", 1, True),
    ]
    # A school already on the desk is put on the list, not added again.
    riverside = _plan(tmp_path / "riverside.sipdesk", "Riverside Elementary")
    with DeskDocument.open(desk) as doc:
        intake(doc, [riverside])
    capsys.readouterr()
    assert main(["district", "expect-school", str(desk), "RIVERSIDE elementary"]) == 0
    assert "already on the desk; it is now on the list" in capsys.readouterr().out
    assert len(_schools(desk)) == 3 and all(row[3] for row in _schools(desk))
    # Two schools sharing a name, told apart by the state's ids, stay two.
    assert main(["district", "expect-school", str(desk), "Maple Grove", "--state-id", "5"]) == 0
    maple = _plan(tmp_path / "maple.sipdesk", "Maple Grove", "6")
    with DeskDocument.open(desk) as doc:
        intake(doc, [maple])
    assert [row for row in _schools(desk) if row[0] == "Maple Grove"] == [
        ("Maple Grove", "5", 0, True),
        ("Maple Grove", "6", 1, False),
    ]


def test_deadline_states_of_schools_that_have_sent_nothing(tmp_path: Path) -> None:
    desk = _desk(tmp_path)
    for name in ("Lincoln Elementary", "Oak Hill Middle"):
        assert main(["district", "expect-school", str(desk), name]) == 0
    first_draft = dt.date(2026, 10, 1)
    with DeskDocument.open(desk) as doc, doc.transaction() as session:
        set_expectations(session, first_draft_due=first_draft, now=dt.datetime(2026, 9, 1))

    def states(today: dt.date) -> list[tuple[str, str, int, str]]:
        with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
            return [
                (r.school, r.deadline, r.versions, r.deadline_words)
                for r in school_rows(session, today)
            ]

    assert states(dt.date(2026, 9, 1)) == [
        ("Lincoln Elementary", "on time", 0, "On time: first draft due 1 Oct"),
        ("Oak Hill Middle", "on time", 0, "On time: first draft due 1 Oct"),
    ]
    assert states(dt.date(2026, 9, 20))[0][1:] == (
        "due soon",
        0,
        "Due soon: first draft in 11 days",
    )
    assert states(first_draft)[0][1] == "due soon"  # the day itself is still in time
    assert states(dt.date(2026, 10, 2))[0][1:] == ("missing", 0, "Missing: first draft")
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        row = school_rows(session, dt.date(2026, 10, 2))[0]
    assert row.latest_received is None and row.latest_version == 0 and row.expected
    assert row.deadline_detail == "first draft was due 1 Oct 2026 (1 day ago)"


def test_list_shows_schools_that_have_sent_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = _desk(tmp_path)
    assert (
        main(["district", "expect-school", str(desk), "Oak Hill Middle", "--state-id", "77"]) == 0
    )
    with DeskDocument.open(desk) as doc:
        intake(doc, [_plan(tmp_path / "lincoln.sipdesk", "Lincoln Elementary")])
    capsys.readouterr()
    assert main(["district", "list", str(desk), "--json"]) == 0
    schools = json.loads(capsys.readouterr().out)["schools"]
    assert [(s["school"], s["versions"], s["latest_received"], s["expected"]) for s in schools] == [
        ("Lincoln Elementary", 1, schools[0]["latest_received"], False),
        ("Oak Hill Middle", 0, None, True),
    ]
    assert main(["district", "list", str(desk)]) == 0
    oak = next(line for line in capsys.readouterr().out.splitlines() if "Oak Hill" in line)
    assert oak.split()[3:6] == ["0", "—", "no"]  # versions, latest received, "no plan yet"


def test_commands_on_a_school_that_has_sent_nothing_say_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = _desk(tmp_path)
    assert main(["district", "expect-school", str(desk), "Oak Hill Middle"]) == 0
    capsys.readouterr()
    for argv in (
        ["diff", str(desk), "oak hill"],
        ["comment", str(desk), "Oak Hill Middle", "--on", "plan", "--by", "Ms Rivera", "Hello"],
        ["score", str(desk), "Oak Hill Middle", "--by", "Ms Rivera", "goals=2"],
        ["approve", str(desk), "Oak Hill Middle", "--by", "Ms Rivera"],
    ):
        assert main(["district", *argv]) == 2, argv
        assert "No plan has arrived from Oak Hill Middle yet" in _sentence(capsys.readouterr().err)


def test_a_csv_of_schools_is_taken_whole_or_not_at_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = _desk(tmp_path)
    assert main(["district", "expect-school", str(desk), "Lincoln Elementary"]) == 0
    files = tmp_path / "lists"
    files.mkdir()
    good = files / "schools.csv"
    good.write_text(
        "\ufeffName,State_ID\nLincoln Elementary,12\nOak Hill Middle,77\n,\n"
        '"Riverside Elementary, North",\n',
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["district", "expect-schools", str(desk), str(good)]) == 0
    out = capsys.readouterr().out
    assert "3 school(s) on the list from schools.csv; 2 new on the desk." in out
    assert _schools(desk) == [
        ("Lincoln Elementary", "12", 0, True),
        ("Oak Hill Middle", "77", 0, True),
        ("Riverside Elementary, North", "", 0, True),
    ]

    before = file_state(desk)
    bad = files / "bad.csv"
    bad.write_text(
        "name,state_id\nPine Ridge High,5\n  ,9\n" + "x" * 201 + ",\nElm,1,extra\nAsh,\x07\n",
        encoding="utf-8",
    )
    assert main(["district", "expect-schools", str(desk), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines[0] == "sipdesk: 4 rows of “bad.csv” could not be used, so no school was added:"
    assert lines[1:] == [
        "  Row 3: the school's name is empty.",
        "  Row 4: the school's name is longer than 200 characters.",
        "  Row 5: it has more cells than the first row has columns.",
        "  Row 6: the school's name or state id holds characters that are not text.",
    ]
    assert file_state(desk) == before  # nothing half-written: Pine Ridge High is not there

    cases = {
        "big.csv": ("name\n" + "A school\n" * (MAX_CSV_BYTES // 9 + 1), "larger than 512 KB"),
        "latin.csv": (b"name\nEcole \xe9l\xe9mentaire\n", "is not a text file (UTF-8)"),
        "columns.csv": ("school,id\nLincoln,1\n", "should name its columns: name,state_id"),
        "empty.csv": ("\n\n", "lists no schools"),
    }
    for name, (content, words) in cases.items():
        path = files / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        assert main(["district", "expect-schools", str(desk), str(path)]) == 2, name
        assert words in _sentence(capsys.readouterr().err), name
        assert file_state(desk) == before
    assert main(["district", "expect-schools", str(desk), str(files / "nowhere.csv")]) == 2
    assert "is not a file" in _sentence(capsys.readouterr().err)


def test_expect_school_refuses_a_bad_name_with_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = _desk(tmp_path)
    before = file_state(desk)
    capsys.readouterr()
    assert main(["district", "expect-school", str(desk), "   "]) == 2
    assert "The school's name is empty." in _sentence(capsys.readouterr().err)
    assert main(["district", "expect-school", str(desk), "Oak", "--state-id", "9" * 61]) == 2
    assert "longer than 60 characters" in _sentence(capsys.readouterr().err)
    assert file_state(desk) == before


def test_only_a_school_that_has_sent_nothing_can_be_forgotten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = _desk(tmp_path)
    for name in ("Lincoln Elementary", "Oak Hill Middle"):
        assert main(["district", "expect-school", str(desk), name]) == 0
    assert main(["district", "checkin", str(desk), "Oak Hill Middle", "--on", "2026-11-02"]) == 0
    with DeskDocument.open(desk) as doc:
        intake(doc, [_plan(tmp_path / "lincoln.sipdesk", "Lincoln Elementary")])
    before = file_state(desk)
    capsys.readouterr()
    assert main(["district", "forget-school", str(desk), "Lincoln Elementary"]) == 2
    assert "Lincoln Elementary has sent a plan, so it stays on the desk" in _sentence(
        capsys.readouterr().err
    )
    assert file_state(desk) == before
    assert main(["district", "forget-school", str(desk), "oak hill"]) == 0
    assert (
        "Took Oak Hill Middle off the desk (and its 1 scheduled check-in)."
        in capsys.readouterr().out
    )
    assert _schools(desk) == [("Lincoln Elementary", "", 1, True)]
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        assert session.scalars(select(Checkin)).all() == []


def test_a_v3_desk_holding_the_roster_table_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = tmp_path / "bent.sipdistrict"
    shutil.copyfile(FIXTURES / "desk-v3.sipdistrict", desk)
    with sqlite3.connect(desk) as conn:
        conn.execute(
            "CREATE TABLE expected_schools (school_id INTEGER NOT NULL, listed_at DATETIME "
            "NOT NULL, PRIMARY KEY (school_id))"
        )
    conn.close()
    capsys.readouterr()
    assert main(["district", "list", str(desk)]) == 2
    assert "extra tables" in _sentence(capsys.readouterr().err)


def test_the_list_of_schools_works_on_either_engine(
    new_desk: NewDesk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new_desk(district_name="Linden Valley").close()
    desk = new_desk.target  # a file's path, or the server's address
    assert main(["district", "expect-school", desk, "Oak Hill Middle", "--state-id", "OH-7"]) == 0
    roster = tmp_path / "schools.csv"
    roster.write_text("name,state_id\nPine Ridge Elementary,PR-1\n", encoding="utf-8")
    assert main(["district", "expect-schools", desk, str(roster)]) == 0
    assert main(["district", "forget-school", desk, "Pine Ridge Elementary"]) == 0
    capsys.readouterr()
    assert main(["district", "list", desk, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["schools"]
    assert [(s["school"], s["versions"], s["expected"]) for s in listed] == [
        ("Oak Hill Middle", 0, True)
    ]


def test_a_school_is_renamed_by_name_or_plan_id_on_either_engine(
    new_desk: NewDesk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new_desk(district_name="Linden Valley").close()
    desk = new_desk.target  # a file's path, or the server's address
    assert main(["district", "expect-school", desk, "Oak Hill Middle", "--state-id", "OH-7"]) == 0
    assert main(["district", "expect-school", desk, "Pine Ridge Elementary"]) == 0
    riverside = _plan(tmp_path / "riverside.sipdesk", "Riverside Elementary")
    with new_desk.reopen() as doc:
        intake(doc, [riverside])
    capsys.readouterr()

    def names() -> list[tuple[str, int]]:
        assert main(["district", "list", desk, "--json"]) == 0
        return [
            (s["school"], s["versions"]) for s in json.loads(capsys.readouterr().out)["schools"]
        ]

    assert main(["district", "rename", desk, "oak hill", "Oak Hill  Middle School"]) == 0
    assert capsys.readouterr().out.strip() == "Renamed Oak Hill Middle to Oak Hill Middle School."
    # By its plan id, as SCHOOL is everywhere.
    assert main(["district", "list", desk, "--json"]) == 0
    plan_id = next(
        s["plan_id"]
        for s in json.loads(capsys.readouterr().out)["schools"]
        if s["school"] == "Riverside Elementary"
    )
    assert main(["district", "rename", desk, plan_id, "Riverside Elementary School"]) == 0
    assert "Renamed Riverside Elementary to Riverside Elementary School." in capsys.readouterr().out
    assert names() == [
        ("Oak Hill Middle School", 0),
        ("Pine Ridge Elementary", 0),
        ("Riverside Elementary School", 1),
    ]
    # Only the case: the same school, renamed; the same name: nothing changes.
    assert main(["district", "rename", desk, "Pine Ridge Elementary", "PINE RIDGE ELEMENTARY"]) == 0
    assert main(["district", "rename", desk, "pine ridge", "PINE RIDGE ELEMENTARY"]) == 0
    assert "already called that" in capsys.readouterr().out

    # Bad input: one sentence, exit 2, nothing changed.
    for school, name, words in (
        ("Oak Hill", "riverside  elementary school", "There is already a school called"),
        ("Oak Hill", "   ", "The school's name is empty."),
        ("Maple Grove", "Maple Grove Elementary", "There is no school called “Maple Grove”"),
        ("Oak Hill", "x" * 201, "longer than 200 characters"),
    ):
        assert main(["district", "rename", desk, school, name]) == 2
        assert words in _sentence(capsys.readouterr().err)
    with pytest.raises(SystemExit) as usage:  # bad usage: argparse's own sentence, exit 2
        main(["district", "rename", desk])
    assert usage.value.code == 2
    capsys.readouterr()
    assert names() == [
        ("Oak Hill Middle School", 0),
        ("PINE RIDGE ELEMENTARY", 0),
        ("Riverside Elementary School", 1),
    ]
    # The school's next version still joins it (by its plan id), and keeps what its plan says.
    doc = PlanDocument.open(riverside, recover=False)
    with doc.transaction() as session:
        session.scalars(select(PlanProfile)).one().mission = "A second version."
    doc.close()
    with new_desk.reopen() as desk_doc:
        [outcome] = intake(desk_doc, [riverside])
    assert (outcome.result, outcome.school, outcome.number) == (
        ADDED,
        "Riverside Elementary School",
        2,
    )


def test_district_list_files_numbered_schools_by_their_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A city district's schools: PS 9, PS 12, PS 102 — not PS 102, PS 12, PS 9.
    desk = _desk(tmp_path)
    for name in ("PS 102 Bay View", "PS 12 Lewis", "Lincoln Elementary", "PS 9 Teunis"):
        assert main(["district", "expect-school", str(desk), name]) == 0
    capsys.readouterr()
    assert main(["district", "list", str(desk), "--json"]) == 0
    schools = [row["school"] for row in json.loads(capsys.readouterr().out)["schools"]]
    assert schools == ["Lincoln Elementary", "PS 9 Teunis", "PS 12 Lewis", "PS 102 Bay View"]
