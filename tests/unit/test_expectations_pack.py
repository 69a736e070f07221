"""The district's expectations pack (issue 13, item 7) through the real command line: the desk
writes it, the school takes it for its plan (kept in the private folder by plan id, the plan
file untouched), ``check`` then uses the district's profile and shows its deadlines; hostile
packs are refused with one sentence and nothing is kept."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from sipdesk.cli import main
from sipdesk.services.expectations_pack import (
    MAX_PACK_BYTES,
    deadline_lines,
    next_deadline,
    read_pack,
    stored_pack,
)
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from tests.plans import file_state, sample_plan


def _sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sipdesk: ") and "Traceback" not in err, err
    return lines[0]


def _plan_id(plan: Path) -> str:
    with PlanDocument.open(plan, readonly=True) as doc, doc.session() as session:
        return str(read_plan(session)["profile"]["plan_id"])


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    desk = tmp_path / "district.sipdistrict"
    assert main(["district", "new", str(desk), "--name", "Pine County Schools"]) == 0
    argv = ["district", "expect", str(desk), "--first-draft-due", "2026-10-01"]
    argv += ["--feedback-by", "2026-11-01", "--final-due", "2027-01-15", "--profile", "illinois"]
    argv += ["--goal", "Every child reads by grade 3.", "--check-in", "2027-02-01"]
    assert main(argv) == 0
    assert main(["district", "export-expectations", str(desk), "-o", str(tmp_path / "pine")]) == 0
    return tmp_path / "pine.sipexpect"


def test_the_pack_holds_the_districts_expectations_and_rubric(pack: Path) -> None:
    data = json.loads(pack.read_text(encoding="utf-8"))
    assert (data["format"], data["version"], data["district"]) == (
        "sipdesk-expectations",
        1,
        "Pine County Schools",
    )
    assert data["timeline"] == {
        "first_draft_due": "2026-10-01",
        "feedback_by": "2026-11-01",
        "final_due": "2027-01-15",
        "check_ins": ["2027-02-01"],
    }
    assert data["readiness_profile"] == "illinois"
    assert data["goals"] == ["Every child reads by grade 3."]
    assert data["rubric"]["criteria"][0]["key"] == "goals"  # the default rubric
    read = read_pack(pack)
    assert len(read.rubric) == len(data["rubric"]["criteria"])
    assert deadline_lines(read, dt.date(2027, 1, 3)) == [
        "First draft due 1 Oct 2026 (94 days ago)",
        "District feedback by 1 Nov 2026 (63 days ago)",
        "Final plan due 15 Jan 2027 (12 days left)",
        "Check-in 1 Feb 2027 (29 days left)",
    ]
    assert next_deadline(read, dt.date(2027, 1, 15)) == "Final plan due 15 Jan 2027 (today)"
    assert next_deadline(read, dt.date(2027, 3, 1)) == ""


def test_the_school_takes_the_pack_and_check_uses_it(
    tmp_path: Path, pack: Path, private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "riverside.sipdesk"
    sample_plan(plan).close()
    plan_id = _plan_id(plan)
    before = file_state(plan)
    capsys.readouterr()
    assert main(["check", str(plan)]) == 0
    assert "Tool A profile" in capsys.readouterr().out  # the plan's own, before the pack

    assert main(["take-expectations", str(plan), str(pack)]) == 0
    out = capsys.readouterr().out
    assert "Kept the expectations from Pine County Schools with this plan" in out
    assert file_state(plan) == before  # the plan file is not changed
    kept = private_data_dir / "expectations" / f"{plan_id}.json"
    assert json.loads(kept.read_text(encoding="utf-8"))["district"] == "Pine County Schools"
    assert stored_pack(plan_id) == read_pack(pack)

    assert main(["check", str(plan)]) == 1
    out = capsys.readouterr().out
    assert "Deadlines from Pine County Schools:" in out
    assert "Final plan due 15 Jan 2027 (" in out
    assert "Checked against the Illinois (ISBE) profile" in out
    assert main(["check", str(plan), "--profile", "tool-a"]) == 0
    assert "checked against the Tool A profile" in capsys.readouterr().out
    # Taking it again keeps one pack for the plan.
    assert main(["take-expectations", str(plan), str(pack)]) == 0
    assert list((private_data_dir / "expectations").iterdir()) == [kept]


def _huge(path: Path) -> None:
    path.write_bytes(b" " * (MAX_PACK_BYTES + 1))


def _deep(path: Path) -> None:
    path.write_bytes(b"[" * 200_000)


def _edit(**changes: Any) -> Any:
    def write(path: Path, base: dict[str, Any]) -> None:
        data = json.loads(json.dumps(base))
        for key, value in changes.items():
            if "." in key:
                outer, inner = key.split(".")
                data[outer][inner] = value
            else:
                data[key] = value
        path.write_text(json.dumps(data), encoding="utf-8")

    return write


HOSTILE: list[tuple[str, Any, str]] = [
    ("too big", _huge, "far larger than any expectations pack"),
    ("deep", _deep, "is not JSON SIP Desk reads"),
    ("not utf-8", lambda p: p.write_bytes(b"\xff\xfe{}"), "is not JSON SIP Desk reads"),
    ("not json", lambda p: p.write_text("hello", encoding="utf-8"), "is not JSON"),
    ("long number", lambda p: p.write_text('{"version": ' + "9" * 5000 + "}"), "is not JSON"),
    ("another json", lambda p: p.write_text("{}", encoding="utf-8"), "is not a district's"),
    ("folder", lambda p: p.mkdir(), "could not be found, or is not a file"),
    ("newer", _edit(version=2), "made by a newer SIP Desk"),
    ("no version", _edit(version="1"), "does not say which version"),
    ("bad date", _edit(**{"timeline.final_due": "15/01/2027"}), "the final due is not a date"),
    ("odd date", _edit(**{"timeline.check_ins": [20270101]}), "a check-in date is not a date"),
    ("profile", _edit(readiness_profile="texas"), "“texas” is one this SIP Desk does not know"),
    ("goals", _edit(goals=["x" * 501]), "the district goals are not a list"),
    ("goal kind", _edit(goals={"a": 1}), "the district goals are not a list"),
    ("name", _edit(district=["x"]), "the district's name is missing"),
    ("rubric", _edit(rubric={"criteria": [{"key": "Bad Key"}]}), "needs a short key"),
    ("timeline", _edit(timeline=[]), "the timeline is missing"),
]


@pytest.mark.parametrize(("case", "make", "words"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_a_hostile_pack_is_refused_with_a_sentence_and_nothing_is_kept(
    tmp_path: Path,
    pack: Path,
    private_data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    case: str,
    make: Any,
    words: str,
) -> None:
    plan = tmp_path / "riverside.sipdesk"
    sample_plan(plan).close()
    bad = tmp_path / "bad.sipexpect"
    base = json.loads(pack.read_text(encoding="utf-8"))
    if make.__code__.co_argcount == 2:
        make(bad, base)
    else:
        make(bad)
    before = file_state(plan)
    capsys.readouterr()
    assert main(["take-expectations", str(plan), str(bad)]) == 2
    said = _sentence(capsys.readouterr().err)
    assert words in said and "bad.sipexpect" in said, said
    assert not (private_data_dir / "expectations").exists()
    assert file_state(plan) == before


def test_a_plan_file_given_as_the_pack_is_refused(
    tmp_path: Path, private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "riverside.sipdesk"
    sample_plan(plan).close()
    capsys.readouterr()
    assert main(["take-expectations", str(plan), str(plan)]) == 2
    assert "is not a district's expectations pack" in _sentence(capsys.readouterr().err)
    assert not (private_data_dir / "expectations").exists()


def test_a_kept_pack_that_no_longer_reads_is_left_out(
    tmp_path: Path, pack: Path, private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "riverside.sipdesk"
    sample_plan(plan).close()
    assert main(["take-expectations", str(plan), str(pack)]) == 0
    kept = private_data_dir / "expectations" / f"{_plan_id(plan)}.json"
    kept.write_text("{broken", encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(plan)]) == 0
    out = capsys.readouterr().out
    assert "deadlines" not in out and "Tool A profile" in out


def test_a_plan_from_before_plan_ids_is_asked_to_be_opened_first(
    tmp_path: Path, pack: Path, private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.sipdesk"
    old.write_bytes(
        (Path(__file__).resolve().parent.parent / "fixtures" / "plan-v5.sipdesk").read_bytes()
    )
    before = file_state(old)
    capsys.readouterr()
    assert main(["take-expectations", str(old), str(pack)]) == 2
    assert "has no plan id yet; open it in SIP Desk once" in _sentence(capsys.readouterr().err)
    assert not (private_data_dir / "expectations").exists()
    assert file_state(old) == before
