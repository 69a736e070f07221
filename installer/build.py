"""Build the SIP Desk desktop bundle with PyInstaller (``./dev installer``).

The result is a folder ``dist/SIP Desk/`` with the ``sipdesk`` program, Qt and every resource
(catalogues, fonts, the sample plan, the schema). On Windows and macOS run it there to get a
native bundle; PyInstaller does not cross-compile.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    import PyInstaller.__main__

    sep = ";" if sys.platform == "win32" else ":"
    args = [
        str(ROOT / "installer" / "launch.py"),
        "--name",
        "SIP Desk",
        "--windowed",
        "--noconfirm",
        "--clean",
        "--distpath",
        str(ROOT / "dist"),
        "--workpath",
        str(ROOT / "build"),
        "--specpath",
        str(ROOT / "build"),
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
        # reportlab loads its C helpers (rl-accel) by a name in a string, which PyInstaller
        # cannot see; without them the PDF falls back to slower pure Python.
        "--hidden-import",
        "_rl_accel",
    ]
    PyInstaller.__main__.run(args)
    print(f"Built {ROOT / 'dist' / 'SIP Desk'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
