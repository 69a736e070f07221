"""Plan identity (issue 13): every plan carries a plan id, a UUID made with it, kept by
copies, exports and imports, and the district package; each new plan gets one of its own.

Through the real command line and real plan files.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from sqlalchemy import select

from sipdesk.export.district import write_district_files
from sipdesk.export.files import pdf_renderer
from sipdesk.models import PlanProfile
from sipdesk.storage import PlanDocument
from tests.plans import is_plan_id, sample_plan
from tests.unit.helpers.cli import sipdesk

TODAY = dt.date(2026, 9, 14)


def plan_id_of(path: Path) -> str:
    with PlanDocument.open(path, readonly=True) as doc, doc.session() as session:
        return str(session.scalar(select(PlanProfile.plan_id)))


def test_each_new_and_sample_plan_gets_a_plan_id_of_its_own(tmp_path: Path) -> None:
    # When two plans are made new and two from the sample, on the command line
    for args in (
        ("new", "a.sipdesk", "--school", "Oak Hill Elementary"),
        ("new", "b.sipdesk", "--school", "Oak Hill Elementary"),
        ("sample", "c.sipdesk"),
        ("sample", "d.sipdesk"),
    ):
        assert sipdesk(*args, cwd=tmp_path).returncode == 0
    # Then each has a plan id, and no two share one
    ids = [plan_id_of(tmp_path / f"{name}.sipdesk") for name in "abcd"]
    assert all(is_plan_id(i) for i in ids)
    assert len(set(ids)) == 4


def test_export_and_import_keep_the_plan_id(tmp_path: Path) -> None:
    # Given a plan
    assert sipdesk("sample", "Riverside.sipdesk", cwd=tmp_path).returncode == 0
    plan_id = plan_id_of(tmp_path / "Riverside.sipdesk")
    # When it is exported to JSON, then the document carries its id
    assert sipdesk("export", "Riverside.sipdesk", "-o", "plan.json", cwd=tmp_path).returncode == 0
    document = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert document["profile"]["plan_id"] == plan_id
    # and a plan built from that document is the same plan
    built = sipdesk("import", "plan.json", "-o", "Rebuilt.sipdesk", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert plan_id_of(tmp_path / "Rebuilt.sipdesk") == plan_id


def test_a_bad_plan_id_in_json_gets_one_sentence_and_exit_2(tmp_path: Path) -> None:
    assert sipdesk("sample", "Riverside.sipdesk", cwd=tmp_path).returncode == 0
    assert sipdesk("export", "Riverside.sipdesk", "-o", "plan.json", cwd=tmp_path).returncode == 0
    document = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    document["profile"]["plan_id"] = "plan number one"
    (tmp_path / "plan.json").write_text(json.dumps(document), encoding="utf-8")
    result = sipdesk("import", "plan.json", "-o", "Bad.sipdesk", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "profile.plan_id is not a plan id SIP Desk understands" in result.stderr
    assert not (tmp_path / "Bad.sipdesk").exists()


def test_save_a_copy_and_a_plain_file_copy_keep_the_plan_id(tmp_path: Path) -> None:
    # Given a plan being edited
    plan = tmp_path / "Riverside.sipdesk"
    doc = sample_plan(plan)
    try:
        with doc.session() as session:
            plan_id = session.scalar(select(PlanProfile.plan_id))
        with doc.transaction() as session:
            session.scalars(select(PlanProfile)).one().vision = "Every child reads."
        # When a copy is saved (the window's "Save a copy")
        copy = doc.save_copy(tmp_path / "Riverside (copy).sipdesk")
    finally:
        doc.close()
    # and the file is copied as a file
    shutil.copyfile(plan, tmp_path / "Riverside (emailed).sipdesk")
    # Then each copy is the same plan, with the edit
    for path in (copy, tmp_path / "Riverside (emailed).sipdesk"):
        with PlanDocument.open(path, readonly=True) as opened, opened.session() as session:
            profile = session.scalars(select(PlanProfile)).one()
            assert (profile.plan_id, profile.vision) == (plan_id, "Every child reads.")


def test_the_district_package_keeps_the_plan_id(tmp_path: Path) -> None:
    # Given a plan, when its district package is written
    doc = sample_plan(tmp_path / "Riverside.sipdesk")
    folder = tmp_path / "for the district"
    folder.mkdir()
    try:
        with doc.session() as session:
            plan_id = session.scalar(select(PlanProfile.plan_id))
        package = write_district_files(doc, folder, render=pdf_renderer(today=TODAY), today=TODAY)
    finally:
        doc.close()
    # Then the plan file in it is the same plan
    assert is_plan_id(plan_id)
    assert plan_id_of(package.plan_file) == plan_id
