"""Table headers whose titles wrap onto more lines instead of being cut off."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QWidget


class WrapHeader(QHeaderView):
    """A header whose titles wrap onto more lines instead of being cut off.

    Horizontal: each title wraps within its column, and the header is as tall as the
    tallest title (``fit_height``). Vertical with ``chars``: row titles (a report's line
    labels) wrap within ``chars`` average characters, so a long label makes its row taller
    instead of making the label column take the table's width.
    """

    def __init__(
        self, orientation: Qt.Orientation, parent: QWidget | None = None, *, chars: int = 0
    ) -> None:
        super().__init__(orientation, parent)
        self.chars = chars
        wrap = Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value)
        if orientation == Qt.Orientation.Horizontal:
            self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | wrap)
        elif chars:
            self.setDefaultAlignment(
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | wrap
            )
        self.setTextElideMode(Qt.TextElideMode.ElideNone)

    def _wraps(self) -> bool:
        return self.orientation() == Qt.Orientation.Horizontal or self.chars > 0

    def title_metrics(self) -> QFontMetrics:
        """The titles' metrics (the theme draws them semi-bold: measure them bold)."""
        font = QFont(self.font())
        font.setBold(True)
        return QFontMetrics(font)

    def title(self, section: int) -> str:
        model = self.model()
        if model is None:
            return ""
        value = model.headerData(section, self.orientation(), Qt.ItemDataRole.DisplayRole)
        return "" if value is None else str(value)

    def _padding(self, section: int, text: str) -> QSize:
        """Room the style adds around a title (the theme's padding and borders)."""
        base = super().sectionSizeFromContents(section)
        natural = self.title_metrics().size(0, text)
        return QSize(
            max(8, base.width() - natural.width()), max(4, base.height() - natural.height())
        )

    def word_width(self, section: int) -> int:
        """The narrowest a section can be without cutting a word of its title."""
        text = self.title(section)
        metrics = self.title_metrics()
        words = text.split()
        widest = max((metrics.horizontalAdvance(w) for w in words), default=0)
        return widest + self._padding(section, text).width()

    def full_width(self, section: int) -> int:
        """The width of the title on one line (per line, for a title with line breaks)."""
        text = self.title(section)
        return self.title_metrics().size(0, text).width() + self._padding(section, text).width()

    def label_width(self) -> int:
        """Vertical, wrapping: the width of the label column — ``chars`` characters (so the
        tables of one page line up), or the longest word of a title if that is wider."""
        model = self.model()
        if model is None or not model.rowCount():
            return 0
        cap = self.fontMetrics().averageCharWidth() * self.chars
        return max(cap, *(self.word_width(s) for s in range(model.rowCount())))

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        base = super().sectionSizeFromContents(logicalIndex)
        if not self._wraps():
            return base
        text = self.title(logicalIndex)
        if not text:
            return base
        pad = self._padding(logicalIndex, text)
        if self.orientation() == Qt.Orientation.Horizontal:
            room = self.sectionSize(logicalIndex) - pad.width()
        else:
            room = (self.width() if self.width() > 0 else self.label_width()) - pad.width()
        flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap.value)
        box = self.title_metrics().boundingRect(QRect(0, 0, max(room, 8), 100_000), flags, text)
        return QSize(base.width(), max(base.height(), box.height() + pad.height()))

    def fit_height(self) -> int:
        """Horizontal: as tall as the tallest wrapped title."""
        model = self.model()
        if model is None:
            return 0
        heights = [
            self.sectionSizeFromContents(s).height()
            for s in range(model.columnCount())
            if not self.isSectionHidden(s)
        ]
        height = max(heights, default=self.fontMetrics().height() + 8)
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)
        return height
