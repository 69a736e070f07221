"""A combo box that stays readable when the window is narrow.

A plain QComboBox squeezed below its text cuts the text off mid-letter ("School categorie").
This one ends it with "…" instead and shows the whole item as a tooltip, so the side columns
of a 1366 × 768 projector can shrink without hiding what is chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QToolTip,
    QWidget,
)


class ElidedComboBox(QComboBox):
    """``fit_contents``: ask for the width of the longest item (used when there is room);
    ``min_chars``: the narrowest it may become, in characters, eliding below that."""

    def __init__(
        self, parent: QWidget | None = None, *, min_chars: int = 8, fit_contents: bool = False
    ) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToContents
            if fit_contents
            else QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.setMinimumContentsLength(min_chars)

    def full_text(self) -> str:
        """The current item's whole text (its tooltip, when it has one)."""
        tip = self.itemData(self.currentIndex(), Qt.ItemDataRole.ToolTipRole)
        return str(tip) if tip else self.currentText()

    def is_elided(self) -> bool:
        """True when the current text is too long for the box and ends in "…"."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        return self.fontMetrics().horizontalAdvance(option.currentText) > self._room(option)

    def _room(self, option: QStyleOptionComboBox) -> int:
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            self,
        )
        room = field.width() - 4
        if not option.currentIcon.isNull():
            room -= option.iconSize.width() + 4
        return max(room, 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        # As QComboBox::paintEvent, with the label elided to the edit field's width.
        painter = QStylePainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        if self.currentIndex() < 0 and self.placeholderText():
            option.palette.setBrush(QPalette.ColorRole.ButtonText, option.palette.placeholderText())
            option.currentText = self.placeholderText()
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, self._room(option)
        )
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and not self.toolTip():
            text = self.full_text()
            if text and isinstance(event, QHelpEvent):
                QToolTip.showText(event.globalPos(), text, self)
                return True
        return super().event(event)
