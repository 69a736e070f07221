"""A plan's backups in the private folder: written whole under a temp name, checked before
they are offered, and pruned to the ten newest plus one per schema upgrade."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sipdesk.storage.errors import PlanFileError
from sipdesk.storage.private_folder import _key, _private, _private_use, _real
from sipdesk.storage.validate import harden, read_header
from sipdesk.storage.writeback import _fsync_dir, _fsync_file, _remove_temp

KEEP_BACKUPS = 10
# Backups taken before a schema upgrade are kept apart from the rolling ten (one per version).
UPGRADE_MARK = "-before-upgrade-from-v"


def backup_folder(document: Path) -> Path:
    real = _real(document)
    folder = _private("backups", _key(real), about=real, done="backed up")
    with _private_use(real, "backed up"):
        (folder / "document.txt").write_text(str(real), encoding="utf-8")
    return folder


# Checks a backup's header: raises PlanFileError when the file is not of the expected kind.
HeaderCheck = Callable[[Path], object]


def list_backups(
    document: Path, *, suffix: str = ".sipdesk", check_header: HeaderCheck = read_header
) -> list[Path]:
    """Sound backups of ``document``, newest first (a partial or damaged one is never offered).

    ``suffix`` and ``check_header`` say what kind of file the backups are: plans by default;
    the district desk passes its own."""
    found = sorted(backup_folder(document).glob(f"*{suffix}"), reverse=True)
    return [backup for backup in found if _backup_is_sound(backup, check_header)]


# Backups already checked, by path, modification time and size: a listing checks each once.
_SOUND_BACKUPS: dict[tuple[str, int, int], bool] = {}
_BACKUP_TEMP = ".partial"
_SIDE_FILES = ("-journal", "-wal", "-shm")


def _backup_is_sound(backup: Path, check_header: HeaderCheck = read_header) -> bool:
    """True when ``backup`` is a whole file of its kind: its header (``check_header``), and
    SQLite's quick check passes."""
    try:
        st = backup.stat()
    except OSError:
        return False
    key = (str(backup), st.st_mtime_ns, st.st_size)
    known = _SOUND_BACKUPS.get(key)
    if known is not None:
        return known
    try:
        check_header(backup)
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


def _keep_as_backup(
    source: Path,
    document: Path,
    reason: str,
    *,
    suffix: str = ".sipdesk",
    check_header: HeaderCheck = read_header,
) -> None:
    folder = backup_folder(document)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    with _private_use(document):
        _write_backup(
            lambda temp: shutil.copyfile(source, temp), folder / f"{stamp}-{reason}{suffix}"
        )
        _prune_backups(folder, suffix=suffix, check_header=check_header)


def _prune_backups(
    folder: Path, *, suffix: str = ".sipdesk", check_header: HeaderCheck = read_header
) -> None:
    """Keep the ten newest backups, plus the newest one taken before each schema upgrade.

    Only sound backups count: partial or damaged ones (left by a kill in an older version),
    unfinished temp files and side files whose backup is gone are removed. Only the plan's
    single writer (whose lock is held) makes or prunes its backups, so nothing here is in use.
    ``suffix`` and ``check_header`` say what kind of file the backups are (as for
    :func:`list_backups`).
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
    for backup in sorted(folder.glob(f"*{suffix}"), reverse=True):  # newest first
        if not _backup_is_sound(backup, check_header):
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
