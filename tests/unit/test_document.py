"""Saving, backups, restore, outside changes and a full disk — with real files."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from sipdesk.models import CoreValue, PlanProfile
from sipdesk.storage import (
    ExternalChangeError,
    PlanDocument,
    PlanLockedError,
    SaveError,
    clean_up_at_start,
    list_backups,
)
from sipdesk.storage.lock import presence_path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HELPERS = Path(__file__).resolve().parent / "helpers"


def _seed(session) -> None:  # type: ignore[no-untyped-def]
    session.add(PlanProfile(id=1, school_name="Cedar Park"))


def _values(path: Path) -> list[str]:
    with PlanDocument.open(path, readonly=True) as doc, doc.session() as session:
        return list(session.scalars(select(CoreValue.text).order_by(CoreValue.position)))


def _add(doc: PlanDocument, text: str) -> None:
    with doc.transaction() as session:
        session.add(CoreValue(text=text, position=len(text)))


def test_edits_reach_the_document_only_on_write_back(tmp_path: Path) -> None:
    plan = tmp_path / "Cedar.sipdesk"
    doc = PlanDocument.create(plan, _seed)
    before = plan.read_bytes()
    _add(doc, "Respect")
    assert doc.dirty
    assert plan.read_bytes() == before  # the user's file is never edited in place
    assert doc.writeback() is True
    assert not doc.dirty
    assert doc.writeback() is False  # nothing new to write
    assert _values(plan) == ["Respect"]
    doc.close()
    # the written file is self-contained: no journal mode that needs side files
    assert plan.read_bytes()[18:20] == b"\x01\x01"


def test_close_writes_back_and_keeps_a_backup(tmp_path: Path) -> None:
    plan = tmp_path / "Cedar.sipdesk"
    doc = PlanDocument.create(plan, _seed)
    _add(doc, "Joy")
    doc.close()
    assert _values(plan) == ["Joy"]
    assert any(b.name.endswith("-closed.sipdesk") for b in list_backups(plan))


def test_restore_from_backup_brings_back_the_old_plan(tmp_path: Path) -> None:
    plan = tmp_path / "Cedar.sipdesk"
    doc = PlanDocument.create(plan, _seed)
    _add(doc, "Before")
    backup = doc.backup("manual")
    _add(doc, "After")
    doc.restore(backup)
    with doc.session() as session:
        assert list(session.scalars(select(CoreValue.text))) == ["Before"]
    doc.close()
    assert _values(plan) == ["Before"]
    # the state just before the restore was kept too
    assert any("before-restore" in b.name for b in list_backups(plan))


def test_someone_else_changing_the_file_is_not_overwritten_silently(tmp_path: Path) -> None:
    plan = tmp_path / "Cedar.sipdesk"
    doc = PlanDocument.create(plan, _seed)
    _add(doc, "Mine")
    # Someone else's program saves a change into the same file (e.g. in a shared folder)
    conn = sqlite3.connect(plan)
    conn.execute("UPDATE plan_profile SET school_name = 'Changed elsewhere'")
    conn.commit()
    conn.close()
    theirs = plan.read_bytes()
    with pytest.raises(ExternalChangeError) as caught:
        doc.writeback()
    assert "changed by someone else" in str(caught.value)
    assert plan.read_bytes() == theirs
    copy = doc.save_copy(tmp_path / "Cedar (my version).sipdesk")
    assert _values(copy) == ["Mine"]
    assert doc.writeback(force=True) is True
    assert _values(plan) == ["Mine"]
    doc.close()


def test_a_full_disk_gets_a_plain_message_and_loses_nothing(
    tmp_path: Path, tiny_disk: Path
) -> None:
    plan = tiny_disk / "Cedar.sipdesk"
    doc = PlanDocument.create(plan, _seed)
    before = plan.read_bytes()
    # Fill the disk, then make an edit large enough that the plan no longer fits
    filler = tiny_disk / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass  # the disk is full now
    finally:
        os.close(fd)
    for _ in range(4):  # each within the longest text a field may hold
        _add(doc, "A long reflection " * 1000)
    with pytest.raises(SaveError) as caught:
        doc.writeback()
    message = str(caught.value)
    assert "no room left on the disk" in message and "Cedar.sipdesk" in message
    assert plan.read_bytes() == before  # the document is untouched
    # (beside it only the note saying who has it open, there while it is open)
    assert sorted(p.name for p in tiny_disk.iterdir()) == sorted(
        ["Cedar.sipdesk", "filler.bin", presence_path(plan).name]
    )
    # and once there is room again, the edit is still there and saves
    filler.unlink()
    assert doc.writeback() is True
    doc.close()
    assert _values(plan)[0].startswith("A long reflection")


# --------------------------------------------------------------------- one file, many names
needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")


@needs_symlinks
def test_a_symlink_to_an_open_plan_is_refused_by_the_same_lock(tmp_path: Path) -> None:
    plan = tmp_path / "real" / "Cedar.sipdesk"
    plan.parent.mkdir()
    PlanDocument.create(plan, _seed).close()
    link = tmp_path / "Shortcut.sipdesk"
    link.symlink_to(plan)
    with PlanDocument.open(plan) as doc:
        assert not doc.readonly
        with pytest.raises(PlanLockedError):
            PlanDocument.open(link)
    # and opened the other way round the plan's one lock still holds
    with PlanDocument.open(link), pytest.raises(PlanLockedError):
        PlanDocument.open(plan)


def test_a_dot_dot_path_to_an_open_plan_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "real" / "Cedar.sipdesk"
    (tmp_path / "real").mkdir()
    (tmp_path / "other").mkdir()
    PlanDocument.create(plan, _seed).close()
    with PlanDocument.open(tmp_path / "other" / ".." / "real" / "Cedar.sipdesk"):
        with pytest.raises(PlanLockedError):
            PlanDocument.open(plan)
        cwd = os.getcwd()
        os.chdir(tmp_path / "other")
        try:
            with pytest.raises(PlanLockedError):
                PlanDocument.open(Path("..") / "real" / "Cedar.sipdesk")
        finally:
            os.chdir(cwd)


@needs_symlinks
def test_writing_back_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    plan = tmp_path / "real" / "Cedar.sipdesk"
    plan.parent.mkdir()
    PlanDocument.create(plan, _seed).close()
    link = tmp_path / "Shortcut.sipdesk"
    link.symlink_to(plan)
    with PlanDocument.open(link) as doc:
        _add(doc, "Through the link")
        assert doc.writeback() is True
        doc.save_copy(link)  # a copy saved over the link also lands in the real file
    assert link.is_symlink() and link.resolve() == plan.resolve()
    assert _values(plan) == ["Through the link"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "Shortcut.sipdesk",
        "real",
        "sipdesk-data",
    ]
    assert sorted(p.name for p in plan.parent.iterdir()) == ["Cedar.sipdesk"]
    # a new plan created over the link (overwrite) also goes to the real file
    PlanDocument.create(link, _seed, overwrite=True).close()
    assert link.is_symlink() and _values(plan) == []


# --------------------------------------------------------------------- the start-up sweep
def _private_folders(data: Path, kind: str) -> list[Path]:
    return sorted(p for p in (data / kind).glob("*") if p.is_dir())


def test_start_up_sweep_leaves_live_read_only_copies_alone(
    tmp_path: Path, private_data_dir: Path
) -> None:
    plan = tmp_path / "Cedar.sipdesk"
    PlanDocument.create(plan, _seed).close()
    # Given a plan open read-only here, and in another process that is still running
    mine = PlanDocument.open(plan, readonly=True)
    holder = subprocess.Popen(
        [sys.executable, str(HELPERS / "holder_child.py"), str(plan), "readonly"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(HELPERS.parent.parent.parent)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        # and the leftovers of a read-only window and a new plan whose processes were killed
        for kind in ("readonly", "new"):
            dead = private_data_dir / kind / "0123456789abcdef"
            dead.mkdir(parents=True)
            (dead / "plan.sqlite").write_bytes(b"left behind")
            (private_data_dir / kind / "0123456789abcdef.lock").write_text("{}")
        (private_data_dir / "readonly" / "from-an-older-version").mkdir()
        live = _private_folders(private_data_dir, "readonly")
        assert len(live) == 4
        # When another window starts and sweeps
        clean_up_at_start()
        # Then only the dead folders went; both live copies still work
        left = _private_folders(private_data_dir, "readonly")
        assert len(left) == 2 and mine.workdir in left
        assert _private_folders(private_data_dir, "new") == []
        with mine.session() as session:
            assert session.scalar(select(PlanProfile.school_name)) == "Cedar Park"
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate()
        mine.close()
    # Once the other process is gone its copy is swept too, and nothing else is left
    clean_up_at_start()
    assert _private_folders(private_data_dir, "readonly") == []
    assert list((private_data_dir / "readonly").iterdir()) == []


# --------------------------------------------------------------------- backups kept
def test_the_backup_before_an_upgrade_outlives_the_rolling_ten(tmp_path: Path) -> None:
    plan = tmp_path / "Maple Grove.sipdesk"
    shutil.copyfile(FIXTURES / "plan-v1.sipdesk", plan)
    with PlanDocument.open(plan) as doc:  # migrated: a backup of the original is kept
        assert doc.notice and "earlier SIP Desk" in doc.notice
        for n in range(14):
            _add(doc, f"Value {n}")
            doc.backup("snapshot")
    names = [b.name for b in list_backups(plan)]
    upgrade = [n for n in names if "before-upgrade-from-v1" in n]
    assert len(upgrade) == 1
    assert len(names) == 11  # the ten newest, plus the one from before the upgrade
    assert names[0].endswith("-closed.sipdesk")
    # and the kept original is the version-1 file, as it was
    assert (
        (list_backups(plan)[names.index(upgrade[0])]).read_bytes()
        == (FIXTURES / "plan-v1.sipdesk").read_bytes()
    )
