"""What changed between two versions of a plan (issue 13, item 5), on real plan files.

Given the sample plan and four later versions of it, each made by the school's own edits (the
services the window calls) on a copy of the one before, all taken into a real desk: each kind of
change — a goal added, a target changed, an action's status changed, a strategy removed — shows up
exactly once, and nothing else does. The command prints it, writes it as a PDF (read back), and
answers bad input with one sentence.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from sipdesk.cli import main
from sipdesk.district.diff import Change, PlanDiff, compare, texts
from sipdesk.district.document import DeskDocument
from sipdesk.district.intake import intake
from sipdesk.district.versions import find_school, read_version, versions_of
from sipdesk.models import Goal
from sipdesk.services.edits import update_row
from sipdesk.services.lists import add_goal
from sipdesk.services.measures import set_target
from sipdesk.services.operations import set_action_status
from sipdesk.services.outline import delete_item
from sipdesk.storage import PlanDocument
from tests.district_pg import NewDesk
from tests.plans import SAMPLE_JSON, new_plan, sample_plan
from tests.unit.helpers.cli import Result, one_sentence, sipdesk

SCHOOL = "Riverside Elementary School"
NEW_GOAL = "Every family hears from their child's teacher in the first month of school."


def _new_goal(session: Session) -> None:
    goal_id = add_goal(session).steps[0].row_id
    update_row(session, Goal, goal_id, "Edit goal", text=NEW_GOAL)


def _target(session: Session) -> None:
    set_target(session, 1, 2, "60% at or above benchmark by spring 2028")


def _status(session: Session) -> None:
    set_action_status(session, 2, "2026-08", "behind", "Two classrooms started late.")


def _no_strategy(session: Session) -> None:
    delete_item(session, "strategy:3")


EDITS: list[Callable[[Session], None]] = [_new_goal, _target, _status, _no_strategy]

# Version n+1's one change against version n: its headline and lines, as they read.
EXPECTED = [
    "Added Goal 4 “Every family hears from their child's teacher in the first…” | "
    f"Goal: “{NEW_GOAL}”",
    "Changed Goal 1, measure 1 “Percent of K–3 students at or above benchmark on the spring…” | "
    "Year 2 target: “58% at or above benchmark by spring 2028” → "
    "“60% at or above benchmark by spring 2028”",
    "Changed Action 1.1.1.2 “Set a protected 30-minute phonics block in every K–3…” | "
    "Status in August 2026: “Done” → “Behind (Two classrooms started late.)”",
    "Removed Strategy 2.1 “give grade 3–5 PLCs a weekly protocol for planning, trying…”, "
    "with 1 measure, 2 milestones and 7 actions",
]
SECTIONS = ["goals", "measures", "actions", "strategies"]
ITEMS = ["goal:", "measure:1", "action:2", "strategy:3"]


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A desk holding five versions of the sample plan, each the one before plus one edit."""
    folder = tmp_path_factory.mktemp("diff")
    inbox = folder / "inbox"
    inbox.mkdir()
    sample_plan(inbox / "v1.sipdesk").close()
    for n, edit in enumerate(EDITS, start=2):
        shutil.copy(inbox / f"v{n - 1}.sipdesk", inbox / f"v{n}.sipdesk")
        with PlanDocument.open(inbox / f"v{n}.sipdesk") as doc, doc.transaction() as session:
            edit(session)
    new_plan(inbox / "v9 Oak Hill.sipdesk", "Oak Hill Middle").close()
    path = folder / "district.sipdistrict"
    DeskDocument.create(path, district_name="Riverside Unified").close()
    with DeskDocument.open(path) as doc:
        outcomes = intake(doc, sorted(inbox.iterdir()))
    assert [o.result for o in outcomes] == ["added"] * 6
    return path


@pytest.fixture(scope="module")
def versions(desk: Path) -> list[dict[str, Any]]:
    """Every version of the sample school's plan, as the desk reads it back."""
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        school = find_school(session, SCHOOL, doc.path)
        return [read_version(session, v, doc.path) for v in versions_of(session, school)]


def _only(diff: PlanDiff) -> Change:
    assert not diff.other_parts, diff.other_parts
    assert len(diff.changes) == 1, texts(diff.changes)
    return diff.changes[0]


@pytest.mark.parametrize("n", range(4), ids=["added goal", "target", "status", "strategy gone"])
def test_each_kind_of_change_shows_up_once_and_nothing_else_does(
    versions: list[dict[str, Any]], n: int
) -> None:
    diff = compare(versions[n], versions[n + 1])
    change = _only(diff)
    if change.kind == "removed":  # the strategy as it read, each part a line
        assert change.headline() == EXPECTED[n]
        assert len(change.lines()) == 8 and "Category: “Collaborative planning”" in change.lines()
    else:
        assert texts([change]) == [EXPECTED[n]]
    assert change.item.startswith(ITEMS[n])
    assert [section.key for section in diff.changed] == [SECTIONS[n]]
    assert diff.same_plan


