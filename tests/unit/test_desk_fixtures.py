"""The frozen desks in tests/fixtures are what ``make_desk_fixture`` builds.

The committed files are never rebuilt (the upgrade tests start from them); this builds each
version into a temporary folder and compares what its tables hold, row by row, and its header
(desk schema version, application id) with the committed file. Bytes may differ (SQLite page
layout), contents may not. The received plans are copied from the committed file (no table can
hold them; see make_desk_fixture.py), so for them this checks the copy and their sums.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from sipdesk.district.schema import DESK_APPLICATION_ID
from tests.fixtures.contents import file_contents
from tests.fixtures.make_desk_fixture import RECEIVED_TABLES, VERSIONS, build, file_name

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize("number", sorted(VERSIONS))
def test_builder_makes_what_the_frozen_desk_holds(number: int, tmp_path: Path) -> None:
    built = tmp_path / file_name(number)
    build(number, built)
    frozen = file_contents(FIXTURES / file_name(number))
    assert file_contents(built) == frozen
    assert (frozen["user_version"], frozen["application_id"]) == (number, DESK_APPLICATION_ID)
    # The comparison is not between two empty desks, nor only of what was copied.
    assert frozen["plan_versions"][1] and frozen["reviews"][1]
    assert set(RECEIVED_TABLES) & set(frozen) and len(frozen) > 2 + len(RECEIVED_TABLES)


def test_received_plans_must_match_their_sums(tmp_path: Path) -> None:
    """The received plans are copied only from a desk of the same version whose plans have the
    sums VERSIONS names."""
    with pytest.raises(ValueError, match="desk schema 4, not 3"):
        build(3, tmp_path / file_name(3), received_from=FIXTURES / file_name(4))
    altered = tmp_path / "altered.sipdistrict"
    shutil.copyfile(FIXTURES / file_name(3), altered)
    conn = sqlite3.connect(altered)
    (data,) = conn.execute("SELECT data FROM plan_version_parts WHERE version_id = 2").fetchone()
    conn.execute("UPDATE plan_version_parts SET data = ? WHERE version_id = 2", (data + b"\0",))
    conn.commit()
    conn.close()
    with pytest.raises(ValueError, match="did not receive the plan version 2"):
        build(3, tmp_path / file_name(3), received_from=altered)


def test_every_frozen_desk_has_its_entry() -> None:
    frozen = sorted(
        int(path.stem.removeprefix("desk-v")) for path in FIXTURES.glob("desk-v*.sipdistrict")
    )
    assert frozen == sorted(VERSIONS), (
        "each frozen desk-vN.sipdistrict needs its entry in VERSIONS in make_desk_fixture.py"
    )
