"""The district's expectations on the desk (issue 13, item 7): desk schema 3, set and shown
through the real command line on real desk files. (The frozen desk schema 2 desk brought up to
date: tests/unit/test_desk_upgrade.py.)"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from sipdesk.cli import main
from sipdesk.district.expectations import read_expectations
from tests.district_pg import NewDesk
from tests.plans import file_state


def _new_desk(tmp_path: Path) -> Path:
    desk = tmp_path / "district.sipdistrict"
    assert main(["district", "new", str(desk), "--name", "Pine County Schools"]) == 0
    return desk


def _sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sipdesk: ") and "Traceback" not in err, err
    return lines[0]


def test_the_district_sets_and_reads_its_expectations(
    new_desk: NewDesk, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = new_desk.target  # a desk file, or a desk on a server by its address
    assert main(["district", "new", desk, "--name", "Pine County Schools"]) == 0
    capsys.readouterr()
    assert main(["district", "expect", desk]) == 0
    assert "First draft due: not set" in capsys.readouterr().out
    argv = ["district", "expect", desk, "--first-draft-due", "2026-10-01"]
    argv += ["--feedback-by", "2026-11-01", "--final-due", "2027-01-15", "--profile", "Illinois"]
    # A flag given again adds to the list, as a person writing one goal per flag expects.
    argv += ["--goal", "Every child reads by grade 3.", "--goal", "  Attendance   above 95% "]
    argv += ["--check-in", "2027-02-01", "--check-in", "2026-11-15"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Final plan due: 15 Jan 2027" in out and "Illinois (ISBE)" in out
    # Only what is given changes.
    assert main(["district", "expect", desk, "--final-due", "2027-01-20", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert shown == {
        "first_draft_due": "2026-10-01",
        "feedback_by": "2026-11-01",
        "final_due": "2027-01-20",
        "check_ins": ["2026-11-15", "2027-02-01"],
        "readiness_profile": "illinois",
        "goals": ["Every child reads by grade 3.", "Attendance above 95%"],
    }
    with new_desk.reopen(readonly=True) as doc, doc.session() as session:
        assert read_expectations(session).goals[1] == "Attendance above 95%"
    assert main(["district", "expect", desk, "--feedback-by", "none", "--goal", "none"]) == 0
    capsys.readouterr()
    assert main(["district", "expect", desk, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["feedback_by"] is None and shown["goals"] == []


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--final-due", "31/10/2026"], "please write it as year-month-day"),
        (["--first-draft-due", "2027-03-01", "--final-due", "2027-01-15"], "comes before"),
        (["--profile", "texas"], "There is no readiness profile called “texas”"),
        (["--goal", "x" * 501], "longer than 500 characters"),
        (["--goal", "   "], "District goal 1 needs some words."),
    ],
)
def test_bad_expectations_get_one_sentence_and_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    desk = _new_desk(tmp_path)
    before = file_state(desk)
    capsys.readouterr()
    assert main(["district", "expect", str(desk), *argv]) == 2
    assert words in _sentence(capsys.readouterr().err)
    assert file_state(desk) == before


def test_a_v2_desk_holding_the_new_tables_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = _new_desk(tmp_path)
    with sqlite3.connect(desk) as conn:
        conn.execute("PRAGMA user_version = 2")
    conn.close()
    capsys.readouterr()
    assert main(["district", "expect", str(desk)]) == 2
    assert "contains extra tables" in _sentence(capsys.readouterr().err)
