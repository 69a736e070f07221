"""Table views: what every editable table shares (:class:`TableView`), and a form's list
(:class:`FormTableView`). The wide tables of plan items are
:class:`~sipdesk.ui.tables.wrap_view.WrapTableView`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from sipdesk.diagrams.columns import weighted_widths, wrap_words
from sipdesk.ui.tables.columns import Column
from sipdesk.ui.tables.delegates import RowDelegate
from sipdesk.ui.widgets.batches import size_rows
from sipdesk.ui.widgets.wrapping import shown_text, unbroken_words

# Rows sized at once when a table is refitted; a longer table sizes the rest in slices.
EAGER_ROWS = 60
# A long table's fitted column is as wide as the widest of this many texts (by their plain
# width; a cell's delegate may add a little, so a few are measured in full).
WIDEST_ROWS = 8


def _zero_timer(parent: QWidget, slot: Callable[[], None]) -> QTimer:
    """A single-shot timer for the next turn of the event loop. A child of ``parent``, it
    dies with it, so its slot never runs on a deleted table."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(slot)
    return timer


class TableView(QTableView):
    """What every editable table shares. Text wraps; Tab leaves the table (as in a form) while
    the arrows move inside it; typing, F2 or a double click edits a cell. Whenever the width,
    the font (presentation zoom) or the data change, the table is refitted once the layout
    has settled (on the next turn of the event loop); a long table sizes its rows in slices,
    so the window never waits long. An empty table may say what to do (``empty_text``).

    Subclasses share the width among the columns (:meth:`use_columns`, :meth:`refit`) and
    may make the table as tall as its rows (:meth:`_fit_height`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = ""
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._refit_timer = _zero_timer(self, self.refit)
        # Rows of a long table are sized a slice at a time, from this one.
        self._next_row = 0
        self._rows_timer = _zero_timer(self, self._on_rows_timer_timeout)

    # ----------------------------------------------------------------- for subclasses
    def use_columns(self, columns: Sequence[Column]) -> None:
        """Edit and size the columns as ``columns`` say (the model's own)."""
        raise NotImplementedError

    def refit(self) -> None:
        """Columns to the width, rows to their text (now, or the rest in slices)."""
        raise NotImplementedError

    def _fit_height(self) -> None:
        """After rows were sized: a table that grows takes its rows' height."""

    def _forget_sizes(self) -> None:
        """The font or style changed: whatever was measured is measured again."""

    # ----------------------------------------------------------------- refitting
    def schedule_refit(self, *_args: object) -> None:
        """Refit once the layout has settled (column widths follow the table's width)."""
        if not self._refit_timer.isActive():
            self._refit_timer.start()

    def rows_pending(self) -> bool:
        """Whether rows of a long table are still waiting to be sized."""
        return self._rows_timer.isActive()

    def finish_refit(self) -> None:
        """Size every row still waiting for its turn, now."""
        if self._rows_timer.isActive():
            self._rows_timer.stop()
            self._measure_rows(None)

    def _measure_rows(self, least: int | None) -> None:
        """Size rows from the next one waiting: at least ``least`` of them (None: all), then
        more while the slice's time lasts; the rest on the next turn of the event loop."""
        self._next_row = row = size_rows(self, self._next_row, least)
        model = self.model()
        count = model.rowCount() if model is not None else 0
        self._fit_height()
        if row < count:
            self._rows_timer.start()

    def _on_rows_timer_timeout(self) -> None:
        self._measure_rows(0)

    # ----------------------------------------------------------------- events
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._forget_sizes()
            self.schedule_refit()

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        model = self.model()
        if self.empty_text and model is not None and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(
                self.viewport().rect().adjusted(12, 0, -12, 0),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                self.empty_text,
            )
            painter.end()


def _change_signals(model: QAbstractItemModel) -> tuple[Any, ...]:
    """The signals after which a model's widest rows must be found again."""
    return (
        model.modelReset,
        model.dataChanged,
        model.rowsInserted,
        model.rowsRemoved,
        model.rowsMoved,
        model.layoutChanged,
    )


class FormTableView(TableView):
    """A form's list (the leadership team, a goal's measures): it grows to show all its rows
    (the page scrolls, not the table), and its rows are selected whole.

    Columns (:meth:`use_columns`): a stretching column shares the width the others leave —
    equally, or by ``weight`` when the weights differ, never narrower than its longest word
    while there is room for every column's; the others fit their contents. Column titles wrap
    onto a second (or third) line. The cell being typed in is kept in view as the table grows
    under it.
    """

    def __init__(self, parent: QWidget | None = None, *, empty_text: str = "") -> None:
        super().__init__(parent)
        self.empty_text = empty_text
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft
            | Qt.AlignmentFlag.AlignVCenter
            | Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value)
        )
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self._weights: dict[int, int] = {}
        # The table never scrolls itself, so the page must: the cell being typed in stays
        # in view as the table grows under it (a new row at the foot of a long page).
        self._follow_timer = _zero_timer(self, self.reveal_current)
        # Per column, a long table's rows whose text is widest: found once per change.
        self._widest: dict[int, list[int]] = {}
        self._follows_sections = False

    def use_columns(self, columns: Sequence[Column]) -> None:
        self.setItemDelegate(RowDelegate(columns, self, padded=True))
        header = self.horizontalHeader()
        for number, column in enumerate(columns):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column.stretches
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(number, mode)
        weights = {n: c.weight for n, c in enumerate(columns) if c.stretches}
        if len(set(weights.values())) > 1:
            self.set_weights(weights)
        else:  # (columns changed since: Qt's stretch shares the width equally)
            self._weights = {}
        if not self._follows_sections:  # from now on: the rows follow their columns' widths
            header.sectionResized.connect(self.schedule_refit)
            self._follows_sections = True

    def setModel(self, model: QAbstractItemModel | None) -> None:
        old = self.model()
        if old is not None:
            for signal in _change_signals(old):
                signal.disconnect(self._forget_sizes)
            old.modelReset.disconnect(self.refit)
            old.dataChanged.disconnect(self.schedule_refit)
        super().setModel(model)
        self._widest.clear()
        if model is not None:
            for signal in _change_signals(model):
                signal.connect(self._forget_sizes)
            # New rows are sized at once (the first of them), changed ones on the next turn.
            model.modelReset.connect(self.refit)
            model.dataChanged.connect(self.schedule_refit)

    def _forget_sizes(self, *_args: object) -> None:
        self._widest.clear()

    # ----------------------------------------------------------------- widths
    def set_weights(self, weights: dict[int, int]) -> None:
        """Share the width left by the fitted columns among ``weights``' columns in proportion
        (an indicator needs more room than a year's target; Qt's stretch shares equally)."""
        self._weights = dict(weights)
        header = self.horizontalHeader()
        for section in self._weights:
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.Fixed)
        self._distribute()

    def _distribute(self) -> None:
        model = self.model()
        if not self._weights or model is None:
            return
        header = self.horizontalHeader()
        fitted = sum(
            header.sectionSize(c)
            for c in range(model.columnCount())
            if c not in self._weights and not header.isSectionHidden(c)
        )
        room = max(0, self.viewport().width() - fitted)
        metrics = self.fontMetrics()
        rows = range(model.rowCount())
        # (a number and its "%" count as one word: they never part)
        words = {
            column: max(
                map(
                    metrics.horizontalAdvance,
                    {
                        word
                        for row in rows
                        for word in unbroken_words(
                            shown_text(str(model.index(row, column).data() or ""))
                        )
                    },
                ),
                default=0,
            )
            for column in self._weights
        }
        # nor narrower than a word of its title (which wraps between words, not inside one)
        for column in words:
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            widest = max(map(self._header_text_width, title.split()), default=0)
            words[column] = max(words[column], widest)
        # the room a cell keeps on each side of its text (the style's text margin and the
        # delegate's own, see WrapDelegate), and a grid line
        pad = 4 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1) + 2
        # and a little to spare: in high contrast a column just its longest word wide
        # ("Kindergarten") still broke it
        pad += metrics.averageCharWidth() // 2 + 2
        widths = weighted_widths(
            room, self._weights, words, unit=metrics.averageCharWidth(), pad=pad
        )
        for section, width in widths.items():
            if header.sectionSize(section) != width:
                header.resizeSection(section, width)

    def sizeHintForColumn(self, column: int) -> int:
        """The width a fitted column needs. Qt asks every row's delegate, which a long table
        pays for on each layout; there, the rows whose text is widest in the view's font are
        found first and only they are asked."""
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        if rows <= EAGER_ROWS:
            return super().sizeHintForColumn(column)
        widest_rows = self._widest.get(column)
        if widest_rows is None:
            metrics = self.fontMetrics()
            display = Qt.ItemDataRole.DisplayRole
            widths = sorted(
                (
                    (
                        metrics.horizontalAdvance(
                            shown_text(str(model.index(r, column).data(display) or ""))
                        ),
                        r,
                    )
                    for r in range(rows)
                ),
                reverse=True,
            )
            widest_rows = self._widest[column] = [row for _width, row in widths[:WIDEST_ROWS]]
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        widest = 0
        for row in widest_rows:
            index = model.index(row, column)
            delegate = self.itemDelegateForIndex(index)
            if delegate is not None:
                widest = max(widest, delegate.sizeHint(option, index).width())
        return widest + (1 if self.showGrid() else 0)

    # ----------------------------------------------------------------- the header
    def _fit_header(self) -> None:
        """Let long column titles wrap onto a second (or third) line, with the header tall
        enough for them in the font, padding and border the style sheet gives its sections."""
        header = self.horizontalHeader()
        model = self.model()
        if model is None:
            return
        height = 0
        for section in range(model.columnCount()):
            if header.isSectionHidden(section):
                continue
            title = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
            lines = wrap_words(title, self._header_text_room(section), self._header_text_width)
            height = max(height, self._header_size("\n".join(lines[:3]) or "X").height())
        if height and header.minimumHeight() != height:
            header.setMinimumHeight(height)

    def _header_size(self, text: str, section: int = 0) -> QSize:
        """The size the style gives a header section showing ``text`` (lines split at "\n")."""
        header = self.horizontalHeader()
        option = QStyleOptionHeader()
        option.initFrom(header)
        option.section = section
        option.text = text
        option.textAlignment = header.defaultAlignment()
        option.orientation = Qt.Orientation.Horizontal
        return header.style().sizeFromContents(
            QStyle.ContentsType.CT_HeaderSection, option, QSize(), header
        )

    def _header_text_width(self, text: str) -> int:
        """How wide ``text`` is in the header's section font (which the style sheet may make
        bolder than the header's own font)."""
        return self._header_size(text).width() - self._header_size("").width()

    def _header_text_room(self, section: int) -> int:
        """The width a section's title wraps in: the section less its padding and border."""
        empty = self._header_size("").width()
        return max(20, self.horizontalHeader().sectionSize(section) - empty)

    # ----------------------------------------------------------------- heights
    def fitted_height(self) -> int:
        rows = self.verticalHeader().length() if self.model() else 0
        empty = self.fontMetrics().lineSpacing() * 2 + 12
        header = max(
            self.horizontalHeader().sizeHint().height(), self.horizontalHeader().minimumHeight()
        )
        frame = self.frameWidth() * 2
        scroll = self.horizontalScrollBar().sizeHint().height()
        extra = scroll if self.horizontalScrollBar().isVisible() else 0
        return header + max(rows, empty) + frame + extra + 2

    def refit(self) -> None:
        """Size the rows to their text and the table to its rows: the first rows now, the
        rest of a long table in slices after (each row keeps its old height till then)."""
        self._refit_timer.stop()
        self._distribute()  # a longer word may have been typed in
        self._fit_header()
        self._next_row = 0
        self._measure_rows(EAGER_ROWS)

    def _fit_height(self) -> None:
        height = self.fitted_height()
        if self.height() != height:
            self.setFixedHeight(height)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.fitted_height())

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if event.size().height() > event.oldSize().height() and self._has_focus_within():
            # A row was added or grew while someone works in the table: once the page has
            # its new height (on the next turn), its current cell is brought into view.
            self._follow_timer.start()
        self._distribute()
        # Rows follow the columns' widths; a new height is the refit's own doing.
        if event.size().width() != event.oldSize().width():
            self.schedule_refit()

    # ----------------------------------------------------------------- keeping in view
    def scrollTo(
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        super().scrollTo(index, hint)
        if index.isValid() and index == self.currentIndex():
            self._follow_timer.start()

    def reveal_current(self) -> None:
        """Scroll the page this table sits on so its current cell is in view."""
        index = self.currentIndex()
        area = self._page_area()
        body = area.widget() if area is not None else None
        if not index.isValid() or area is None or body is None:
            return
        cell = self.visualRect(index)
        if cell.isEmpty():
            return
        centre = self.viewport().mapTo(body, cell.center())
        area.ensureVisible(
            centre.x(), centre.y(), min(cell.width() // 2, 40), cell.height() // 2 + 24
        )

    def _page_area(self) -> QScrollArea | None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        return parent

    def _has_focus_within(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and (focus is self or self.isAncestorOf(focus))
