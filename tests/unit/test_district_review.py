"""Review and reply (issue 13, item 6), on real files through the real command line.

The round trip: a school sends its submitted plan, goes on editing it, the district comments
and returns it, the school takes the review — its own edit and the district's comments and
status are both there, and taking the reply again changes nothing. Replies for other plans,
files that are no reply at all, and drafts are answered with one sentence and exit code 2.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sipdesk.cli import main
from sipdesk.district.document import DeskDocument
from sipdesk.district.models import Review, ReviewScore
from sipdesk.district.review import review_summaries
from sipdesk.district.schema import DESK_SCHEMA_VERSION, expected_structure
from sipdesk.export.interchange import export_document
from sipdesk.models import Goal
from sipdesk.services.edits import update_row
from sipdesk.services.review import mark_submitted
from sipdesk.storage import PlanDocument
from sipdesk.storage.schema import read_structure
from tests.district_pg import NewDesk
from tests.hostile_corpus import PLAN_CASES, REFUSED, Case, copy_case
from tests.plans import file_state, new_plan, sample_plan
from tests.unit.helpers.cli import sipdesk

SCHOOL = "Riverside Elementary School"
SENT = dt.datetime(2026, 11, 30, 9, 0)


def _submitted(path: Path, maker: Any = sample_plan) -> Path:
    doc = maker(path)
    with doc.transaction() as session:
        mark_submitted(session, "Principal Ada", SENT)
    doc.close()
    return path


def _exported(path: Path) -> dict[str, Any]:
    with PlanDocument.open(path, readonly=True) as doc, doc.session() as session:
        return export_document(session)


def _desk_with(tmp_path: Path, *plans: Path) -> Path:
    desk = tmp_path / "district.sipdistrict"
    assert main(["district", "new", str(desk), "--name", "Riverside Unified"]) == 0
    assert main(["district", "add", str(desk), *map(str, plans)]) == 0
    return desk


def _desk_on(new_desk: NewDesk, *plans: Path) -> str:
    """A desk on the test's engine, with ``plans`` added: its DESK argument (file or URL)."""
    desk = new_desk.target
    assert main(["district", "new", desk, "--name", "Riverside Unified"]) == 0
    assert main(["district", "add", desk, *map(str, plans)]) == 0
    return desk


def _sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sipdesk: ") and "Traceback" not in err, err
    return lines[0]


def test_the_review_round_trip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], new_desk: NewDesk
) -> None:
    plan = _submitted(tmp_path / "riverside.sipdesk")
    desk = _desk_on(new_desk, plan)  # a desk file, or a desk on a server by its address
    # The school goes on editing its own file after sending it.
    with PlanDocument.open(plan) as doc, doc.transaction() as session:
        update_row(session, Goal, 2, "Edit goal", text="Every reader reads by grade 3.")
    capsys.readouterr()

    comment = "Please add last year's result as the starting point."
    assert (
        main(
            [
                "district",
                "comment",
                desk,
                SCHOOL,
                "--on",
                "goal:1",
                "--by",
                "Ms Rivera",
                comment,
            ]
        )
        == 0
    )
    assert "Goal 1" in capsys.readouterr().out
    assert (
        main(["district", "score", desk, SCHOOL, "--by", "Ms Rivera", "goals=2", "causes=Solid"])
        == 0
    )
    reply = tmp_path / "reply.sipdesk"
    assert main(["district", "return", desk, SCHOOL, "--by", "Ms Rivera", "-o", str(reply)]) == 0
    assert "with 1 comment" in capsys.readouterr().out
    with new_desk.reopen(readonly=True) as doc, doc.session() as session:
        review = session.scalars(select(Review)).one()
        assert (review.decision, review.reviewer) == ("returned", "Ms Rivera")
        scores = {s.criterion_key: s.level for s in session.scalars(select(ReviewScore))}
        assert scores == {"goals": 2, "causes": 3}

    assert main(["take-review", str(plan), str(reply)]) == 0
    assert "now marked returned with feedback by Ms Rivera" in capsys.readouterr().out
    taken = _exported(plan)
    goals = {g["id"]: g["text"] for g in taken["goals"]}
    assert goals[2] == "Every reader reads by grade 3."  # the school's edit is kept
    assert taken["profile"]["status"] == "returned"
    district = [c for c in taken["review_comments"] if c["author"] == "Ms Rivera"]
    assert [(c["item"], c["step"], c["body"]) for c in district] == [("goal:1", 1, comment)]
    events = [(e["status"], e["by"]) for e in taken["status_history"]]
    assert events[-2:] == [("submitted", "Principal Ada"), ("returned", "Ms Rivera")]

    before = file_state(plan)
    assert main(["take-review", str(plan), str(reply)]) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert _exported(plan) == taken
    assert file_state(plan) == before  # not even written again


