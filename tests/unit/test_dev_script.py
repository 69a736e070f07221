"""``./dev`` refuses a Python older than 3.11 with a sentence saying how to get one, and
rebuilds a ``.venv`` that another Python made (the script's own ``python`` command reports
what it would do, so these tests run it without installing anything)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(os.name == "nt", reason="./dev is a bash script")


def _script(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def _dev(folder: Path, *args: str, python: Path | str) -> subprocess.CompletedProcess[str]:
    """Run a copy of ./dev from ``folder`` (it works on the folder it lives in)."""
    shutil.copy2(ROOT / "dev", folder / "dev")
    return subprocess.run(
        ["bash", str(folder / "dev"), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "SIPDESK_PYTHON": str(python)},
        timeout=60,
    )


def test_an_old_python_is_refused_with_a_way_to_get_a_new_one(tmp_path: Path) -> None:
    old = _script(tmp_path / "bin" / "python3", "echo 3.10")
    result = _dev(tmp_path, "python", python=old)
    assert result.returncode == 1
    assert "SIP Desk needs Python 3.11 or newer" in result.stderr
    assert "is 3.10" in result.stderr
    assert "Ubuntu 22.04" in result.stderr
    assert "sudo apt install python3.11 python3.11-venv" in result.stderr


def _python_env(folder: Path, python: Path) -> subprocess.CompletedProcess[str]:
    """Run only ./dev's ``python_env`` (what ``./dev app`` does after the system packages)."""
    shutil.copy2(ROOT / "dev", folder / "dev")
    shutil.copy2(ROOT / "pyproject.toml", folder / "pyproject.toml")
    functions = 'source <(sed "/^cmd=/,\\$d" dev); python_env ""'
    return subprocess.run(
        ["bash", "-c", functions],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "SIPDESK_PYTHON": str(python)},
        timeout=60,
    )


# A stand-in Python 3.11: answers the version question, makes a venv holding a copy of
# itself, and accepts every pip command.
FAKE_311 = """case "$1" in
  -c) echo 3.11 ;;
  -m) if [ "$2" = venv ]; then mkdir -p "$3/bin" && cp "$0" "$3/bin/python"; fi ;;
esac"""


def test_the_app_command_stops_at_an_old_python_before_making_anything(tmp_path: Path) -> None:
    old = _script(tmp_path / "bin" / "python3", "echo 3.10")
    result = _python_env(tmp_path, old)
    assert result.returncode == 1, result.stderr
    assert "needs Python 3.11" in result.stderr
    assert not (tmp_path / ".venv").exists()


def test_a_stale_venv_is_removed_and_made_again(tmp_path: Path) -> None:
    _script(tmp_path / ".venv" / "bin" / "python", "echo 3.10")
    (tmp_path / ".venv" / ".installed-").touch()  # "installed" by the old Python
    (tmp_path / ".venv" / "made-by-3.10").touch()
    new = _script(tmp_path / "bin" / "python3.11", FAKE_311)
    result = _python_env(tmp_path, new)
    assert result.returncode == 0, result.stderr
    assert "Rebuilding .venv with Python 3.11" in result.stdout
    assert not (tmp_path / ".venv" / "made-by-3.10").exists()
    assert (tmp_path / ".venv" / "bin" / "python").read_text() == new.read_text()
    assert (tmp_path / ".venv" / ".installed-").exists()  # installed again, by 3.11


def test_a_venv_made_by_another_python_is_rebuilt(tmp_path: Path) -> None:
    _script(tmp_path / ".venv" / "bin" / "python", "echo 3.10")
    result = _dev(tmp_path, "python", python=sys.executable)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "venv:stale"


def test_a_venv_whose_python_is_gone_is_rebuilt(tmp_path: Path) -> None:
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").symlink_to(tmp_path / "removed-python")
    result = _dev(tmp_path, "python", python=sys.executable)
    assert result.stdout.split()[-1] == "venv:stale"


def test_a_venv_made_by_this_python_is_kept(tmp_path: Path) -> None:
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").symlink_to(sys.executable)
    result = _dev(tmp_path, "python", python=sys.executable)
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert result.stdout.split() == [sys.executable, version, "venv:ok"]
