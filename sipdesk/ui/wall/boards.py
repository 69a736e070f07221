"""The boards Show view puts on the wall: the SWOT, a fishbone, a 5 Whys chain, the ranking.

Each board reads the plan from the controller, edits it through the same services as the step
pages (so every change is undoable and checked by the plan rules), and sizes its text with
:mod:`sipdesk.diagrams.wall`: as large as the screen allows, never below the wall's floor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from sipdesk.diagrams import iter_labels
from sipdesk.diagrams.wall import zoom_floor
from sipdesk.models import Cause, SwotItem, WhyChain, WhyStep
from sipdesk.services import edits, lists
from sipdesk.services import root_causes as rc
from sipdesk.services.voting_round import KEY_LABELS, REVEAL_KEY, cause_keys, find_fishbone
from sipdesk.ui.fishbone.canvas import LOCKED, UNDO_WAITS, FishboneCanvas, Target
from sipdesk.ui.wall.lists import WallList, WallPanel, WallRow, fit_panels

if TYPE_CHECKING:
    from sipdesk.models.plan_types import WhyChainRow
    from sipdesk.ui.controller import PlanController
    from sipdesk.ui.fishbone.round_keeper import RoundKeeper

SWOT_QUADRANTS: tuple[tuple[str, str, str], ...] = (
    ("strength", "Strengths", "strength"),
    ("weakness", "Weaknesses", "weakness"),
    ("opportunity", "Opportunities", "opportunity"),
    ("threat", "Threats", "threat"),
)
SYMPTOM_KEY = 0  # the chain's symptom, shown as its first row (step ids start at 1)
CANVAS_TEXT_SCALE = 2.0  # the fishbone's cause text before fitting, against the floor


@dataclass(frozen=True)
class WallBoard:
    """Which board a step page puts on the wall, and where the person was on it."""

    kind: str  # "swot", "fishbone", "whys" or "ranking"
    fishbone_id: int | None = None
    chain_id: int | None = None
    selection: Target | None = None
    vote_mode: bool = False
    voter: int | None = None  # whose dots a vote places (None: the typed-in tally)
    round: Any = None  # the window's RoundKeeper: a voting round shows on the wall too


class Board(QWidget):
    """What every board on the wall offers the window."""

    message = Signal(str)  # a sentence to show for a moment (what moved, why not)

    def __init__(self, controller: PlanController, floor: int, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.floor = floor

    def refresh(self) -> None:
        """Show the plan as it is now."""

    def refit(self) -> None:
        """Size the text for the board's room."""

    def smallest_text_px(self) -> float:
        """The smallest text on the board as drawn on the screen, in pixels."""
        return 0.0

    def focus_target(self) -> QWidget:
        return self

    def selection(self) -> Target | None:
        return None

    def keeper(self) -> RoundKeeper | None:
        """The window's voting rounds, when this board shows them."""
        return None

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.refit()

    def _run(self, operation: Any) -> object:
        return self.controller.run(operation)


class _ListsBoard(Board):
    """A board made of titled lists that share one text size."""

    panels: list[WallPanel]

    def refit(self) -> None:
        if self.panels and self.isVisible():
            fit_panels(self.panels, self.floor)

    def smallest_text_px(self) -> float:
        return float(min((p.list.font().pixelSize() for p in self.panels), default=0))

    def focus_target(self) -> QWidget:
        for panel in self.panels:
            if panel.list.rows:
                return panel.list
        return self.panels[0].list if self.panels else self


