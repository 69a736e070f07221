"""The command line contract of DESIGN.md, run as a real process."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sipdesk.models.limits import MAX_CAUSE_DEPTH
from sipdesk.services import operations
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from tests.plans import SAMPLE_JSON, file_state, without_plan_id
from tests.unit.helpers.cli import one_sentence
from tests.unit.helpers.cli import sipdesk as run


def sipdesk(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sipdesk", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ},
        timeout=120,
    )


def test_new_then_check_reports_gaps_with_exit_1(tmp_path: Path) -> None:
    result = sipdesk("new", "Oak Hill.sipdesk", "--school", "Oak Hill Elementary", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with (
        PlanDocument.open(tmp_path / "Oak Hill.sipdesk", readonly=True) as doc,
        doc.session() as session,
    ):
        plan = read_plan(session)
    assert plan["profile"]["school_name"] == "Oak Hill Elementary"
    assert len(plan["needs_elements"]) > 10
    check = sipdesk("check", "Oak Hill.sipdesk", cwd=tmp_path)
    assert check.returncode == 1
    assert "Step 1 · Set the direction" in check.stdout
    assert "Write at least two goals" in check.stdout
    assert "marked submitted" not in check.stdout
    # A plan marked submitted with gaps says so, first
    with PlanDocument.open(tmp_path / "Oak Hill.sipdesk") as doc, doc.transaction() as session:
        operations.change_status(session, "submitted", "Ana Ruiz")
    check = sipdesk("check", "Oak Hill.sipdesk", cwd=tmp_path)
    assert check.returncode == 1
    assert check.stdout.splitlines()[1] == "It is marked submitted with these still open."


def test_sample_is_ready_and_exports_json_and_csv(tmp_path: Path) -> None:
    assert sipdesk("sample", "Sample.sipdesk", cwd=tmp_path).returncode == 0
    check = sipdesk("check", "Sample.sipdesk", cwd=tmp_path)
    assert check.returncode == 0, check.stdout
    assert "ready" in check.stdout
    assert sipdesk("export", "Sample.sipdesk", "-o", "out.json", cwd=tmp_path).returncode == 0
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    # the sample plan plus the fresh plan id it was made with
    assert without_plan_id(exported) == json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    assert sipdesk("export", "Sample.sipdesk", "-o", "actions.csv", cwd=tmp_path).returncode == 0
    rows = list(csv.reader((tmp_path / "actions.csv").read_text(encoding="utf-8-sig").splitlines()))
    sample = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    actions = [
        a
        for p in sample["priorities"]
        for s in p["strategies"]
        for m in s["milestones"]
        for a in m["actions"]
    ]
    assert rows[0][:3] == ["Priority", "Priority area", "Strategy"]
    assert len(rows) == 1 + len(actions)
    assert rows[1][6] == "1.1.1.1" and rows[1][7] == actions[0]["text"]
    assert rows[-1][6].count(".") == 3


def test_import_builds_a_plan_from_json(tmp_path: Path) -> None:
    result = sipdesk("import", SAMPLE_JSON, "-o", "Imported.sipdesk", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sipdesk("check", "Imported.sipdesk", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("check", "missing.sipdesk"), "could not be found"),
        (("check", "notes.sipdesk"), "is not a SIP Desk plan file"),
        (("export", "notes.sipdesk", "-o", "x.json"), "is not a SIP Desk plan file"),
        (("import", "broken.json", "-o", "b.sipdesk"), "is not valid JSON"),
        (("import", "foreign.json", "-o", "f.sipdesk"), "is not a SIP Desk plan in JSON form"),
        (("import", "wrongtype.json", "-o", "w.sipdesk"), "goals[0].academic should be true"),
        (("import", "dangling.json", "-o", "d.sipdesk"), "points at"),
    ],
)
def test_bad_input_gets_one_sentence_and_exit_2(
    tmp_path: Path, args: tuple[str, ...], words: str
) -> None:
    tmp_path = tmp_path / "work"
    tmp_path.mkdir()
    (tmp_path / "notes.sipdesk").write_text("hello", encoding="utf-8")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "foreign.json").write_text('{"name": "x"}', encoding="utf-8")
    envelope = {"format": "sipdesk-plan", "format_version": 1}
    (tmp_path / "wrongtype.json").write_text(
        json.dumps({**envelope, "goals": [{"id": 1, "academic": "yes"}]}), encoding="utf-8"
    )
    (tmp_path / "dangling.json").write_text(
        json.dumps({**envelope, "signatures": [{"id": 1, "member_id": 99}]}), encoding="utf-8"
    )
    before = sorted(p.name for p in tmp_path.iterdir())
    result = sipdesk(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_export_refuses_an_unknown_suffix(tmp_path: Path) -> None:
    sipdesk("sample", "S.sipdesk", cwd=tmp_path)
    result = sipdesk("export", "S.sipdesk", "-o", "plan.docx", cwd=tmp_path)
    assert result.returncode == 2 and "should end in .pdf, .json, .csv or .zip" in result.stderr
    summary = sipdesk("export", "S.sipdesk", "-o", "plan.json", "--summary", cwd=tmp_path)
    assert summary.returncode == 2 and "--summary goes with a .pdf file" in summary.stderr
    assert not (tmp_path / "plan.docx").exists() and not (tmp_path / "plan.json").exists()


def test_a_data_folder_that_cannot_be_made_gets_a_sentence(tmp_path: Path) -> None:
    assert sipdesk("sample", "good.sipdesk", cwd=tmp_path).returncode == 0
    before = file_state(tmp_path / "good.sipdesk")
    broken = {"SIPDESK_DATA_DIR": str(tmp_path / "good.sipdesk" / "x")}
    for args in (("check", "good.sipdesk"), ("new", "other.sipdesk")):
        result = run(*args, cwd=tmp_path, env=broken)
        line = one_sentence(result, "private folder", str(tmp_path / "good.sipdesk" / "x"))
        assert args[1] in line and "unexpected" not in line
    assert file_state(tmp_path / "good.sipdesk") == before


def test_a_mistyped_command_is_not_opened_as_a_plan(tmp_path: Path) -> None:
    result = run("chek", "plan.sipdesk", cwd=tmp_path)
    one_sentence(result, "unknown command “chek” (did you mean check?)")
    other = run("frobnicate", cwd=tmp_path)
    one_sentence(other, "unknown command “frobnicate”", "check")
    assert list(tmp_path.iterdir()) == []


def test_export_failure_uses_command_line_wording(tmp_path: Path) -> None:
    assert sipdesk("sample", "S.sipdesk", cwd=tmp_path).returncode == 0
    result = run("export", "S.sipdesk", "-o", tmp_path / "gone" / "plan.json", cwd=tmp_path)
    line = one_sentence(result, "“plan.json” could not be saved", str(tmp_path / "gone"))
    assert "SIP Desk;" not in line and "safe in" not in line


def _deep(levels: int) -> dict[str, object]:
    cause: dict[str, object] = {"id": levels + 1, "text": "deepest"}
    for n in range(levels, 0, -1):
        cause = {"id": n, "text": f"level {n}", "causes": [cause]}
    category = {"id": 1, "name": "Instruction", "causes": [cause]}
    return {
        "format": "sipdesk-plan",
        "format_version": 1,
        "fishbones": [{"id": 1, "problem": "p", "categories": [category]}],
    }


@pytest.mark.parametrize(
    ("document", "words"),
    [
        (
            {"profile": {"school_nam": "Oak"}},
            "profile has a key SIP Desk does not know, “school_nam” (did you mean school_name?)",
        ),
        ({"goals": [{"id": 1, "txt": "Read"}]}, "goals[0] has a key SIP Desk does not know, “txt”"),
        ({"team_members": []}, "the document has a key SIP Desk does not know, “team_members”"),
        ({"profile": {"plan_date": "20260730"}}, "profile.plan_date is not a date"),
        ({"profile": {"plan_date": "2026-7-30"}}, "profile.plan_date is not a date"),
        ({"profile": {"plan_date": "2026-02-30"}}, "profile.plan_date is not a date"),
        ("deep-json", "is nested far more deeply than any plan"),
        ("deep-causes", f"nests sub-causes more than {MAX_CAUSE_DEPTH} levels deep"),
    ],
)
def test_import_refuses_what_the_schema_refuses(
    tmp_path: Path, document: dict[str, object] | str, words: str
) -> None:
    source = tmp_path / "in.json"
    if document == "deep-json":
        text = '{"format": "sipdesk-plan", "format_version": 1, "goals": '
        source.write_text(text + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    elif document == "deep-causes":
        source.write_text(json.dumps(_deep(MAX_CAUSE_DEPTH)), encoding="utf-8")
    else:
        assert isinstance(document, dict)
        envelope = {"format": "sipdesk-plan", "format_version": 1}
        source.write_text(json.dumps({**envelope, **document}), encoding="utf-8")
    result = run("import", "in.json", "-o", "out.sipdesk", cwd=tmp_path)
    one_sentence(result, "“in.json”", words)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]


def test_import_keeps_sub_causes_nested_up_to_the_limit(tmp_path: Path) -> None:
    # Given a chain exactly as deep as the limit (a cause on the bone is level 1)
    (tmp_path / "in.json").write_text(json.dumps(_deep(MAX_CAUSE_DEPTH - 1)), encoding="utf-8")
    result = run("import", "in.json", "-o", "deep.sipdesk", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    check = run("check", "deep.sipdesk", cwd=tmp_path)
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert run("export", "deep.sipdesk", "-o", "deep.json", cwd=tmp_path).returncode == 0


def test_version_prints_the_package_version(tmp_path: Path) -> None:
    import tomllib

    root = Path(__file__).resolve().parents[2]
    declared = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    result = sipdesk("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"SIP Desk {declared['project']['version']}"
