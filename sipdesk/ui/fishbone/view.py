"""The fishbone canvas's view: the diagram drawn from a snapshot, zoomed, fitted and looked up.

The first layer of :class:`~sipdesk.ui.fishbone.canvas.FishboneCanvas` (see its module for the
keys). It holds the canvas's state: the snapshot fishbone it shows, the layout drawn from it
with :mod:`sipdesk.diagrams`, the selection, and the label being typed (the editor's place
follows the zoom and the scroll here; what typing does is :mod:`.editing`'s). The layers
above add editing (:mod:`.editing`), the mouse (:mod:`.dragging`), the keys (:mod:`.keys`)
and the context menu (:mod:`.canvas`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPen,
    QResizeEvent,
    QShowEvent,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
    QStyle,
    QWidget,
)

from sipdesk.diagrams import (
    PROBLEM_ID,
    Box,
    CategoryNode,
    CauseNode,
    FishboneInput,
    FishboneLayout,
    HitKind,
    layout_fishbone,
)
from sipdesk.diagrams.editing import DRAFT_ID, Draft, Target, label_at
from sipdesk.services import root_causes as rc
from sipdesk.services.voting_round import cause_keys
from sipdesk.ui.fishbone import export
from sipdesk.ui.fishbone.drawing import (
    ROOT_MARK,
    FontBook,
    LabelItem,
    Theme,
    base_pixel_size,
    box_rect,
    draw_layout,
    outline_path,
    style_for,
    vote_badge,
)
from sipdesk.ui.fishbone.inline_editor import InlineEditor

MIN_ZOOM, MAX_ZOOM = 0.1, 6.0
ZOOM_STEP = 1.2
THIN_SPACE = "\u2009"  # pads a one-letter badge to a round pill
# A newly shown diagram, and Fit, shrink it to the window, but only as far as the text stays
# readable: a cause at three quarters of the window's own text size (presentation mode makes
# that big on purpose). A diagram still too big then shows its head end first. Zoom out (−)
# goes further for whoever wants the whole picture.
READABLE_ZOOM = 0.75
FIT_MARGIN = 8
LOCKED = "The diagram stays as it is during the voting round; Esc ends the round."
UNDO_WAITS = "During the round Backspace takes back a dot; Ctrl+Z works again once it ends."
OWN_DOT = "•"  # the voter's own dots beside a cause's key while the totals are hidden

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sipdesk.models.plan_types import CauseRow, FishboneCategoryRow, FishboneRow
    from sipdesk.services.changes import Change
    from sipdesk.ui.controller import PlanController
    from sipdesk.ui.fishbone.round_keeper import RoundKeeper


@dataclass(frozen=True)
class LabelEdit:
    """The label being typed in (``ident`` DRAFT_ID: a new one) and its text before."""

    kind: HitKind
    ident: int
    original: str


class CanvasView(QGraphicsView):
    """Shows one fishbone: drawing, selection, zoom and fit (the canvas's first layer)."""

    selection_changed = Signal(object)  # Target | None
    message = Signal(str)  # a sentence for the user (e.g. why Tab did nothing)
    layout_changed = Signal()
    zoom_changed = Signal(float)

    def __init__(self, controller: PlanController | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._controller = controller
        self._fishbone: FishboneRow | None = None
        self._layout: FishboneLayout | None = None
        self._items: dict[Target, LabelItem] = {}
        self._selection: Target | None = None
        self._selection_item: QGraphicsPathItem | None = None
        self._draft: Draft | None = None
        self._override: tuple[HitKind, int, str] | None = None
        self._editing: LabelEdit | None = None
        # A drag's picture and drop marker, in the scene (so gone with it; see _relayout).
        self._ghost: LabelItem | None = None
        self._marker_item: QGraphicsPathItem | None = None
        self._vote_mode = False
        self._voter: int | None = None
        self._keeper: RoundKeeper | None = None
        self._zoom = 1.0
        self._fit_pending = True
        # The view follows the window (fitted again on a resize) until the user moves it.
        self._auto_fit = False
        self._fit_floor = READABLE_ZOOM  # what the last fit was asked for (see fit)
        self._fitting = False
        self._badges: dict[int, str] = {}
        self._fonts = FontBook(self.font())
        self._style = style_for(base_pixel_size(self.font()))
        self._theme = Theme.from_palette(self.palette())
        self._build_ui()
        self._connect()
        self._relayout()

    # ----------------------------------------------------------------- set-up
    def _build_ui(self) -> None:
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Fishbone diagram")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self._editor = InlineEditor(self.viewport())
        self._editor.setAccessibleName("Edit label")
        self._editor.hide()
        self._relayout_timer = QTimer(self)
        self._relayout_timer.setSingleShot(True)
        self._relayout_timer.setInterval(0)
        self._refit_after_relayout = False  # a new font came while the view was fitted

    def _connect(self) -> None:
        self._relayout_timer.timeout.connect(self._on_relayout_timer_timeout)
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.actionTriggered.connect(self._on_scroll_bar_action_triggered)

    # ----------------------------------------------------------------- public API
    @property
    def layout_result(self) -> FishboneLayout | None:
        """The layout currently drawn (None before any fishbone is shown)."""
        return self._layout

    @property
    def editor(self) -> InlineEditor:
        return self._editor

    @property
    def editing(self) -> bool:
        return self._editing is not None

    @property
    def fishbone_id(self) -> int | None:
        return int(self._fishbone["id"]) if self._fishbone else None

    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def fonts(self) -> FontBook:
        return self._fonts

    def selection(self) -> Target | None:
        return self._selection

    def set_fishbone(self, fishbone: FishboneRow | None) -> None:
        """Show this snapshot fishbone (or nothing); keeps the selection where it still exists."""
        old, new = self._fishbone, fishbone
        changed = (old["id"] if old else None) != (new["id"] if new else None)
        self._fishbone = fishbone
        if changed:
            self._cancel_edit(relayout=False)
            self._selection = None
        self._relayout()
        if self._selection is not None and self._box(self._selection) is None:
            self.select(None)
        if changed:
            self._fit_pending = True
        self._fit_if_pending()

    def set_vote_mode(self, on: bool, voter: int | None = None) -> None:
        """In voting, a click or + places one of ``voter``'s dots (None: the typed-in tally)."""
        self._voter = voter
        if on != self._vote_mode:
            self._vote_mode = on
            self._relayout()

    def in_round(self) -> bool:
        """True while a voting round is open on this diagram."""
        return self._keeper is not None and self._keeper.open_on(self.fishbone_id) is not None

    def round_keys(self) -> dict[int, str]:
        """The single-key label of each cause while a round is open (else empty)."""
        return cause_keys(self._fishbone) if self.in_round() else {}

    def select(self, target: Target | None, *, visible: bool = True) -> bool:
        """Select a label; False if it is not on the diagram."""
        if target is not None and self._box(target) is None:
            return False
        self._selection = target
        self._draw_selection()
        if target is not None and visible:
            box = self._box(target)
            assert box is not None
            self._auto_fit = False  # keep the selection in view from now on
            self.show_with_head(box_rect(box))
        self._describe()
        self.selection_changed.emit(target)
        return True

    def show_with_head(self, rect: QRectF) -> None:
        """Scroll so that ``rect`` shows, with the problem box beside it whenever both fit
        the view: while the team draws, the room keeps seeing what the causes answer."""
        layout = self._layout
        if layout is not None:
            both = rect.united(box_rect(layout.head))
            view = self.viewport().rect()
            margin = 2 * 8
            if (
                both.width() * self._zoom + margin <= view.width()
                and both.height() * self._zoom + margin <= view.height()
            ):
                self.ensureVisible(both, 8, 8)
                return
        self.ensureVisible(rect, 24, 24)

    def viewport_point(self, target: Target) -> QPoint:
        """Where a label's centre is in the viewport (for tests and keyboard menus)."""
        box = self._box(target)
        if box is None:
            raise KeyError(target)
        return self.mapFromScene(QPointF(*box.center))

    def box_of(self, target: Target) -> Box | None:
        return self._box(target)

    @property
    def auto_fit(self) -> bool:
        """True while the view is fitted and follows the window's size."""
        return self._auto_fit

    @property
    def layout_pending(self) -> bool:
        """True while a new look or a change waits to be laid out (on the next turn)."""
        return self._relayout_timer.isActive()

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / ZOOM_STEP)

    def set_zoom(self, zoom: float) -> None:
        """Zoom to ``zoom`` (1 = 100%); the view stays where the user puts it."""
        self._auto_fit = False
        self._apply_zoom(zoom)

    def _apply_zoom(self, zoom: float) -> None:
        self._zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self.setTransform(QTransform.fromScale(self._zoom, self._zoom))
        self._place_editor()
        self.zoom_changed.emit(self._zoom)

    def fit(self, floor: float = READABLE_ZOOM) -> None:
        """Zoom so the whole diagram fits the window, never above 100% nor below ``floor``.

        When it still does not fit, the head end shows: the problem box, at the right, with
        the bones nearest to it. Until the user zooms or scrolls, the view fits itself again
        when the window changes size.
        """
        if self._layout is None or self._fitting:
            return
        self._fit_floor = floor
        self._fitting = True
        try:
            layout = self._layout
            view = self.viewport().rect()
            # Fit within the room left beside scroll bars that may still be showing from the
            # zoom before, so that a diagram that fits never needs them (and shows whole).
            bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
            bars_w = 0 if self.verticalScrollBar().isVisible() else bar
            bars_h = 0 if self.horizontalScrollBar().isVisible() else bar
            sx = (view.width() - bars_w - 2 * FIT_MARGIN) / max(layout.width, 1)
            sy = (view.height() - bars_h - 2 * FIT_MARGIN) / max(layout.height, 1)
            self._apply_zoom(max(min(sx, sy, 1.0), floor))
            # Measured again: the scroll bars may have come or gone with the new zoom.
            view = self.viewport().rect()
            seen_w, seen_h = view.width() / self._zoom, view.height() / self._zoom
            x = layout.width / 2 if seen_w >= layout.width else layout.width - seen_w / 2
            y = layout.height / 2 if seen_h >= layout.height else layout.head.center[1]
            self.centerOn(x, y)
            self._auto_fit = True
            # A new look (presentation) waits a turn to be drawn: fit that drawing too, or
            # the view keeps this one's scroll place on the larger one, head off screen.
            self._refit_after_relayout = self._refit_after_relayout or self.layout_pending
        finally:
            self._fitting = False

    def _fit_if_pending(self) -> None:
        """A newly shown diagram starts fitted to the window (see :meth:`fit`)."""
        if not self._fit_pending or not self.isVisible() or self.viewport().width() < 100:
            return
        self._fit_pending = False
        self.fit(READABLE_ZOOM)

    def export_png(self, path: Path) -> Path:
        """Write the diagram as a PNG picture, the same size whatever the window's zoom."""
        layout, fonts = self._picture()
        return export.export_png(layout, fonts, path, badges=self._badges)

    def export_svg(self, path: Path) -> Path:
        layout, fonts = self._picture()
        title = self._fishbone["problem"] if self._fishbone is not None else ""
        return export.export_svg(layout, fonts, path, title, badges=self._badges)

    def _picture(self) -> tuple[FishboneLayout, FontBook]:
        """The diagram as the plan holds it (nothing half-typed) at the picture text size."""
        assert self._fishbone is not None
        fonts = export.picture_fonts(self.font())
        return export.picture_layout(self._label_input(live=False), fonts), fonts

    # ----------------------------------------------------------------- drawing
    def _label_input(self, *, live: bool = True) -> FishboneInput:
        """The layout's input from the snapshot; ``live`` adds what is being typed. Fills
        ``self._badges`` with the vote counts shown while voting."""
        fishbone = self._fishbone
        badges: dict[int, str] = {}
        self._badges = badges
        if fishbone is None:
            return FishboneInput("")
        draft, override = (self._draft, self._override) if live else (None, None)
        vote_mode = self._vote_mode
        voting = self._keeper.open_on(self.fishbone_id) if self._keeper and live else None
        keys = cause_keys(fishbone) if voting is not None else {}
        voter = voting.voter if voting is not None else None

        def text(kind: HitKind, ident: int, value: str) -> str:
            if override is not None and override[0] == kind and override[1] == ident:
                return override[2]
            return value

        def label(cause: CauseRow) -> str:
            ident = cause["id"]
            value = text("cause", ident, cause["text"])
            if cause["is_root"]:
                value = ROOT_MARK + value
            if voting is not None:
                badge = self._round_badge(cause, keys.get(ident, ""), voting.revealed, voter)
                if badge:
                    badges[ident] = badge
                    value = f"{badge} {value}"
            elif vote_mode:
                votes = rc.cause_votes(cause)
                if votes:
                    # In front, so the count never wraps onto a line of its own.
                    badges[ident] = vote_badge(votes)
                    value = f"{badges[ident]} {value}"
            return value

        def with_draft(
            nodes: list[CauseNode], category_id: int, parent_id: int | None
        ) -> tuple[CauseNode, ...]:
            if (
                draft is not None
                and draft.kind == "cause"
                and draft.category_id == category_id
                and draft.parent_id == parent_id
            ):
                nodes.insert(min(draft.index, len(nodes)), CauseNode(DRAFT_ID, draft.text))
            return tuple(nodes)

        categories: list[CategoryNode] = []
        for category in fishbone["categories"]:
            cid = category["id"]
            built: dict[int, CauseNode] = {}
            # Bottom-up without recursion: a file may hold a very deep chain.
            for cause, _depth in reversed(list(rc.iter_causes(category["causes"]))):
                kids = [built[sub["id"]] for sub in cause["causes"]]
                ident = cause["id"]
                built[ident] = CauseNode(
                    ident, label(cause), cause["is_root"], with_draft(kids, cid, ident)
                )
            top = [built[c["id"]] for c in category["causes"]]
            categories.append(
                CategoryNode(
                    cid, text("category", cid, category["name"]), with_draft(top, cid, None)
                )
            )
        if draft is not None and draft.kind == "category":
            categories.insert(min(draft.index, len(categories)), CategoryNode(DRAFT_ID, draft.text))
        problem = text("problem", PROBLEM_ID, fishbone["problem"])
        return FishboneInput(problem, tuple(categories))

    @staticmethod
    def _round_badge(cause: CauseRow, key: str, revealed: bool, voter: Any) -> str:
        """A cause's badge in a round: its key, then the totals once shown, else only the
        dots of whoever is voting (theirs to see; the room's totals stay hidden)."""
        parts = [key] if key else []
        if revealed:
            votes = rc.cause_votes(cause)
            if votes:
                parts.append(vote_badge(votes))
        elif voter is not None:
            own = sum(v["dots"] for v in cause["dot_votes"] if v["member_id"] == voter.id)
            if own:
                parts.append(OWN_DOT * min(own, 9))
        words = " · ".join(parts) if revealed else " ".join(parts)
        # A lone key gets thin spaces either side: "i" or "1" alone made a sliver of a pill
        return f"{THIN_SPACE}{words}{THIN_SPACE}" if len(words) == 1 else words

    def _on_relayout_timer_timeout(self) -> None:
        refit, self._refit_after_relayout = self._refit_after_relayout, False
        self._relayout()
        if refit:
            self.fit(self._fit_floor)

    def _relayout(self) -> None:
        self._relayout_timer.stop()
        layout = layout_fishbone(self._label_input(), self._fonts.measure, self._style)
        self._layout = layout
        if self._fishbone is None:
            self.scene().clear()
            self.scene().setSceneRect(QRectF(0, 0, 1, 1))
            self._items = {}
        else:
            self._items = draw_layout(self.scene(), layout, self._fonts, self._theme, self._badges)
        self._selection_item = None
        self._ghost = None
        self._marker_item = None
        self._draw_selection()
        self._place_editor()
        self.layout_changed.emit()

    def _draw_selection(self) -> None:
        box = self._box(self._selection) if self._selection is not None else None
        if box is None:
            if self._selection_item is not None:
                self._selection_item.hide()
            return
        if self._selection_item is None:
            item = QGraphicsPathItem()
            item.setZValue(0.5)
            self.scene().addItem(item)
            self._selection_item = item
        color = QColor(self._theme.selection)
        pen = QPen(color, max(2.0, box.font_size / 5))
        fill = QColor(color)
        fill.setAlpha(45)
        self._selection_item.setPen(pen)
        self._selection_item.setBrush(QBrush(fill))
        self._selection_item.setPath(outline_path(box, box.font_size * 0.25))
        self._selection_item.show()

    def _describe(self) -> None:
        """Tell assistive technology what is selected."""
        target = self._selection
        if target is None or self._fishbone is None:
            self.setAccessibleDescription("Nothing selected. Press Home to select the problem.")
            return
        kind, ident = target
        if kind == "problem":
            text = f"Problem: {self._fishbone['problem'] or 'not written yet'}"
        elif kind == "category":
            category = self._category(ident)
            text = f"Category: {(category['name'] if category else '') or 'untitled'}"
        else:
            cause = self._cause(ident)
            root = ", root cause" if cause and cause["is_root"] else ""
            text = f"Cause: {(cause['text'] if cause else '') or 'untitled'}{root}"
        self.setAccessibleDescription(text)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        kind = event.type()
        # A new look sends several of these at once (font, palette, style sheet): the
        # diagram is laid out again once, when they are all in.
        if kind == QEvent.Type.FontChange:
            # Presentation zoom: the diagram grows with the text.
            self._fonts = FontBook(self.font())
            self._style = style_for(base_pixel_size(self.font()))
            self._refit_after_relayout = self._refit_after_relayout or self._auto_fit
            self._relayout_timer.start()
        elif kind == QEvent.Type.PaletteChange:
            self._theme = Theme.from_palette(self.palette())
            self._relayout_timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit_pending:
            self._fit_if_pending()
        elif self._auto_fit:
            self.fit(self._fit_floor)  # as the last fit was asked for: readable, or whole
        self._place_editor()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_if_pending()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._place_editor()

    # ----------------------------------------------------------------- looking things up
    def _box(self, target: Target | None) -> Box | None:
        if target is None or self._layout is None or self._fishbone is None:
            return None
        item = self._items.get(target)
        return item.box if item is not None else None

    def _categories(self) -> Sequence[FishboneCategoryRow]:
        return self._fishbone["categories"] if self._fishbone is not None else ()

    def _category(self, category_id: int) -> FishboneCategoryRow | None:
        return next((c for c in self._categories() if c["id"] == category_id), None)

    def _cause(self, cause_id: int) -> CauseRow | None:
        for category in self._categories():
            for cause, _ in rc.iter_causes(category["causes"]):
                if cause["id"] == cause_id:
                    return cause
        return None

    @property
    def _drawn(self) -> FishboneLayout:
        """The layout on show, for the commands that need one (there is one once built)."""
        assert self._layout is not None
        return self._layout

    def _hit(self, pos: QPointF | QPoint) -> Target | None:
        if self._layout is None or self._fishbone is None:
            return None
        scene = self.mapToScene(QPoint(round(pos.x()), round(pos.y())))
        return label_at(self._layout, scene.x(), scene.y(), self._zoom)

    # ----------------------------------------------------------------- running edits
    def _run(self, operation: Callable[[Session], Change]) -> Change | None:
        if self._controller is None:
            return None
        return self._controller.run(operation)

    # ----------------------------------------------------------------- the label being typed
    def _place_editor(self) -> None:
        """Put the editor over the label being typed, as the zoom and the scroll move it."""
        if self._editing is None:
            return
        box = self._box((self._editing.kind, self._editing.ident))
        if box is None:
            return
        rect = self.mapFromScene(box_rect(box)).boundingRect()
        self._editor.setFont(self._fonts.font(box.font_size * self._zoom))
        em = self._editor.fontMetrics().averageCharWidth()
        width = max(rect.width() + 2 * em, 12 * em)
        height = max(rect.height(), self._editor.sizeHint().height())
        if self._editing.kind == "cause":
            left = rect.right() + em - width  # causes grow leftwards from their bone
        else:
            left = rect.center().x() - width // 2
        top = rect.center().y() - height // 2
        self._editor.setGeometry(QRect(left, top, width, height))

    def _cancel_edit(self, *, relayout: bool = True) -> None:
        if self._editing is None and self._draft is None:
            return
        self._editing = None
        self._draft = None
        self._override = None
        had_focus = self._editor.hasFocus()
        self._editor.hide()
        if had_focus:
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        if relayout:
            self._relayout()

    # ----------------------------------------------------------------- scrolling
    def _on_scroll_bar_action_triggered(self, _action: int) -> None:
        self._auto_fit = False  # the user scrolled: the view stays where they put it


__all__ = ["LOCKED", "MIN_ZOOM", "READABLE_ZOOM", "UNDO_WAITS", "CanvasView", "Target"]
