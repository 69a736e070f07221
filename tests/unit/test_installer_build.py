"""``./dev installer`` fails loudly: on modules PyInstaller could not find, and on a built
program that cannot do its work (the smoke test it runs before saying "Built").

The build itself runs in CI (``.ci/run``); here the checks run against warning text and
against programs that stand in for the bundle: one that cannot start, and the real command
line (``python -m sipdesk``) behind a small launcher, which must pass every step.
"""

from __future__ import annotations

import importlib.util
import os
import stat
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.plans import sample_plan
from tests.unit.helpers.cli import sipdesk

ROOT = Path(__file__).resolve().parents[2]


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sipdesk_build", ROOT / "installer" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _build_module()

# What PyInstaller wrote when it built from an editable install (issue 12), and lines that
# are no loss: names imported *from* reportlab modules, optional helpers, other platforms.
EDITABLE_WARNINGS = """
missing module named 'sipdesk.cli' - imported by launch (top-level)
missing module named sipdesk - imported by launch (top-level)
missing module named PySide6 - imported by sipdesk.ui.app (top-level)
"""
HARMLESS_WARNINGS = """
missing module named reportlab.platypus.XPreformatted - imported by reportlab.platypus (top-level)
missing module named 'reportlab.lib.pyHnj' - imported by reportlab.lib.utils (delayed, optional)
missing module named winreg - imported by platformdirs.windows (delayed, optional)
missing module named pysqlite2 - imported by sqlalchemy.dialects.sqlite.pysqlite (optional)
"""


def _launcher(folder: Path, body: str) -> Path:
    exe = folder / "SIP Desk"
    exe.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe


def test_missing_parts_of_sip_desk_fail_the_build() -> None:
    found = build.problems(["Hidden import 'sipdesk.cli' not found"], EDITABLE_WARNINGS)
    assert "Hidden import 'sipdesk.cli' not found" in found
    assert "missing module named sipdesk.cli" in found
    assert "missing module named PySide6" in found


def test_optional_and_other_platform_modules_do_not_fail_the_build() -> None:
    assert build.problems([], HARMLESS_WARNINGS) == []


@pytest.mark.skipif(os.name == "nt", reason="the stand-in programs are shell scripts")
def test_a_program_that_cannot_start_fails_the_smoke_test(tmp_path: Path) -> None:
    exe = _launcher(
        tmp_path,
        "echo \"ModuleNotFoundError: No module named 'sipdesk.cli'\" >&2; exit 1",
    )
    with pytest.raises(build.BuildFailed, match=r"sipdesk\.cli"):
        build.smoke_test(exe)


@pytest.mark.skipif(os.name == "nt", reason="the stand-in programs are shell scripts")
def test_a_program_whose_pdf_export_does_nothing_fails_the_smoke_test(tmp_path: Path) -> None:
    # Everything "succeeds" but writes nothing: the PDF check must notice.
    exe = _launcher(tmp_path, 'case "$1" in --version) echo "SIP Desk 0.1.0";; esac; exit 0')
    with pytest.raises(build.BuildFailed, match="PDF"):
        build.smoke_test(exe)


@pytest.mark.skipif(os.name == "nt", reason="the stand-in programs are shell scripts")
def test_the_real_command_line_passes_every_smoke_step(tmp_path: Path) -> None:
    exe = _launcher(tmp_path, f'exec "{sys.executable}" -m sipdesk "$@"')
    done = build.smoke_test(exe)
    steps = [line.split(":")[0] for line in done]
    assert steps == [
        "--version",
        "sample sample.sipdesk",
        "check sample.sipdesk",
        "export sample.sipdesk -o sample.pdf",
        "sample.sipdesk",
    ]