def test_the_changes_of_several_versions_add_up(versions: list[dict[str, Any]]) -> None:
    diff = compare(versions[0], versions[-1])
    assert sorted(change.headline() for change in diff.changes) == sorted(
        line.split(" | ")[0] for line in EXPECTED
    )
    assert not diff.other_parts
    assert compare(versions[2], versions[2]).empty


def test_the_other_way_round_an_addition_is_a_removal(versions: list[dict[str, Any]]) -> None:
    change = _only(compare(versions[1], versions[0]))
    assert texts([change]) == [EXPECTED[0].replace("Added", "Removed")]
    back = _only(compare(versions[4], versions[3]))
    assert back.kind == "added" and back.label == "Strategy 2.1"


# --------------------------------------------------------------------- noise and identity


@pytest.fixture
def plan() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    document["profile"]["plan_id"] = "0f8fad5b-d9cb-469f-a165-70867728950e"
    return document


def test_spacing_and_the_order_of_unordered_things_are_not_changes(plan: dict[str, Any]) -> None:
    after = copy.deepcopy(plan)
    after["profile"]["mission"] = "  " + after["profile"]["mission"].replace(" ", "   ") + "\n"
    after["goals"][0]["text"] += " "
    after["priorities"][0]["links"].reverse()
    action = after["priorities"][0]["strategies"][0]["milestones"][1]["actions"][0]
    assert len(action["statuses"]) > 1
    action["statuses"].reverse()
    assert compare(plan, after).empty


def test_a_new_order_of_goals_is_one_change_and_renumbering_is_none(
    plan: dict[str, Any],
) -> None:
    after = copy.deepcopy(plan)
    after["goals"].reverse()
    change = _only(compare(plan, after))
    assert change.label == "The goals"
    assert [f.field for f in change.fields] == ["Order of goals"]
    # Removing goal 1 renumbers goals 2 and 3, which is not a change of theirs.
    after = copy.deepcopy(plan)
    del after["goals"][0]
    change = _only(compare(plan, after))
    assert (change.kind, change.item, change.label) == ("removed", "goal:1", "Goal 1")
    assert change.inside == "2 measures and 3 rows for grades or groups"


def test_group_rows_and_monitoring_are_compared_field_by_field(plan: dict[str, Any]) -> None:
    after = copy.deepcopy(plan)
    measure = after["goals"][0]["measures"][1]
    measure["groups"][0]["targets"][2] = "50% by June 2029"
    measure["results"].append({"id": 77, "year": 2, "progress": "48% in the winter window."})
    after["profile"]["first_month"] = "2026-07"
    diff = compare(plan, after)
    assert texts(diff.changes) == [
        "Changed Goal 1, measure 2, Grade 3 | Year 3 target: “48% by June 2029” → "
        "“50% by June 2029”",
        "Changed the plan year | First month of the plan year: “August 2026” → “July 2026”",
        "Changed Goal 1, measure 2 “Percent of grade 3–5 students proficient or above on the…” | "
        "Year 2 result: progress: (blank) → “48% in the winter window.”",
    ]
    assert [s.key for s in diff.changed] == ["measures", "monitoring"]


def test_two_different_plans_are_matched_by_place(plan: dict[str, Any]) -> None:
    after = copy.deepcopy(plan)
    after["profile"]["plan_id"] = "1f8fad5b-d9cb-469f-a165-70867728950e"
    for number, goal in enumerate(after["goals"], start=100):
        goal["id"] = number
    after["goals"][1]["explanation"] = "Our new reason."
    diff = compare(plan, after)
    assert not diff.same_plan
    change = _only(diff)
    assert (change.kind, change.label, change.item) == ("changed", "Goal 2", "goal:101")


# --------------------------------------------------------------------- the command


