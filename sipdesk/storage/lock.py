"""One writer per plan.

:class:`PlanLock` is an operating-system lock on a small file in the private data folder: the
kernel drops it when its process dies, so a lock left by a killed process is simply free again;
the file's text only says who holds it (user, machine, process). It sees one user on one
machine. :class:`PresenceFile` is a file beside the plan, there only while it is open, telling
other users and machines on a shared folder who has it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sipdesk.digests import random_hex, sha256
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


def _host() -> str:
    """This computer's name (os.uname where there is one: socket takes a few milliseconds to
    load, on the way to a plan's first page)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


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
            "machine": _host(),
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


# --------------------------------------------------------------- who has it, for everyone
@dataclass(frozen=True)
class Identity:
    """Who is opening a plan: shown to anyone else who opens it meanwhile."""

    user: str
    host: str
    pid: int


def current_identity() -> Identity:
    return Identity(_user(), _host(), os.getpid())


@dataclass(frozen=True)
class Holder:
    """What a presence file says about whoever has the plan open."""

    user: str
    host: str
    pid: int
    started: dt.datetime | None
    token: str

    def since(self) -> str:
        """``9:40``, or ``3 Dec, 9:40`` when it was not today."""
        if self.started is None:
            return ""
        local = self.started.astimezone() if self.started.tzinfo else self.started
        clock = f"{local.hour}:{local.minute:02d}"
        if local.date() == dt.date.today():
            return clock
        return f"{local.day} {local:%b}, {clock}"


def presence_path(document: Path) -> Path:
    """The presence file beside ``document``: ``.~lock.<name>#`` (a short tag of the name
    when the whole name would not fit in a file name)."""
    name = f".~lock.{document.name}#"
    if len(name.encode("utf-8", "surrogatepass")) > 255:
        tag = sha256(document.name.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        name = f".~lock.{tag}#"
    return document.with_name(name)


class PresenceFile:
    """A small file beside the plan, there only while it is open for editing, saying who has
    it (user, machine, process, since when), so that another user or machine opening the plan
    from a shared folder is told.

    The operating-system lock in the private folder (:class:`PlanLock`) still decides between
    windows of one user on one machine; this file is for everyone else. A file left by a
    process of this machine that has died is removed without asking; one from another machine
    cannot be checked, so the person is asked before taking it over. Where no file can be made
    (a read-only share), the plan opens as it did before, without one.
    """

    def __init__(
        self, document: Path, identity: Identity | None = None, *, shown: Path | None = None
    ) -> None:
        self.document = shown or document  # named in messages: the path the person chose
        self.path = presence_path(document)
        self.identity = identity or current_identity()
        self._token: str | None = None

    def acquire(self, *, take_over: bool = False) -> None:
        """Create the file; raise PlanLockedError (``can_take_over``) if someone else has it."""
        for _attempt in range(3):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                holder = self._read_settled()
                if take_over or holder is None or self._left_by_the_dead(holder):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(self.path)
                    take_over = False
                    continue
                raise _held_by(self.document, holder) from None
            except OSError:
                return  # the folder will not take the file: open without it, as before
            token = random_hex()
            info = {
                "user": self.identity.user,
                "host": self.identity.host,
                "pid": self.identity.pid,
                "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                "token": token,
            }
            # Not synced to the disk: the file only tells others the plan is open here, and
            # one cut short by a power cut reads as nobody's (_read_settled). Syncing it cost
            # a few milliseconds of every plan opened (issue 12).
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(json.dumps(info))
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(self.path)
                return
            self._token = token
            return
        raise _held_by(self.document, self.read())

    def read(self) -> Holder | None:
        """Who the file names; None when it cannot be read or was left half-written."""
        try:
            info = json.loads(self.path.read_text(encoding="utf-8"))
            started = info.get("started")
            return Holder(
                user=str(info["user"]),
                host=str(info["host"]),
                pid=int(info["pid"]),
                started=dt.datetime.fromisoformat(started) if started else None,
                token=str(info.get("token", "")),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def _read_settled(self) -> Holder | None:
        """The holder, waiting a moment for a file that is being written right now; None for
        a file that stays unreadable (its writer died between creating and filling it)."""
        for _wait in range(10):
            holder = self.read()
            if holder is not None or not self.path.exists():
                return holder
            time.sleep(0.05)
        return None

    def _left_by_the_dead(self, holder: Holder) -> bool:
        return holder.host == self.identity.host and not process_alive(holder.pid)

    @property
    def held(self) -> bool:
        return self._token is not None

    def release(self) -> None:
        """Remove the file, unless someone has taken the plan over since (it is theirs now)."""
        if self._token is None:
            return
        holder = self.read()
        if holder is not None and holder.token == self._token:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        self._token = None


def _held_by(document: Path, holder: Holder | None) -> PlanLockedError:
    name = document.name
    if holder is None:
        sentence = (
            f"Someone else seems to have “{name}” open. If you are sure nobody is using it, "
            "you can take it over."
        )
        return PlanLockedError(document, "someone else", sentence=sentence, can_take_over=True)
    since = holder.since()
    when = f" since {since}" if since else ""
    who = f"{holder.user} on {holder.host}"
    sentence = (
        f"{who} has had “{name}” open{when}. If you are sure they are no longer using it, "
        "you can take it over."
    )
    return PlanLockedError(document, who, sentence=sentence, can_take_over=True)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import ctypes

    def process_alive(pid: int) -> bool:
        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        try:
            kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        finally:
            kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE

else:

    def process_alive(pid: int) -> bool:
        if pid <= 0:
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True  # alive, and someone else's
        except OSError:
            return False
        return True
