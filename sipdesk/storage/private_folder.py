"""SIP Desk's private data folder: plans' private names, claimed folders, and the sentence
for a failure inside it (see DESIGN.md, "The plan file")."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sipdesk.digests import random_hex, sha256
from sipdesk.paths import data_dir_location
from sipdesk.storage.errors import PlanFileError, PlanLockedError, PrivateFolderError
from sipdesk.storage.lock import PlanLock


def _key(path: Path) -> str:
    """The private name of a plan: from its real path, so every way of naming it agrees."""
    text = os.path.normcase(str(path))
    return sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _real(path: Path | str) -> Path:
    """``path`` made absolute with symbolic links and ``..`` resolved."""
    return Path(path).expanduser().resolve()


def _private_folder_error(
    exc: OSError, about: Path | None, done: str = "opened"
) -> PrivateFolderError:
    root = data_dir_location()
    reason = exc.strerror or "unknown problem"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = "the disk is full"
    tail = f", so “{about.name}” could not be {done}" if about is not None else ""
    return PrivateFolderError(
        root,
        f"SIP Desk cannot use its private folder “{root}” ({reason}){tail}; check that "
        "folder, or set SIPDESK_DATA_DIR to a folder you can write to.",
    )


def _as_os_error(exc: sqlite3.Error) -> OSError:
    """SQLite's failure as the disk problem it stands for (its own text is not for people)."""
    if "full" in str(exc).lower():
        return OSError(errno.ENOSPC, "the disk is full")
    return OSError(errno.EIO, "it could not be written")


@contextlib.contextmanager
def _private_use(about: Path | None, done: str = "opened") -> Iterator[None]:
    """Turn a failure inside SIP Desk's private folder into one sentence naming it."""
    try:
        yield
    except OSError as exc:
        raise _private_folder_error(exc, about, done) from None


def _private(*parts: str, about: Path | None = None, done: str = "opened") -> Path:
    """A folder inside the private data folder, created if needed."""
    with _private_use(about, done):
        folder = data_dir_location().joinpath(*parts)
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def _claim_folder(kind: str, about: Path, done: str = "opened") -> tuple[Path, PlanLock]:
    """A fresh private folder under ``kind``, with a lock beside it held while it is in use.

    The lock is taken before the folder exists and dropped after it is gone, so the start-up
    sweep can tell a live window's folder (lock held) from a killed one's (lock free).
    """
    parent = _private(kind, about=about, done=done)
    with _private_use(about, done):
        for _attempt in range(5):
            name = random_hex()
            lock = PlanLock(parent / f"{name}.lock", about)
            try:
                lock.acquire()
            except PlanLockedError:
                # The start-up sweep is probing this brand-new lock: take another name.
                if _attempt == 4:
                    raise
                continue
            # A sweep may have taken and removed the new lock file before we locked it.
            if lock.still_linked() or _attempt == 4:
                break
            lock.release()
        try:
            (parent / name).mkdir()
        except BaseException:
            _release_folder(parent / name, lock)
            raise
    return parent / name, lock


def _release_folder(folder: Path, lock: PlanLock) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    lock.release()
    with contextlib.suppress(OSError):
        lock.lock_path.unlink(missing_ok=True)


def _remove_if_abandoned(folder: Path, lock_path: Path) -> None:
    """Remove a private read-only or new-plan folder whose owner has gone (lock not held)."""
    lock = PlanLock(lock_path, folder)
    try:
        lock.acquire()
    except (PlanFileError, OSError):
        return  # a live window or command is using it
    _release_folder(folder, lock)