def test_the_command_prints_the_latest_change_by_default(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["district", "diff", str(desk), SCHOOL.upper()]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"What changed: {SCHOOL}, version 4 → 5"
    assert lines[1].startswith("Version 4 received ") and "(v4.sipdesk)" in lines[1]
    assert lines[2] == "1 change: strategies and milestones."
    assert lines[3:6] == ["", "Strategies and milestones", f"  {EXPECTED[3]}  (strategy:3)"]
    assert lines[6] == (
        "    If we: “give grade 3–5 PLCs a weekly protocol for planning, trying and scoring one "
        "multi-step problem-solving task together, with support from the county math specialist”"
    )
    assert lines[-1].startswith("No changes: the school and the plan, goals, measures")

    assert main(["district", "diff", str(desk), SCHOOL, "--from", "1", "--to", "3"]) == 0
    out = capsys.readouterr().out
    assert "version 1 → 3" in out
    assert "Added Goal 4" in out and "Year 2 target" in out and "Behind" not in out


def test_the_command_compares_on_either_engine(
    new_desk: NewDesk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given two versions of a plan, the second with a new target, on a desk file or a server
    sample_plan(tmp_path / "v1.sipdesk").close()
    shutil.copy(tmp_path / "v1.sipdesk", tmp_path / "v2.sipdesk")
    with PlanDocument.open(tmp_path / "v2.sipdesk") as doc, doc.transaction() as session:
        _target(session)
    desk = new_desk.target
    assert main(["district", "new", desk, "--name", "Riverside Unified"]) == 0
    for n in (1, 2):
        assert main(["district", "add", desk, str(tmp_path / f"v{n}.sipdesk")]) == 0
    capsys.readouterr()
    # When the district asks what changed, then it is that one change
    assert main(["district", "diff", desk, SCHOOL]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"What changed: {SCHOOL}, version 1 → 2"
    assert lines[2] == "1 change: measures and targets."


def test_the_command_writes_the_pdf(desk: Path, tmp_path: Path) -> None:
    target = tmp_path / "changes.pdf"
    result = sipdesk("district", "diff", desk, SCHOOL, "--from", "1", "-o", target, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout.strip() == "Wrote changes.pdf."
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert f"What changed: {SCHOOL}, version 1 → 5" in text
    assert reader.metadata is not None and reader.metadata.title.startswith("What changed")
    for words in (
        "Added Goal 4",
        "Year 2 target",
        "60% at or above benchmark by spring 2028",
        "Status in August 2026",
        "Behind (Two classrooms started late.)",
        "Removed Strategy 2.1",
        "Page 1 of",
        "No changes: the school and the plan, priorities, monitoring.",
    ):
        assert words in text, words
    for heading in ("Goals", "Measures and targets", "Strategies and milestones"):
        assert heading in text


def test_one_version_has_nothing_to_compare_yet(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["district", "diff", str(desk), "oak hill middle"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Oak Hill Middle has sent one version of its plan so far")
    assert "nothing to compare it with yet" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["Nowhere High"], "There is no school called “Nowhere High”"),
        ([SCHOOL, "--to", "9"], "has no version 9 on this desk; it has versions 1 to 5"),
        ([SCHOOL, "--from", "3", "--to", "3"], "two different versions"),
        (["Oak Hill Middle", "--to", "1"], "two different versions"),
        ([SCHOOL, "-o", "changes.txt"], "does not end in .pdf"),
    ],
)
def test_bad_input_gets_one_sentence_and_exit_2(
    desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    code = main(["district", "diff", str(desk), *args])
    out, err = capsys.readouterr()
    one_sentence(Result(code, out, err), words)
    assert not (tmp_path / "changes.txt").exists()


def test_the_pdf_takes_the_longest_texts(plan: dict[str, Any]) -> None:
    from sipdesk.export.pdf.diff import DiffTitle, render_diff

    after = copy.deepcopy(plan)
    after["profile"]["mission"] = "学校" * 10_000  # 20,000 characters, no spaces to break at
    after["goals"][0]["explanation"] = "word " * 4_000
    diff = compare(plan, after)
    title = DiffTitle("Riverside", "2026–27", 1, 2)
    data = render_diff(diff, title, today=dt.date(2026, 12, 6))
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    assert "of 20,000 characters" in text and "Why this goal" in text
    assert render_diff(diff, title, today=dt.date(2026, 12, 6)) == data  # the same bytes


def test_a_strategy_moved_to_another_priority_is_one_change(plan: dict[str, Any]) -> None:
    after = copy.deepcopy(plan)
    moved = after["priorities"][1]["strategies"].pop(0)
    after["priorities"][0]["strategies"].append(moved)
    change = _only(compare(plan, after))
    assert (change.kind, change.item, change.label) == ("changed", "strategy:3", "Strategy 1.3")
    assert change.lines() == ["Priority: “Priority 2” → “Priority 1”"]


def test_versions_from_before_plan_ids_are_matched_by_id_when_the_desk_says_so(
    plan: dict[str, Any],
) -> None:
    # Read back, a plan file from before plan ids gets a random id each time.
    after = copy.deepcopy(plan)
    after["profile"]["plan_id"] = "2f8fad5b-d9cb-469f-a165-70867728950e"
    del after["goals"][0]
    assert len(compare(plan, after).changes) > 1  # matched by place: every goal shifts
    diff = compare(plan, after, same_plan=True)
    assert diff.same_plan
    assert _only(diff).headline().startswith("Removed Goal 1")
