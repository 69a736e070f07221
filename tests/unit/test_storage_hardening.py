"""Storage hardening (issue #9): failed opens, long names, shared-folder locks, backups,
messages and the command line's private copies."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sipdesk.models import CoreValue, PlanProfile
from sipdesk.storage import PlanDocument
from tests.plans import file_state
from tests.unit.helpers.cli import sipdesk


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


# --------------------------------------------------------------- the longest legal names
def _longest_name(suffix: str) -> str:
    """A file name of exactly 255 bytes in UTF-8 (the most most file systems allow)."""
    room = 255 - len(suffix.encode())
    name = "学" * (room // 3) + "a" * (room % 3) + suffix
    assert len(name.encode()) == 255
    return name


def test_the_longest_legal_names_can_be_created_imported_exported_and_saved(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    plan = _longest_name(".sipdesk")
    # new
    result = sipdesk("new", plan, "--school", "Hillcrest", cwd=folder)
    assert result.returncode == 0, result.stderr
    # export, in every format
    for suffix in (".json", ".csv", ".pdf"):
        result = sipdesk("export", plan, "-o", _longest_name(suffix), cwd=folder)
        assert result.returncode == 0, result.stderr
    # import (from a JSON file whose name is as long, into a plan whose name is as long)
    imported = _longest_name(".sipdesk").replace("a", "b")
    result = sipdesk("import", _longest_name(".json"), "-o", imported, cwd=folder)
    assert result.returncode == 0, result.stderr
    # write-back after an edit
    doc = PlanDocument.open(folder / plan)
    try:
        with doc.transaction() as session:
            session.add(CoreValue(text="Kindness", position=0))
        assert doc.writeback()
    finally:
        doc.close()
    with sqlite3.connect(folder / plan) as conn:
        assert conn.execute("SELECT text FROM core_values").fetchall() == [("Kindness",)]
    # and nothing but the files asked for is left in the folder
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [plan, imported] + [_longest_name(s) for s in (".json", ".csv", ".pdf")]
    )


def test_leftover_temp_files_of_either_naming_are_cleaned_up(tmp_path: Path) -> None:
    from sipdesk.storage.document import _temp_stem

    folder = tmp_path / "plans"
    folder.mkdir()
    plan = folder / "Tidy.sipdesk"
    PlanDocument.create(plan, _seed).close()
    new_style = folder / f"{_temp_stem(plan)}0a1b2c.tmp"
    old_style = folder / ".Tidy.sipdesk.sipdesk-save-deadbeef.tmp"
    other_plan = folder / f"{_temp_stem(folder / 'Other.sipdesk')}0a1b2c.tmp"
    for leftover in (new_style, old_style, other_plan):
        leftover.write_bytes(b"half a plan")
    PlanDocument.open(plan).close()
    assert sorted(p.name for p in folder.iterdir()) == sorted(["Tidy.sipdesk", other_plan.name])


# --------------------------------------------------------------- backups cut short
def test_partial_backups_are_neither_offered_nor_counted(tmp_path: Path) -> None:
    from sipdesk.storage.document import KEEP_BACKUPS, backup_folder

    folder = tmp_path / "plans"
    folder.mkdir()
    plan = folder / "Backed up.sipdesk"
    doc = PlanDocument.create(plan, _seed)
    try:
        good = [doc.backup() for _ in range(KEEP_BACKUPS)]
        # Given a kill during a backup (as older versions left them): a 0-byte file, a
        # truncated one and an orphan journal, all newer than every good backup
        backups = backup_folder(plan)
        empty = backups / "29991231-235958-000000-closed.sipdesk"
        empty.write_bytes(b"")
        cut = backups / "29991231-235959-000000-closed.sipdesk"
        cut.write_bytes(good[-1].read_bytes()[:3000])
        orphan = backups / "20000101-000000-000000-closed.sipdesk-journal"
        orphan.write_bytes(b"\xd9\xd5\x05\xf9 \xa1c\xd7")
        # Then neither is offered for restoring
        assert doc.backups() == sorted(good, reverse=True)
        # and one more good backup keeps ten good ones, removing the bad files
        newest = doc.backup()
        assert doc.backups() == sorted([*good[1:], newest], reverse=True)
        assert not empty.exists() and not cut.exists() and not orphan.exists()
        assert sorted(backups.glob("*.sipdesk")) == sorted([*good[1:], newest])
    finally:
        doc.close()


def test_a_backup_killed_half_way_has_no_backup_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sipdesk.storage import document as storage
    from sipdesk.storage.document import backup_folder

    folder = tmp_path / "plans"
    folder.mkdir()
    plan = folder / "Killed.sipdesk"
    doc = PlanDocument.create(plan, _seed)
    try:
        before = set(backup_folder(plan).iterdir())

        def killed(source: Path, dest: Path) -> None:
            dest.write_bytes(source.read_bytes()[:1000])
            raise KeyboardInterrupt  # the process dies part-way through

        with monkeypatch.context() as patched, pytest.raises(KeyboardInterrupt):
            patched.setattr(storage, "snapshot", killed)
            doc.backup()
        assert not any(
            p.name.endswith(".sipdesk") for p in set(backup_folder(plan).iterdir()) - before
        )
        assert doc.backups() == []
    finally:
        doc.close()
