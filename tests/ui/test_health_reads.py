"""One plan health analysis reads the district's expectations pack kept for the plan once,
though it asks for it twice (whose checklist plan health follows, and the district's next
deadline); an unchanged pack is not read again on the next analysis, and a pack taken again is
(review finding: the pack was read and checked on every ask)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sipdesk.cli import main
from sipdesk.models.plan_types import PlanDoc
from sipdesk.services import expectations_pack
from sipdesk.services.expectations_pack import ExpectationsPack, write_pack
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from sipdesk.ui.panels.analysis import analyse
from tests.plans import sample_plan


def _take(plan: Path, folder: Path, district: str, profile: str) -> None:
    pack = folder / f"{district}.sipexpect"
    write_pack(
        ExpectationsPack(
            district=district,
            first_draft_due=dt.date(2098, 10, 1),
            feedback_by=None,
            final_due=None,
            check_ins=(),
            readiness_profile=profile,
            goals=("Every child reads by grade 3.",),
            rubric=(),
        ),
        pack,
    )
    assert main(["take-expectations", str(plan), str(pack)]) == 0


def _read(plan: Path) -> PlanDoc:
    with PlanDocument.open(plan, readonly=True) as doc, doc.session() as session:
        return read_plan(session)


def test_one_analysis_reads_the_kept_pack_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "Riverside.sipdesk"
    sample_plan(plan).close()
    _take(plan, tmp_path, "Pine County Schools", "illinois")
    doc = _read(plan)

    reads: list[Path] = []
    real = expectations_pack.read_pack

    def counted(path: Path) -> ExpectationsPack:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(expectations_pack, "read_pack", counted)

    first = analyse(doc)
    assert len(reads) == 1
    assert first.template.startswith("Checked against Pine County Schools' requirements")
    assert first.district.startswith("Next from Pine County Schools: First draft due")

    assert analyse(doc) == first  # the kept file is as it was: not read again
    assert len(reads) == 1

    _take(plan, tmp_path, "Linden Valley", "")  # taken again: read afresh, and said
    reads.clear()
    again = analyse(doc)
    assert len(reads) == 1
    assert again.template == ""
    assert again.district.startswith("Next from Linden Valley: First draft due")
