"""A plan's private working folder: taken under its lock, its record of the document as last
read or written, the evidence of unsaved work, and the start-up sweep of what killed sessions
left behind."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from pathlib import Path

from sipdesk.digests import sha256
from sipdesk.paths import data_dir_location
from sipdesk.storage.errors import PlanFileError, PrivateFolderError
from sipdesk.storage.lock import PlanLock
from sipdesk.storage.private_folder import (
    _key,
    _private,
    _private_use,
    _real,
    _remove_if_abandoned,
)
from sipdesk.storage.writeback import clean_temp_files


def _take_working_folder(path: Path, shown: Path) -> tuple[Path, PlanLock]:
    """The plan's private working folder, with its lock held (PlanLockedError if taken).

    :func:`forget_working_copy` may remove the folder and its lock file at the same moment;
    a lock taken on a file that was just removed is worth nothing, so then try again.
    """
    for attempt in range(5):
        workdir = _private("working", _key(path), about=shown)
        lock = PlanLock(workdir / "lock", shown)
        try:
            with _private_use(shown):
                lock.acquire()
        except PrivateFolderError:
            if attempt < 4 and not (workdir / "lock").exists():
                continue
            raise
        if lock.still_linked() or attempt == 4:
            return workdir, lock
        lock.release()
    raise AssertionError("unreachable")  # pragma: no cover


def forget_working_copy(document: Path | str) -> None:
    """Remove the private working folder of ``document`` if it holds nothing worth keeping.

    For the command line, which opens a plan only for a moment: nothing of it should stay in
    the private folder. A folder in use (its lock held) or holding unsaved work is left alone.
    """
    workdir = data_dir_location() / "working" / _key(_real(document))
    if not workdir.is_dir():
        return
    lock = PlanLock(workdir / "lock", Path(document))
    try:
        lock.acquire()
    except (PlanFileError, OSError):
        return  # open in a window right now (or the folder cannot be used)
    try:
        if not _has_work_to_recover(workdir):
            _empty_working_folder(workdir, lock)
    finally:
        lock.release()


def _has_work_to_recover(workdir: Path) -> bool:
    """Whether a working folder holds edits that never reached the document (the same test
    opening uses to offer recovery)."""
    return (workdir / "dirty").exists() and (workdir / "plan.sqlite").exists()


def _empty_working_folder(workdir: Path, lock: PlanLock) -> None:
    """Remove a working folder whose ``lock`` we hold (the caller releases it afterwards)."""
    with contextlib.suppress(OSError):
        for entry in workdir.iterdir():
            if entry.name != "lock":
                entry.unlink()
        # removed while still held: anyone opening it meanwhile sees that and retries
        lock.lock_path.unlink()
        workdir.rmdir()


def _checkpointed(working: Path) -> Path:
    """Fold the working copy's WAL into it so it can be checked as one file."""
    conn = sqlite3.connect(working)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return working


def _edited_at(working: Path) -> str:
    times = [p.stat().st_mtime for p in working.parent.glob("plan.sqlite*")]
    return dt.datetime.fromtimestamp(max(times)).strftime("%d %b %Y, %H:%M")


def _state_path(workdir: Path) -> Path:
    return workdir / "state.json"


def _sha256(path: Path) -> str:
    digest = sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _write_state(workdir: Path, document: Path, digest: str | None = None) -> None:
    """Remember the document as we last read or wrote it (stamp and content hash)."""
    st = document.stat()
    _save_state(
        workdir,
        {
            "document": str(document),
            "mtime_ns": st.st_mtime_ns,
            "size": st.st_size,
            "sha256": digest or _sha256(document),
        },
    )


def _save_state(workdir: Path, state: dict[str, object]) -> None:
    temp = workdir / "state.json.tmp"
    with open(temp, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(state))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, _state_path(workdir))


def _read_state(workdir: Path) -> dict[str, object]:
    try:
        data = json.loads(_state_path(workdir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def clean_up_at_start() -> None:
    """Tidy what killed sessions left behind, for every plan this user has had open.

    Removes temp files beside documents whose write-back was interrupted, private read-only
    copies and half-built new plans of sessions that have ended, and the working copies of plans
    that are no longer open. Working copies with unsaved edits are kept: opening their plan
    offers recovery. Whatever another live window or command is using (its lock is held) is
    left alone.
    """
    root = data_dir_location()
    for kind in ("readonly", "new"):
        parent = root / kind
        try:
            entries = [entry.name for entry in parent.iterdir()]
        except OSError:
            continue
        names = {name.removesuffix(".lock") for name in entries}
        for name in sorted(names):
            _remove_if_abandoned(parent / name, parent / f"{name}.lock")
    for workdir in (root / "working").glob("*"):
        state = _read_state(workdir)
        document = state.get("document")
        if not isinstance(document, str):
            continue
        lock = PlanLock(workdir / "lock", Path(document))
        try:
            lock.acquire()
        except (PlanFileError, OSError):
            continue  # open elsewhere right now (or the folder cannot be used)
        try:
            clean_temp_files(Path(document))
            if _has_work_to_recover(workdir):
                for stale in workdir.glob("*.tmp"):
                    with contextlib.suppress(OSError):
                        stale.unlink(missing_ok=True)
            else:  # not open and nothing to recover: its copy is of no use to anyone
                _empty_working_folder(workdir, lock)
        finally:
            lock.release()
