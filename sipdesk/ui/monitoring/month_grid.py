"""The monthly action-status grid of step 6: one row per action, one column per plan month.

Built for a ten-minute check-in: a click on a month cell cycles its status, Space does the same
from the keyboard, 1–4 (or N, O, B, D) set a status and move to the next action, Delete clears
it and Enter asks for the cell's note. Every change goes through the controller, so it is one
undo step and is on disk at once.

The grid's data is in ``month_grid_model`` and its cell painting in ``month_grid_delegate``;
the names pages and tests use are all importable from here.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPixmap,
    QResizeEvent,
    QStaticText,
    QTextLayout,
    QTextOption,
    QTransform,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QTableView,
    QToolTip,
    QWidget,
)

from sipdesk.services import monitoring
from sipdesk.ui.monitoring.month_grid_delegate import StatusDelegate
from sipdesk.ui.monitoring.month_grid_model import (
    COL_ACTION,
    FIRST_MONTH_COL,
    MONTH_ROLE,
    NOTE_ROLE,
    REF_ROLE,
    STATUS_ROLE,
    STATUS_STYLE,
    GridRow,
    MonthGridModel,
    status_text,
)

KEY_STATUS: dict[int, str] = {
    Qt.Key.Key_1: "not_started",
    Qt.Key.Key_N: "not_started",
    Qt.Key.Key_2: "on_track",
    Qt.Key.Key_O: "on_track",
    Qt.Key.Key_3: "behind",
    Qt.Key.Key_B: "behind",
    Qt.Key.Key_4: "done",
    Qt.Key.Key_D: "done",
}


class ActionHeader(QHeaderView):
    """The grid's row headers: each action's number and name. Being the vertical header, it
    stays put when the months scroll sideways, so the row is always known at any zoom.

    A name that does not fit wraps onto a second line under itself (the number hangs to its
    left) and only then is elided; its row grows to hold the two lines (``fit_rows``), other
    rows stay one line high. The column is ``chars`` average characters wide — drag its right
    edge to make it wider or narrower (double-click the edge for the default); the width is
    kept in characters, so it follows the presentation zoom.
    """

    CHARS = 34
    MIN_CHARS, MAX_CHARS = 14, 90
    LINES = 2
    GRIP = 6  # px inside the right edge that start a resize

    width_changed = Signal(int)  # the new width in characters

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHighlightSections(True)
        self.setSectionsClickable(True)
        self.setMouseTracking(True)
        self.chars = self.CHARS
        self._drag_from: tuple[int, int] | None = None  # (press x, width then)
        # (number, title, width) → (number text, lines of the name)
        self._texts: dict[tuple[str, str, int], tuple[QStaticText, list[QStaticText]]] = {}
        self._fitted: tuple[int, int, int, str] | None = None  # what fit_rows last measured
        # A mark beside an action's number, by its id: a picture and its tooltip (the
        # district's copy marks the commented actions so).
        self.marks: dict[int, tuple[QPixmap, str]] = {}

    def set_marks(self, marks: dict[int, tuple[QPixmap, str]]) -> None:
        self.marks = marks
        self.viewport().update()

    def mark_at(self, row: int) -> tuple[QPixmap, str] | None:
        model = self.model()
        if not self.marks or not isinstance(model, MonthGridModel):
            return None
        if not 0 <= row < model.rowCount():
            return None
        return self.marks.get(model.grid_row(row).action_id)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            mark = self.mark_at(self.logicalIndexAt(event.pos().y()))
            if mark is not None:
                QToolTip.showText(event.globalPos(), mark[1], self)
                return True
        return super().viewportEvent(event)

    # ----------------------------------------------------------------- width
    def sizeHint(self) -> QSize:
        # Qt's own hint measures the sections' texts (every action's whole name); the width
        # is ours in characters and the height of one row is all a layout needs.
        return QSize(self.fontMetrics().averageCharWidth() * self.chars, self.defaultSectionSize())

    def set_chars(self, chars: int) -> None:
        chars = max(self.MIN_CHARS, min(self.MAX_CHARS, chars))
        if chars == self.chars:
            return
        self.chars = chars
        self.updateGeometry()
        view = self.parentWidget()
        if isinstance(view, MonthGridView):
            view.updateGeometries()
            self.fit_rows()
        self.width_changed.emit(chars)

    def _on_grip(self, x: int) -> bool:
        return 0 <= self.width() - x <= self.GRIP

    def mousePressEvent(self, event: QMouseEvent) -> None:
        x = int(event.position().x())
        if event.button() == Qt.MouseButton.LeftButton and self._on_grip(x):
            self._drag_from = (x, self.width())
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x = int(event.position().x())
        if self._drag_from is not None:
            start, width = self._drag_from
            unit = max(1, self.fontMetrics().averageCharWidth())
            self.set_chars(round((width + x - start) / unit))
            return
        if self._on_grip(x):
            self.setCursor(Qt.CursorShape.SplitHCursor)
        else:
            self.unsetCursor()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self._on_grip(int(event.position().x())):
            self.set_chars(self.CHARS)
            return
        super().mouseDoubleClickEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._drag_from is None:
            self.unsetCursor()
        super().leaveEvent(event)

    # ----------------------------------------------------------------- text
    def clear_cache(self) -> None:
        self._texts.clear()
        self._fitted = None

    def _pad(self, height: int) -> int:
        return max(4, height // 6)

    def _wrap(self, title: str, width: int) -> list[str]:
        """The name in at most ``LINES`` lines of ``width`` px, the last one elided."""
        metrics = QFontMetrics(self.font())
        # Only the start of a long name can show: lay out no more than LINES lines of the
        # narrowest letters (a name may be 20,000 characters long).
        most = (self.LINES + 1) * max(1, width) // max(1, metrics.horizontalAdvance("i"))
        title = title[: most + 1]
        if metrics.horizontalAdvance(title) <= width:
            return [title]
        layout = QTextLayout(title, self.font())
        option = QTextOption()
        # A word wider than the column breaks too, so a name that does not fit on one line
        # always takes two (``lines_of`` counts on it).
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        starts = []
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1, width))
            starts.append(line.textStart())
        layout.endLayout()
        lines = []
        for i, start in enumerate(starts[: self.LINES]):
            last = i == self.LINES - 1 or i == len(starts) - 1
            end = len(title) if last else starts[i + 1]
            part = title[start:end].strip()
            if last:
                part = metrics.elidedText(part, Qt.TextElideMode.ElideRight, width)
            lines.append(part)
        return lines

    def _label(self, row: GridRow) -> tuple[QStaticText, list[QStaticText]]:
        width = self.width() - 2 * self._pad(self.defaultSectionSize())
        key = (row.number, row.title, width)
        cached = self._texts.get(key)
        if cached is not None:
            return cached
        metrics = QFontMetrics(self.font())
        number = f"{row.number}  "
        room = width - metrics.horizontalAdvance(number)
        title = row.title or "(action not described yet)"
        statics = []
        for text in [number, *self._wrap(title, room)]:
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(QTransform(), self.font())
            statics.append(static)
        if len(self._texts) > 4096:
            self._texts.clear()
        label = (statics[0], statics[1:])
        self._texts[key] = label
        return label

    def lines_of(self, row: int) -> int:
        """How many lines row ``row``'s name takes at the current width (1 or 2): one when it
        fits on one line, else two (measured without laying the name out, which waits for
        the row to be painted)."""
        model = self.model()
        if not isinstance(model, MonthGridModel) or not 0 <= row < model.rowCount():
            return 1
        grid_row = model.grid_row(row)
        metrics = QFontMetrics(self.font())
        width = self.width() - 2 * self._pad(self.defaultSectionSize())
        room = width - metrics.horizontalAdvance(f"{grid_row.number}  ")
        title = grid_row.title or "(action not described yet)"
        most = 2 * max(1, room) // max(1, metrics.horizontalAdvance("i"))
        return 1 if metrics.horizontalAdvance(title[: most + 1]) <= room else self.LINES

    def row_height(self, lines: int) -> int:
        base = self.defaultSectionSize()
        if lines <= 1:
            return base
        spacing = QFontMetrics(self.font()).lineSpacing()
        return max(base, lines * spacing + 2 * self._pad(base))

    def fit_rows(self) -> None:
        """Rows whose name wraps are two lines high; the others the default height.

        Measured again only when the names, the width or the font changed: showing the page
        asks for a fit several times (new model, reset, font from the style sheet), and each
        one measures every action's name.
        """
        model = self.model()
        if not isinstance(model, MonthGridModel):
            return
        key = (model.generation, self.width(), self.defaultSectionSize(), self.font().key())
        if key == self._fitted:
            return
        self._fitted = key
        for row in range(model.rowCount()):
            height = self.row_height(self.lines_of(row))
            if self.sectionSize(row) != height:
                self.resizeSection(row, height)

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        model = self.model()
        palette = self.palette()
        view = self.parentWidget()
        current = isinstance(view, QTableView) and view.currentIndex().row() == logicalIndex
        role = QPalette.ColorRole.Highlight if current else QPalette.ColorRole.Window
        painter.fillRect(rect, palette.color(role))
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawLine(rect.topRight(), rect.bottomRight())
        if not isinstance(model, MonthGridModel) or not 0 <= logicalIndex < model.rowCount():
            return
        number, lines = self._label(model.grid_row(logicalIndex))
        text_role = QPalette.ColorRole.HighlightedText if current else QPalette.ColorRole.WindowText
        painter.setPen(palette.color(text_role))
        spacing = QFontMetrics(self.font()).lineSpacing()
        height = int(number.size().height()) + spacing * (len(lines) - 1)
        top = rect.top() + (rect.height() - height) // 2
        left = rect.left() + self._pad(self.defaultSectionSize())
        painter.drawStaticText(left, top, number)
        indent = left + int(number.size().width())
        for i, line in enumerate(lines):
            painter.drawStaticText(indent, top + i * spacing, line)
        mark = self.mark_at(logicalIndex)
        if mark is not None:  # under the number, or at the end of a one-line name
            picture = mark[0]
            x = left if len(lines) > 1 else rect.right() - 4 - picture.width()
            y = top + spacing if len(lines) > 1 else top
            painter.drawPixmap(x, y + (spacing - picture.height()) // 2, picture)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self.clear_cache()
            self.updateGeometry()
            # The header's width follows its font; have the view move its cells over.
            view = self.parentWidget()
            if isinstance(view, MonthGridView):
                QTimer.singleShot(0, view, view.updateGeometries)


class MonthGridView(QTableView):
    """The grid's keyboard and mouse: Space / click cycle, 1–4 or N/O/B/D set and move down,
    Delete clears, Enter asks for the note (``note_requested``)."""

    note_requested = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(StatusDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setTabKeyNavigation(False)  # Tab leaves the grid for the next control
        self.setWordWrap(False)
        self.setShowGrid(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Whole months fill the width and follow the chosen month (← → and the page's month
        # chooser move them): no sideways scroll bar on a projector's narrow screen.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalHeader(ActionHeader(self))
        self.horizontalHeader().setHighlightSections(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_self_context_menu)
        self.clicked.connect(self._on_self_clicked)
        self._month_width = self._month_tight = 0
        self._fit_months = QTimer(self)
        self._fit_months.setSingleShot(True)
        self._fit_months.setInterval(0)
        self._fit_months.timeout.connect(self.fit_month_widths)
        self.setAccessibleName("Monthly action status grid")
        self.setAccessibleDescription(
            "Rows are actions, columns are months. Space or a click moves a cell to the next "
            "status; 1 not started, 2 on track, 3 behind, 4 done; Delete clears; Enter edits "
            "the note."
        )

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            model.modelReset.connect(self.fit_to_font)
            model.dataChanged.connect(self._on_model_data_changed)
        self.fit_to_font()

    def action_header(self) -> ActionHeader:
        header = self.verticalHeader()
        assert isinstance(header, ActionHeader)
        return header

    def _on_model_data_changed(self, top_left: QModelIndex, *_args: object) -> None:
        # A reload can rename actions (the range starts at the name column); a status click
        # (one month cell) cannot, and must stay cheap.
        if top_left.column() <= COL_ACTION:
            self.action_header().fit_rows()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_months.start()

    def viewportEvent(self, event: QEvent) -> bool:
        # The viewport narrows when the vertical scroll bar appears: share the width again.
        if event.type() == QEvent.Type.Resize:
            self._fit_months.start()
        return super().viewportEvent(event)

    def _month_columns(self) -> range:
        model = self.grid_model()
        return range(FIRST_MONTH_COL, model.columnCount() if model is not None else 0)

    def fit_month_widths(self) -> None:
        """Months as wide as their statuses need, widened a little so that a whole number of
        them fill the view: scrolled to a month, no month is cut in half at either edge."""
        self._fit_months.stop()
        months = self._month_columns()
        if not months:
            return
        least = self._month_width
        room = self.viewport().width()
        if least <= 0 or len(months) * least <= room:
            width = max(least, 1)
        else:
            fits = max(1, room // least)
            # One more month when it can still show every status whole (less air around it)
            # rather than widening the few that fit by much.
            if room // (fits + 1) >= self._month_tight:
                fits += 1
            width = room // fits
        header = self.horizontalHeader()
        for col in months:
            if header.sectionSize(col) != width:
                header.resizeSection(col, width)
        # The selected month in view, whole, with the months before it (from the first one
        # whenever it fits beside them: a view first laid out small may have scrolled).
        current = self.currentIndex()
        if current.isValid() and current.column() >= FIRST_MONTH_COL:
            self._scroll_whole_months_to(current.column())

    def _scroll_whole_months_to(self, col: int) -> None:
        # Qt brings the scroll range up to date with new month widths a turn later (on a
        # timer); until then a far month would be clamped short of whole, and stay cut.
        self.updateGeometries()
        self.horizontalScrollBar().setValue(self._whole_months_to(col))

    def _whole_months_to(self, col: int) -> int:
        """The scroll position that shows month ``col`` whole at the right with as many whole
        months before it as fit (the last few months, this one included), starting at the
        left edge of a month."""
        header = self.horizontalHeader()
        room = self.viewport().width() - header.sectionSize(col)
        first = col
        while first - 1 >= FIRST_MONTH_COL and header.sectionSize(first - 1) <= room:
            first -= 1
            room -= header.sectionSize(first)
        return min(header.sectionPosition(first), self.horizontalScrollBar().maximum())

    def scrollTo(
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        bar = self.horizontalScrollBar()
        before = bar.value()
        super().scrollTo(index, hint)  # the rows as Qt scrolls them
        if not index.isValid() or index.column() < FIRST_MONTH_COL:
            return
        header = self.horizontalHeader()
        left = header.sectionPosition(index.column()) - before
        if left >= 0 and left + header.sectionSize(index.column()) <= self.viewport().width():
            bar.setValue(before)  # in view already: the months stay put
        else:
            # Qt would stop wherever the month just comes into view, cutting the month at
            # the other edge in two: move by whole months instead.
            self._scroll_whole_months_to(index.column())

    def currentChanged(
        self,
        current: QModelIndex | QPersistentModelIndex,
        previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().currentChanged(current, previous)
        header = self.verticalHeader()
        for index in (previous, current):
            if index.isValid():
                header.updateSection(index.row())

    @staticmethod
    def _bold(font: QFont) -> QFont:
        bold = QFont(font)
        bold.setBold(True)  # the theme draws the month titles semi-bold
        return bold

    def grid_model(self) -> MonthGridModel | None:
        model = self.model()
        return model if isinstance(model, MonthGridModel) else None

    def fit_to_font(self) -> None:
        """Row height and month widths from the current font (presentation zoom included)."""
        metrics = self.fontMetrics()
        row_height = int(metrics.height() * 1.9)
        self.verticalHeader().setDefaultSectionSize(row_height)
        delegate = self.itemDelegate()
        if isinstance(delegate, StatusDelegate):
            delegate.row_height = row_height
        model = self.grid_model()
        if model is None:
            return
        header = self.horizontalHeader()
        titles = QFontMetrics(self._bold(header.font()))
        months = range(FIRST_MONTH_COL, model.columnCount())
        widest = max(
            [metrics.horizontalAdvance(status_text(status)) for status in monitoring.STATUS_CYCLE]
            + [
                titles.horizontalAdvance(str(model.headerData(col, Qt.Orientation.Horizontal)))
                for col in months
            ]
        )
        self._month_width = widest + metrics.height() * 2
        self._month_tight = widest + metrics.height()
        for col in months:
            header.resizeSection(col, self._month_width)
        # The actions are named in the row headers, which stay put while months scroll.
        self.setColumnHidden(COL_ACTION, True)
        self.verticalHeader().updateGeometry()
        self.updateGeometries()  # the row headers may be wider now: move the cells over
        self.action_header().fit_rows()
        self._fit_months.start()  # once the view has its new size

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        kind = event.type()
        if kind in (QEvent.Type.FontChange, QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            delegate = self.itemDelegate()
            if isinstance(delegate, StatusDelegate):
                delegate.clear_cache()
            if kind == QEvent.Type.FontChange:
                self.fit_to_font()

    # ----------------------------------------------------------------- input
    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.grid_model()
        index = self.currentIndex()
        month_cell = model is not None and index.isValid() and index.column() >= FIRST_MONTH_COL
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
        if model is not None and month_cell and plain:
            if key == Qt.Key.Key_Space:
                model.cycle(index, -1 if mods & Qt.KeyboardModifier.ShiftModifier else 1)
                return
            if int(key) in KEY_STATUS and mods == Qt.KeyboardModifier.NoModifier:
                model.setData(index, KEY_STATUS[int(key)])
                below = model.index(index.row() + 1, index.column())
                if below.isValid():
                    self.setCurrentIndex(below)
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                model.setData(index, "")
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
                self.note_requested.emit(index)
                return
        super().keyPressEvent(event)

    def _on_self_clicked(self, index: QModelIndex) -> None:
        model = self.grid_model()
        if model is None or index.column() < FIRST_MONTH_COL:
            return
        from PySide6.QtWidgets import QApplication

        backwards = bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)
        model.cycle(index, -1 if backwards else 1)

    def _on_self_context_menu(self, pos: QPoint) -> None:
        model = self.grid_model()
        index = self.indexAt(pos)
        if model is None or not index.isValid() or index.column() < FIRST_MONTH_COL:
            return
        self.setCurrentIndex(index)
        menu = QMenu(self)
        target = QPersistentModelIndex(index)
        for status in monitoring.STATUS_CYCLE:
            action = QAction(status_text(status), menu)
            action.triggered.connect(lambda _checked=False, s=status: model.setData(target, s))
            menu.addAction(action)
        menu.addSeparator()
        note = menu.addAction("Edit note…")
        note.setEnabled(model.entry(index) is not None)
        note.triggered.connect(lambda: self.note_requested.emit(index))
        clear = menu.addAction("Clear")
        clear.triggered.connect(lambda: model.setData(index, ""))
        menu.popup(self.viewport().mapToGlobal(pos))


__all__ = [
    "COL_ACTION",
    "FIRST_MONTH_COL",
    "KEY_STATUS",
    "MONTH_ROLE",
    "NOTE_ROLE",
    "REF_ROLE",
    "STATUS_ROLE",
    "STATUS_STYLE",
    "ActionHeader",
    "GridRow",
    "MonthGridModel",
    "MonthGridView",
    "StatusDelegate",
    "status_text",
]
