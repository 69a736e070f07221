"""Small shared building blocks: labels with a look, a scrolling page body, a notice banner.

::

    page = ScrollingBody(self)                  # a page's scrolling column
    section = page.add_section("Leadership team", "Who plans, leads and checks the work.")
    section.addWidget(team_table)
    banner = Banner(self); banner.show_message("Opened read-only.", [("Save a copy…", slot)])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QMargins,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sipdesk.ui.widgets.label import label as label  # also given from here
from sipdesk.ui.widgets.label import restyle as restyle
from sipdesk.ui.widgets.wrapping import wrapped_text_height

# Room around a page's content: its title's left edge is at the same place on every step.
PAGE_MARGINS = QMargins(32, 24, 32, 32)
PAGE_SPACING = 10  # between the rows of a page's column: its step number, title, intro …
SIZE_CACHE_ITEMS = 20_000  # list item sizes kept per list before the store starts afresh
# A fitted list longer than this scrolls inside itself, this many lines tall, and lays its
# items out in batches: measuring thousands of wrapped items at once froze the window.
LONG_LIST_ITEMS = 60
LONG_LIST_LINES = 18
LONG_LIST_BATCH = 40


class ScrollingBody(QScrollArea):
    """A vertically scrolling column of sections; the page's title sits at its top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = QWidget(self)
        self.body.setObjectName("pageBody")
        self.column = QVBoxLayout(self.body)
        self.column.setContentsMargins(PAGE_MARGINS)
        self.column.setSpacing(PAGE_SPACING)
        self.setWidget(self.body)
        self._stretch_added = False

    def add_title(self, step: int | None, title: str, intro: str = "") -> QLabel:
        if step is not None:
            self.column.addWidget(label(f"STEP {step}", "step-number", self.body))
        heading = label(title, "page-title", self.body)
        self.column.addWidget(heading)
        if intro:
            self.column.addWidget(label(intro, "hint", self.body))
        return heading

    def add_section(self, title: str, hint: str = "") -> QVBoxLayout:
        """A titled section; returns the layout to fill."""
        box = QWidget(self.body)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 8, 0, 4)
        layout.setSpacing(8)
        heading = label(title, "section", box)
        layout.addWidget(heading)
        if hint:
            layout.addWidget(label(hint, "hint", box))
        self.column.addWidget(box)
        box.setProperty("sectionTitle", title)
        return layout

    def finish(self) -> None:
        """Push the sections to the top (call once, after adding them)."""
        if not self._stretch_added:
            self.column.addStretch(1)
            self._stretch_added = True

    def reveal(self, widget: QWidget) -> None:
        """Scroll so ``widget`` is in view, with some room above it."""
        self.ensureWidgetVisible(widget, 40, 80)


