"""The workspace of one open plan: the step navigator, the step pages and the side panels.

Imported only once a plan is opened, so the start screen does not pay for it.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from sipdesk import preload
from sipdesk.services.notices import PlanNotice, PlanPart
from sipdesk.ui.steps import STEPS, StepInfo
from sipdesk.ui.widgets.common import Banner

if TYPE_CHECKING:
    from sipdesk.ui.controller import PlanController
    from sipdesk.ui.monitoring.comments_panel import CommentsPanel
    from sipdesk.ui.panels.analysis import Analysis, PlanAnalyzer
    from sipdesk.ui.panels.coaching_panel import CoachingPanel
    from sipdesk.ui.panels.health_panel import HealthPanel

# Steps whose pages show the district's comments themselves (5–7 beside their forms, 8 as the
# review table); the workspace shows them above the page for the others.
STEPS_WITH_OWN_COMMENTS = frozenset({5, 6, 7, 8})
SIDE_WIDTH = 310  # the coaching and health panel, as it opens
# The least width a page gets, in average characters, before the side panel folds away to
# make room (it comes back when the window widens, or at once with F9).
PAGE_ROOM_CHARS = 80
FOLD_NONE, FOLD_SIDE, FOLD_BOTH = 0, 1, 2
COMMENT_PARTS = PlanPart.REVIEW_COMMENTS  # what the comments panels show
WARM_UP_RETRY_MS = 50  # warming up waits this long at a time while a helper is importing
PERCENT_ROLE = Qt.ItemDataRole.UserRole + 1
STEP_ROLE = Qt.ItemDataRole.UserRole + 2
# The code a workspace loads as it is built (its side panels, the meeting bar, the comments):
# a plan opened from the command line loads it beforehand, off the window's thread (app.py).
PANEL_MODULES = (
    "sipdesk.ui.panels.analysis",
    "sipdesk.ui.panels.coaching_panel",
    "sipdesk.ui.panels.health_panel",
    "sipdesk.ui.meeting",
    "sipdesk.ui.monitoring.comments_panel",
)


class _InputWaitsForCode(QObject):
    """While a helper thread loads code (``sipdesk.preload``), the first key press or click
    waits for it to finish before it is handled: what the key does may import part of that
    code on the window's thread, and two threads importing one package at once can fail. The
    wait is the rest of the load, at most a quarter of a second, once; the filter then goes."""

    INPUT = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.ShortcutOverride,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.Wheel,
            QEvent.Type.InputMethod,
        }
    )

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._app = app
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self.INPUT or not preload.busy():
            preload.wait()
            self._app.removeEventFilter(self)
            self.deleteLater()
        return False


def log_unexpected(exc: BaseException) -> object:
    from sipdesk.crash_log import log_unexpected as log

    return log(exc)


# --------------------------------------------------------------------- the step navigator
class _StepDelegate(QStyledItemDelegate):
    """Draws "1  Set the direction" with a slim completeness bar under it."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = option.fontMetrics.lineSpacing()
        return QSize(200, int(line * 2.6) + 12)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        painter.save()
        palette = option.palette
        rect: QRect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        if selected:
            painter.fillRect(rect, palette.highlight())
        text_color = palette.highlightedText().color() if selected else palette.text().color()
        # The style sheet hands delegates a palette without the theme's muted colour, so take
        # it from the application palette the theme sets (readable on both themes).
        muted = (
            QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            if not selected
            else text_color
        )
        metrics = option.fontMetrics
        line = metrics.lineSpacing()
        pad = 14
        step = int(index.data(STEP_ROLE) or 0)
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        percent = index.data(PERCENT_ROLE)

        number_rect = QRect(
            rect.left() + pad, rect.top() + 6, metrics.horizontalAdvance("00"), line
        )
        painter.setPen(muted)
        font = option.font
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(number_rect, Qt.AlignmentFlag.AlignLeft, str(step))
        title_left = number_rect.right() + 10
        title_rect = QRect(title_left, rect.top() + 6, rect.right() - title_left - pad, line)
        painter.setPen(text_color)
        font.setBold(selected)
        painter.setFont(font)
        painter.drawText(
            title_rect,
            Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, title_rect.width()),
        )
        bar_top = rect.top() + 6 + line + max(4, line // 4)
        bar_height = max(4, line // 4)
        bar_width = title_rect.width() - metrics.horizontalAdvance(" 100 %") - 6
        track = QRect(title_left, bar_top, max(20, bar_width), bar_height)
        accent = palette.color(palette.ColorRole.Accent)
        track_color = QColor(palette.mid().color())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track_color)
        painter.drawRoundedRect(track, bar_height / 2, bar_height / 2)
        if isinstance(percent, int) and percent > 0:
            filled = QRect(track)
            filled.setWidth(max(bar_height, int(track.width() * percent / 100)))
            painter.setBrush(text_color if selected else accent)
            painter.drawRoundedRect(filled, bar_height / 2, bar_height / 2)
        small = option.font
        small.setBold(False)
        painter.setFont(small)
        painter.setPen(muted)
        label = "" if percent is None else f"{percent} %"
        painter.drawText(
            QRect(track.right() + 6, bar_top - line // 2, rect.right() - track.right() - pad, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            label,
        )
        if focused:
            pen = QPen(palette.color(palette.ColorRole.Accent))
            pen.setWidth(2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()


class StepNavigator(QListWidget):
    """The left-hand list of the nine steps, each with its completeness."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigator")
        self.setAccessibleName("Steps")
        self.setAccessibleDescription("Use the arrow keys to move between the steps of the plan.")
        self.setItemDelegate(_StepDelegate(self))
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for step in STEPS:
            item = QListWidgetItem(step.title)
            item.setData(STEP_ROLE, step.number)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Step {step.number}, {step.title}")
            self.addItem(item)

    def set_completeness(self, values: dict[int, float]) -> None:
        from sipdesk.services.completeness import percent

        for step, value in values.items():
            item = self.item(step)
            if item is None:
                continue
            shown = percent(value)
            item.setData(PERCENT_ROLE, shown)
            title = STEPS[step].title
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"Step {step}, {title}, {shown} percent done"
            )
            item.setToolTip(f"{title}: {shown} % done")
        self.viewport().update()

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("0  Review & export  100 %") + 60, 400)

    def minimumSizeHint(self) -> QSize:
        # Never squeezed so far that the step names run into their percentages.
        return QSize(self.fontMetrics().horizontalAdvance("0  Set the direction  100 %") + 40, 200)


class PageStack(QStackedWidget):
    """The step pages, sized by the page on show rather than by the largest page built.

    A plain stack asks for the biggest minimum of all its pages, so one tall page (the
    fishbone canvas at presentation zoom) would make every step scroll. Sized by the current
    page, only a page that truly needs more room than the window scrolls.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(self._on_current_changed)

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()

    def _on_current_changed(self, _index: int) -> None:
        self.updateGeometry()

    def paintEvent(self, event: QPaintEvent) -> None:
        # The page's backdrop in the current theme's colour. The scroll area around the stack
        # keeps the style sheet it had when a new zoom or contrast is taken on by what is on
        # show only (see MainWindow._apply_theme); the application palette is always current.
        painter = QPainter(self)
        painter.fillRect(event.rect(), QApplication.palette().color(QPalette.ColorRole.Window))
        painter.end()


class PageArea(QScrollArea):
    """Shows the page stack at the viewport's size, or at the page's minimum when that is
    larger, and scrolls the difference.

    Qt's own resizable mode sizes a widget with height-for-width from its preferred heights
    (every wrapped label at full length), which scrolled pages that would have fitted.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(False)

    def set_pages(self, stack: PageStack) -> None:
        self.setWidget(stack)
        stack.currentChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_: object) -> None:
        page = self.widget()
        if page is None:
            return
        room = self.viewport().size()
        least = page.minimumSizeHint()
        size = QSize(max(room.width(), least.width()), max(room.height(), least.height()))
        if page.size() != size:
            page.resize(size)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the page's minimum changed
            self._fit()
        return super().viewportEvent(event)


# --------------------------------------------------------------------- one open plan
class Workspace(QWidget):
    """Everything shown while a plan is open: banner, navigator, pages, side panels."""

    comment_item_activated = Signal(int, str)  # step, the ref a district comment is about
    # What has to fold away for a page to keep its room: FOLD_NONE, FOLD_SIDE or FOLD_BOTH.
    fold_changed = Signal(int)

    def __init__(self, controller: PlanController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from sipdesk.ui.panels.analysis import PlanAnalyzer
        from sipdesk.ui.panels.coaching_panel import CoachingPanel
        from sipdesk.ui.panels.health_panel import HealthPanel

        self.controller = controller
        self.pages: dict[int, QWidget] = {}
        self._unfilled: set[int] = set()  # built by build_page_later, not yet filled
        # Pages being filled a part at a time: the parts left, and the plan they show.
        self._filling: dict[int, tuple[Iterator[None], object]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = Banner(self)
        banner_row = QVBoxLayout()
        banner_row.setContentsMargins(12, 8, 12, 4)
        banner_row.addWidget(self.banner)
        self._banner_box = QWidget(self)
        self._banner_box.setLayout(banner_row)
        self._banner_box.hide()
        self.banner.closed.connect(self._banner_box.hide)
        layout.addWidget(self._banner_box)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.navigator = StepNavigator(self.splitter)
        # The page column: the district's open comments on this step (when there are any),
        # then the page itself.
        self.center = QWidget(self.splitter)
        center = QVBoxLayout(self.center)
        center.setContentsMargins(0, 0, 0, 0)
        center.setSpacing(0)
        # Many comments must not push the page off the screen: past a third of the height
        # they scroll on their own.
        self.comments_area = QScrollArea(self.center)
        self.comments_area.setObjectName("commentsArea")
        self.comments_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.comments_area.setWidgetResizable(True)
        self.comments_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.comments_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        holder = QWidget(self.comments_area)
        self._comments_box = QVBoxLayout(holder)
        self._comments_box.setContentsMargins(32, 8, 32, 0)
        self.comments_area.setWidget(holder)
        self.comments_area.hide()
        center.addWidget(self.comments_area)
        self.comments: dict[int, CommentsPanel] = {}
        self._comments_step = -1
        # A page wider than the room left scrolls sideways instead of pushing the window past
        # the edge of a small laptop screen or a projector.
        self.page_area = PageArea(self.center)
        self.page_area.setObjectName("pageArea")
        self.page_area.setFrameShape(QScrollArea.Shape.NoFrame)
        # Most pages scroll themselves; one that cannot shrink to the window (a canvas page at
        # presentation zoom on a small projector) scrolls here instead of being cut off.
        self.page_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.page_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stack = PageStack(self.page_area)
        self.page_area.set_pages(self.stack)
        center.addWidget(self.page_area, 1)
        self.side = QWidget(self.splitter)
        self.side.setObjectName("sidePanel")
        side_layout = QVBoxLayout(self.side)
        side_layout.setContentsMargins(14, 14, 14, 14)
        side_layout.setSpacing(14)
        self.coaching: CoachingPanel = CoachingPanel(self.side)
        self.health: HealthPanel = HealthPanel(self.side)
        side_layout.addWidget(self.coaching)
        side_layout.addWidget(self.health, 1)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.center)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([260, 900, SIDE_WIDTH])
        self._fold = FOLD_NONE
        layout.addWidget(self.splitter, 1)
        # The meeting bar above the page (View ▸ Meeting bar, F7): off until the coach wants it.
        from sipdesk.ui.meeting import MeetingBar

        self.meeting_bar = MeetingBar(controller, self.navigator.currentRow, self)
        self.meeting_bar.hide()
        layout.insertWidget(1, self.meeting_bar)
        self.analyzer: PlanAnalyzer = PlanAnalyzer(controller, self)
        self.analyzer.analyzed.connect(self._on_analyzer_analyzed)
        controller.changed.connect(self._on_controller_changed)

    def show_comments(self, step: int) -> None:
        """Show the district's comments on ``step`` above its page (steps 0–4)."""
        if step == self._comments_step and step in self.comments:
            return  # on show already, and kept current by _on_controller_changed
        self._comments_step = step
        for number, shown in self.comments.items():
            if number != step:
                shown.hide()
        if step in STEPS_WITH_OWN_COMMENTS:
            self.comments_area.hide()  # the page shows them itself
            return
        panel = self.comments.get(step)
        if panel is None:
            from sipdesk.ui.monitoring.comments_panel import CommentsPanel

            panel = CommentsPanel(self.controller, step, self.comments_area.widget())
            panel.item_activated.connect(
                lambda item, s=step: self.comment_item_activated.emit(s, item)
            )
            self.comments[step] = panel
            self._comments_box.addWidget(panel)
        panel.refresh()  # it shows itself only when the step has comments
        self._fit_comments()

    def _on_controller_changed(self, notice: PlanNotice) -> None:
        # Typing elsewhere changes no comment: nothing to redraw or re-measure per keystroke.
        if not notice.touches(COMMENT_PARTS):
            return
        panel = self.comments.get(self._comments_step)
        if panel is not None:
            panel.refresh(notice)
            self._fit_comments()

    def _fit_comments(self) -> None:
        """Show the comments area as tall as its comments, at most a third of the column."""
        panel = self.comments.get(self._comments_step)
        shown = (
            panel is not None
            and self._comments_step not in STEPS_WITH_OWN_COMMENTS
            and not panel.isHidden()
        )
        self.comments_area.setVisible(shown)
        if not shown:
            return
        holder = self.comments_area.widget()
        assert holder is not None
        width = self.comments_area.viewport().width() or self.center.width()
        wanted = holder.heightForWidth(width)  # wrapped comments at the width they get
        if wanted < 0:
            wanted = holder.sizeHint().height()
        cap = max(self.fontMetrics().lineSpacing() * 6, self.center.height() // 3)
        self.comments_area.setFixedHeight(min(wanted, cap))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.comments_area.isVisible():
            self._fit_comments()
        self.check_fold()

    def check_fold(self) -> None:
        """Tell whether the panes that fit beside a page have changed (a resize, a zoom)."""
        fold = self.fold_needed()
        if fold != self._fold:
            self._fold = fold
            self.fold_changed.emit(fold)

    def fold_needed(self) -> int:
        """What has to fold away so that a page gets :data:`PAGE_ROOM_CHARS` characters'
        width: nothing, the side panel (a 1024-pixel window), or the step list as well
        (1024 pixels presenting, at 150 %). Worked out from the panes' usual widths,
        whether they show now or not."""
        # The application's text, which follows the zoom at once (a pane folded away takes
        # the new look only when it shows again).
        need = PAGE_ROOM_CHARS * QFontMetrics(QApplication.font()).averageCharWidth()
        navigator = self.navigator.sizeHint().width() + self.splitter.handleWidth()
        sizes = self.splitter.sizes()
        side = (sizes[2] if len(sizes) == 3 and sizes[2] > 0 else SIDE_WIDTH) + (
            self.splitter.handleWidth()
        )
        width = self.width()
        if width - navigator - side >= need:
            return FOLD_NONE
        if width - navigator >= need:
            return FOLD_SIDE
        return FOLD_BOTH

    def fit_navigator(self) -> None:
        """Give the step list the width its titles need at the current text size: wider when
        the text grows, and the room back to the page when it shrinks again."""
        sizes = self.splitter.sizes()
        wanted = self.navigator.sizeHint().width()
        if len(sizes) == 3 and abs(sizes[0] - wanted) > 4:
            sizes[1] = max(200, sizes[1] - (wanted - sizes[0]))
            sizes[0] = wanted
            self.splitter.setSizes(sizes)

    def notify(
        self, text: str, actions: list[tuple[str, Callable[[], None]]] | None = None
    ) -> None:
        self.banner.show_message(text, actions or [])
        self._banner_box.show()

    def clear_notice(self) -> None:
        self._banner_box.hide()

    def notice_shown(self) -> bool:
        return self._banner_box.isVisible()

    def _on_analyzer_analyzed(self, analysis: Analysis) -> None:
        self.navigator.set_completeness(analysis.completeness)
        self.health.show_findings(
            analysis.findings, template=analysis.template, district=analysis.district
        )

    def load_database_code(self) -> None:
        """Load SQLAlchemy, the models and the edit path on a thread of their own, once the
        first page is on screen. A plan is opened, read and shown without them (issue 12);
        an edit made before they are in waits for them (``storage.engine``), so nothing
        typed is lost, only held for a moment."""
        from sipdesk.storage.engine import load_database_code

        preload.start(load_database_code, "load database code")
        app = QCoreApplication.instance()
        if app is not None:
            _InputWaitsForCode(app)

    def warm_up(self) -> None:
        """Load the steps' code and the meeting dialog's, one module per turn of the event
        loop, while the person reads the first page: loading a step's code the first time it
        is chosen held the window up for up to a tenth of a second on top of building its
        page."""
        later = (*(info.module for info in STEPS), "sipdesk.ui.meeting.dialog")
        waiting = [name for name in later if name not in sys.modules]
        if waiting and preload.busy():  # never two threads importing at once
            QTimer.singleShot(WARM_UP_RETRY_MS, self, self.warm_up)
        elif waiting:
            importlib.import_module(waiting[0])
            if len(waiting) > 1:
                QTimer.singleShot(0, self, self.warm_up)

    def has_page(self, step: int) -> bool:
        """Whether ``step``'s page has been built and shows the plan."""
        return step in self.pages and step not in self._unfilled

    def page(self, step: int) -> QWidget:
        """The page for ``step``, built and filled the first time it is asked for."""
        if step not in self.pages:
            page = build_page(STEPS[step], self.controller, self.stack)
            self.pages[step] = page
            self.stack.addWidget(page)
        while step in self._unfilled:
            self.fill_page(step)
        return self.pages[step]

    def build_page_later(self, step: int) -> bool:
        """Build ``step``'s widgets now and leave showing the plan in them to
        :meth:`fill_page` (a big plan's step then holds the window up for one half at a
        time). False when there was nothing left to build."""
        if step in self.pages:
            return False
        page = build_page(STEPS[step], self.controller, self.stack, fill=False)
        self.pages[step] = page
        self.stack.addWidget(page)
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            self._unfilled.add(step)
        return True

    def fill_page(self, step: int) -> bool:
        """Show the plan in a page built by :meth:`build_page_later`, one part per call for a
        page that fills in parts (``refresh_parts``). False when it was filled already."""
        if step not in self._unfilled:
            return False
        page = self.pages[step]
        plan = self.controller.plan()
        parts, shown = self._filling.get(step, (None, None))
        try:
            make = getattr(page, "refresh_parts", None)
            if not callable(make):
                page.refresh()  # type: ignore[attr-defined]
            else:
                if parts is None or shown is not plan:  # the first part, or the plan changed
                    parts = make()
                    self._filling[step] = (parts, plan)
                try:
                    next(parts)
                    return True
                except StopIteration:
                    pass  # the part after the last yield has run
        except Exception as exc:  # as a page that fails to build: that step alone says so
            broken = broken_page(STEPS[step], self.stack, exc)
            self.pages[step] = broken
            self.stack.addWidget(broken)
            self.stack.removeWidget(page)
            page.deleteLater()
        self._unfilled.discard(step)
        self._filling.pop(step, None)
        return True


def build_page(
    info: StepInfo, controller: PlanController, parent: QWidget, *, fill: bool = True
) -> QWidget:
    """The step's own page; a page that fails to build says so on that step alone.
    ``fill=False``: its widgets only; its ``refresh()`` shows the plan later."""
    try:
        module = importlib.import_module(info.module)
        page_class = getattr(module, info.page_class)
        page: QWidget = page_class(controller, parent, fill=fill)
        return page
    except Exception as exc:  # a broken page must not take the whole plan down with it
        return broken_page(info, parent, exc)


def broken_page(info: StepInfo, parent: QWidget, exc: Exception) -> QWidget:
    """What shows in place of a step whose page failed: a calm sentence, the rest works."""
    log = log_unexpected(exc)
    traceback.print_exception(exc, file=sys.stderr)
    from sipdesk.ui.widgets.common import ScrollingBody, label

    body = ScrollingBody(parent)
    body.add_title(info.number, info.title)
    where = f" The details were saved to {log}." if log else ""
    body.column.addWidget(
        label(
            f"This step could not be shown because of a problem inside SIP Desk.{where} "
            "Your plan is safe; the other steps work as usual.",
            "warn",
        )
    )
    body.finish()
    return body
