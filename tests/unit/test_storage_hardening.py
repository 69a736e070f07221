"""Storage hardening (issue #9): failed opens, long names, shared-folder locks, backups,
messages and the command line's private copies."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sipdesk.models import CoreValue, PlanProfile
from sipdesk.storage import PlanDocument
from tests.plans import file_state


def _seed(session) -> None:  # type: ignore[no-untyped-def]
    session.add(PlanProfile(id=1, school_name="Hillcrest Middle School"))


def _migrated_plan(tmp_path: Path) -> Path:
    """A plan of the first schema version (opening it upgrades the private copy)."""
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    folder = tmp_path / "plans"
    folder.mkdir(exist_ok=True)
    path = folder / "Old plan.sipdesk"
    path.write_bytes((fixtures / "plan-v1.sipdesk").read_bytes())
    return path


# --------------------------------------------------------------- a failed open lets go
def test_discarding_a_document_releases_it_and_leaves_the_file_alone(tmp_path: Path) -> None:
    # Given an old plan opened for editing (upgraded on the private copy, not yet written)
    path = _migrated_plan(tmp_path)
    before = file_state(path)
    doc = PlanDocument.open(path)
    assert doc.dirty
    # When the window cannot show it and lets it go
    doc.discard()
    # Then the file is untouched, and it opens again at once, with no recovery offered
    assert file_state(path) == before
    again = PlanDocument.open(path)
    try:
        assert not again.readonly
        with again.transaction() as session:
            session.add(CoreValue(text="Kindness", position=0))
    finally:
        again.close()
    assert sqlite3.connect(path).execute("SELECT count(*) FROM core_values").fetchone()[0] >= 1
