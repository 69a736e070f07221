"""Saving, backups, restore, outside changes and a full disk — with real files."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from sipdesk.models import CoreValue, PlanProfile
from sipdesk.storage import ExternalChangeError, PlanDocument, SaveError, list_backups


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


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MB file system, so writes genuinely fail with "no space left"."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


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
    _add(doc, "A long reflection " * 4000)
    with pytest.raises(SaveError) as caught:
        doc.writeback()
    message = str(caught.value)
    assert "no room left on the disk" in message and "Cedar.sipdesk" in message
    assert plan.read_bytes() == before  # the document is untouched
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["Cedar.sipdesk", "filler.bin"]
    # and once there is room again, the edit is still there and saves
    filler.unlink()
    assert doc.writeback() is True
    doc.close()
    assert _values(plan)[0].startswith("A long reflection")
