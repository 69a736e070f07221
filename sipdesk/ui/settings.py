"""What SIP Desk remembers between runs, read and written by name instead of by key string.

The window keeps its choices in a ``QSettings`` (the person's own settings, or a file of a
test's own). :class:`WindowSettings` wraps it with one typed property per choice, so each key
and its default are written once, here::

    prefs = WindowSettings(QSettings())
    prefs.side_panel = False          # view/side_panel
    step = prefs.plan_step(path)      # plans/<hash of the path>/step

Values stored by an older SIP Desk or by hand read back leniently: "true"/"1"/"yes" are
true, a number that does not parse gives the default.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from sipdesk.digests import sha1

if TYPE_CHECKING:
    from sipdesk.export.pdf import Paper

MAX_RECENT = 8


def setting_bool(settings: QSettings, key: str, default: bool) -> bool:
    value = settings.value(key, default)
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def setting_float(settings: QSettings, key: str, default: float) -> float:
    try:
        return float(str(settings.value(key, default)))
    except ValueError:
        return default


def setting_int(settings: QSettings, key: str, default: int) -> int:
    try:
        return int(str(settings.value(key, default)))
    except ValueError:
        return default


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = Path(found) if found else Path.home()
    return path if path.is_dir() else Path.home()


class WindowSettings:
    """The window's remembered choices, over ``settings``."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def _flag(self, key: str, default: bool) -> bool:
        return setting_bool(self.settings, key, default)

    # ----------------------------------------------------------------- the View menu
    @property
    def meeting_bar(self) -> bool:
        """The meeting bar shows (off until the coach wants it)."""
        return self._flag("view/meeting_bar", False)

    @meeting_bar.setter
    def meeting_bar(self, on: bool) -> None:
        self.settings.setValue("view/meeting_bar", on)

    @property
    def side_panel(self) -> bool:
        """The coaching prompts and plan health show beside the step."""
        return self._flag("view/side_panel", True)

    @property
    def step_list(self) -> bool:
        """The list of steps shows at the left."""
        return self._flag("view/step_list", True)

    @property
    def coaching_expanded(self) -> bool:
        """The coaching prompts are unfolded."""
        return self._flag("view/coaching_expanded", True)

    @coaching_expanded.setter
    def coaching_expanded(self, on: bool) -> None:
        self.settings.setValue("view/coaching_expanded", on)

    # ----------------------------------------------------------------- the window
    @property
    def geometry(self) -> QByteArray | None:
        """The window's place and size as Qt saved it (None before the first close)."""
        value = self.settings.value("window/geometry")
        return QByteArray(value) if isinstance(value, QByteArray | bytes) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.settings.setValue("window/geometry", value)

    @property
    def maximized(self) -> bool:
        return self._flag("window/maximized", False)

    @maximized.setter
    def maximized(self, on: bool) -> None:
        self.settings.setValue("window/maximized", on)

    # ----------------------------------------------------------------- files
    @property
    def last_folder(self) -> Path:
        """Where the last plan was opened or saved (the Documents folder at first)."""
        return Path(str(self.settings.value("last_folder", str(documents_folder()))))

    @last_folder.setter
    def last_folder(self, folder: Path) -> None:
        self.settings.setValue("last_folder", str(folder))

    @property
    def recent(self) -> list[str]:
        """The plans opened last, the latest first."""
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            return [value] if value else []
        if isinstance(value, list | tuple):
            return [str(v) for v in value]
        return []

    @recent.setter
    def recent(self, paths: list[str]) -> None:
        self.settings.setValue("recent", paths[:MAX_RECENT])

    @property
    def paper(self) -> Paper:
        """The paper size for PDFs chosen in File ▸ Export (Letter at first)."""
        return "a4" if str(self.settings.value("export/paper", "letter")) == "a4" else "letter"

    @paper.setter
    def paper(self, paper: str) -> None:
        self.settings.setValue("export/paper", paper)

    # ----------------------------------------------------------------- each plan
    @staticmethod
    def plan_key(path: Path, what: str) -> str:
        """The key of something remembered about the plan at ``path``."""
        digest = sha1(str(path).encode("utf-8")).hexdigest()[:16]
        return f"plans/{digest}/{what}"

    def plan_step(self, path: Path) -> int:
        """The step the plan at ``path`` was left on (0 at first)."""
        return setting_int(self.settings, self.plan_key(path, "step"), 0)

    def set_plan_step(self, path: Path, step: int) -> None:
        self.settings.setValue(self.plan_key(path, "step"), step)

    def plan_id(self, path: Path) -> str:
        """The plan id of the plan at ``path`` when it was last opened here ("" if unknown:
        a plan opened by an older SIP Desk, or one from before plan ids), so the start
        screen can find the district's expectations kept for it without opening it."""
        return str(self.settings.value(self.plan_key(path, "plan_id"), "") or "")

    def set_plan_id(self, path: Path, plan_id: str) -> None:
        self.settings.setValue(self.plan_key(path, "plan_id"), plan_id)


__all__ = [
    "MAX_RECENT",
    "WindowSettings",
    "documents_folder",
    "setting_bool",
    "setting_float",
    "setting_int",
]
