"""The parts of the look that need much of Qt's style machinery: the application style
(Fusion, with sizes that follow the zoom) and the arrows the style sheet draws from files.

Apart from :mod:`sipdesk.ui.theme` because loading them makes Python build several dozen of
Qt's types (QStyle and every kind of QStyleOption, QImage, QPainter …), about a sixth of the
start screen's time: the window's first paint (the start screen, also while a plan named on
the command line is being opened) comes first, and they follow right after it
(:meth:`sipdesk.ui.theme.Theme.finish`), before any plan's page is built.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QProxyStyle,
    QPushButton,
    QStyle,
    QStyleOption,
    QWidget,
)

_FOCUS_MARGINS = frozenset(
    (QStyle.PixelMetric.PM_FocusFrameHMargin, QStyle.PixelMetric.PM_FocusFrameVMargin)
)
# The sizes that grow with the zoom.
_SCALED_METRICS = frozenset(
    (
        QStyle.PixelMetric.PM_IndicatorWidth,
        QStyle.PixelMetric.PM_IndicatorHeight,
        QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
        QStyle.PixelMetric.PM_ExclusiveIndicatorHeight,
        QStyle.PixelMetric.PM_SmallIconSize,
        QStyle.PixelMetric.PM_ButtonIconSize,
        QStyle.PixelMetric.PM_ToolBarIconSize,
    )
)
_OWN_METRICS = _FOCUS_MARGINS | _SCALED_METRICS | {QStyle.PixelMetric.PM_ScrollBarExtent}


class ScaledStyle(QProxyStyle):
    """Fusion, with check boxes and icons that grow with the zoom."""

    def __init__(self, scroll_bar_extent: int) -> None:
        super().__init__("Fusion")
        self.scale = 1.0
        self.scroll_bar_extent = scroll_bar_extent  # px at 100 %, as the style sheet has them

    def pixelMetric(
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        # Asked thousands of times as a page is laid out: the common case returns first.
        if metric not in _OWN_METRICS:
            return super().pixelMetric(metric, option, widget)
        if metric == QStyle.PixelMetric.PM_ScrollBarExtent:
            # What the style sheet makes them, for code that asks the style (fitting a view).
            return max(1, round(self.scroll_bar_extent * self.scale))
        base = super().pixelMetric(metric, option, widget)
        if metric in _FOCUS_MARGINS:
            if isinstance(widget, QAbstractItemView):
                # Room between a table cell's text and its grid lines.
                return round(5 * self.scale)
            return base
        return round(base * self.scale)

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        # Check boxes drawn in the theme's own text colour, so they stay visible in high
        # contrast (Fusion's are faint on black).
        if element in (
            QStyle.PrimitiveElement.PE_IndicatorCheckBox,
            QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
        ):
            self._draw_check(option, painter)
            return
        super().drawPrimitive(element, option, painter, widget)

    def _draw_check(self, option: QStyleOption, painter: QPainter) -> None:
        palette = option.palette
        rect = QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5)
        side = min(rect.width(), rect.height())
        rect = QRectF(rect.center().x() - side / 2, rect.center().y() - side / 2, side, side)
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        ink = palette.color(
            QPalette.ColorGroup.Normal if enabled else QPalette.ColorGroup.Disabled,
            QPalette.ColorRole.Text,
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(ink, max(1.5, side / 9))
        painter.setPen(pen)
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(rect, side / 6, side / 6)
        if option.state & QStyle.StateFlag.State_On:
            tick = QPen(ink, max(2.0, side / 6))
            tick.setCapStyle(Qt.PenCapStyle.RoundCap)
            tick.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(tick)
            path = QPainterPath()
            path.moveTo(rect.left() + side * 0.22, rect.top() + side * 0.52)
            path.lineTo(rect.left() + side * 0.42, rect.top() + side * 0.72)
            path.lineTo(rect.left() + side * 0.78, rect.top() + side * 0.3)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        elif option.state & QStyle.StateFlag.State_NoChange:
            painter.fillRect(rect.adjusted(side / 4, side / 2.3, -side / 4, -side / 2.3), ink)
        painter.restore()


def enter_presses_the_focused_button(_old: QWidget | None, new: QWidget | None) -> None:
    """Enter presses the focused button, as people expect (Qt only does that in dialogs): a
    keyboard-only principal tabbing to "Open the sample plan…" would otherwise have to know
    that Space is the key. A dialog's buttons keep what the dialog chose. Connected to the
    application's focusChanged (:meth:`sipdesk.ui.theme.Theme.finish`): done in the style's
    polish(), every widget Qt polished passed through Python, some 230 before a plan's first
    page, and Qt's own (a splitter's handle) had PySide make the Python types of all of
    QtWidgets on the way (about 12 ms of the plan's first page, measured)."""
    if (
        isinstance(new, QPushButton)
        and not new.autoDefault()
        and not isinstance(new.window(), QDialog)
    ):
        new.setAutoDefault(True)


def draw_arrow(path: Path, direction: str, color: str, width: int, height: int) -> None:
    """A triangle pointing ``up`` or ``down`` saved as ``path`` (a PNG), with an ``@2x``
    twin beside it for high-density screens."""
    for scale, suffix in ((1, ""), (2, "@2x")):
        image = QImage(width * scale, height * scale, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        w, h = float(width * scale), float(height * scale)
        tip, base = (0.0, h) if direction == "up" else (h, 0.0)
        painter.drawPolygon(QPolygonF([QPointF(0, base), QPointF(w, base), QPointF(w / 2, tip)]))
        painter.end()
        image.save(str(path.with_name(f"{path.stem}{suffix}.png")))
