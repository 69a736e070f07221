"""Build the SIP Desk desktop bundle with PyInstaller and prove it runs (``./dev installer``).

The result is a folder ``dist/SIP Desk/`` with the ``SIP Desk`` program, Qt and every resource
(catalogues, fonts, the sample plan, the schema). On Linux it is also packed as a per-user
tarball (``installer/linux/install.sh``); on macOS PyInstaller also makes ``SIP Desk.app``,
which gets the .sipdesk document type; on Windows ``installer/windows/sipdesk.nsi`` wraps the
folder into a per-user installer. PyInstaller does not cross-compile: build on each system
(``.github/workflows/installers.yml``).

The build fails (exit 1) instead of saying "Built" when PyInstaller could not find a module
SIP Desk needs, or when the built program cannot do its work: print its version, write the
sample plan, check it, export it to PDF, and open it in a window (offscreen) and quit.
``--no-smoke`` skips running the program (for a build on a machine without its libraries).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WINDOWS = sys.platform == "win32"
DIST = ROOT / "dist" / "SIP Desk"
WORK = ROOT / "build"
# Top-level packages the program cannot start or work without; PyInstaller only warns when
# one is missing, and the bundle then fails on the user's machine.
NEEDED = (
    "sipdesk",
    "PySide6",
    "shiboken6",
    "sqlalchemy",
    "alembic",
    "reportlab",
    "platformdirs",
    "arabic_reshaper",
    "bidi",
    "typing_extensions",
)


class BuildFailed(Exception):
    """A sentence saying why the bundle is not fit to ship."""


class _ErrorCollector(logging.Handler):
    """Keeps PyInstaller's ERROR lines (for example "Hidden import 'x' not found")."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def pyinstaller_args() -> list[str]:
    sep = ";" if WINDOWS else ":"
    return [
        str(ROOT / "installer" / "launch.py"),
        "--name",
        "SIP Desk",
        "--windowed",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST.parent),
        "--workpath",
        str(WORK),
        "--specpath",
        str(WORK),
        # The package is read from the repository itself: an editable install (what ./dev
        # makes) hides it from PyInstaller, which then leaves all of SIP Desk out.
        "--paths",
        str(ROOT),
        "--add-data",
        f"{ROOT / 'resources'}{sep}resources",
        # Alembic reads migration scripts from disk, so they ship as files, not bytecode.
        "--add-data",
        f"{ROOT / 'sipdesk' / 'storage' / 'migrations'}{sep}sipdesk/storage/migrations",
        "--collect-submodules",
        "sipdesk",
        "--collect-data",
        "sipdesk",
        "--hidden-import",
        "sqlalchemy.dialects.sqlite",
        "--hidden-import",
        "alembic",
        # jsonschema checks imported plans; it reads its meta-schemas from package data.
        "--hidden-import",
        "jsonschema",
        "--collect-data",
        "jsonschema_specifications",
        # reportlab loads its C helpers (rl-accel) by a name in a string, which PyInstaller
        # cannot see; without them the PDF falls back to slower pure Python.
        "--hidden-import",
        "_rl_accel",
        "--osx-bundle-identifier",
        "org.sipdesk.SIPDesk",
        *(["--icon", str(ROOT / "installer" / "icons" / "sipdesk.ico")] if WINDOWS else []),
    ]


def missing_needed(warn_text: str) -> list[str]:
    """What PyInstaller's warnings file says it could not find of SIP Desk's own modules, or
    of the packages in :data:`NEEDED`.

    Inside other packages it also lists names imported *from* a module (a class, a function)
    and optional helpers, which are no loss, so only the packages themselves count there.
    """
    missing = []
    for line in warn_text.splitlines():
        match = re.match(r"missing module named '?([\w.]+)'?", line)
        if not match:
            continue
        name = match.group(1)
        if name.split(".")[0] == "sipdesk" or name in NEEDED:
            missing.append(name)
    return missing


def problems(errors: list[str], warn_text: str) -> list[str]:
    """Every reason the build is not fit to ship, from PyInstaller's errors and warnings."""
    found = list(errors)
    found += [f"missing module named {name}" for name in missing_needed(warn_text)]
    return found


def build() -> None:
    import PyInstaller.__main__

    collector = _ErrorCollector()
    logging.getLogger("PyInstaller").addHandler(collector)
    try:
        PyInstaller.__main__.run(pyinstaller_args())
    finally:
        logging.getLogger("PyInstaller").removeHandler(collector)
    warn_file = WORK / "SIP Desk" / "warn-SIP Desk.txt"
    warn_text = warn_file.read_text(encoding="utf-8") if warn_file.is_file() else ""
    found = problems(collector.messages, warn_text)
    if found:
        listed = "\n  ".join(found[:40])
        more = f"\n  … and {len(found) - 40} more" if len(found) > 40 else ""
        raise BuildFailed(f"PyInstaller could not find what SIP Desk needs:\n  {listed}{more}")


def program(dist: Path = DIST) -> Path:
    if WINDOWS:
        return dist / "SIP Desk.exe"
    return dist / "SIP Desk"