class SwotWall(_ListsBoard):
    """The four SWOT quadrants as a 2 × 2 grid, every item readable."""

    def __init__(self, controller: PlanController, floor: int, parent: QWidget | None) -> None:
        super().__init__(controller, floor, parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(floor)
        writable = not controller.readonly
        self.panels = []
        self.lists: dict[str, WallList] = {}
        for index, (kind, title, noun) in enumerate(SWOT_QUADRANTS):
            wall_list = WallList(
                title,
                rename=self._renamer(noun) if writable else None,
                add=self._adder(kind, noun) if writable else None,
                delete=self._deleter(kind, noun) if writable else None,
                empty=f"No {title.lower()} yet." + (" Insert adds one." if writable else ""),
            )
            panel = WallPanel(title, wall_list, self)
            grid.addWidget(panel, index // 2, index % 2)
            self.panels.append(panel)
            self.lists[kind] = wall_list
        for row in (0, 1):
            grid.setRowStretch(row, 1)
            grid.setColumnStretch(row, 1)
        # Tab runs through the quadrants in reading order.
        for first, second in zip(self.panels, self.panels[1:], strict=False):
            QWidget.setTabOrder(first.list, second.list)

    def refresh(self) -> None:
        items = self.controller.plan()["swot"]
        for kind, wall_list in self.lists.items():
            wall_list.set_rows([WallRow(i["id"], i["text"]) for i in items if i["kind"] == kind])
        self.refit()

    def _renamer(self, noun: str) -> Any:
        def rename(item_id: int, text: str) -> None:
            self._run(lambda s: edits.update_row(s, SwotItem, item_id, f"Edit {noun}", text=text))

        return rename

    def _adder(self, kind: str, noun: str) -> Any:
        def add(after: int | None, text: str) -> None:
            ids = [row.key for row in self.lists[kind].rows]
            index = ids.index(after) + 1 if after in ids else None
            self._run(lambda s: lists.add_swot_item(s, kind, text, index=index))
            self.message.emit(f"Added a {noun}.")

        return add

    def _deleter(self, kind: str, noun: str) -> Any:
        def delete(item_id: int) -> None:
            self._run(lambda s: lists.delete_swot_item(s, item_id, kind))
            self.message.emit(f"Deleted the {noun}. Ctrl+Z brings it back.")

        return delete


class WhysWall(_ListsBoard):
    """One 5 Whys chain: the symptom, then each "why?" down to the root cause."""

    def __init__(
        self, controller: PlanController, floor: int, chain_id: int | None, parent: QWidget | None
    ) -> None:
        super().__init__(controller, floor, parent)
        self.chain_id = chain_id
        writable = not controller.readonly
        self.list = WallList(
            "5 Whys chain",
            rename=self._rename if writable else None,
            add=self._add if writable else None,
            delete=self._delete if writable else None,
            empty="This plan has no 5 Whys chain yet.",
        )
        self.panel = WallPanel("5 Whys", self.list, self)
        self.panels = [self.panel]
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.panel)

    def _chain(self) -> WhyChainRow | None:
        chains = self.controller.plan()["why_chains"]
        chosen = next((chain for chain in chains if chain["id"] == self.chain_id), None)
        return chosen if chosen is not None or not chains else chains[0]

    def refresh(self) -> None:
        chain = self._chain()
        self.chain_id = chain["id"] if chain else None
        rows: list[WallRow] = []
        if chain is not None:
            rows.append(WallRow(SYMPTOM_KEY, chain["symptom"], "Problem: "))
            steps = chain["steps"]
            for number, step in enumerate(steps, start=1):
                root = number == len(steps)
                prefix = f"{number}. " + ("Root cause: " if root and number > 1 else "")
                rows.append(WallRow(step["id"], step["text"], prefix))
        self.list.set_rows(rows)
        self.refit()

    def _rename(self, key: int, text: str) -> None:
        chain_id = self.chain_id
        if chain_id is None:
            return
        if key == SYMPTOM_KEY:
            self._run(
                lambda s: edits.update_row(s, WhyChain, chain_id, "Edit symptom", symptom=text)
            )
        else:
            self._run(lambda s: edits.update_row(s, WhyStep, key, "Edit why", text=text))

    def _add(self, after: int | None, text: str) -> None:
        chain_id = self.chain_id
        if chain_id is None:
            return
        steps = [row.key for row in self.list.rows if row.key != SYMPTOM_KEY]
        index = 0 if after == SYMPTOM_KEY else steps.index(after) + 1 if after in steps else None
        self._run(lambda s: rc.add_why_step(s, chain_id, text, index=index))
        self.message.emit("Added a “why?”.")

    def _delete(self, key: int) -> None:
        if key == SYMPTOM_KEY:
            self.message.emit("The problem stays; press F2 to change its words.")
            return
        self._run(lambda s: lists.delete_why_step(s, key, "Delete why"))
        self.message.emit("Deleted the “why?”. Ctrl+Z brings it back.")


class RankingWall(_ListsBoard):
    """The causes by votes, most first; + and − place or take back a vote.

    While a voting round is open its causes show in the diagram's order with their keys and
    no counts, until the coach shows the votes; the round's keys work here as on the diagram.
    """

    TITLE = "Causes by votes"
    HIDDEN_TITLE = f"Causes · votes hidden ({REVEAL_KEY} shows them)"

    def __init__(
        self,
        controller: PlanController,
        floor: int,
        fishbone_id: int | None,
        voter: int | None,
        parent: QWidget | None,
        round_keeper: RoundKeeper | None = None,
    ) -> None:
        super().__init__(controller, floor, parent)
        self.fishbone_id = fishbone_id
        self.voter = voter
        self._keeper = round_keeper
        writable = not controller.readonly
        self.list = WallList(
            "Causes by votes",
            rename=self._rename if writable else None,
            vote=self._vote if writable else None,
            empty="No causes to vote on yet.",
        )
        self.panel = WallPanel(self.TITLE, self.list, self)
        self.panels = [self.panel]
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.panel)
        self.list.key_hook = self._on_list_key
        self.list.claims_hook = self._claims_key

    def keeper(self) -> RoundKeeper | None:
        return self._keeper

    def refresh(self) -> None:
        plan = self.controller.plan()
        voting = self._keeper.round if self._keeper is not None else None
        scope = voting.fishbone_id if voting is not None else self.fishbone_id
        keys = cause_keys(find_fishbone(plan, voting.fishbone_id)) if voting is not None else {}
        hidden = voting is not None and not voting.revealed
        rows = []
        for ranked in rc.ranking(plan, scope, by_votes=not hidden):
            parts = [keys[ranked.cause_id]] if ranked.cause_id in keys else []
            if not hidden:
                parts.append("1 vote" if ranked.votes == 1 else f"{ranked.votes} votes")
            if ranked.is_root:
                parts.append("root cause")
            prefix = " · ".join(parts) + " — " if parts else ""
            rows.append(WallRow(ranked.cause_id, ranked.text, prefix))
        self.panel.title.setText(self.HIDDEN_TITLE if hidden else self.TITLE)
        self.list.set_rows(rows)
        self.refit()

    def _claims_key(self, event: QKeyEvent) -> bool:
        """During a round the undo keys wait (Backspace takes a dot back), as on the diagram."""
        if self._keeper is None or self._keeper.round is None:
            return False
        mods = event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        )
        return mods == Qt.KeyboardModifier.ControlModifier and event.key() in (
            Qt.Key.Key_Z,
            Qt.Key.Key_Y,
        )

    def _on_list_key(self, event: QKeyEvent, current: int | None) -> bool:
        """The round's keys on the ranking (see :class:`FishboneCanvas`)."""
        keeper = self._keeper
        if keeper is None or keeper.round is None:
            return False
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if self._claims_key(event):
            self.message.emit(UNDO_WAITS)
            return True
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        text = event.text().lower()
        plan = self.controller.plan()
        if len(text) == 1 and text in KEY_LABELS:
            keys = cause_keys(find_fishbone(plan, keeper.round.fishbone_id))
            cause = next((c for c, k in keys.items() if k == text), None)
            if cause is None:
                self.message.emit(f"No cause on this diagram has the key “{text}”.")
            elif keeper.place(cause):
                self.list.select_key(cause)
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            if current is not None:
                keeper.place(current)
        elif key == Qt.Key.Key_Minus:
            if current is not None:
                keeper.take_back(current)
        elif key == Qt.Key.Key_Backspace:
            keeper.take_back()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if mods & Qt.KeyboardModifier.ShiftModifier:
                keeper.previous_voter()
            else:
                keeper.next_voter()
        elif key == Qt.Key.Key_F4:
            keeper.reveal()
        elif key == Qt.Key.Key_F7:
            keeper.end()
        elif key in (Qt.Key.Key_F2, Qt.Key.Key_Insert, Qt.Key.Key_Delete):
            self.message.emit(LOCKED)
        else:
            return False  # arrows and the rest: the list's own
        return True

    def _rename(self, cause_id: int, text: str) -> None:
        self._run(lambda s: edits.update_row(s, Cause, cause_id, "Rename cause", text=text))

    def _vote(self, cause_id: int, delta: int) -> None:
        voter = self.voter
        self._run(lambda s: rc.add_dot(s, cause_id, voter, delta))


