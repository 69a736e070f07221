"""The frozen plans in tests/fixtures are what ``make_plan_fixture`` builds.

The committed files are never rebuilt (the migration tests start from them); this builds each
version into a temporary folder and compares what its tables hold, row by row, with the
committed file. Bytes may differ (SQLite page layout), contents may not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.contents import file_contents
from tests.fixtures.make_plan_fixture import VERSIONS, build, file_name

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize("number", sorted(VERSIONS))
def test_builder_makes_what_the_frozen_plan_holds(number: int, tmp_path: Path) -> None:
    built = tmp_path / file_name(number)
    build(number, built)
    frozen = file_contents(FIXTURES / file_name(number))
    assert file_contents(built) == frozen
    assert frozen["plan_profile"][1]  # the comparison is not between two empty plans


def test_every_frozen_plan_has_its_entry() -> None:
    frozen = sorted(
        int(path.stem.removeprefix("plan-v")) for path in FIXTURES.glob("plan-v*.sipdesk")
    )
    assert frozen == sorted(VERSIONS), (
        "each frozen plan-vN.sipdesk needs its entry in VERSIONS in make_plan_fixture.py"
    )
