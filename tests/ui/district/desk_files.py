"""Real desk files for the desk window's tests: plans made from the sample plan and a new plan,
received through the ``sipdesk district new`` and ``add`` commands."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from sipdesk.cli import main
from sipdesk.models import PlanProfile
from sipdesk.models.profile import new_plan_id
from sipdesk.storage import PlanDocument
from tests.plans import new_plan, sample_plan


def variant(
    base: Path, target: Path, school: str, *, same_plan: bool = False, **facts: object
) -> Path:
    """A copy of ``base`` edited through the plan's own document: another school's plan (with
    its own plan id), or with ``same_plan`` a later version of the same plan."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(base, target)
    doc = PlanDocument.open(target, recover=False)
    with doc.transaction() as session:
        row = session.scalars(select(PlanProfile)).one()
        if not same_plan:
            row.plan_id = new_plan_id()
        row.school_name = school
        for key, value in facts.items():
            setattr(row, key, value)
    doc.close()
    return target


def inbox_of_four(folder: Path) -> tuple[Path, Path]:
    """Four schools' plans in ``folder`` / inbox, and a second version of Riverside's beside
    it (in ``folder`` / later): (inbox, the later version)."""
    base = folder / "base" / "sample.sipdesk"
    base.parent.mkdir(parents=True)
    sample_plan(base).close()
    inbox = folder / "inbox"
    variant(
        base,
        inbox / "riverside.sipdesk",
        "Riverside Elementary",
        state_school_id="ST-1",
        status="submitted",
    )
    variant(
        base,
        inbox / "lincoln.sipdesk",
        "Lincoln Elementary",
        state_school_id="ST-2",
        status="approved",
    )
    variant(
        base,
        inbox / "maple.sipdesk",
        "Maple Grove Primary",
        state_school_id="ST-3",
        status="returned",
    )
    new_plan(inbox / "oak-hill.sipdesk", "Oak Hill Middle").close()  # a draft, many findings
    later = variant(
        inbox / "riverside.sipdesk",
        folder / "later" / "riverside v2.sipdesk",
        "Riverside Elementary",
        same_plan=True,
        status="submitted",
        school_year="2027–28",
    )
    return inbox, later


def new_desk(path: Path, district: str = "Riverside Unified") -> Path:
    assert main(["district", "new", str(path), "--name", district]) == 0
    return path


def add_to_desk(desk: Path, *files: Path) -> None:
    assert main(["district", "add", str(desk), *map(str, files)]) in (0, 1)
