"""The desk window's File ▸ *The district's expectations…* (Ctrl+E) and *Check-ins…* (Ctrl+K,
with a button beside *Review…*) — issue 13, items 6–8. The windows themselves are in
:mod:`expectations_window` and :mod:`checkins_window`, imported when first asked for, so the
desk opens as quickly as before."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QPushButton

if TYPE_CHECKING:
    from sipdesk.ui.district.checkins_window import CheckinsDialog
    from sipdesk.ui.district.desk_window import DeskWindow
    from sipdesk.ui.district.expectations_window import ExpectationsDialog


class DistrictActions:
    """File ▸ *The district's expectations…* (Ctrl+E) and *Check-ins…* (Ctrl+K, with a button
    beside Review…), enabled as the desk window's own actions are."""

    def __init__(self, window: DeskWindow, file_menu: Any) -> None:
        self.window = window
        self.expectations_action = window._action(
            "The district's e&xpectations…", self.show_expectations, ["Ctrl+E"]
        )
        self.checkins_action = window._action("Chec&k-ins…", self.show_checkins, ["Ctrl+K"])
        self.checkins_button = QPushButton("Check-ins…", window.school_bar)
        self.checkins_button.setAccessibleName("The school's check-ins and their reviews")
        self.checkins_button.clicked.connect(self.show_checkins)
        bar = window.school_bar.layout()
        assert bar is not None
        bar.addWidget(self.checkins_button)
        file_menu.addAction(self.expectations_action)
        file_menu.addAction(self.checkins_action)
        window.rows_shown.connect(self.update)
        window.desk_opened.connect(self.update)
        window.table.selectionModel().currentChanged.connect(self.update)
        self.update()

    def show_expectations(self) -> ExpectationsDialog | None:
        from sipdesk.ui.district.expectations_window import show_expectations

        return show_expectations(self.window) if self.window.desk is not None else None

    def show_checkins(self) -> CheckinsDialog | None:
        from sipdesk.ui.district.checkins_window import show_checkins

        row = self.window._current_row()
        if row is None or self.window.desk is None:
            return None
        return show_checkins(self.window, row)

    def update(self, *_: object) -> None:
        has_desk = self.window.desk is not None
        chosen = has_desk and self.window._current_row() is not None
        self.checkins_action.setEnabled(chosen)
        self.checkins_button.setEnabled(chosen)
        self.expectations_action.setEnabled(has_desk)


__all__ = ["DistrictActions"]
