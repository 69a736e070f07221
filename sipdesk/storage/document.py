"""An open plan: the user's ``.sipdesk`` file and SIP Desk's private working copy of it.

The rules (see DESIGN.md, "The plan file"):

* the user's file is validated from a byte copy and never edited in place;
* every user action is one transaction on the working copy, committed with ``synchronous=FULL``;
* the document is written back whole and atomically (private snapshot → integrity check →
  temp file beside the document → fsync → rename);
* a working copy with edits that never reached the document is offered for recovery;
* one writer per document, enforced by :class:`PlanLock`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from sipdesk.paths import data_dir_location
from sipdesk.storage.errors import (
    DamagedPlanError,
    ExternalChangeError,
    NotAPlanError,
    NotFoundError,
    PlanFileError,
    PlanLockedError,
    PrivateFolderError,
    ReadOnlyError,
    RecoveryAvailableError,
    SaveError,
)
from sipdesk.storage.lock import Identity, PlanLock, PresenceFile
from sipdesk.storage.schema import SCHEMA_VERSION
from sipdesk.storage.validate import harden, read_header, unreadable, validate_copy

KEEP_BACKUPS = 10
# A write-back's temp file beside the document: ".~sd" + a tag of the document's name + random
# + ".tmp" — 20 bytes whatever the name, so the longest name a folder allows still saves.
TEMP_PREFIX = ".~sd"
# Older versions named it ".<name>.sipdesk-save-<random>.tmp"; leftovers are still removed.
TEMP_MARK = ".sipdesk-save-"
# Beside a working copy: the plan was closed normally but its last save was refused.
CLOSED_UNSAVED = "closed-unsaved"
# Backups taken before a schema upgrade are kept apart from the rolling ten (one per version).
UPGRADE_MARK = "-before-upgrade-from-v"

Seeder = Callable[[Session], None]


def _key(path: Path) -> str:
    """The private name of a plan: from its real path, so every way of naming it agrees."""
    text = os.path.normcase(str(path))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _real(path: Path | str) -> Path:
    """``path`` made absolute with symbolic links and ``..`` resolved."""
    return Path(path).expanduser().resolve()


# --------------------------------------------------------------------- the private folder
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


def _private_save_error(document: Path, exc: OSError | sqlite3.Error) -> SaveError:
    """A write-back that failed in SIP Desk's private folder, before the document's own."""
    problem = exc if isinstance(exc, OSError) else _as_os_error(exc)
    return SaveError(document, str(_private_folder_error(problem, document, "saved")))


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
            name = uuid.uuid4().hex
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


def _release_folder(folder: Path, lock: PlanLock) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    lock.release()
    with contextlib.suppress(OSError):
        lock.lock_path.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - Windows cannot open folders for fsync
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _save_error(path: Path, exc: OSError | sqlite3.Error) -> SaveError:
    """The sentence for a file that could not be written (the window's and the plain one)."""
    name, folder = path.name, path.parent
    code: int | None
    if isinstance(exc, OSError):
        code, reason = exc.errno, exc.strerror or "unknown problem"
    else:  # SQLite names no error number (and its text is not for people): ask the folder
        text = str(exc)
        reason = "an unexpected problem"
        if "full" in text.lower():
            code = errno.ENOSPC
        elif not os.path.isdir(folder):
            code = errno.ENOENT
        elif not os.access(folder, os.W_OK | os.X_OK):
            code = errno.EACCES
        else:
            code = None
    if code in (errno.ENOSPC, errno.EDQUOT):
        plain = f"There is no room left on the disk to save “{name}” in “{folder}”."
        sentence = (
            f"There is no room left on the disk to save “{name}”. Your work is safe in SIP "
            "Desk; free some space or save a copy somewhere else."
        )
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        plain = f"SIP Desk is not allowed to save “{name}” in the folder “{folder}”."
        sentence = (
            f"SIP Desk is not allowed to save “{name}” in that folder. Your work is safe in "
            "SIP Desk; save a copy somewhere else."
        )
    elif code == errno.ENOENT and not os.path.isdir(folder):
        plain = f"“{name}” could not be saved because the folder “{folder}” does not exist."
        sentence = f"{plain} Your work is safe in SIP Desk; save a copy somewhere else."
    else:
        plain = f"“{name}” could not be saved in “{folder}” ({reason})."
        sentence = (
            f"“{name}” could not be saved ({reason}). Your work is "
            "safe in SIP Desk; try again or save a copy somewhere else."
        )
    return SaveError(path, sentence, plain=plain)


def snapshot(source: Path, dest: Path) -> None:
    """Write a consistent, compact, self-contained copy of the database at ``source``.

    The copy uses a rollback journal (not WAL), so a recipient never needs side files.
    """
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(dest, isolation_level=None)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
        # The full check (indexes against their tables too), as the design asks: it costs a
        # few milliseconds on a large plan and is what stands between a bad copy and the file.
        if dst.execute("PRAGMA integrity_check(1)").fetchone()[0] != "ok":
            raise DamagedPlanError(dest, "The copy of the plan did not pass its check.")
    finally:
        dst.close()
        src.close()
    _fsync_file(dest)


def write_atomically(build: Callable[[Path], None], target: Path) -> None:
    """Build a file with ``build(temp)`` beside ``target``, then rename it into place.

    A crash at any moment leaves either the old or the new ``target``, never a partial one;
    a leftover temp file is removed by :func:`clean_temp_files` at the next open. A symbolic
    link at ``target`` stays a link: the file it points at is the one replaced.
    """
    shown = Path(target).expanduser().absolute()
    target = _real(target)
    temp = target.with_name(f"{_temp_stem(target)}{uuid.uuid4().hex[:6]}.tmp")
    try:
        build(temp)
        os.replace(temp, target)
    except (OSError, sqlite3.Error) as exc:
        _remove_temp(temp)
        raise _save_error(shown if shown.name else target, exc) from None
    except BaseException:
        _remove_temp(temp)
        raise
    _fsync_dir(target.parent)


def _remove_temp(temp: Path) -> None:
    for leftover in (temp, Path(f"{temp}-journal"), Path(f"{temp}-wal"), Path(f"{temp}-shm")):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _temp_stem(target: Path) -> str:
    """The start of every temp name for ``target``: short, and tied to that name."""
    tag = hashlib.sha256(target.name.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return f"{TEMP_PREFIX}{tag}"


def clean_temp_files(target: Path) -> None:
    """Remove temp files a killed write-back of ``target`` left in its folder."""
    target = _real(target)
    patterns = (
        f"{_temp_stem(target)}*.tmp*",
        f".{_glob_escape(target.name)}{TEMP_MARK}*.tmp*",  # from older versions
    )
    for pattern in patterns:
        with contextlib.suppress(OSError):
            for leftover in target.parent.glob(pattern):
                with contextlib.suppress(OSError):
                    leftover.unlink()


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _check_plan_path(path: Path) -> None:
    """Refuse, with a sentence, a path that is missing, unreadable or not a regular file."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise NotFoundError(path) from None
    except OSError as exc:
        raise unreadable(path, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise NotAPlanError(path, f"“{path.name}” is a folder, not a plan file.")
    if not stat.S_ISREG(info.st_mode):
        raise NotAPlanError(path, f"“{path.name}” is not a plan file.")


class PlanDocument:
    """An open plan. Use :meth:`open` or :meth:`create`; call :meth:`close` when done."""

    def __init__(
        self,
        path: Path,
        workdir: Path,
        *,
        readonly: bool,
        notice: str | None,
        lock: PlanLock | None,
        schema_version: int,
    ) -> None:
        self.path = path
        self.workdir = workdir
        self.readonly = readonly
        self.notice = notice
        self.schema_version = schema_version
        # Editing: the plan's single-writer lock. Read-only: the lock on the private folder.
        self._lock = lock
        self._generation = 0
        self._saved_generation = 0
        self._write_lock = threading.Lock()
        self._marker_lock = threading.Lock()
        self.last_saved: dt.datetime | None = None
        self._engine = self._make_engine()
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        self._closed = False
        self._recovered = False  # holds work from a session that ended unexpectedly
        self._presence: PresenceFile | None = None  # beside the plan, while open for editing

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        readonly: bool = False,
        recover: bool | None = None,
        take_over: bool = False,
        identity: Identity | None = None,
    ) -> PlanDocument:
        """Validate and open ``path``.

        ``readonly`` skips the lock and refuses edits. ``recover`` decides what happens when an
        earlier session died with unsaved work: ``None`` raises RecoveryAvailableError so the
        caller can ask, ``True`` continues from that work, ``False`` sets it aside as a backup.
        When another user or machine has the plan open, PlanLockedError says who (and
        ``can_take_over``); ``take_over`` then opens it anyway, once the person has agreed.
        ``identity`` is who this is (user, machine, process), for others to be told.
        A symbolic link (or a path through ``..``) opens the file it leads to, under the same
        lock as any other way of naming that file.
        """
        # ``shown`` is the path the person chose, named in every message and kept as the
        # document's path; ``path`` is the file it leads to, which is read, locked and written.
        shown = Path(path).expanduser().absolute()
        _check_plan_path(shown)
        path = _real(shown)
        read_header(path, shown)  # cheap early answer for foreign files, before any copying
        notice: str | None = None
        if not readonly and not _writable(path):
            readonly = True
            notice = (
                f"“{shown.name}” is in a place SIP Desk cannot save to, so it opened "
                "read-only. Use Save a copy to keep your changes somewhere else."
            )
        if readonly:
            return cls._open_readonly(path, shown, notice)

        workdir, lock = _take_working_folder(path, shown)
        presence = PresenceFile(path, identity, shown=shown)
        try:
            presence.acquire(take_over=take_over)
            doc = cls._open_for_editing(path, shown, workdir, lock, recover)
        except BaseException:
            presence.release()
            lock.release()
            raise
        if doc.readonly:  # from a newer version: nobody is editing it here
            presence.release()
        else:
            doc._presence = presence
        return doc

    @classmethod
    def _open_readonly(cls, path: Path, shown: Path, notice: str | None) -> PlanDocument:
        workdir, folder_lock = _claim_folder("readonly", shown)
        try:
            incoming = workdir / "plan.sqlite"
            _copy_in(path, incoming, shown)
            version = validate_copy(incoming, shown)
            if version > SCHEMA_VERSION:
                notice = _newer_notice(shown, version)
            elif version < SCHEMA_VERSION:
                _migrate(incoming, version)
            return cls(
                shown,
                workdir,
                readonly=True,
                notice=notice,
                lock=folder_lock,
                schema_version=version,
            )
        except BaseException:
            _release_folder(workdir, folder_lock)
            raise

    @classmethod
    def _open_for_editing(
        cls, path: Path, shown: Path, workdir: Path, lock: PlanLock, recover: bool | None
    ) -> PlanDocument:
        clean_temp_files(path)
        working = workdir / "plan.sqlite"
        dirty_marker = workdir / "dirty"
        for leftover in workdir.glob("*.tmp"):
            leftover.unlink()
        closed_unsaved = workdir / CLOSED_UNSAVED
        if dirty_marker.exists() and working.exists():
            if recover is None:
                raise RecoveryAvailableError(
                    shown, _edited_at(working), crashed=not closed_unsaved.exists()
                )
            closed_unsaved.unlink(missing_ok=True)
            if recover:
                validate_copy(_checkpointed(working), shown)
                doc = cls(
                    shown,
                    workdir,
                    readonly=False,
                    notice=None,
                    lock=lock,
                    schema_version=SCHEMA_VERSION,
                )
                doc._generation = 1  # the recovered work still has to reach the document
                doc._recovered = True
                return doc
            # The unsaved edits live in the WAL: fold them in before keeping the copy.
            _keep_as_backup(_checkpointed(working), path, "unrecovered")
        for stale in workdir.glob("plan.sqlite*"):
            stale.unlink()
        dirty_marker.unlink(missing_ok=True)
        closed_unsaved.unlink(missing_ok=True)

        incoming = workdir / "incoming.tmp"
        try:
            _copy_in(path, incoming, shown)
            version = validate_copy(incoming, shown)
        except BaseException:
            incoming.unlink(missing_ok=True)  # no copy of a refused file stays behind
            raise
        if version > SCHEMA_VERSION:
            incoming.unlink()
            lock.release()
            return cls._open_readonly(path, shown, None)
        migrated = version < SCHEMA_VERSION
        if migrated:
            _keep_as_backup(incoming, path, f"before-upgrade-from-v{version}")
            _migrate(incoming, version)
        os.replace(incoming, working)
        _write_state(workdir, path)
        doc = cls(
            shown, workdir, readonly=False, notice=None, lock=lock, schema_version=SCHEMA_VERSION
        )
        if migrated:
            doc.notice = (
                f"“{shown.name}” was made by an earlier SIP Desk and has been brought up to date. "
                "A copy of the original is kept in your backups."
            )
            doc._mark_dirty()
            doc._generation = 1
        return doc

    @classmethod
    def create(
        cls,
        path: Path | str,
        seed: Seeder | None = None,
        *,
        overwrite: bool = False,
        identity: Identity | None = None,
    ) -> PlanDocument:
        """Write a new, empty plan at ``path`` (filled by ``seed``) and open it for editing.

        The plan is built and checked in the private folder; only its finished bytes are
        written beside ``path`` (temp file, fsync, rename), so a failure leaves nothing there.
        """
        from sipdesk.storage.migrate import empty_plan_bytes

        given = Path(path).expanduser().absolute()
        if os.path.exists(given) and not overwrite:
            raise PlanFileError(given, f"“{given.name}” already exists; choose another name.")
        path = _real(given)
        if not os.path.isdir(path.parent):
            raise PlanFileError(given, f"The folder for “{given.name}” does not exist.")
        build_dir, folder_lock = _claim_folder("new", path, "created")
        try:
            fresh = build_dir / "plan.sqlite"
            finished = build_dir / "finished.sqlite"
            with _private_use(path, "created"):
                fresh.write_bytes(empty_plan_bytes())
            if seed is not None:
                engine = _engine_for(fresh, readonly=False)
                try:
                    with Session(engine) as session:
                        seed(session)
                        session.commit()
                finally:
                    engine.dispose()
            snapshot(fresh, finished)

            def build(temp: Path) -> None:
                shutil.copyfile(finished, temp)
                _fsync_file(temp)

            write_atomically(build, path)
        finally:
            _release_folder(build_dir, folder_lock)
        return cls.open(given, recover=False, identity=identity)

    # ----------------------------------------------------------------- editing
    def _make_engine(self) -> Engine:
        return _engine_for(self.working_path, readonly=self.readonly)

    @property
    def working_path(self) -> Path:
        return self.workdir / "plan.sqlite"

    def session(self) -> Session:
        """A session for reading. Writes go through :meth:`transaction`."""
        return self._sessions()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: commits durably on success, rolls back on any error."""
        if self.readonly:
            raise ReadOnlyError(self.path, f"“{self.path.name}” is open read-only.")
        session = self._sessions()
        try:
            yield session
            # The marker and the commit go together, so a write-back finishing on another
            # thread can never remove the marker of an edit it did not include.
            with self._marker_lock:
                self._mark_dirty()
                session.commit()
                self._generation += 1
        except OperationalError as exc:
            session.rollback()
            text = str(exc.orig).lower()
            if "full" in text:
                raise SaveError(
                    self.path,
                    "The disk is full, so your last change could not be kept. Free some space "
                    "and try again.",
                ) from None
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @property
    def dirty(self) -> bool:
        """True while the document on disk lags behind the working copy."""
        return self._generation != self._saved_generation

    def _mark_dirty(self) -> None:
        # Written (and synced) before the first commit after a write-back, so a crash right
        # after that commit still leaves the recovery marker behind.
        marker = self.workdir / "dirty"
        if not marker.exists():
            with open(marker, "w", encoding="utf-8") as handle:
                handle.write(str(self.path))
                handle.flush()
                os.fsync(handle.fileno())

    # ----------------------------------------------------------------- saving
    def source_changed(self) -> bool:
        """True when someone else replaced the document since we last read or wrote it.

        The file's stamp answers quickly; when it differs, the content decides, so our own
        write-back interrupted between rename and bookkeeping is still recognised as ours.
        """
        state = _read_state(self.workdir)
        try:
            st = self.path.stat()
        except OSError:
            return False
        if (st.st_mtime_ns, st.st_size) == (state.get("mtime_ns"), state.get("size")):
            return False
        digest = _sha256(self.path)
        if digest in (state.get("sha256"), state.get("pending_sha256")):
            _write_state(self.workdir, self.path, digest)
            return False
        return True

    def writeback(self, *, force: bool = False) -> bool:
        """Write the working copy over the document if it changed. Returns True if written.

        Raises ExternalChangeError when the document was changed by someone else (call again
        with ``force=True`` to replace it, or use :meth:`save_copy`), SaveError when the disk
        refuses. Safe to call from a worker thread while the UI keeps editing.
        """
        if self.readonly or self._closed:
            return False
        with self._write_lock:
            generation = self._generation
            if generation == self._saved_generation and not force:
                return False
            if not force and self.source_changed():
                raise ExternalChangeError(self.path)
            digest = self._write_to(self.path, record_pending=True)
            _write_state(self.workdir, self.path, digest)
            self._saved_generation = generation
            self.last_saved = dt.datetime.now()
            with self._marker_lock:
                if generation == self._generation:
                    (self.workdir / "dirty").unlink(missing_ok=True)
            return True

    def save_copy(self, target: Path | str) -> Path:
        """Write a complete copy of the plan to ``target`` (the document stays as it is)."""
        target = _real(target)
        self._write_to(target)
        return target

    def _write_to(self, target: Path, *, record_pending: bool = False) -> str:
        """Write a snapshot of the working copy to ``target``; returns its SHA-256."""
        snap = self.workdir / f"snapshot-{uuid.uuid4().hex[:8]}.tmp"

        def build(temp: Path) -> None:
            shutil.copyfile(snap, temp)
            _fsync_file(temp)

        try:
            snapshot(self.working_path, snap)
            digest = _sha256(snap)
            if record_pending:
                state = _read_state(self.workdir)
                state["pending_sha256"] = digest
                _save_state(self.workdir, state)
        except (OSError, sqlite3.Error) as exc:
            # The snapshot is made in the private folder: that is the place to name.
            with contextlib.suppress(OSError):
                snap.unlink(missing_ok=True)
            raise _private_save_error(self.path, exc) from None
        try:
            write_atomically(build, target)
        except (OSError, sqlite3.Error) as exc:
            raise _save_error(target, exc) from None
        finally:
            with contextlib.suppress(OSError):
                snap.unlink(missing_ok=True)
        return digest

    # ----------------------------------------------------------------- backups
    def backup(self, reason: str = "snapshot") -> Path:
        """Keep a snapshot of the plan in the private backups folder; returns its path."""
        folder = backup_folder(self.path)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        dest = folder / f"{stamp}-{reason}.sipdesk"
        try:
            with _private_use(self.path, "backed up"):
                _write_backup(lambda temp: snapshot(self.working_path, temp), dest)
                _prune_backups(folder)
        except sqlite3.Error as exc:
            raise _private_folder_error(_as_os_error(exc), self.path, "backed up") from None
        return dest

    def backups(self) -> list[Path]:
        return list_backups(self.path)

    def restore(self, backup: Path | str) -> None:
        """Replace the plan's contents with ``backup`` (validated like any outside file)."""
        if self.readonly:
            raise ReadOnlyError(self.path, f"“{self.path.name}” is open read-only.")
        backup = Path(backup)
        incoming = self.workdir / "restore.tmp"
        _copy_in(backup, incoming)
        try:
            version = validate_copy(incoming, backup)
            if version > SCHEMA_VERSION:
                raise PlanFileError(backup, "That backup was made by a newer SIP Desk.")
            if version < SCHEMA_VERSION:
                _migrate(incoming, version)
            self.backup("before-restore")
            self._engine.dispose()
            for old in self.workdir.glob("plan.sqlite*"):
                old.unlink()
            self._generation += 1
            self._mark_dirty()
            os.replace(incoming, self.working_path)
        finally:
            incoming.unlink(missing_ok=True)
            self._engine = self._make_engine()
            self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    # ----------------------------------------------------------------- closing
    def close(self) -> None:
        """Write back any unsaved work, keep a backup, remove the working copy, release the lock.

        If the write-back fails the working copy stays, so the next start offers recovery.
        """
        if self._closed:
            return
        saved = False
        try:
            if not self.readonly:
                changed = self.dirty
                try:
                    self.writeback()
                except PlanFileError:
                    # Not a crash: the next open says the save was refused, not that SIP Desk
                    # closed unexpectedly.
                    with contextlib.suppress(OSError):
                        (self.workdir / CLOSED_UNSAVED).write_text(
                            dt.datetime.now().isoformat(timespec="seconds"), encoding="utf-8"
                        )
                    raise
                if changed:
                    self.backup("closed")
                saved = True
        finally:
            self._closed = True
            self._engine.dispose()
            if self.readonly and self._lock is not None:
                _release_folder(self.workdir, self._lock)  # the folder goes before its lock
            else:
                if saved and self._lock is not None and not _has_work_to_recover(self.workdir):
                    # A clean close: everything is in the document, so no private copy stays.
                    _empty_working_folder(self.workdir, self._lock)
                self._release_locks()

    def discard(self) -> None:
        """Close without writing back or keeping a backup: for a plan that could not be shown.

        The user's file is left exactly as it was; the lock is released and the private copy
        removed — unless it holds recovered work that never reached the document, which stays
        to be offered again.
        """
        if self._closed:
            return
        self._closed = True
        self._engine.dispose()
        if self._lock is None:
            return
        if self.readonly:
            _release_folder(self.workdir, self._lock)
            return
        try:
            if not self._recovered:
                with contextlib.suppress(OSError):
                    for copy in self.workdir.glob("plan.sqlite*"):
                        copy.unlink()
                    (self.workdir / "dirty").unlink(missing_ok=True)
        finally:
            self._release_locks()

    def _release_locks(self) -> None:
        """The file beside the plan goes first, then the lock in the private folder."""
        try:
            if self._presence is not None:
                self._presence.release()
        finally:
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> PlanDocument:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------- helpers
def _engine_for(path: Path, *, readonly: bool) -> Engine:
    uri = f"{path.as_uri()}?mode={'ro' if readonly else 'rw'}"

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        harden(conn)
        return conn

    # A small pool keeps connections (and their pragmas) between edits; each edit then costs
    # one transaction, not a fresh connection.
    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool, pool_size=2)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    return engine


def _copy_in(source: Path, dest: Path, shown: Path | None = None) -> None:
    """Copy the bytes of ``source`` (only reading it) into a private file; messages name
    ``shown`` (the path the person chose), if given."""
    try:
        shutil.copyfile(source, dest)
    except OSError as exc:
        with contextlib.suppress(OSError):
            dest.unlink(missing_ok=True)
        private = exc.filename == str(dest) or exc.errno in (errno.ENOSPC, errno.EDQUOT)
        if private:
            raise _private_folder_error(exc, shown or source) from None
        raise unreadable(shown or source, exc) from None


def _checkpointed(working: Path) -> Path:
    """Fold the working copy's WAL into it so it can be checked as one file."""
    conn = sqlite3.connect(working)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return working


def _migrate(path: Path, version: int) -> None:
    from sipdesk.storage.migrate import upgrade

    conn = sqlite3.connect(path)
    try:
        upgrade(conn, SCHEMA_VERSION)
    finally:
        conn.close()
    del version


def _newer_notice(path: Path, version: int) -> str:
    return (
        f"“{path.name}” was saved by a newer SIP Desk (plan file version {version}; this copy "
        f"reads up to version {SCHEMA_VERSION}). It opened read-only — please update SIP Desk "
        "to edit it."
    )


def _edited_at(working: Path) -> str:
    times = [p.stat().st_mtime for p in working.parent.glob("plan.sqlite*")]
    return dt.datetime.fromtimestamp(max(times)).strftime("%d %b %Y, %H:%M")


def _state_path(workdir: Path) -> Path:
    return workdir / "state.json"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
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


def backup_folder(document: Path) -> Path:
    real = _real(document)
    folder = _private("backups", _key(real), about=real, done="backed up")
    with _private_use(real, "backed up"):
        (folder / "document.txt").write_text(str(real), encoding="utf-8")
    return folder


def list_backups(document: Path) -> list[Path]:
    """Sound backups of ``document``, newest first (a partial or damaged one is never offered)."""
    found = sorted(backup_folder(document).glob("*.sipdesk"), reverse=True)
    return [backup for backup in found if _backup_is_sound(backup)]


# Backups already checked, by path, modification time and size: a listing checks each once.
_SOUND_BACKUPS: dict[tuple[str, int, int], bool] = {}
_BACKUP_TEMP = ".partial"
_SIDE_FILES = ("-journal", "-wal", "-shm")


def _backup_is_sound(backup: Path) -> bool:
    """True when ``backup`` is a whole plan: our header, and SQLite's quick check passes."""
    try:
        st = backup.stat()
    except OSError:
        return False
    key = (str(backup), st.st_mtime_ns, st.st_size)
    known = _SOUND_BACKUPS.get(key)
    if known is not None:
        return known
    try:
        read_header(backup)
        # immutable: a backup is never written again, so no locks and no side files
        conn = sqlite3.connect(f"{backup.as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            harden(conn)
            sound = bool(conn.execute("PRAGMA quick_check(1)").fetchone()[0] == "ok")
        finally:
            conn.close()
    except (PlanFileError, sqlite3.Error, OSError):
        sound = False
    _SOUND_BACKUPS[key] = sound
    return sound


def _write_backup(build: Callable[[Path], object], dest: Path) -> None:
    """Build a backup under a temp name and rename it into place once whole and synced, so a
    kill part-way never leaves a file that looks like a backup."""
    temp = dest.with_name(f".{dest.stem}{_BACKUP_TEMP}")
    try:
        build(temp)
        _fsync_file(temp)
        os.replace(temp, dest)
    except BaseException:
        _remove_temp(temp)
        raise
    _fsync_dir(dest.parent)


def _keep_as_backup(source: Path, document: Path, reason: str) -> None:
    folder = backup_folder(document)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    with _private_use(document):
        _write_backup(
            lambda temp: shutil.copyfile(source, temp), folder / f"{stamp}-{reason}.sipdesk"
        )
        _prune_backups(folder)


def _prune_backups(folder: Path) -> None:
    """Keep the ten newest backups, plus the newest one taken before each schema upgrade.

    Only sound backups count: partial or damaged ones (left by a kill in an older version),
    unfinished temp files and side files whose backup is gone are removed. Only the plan's
    single writer (whose lock is held) makes or prunes its backups, so nothing here is in use.
    """
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(_BACKUP_TEMP) or (
            name.endswith(_SIDE_FILES) and not Path(_strip_side(str(entry))).exists()
        ):
            with contextlib.suppress(OSError):
                entry.unlink()
    upgrades_kept: set[str] = set()
    rolling = 0
    for backup in sorted(folder.glob("*.sipdesk"), reverse=True):  # newest first
        if not _backup_is_sound(backup):
            pass
        elif UPGRADE_MARK in backup.name:
            from_version = backup.name.split(UPGRADE_MARK, 1)[1]
            if from_version not in upgrades_kept:
                upgrades_kept.add(from_version)
                continue
        elif rolling < KEEP_BACKUPS:
            rolling += 1
            continue
        with contextlib.suppress(OSError):
            backup.unlink(missing_ok=True)
        for side in _SIDE_FILES:
            with contextlib.suppress(OSError):
                Path(f"{backup}{side}").unlink(missing_ok=True)


def _strip_side(name: str) -> str:
    for side in _SIDE_FILES:
        name = name.removesuffix(side)
    return name


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


def _remove_if_abandoned(folder: Path, lock_path: Path) -> None:
    """Remove a private read-only or new-plan folder whose owner has gone (lock not held)."""
    lock = PlanLock(lock_path, folder)
    try:
        lock.acquire()
    except (PlanFileError, OSError):
        return  # a live window or command is using it
    _release_folder(folder, lock)
