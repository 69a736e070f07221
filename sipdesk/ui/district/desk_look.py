"""How the desk window looks: zoom, high contrast and presentation (F5), as in the plan window.

Only the desk window takes a new look (its own widgets are the theme's roots); the plan windows
open beside it keep theirs until their own zoom or presentation changes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from sipdesk.ui.settings import setting_float
from sipdesk.ui.theme import PRESENTATION_ZOOM, Theme


class DeskLook(QMainWindow):
    """The desk window's look; the window (desk_window.py) makes what it uses."""

    settings: QSettings
    theme: Theme
    contrast_action: QAction
    presentation_action: QAction
    zoom_label: QLabel

    def __init__(self) -> None:
        super().__init__()
        self._presentation: dict[str, Any] | None = None

    def _roots(self) -> list[QWidget]:
        own = [w for w in (self.centralWidget(), self.menuBar(), self.statusBar()) if w]
        # The windows opened beside the desk (what changed, a review) take the look too.
        return own + list(getattr(self, "side_windows", {}).values())

    def set_zoom(self, zoom: float) -> None:
        if self._presentation is not None:
            zoom = max(PRESENTATION_ZOOM, zoom)
        self.theme.apply(zoom=zoom, roots=self._roots(), holders=[self])
        key = "view/presentation_zoom" if self._presentation is not None else "view/zoom"
        self.settings.setValue(key, self.theme.zoom)
        self._show_zoom()

    def zoom_reset(self) -> None:
        self.set_zoom(PRESENTATION_ZOOM if self._presentation is not None else 1.0)

    def set_high_contrast(self, on: bool) -> None:
        self.theme.apply(high_contrast=on, roots=self._roots(), holders=[self])
        if self._presentation is None:
            self.settings.setValue("view/high_contrast", on)

    def set_presentation(self, on: bool) -> None:
        """Big text, high contrast, full screen; off puts it all back."""
        if on == (self._presentation is not None):
            return
        if on:
            self._presentation = {
                "zoom": self.theme.zoom,
                "high_contrast": self.theme.high_contrast,
                "full_screen": self.isFullScreen(),
                "maximized": self.isMaximized(),
                "geometry": self.saveGeometry(),
            }
            zoom = setting_float(self.settings, "view/presentation_zoom", PRESENTATION_ZOOM)
            self.theme.apply(
                zoom=max(PRESENTATION_ZOOM, zoom),
                high_contrast=True,
                roots=self._roots(),
                holders=[self],
            )
            self.showFullScreen()
            self.statusBar().showMessage("Presenting · F5 returns · Ctrl +/− size", 8000)
        else:
            before = self._presentation
            assert before is not None
            self._presentation = None
            self.theme.apply(
                zoom=before["zoom"],
                high_contrast=before["high_contrast"],
                roots=self._roots(),
                holders=[self],
            )
            if not before["full_screen"]:
                self.showNormal()
                if before["maximized"]:
                    self.showMaximized()
                else:
                    self.restoreGeometry(before["geometry"])
        self.contrast_action.setChecked(self.theme.high_contrast)
        self.presentation_action.setChecked(on)
        self._show_zoom()

    def presenting(self) -> bool:
        return self._presentation is not None

    def _show_zoom(self) -> None:
        self.zoom_label.setText(f"Zoom {round(self.theme.zoom * 100)} %")


__all__ = ["DeskLook"]
