"""An open plan: the user's ``.sipdesk`` file and SIP Desk's private working copy of it.

The rules (see DESIGN.md, "The plan file"):

* the user's file is validated from a byte copy and never edited in place;
* every user action is one transaction on the working copy, committed with ``synchronous=FULL``;
* the document is written back whole and atomically (private snapshot → integrity check →
  temp file beside the document → fsync → rename);
* a working copy with edits that never reached the document is offered for recovery;
* one writer per document, enforced by :class:`PlanLock`.

The jobs live in their own modules — ``private_folder`` (private names and folders),
``working_copy`` (the working folder, its record of the document, the start-up sweep),
``writeback`` (atomic writes) and ``backups`` — and :class:`PlanDocument` here ties them together.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import shutil
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sipdesk.digests import random_hex
from sipdesk.storage.backups import (
    KEEP_BACKUPS,
    _keep_as_backup,
    _prune_backups,
    _write_backup,
    backup_folder,
    list_backups,
)
from sipdesk.storage.engine import connect, engine_for
from sipdesk.storage.errors import (
    ExternalChangeError,
    NotAPlanError,
    NotFoundError,
    PlanFileError,
    ReadOnlyError,
    RecoveryAvailableError,
    SaveError,
)
from sipdesk.storage.lock import Identity, PlanLock, PresenceFile
from sipdesk.storage.private_folder import (
    _as_os_error,
    _claim_folder,
    _private_folder_error,
    _private_use,
    _real,
    _release_folder,
)
from sipdesk.storage.schema import SCHEMA_VERSION
from sipdesk.storage.validate import read_header, unreadable, validate_copy
from sipdesk.storage.working_copy import (
    _checkpointed,
    _edited_at,
    _empty_working_folder,
    _has_work_to_recover,
    _read_state,
    _save_state,
    _sha256,
    _take_working_folder,
    _write_state,
    clean_up_at_start,
    forget_working_copy,
)
from sipdesk.storage.writeback import (
    _fsync_file,
    _private_save_error,
    _save_error,
    _temp_stem,
    clean_temp_files,
    snapshot,
    write_atomically,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from sipdesk.models.plan_types import PlanDoc

# What other modules import from here; the code itself lives by job in the modules above.
__all__ = [
    "KEEP_BACKUPS",
    "PlanDocument",
    "_temp_stem",
    "backup_folder",
    "clean_temp_files",
    "clean_up_at_start",
    "forget_working_copy",
    "list_backups",
    "snapshot",
    "write_atomically",
]

# Beside a working copy: the plan was closed normally but its last save was refused.
CLOSED_UNSAVED = "closed-unsaved"

Seeder = Callable[["Session"], None]


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
        # SQLAlchemy's engine and sessions, made on first use: opening a plan and reading it
        # (read_plan) need neither, and importing SQLAlchemy costs a plan's first page about a
        # quarter of a second (issue 12).
        self._made: tuple[Engine, sessionmaker[Session]] | None = None
        self._making = threading.Lock()
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
            version = validate_private_copy(incoming, shown)
            if version > SCHEMA_VERSION:
                notice = _newer_notice(shown, version)
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
                from sqlalchemy.orm import Session

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

    # ----------------------------------------------------------------- reading
    def read_plan(self, keys: Iterable[str] | None = None) -> PlanDoc:
        """The plan's contents as ``services.snapshot.read_plan`` reads them (only the profile
        and the top-level parts named in ``keys``, when given), read from the working copy with
        ``sqlite3`` alone, over a connection made as the engine's are: no SQLAlchemy needed.
        Call it on the thread that uses the document."""
        from sipdesk.storage import plan_read

        conn = connect(self.working_path, readonly=self.readonly)
        try:
            if keys is None:
                return plan_read.read_plan(conn)
            return cast("PlanDoc", plan_read.read_plan_parts(conn, keys))
        finally:
            conn.close()

    # ----------------------------------------------------------------- editing
    def _make_engine(self) -> Engine:
        return _engine_for(self.working_path, readonly=self.readonly)

    def _engine_and_sessions(self) -> tuple[Engine, sessionmaker[Session]]:
        made = self._made
        if made is None:
            with self._making:
                made = self._made
                if made is None:
                    from sqlalchemy.orm import sessionmaker

                    engine = self._make_engine()
                    made = self._made = (engine, sessionmaker(engine, expire_on_commit=False))
        return made

    @property
    def _engine(self) -> Engine:
        """SQLAlchemy's engine over the working copy (made, and SQLAlchemy loaded, when first
        asked for)."""
        return self._engine_and_sessions()[0]

    @property
    def _sessions(self) -> sessionmaker[Session]:
        return self._engine_and_sessions()[1]

    def _dispose_engine(self) -> None:
        """Close the engine's connections, if it was ever made; the next use makes a new one."""
        with self._making:
            made, self._made = self._made, None
        if made is not None:
            made[0].dispose()

    @property
    def working_path(self) -> Path:
        return self.workdir / "plan.sqlite"

    def session(self) -> Session:
        """A session for reading. Writes go through :meth:`transaction`."""
        return self._sessions()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: commits durably on success, rolls back on any error."""
        from sqlalchemy.exc import OperationalError

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
        snap = self.workdir / f"snapshot-{random_hex(8)}.tmp"

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
            self._dispose_engine()
            for old in self.workdir.glob("plan.sqlite*"):
                old.unlink()
            self._generation += 1
            self._mark_dirty()
            os.replace(incoming, self.working_path)
        finally:
            incoming.unlink(missing_ok=True)

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
            self._dispose_engine()
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
        self._dispose_engine()
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
    """SQLAlchemy's engine over ``path`` (``storage.engine.engine_for``)."""
    return engine_for(path, readonly=readonly)


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


def validate_private_copy(incoming: Path, shown: Path) -> int:
    """Check a private copy of an untrusted plan as opening read-only does (raising its one
    sentence naming ``shown``) and bring an older plan up to date in it; its schema version.
    A plan from a newer SIP Desk is left as it is, to be read only."""
    version = validate_copy(incoming, shown)
    if version < SCHEMA_VERSION:
        _migrate(incoming, version)
    return version


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