class FishboneWall(Board):
    """One fishbone on the live canvas: fitted to the screen, labels never below the floor;
    a bigger diagram scrolls and the view follows the selected cause."""

    def __init__(
        self, controller: PlanController, floor: int, board: WallBoard, parent: QWidget | None
    ) -> None:
        super().__init__(controller, floor, parent)
        self.fishbone_id = board.fishbone_id
        self.canvas = FishboneCanvas(controller, self)
        font = QFont(self.canvas.font())
        font.setPixelSize(round(floor * CANVAS_TEXT_SCALE))
        self.canvas.setFont(font)
        self.canvas.setAccessibleName("Fishbone diagram on the wall")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.canvas)
        self._selection = board.selection
        self._vote = (board.vote_mode, board.voter)
        self._keeper: RoundKeeper | None = board.round
        self.canvas.set_round_keeper(board.round)
        self.canvas.message.connect(self.message)
        self.canvas.layout_changed.connect(self._on_canvas_layout_changed)

    def refresh(self) -> None:
        plan = self.controller.plan()
        fishbones = plan["fishbones"]
        chosen = next((f for f in fishbones if f["id"] == self.fishbone_id), None)
        if chosen is None and fishbones:
            chosen = fishbones[0]
        self.fishbone_id = chosen["id"] if chosen else None
        self.canvas.set_fishbone(chosen)
        self.canvas.set_vote_mode(*self._vote)
        if self._selection is not None:
            self.canvas.select(self._selection)
            self._selection = None

    def zoom_floor(self) -> float:
        layout = self.canvas.layout_result
        if layout is None:
            return 1.0
        return zoom_floor((box.font_size for _k, _i, box in iter_labels(layout)), self.floor)

    def refit(self) -> None:
        if self.isVisible() and self.canvas.layout_result is not None:
            self.canvas.fit(self.zoom_floor())
            target = self.canvas.selection()
            if target is not None:
                self.canvas.select(target)  # keeps the selected cause in view

    def _on_canvas_layout_changed(self) -> None:
        if self.canvas.auto_fit and not self.canvas.editing:
            self.refit()

    def smallest_text_px(self) -> float:
        layout = self.canvas.layout_result
        if layout is None:
            return 0.0
        smallest = min(box.font_size for _k, _i, box in iter_labels(layout))
        return smallest * self.canvas.zoom

    def focus_target(self) -> QWidget:
        return self.canvas

    def selection(self) -> Target | None:
        return self.canvas.selection()

    def keeper(self) -> RoundKeeper | None:
        return self._keeper


def make_board(
    controller: PlanController, board: WallBoard, floor: int, parent: QWidget | None
) -> Board:
    if board.kind == "swot":
        return SwotWall(controller, floor, parent)
    if board.kind == "fishbone":
        return FishboneWall(controller, floor, board, parent)
    if board.kind == "whys":
        return WhysWall(controller, floor, board.chain_id, parent)
    if board.kind == "ranking":
        return RankingWall(
            controller, floor, board.fishbone_id, board.voter, parent, round_keeper=board.round
        )
    raise ValueError(f"no wall board {board.kind!r}")


__all__ = [
    "Board",
    "FishboneWall",
    "RankingWall",
    "SwotWall",
    "WallBoard",
    "WhysWall",
    "make_board",
]
