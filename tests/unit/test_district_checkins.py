"""Check-ins through the year (issue 13, item 8) on a real desk through the real command line:
a schedule per school, the after-action review written a part at a time, the district's own
reflection per round, the list (text, JSON, CSV) and the desk's "last check-in"."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from sipdesk.cli import main
from sipdesk.district.schools import school_rows
from tests.district_pg import NewDesk
from tests.plans import file_state, new_plan, sample_plan


def _sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sipdesk: ") and "Traceback" not in err, err
    return lines[0]


def _desk_at(target: str, tmp_path: Path) -> str:
    riverside = tmp_path / "riverside.sipdesk"
    sample_plan(riverside).close()
    lincoln = tmp_path / "lincoln.sipdesk"
    new_plan(lincoln, "Lincoln Elementary").close()
    assert main(["district", "new", target, "--name", "Pine County"]) == 0
    assert main(["district", "add", target, str(riverside), str(lincoln)]) == 0
    return target


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    return Path(_desk_at(str(tmp_path / "d.sipdistrict"), tmp_path))


@pytest.fixture
def any_desk(new_desk: NewDesk, tmp_path: Path) -> str:
    """The same desk as ``desk``, as a file or on a server: its DESK argument."""
    return _desk_at(new_desk.target, tmp_path)


def _checkin(desk: Path | str, school: str, day: str, *more: str) -> int:
    return main(["district", "checkin", str(desk), school, "--on", day, *more])


def test_check_ins_are_scheduled_reviewed_and_listed(
    any_desk: str, new_desk: NewDesk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = any_desk  # a desk file, or a desk on a server by its address
    capsys.readouterr()
    assert _checkin(desk, "Lincoln", "2026-11-15") == 0
    assert "on the schedule for 15 Nov 2026" in capsys.readouterr().out
    assert _checkin(desk, "Lincoln", "2027-02-01") == 0
    assert _checkin(desk, "Riverside Elementary School", "2026-11-16") == 0
    # The review a part at a time: parts not given stay as they were.
    assert _checkin(desk, "Lincoln", "2026-11-15", "--expected", "Reading blocks started") == 0
    argv = ["--happened", "=Started in October", "--why", "The coach was away"]
    assert _checkin(desk, "Lincoln", "2026-11-15", *argv, "--next", "Coach back in January") == 0
    assert "Saved the after-action review" in capsys.readouterr().out
    reflection = "Most schools began their reading blocks late; coaching is thin."
    assert main(["district", "reflect", str(desk), "--on", "2026-11-15", reflection]) == 0

    capsys.readouterr()
    assert main(["district", "checkins", str(desk), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(c["school"], c["on"]) for c in data["check_ins"]] == [
        ("Lincoln Elementary", "2026-11-15"),
        ("Lincoln Elementary", "2027-02-01"),
        ("Riverside Elementary School", "2026-11-16"),
    ]
    assert data["check_ins"][0] == {
        "school": "Lincoln Elementary",
        "on": "2026-11-15",
        "expected": "Reading blocks started",
        "happened": "=Started in October",
        "why": "The coach was away",
        "next_steps": "Coach back in January",
    }
    assert data["rounds"] == [{"on": "2026-11-15", "reflection": reflection}]
    assert main(["district", "checkins", str(desk), "Riverside"]) == 0
    out = capsys.readouterr().out
    assert "Riverside Elementary School:\n  16 Nov 2026 (no review written yet)" in out
    assert "Lincoln" not in out and "reflections" not in out
    assert main(["district", "checkins", str(desk)]) == 0
    out = capsys.readouterr().out
    assert "    What happened: =Started in October" in out and reflection in out

    table = tmp_path / "checkins.csv"
    assert main(["district", "checkins", str(desk), "-o", str(table)]) == 0
    with table.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [
        "School",
        "Check-in",
        "What was expected",
        "What happened",
        "Why",
        "What we will do next",
    ]
    assert rows[1][:4] == [
        "Lincoln Elementary",
        "2026-11-15",
        "Reading blocks started",
        "'=Started in October",  # a spreadsheet would take it for a formula
    ]
    assert len(rows) == 4

    # The desk's last check-in: the latest on or before the day asked about.
    with new_desk.reopen(readonly=True) as doc, doc.session() as session:
        before = {r.school: r.last_checkin for r in school_rows(session, dt.date(2026, 11, 15))}
        after = {r.school: r.last_checkin for r in school_rows(session, dt.date(2027, 3, 1))}
    assert before == {
        "Lincoln Elementary": dt.date(2026, 11, 15),
        "Riverside Elementary School": None,
    }
    assert after == {
        "Lincoln Elementary": dt.date(2027, 2, 1),
        "Riverside Elementary School": dt.date(2026, 11, 16),
    }


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["checkin", "{desk}", "Nowhere", "--on", "2026-11-15"], "no school called “Nowhere”"),
        (["checkin", "{desk}", "Lincoln", "--on", "15.11.2026"], "is not a date SIP Desk"),
        (["checkin", "{desk}", "Lincoln", "--on", "none"], "Please give the check-in's day"),
        (
            ["checkin", "{desk}", "Lincoln", "--on", "2026-11-15", "--why", "x" * 10_001],
            "Why is longer than 10,000 characters",
        ),
        (["reflect", "{desk}", "--on", "2026-13-01", "Text"], "is not a date SIP Desk"),
    ],
)
def test_bad_check_ins_get_one_sentence_and_change_nothing(
    desk: Path, capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    before = file_state(desk)
    capsys.readouterr()
    assert main(["district", *(a.format(desk=desk) for a in argv)]) == 2
    assert words in _sentence(capsys.readouterr().err)
    assert file_state(desk) == before
