"""Text that wraps between words, and inside a word too long for its room, so it never
crosses a cell's border: the layout maths and the item delegate every table shares."""

from __future__ import annotations

import math

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

# The most of a text a cell shows; a longer one ends in "…" (its editor holds it all). A field
# may hold 20,000 characters, and wrapping that in every cell froze tables for seconds.
DISPLAY_CHARS = 1000


def shown_text(text: str, chars: int = DISPLAY_CHARS) -> str:
    """``text`` as a cell or label shows it: at most ``chars`` characters."""
    return text if len(text) <= chars else text[: chars - 1] + "…"


def has_long_word(text: str, metrics: QFontMetrics, width: int) -> bool:
    """Whether a word of ``text`` is wider than ``width`` px. Only words with more letters
    than the widest letter fits into ``width`` are measured: prose needs no measuring."""
    safe = width // max(1, metrics.maxWidth())
    return any(
        len(word) > safe and metrics.horizontalAdvance(word) > width for word in text.split()
    )


def layout_text(
    text: str, font: QFont, width: float, option: QTextOption
) -> tuple[QTextLayout, float]:
    """``text`` laid out in lines of ``width``; the layout and its height."""
    layout = QTextLayout(text.replace("\n", "\u2028"), font)
    layout.setTextOption(option)
    height = 0.0
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1.0, width))
        line.setPosition(QPointF(0, height))
        height += line.height()
    layout.endLayout()
    return layout, height


class WrapDelegate(QStyledItemDelegate):
    """Cells whose text wraps between words — and inside a word too long for its column
    (a web address, or any word once a narrow window leaves no room), so that no text is
    ever cut off at a cell's border. Rows are as tall as that takes."""

    WRAP = QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere

    @staticmethod
    def _style(option: QStyleOptionViewItem) -> QStyle:
        widget = option.widget
        return widget.style() if widget is not None else QApplication.style()

    def _margin(self, option: QStyleOptionViewItem) -> int:
        """The room the style leaves on each side of a cell's text."""
        style = self._style(option)
        return style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, option, option.widget) + 1

    @staticmethod
    def _wraps(option: QStyleOptionViewItem) -> bool:
        features = option.features
        feature = QStyleOptionViewItem.ViewItemFeature
        return bool(
            option.text
            and features & feature.WrapText
            and not features & feature.HasDecoration
            and not features & feature.HasCheckIndicator
        )

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if len(option.text) > DISPLAY_CHARS:
            option.text = shown_text(option.text)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = option.rect.width() - 2 * self._margin(opt)
        if not self._wraps(opt) or not option.rect.isValid() or width <= 0:
            return hint
        # Qt measured the lines it would wrap between words; a long word takes more here.
        if not has_long_word(opt.text, QFontMetrics(opt.font), width):
            return hint  # no word wider than the cell: Qt's lines are ours
        words = QTextOption.WrapMode.WordWrap
        ours = layout_text(opt.text, opt.font, width, self._option(self.WRAP))[1]
        qts = layout_text(opt.text, opt.font, width, self._option(words))[1]
        return QSize(hint.width(), hint.height() + max(0, math.ceil(ours) - math.ceil(qts)))

    @staticmethod
    def _option(mode: QTextOption.WrapMode, align: Qt.AlignmentFlag | None = None) -> QTextOption:
        option = QTextOption() if align is None else QTextOption(align)
        option.setWrapMode(mode)
        return option

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if not self._wraps(opt):
            super().paint(painter, option, index)
            return
        style = self._style(opt)
        widget = opt.widget
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        text = opt.text
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        margin = self._margin(opt)
        room = QRectF(text_rect.adjusted(margin, 0, -margin, 0))
        align = opt.displayAlignment
        text_option = self._option(self.WRAP, align & Qt.AlignmentFlag.AlignHorizontal_Mask)
        text_option.setTextDirection(opt.direction)
        layout, height = layout_text(text, opt.font, room.width(), text_option)
        top = room.top()
        if align & Qt.AlignmentFlag.AlignVCenter:
            top += max(0.0, (room.height() - height) / 2)
        elif align & Qt.AlignmentFlag.AlignBottom:
            top += max(0.0, room.height() - height)
        state = opt.state
        group = QPalette.ColorGroup.Normal
        if not state & QStyle.StateFlag.State_Enabled:
            group = QPalette.ColorGroup.Disabled
        elif not state & QStyle.StateFlag.State_Active:
            group = QPalette.ColorGroup.Inactive
        role = (
            QPalette.ColorRole.HighlightedText
            if state & QStyle.StateFlag.State_Selected
            else QPalette.ColorRole.Text
        )
        painter.save()
        painter.setClipRect(QRectF(text_rect), Qt.ClipOperation.IntersectClip)
        painter.setPen(opt.palette.color(group, role))
        layout.draw(painter, QPointF(room.left(), top))
        painter.restore()


def wrapped_text_height(text: str, font: QFont, width: float, mode: QTextOption.WrapMode) -> float:
    """How tall ``text`` is laid out in lines ``width`` wide, wrapped as ``mode`` says."""
    option = QTextOption()
    option.setWrapMode(mode)
    return layout_text(text, font, width, option)[1]