class Banner(QFrame):
    """A calm notice across the top of the workspace, with actions and a close button."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "banner")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 8, 8)
        layout.setSpacing(10)
        self.text = label("", "", self)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text, 1)
        self._actions = QHBoxLayout()
        layout.addLayout(self._actions)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAccessibleName("Dismiss this notice")
        self.close_button.setToolTip("Dismiss")
        self.close_button.setProperty("role", "card-tool")
        self.close_button.clicked.connect(self._on_close_button_clicked)
        layout.addWidget(self.close_button)
        self.hide()

    def show_message(
        self, text: str, actions: Sequence[tuple[str, Callable[[], None]]] = ()
    ) -> None:
        self.text.setText(text)
        self.setAccessibleName(text)
        while self._actions.count():
            item = self._actions.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        for caption, slot in actions:
            button = QPushButton(caption, self)
            button.setAccessibleName(caption)
            button.clicked.connect(slot)
            self._actions.addWidget(button)
        self.show()

    def _on_close_button_clicked(self) -> None:
        self.hide()
        self.closed.emit()


class Disclosure(QWidget):
    """A heading that shows or hides the widget below it (keyboard: Space or Enter)."""

    toggled = Signal(bool)

    def __init__(self, title: str, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.body = body
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.button = QPushButton(self)
        self.button.setProperty("role", "disclosure")
        self.button.setCheckable(True)
        self.button.setChecked(True)
        self.button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.button)
        layout.addWidget(body)
        self.button.toggled.connect(self._on_button_toggled)
        self._on_button_toggled(True)

    def expanded(self) -> bool:
        return self.button.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        self.button.setChecked(expanded)

    def _on_button_toggled(self, expanded: bool) -> None:
        self.button.setText(f"{'▾' if expanded else '▸'}  {self.title}")
        state = "expanded" if expanded else "collapsed"
        self.button.setAccessibleName(f"{self.title} ({state})")
        self.body.setVisible(expanded)
        self.toggled.emit(expanded)


class _WrappedItemDelegate(QStyledItemDelegate):
    """List items as tall as their wrapped text is drawn. Qt measures an item at the width of
    the list's contents but draws it at the viewport's width less the spacing, a few pixels
    narrower: a line that just fitted is then elided, its second line missing."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self.view = view
        # A list lays its items out several times over (a refit, a resize, a paint): each
        # item's size is worked out once per text, font and width. A long list of long
        # items (a plan at its limits) otherwise froze the window for seconds.
        self._sizes: dict[tuple[Any, ...], QSize] = {}

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        width = min(option.rect.width(), self.view.viewport().width() - 2 * self.view.spacing())
        font = index.data(Qt.ItemDataRole.FontRole)
        key = (
            index.data(Qt.ItemDataRole.DisplayRole),
            index.data(Qt.ItemDataRole.CheckStateRole) is not None,
            option.font.key(),
            font.key() if isinstance(font, QFont) else "",
            width,
            option.rect.height(),
        )
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) > SIZE_CACHE_ITEMS:
                self._sizes.clear()
            size = self._sizes[key] = self._size(option, index, width)
        return QSize(size)

    def _size(
        self,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
        width: int,
    ) -> QSize:
        hint = super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if not opt.text or width <= 0:
            return hint
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        opt.rect = QRect(0, 0, width, max(hint.height(), 1))
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, opt, widget) + 1
        room = text_rect.width() - 2 * margin
        needed = wrapped_text_height(opt.text, opt.font, room, QTextOption.WrapMode.WordWrap)
        return QSize(min(hint.width(), width), max(hint.height(), math.ceil(needed)))


class FittedList(QListWidget):
    """A list as tall as all its items, for a pane that scrolls as a whole (no scrolling
    inside the list). Its height follows its items' wrapped text: it is worked out again
    when the items, the list's width or the zoom change.

    A long list (over :data:`LONG_LIST_ITEMS` items, a plan near its limits) is the
    exception: it keeps a fixed height of :data:`LONG_LIST_LINES` lines, scrolls inside
    itself and lays its items out in batches while the window stays free."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setItemDelegate(_WrappedItemDelegate(self))
        self.setBatchSize(LONG_LIST_BATCH)
        # A child timer dies with the list, so a refit never runs on a deleted one.
        self._refit_timer = QTimer(self)
        self._refit_timer.setSingleShot(True)
        self._refit_timer.setInterval(0)
        self._refit_timer.timeout.connect(self.refit)
        model = self.model()
        for signal in (
            model.rowsInserted,
            model.rowsRemoved,
            model.rowsMoved,
            model.modelReset,
            model.layoutChanged,
            model.dataChanged,
        ):
            signal.connect(self.schedule_refit)
        self.refit()

    def is_long(self) -> bool:
        """Whether the list scrolls inside itself rather than growing with its items."""
        return self.count() > LONG_LIST_ITEMS

    def rows_height(self) -> int:
        """The height of all the items laid out afresh at the present width, spacing included."""
        # A fresh layout: the one Qt keeps can hold item sizes from before a zoom or a
        # width change (an item then shows one elided line where its text needs two).
        self.doItemsLayout()
        return self.contentsSize().height()

    def fitted_height(self) -> int:
        least = self.fontMetrics().lineSpacing() + 2 * self.spacing()
        if self.is_long():
            return self.fontMetrics().lineSpacing() * LONG_LIST_LINES + 2 * self.frameWidth()
        return max(least, self.rows_height()) + 2 * self.frameWidth()

    def refit(self) -> None:
        """Size the list to its items (now)."""
        self._refit_timer.stop()
        long = self.is_long()
        self.setLayoutMode(
            QListView.LayoutMode.Batched if long else QListView.LayoutMode.SinglePass
        )
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded if long else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        height = self.fitted_height()
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def schedule_refit(self, *_: Any) -> None:
        if not self._refit_timer.isActive():
            self._refit_timer.start()

    def resizeEvent(self, event: Any) -> None:
        old_width = event.oldSize().width()
        super().resizeEvent(event)
        if event.size().width() != old_width:
            self.schedule_refit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.schedule_refit()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.fitted_height())
