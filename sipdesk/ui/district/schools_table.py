"""The desk's table of schools, as the window shows it: a row per school, sorted by a header
click, opened by Enter or a double-click; rows and columns sized from the text, so they grow
with the zoom, and the school's column kept wide enough for the names."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

CELL_PADDING = 8  # px at 100 %, either side of a cell's words
SCHOOL_EMS = 28  # the school's column is never narrower than this many characters, if needed


class SchoolsTable(QTableView):
    """The schools, a row each: sorted by a header click, opened by Enter or a double-click.
    Rows and columns are sized from the text's size, so they grow with the zoom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Schools")
        self.setAccessibleDescription("Press Enter to open a school's latest plan, read only.")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._school_width = 0

    def fit(self) -> None:
        """Rows one line of text tall with room around it; each column as wide as its widest
        words (the school's column takes the room left)."""
        metrics = self.fontMetrics()
        self.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() + 2 * metrics.xHeight())
        model = self.model()
        if model is None:
            return
        header = self.horizontalHeader()
        header_font = header.font()
        header_font.setBold(True)  # the style sheet's headers are bold
        bold = QFontMetrics(header_font)
        # Room either side of the words (the style sheet's padding, grown with the text), and
        # for the header's sort arrow.
        pad = 2 * round(CELL_PADDING * metrics.height() / 17)
        arrow = metrics.height()
        for column in range(1, model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            widest = bold.horizontalAdvance(title) + arrow
            for row in range(model.rowCount()):
                text = str(model.index(row, column).data() or "")
                widest = max(widest, metrics.horizontalAdvance(text))
            header.resizeSection(column, widest + pad)
        names = [str(model.index(row, 0).data() or "") for row in range(model.rowCount())]
        longest = max((metrics.horizontalAdvance(name) for name in names), default=0)
        # A very long name may be shortened; the rest are shown whole.
        self._school_width = min(longest, SCHOOL_EMS * metrics.averageCharWidth()) + pad
        self._place_school()

    def _place_school(self) -> None:
        """The school's column takes the room the others leave; when that is too little for
        the names (a narrow screen, large text), it keeps their width and the table scrolls."""
        header = self.horizontalHeader()
        if header.count() == 0:
            return
        others = sum(header.sectionSize(c) for c in range(1, header.count()))
        room = self.viewport().width() - others
        if room >= self._school_width:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(0, self._school_width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_school()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit()


__all__ = ["SchoolsTable"]
