"""One writer per plan: an operating-system lock on a small file in the private data folder.

The kernel drops the lock when its process dies, so a lock left by a killed process is simply
free again; the file's text only says who holds it (user, machine, process).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
import sys
from pathlib import Path
from typing import IO

from sipdesk.storage.errors import PlanLockedError

if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        with contextlib.suppress(OSError):
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getuser raises various errors where no user name is set
        return "someone"


class PlanLock:
    """Held while a plan is open for editing; ``acquire`` raises PlanLockedError if taken."""

    def __init__(self, lock_path: Path, document: Path) -> None:
        self.lock_path = lock_path
        self.document = document
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.lock_path, "a+", encoding="utf-8")  # noqa: SIM115 - held open
        if not _try_lock(handle):
            handle.seek(0)
            holder = describe_holder(handle.read())
            handle.close()
            raise PlanLockedError(self.document, holder)
        info = {
            "user": _user(),
            "machine": socket.gethostname(),
            "pid": os.getpid(),
            "since": dt.datetime.now().isoformat(timespec="seconds"),
        }
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(info))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def still_linked(self) -> bool:
        """True while the held lock is the file at ``lock_path`` (nobody removed it meanwhile)."""
        if self._handle is None:
            return False
        try:
            return os.stat(self.lock_path).st_ino == os.fstat(self._handle.fileno()).st_ino
        except OSError:
            return False


def describe_holder(text: str) -> str:
    try:
        info = json.loads(text)
        since = str(info.get("since", ""))[11:16]
        who = f"{info['user']} on {info['machine']}"
        return f"{who}, since {since}" if since else who
    except (ValueError, KeyError, TypeError):
        return "another SIP Desk window"
