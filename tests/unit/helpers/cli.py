"""Run the ``sipdesk`` command line as a real process, or in a child that is not root.

Permission tests (read-only folders, unreadable files) mean nothing to root, who may write
anywhere; :func:`as_nobody` forks and drops to the ``nobody`` user first. It forks instead of
starting a new interpreter because the interpreter may live in a folder ``nobody`` cannot enter
(e.g. ``/root/.pyenv``), so everything the child needs is imported before privileges go.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

NOBODY = 65534
CAN_DROP = hasattr(os, "fork") and hasattr(os, "setuid")


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def sipdesk(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> Result:
    """``python -m sipdesk ARGS`` in ``cwd``, with this process's environment (plus ``env``)."""
    done = subprocess.run(
        [sys.executable, "-m", "sipdesk", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=120,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def _warm_up() -> None:
    """Import (and build once) everything a command may load lazily."""
    import difflib  # noqa: F401
    import traceback  # noqa: F401

    import sipdesk.cli
    import sipdesk.export.files
    import sipdesk.export.interchange
    import sipdesk.services.checks
    import sipdesk.services.operations
    import sipdesk.services.snapshot  # noqa: F401
    from sipdesk.storage.migrate import empty_plan_bytes

    empty_plan_bytes()


def as_nobody(work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run ``work`` in a forked child as ``nobody`` (or as this user, when not root)."""
    if not CAN_DROP:
        pytest.skip("dropping privileges needs fork and setuid")
    _warm_up()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        try:
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            result = work()
        except BaseException as exc:  # report everything to the parent
            result = {"error": f"{type(exc).__name__}: {exc}"}
        os.write(write_fd, json.dumps(result).encode())
        os._exit(0)
    os.close(write_fd)
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    os.waitpid(pid, 0)
    return json.loads(b"".join(chunks))  # type: ignore[no-any-return]


def sipdesk_as_nobody(args: Sequence[str | Path], *, cwd: Path, data_dir: Path) -> Result:
    """The command line run in-process by a child that is not root; output captured."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:

        def work() -> dict[str, Any]:
            from sipdesk.cli import main

            os.environ["SIPDESK_DATA_DIR"] = str(data_dir)
            os.chdir(cwd)
            # pytest replaces sys.stdout/stderr as well as descriptors 1 and 2: take both
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            try:
                code = main([str(a) for a in args])
            except SystemExit as exc:  # argparse
                code = int(exc.code or 0)
            except BaseException:
                import traceback

                traceback.print_exc()
                code = -1
            sys.stdout.flush()
            sys.stderr.flush()
            return {"returncode": code}

        result = as_nobody(work)
        assert "error" not in result, result
        out.seek(0)
        err.seek(0)
        return Result(
            int(result["returncode"]),
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


@contextmanager
def shared_folder() -> Iterator[Path]:
    """A folder every user can reach (pytest's own temp root is private to its owner)."""
    root = Path(tempfile.mkdtemp(prefix="sipdesk-shared-"))
    os.chmod(root, 0o777)
    try:
        yield root
    finally:
        for folder, _dirs, _files in os.walk(root):
            os.chmod(folder, 0o777)
        shutil.rmtree(root, ignore_errors=True)


def one_sentence(result: Result, *words: str) -> str:
    """Assert the command failed with exit 2 and one plain line on stderr holding ``words``."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]
