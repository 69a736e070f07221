"""Crash safety and the single-writer lock, with real processes killed by SIGKILL."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from sipdesk.models import CoreValue, PlanProfile
from sipdesk.storage import PlanDocument, PlanLockedError
from sipdesk.storage.lock import presence_path
from sipdesk.storage.validate import hardened_connection
from tests.unit.helpers.autosave_child import SLOTS

HELPERS = Path(__file__).resolve().parent / "helpers"
KILLS = int(os.environ.get("SIPDESK_CRASH_KILLS", "100"))


def _seed(session) -> None:  # type: ignore[no-untyped-def]
    session.add(PlanProfile(id=1, school_name="Crash Test Academy"))
    for slot in range(SLOTS):
        session.add(CoreValue(text="", position=slot))


def _start(script: str, *args: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, str(HELPERS / script), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(HELPERS.parent.parent.parent)},
    )
    assert proc.stdout is not None
    first = proc.stdout.readline().strip()
    assert first in ("ready", "holding"), proc.stderr.read() if proc.stderr else first
    return proc


def _read_until(proc: subprocess.Popen[str], wanted: str, times: int = 1) -> list[str]:
    """The child's lines up to and including its ``times``-th line starting with ``wanted``."""
    assert proc.stdout is not None
    lines: list[str] = []
    while times:
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else "the child ended early"
        lines.append(line.strip())
        times -= line.startswith(wanted)
    return lines


def _kill(proc: subprocess.Popen[str]) -> list[str]:
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate()
    return out.split("\n")