def test_a_reply_for_another_plan_or_no_reply_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = _submitted(tmp_path / "riverside.sipdesk")
    other = _submitted(tmp_path / "oak.sipdesk", lambda p: new_plan(p, "Oak Hill Middle"))
    desk = _desk_with(tmp_path, plan, other)
    assert main(["district", "approve", str(desk), "Oak Hill Middle", "--by", "Mr Cho"]) == 0
    outbox = sorted((tmp_path / "Outbox").iterdir())
    assert [p.name for p in outbox] == [f"Oak Hill Middle – approved – {dt.date.today()}.sipdesk"]
    capsys.readouterr()
    (tmp_path / "notes.sipdesk").write_text("not a plan\n" * 50, encoding="utf-8")
    before = file_state(plan)

    assert main(["take-review", str(plan), str(outbox[0])]) == 2
    assert "reply for another plan (Oak Hill Middle)" in _sentence(capsys.readouterr().err)
    for bad, words in (
        (tmp_path / "notes.sipdesk", "is not a SIP Desk plan file"),
        (desk, "not a SIP Desk plan"),
        (other, "not the district's reply"),  # a plan, but never returned or approved
        (tmp_path / "missing.sipdesk", "could not be found"),
    ):
        assert main(["take-review", str(plan), str(bad)]) == 2
        assert words in _sentence(capsys.readouterr().err), bad
    assert file_state(plan) == before


def test_only_a_submitted_version_is_returned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = tmp_path / "draft.sipdesk"
    new_plan(draft, "Lincoln Elementary").close()
    desk = _desk_with(tmp_path, draft)
    capsys.readouterr()
    argv = ["district", "return", str(desk), "Lincoln Elementary", "--by", "Ms Rivera"]
    assert main(argv) == 2
    assert "marked draft, not submitted" in _sentence(capsys.readouterr().err)
    assert not (tmp_path / "Outbox").exists()
    # Comments are still welcome on a draft; a missing item gets a sentence.
    assert (
        main(
            [
                "district",
                "comment",
                str(desk),
                "Lincoln Elementary",
                "--on",
                "plan",
                "--by",
                "Ms Rivera",
                "A good start.",
            ]
        )
        == 0
    )
    for argv, words in (
        (["--on", "goal:7"], "has no goal:7; it has no goal items"),
        (["--on", "the goals"], "is not the name of an item"),
        (["--on", "goal:1", "--by", " "], "reviewer's name"),
    ):
        full = ["district", "comment", str(desk), "Lincoln Elementary", "--by", "R", *argv, "x"]
        assert main(full) == 2
        assert words in _sentence(capsys.readouterr().err)
    assert main(["district", "score", str(desk), "Lincoln Elementary", "--by", "R", "goals=9"]) == 2
    assert "has the levels 1 (Not yet)" in _sentence(capsys.readouterr().err)


def test_deciding_again_writes_the_same_reply_and_the_other_decision_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = _submitted(tmp_path / "riverside.sipdesk")
    desk = _desk_with(tmp_path, plan)
    first, second = tmp_path / "1.sipdesk", tmp_path / "2.sipdesk"
    for target in (first, second):
        argv = ["district", "return", str(desk), SCHOOL, "--by", "Ms Rivera", "-o", str(target)]
        assert main(argv) == 0
    assert main(["take-review", str(plan), str(first)]) == 0
    taken = _exported(plan)
    assert main(["take-review", str(plan), str(second)]) == 0
    assert _exported(plan) == taken
    capsys.readouterr()
    assert main(["district", "approve", str(desk), SCHOOL, "--by", "Ms Rivera"]) == 2
    assert "already returned with feedback" in _sentence(capsys.readouterr().err)


def test_taking_a_review_waits_for_the_plan_open_elsewhere(tmp_path: Path) -> None:
    plan = _submitted(tmp_path / "riverside.sipdesk")
    desk = _desk_with(tmp_path, plan)
    reply = tmp_path / "reply.sipdesk"
    assert main(["district", "return", str(desk), SCHOOL, "--by", "R", "-o", str(reply)]) == 0
    with PlanDocument.open(plan):
        done = sipdesk("take-review", plan, reply, cwd=tmp_path)
    assert done.returncode == 2
    assert "is already open in SIP Desk" in _sentence(done.stderr)
    assert _exported(plan)["profile"]["status"] == "submitted"


