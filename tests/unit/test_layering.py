"""Qt lives in sipdesk/ui/ only: the rest of SIP Desk works from a plain Python shell."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ["models", "storage", "services", "diagrams", "export", "district", "room"]


def test_core_packages_do_not_load_qt() -> None:
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for pkg in CORE
        for p in sorted((ROOT / "sipdesk" / pkg).rglob("*.py"))
        if "migrations" not in p.parts
    ]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "import sipdesk.cli\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(len(loaded), loaded[:3])\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(modules) > 10


def test_no_qt_import_statement_outside_ui() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "sipdesk").rglob("*.py")
        if "ui" not in path.relative_to(ROOT / "sipdesk").parts[:1]
        and any(
            line.lstrip().startswith(("import PySide6", "from PySide6"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []


def test_reportlab_is_used_only_by_export() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "sipdesk").rglob("*.py")
        if path.relative_to(ROOT / "sipdesk").parts[0] not in ("export",)
        and any(
            line.lstrip().startswith(("import reportlab", "from reportlab"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []


def test_the_test_output_folder_is_outside_the_checkout(output_dir: Path) -> None:
    # Screenshots and PDFs that tests leave for people go to a temporary folder (or the one
    # SIPDESK_TEST_OUTPUT names), never into the repository.
    assert ROOT not in output_dir.resolve().parents or "SIPDESK_TEST_OUTPUT" in os.environ
    assert output_dir.is_dir()


def test_pages_ask_services_by_name_and_never_build_rows_or_queries() -> None:
    # The step pages, the fishbone panels and the wall call named service operations
    # ("add a goal", "move a SWOT item"); only the generic table editor works on rows of
    # whatever model it is given.
    generic = set((ROOT / "sipdesk" / "ui" / "tables").glob("*.py"))
    calls = ("insert_row(", "delete_row(", "move_row(", "from sqlalchemy import")
    offenders = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for path in sorted((ROOT / "sipdesk" / "ui").rglob("*.py"))
        if path not in generic
        for line in path.read_text(encoding="utf-8").splitlines()
        if any(call in line for call in calls) and not line.lstrip().startswith("def ")
    ]
    assert offenders == []


def test_the_start_screen_needs_no_database_code() -> None:
    # SQLAlchemy and the plan's entities load when a plan opens, not before the start
    # screen: they were a third of a second of every start.
    script = (
        "import sys\n"
        "import sipdesk.ui.app\n"
        "import sipdesk.models.formatting\n"
        "loaded = [m for m in ('sqlalchemy', 'sipdesk.models.base', 'sipdesk.ui.wall')"
        " if m in sys.modules]\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    # and asking the package for an entity still gives every one of them, mapped together
    script = (
        "import sipdesk.models as m\n"
        "assert m.Goal.__tablename__ == 'goals'\n"
        "assert 'causes' in m.Base.metadata.tables and 'parked_ideas' in m.Base.metadata.tables\n"
        "assert 'Goal' in dir(m)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