def _interrupted_write_back(plan: Path) -> bool:
    """True when the kill landed inside a write-back (before reopening tidies it away).

    Signs: a temp file beside the plan (killed between temp and rename), a snapshot in the
    working folder (killed while snapshotting), or a write-back recorded as pending in the
    working folder's state (killed between snapshot and bookkeeping).
    """
    # (the killed process's presence file, ``.~lock.<name>#``, is there after every kill)
    if any(p.name not in (plan.name, presence_path(plan).name) for p in plan.parent.iterdir()):
        return True
    for workdir in (Path(os.environ["SIPDESK_DATA_DIR"]) / "working").glob("*"):
        if any(workdir.glob("snapshot-*.tmp")):
            return True
        try:
            state = json.loads((workdir / "state.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if state.get("pending_sha256"):
            return True
    return False


@pytest.mark.slow
def test_kill_minus_nine_during_autosaves_never_loses_an_acknowledged_edit(
    tmp_path: Path,
) -> None:
    # Given a plan that a process keeps editing and writing back
    (tmp_path / "plans").mkdir()
    plan = tmp_path / "plans" / "Crash Test.sipdesk"
    PlanDocument.create(plan, _seed).close()
    rng = random.Random(20261122)
    acked: set[int] = set()
    start = 0
    for _ in range(KILLS):
        proc = _start("autosave_child.py", str(plan), str(start))
        # When it is killed at a random point: after a random number of acknowledged edits,
        # in the next edit or the write-back that follows every other one
        lines = _read_until(proc, "ack ", rng.randint(1, 8)) + _kill(proc)
        acked |= {int(line.split()[1]) for line in lines if line.startswith("ack ")}
        start = max(acked, default=start) + 1 if acked else start
        start += 1000  # keep numbers unique even for edits that were never acknowledged

        # Then the document on disk is always a complete, valid plan
        assert plan.exists()
        with PlanDocument.open(plan, readonly=True) as doc, doc.session() as session:
            assert session.scalar(select(PlanProfile.school_name)) == "Crash Test Academy"
        # and reopening (with recovery) holds every acknowledged edit, integrity ok
        with PlanDocument.open(plan, recover=True) as doc:
            with doc.session() as session:
                slots = dict(session.execute(select(CoreValue.position, CoreValue.text)).all())
            # each acknowledged edit is there, or a later edit of the same slot
            held = {p: int(t.removeprefix("edit-")) if t else -1 for p, t in slots.items()}
            assert all(held[n % SLOTS] >= n for n in acked)
            with hardened_connection(doc.working_path) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # and no temp file is left beside the plan
        assert sorted(p.name for p in plan.parent.iterdir()) == [plan.name]
    assert len(acked) >= KILLS  # the loop really edited


def test_a_kill_inside_a_write_back_loses_nothing_and_leaves_nothing(tmp_path: Path) -> None:
    # Given a process that has made edits and is inside a write-back, its temp file finished
    # but not yet renamed over the plan
    (tmp_path / "plans").mkdir()
    plan = tmp_path / "plans" / "Crash Test.sipdesk"
    PlanDocument.create(plan, _seed).close()
    before = plan.read_bytes()
    proc = _start("autosave_child.py", str(plan), "0", "stop-in-rename")
    lines = _read_until(proc, "renaming")
    # When it is killed there
    lines += _kill(proc)
    acked = [int(line.split()[1]) for line in lines if line.startswith("ack ")]
    assert acked
    # Then the kill really landed inside the write-back, and the plan on disk is the old one
    assert _interrupted_write_back(plan)
    assert plan.read_bytes() == before
    # and reopening recovers every acknowledged edit and tidies the temp file away
    with PlanDocument.open(plan, recover=True) as doc, doc.session() as session:
        texts = set(session.scalars(select(CoreValue.text)))
    assert {f"edit-{n}" for n in acked} <= texts
    assert sorted(p.name for p in plan.parent.iterdir()) == [plan.name]


def test_leftover_temp_files_are_cleaned_up_at_next_open(tmp_path: Path) -> None:
    plan = tmp_path / "Tidy.sipdesk"
    PlanDocument.create(plan, _seed).close()
    leftover = tmp_path / ".Tidy.sipdesk.sipdesk-save-deadbeef.tmp"
    leftover.write_bytes(b"half a plan")
    unrelated = tmp_path / "notes.txt"
    unrelated.write_text("keep me")
    PlanDocument.open(plan).close()
    assert not leftover.exists()
    assert unrelated.exists()


def _working_folders() -> list[Path]:
    return sorted((Path(os.environ["SIPDESK_DATA_DIR"]) / "working").glob("*"))


def test_start_up_sweep_removes_leftovers_of_every_known_plan(tmp_path: Path) -> None:
    from sipdesk.storage import clean_up_at_start

    # Given a plan whose process was killed, leaving a temp file beside it, with no edits
    plans = tmp_path / "plans"
    plans.mkdir()
    plan = plans / "Swept.sipdesk"
    PlanDocument.create(plan, _seed).close()
    _kill(_start("holder_child.py", str(plan)))
    leftover = plans / ".Swept.sipdesk.sipdesk-save-0badf00d.tmp"
    leftover.write_bytes(b"half a plan")
    assert len(_working_folders()) == 1
    # When the next start tidies up
    clean_up_at_start()
    # Then the temp file is gone, and so is the private copy: it had nothing to recover
    assert not leftover.exists()
    assert plan.exists()
    assert _working_folders() == []


def test_after_a_kill_the_copy_outlives_the_tidy_up_and_recovery_is_offered(
    tmp_path: Path,
) -> None:
    from sipdesk.storage import RecoveryAvailableError, clean_up_at_start

    plan = tmp_path / "Kept.sipdesk"
    PlanDocument.create(plan, _seed).close()
    assert _working_folders() == []
    proc = _start("autosave_child.py", str(plan), "0", "never")
    assert [line for line in _read_until(proc, "ack ", 2) + _kill(proc) if "ack " in line]
    clean_up_at_start()
    assert len(_working_folders()) == 1
    with pytest.raises(RecoveryAvailableError):
        PlanDocument.open(plan)
    # and once the work is recovered and the plan closed, the copy goes
    PlanDocument.open(plan, recover=True).close()
    assert _working_folders() == []


def test_second_process_is_refused_and_told_who_holds_the_plan(tmp_path: Path) -> None:
    # Given a plan held open by another process
    plan = tmp_path / "Shared.sipdesk"
    PlanDocument.create(plan, _seed).close()
    holder = _start("holder_child.py", str(plan))
    try:
        # When a second process opens it for editing, it is refused with the holder named
        import getpass
        import socket

        with pytest.raises(PlanLockedError) as caught:
            PlanDocument.open(plan)
        assert socket.gethostname() in str(caught.value)
        assert getpass.getuser() in str(caught.value)
        # but it may still read it
        with PlanDocument.open(plan, readonly=True) as doc:
            assert doc.readonly
    finally:
        _kill(holder)
    # Then once the holder is killed, the lock is free again
    with PlanDocument.open(plan) as doc:
        assert not doc.readonly


def test_recovery_is_offered_and_can_be_declined_without_losing_the_work(tmp_path: Path) -> None:
    from sipdesk.storage import RecoveryAvailableError, list_backups

    plan = tmp_path / "Recover.sipdesk"
    PlanDocument.create(plan, _seed).close()
    proc = _start("autosave_child.py", str(plan), "0", "never")
    lines = _read_until(proc, "ack ", 3) + _kill(proc)
    acked = [line for line in lines if line.startswith("ack ")]
    assert acked
    with pytest.raises(RecoveryAvailableError) as caught:
        PlanDocument.open(plan)
    assert "can be recovered" in str(caught.value)
    PlanDocument.open(plan, recover=False).close()
    kept = [b for b in list_backups(plan) if "unrecovered" in b.name]
    assert kept, "declined work must be kept as a backup"
    with PlanDocument.open(kept[0], readonly=True) as doc, doc.session() as session:
        assert session.scalar(select(CoreValue.text).where(CoreValue.text.like("edit-%")))


def test_the_tidy_up_after_a_plan_opened_at_start_leaves_that_plan_alone(tmp_path: Path) -> None:
    """A plan named on the command line opens first and the tidy-up follows a moment later in
    the same process (issue 12): the open plan's copy and lock stay, and it still saves; the
    copy of a plan no longer open, with nothing to recover, goes."""
    from sipdesk.storage import clean_up_at_start

    other = tmp_path / "Other.sipdesk"
    PlanDocument.create(other, _seed).close()
    _kill(_start("holder_child.py", str(other)))  # leaves a copy with nothing to recover
    plan = tmp_path / "Opened.sipdesk"
    PlanDocument.create(plan, _seed).close()
    doc = PlanDocument.open(plan)
    try:
        assert len(_working_folders()) == 2
        clean_up_at_start()
        assert _working_folders() == [doc.workdir]
        assert doc.working_path.exists()
        with doc.transaction() as session:
            session.add(CoreValue(text="Kindness", position=0))
        assert doc.writeback()
        with pytest.raises(PlanLockedError):
            PlanDocument.open(plan)  # still held: the tidy-up did not let go of its lock
    finally:
        doc.close()
    with PlanDocument.open(plan, readonly=True) as again, again.session() as session:
        assert "Kindness" in [v.text for v in session.query(CoreValue)]
