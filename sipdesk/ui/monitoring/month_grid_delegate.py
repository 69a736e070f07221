"""The month grid's cells: a status as a coloured pill with glyph and words (``StatusDelegate``),
drawn once per look and then copied, so a meeting can scroll the grid quickly.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from sipdesk.ui.monitoring.month_grid_model import (
    FIRST_MONTH_COL,
    STATUS_STYLE,
    MonthGridModel,
    status_text,
)

_SELECTED = QStyle.StateFlag.State_Selected.value
_FOCUS = QStyle.StateFlag.State_HasFocus.value


class StatusDelegate(QStyledItemDelegate):
    """Paints a month cell as a coloured pill with glyph and words, a corner mark for a note,
    and a thick focus frame so the current cell is plain from across a room.

    A meeting scrolls this grid a lot, so painting is cheap: each pill (status × size × font ×
    note mark) is drawn once into a cached pixmap and then only copied, and the cells read the
    model's rows directly instead of asking for each role through Qt.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Pills by (status, note mark, width, height); cleared when font, palette or screen
        # change (the view calls clear_cache), so no per-cell font or colour lookups.
        self._pills: dict[tuple[str, bool, int, int], QPixmap] = {}
        self._elided: dict[tuple[str, int], QStaticText] = {}
        self.row_height = 0  # a one-line row; pills in taller rows keep this height

    def clear_cache(self) -> None:
        self._pills.clear()
        self._elided.clear()

    def _pill(
        self, status: str, note: bool, width: int, height: int, option: QStyleOptionViewItem
    ) -> QPixmap:
        key = (status, note, width, height)
        cached = self._pills.get(key)
        if cached is not None:
            return cached
        font: QFont = option.font
        widget = option.widget
        dpr = widget.devicePixelRatioF() if widget is not None else 1.0
        mark = option.palette.color(QPalette.ColorRole.Text)
        pixmap = QPixmap(int(width * dpr), int(height * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setFont(font)
        fill, border, text, _glyph = STATUS_STYLE[status]
        painter.setPen(QPen(QColor(border), 1))
        painter.setBrush(QColor(fill))
        radius = height / 4
        painter.drawRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), radius, radius)
        painter.setPen(QColor(text))
        label = QFontMetrics(font).elidedText(
            status_text(status), Qt.TextElideMode.ElideRight, width - 4
        )
        painter.drawText(QRect(0, 0, width, height), int(Qt.AlignmentFlag.AlignCenter), label)
        if note:
            size = max(6, height // 3)
            corner = QPainterPath()
            corner.moveTo(width - size, 0)
            corner.lineTo(width, 0)
            corner.lineTo(width, size)
            corner.closeSubpath()
            painter.fillPath(corner, mark)
        painter.end()
        if len(self._pills) > 256:  # widths change with the window; never grow without bound
            self._pills.clear()
        self._pills[key] = pixmap
        return pixmap

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        model = index.model()
        if not isinstance(model, MonthGridModel):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect
        state = option.state.value
        if state & _SELECTED:
            painter.fillRect(rect, option.palette.color(QPalette.ColorRole.Highlight).lighter(170))
        row, column = index.row(), index.column()
        if column < FIRST_MONTH_COL:
            self._paint_action(painter, option, model.action_label(row), rect)
        else:
            entry = model.entry_at(row, column)
            if entry is not None:
                line = min(rect.height(), self.row_height or rect.height())
                pad = max(2, line // 10)
                width, height = rect.width() - 2 * pad, line - 2 * pad
                if width > 4 and height > 4:
                    pixmap = self._pill(entry[0], bool(entry[1]), width, height, option)
                    top = rect.top() + (rect.height() - height) // 2
                    painter.drawPixmap(rect.left() + pad, top, pixmap)
        if column > FIRST_MONTH_COL and model.starts_period(column):
            # a new monitoring period (cycle or quarter) begins with this month
            painter.save()
            painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Mid), 2))
            painter.drawLine(rect.left(), rect.top(), rect.left(), rect.bottom())
            painter.restore()
        if state & _FOCUS:
            line = max(2, rect.height() // 12)
            painter.save()
            painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Highlight), line))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            half = line // 2
            painter.drawRect(rect.adjusted(half, half, -half - 1, -half - 1))
            painter.restore()

    def _paint_action(
        self, painter: QPainter, option: QStyleOptionViewItem, text: str, rect: QRect
    ) -> None:
        pad = max(4, rect.height() // 6)
        width = rect.width() - 2 * pad
        key = (text, width)
        label = self._elided.get(key)
        if label is None:
            metrics = QFontMetrics(option.font)
            label = QStaticText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.prepare(QTransform(), option.font)
            if len(self._elided) > 4096:
                self._elided.clear()
            self._elided[key] = label
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        top = rect.top() + (rect.height() - int(label.size().height())) // 2
        painter.drawStaticText(rect.left() + pad, top, label)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        if index.column() < FIRST_MONTH_COL:
            return super().sizeHint(option, index)
        metrics = option.fontMetrics
        return QSize(
            metrics.horizontalAdvance(status_text("not_started")) + metrics.height(),
            int(metrics.height() * 1.9),
        )
