"""An open district desk: the user's ``.sipdistrict`` file and SIP Desk's private working copy.

A desk is kept exactly as a plan is (DESIGN.md, "The plan file"), by the same pieces: it is
validated from a private byte copy and never edited in place; each change is one durable
transaction on the working copy; it is written back whole and atomically; one writer holds it
(the plan's lock and presence file); backups are kept in the private folder. So
:class:`DeskDocument` is a :class:`~sipdesk.storage.document.PlanDocument` whose opening,
creating and backups speak of desks: writing back, closing and locking are the plan's own.

Unlike a plan, a desk continues by itself from work a killed session left in its working copy
(every received version was a finished transaction there), and a desk from a newer SIP Desk is
refused rather than shown read-only.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import stat
from pathlib import Path

from sqlalchemy.orm import Session

from sipdesk.district.schema import (
    DESK_SCHEMA_VERSION,
    SUFFIX,
    build_empty_desk,
    read_desk_header,
    upgrade_desk,
    validate_desk_copy,
)
from sipdesk.storage.backups import (
    _keep_as_backup,
    _prune_backups,
    _write_backup,
    backup_folder,
    list_backups,
)
from sipdesk.storage.document import (
    CLOSED_UNSAVED,
    PlanDocument,
    Seeder,
    _copy_in,
    _engine_for,
    _writable,
)
from sipdesk.storage.errors import NotAPlanError, NotFoundError, PlanFileError
from sipdesk.storage.lock import Identity, PlanLock, PresenceFile
from sipdesk.storage.private_folder import (
    _as_os_error,
    _claim_folder,
    _private_folder_error,
    _private_use,
    _real,
    _release_folder,
)
from sipdesk.storage.validate import unreadable
from sipdesk.storage.working_copy import _checkpointed, _take_working_folder, _write_state
from sipdesk.storage.writeback import _fsync_file, clean_temp_files, snapshot, write_atomically


def utc_now() -> dt.datetime:
    """Now in UTC, without a zone: how the desk stores times."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _check_desk_path(path: Path) -> None:
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise NotFoundError(path) from None
    except OSError as exc:
        raise unreadable(path, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise NotAPlanError(path, f"“{path.name}” is a folder, not a district desk.")
    if not stat.S_ISREG(info.st_mode):
        raise NotAPlanError(path, f"“{path.name}” is not a district desk.")


def _desk_header(path: Path) -> None:
    read_desk_header(path)


class DeskDocument(PlanDocument):
    """An open desk. Use :meth:`open` or :meth:`create`; call :meth:`close` when done."""

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        readonly: bool = False,
        recover: bool | None = None,
        take_over: bool = False,
        identity: Identity | None = None,
    ) -> DeskDocument:
        """Validate and open the desk at ``path``.

        ``readonly`` takes no lock (for looking while someone else has it). Work a killed
        session left behind is carried on unless ``recover`` is False, which sets it aside as
        a backup. PlanLockedError says who has the desk open; ``take_over`` as for plans.
        """
        shown = Path(path).expanduser().absolute()
        _check_desk_path(shown)
        real = _real(shown)
        read_desk_header(real, shown)
        notice: str | None = None
        if not readonly and not _writable(real):
            readonly = True
            notice = (
                f"“{shown.name}” is in a place SIP Desk cannot save to, so it opened read-only."
            )
        if readonly:
            return cls._open_desk_readonly(real, shown, notice)
        workdir, lock = _take_working_folder(real, shown)
        presence = PresenceFile(real, identity, shown=shown)
        try:
            presence.acquire(take_over=take_over)
            doc = cls._open_desk_for_editing(real, shown, workdir, lock, recover)
        except BaseException:
            presence.release()
            lock.release()
            raise
        doc._presence = presence
        return doc

    @classmethod
    def _open_desk_readonly(cls, path: Path, shown: Path, notice: str | None) -> DeskDocument:
        workdir, folder_lock = _claim_folder("readonly", shown)
        try:
            incoming = workdir / "plan.sqlite"
            _copy_in(path, incoming, shown)
            version = validate_desk_copy(incoming, shown)
            upgrade_desk(incoming, version, shown)  # the private copy only
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
    def _open_desk_for_editing(
        cls, path: Path, shown: Path, workdir: Path, lock: PlanLock, recover: bool | None
    ) -> DeskDocument:
        # The working folder's layout is the plan's (working copy "plan.sqlite", the "dirty"
        # marker, state.json), so the start-up sweep and recovery treat a desk alike.
        clean_temp_files(path)
        working = workdir / "plan.sqlite"
        for leftover in workdir.glob("*.tmp"):
            leftover.unlink()
        (workdir / CLOSED_UNSAVED).unlink(missing_ok=True)
        if (workdir / "dirty").exists() and working.exists():
            if recover is not False:
                left = validate_desk_copy(_checkpointed(working), shown)
                upgrade_desk(working, left, shown)
                doc = cls(
                    shown,
                    workdir,
                    readonly=False,
                    notice=(
                        f"“{shown.name}” was not closed properly last time; everything it had "
                        "received was kept."
                    ),
                    lock=lock,
                    schema_version=DESK_SCHEMA_VERSION,
                )
                doc._generation = 1  # the recovered work still has to reach the document
                doc._recovered = True
                return doc
            _keep_as_backup(
                _checkpointed(working),
                path,
                "unrecovered",
                suffix=SUFFIX,
                check_header=_desk_header,
            )
        for stale in workdir.glob("plan.sqlite*"):
            stale.unlink()
        (workdir / "dirty").unlink(missing_ok=True)
        incoming = workdir / "incoming.tmp"
        try:
            _copy_in(path, incoming, shown)
            version = validate_desk_copy(incoming, shown)
            if version < DESK_SCHEMA_VERSION:
                _keep_as_backup(
                    incoming,
                    path,
                    f"before-upgrade-from-v{version}",
                    suffix=SUFFIX,
                    check_header=_desk_header,
                )
                upgrade_desk(incoming, version, shown)
        except BaseException:
            incoming.unlink(missing_ok=True)
            raise
        os.replace(incoming, working)
        _write_state(workdir, path)
        doc = cls(
            shown,
            workdir,
            readonly=False,
            notice=None,
            lock=lock,
            schema_version=DESK_SCHEMA_VERSION,
        )
        if version < DESK_SCHEMA_VERSION:
            # Written back on close like any change, so the desk on disk is upgraded once.
            doc.notice = (
                f"“{shown.name}” was made by an earlier SIP Desk and has been brought up to "
                "date. A copy of the original is kept in your backups."
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
        district_name: str = "",
    ) -> DeskDocument:
        """Write a new, empty desk for ``district_name`` at ``path`` and open it for editing.

        Built and checked in the private folder; only the finished bytes are written beside
        ``path`` (temp file, fsync, rename), so a failure leaves nothing there.
        """
        from sipdesk.district.models import Desk

        given = Path(path).expanduser().absolute()
        if os.path.exists(given) and not overwrite:
            raise PlanFileError(given, f"“{given.name}” already exists; choose another name.")
        real = _real(given)
        if not os.path.isdir(real.parent):
            raise PlanFileError(given, f"The folder for “{given.name}” does not exist.")
        build_dir, folder_lock = _claim_folder("new", real, "created")
        try:
            fresh = build_dir / "plan.sqlite"
            finished = build_dir / "finished.sqlite"
            with _private_use(real, "created"):
                conn = sqlite3.connect(fresh)
                try:
                    build_empty_desk(conn)
                finally:
                    conn.close()
            engine = _engine_for(fresh, readonly=False)
            try:
                with Session(engine) as session:
                    session.add(
                        Desk(
                            id=1,
                            district_name=district_name.strip(),
                            schema_version=DESK_SCHEMA_VERSION,
                            created_at=utc_now(),
                        )
                    )
                    if seed is not None:
                        seed(session)
                    session.commit()
            finally:
                engine.dispose()
            snapshot(fresh, finished)

            def build(temp: Path) -> None:
                shutil.copyfile(finished, temp)
                _fsync_file(temp)

            write_atomically(build, real)
        finally:
            _release_folder(build_dir, folder_lock)
        return cls.open(given, identity=identity)

    # ----------------------------------------------------------------- backups
    def backup(self, reason: str = "snapshot") -> Path:
        """Keep a snapshot of the desk in the private backups folder; returns its path."""
        folder = backup_folder(self.path)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        dest = folder / f"{stamp}-{reason}{SUFFIX}"
        try:
            with _private_use(self.path, "backed up"):
                _write_backup(lambda temp: snapshot(self.working_path, temp), dest)
                _prune_backups(folder, suffix=SUFFIX, check_header=_desk_header)
        except sqlite3.Error as exc:
            raise _private_folder_error(_as_os_error(exc), self.path, "backed up") from None
        return dest

    def backups(self) -> list[Path]:
        return list_backups(self.path, suffix=SUFFIX, check_header=_desk_header)

    def restore(self, backup: Path | str) -> None:
        raise PlanFileError(
            self.path, "Bringing a district desk back from a backup is not available yet."
        )

    def __enter__(self) -> DeskDocument:
        return self
