"""Writing a plan file whole and atomically: a checked snapshot, a temp file beside the
target, fsync, rename; the temp files a killed write-back leaves; the sentence when the disk
refuses."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sipdesk.digests import random_hex, sha256
from sipdesk.storage.errors import DamagedPlanError, SaveError
from sipdesk.storage.private_folder import _as_os_error, _private_folder_error, _real

# A write-back's temp file beside the document: ".~sd" + a tag of the document's name + random
# + ".tmp" — 20 bytes whatever the name, so the longest name a folder allows still saves.
TEMP_PREFIX = ".~sd"
# Older versions named it ".<name>.sipdesk-save-<random>.tmp"; leftovers are still removed.
TEMP_MARK = ".sipdesk-save-"


def _private_save_error(document: Path, exc: OSError | sqlite3.Error) -> SaveError:
    """A write-back that failed in SIP Desk's private folder, before the document's own."""
    problem = exc if isinstance(exc, OSError) else _as_os_error(exc)
    return SaveError(document, str(_private_folder_error(problem, document, "saved")))


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
    temp = target.with_name(f"{_temp_stem(target)}{random_hex(6)}.tmp")
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
    tag = sha256(target.name.encode("utf-8", "surrogatepass")).hexdigest()[:6]
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
