"""The desk file and the ``sipdesk district`` commands, on real files and real processes.

A desk is kept by the plan file's rules: validated as untrusted, one writer at a time (a second
process is told who has it), written back whole, reopened sound; a killed intake loses no
version it had recorded. The commands answer bad input with one sentence and the check's exit
codes.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from sipdesk.cli import main
from sipdesk.district.document import DeskDocument
from sipdesk.district.models import PlanVersion
from sipdesk.district.schema import expected_structure, fresh_structure
from sipdesk.storage import PlanFileError, PlanLockedError
from tests.district_pg import NewDesk
from tests.plans import new_plan, sample_plan
from tests.unit.helpers.cli import Result, one_sentence

ROOT = Path(__file__).resolve().parents[2]


def test_the_frozen_desk_structure_is_what_the_models_build() -> None:
    # If this fails after changing models.py: a new desk schema version is due
    # (python -m sipdesk.district.schema writes its structure).
    assert fresh_structure() == expected_structure()


def test_the_command_line_round_trip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], new_desk: NewDesk
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    sample_plan(inbox / "Riverside.sipdesk").close()
    new_plan(inbox / "Oak Hill.sipdesk", "Oak Hill Middle").close()
    (inbox / "minutes.sipdesk").write_text("Minutes of the meeting\n" * 20, encoding="utf-8")
    desk = new_desk.where  # a desk file, or --db URL for the desk on a server

    assert main(["district", "new", *desk, "--name", "Riverside  Unified"]) == 0
    assert "Riverside Unified" in capsys.readouterr().out
    assert main(["district", "add", *desk, str(inbox)]) == 1  # one file refused
    lines = capsys.readouterr().out.splitlines()
    assert lines == [  # a folder is read in name order
        f"added: {inbox / 'Oak Hill.sipdesk'} (Oak Hill Middle, version 1)",
        f"added: {inbox / 'Riverside.sipdesk'} (Riverside Elementary School, version 1)",
        f"refused: {inbox / 'minutes.sipdesk'}: “minutes.sipdesk” is not a SIP Desk plan file.",
    ]
    assert main(["district", "add", *desk, str(inbox / "Riverside.sipdesk")]) == 0
    assert capsys.readouterr().out.startswith(f"same: {inbox / 'Riverside.sipdesk'} (already")

    assert main(["district", "list", *desk, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["district"] == "Riverside Unified"
    assert [(s["school"], s["versions"], s["status"]) for s in listed["schools"]] == [
        ("Oak Hill Middle", 1, "draft"),
        ("Riverside Elementary School", 1, "draft"),
    ]
    assert listed["schools"][1]["school_year"] == "2026–27"
    assert listed["schools"][0]["open_findings"] > listed["schools"][1]["open_findings"]
    assert main(["district", "list", *desk]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0] == "Riverside Unified: 2 school(s)"
    assert table[1].split()[:2] == ["School", "Versions"]
    assert table[2].startswith("Oak Hill Middle") and table[3].startswith("Riverside Elementary")


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["district", "list", "{plan}"], "is a school's plan, not a district desk"),
        (["district", "add", "{missing}", "{plan}"], "could not be found"),
        (["district", "new", "{desk}", "--name", "Again"], "already exists"),
        (["district", "list", "{tmp}"], "is a folder, not a district desk"),
    ],
)
def test_bad_input_gets_one_sentence_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    plan = tmp_path / "school.sipdesk"
    new_plan(plan).close()
    desk = tmp_path / "d.sipdistrict"
    DeskDocument.create(desk, district_name="D").close()
    names = {
        "plan": plan,
        "missing": tmp_path / "nowhere.sipdistrict",
        "desk": desk,
        "tmp": tmp_path,
    }
    code = main([a.format(**names) for a in argv])
    out, err = capsys.readouterr()
    one_sentence(Result(code, out, err), words)


def _bent(desk: Path, sql: str, *, version: int | None = None) -> None:
    conn = sqlite3.connect(desk, isolation_level=None)
    if sql:
        conn.executescript(sql)
    if version is not None:
        conn.execute(f"PRAGMA user_version = {version}")
    conn.close()


@pytest.mark.parametrize(
    ("sql", "version", "words"),
    [
        ("", 99, "was saved by a newer SIP Desk (desk file version 99"),
        ("CREATE TABLE notes(x);", None, "extra tables"),
        ("CREATE TRIGGER t AFTER INSERT ON schools BEGIN DELETE FROM desk; END;", None, "trigger"),
        ("CREATE VIEW v AS SELECT * FROM schools;", None, "view"),
        ("UPDATE desk SET created_at = 42;", None, "wrong kind in desk (created at)"),
        ("DELETE FROM desk;", None, "does not say whose desk it is"),
        ("", 0, "is not a district desk file"),
    ],
)
def test_a_bent_desk_is_refused_with_a_sentence(
    tmp_path: Path, sql: str, version: int | None, words: str
) -> None:
    desk = tmp_path / "bent.sipdistrict"
    DeskDocument.create(desk, district_name="D").close()
    _bent(desk, sql, version=version)
    before = desk.read_bytes()
    for readonly in (False, True):
        with pytest.raises(PlanFileError) as caught:
            DeskDocument.open(desk, readonly=readonly)
        assert words in str(caught.value) and "“bent.sipdistrict”" in str(caught.value)
    assert desk.read_bytes() == before


_HOLD = """
import sys
from sipdesk.district.document import DeskDocument
from sipdesk.district import intake as taking
from sipdesk.district.intake import intake
taking.GROUP_FILES = 2  # versions are committed (then reported) two files at a time
desk = DeskDocument.open(sys.argv[1])
if len(sys.argv) > 2:  # take plans in, saying so after each, until killed
    intake(desk, sys.argv[2:], lambda done, total, name: print(done, flush=True))
print("ready", flush=True)
sys.stdin.read()
desk.close()
"""


def _child(*args: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _HOLD, *map(str, args)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_a_second_process_is_told_who_has_the_desk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = tmp_path / "desk.sipdistrict"
    DeskDocument.create(desk, district_name="D").close()
    holder = _child(desk)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(PlanLockedError) as caught:
            DeskDocument.open(desk)
        assert "“desk.sipdistrict” is already open in SIP Desk" in str(caught.value)
        assert main(["district", "add", str(desk), str(tmp_path)]) == 2
        assert "is already open in SIP Desk" in capsys.readouterr().err
        assert main(["district", "list", str(desk)]) == 0  # looking needs no lock
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)
    assert holder.returncode == 0
    DeskDocument.open(desk).close()  # free again once the other process closed it


def test_a_killed_intake_keeps_every_version_it_recorded(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(6):
        new_plan(inbox / f"{i}.sipdesk", f"School {i}").close()
    desk = tmp_path / "desk.sipdistrict"
    DeskDocument.create(desk, district_name="D").close()
    child = _child(desk, inbox)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "1"
    assert child.stdout.readline().strip() == "2"  # two versions committed: now kill it
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    with DeskDocument.open(desk) as doc:
        assert doc.notice is not None and "not closed properly" in doc.notice
        with doc.session() as session:
            recorded = len(session.scalars(select(PlanVersion)).all())
    assert recorded >= 2
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        assert len(session.scalars(select(PlanVersion)).all()) == recorded  # written back
