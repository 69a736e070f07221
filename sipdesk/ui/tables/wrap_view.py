"""A wide table (the actions, the adjustments log, the reports): columns sized in average
characters, wrapping headers and cells, row titles that may give way on a narrow screen."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QEvent, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSizePolicy, QStyle, QWidget

from sipdesk.diagrams.columns import (
    DEFAULT_CHARS,
    ColumnNeeds,
    column_widths,
    floors,
    least_table_width,
    numbers_give_way,
)
from sipdesk.ui.tables.columns import Column, unbroken_width
from sipdesk.ui.tables.delegates import RowDelegate, WrapDelegate
from sipdesk.ui.tables.header import WrapHeader
from sipdesk.ui.tables.view import EAGER_ROWS, TableView
from sipdesk.ui.widgets.wrapping import keep_units, shown_text

SIZE_SAMPLE_ROWS = 100  # rows read to size a column (more held a 2,000-row table up)


class WrapTableView(TableView):
    """A table whose columns share the width sensibly and whose rows grow to show wrapped
    text; everything is re-fitted whenever the width, the font (presentation zoom) or the data
    change. A table out of sight (on a tab not chosen yet) fits itself when it is shown.

    Column widths (``set_column_chars``, or :meth:`use_columns`): a column that *stretches*
    (free text) shares the room left over in proportion to its character count; any other
    column (dates, amounts, tick boxes, short choices) is as wide as its contents, up to its
    character count, and wraps beyond it. Short of room, columns give up their comfort first,
    then long words break inside (the cells wrap anywhere); only when even that does not fit
    does the table scroll sideways, the row titles staying put (see
    :func:`sipdesk.diagrams.columns.column_widths`). Header titles wrap rather than being cut,
    and every header has its title as a tooltip.

    ``grow``: the table is as tall as its rows (inside a scrolling page, the page scrolls).
    ``label_chars``: row titles (a report's line labels) wrap within that many characters.
    """

    _refit_when_shown = False

    def __init__(
        self, parent: QWidget | None = None, *, grow: bool = False, label_chars: int = 0
    ) -> None:
        super().__init__(parent)
        self._chars: tuple[int, ...] = ()
        self._stretch: tuple[bool, ...] = ()
        self._measured: dict[int, tuple[int | None, int]] = {}  # col → content widths
        self._applying = False
        self._numbers_give_way = False
        self.setHorizontalHeader(WrapHeader(Qt.Orientation.Horizontal, self))
        # The widths follow the table's width (column_widths); a border dragged by hand would
        # only snap back at the next refit, so the borders do not offer to be dragged.
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setVerticalHeader(WrapHeader(Qt.Orientation.Vertical, self, chars=label_chars))
        self._grow = grow
        if grow:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setItemDelegate(WrapDelegate(self))
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalHeader().sectionResized.connect(self._on_section_resized)

    # ----------------------------------------------------------------- widths
    def use_columns(self, columns: Sequence[Column]) -> None:
        self.setItemDelegate(RowDelegate(columns, self))
        self.set_column_chars([c.chars for c in columns], [c.stretches for c in columns])

    def set_column_chars(self, chars: Sequence[int], stretch: Sequence[bool] | None = None) -> None:
        """Column widths in average characters, and which columns stretch (share the spare
        room and wrap); by default only the last one does."""
        self._chars = tuple(chars)
        if stretch is None:
            stretch = [i == len(self._chars) - 1 for i in range(len(self._chars))]
        self._stretch = tuple(stretch)
        self.schedule_refit()

    def column_widths(self) -> list[int]:
        """The widths the columns should have at the current size (see the class doc)."""
        if self.model() is None:
            return []
        return column_widths(
            self._needs(titles=True),
            self.viewport().width(),
            unit=self.fontMetrics().averageCharWidth(),
            pad=self._cell_padding(),
        )

    def _needs(self, *, titles: bool = False) -> list[ColumnNeeds]:
        """What each column needs, measured in the view's font (``titles``: with the width
        of a title on one line, which only a column without rows goes by)."""
        model = self.model()
        header = self.horizontalHeader()
        assert isinstance(header, WrapHeader)
        needs = []
        for col in range(model.columnCount() if model is not None else 0):
            if self.isColumnHidden(col):
                needs.append(ColumnNeeds(hidden=True))
                continue
            content, longest = self._content_widths(col)
            needs.append(
                ColumnNeeds(
                    chars=self._chars[col] if col < len(self._chars) else DEFAULT_CHARS,
                    stretches=self._stretch[col] if col < len(self._stretch) else False,
                    content=content,
                    longest=longest,
                    title_word=header.word_width(col),
                    title=header.full_width(col) if titles and content is None else 0,
                )
            )
        return needs

    def set_numbers_give_way(self, give_way: bool) -> None:
        """Let the row numbers make room: hidden while the columns fit only without them."""
        self._numbers_give_way = give_way
        if not give_way:
            self.verticalHeader().show()
        self.schedule_refit()

    def _numbers_only_if_room(self) -> None:
        rows = self.verticalHeader()
        model = self.model()
        if model is None or not model.rowCount():
            rows.show()
            return
        numbers = max(rows.sizeHint().width(), 1)
        room = self.viewport().width() + (0 if rows.isHidden() else rows.width())
        unit = self.fontMetrics().averageCharWidth()
        columns = sum(floors(self._needs(), unit=unit, pad=self._cell_padding())[1])
        hide = numbers_give_way(columns, room, numbers)
        if hide != rows.isHidden():
            rows.setHidden(hide)
            self.updateGeometries()

    def least_width(self, *, numbers: bool = True) -> int:
        """How wide the table must be to show every column without scrolling sideways or
        breaking a word: the row titles (unless ``numbers`` is False and they may give way),
        each column at its narrowest, the frame."""
        rows = self.verticalHeader()
        titles = 0
        if numbers or not self._numbers_give_way:
            titles = rows.label_width() if isinstance(rows, WrapHeader) and rows.chars else 0
            titles = max(titles, rows.sizeHint().width(), rows.width() if rows.isVisible() else 0)
        return least_table_width(
            self._needs(),
            unit=self.fontMetrics().averageCharWidth(),
            pad=self._cell_padding(),
            chrome=titles + 2 * self.frameWidth(),
        )

    def _cell_padding(self) -> int:
        """Room a cell takes around its text: the style's text margin on both sides (as Qt's
        item painting takes it), the grid line and a little to spare."""
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self)
        return 2 * (margin + 1) + 4

    def _content_widths(self, col: int) -> tuple[int | None, int]:
        """(the widest cell of a column on one line, padding included, or None without
        rows; its longest stretch of text that cannot wrap). Measured once per change of
        the data, over the first SIZE_SAMPLE_ROWS rows."""
        cached = self._measured.get(col)
        if cached is not None:
            return cached
        model = self.model()
        if model is None or model.rowCount() == 0:
            self._measured[col] = (None, 0)
            return None, 0
        metrics = self.fontMetrics()
        box = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self)
        widest = word = 0
        # A bounded sample: the widths of a 2,000-row table need not read every row.
        for row in range(min(model.rowCount(), SIZE_SAMPLE_ROWS)):
            index = model.index(row, col)
            value = index.data(Qt.ItemDataRole.DisplayRole)
            if value:
                text = keep_units(shown_text(str(value)))
                widest = max(widest, metrics.size(0, text).width())
                word = max(word, unbroken_width(text, self.font()))
            if index.data(Qt.ItemDataRole.CheckStateRole) is not None:
                widest = max(widest, box + metrics.averageCharWidth())
                word = max(word, box)
        result = (widest + self._cell_padding(), word)
        self._measured[col] = result
        return result

    def _apply_widths(self) -> None:
        header = self.horizontalHeader()
        if not self._chars or self.model() is None:
            return
        header.setStretchLastSection(False)
        self._applying = True
        try:
            for col, width in enumerate(self.column_widths()):
                if width > 0 and header.sectionSize(col) != width:
                    header.resizeSection(col, width)
        finally:
            self._applying = False

    # ----------------------------------------------------------------- heights
    def refit(self) -> None:
        """Columns to the width, headers to their titles, rows as tall as their wrapped text,
        and a growing table as tall as its rows."""
        self._refit_timer.stop()
        if self._numbers_give_way:
            self._numbers_only_if_room()
        self._apply_widths()
        header = self.horizontalHeader()
        if isinstance(header, WrapHeader) and not header.isHidden():
            header.fit_height()
        rows = self.verticalHeader()
        if isinstance(rows, WrapHeader) and rows.chars and not rows.isHidden():
            width = rows.label_width()
            if width and rows.width() != width:
                rows.setFixedWidth(width)
        self.updateGeometries()
        # Rows as tall as their text: a short table's now; a long table's in slices from
        # the next turn (its column widths were this turn's work).
        self._next_row = 0
        model = self.model()
        if model is not None and model.rowCount() > EAGER_ROWS:
            self._rows_timer.start()
        else:
            self._measure_rows(EAGER_ROWS)

    def _fit_height(self) -> None:
        """A growing table as tall as its rows."""
        if not self._grow:
            return
        header = self.horizontalHeader()
        count = self.verticalHeader().length() if self.model() is not None else 0
        line = self.fontMetrics().lineSpacing()
        # Never shorter than its tallest cell editor, which would be cut off otherwise.
        delegate = self.itemDelegate()
        least = max(
            line * 3, delegate.editor_height(self) if isinstance(delegate, RowDelegate) else 0
        )
        scroll = self.horizontalScrollBar()
        height = (
            (0 if header.isHidden() else header.height())
            + max(count, least)
            + self.frameWidth() * 2
            + (scroll.sizeHint().height() if scroll.isVisible() else 0)
            + 2
        )
        if self.height() != height:
            self.setFixedHeight(height)

    # ----------------------------------------------------------------- following changes
    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            for signal in (
                model.modelReset,
                model.dataChanged,
                model.rowsInserted,
                model.rowsRemoved,
                model.headerDataChanged,
                model.layoutChanged,
            ):
                signal.connect(self._on_model_changed)
        self._on_model_changed()

    def _on_model_changed(self, *_args: object) -> None:
        self._measured.clear()
        self.schedule_refit()

    def _forget_sizes(self) -> None:
        self._measured.clear()

    def schedule_refit(self, *_args: object) -> None:
        # A table out of sight (on a tab not chosen yet) fits itself when it is shown: its
        # rows' wrapped heights are the costly part of showing a page with many rows.
        if self.isVisible():
            self._refit_timer.start()
        else:
            self._refit_when_shown = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._refit_when_shown:
            self._refit_when_shown = False
            self._refit_timer.start()

    def viewportEvent(self, event: QEvent) -> bool:
        # The viewport narrows when the vertical scroll bar appears: fit the columns again
        # (a new height alone is the refit's own doing).
        if isinstance(event, QResizeEvent) and event.size().width() != event.oldSize().width():
            self.schedule_refit()
        return super().viewportEvent(event)

    def _on_section_resized(self, *_args: object) -> None:
        if not self._applying:
            self.schedule_refit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.schedule_refit()
