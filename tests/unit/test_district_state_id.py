"""A school's state school id set on the desk (issue 13): ``sipdesk district set-state-id DESK
SCHOOL ID`` on a desk file and on a desk on a PostgreSQL server alike (``desk_kind``,
tests/district_pg.py); bad input is one sentence and exit 2, nothing changed; a plan that
arrives later with the id joins the school by it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from sipdesk.cli import main
from sipdesk.district.intake import ADDED, intake
from sipdesk.district.models import School
from sipdesk.models import PlanProfile
from sipdesk.storage import PlanDocument
from tests.district_pg import NewDesk
from tests.plans import new_plan


def _ids(new_desk: NewDesk) -> dict[str, str]:
    with new_desk.reopen(readonly=True) as desk, desk.session() as session:
        return {s.name: s.state_school_id for s in session.scalars(select(School))}


def _sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sipdesk: ") and "Traceback" not in err, err
    return lines[0]


def test_a_schools_state_id_is_set_refused_when_taken_and_cleared_on_either_engine(
    new_desk: NewDesk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new_desk(district_name="Linden Valley").close()
    desk = new_desk.target  # a file's path, or the server's address
    assert main(["district", "expect-school", desk, "Oak Hill Middle", "--state-id", "OH-7"]) == 0
    assert main(["district", "expect-school", desk, "Pine Ridge Elementary"]) == 0
    capsys.readouterr()

    assert main(["district", "set-state-id", desk, "pine ridge", "  PR  12 "]) == 0
    assert (
        capsys.readouterr().out.strip() == "Pine Ridge Elementary's state school id is now PR 12."
    )
    assert main(["district", "set-state-id", desk, "Oak Hill Middle", "OH-8"]) == 0
    assert capsys.readouterr().out.strip() == (
        "Oak Hill Middle's state school id is now OH-8 (it was OH-7)."
    )
    assert main(["district", "set-state-id", desk, "Oak Hill Middle", "OH-8"]) == 0
    assert "nothing was changed" in capsys.readouterr().out
    assert _ids(new_desk) == {"Oak Hill Middle": "OH-8", "Pine Ridge Elementary": "PR 12"}

    # Bad input: one sentence, exit 2, nothing changed.
    for school, state_id, words in (
        ("Oak Hill", "pr 12", "Pine Ridge Elementary already has the state school id pr 12"),
        ("Maple Grove", "MG-1", "There is no school called “Maple Grove”"),
        ("Oak Hill", "x" * 61, "longer than 60 characters"),
        ("Oak Hill", "OH\x07", "characters that are not text"),
    ):
        assert main(["district", "set-state-id", desk, school, state_id]) == 2
        assert words in _sentence(capsys.readouterr().err)
    with pytest.raises(SystemExit) as usage:  # bad usage: argparse's own sentence, exit 2
        main(["district", "set-state-id", desk, "Oak Hill"])
    assert usage.value.code == 2
    capsys.readouterr()
    assert _ids(new_desk) == {"Oak Hill Middle": "OH-8", "Pine Ridge Elementary": "PR 12"}

    # A plan sent later under another name joins the school by its state school id.
    plan = tmp_path / "pine.sipdesk"
    new_plan(plan, "Pine Ridge School").close()
    doc = PlanDocument.open(plan, recover=False)
    with doc.transaction() as session:
        session.scalars(select(PlanProfile)).one().state_school_id = "PR 12"
    doc.close()
    with new_desk.reopen() as desk_doc:
        [outcome] = intake(desk_doc, [plan])
    assert (outcome.result, outcome.school) == (ADDED, "Pine Ridge Elementary")

    # "" takes the id off.
    assert main(["district", "set-state-id", desk, "Oak Hill Middle", ""]) == 0
    assert capsys.readouterr().out.strip() == (
        "Oak Hill Middle has no state school id now (it was OH-8)."
    )
    assert _ids(new_desk)["Oak Hill Middle"] == ""