def test_the_smoke_window_quits_once_the_plan_is_shown(tmp_path: Path) -> None:
    plan = tmp_path / "Riverside.sipdesk"
    sample_plan(plan).close()
    env = {
        "SIPDESK_SMOKE_TEST": "1",
        "SIPDESK_DATA_DIR": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = sipdesk(plan, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "smoke test: step" in result.stdout
    # a clean close keeps no private working copy
    assert list((tmp_path / "data").glob("working/*")) == []


def test_the_smoke_window_fails_instead_of_waiting_for_an_answer(tmp_path: Path) -> None:
    # A plan that cannot be opened asks the person; in the smoke test nobody is there.
    bad = tmp_path / "Broken.sipdesk"
    bad.write_bytes(b"not a plan at all")
    env = {
        "SIPDESK_SMOKE_TEST": "1",
        "SIPDESK_DATA_DIR": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = sipdesk(bad, cwd=tmp_path, env=env)
    assert result.returncode == 3
    assert "Broken.sipdesk" in result.stderr


# ----------------------------------------------------------------- what ships around the bundle
def _stand_in_bundle(folder: Path, exe_name: str) -> Path:
    """A folder shaped like PyInstaller's (program + _internal/), small enough to pack fast."""
    bundle = folder / "SIP Desk"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "_internal" / "base_library.zip").write_bytes(b"stand-in")
    _launcher(bundle, 'echo "SIP Desk $*"').rename(bundle / exe_name)
    return bundle


def test_the_windows_installer_script_compiles(tmp_path: Path) -> None:
    import shutil
    import subprocess

    makensis = shutil.which("makensis")
    if makensis is None:
        if os.environ.get("CI"):
            pytest.fail("CI must compile the Windows installer: ./dev installer installs nsis")
        pytest.skip("makensis (Debian's nsis package) is not installed; ./dev installer adds it")
    bundle = _stand_in_bundle(tmp_path, "SIP Desk.exe")
    setup = tmp_path / "SIP-Desk-Setup.exe"
    result = subprocess.run(
        [
            makensis,
            "-V2",
            "-DVERSION=0.1.0",
            f"-DBUNDLE={bundle}",
            f"-DOUTFILE={setup}",
            str(ROOT / "installer" / "windows" / "sipdesk.nsi"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert setup.read_bytes()[:2] == b"MZ"  # a Windows program


@pytest.mark.skipif(os.name == "nt", reason="the Linux tarball is for Linux")
def test_the_linux_tarball_installs_per_user_and_uninstalls_leaving_plans(
    tmp_path: Path,
) -> None:
    import subprocess
    import tarfile

    bundle = _stand_in_bundle(tmp_path / "dist", "SIP Desk")
    tarball = build.linux_tarball(bundle, tmp_path, "9.9.9")
    unpacked = tmp_path / "unpacked"
    with tarfile.open(tarball) as tar:
        tar.extractall(unpacked, filter="tar")
    (top,) = unpacked.iterdir()
    home = tmp_path / "home"
    plans = home / "Documents"
    plans.mkdir(parents=True)
    (plans / "Riverside.sipdesk").write_bytes(b"a plan")
    env = {"PATH": os.environ["PATH"], "HOME": str(home)}

    installed = subprocess.run(
        [str(top / "install.sh")], env=env, capture_output=True, text=True, timeout=60
    )

    assert installed.returncode == 0, installed.stderr
    share = home / ".local" / "share"
    program = share / "sipdesk" / "app" / "SIP Desk"
    ran = subprocess.run([str(home / ".local/bin/sipdesk"), "--version"], capture_output=True)
    assert ran.stdout.strip() == b"SIP Desk --version"
    desktop = (share / "applications" / "sipdesk.desktop").read_text()
    assert f'Exec="{program}" %f' in desktop
    assert "MimeType=application/x-sipdesk;" in desktop
    assert '<glob pattern="*.sipdesk"/>' in (share / "mime/packages/sipdesk.xml").read_text()
    assert (share / "icons/hicolor/256x256/mimetypes/application-x-sipdesk.png").is_file()

    removed = subprocess.run(
        [str(share / "sipdesk" / "uninstall.sh")], env=env, capture_output=True, timeout=60
    )

    assert removed.returncode == 0
    assert not (share / "sipdesk").exists()
    assert not (home / ".local/bin/sipdesk").exists()
    assert not (share / "applications" / "sipdesk.desktop").exists()
    assert (plans / "Riverside.sipdesk").read_bytes() == b"a plan"


def test_the_mac_app_declares_sipdesk_files_as_its_documents(tmp_path: Path) -> None:
    import plistlib

    app = tmp_path / "SIP Desk.app"
    (app / "Contents").mkdir(parents=True)
    info = app / "Contents" / "Info.plist"
    # what PyInstaller writes, in short
    info.write_bytes(plistlib.dumps({"CFBundleName": "SIP Desk", "CFBundleExecutable": "SIP Desk"}))
    build.declare_mac_document_type(app, "9.9.9")
    plist = plistlib.loads(info.read_bytes())
    assert plist["CFBundleName"] == "SIP Desk"  # kept
    assert plist["CFBundleShortVersionString"] == "9.9.9"
    (declared,) = plist["UTExportedTypeDeclarations"]
    assert declared["UTTypeTagSpecification"]["public.filename-extension"] == ["sipdesk"]
    (document,) = plist["CFBundleDocumentTypes"]
    assert document["LSItemContentTypes"] == [declared["UTTypeIdentifier"]]