def smoke_test(exe: Path) -> list[str]:
    """Run the built program as a person would; return what it did (raise if anything failed)."""
    from sipdesk import __version__

    done: list[str] = []
    with tempfile.TemporaryDirectory(prefix="sipdesk-smoke-") as tmp:
        home = Path(tmp)
        env = dict(os.environ)
        # Its own home, data and settings folders: the smoke test leaves the builder's alone.
        env.update(
            HOME=str(home),
            USERPROFILE=str(home),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            SIPDESK_DATA_DIR=str(home / "sipdesk-data"),
            QT_QPA_PLATFORM="offscreen",
        )
        env.pop("PYTHONPATH", None)
        plan, pdf = home / "sample.sipdesk", home / "sample.pdf"

        def run(*args: str, extra: dict[str, str] | None = None) -> str:
            said = " ".join(Path(arg).name if os.sep in arg else arg for arg in args)
            started = time.perf_counter()
            try:
                result = subprocess.run(
                    [str(exe), *args],
                    env={**env, **(extra or {})},
                    capture_output=True,
                    text=True,
                    timeout=180,
                    cwd=home,
                )
            except subprocess.TimeoutExpired as exc:
                raise BuildFailed(f"the built program hung on '{said}'") from exc
            if result.returncode != 0:
                raise BuildFailed(
                    f"the built program failed on '{said}' "
                    f"(exit {result.returncode}):\n{result.stdout}{result.stderr}"
                )
            done.append(f"{said}: ok in {time.perf_counter() - started:.1f} s")
            return result.stdout

        version = run("--version")
        if __version__ not in version:
            raise BuildFailed(f"the built program says its version is {version!r}")
        run("sample", str(plan))
        run("check", str(plan))
        run("export", str(plan), "-o", str(pdf))
        if not pdf.is_file() or pdf.stat().st_size < 10_000 or pdf.read_bytes()[:4] != b"%PDF":
            raise BuildFailed("the built program's PDF export is not a PDF")
        leftovers = sorted((home / "sipdesk-data").glob("working/*"))
        if leftovers:
            names = ", ".join(p.name for p in leftovers)
            raise BuildFailed(f"the command line left private working copies behind: {names}")
        shown = run(str(plan), extra={"SIPDESK_SMOKE_TEST": "1"})
        if "step" not in shown:
            raise BuildFailed(f"the built program's window did not show the plan: {shown!r}")
        if sorted((home / "sipdesk-data").glob("working/*")):
            raise BuildFailed("the window kept a private working copy after a clean close")
    return done


def linux_tarball(bundle: Path, out: Path, version: str) -> Path:
    """``sipdesk-VERSION-linux-x86_64.tar.gz``: the bundle with a per-user ``install.sh``
    (menu entry, .sipdesk file type and icons), ``uninstall.sh`` and what they install."""
    import platform
    import tarfile

    top = f"sipdesk-{version}-linux-{platform.machine() or 'unknown'}"
    target = out / f"{top}.tar.gz"
    extras = [ROOT / "installer" / "linux" / name for name in LINUX_FILES]
    extras += [ROOT / "installer" / "icons" / name for name in LINUX_ICONS]
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=f"{top}/SIP Desk")
        for extra in extras:
            tar.add(extra, arcname=f"{top}/{extra.name}")
    return target


LINUX_FILES = ("install.sh", "uninstall.sh", "sipdesk.desktop", "sipdesk-mime.xml")
LINUX_ICONS = ("sipdesk.png", "sipdesk-document.png")


def declare_mac_document_type(app: Path, version: str) -> None:
    """Tell macOS that the .app opens .sipdesk files (Finder's double-click, "Open With")."""
    import plistlib

    info = app / "Contents" / "Info.plist"
    with info.open("rb") as handle:
        plist = plistlib.load(handle)
    plist.update(
        CFBundleShortVersionString=version,
        CFBundleVersion=version,
        NSHighResolutionCapable=True,
        CFBundleDocumentTypes=[
            {
                "CFBundleTypeName": "School Improvement Plan",
                "CFBundleTypeRole": "Editor",
                "LSHandlerRank": "Owner",
                "LSItemContentTypes": ["org.sipdesk.plan"],
            }
        ],
        UTExportedTypeDeclarations=[
            {
                "UTTypeIdentifier": "org.sipdesk.plan",
                "UTTypeDescription": "School Improvement Plan",
                "UTTypeConformsTo": ["public.data"],
                "UTTypeTagSpecification": {"public.filename-extension": ["sipdesk"]},
            }
        ],
    )
    with info.open("wb") as handle:
        plistlib.dump(plist, handle)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    started = time.perf_counter()
    try:
        if DIST.exists():
            shutil.rmtree(DIST)
        build()
        built = time.perf_counter() - started
        print(f"PyInstaller finished in {built:.0f} s", flush=True)
        if "--no-smoke" not in args:
            for line in smoke_test(program()):
                print(f"  {line}", flush=True)
    except BuildFailed as exc:
        shutil.rmtree(DIST, ignore_errors=True)  # a bundle that does not work is not left to ship
        print(f"The installer build failed: {exc}", file=sys.stderr)
        return 1
    from sipdesk import __version__

    size = folder_size(DIST) / 2**20
    print(f"Built {DIST} ({size:.0f} MB)")
    if sys.platform == "darwin":
        app = DIST.parent / "SIP Desk.app"
        declare_mac_document_type(app, __version__)
        print(f"Built {app} (.sipdesk declared as its document type)")
    if sys.platform.startswith("linux") and "--no-tarball" not in args:
        tarball = linux_tarball(DIST, DIST.parent, __version__)
        print(f"Built {tarball} ({tarball.stat().st_size / 2**20:.0f} MB)")
    print(f"Done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