def test_a_desk_from_before_reviews_opens_and_is_brought_up_to_date(tmp_path: Path) -> None:
    desk = tmp_path / "old.sipdistrict"
    DeskDocument.create(desk, district_name="D").close()
    with sqlite3.connect(desk) as conn:  # the desk as desk schema version 1 wrote it
        for table in (
            "reflection_links",
            "reflection_notes",
            "reflection_agreed",
            "reflection_ratings",
            "reflections",
            "version_facts",
            "expected_schools",
            "checkins",
            "checkin_rounds",
            "district_goals",
            "expectations",
            "review_scores",
            "reviews",
            "rubric_levels",
            "rubric_criteria",
            "district_comments",
        ):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("UPDATE desk SET schema_version = 1")
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    with sqlite3.connect(desk) as conn:
        assert json.loads(json.dumps(read_structure(conn))) == expected_structure(1)
    conn.close()
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        assert session.scalars(select(Review)).all() == []  # read-only: its copy is upgraded
    with DeskDocument.open(desk) as doc:
        assert doc.notice is not None and "brought up to date" in doc.notice
    with sqlite3.connect(desk) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == DESK_SCHEMA_VERSION
        assert json.loads(json.dumps(read_structure(conn))) == expected_structure()
    conn.close()
    assert any("before-upgrade-from-v1" in p.name for p in DeskDocument.open(desk).backups())


def test_a_v1_desk_with_review_tables_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = tmp_path / "bent.sipdistrict"
    DeskDocument.create(desk, district_name="D").close()
    with sqlite3.connect(desk) as conn:
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    before = file_state(desk)
    capsys.readouterr()
    assert main(["district", "list", str(desk)]) == 2
    assert "contains extra tables" in _sentence(capsys.readouterr().err)
    assert file_state(desk) == before


def test_the_district_sets_its_own_rubric(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = tmp_path / "d.sipdistrict"
    assert main(["district", "new", str(desk), "--name", "D"]) == 0
    capsys.readouterr()
    assert main(["district", "rubric", str(desk), "--json"]) == 0
    default = json.loads(capsys.readouterr().out)
    assert [c["key"] for c in default["criteria"]][:3] == ["goals", "causes", "strategies"]
    assert all(len(c["levels"]) == 4 for c in default["criteria"])
    own = {
        "criteria": [
            {
                "key": "alignment",
                "name": "Fits the district's goals",
                "levels": [{"level": 1, "name": "No"}, {"level": 2, "name": "Yes"}],
            }
        ]
    }
    (tmp_path / "ours.json").write_text(json.dumps(own), encoding="utf-8")
    assert main(["district", "rubric", str(desk), "--set", str(tmp_path / "ours.json")]) == 0
    assert main(["district", "rubric", str(desk)]) == 0
    assert "alignment: Fits the district's goals — 1 No, 2 Yes" in capsys.readouterr().out
    own["criteria"][0]["levels"][1]["level"] = 5
    (tmp_path / "bent.json").write_text(json.dumps(own), encoding="utf-8")
    assert main(["district", "rubric", str(desk), "--set", str(tmp_path / "bent.json")]) == 2
    assert "numbered 1, 2, 3" in _sentence(capsys.readouterr().err)
    # Files no JSON reader can take: a number too long to read, nesting too deep, not UTF-8.
    unreadable = {
        "long.json": '{"criteria": [{"key": "a", "levels": [{"level": ' + "9" * 5000 + "}]}]}",
        "deep.json": "[" * 100_000 + "]" * 100_000,
    }
    for name, text in unreadable.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "latin.json").write_bytes(b'{"criteria": "caf\xe9"}')
    for name in (*unreadable, "latin.json"):
        assert main(["district", "rubric", str(desk), "--set", str(tmp_path / name)]) == 2
        assert f"“{name}” is not a rubric SIP Desk can read" in _sentence(capsys.readouterr().err)
    assert main(["district", "rubric", str(desk)]) == 0
    assert "alignment: Fits the district's goals — 1 No, 2 Yes" in capsys.readouterr().out


@pytest.mark.parametrize("case", PLAN_CASES, ids=lambda c: c.name)
def test_every_hostile_file_is_refused_as_a_reply(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "ours.sipdesk"
    new_plan(plan, "Lincoln Elementary").close()
    reply = copy_case(case, tmp_path / "replies")
    before, reply_before = file_state(plan), file_state(reply)
    assert main(["take-review", str(plan), str(reply)]) == 2
    line = _sentence(capsys.readouterr().err)
    if case.outcome == REFUSED:
        assert f"“{reply.name}”" in line and case.words in line
    assert file_state(plan) == before
    assert file_state(reply) == reply_before


def test_the_desk_sums_up_each_schools_review(tmp_path: Path) -> None:
    plan = _submitted(tmp_path / "riverside.sipdesk")
    desk = _desk_with(tmp_path, plan)
    argv = ["district", "score", str(desk), SCHOOL, "--by", "Ms Rivera"]
    assert main([*argv, "goals=2", "causes=4", "monitoring=not yet"]) == 0
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        (summary,) = review_summaries(session).values()
    assert (summary.version, summary.decision, summary.reviewer) == (1, "", "Ms Rivera")
    assert summary.score_text == "7 of 12"
