"""The fishbone canvas's mouse: selecting, voting by click, zooming by wheel and dragging.

The third layer of :class:`~sipdesk.ui.fishbone.canvas.FishboneCanvas`. A drag shows the
dragged label beside the pointer and a marker where it would land (worked out by
:mod:`sipdesk.diagrams.drop`), and ends in one move command, as in Qt's undoframework
example; Esc lets it go (:mod:`.keys`). Nothing moves during a voting round: a click there
places the voter's dot (Shift+click takes one back).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsPathItem, QWidget

from sipdesk.diagrams.drop import (
    CategoryDrop,
    CauseDrop,
    Marker,
    category_drop,
    cause_drop,
    ghost_offset,
)
from sipdesk.diagrams.editing import Target
from sipdesk.services import root_causes as rc
from sipdesk.ui.controller import PlanController
from sipdesk.ui.fishbone.drawing import LabelItem, outline_path, segment_path
from sipdesk.ui.fishbone.editing import EditingCanvas
from sipdesk.ui.fishbone.view import ZOOM_STEP

# Dropping this far from a bone (in text heights) still counts for that bone.
DROP_REACH_EM = 14.0


@dataclass
class _Press:
    target: Target
    pos: QPointF
    scene_pos: QPointF


class DraggingCanvas(EditingCanvas):
    """Clicks, double-clicks, the wheel and drags (the third layer)."""

    def __init__(self, controller: PlanController | None = None, parent: QWidget | None = None):
        super().__init__(controller, parent)
        self._press: _Press | None = None
        self._dragging = False
        self._drop: CauseDrop | CategoryDrop | None = None

    # ----------------------------------------------------------------- mouse
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._auto_fit = False
        if event.button() not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        hit = self._hit(event.position())
        self.select(hit, visible=False)
        if event.button() == Qt.MouseButton.LeftButton and hit is not None:
            self._press = _Press(hit, event.position(), self.mapToScene(event.position().toPoint()))
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        press = self._press
        if press is None:
            super().mouseMoveEvent(event)
            return
        pos = event.position()
        if not self._dragging:
            distance = (pos - press.pos).manhattanLength()
            if distance < QApplication.startDragDistance() or press.target[0] == "problem":
                return
            if self.in_round():
                return  # nothing moves during a round
            self._begin_drag(press)
        self._update_drag(pos)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press = self._press
        if self._dragging:
            self._update_drag(event.position())
            self._end_drag(drop=True)
        elif (
            press is not None
            and self.in_round()
            and press.target[0] == "cause"
            and event.button() == Qt.MouseButton.LeftButton
        ):
            assert self._keeper is not None
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self._keeper.take_back(press.target[1])
            else:
                self._keeper.place(press.target[1])
        elif (
            press is not None
            and self._vote_mode
            and press.target[0] == "cause"
            and event.button() == Qt.MouseButton.LeftButton
        ):
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.vote(-1 if shift else 1, press.target[1])
        self._press = None
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        hit = self._hit(event.position())
        if hit is not None and not self._vote_mode and not self.in_round():
            self.start_rename(hit)
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        self._auto_fit = False
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self._zoom * ZOOM_STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)

    # ----------------------------------------------------------------- dragging
    def _begin_drag(self, press: _Press) -> None:
        box = self._box(press.target)
        if box is None:
            return
        self._dragging = True
        ghost = LabelItem(
            press.target[0],
            press.target[1],
            box,
            self._fonts,
            self._theme,
            ghost=True,
            badge=self._badges.get(press.target[1], "") if press.target[0] == "cause" else "",
        )
        ghost.setOpacity(0.85)
        ghost.setZValue(3)
        self.scene().addItem(ghost)
        self._ghost = ghost
        marker = QGraphicsPathItem()
        marker.setZValue(3)
        marker.setPen(QPen(self._theme.drop, max(2.5, box.font_size / 4)))
        self.scene().addItem(marker)
        self._marker_item = marker
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def _update_drag(self, pos: QPointF) -> None:
        press, layout = self._press, self._layout
        if press is None or layout is None:
            return
        scene = self.mapToScene(pos.toPoint())
        if self._ghost is not None:
            self._ghost.setPos(*ghost_offset(self._ghost.box, scene.x(), scene.y()))
        kind, ident = press.target
        if kind == "cause":
            reach = DROP_REACH_EM * self._style.cause_font_size
            self._drop = cause_drop(layout, ident, scene.x(), scene.y(), reach)
        else:
            self._drop = category_drop(layout, ident, scene.x())
        self._show_marker(self._drop.marker if self._drop else None)
        self._autoscroll(pos)

    def _show_marker(self, marker: Marker | None) -> None:
        item = self._marker_item
        if item is None:
            return
        if marker is None:
            item.hide()
            return
        if marker.box is not None:
            item.setPath(outline_path(marker.box, marker.box.font_size * 0.35))
        else:
            item.setPath(segment_path(marker.x1, marker.y1, marker.x2, marker.y2))
        item.show()

    def _autoscroll(self, pos: QPointF) -> None:
        edge = 24
        view = self.viewport().rect()
        for bar, at, size in (
            (self.horizontalScrollBar(), pos.x(), view.width()),
            (self.verticalScrollBar(), pos.y(), view.height()),
        ):
            if at < edge:
                bar.setValue(bar.value() - bar.singleStep())
            elif at > size - edge:
                bar.setValue(bar.value() + bar.singleStep())

    def _end_drag(self, *, drop: bool) -> None:
        press, target = self._press, self._drop
        self._dragging = False
        self._press = None
        self._drop = None
        self.viewport().unsetCursor()
        for item in (self._ghost, self._marker_item):
            if item is not None:
                self.scene().removeItem(item)
        self._ghost = self._marker_item = None
        if not drop or press is None or target is None:
            return
        ident = press.target[1]
        if isinstance(target, CauseDrop):
            self._run(
                lambda s: rc.move_cause(
                    s,
                    ident,
                    target.index,
                    category_id=target.category_id,
                    parent_id=target.parent_id,
                )
            )
            self.select(press.target)
            self.tell_where(ident)
            return
        self._run(lambda s: rc.move_category(s, ident, target.index))
        self.select(press.target)


__all__ = ["DraggingCanvas"]
