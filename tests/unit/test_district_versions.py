"""Finding a school on the desk by name or plan id, and reading back what it sent.

Given a desk holding two versions of one school's plan and one plan of another school, the
school is found by its name in any case and spacing and by its plan id; a name two schools
share, an unknown name and a version the school never sent each get one sentence; and each
version reads back as the plan it was when it arrived.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sipdesk.district.document import DeskDocument
from sipdesk.district.intake import intake
from sipdesk.district.versions import (
    DeskUsageError,
    find_school,
    read_version,
    version_numbered,
    versions_of,
)
from tests.plans import sample_plan
from tests.unit.test_district_intake import _variant


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    base = tmp_path / "base.sipdesk"
    sample_plan(base).close()
    first = _variant(base, tmp_path / "oak-1.sipdesk", "Oak Hill Elementary", "OH-1")
    second = _variant(
        first,
        tmp_path / "oak-2.sipdesk",
        "Oak Hill Elementary",
        "OH-1",
        same_plan=True,
        school_year="2027–28",
    )
    twin = _variant(base, tmp_path / "twin.sipdesk", "Oak  hill elementary", "OH-2")
    other = _variant(base, tmp_path / "pine.sipdesk", "Pine Ridge Middle", "PR-7")
    path = tmp_path / "county.sipdistrict"
    DeskDocument.create(path, district_name="County").close()
    with DeskDocument.open(path) as doc:
        intake(doc, [first, second, other])
    (tmp_path / "twin-desk").mkdir()
    twin.rename(tmp_path / "twin-desk" / twin.name)
    return path


def test_a_school_is_found_by_its_name_or_its_plan_id_and_reads_back_each_version(
    desk: Path,
) -> None:
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        school = find_school(session, "  OAK hill   Elementary ", doc.path)
        versions = versions_of(session, school)
        assert [v.number for v in versions] == [1, 2]
        assert find_school(session, versions[0].plan_id, doc.path).id == school.id
        first = read_version(session, version_numbered(session, school, 1, doc.path), doc.path)
        second = read_version(session, versions[1], doc.path)
    assert first["profile"]["school_name"] == "Oak Hill Elementary"
    assert first["profile"]["school_year"] != "2027–28"
    assert second["profile"]["school_year"] == "2027–28"
    assert first["profile"]["plan_id"] == second["profile"]["plan_id"]


def test_what_the_desk_does_not_have_gets_one_sentence(desk: Path) -> None:
    with DeskDocument.open(desk) as doc:
        intake(doc, [desk.parent / "twin-desk"])
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        with pytest.raises(DeskUsageError, match="no school called “Maple”"):
            find_school(session, "Maple", doc.path)
        with pytest.raises(DeskUsageError, match="2 schools on this desk are called"):
            find_school(session, "oak hill elementary", doc.path)
        pine = find_school(session, "pine ridge", doc.path)
        assert pine.name == "Pine Ridge Middle"
        with pytest.raises(DeskUsageError, match=r"could be any of 3 schools \(Oak Hill"):
            find_school(session, "i", doc.path)
        with pytest.raises(DeskUsageError, match="has no version 4 on this desk; it has only"):
            version_numbered(session, pine, 4, doc.path)
        with pytest.raises(DeskUsageError, match="Please name a school"):
            find_school(session, "   ", doc.path)
