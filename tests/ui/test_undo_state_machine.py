"""Random edits, undos and redos through the real controller match a plain model of the plan.

Hypothesis drives :class:`PlanController` (its ``QUndoStack``, typing merges and all) with the
named service operations the pages call: add, rename, delete and move goals, SWOT items,
causes (with sub-causes) and strategies, then undo and redo. After every step the plan read
back from the plan's SQLite file must equal what a small Python model says it holds; at the
end the plan is written back and the ``.sipdesk`` file itself is opened and compared.

The model keeps whole states (before and after each undo step), so it knows nothing of
:class:`~sipdesk.services.edits.Change` or how undo works inside SIP Desk.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from PySide6.QtWidgets import QApplication
from sqlalchemy.orm import Session

from sipdesk.models import Base, Cause, Goal, Strategy, SwotItem
from sipdesk.services import lists, operations, outline
from sipdesk.services import root_causes as rc
from sipdesk.services.edits import Change, update_row
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from sipdesk.ui.controller import PlanController

QUADRANTS = ("strength", "weakness", "opportunity", "threat")
Row = tuple[int, str]  # (id, text)


@dataclass(frozen=True)
class CauseNode:
    id: int
    text: str
    causes: tuple[CauseNode, ...] = ()


@dataclass(frozen=True)
class PlanModel:
    """What the plan should hold: ids and texts, each list in the order the plan shows it."""

    goals: tuple[Row, ...] = ()
    swot: tuple[tuple[Row, ...], ...] = ((), (), (), ())  # in QUADRANTS order
    causes: tuple[CauseNode, ...] = ()  # on the one bone, with their sub-causes
    strategies: tuple[Row, ...] = ()  # under the one priority


# --------------------------------------------------------------------- list helpers
def _moved(items: tuple[Any, ...], at: int, index: int) -> tuple[Any, ...]:
    """``items`` with the one at ``at`` put at ``index`` of the list without it (clamped)."""
    rest = list(items)
    item = rest.pop(at)
    rest.insert(max(0, min(index, len(rest))), item)
    return tuple(rest)


def _inserted(items: tuple[Any, ...], item: Any, index: int | None) -> tuple[Any, ...]:
    where = len(items) if index is None else max(0, min(index, len(items)))
    return (*items[:where], item, *items[where:])


def _renamed(rows: tuple[Row, ...], row_id: int, text: str) -> tuple[Row, ...]:
    return tuple((i, text if i == row_id else t) for i, t in rows)


def _cause_ids(causes: tuple[CauseNode, ...]) -> list[int]:
    return [i for c in causes for i in (c.id, *_cause_ids(c.causes))]


def _find(causes: tuple[CauseNode, ...], cause_id: int) -> CauseNode:
    for c in causes:
        if c.id == cause_id:
            return c
        if cause_id in _cause_ids(c.causes):
            return _find(c.causes, cause_id)
    raise KeyError(cause_id)


def _without(causes: tuple[CauseNode, ...], cause_id: int) -> tuple[CauseNode, ...]:
    return tuple(
        replace(c, causes=_without(c.causes, cause_id)) for c in causes if c.id != cause_id
    )


def _map_children(
    causes: tuple[CauseNode, ...],
    parent_id: int | None,
    edit: Callable[[tuple[CauseNode, ...]], tuple[CauseNode, ...]],
) -> tuple[CauseNode, ...]:
    """The tree with ``edit`` applied to the sub-causes of ``parent_id`` (None: the bone)."""
    if parent_id is None:
        return edit(causes)
    return tuple(
        replace(c, causes=edit(c.causes))
        if c.id == parent_id
        else replace(c, causes=_map_children(c.causes, parent_id, edit))
        for c in causes
    )


def _renamed_cause(
    causes: tuple[CauseNode, ...], cause_id: int, text: str
) -> tuple[CauseNode, ...]:
    return tuple(
        replace(
            c,
            text=text if c.id == cause_id else c.text,
            causes=_renamed_cause(c.causes, cause_id, text),
        )
        for c in causes
    )


# --------------------------------------------------------------------- reading the file
def _causes_of(rows: list[dict[str, Any]]) -> tuple[CauseNode, ...]:
    return tuple(CauseNode(r["id"], r["text"], _causes_of(r["causes"])) for r in rows)


def stored(plan: dict[str, Any]) -> PlanModel:
    """The model's view of a plan as ``read_plan`` gives it."""
    return PlanModel(
        goals=tuple((g["id"], g["text"]) for g in plan["goals"]),
        swot=tuple(
            tuple((s["id"], s["text"]) for s in plan["swot"] if s["kind"] == kind)
            for kind in QUADRANTS
        ),
        causes=_causes_of(plan["fishbones"][0]["categories"][0]["causes"]),
        strategies=tuple((s["id"], s["if_text"]) for s in plan["priorities"][0]["strategies"]),
    )


@dataclass
class UndoModel:
    """The undo stack as a person sees it: whole plan states before and after each step."""

    steps: list[tuple[PlanModel, PlanModel]] = field(default_factory=list)
    index: int = 0  # steps done
    typing: tuple[str, int, str] | None = None  # the field the last step typed into, if any


TEXT = st.text(alphabet="ab ", max_size=3)  # few letters, so renames to the same text happen
PICK = st.integers(min_value=0, max_value=1_000)  # which item, modulo how many there are
INDEX = st.integers(min_value=-1, max_value=6)


class UndoRedoMachine(RuleBasedStateMachine):
    """One example: a copy of a plan with a priority and a fishbone bone, edited at random."""

    def __init__(self, plan_file: Path) -> None:
        super().__init__()
        self.document = PlanDocument.open(plan_file)
        with self.document.session() as session:
            plan = read_plan(session)
        self.priority_id = plan["priorities"][0]["id"]
        self.category_id = plan["fishbones"][0]["categories"][0]["id"]
        self.controller = PlanController(self.document)
        self.model = PlanModel()
        self.undo = UndoModel()

    # ----------------------------------------------------------------- doing
    def _do(
        self,
        operation: Callable[[Session], Change],
        expected: PlanModel,
        *,
        typing: tuple[str, int, str] | None = None,
    ) -> None:
        """Run ``operation`` through the controller: an undo step when the plan changes."""
        change = self.controller.run(operation)
        assert change is not None
        before = self.model
        pushes = expected != before
        assert change.empty != pushes
        if pushes:
            del self.undo.steps[self.undo.index :]
            if typing is not None and typing == self.undo.typing and self.undo.index:
                # Typing on into the same field: one undo step from where the typing began.
                first, _ = self.undo.steps[-1]
                self.undo.steps[-1] = (first, expected)
            else:
                self.undo.steps.append((before, expected))
                self.undo.index += 1
            self.undo.typing = typing
        self.model = expected

    def _add(
        self, operation: Callable[[Session], Change], table: str, place: Callable[[Row], PlanModel]
    ) -> None:
        """An add: the model learns the new row's id from the change, then places it."""
        change = self.controller.run(operation)
        assert change is not None and not change.empty
        new_id = change.created_id(table)
        assert new_id is not None
        # Always a new undo step of its own.
        expected = place((new_id, ""))
        del self.undo.steps[self.undo.index :]
        self.undo.steps.append((self.model, expected))
        self.undo.index += 1
        self.undo.typing = None
        self.model = expected

    # ----------------------------------------------------------------- goals
    @rule()
    def add_goal(self) -> None:
        self._add(
            lists.add_goal, "goals", lambda row: replace(self.model, goals=(*self.model.goals, row))
        )

    @precondition(lambda self: self.model.goals)
    @rule(pick=PICK, text=TEXT)
    def rename_goal(self, pick: int, text: str) -> None:
        goal_id = self.model.goals[pick % len(self.model.goals)][0]
        expected = replace(self.model, goals=_renamed(self.model.goals, goal_id, text))
        self._do(
            lambda s: _set(s, Goal, goal_id, "Edit goal", text=text),
            expected,
            typing=("goals", goal_id, "text"),
        )

    @precondition(lambda self: self.model.goals)
    @rule(pick=PICK)
    def delete_goal(self, pick: int) -> None:
        at = pick % len(self.model.goals)
        goal_id = self.model.goals[at][0]
        expected = replace(self.model, goals=self.model.goals[:at] + self.model.goals[at + 1 :])
        self._do(lambda s: lists.delete_goal(s, goal_id), expected)

    @precondition(lambda self: self.model.goals)
    @rule(pick=PICK, index=INDEX)
    def move_goal(self, pick: int, index: int) -> None:
        at = pick % len(self.model.goals)
        goal_id = self.model.goals[at][0]
        expected = replace(self.model, goals=_moved(self.model.goals, at, index))
        change = self.controller.run(lambda s: lists.move_goal(s, goal_id, index))
        self._after_move(change, expected)

    # ----------------------------------------------------------------- SWOT
    @rule(quadrant=st.sampled_from(range(4)), text=TEXT, index=st.none() | INDEX)
    def add_swot_item(self, quadrant: int, text: str, index: int | None) -> None:
        kind = QUADRANTS[quadrant]

        def place(row: Row) -> PlanModel:
            swot = list(self.model.swot)
            swot[quadrant] = _inserted(swot[quadrant], (row[0], text), index)
            return replace(self.model, swot=tuple(swot))

        self._add(lambda s: lists.add_swot_item(s, kind, text, index=index), "swot_items", place)

    def _swot_item(self, pick: int) -> tuple[int, int, int]:
        """(quadrant, position, id) of the ``pick``-th SWOT item across all quadrants."""
        every = [
            (q, at, row[0]) for q, rows in enumerate(self.model.swot) for at, row in enumerate(rows)
        ]
        return every[pick % len(every)]

    @precondition(lambda self: any(self.model.swot))
    @rule(pick=PICK, text=TEXT)
    def rename_swot_item(self, pick: int, text: str) -> None:
        quadrant, _, item_id = self._swot_item(pick)
        swot = list(self.model.swot)
        swot[quadrant] = _renamed(swot[quadrant], item_id, text)
        self._do(
            lambda s: _set(s, SwotItem, item_id, "Edit item", text=text),
            replace(self.model, swot=tuple(swot)),
            typing=("swot_items", item_id, "text"),
        )

    @precondition(lambda self: any(self.model.swot))
    @rule(pick=PICK)
    def delete_swot_item(self, pick: int) -> None:
        quadrant, at, item_id = self._swot_item(pick)
        swot = list(self.model.swot)
        swot[quadrant] = swot[quadrant][:at] + swot[quadrant][at + 1 :]
        kind = QUADRANTS[quadrant]
        self._do(
            lambda s: lists.delete_swot_item(s, item_id, kind),
            replace(self.model, swot=tuple(swot)),
        )

    @precondition(lambda self: any(self.model.swot))
    @rule(pick=PICK, quadrant=st.sampled_from(range(4)), index=INDEX)
    def move_swot_item(self, pick: int, quadrant: int, index: int) -> None:
        """To ``index`` of any quadrant: its own or another."""
        source, at, item_id = self._swot_item(pick)
        swot = list(self.model.swot)
        row = swot[source][at]
        swot[source] = swot[source][:at] + swot[source][at + 1 :]
        swot[quadrant] = _inserted(swot[quadrant], row, max(index, 0))
        kind = QUADRANTS[quadrant]
        change = self.controller.run(lambda s: lists.move_swot_item(s, item_id, kind, index))
        self._after_move(change, replace(self.model, swot=tuple(swot)))

    # ----------------------------------------------------------------- causes
    @rule(pick=PICK, text=TEXT, under=st.booleans(), index=st.none() | INDEX)
    def add_cause(self, pick: int, text: str, under: bool, index: int | None) -> None:
        ids = _cause_ids(self.model.causes)
        parent = ids[pick % len(ids)] if under and ids else None
        category = self.category_id

        def place(row: Row) -> PlanModel:
            node = CauseNode(row[0], text)
            causes = _map_children(
                self.model.causes, parent, lambda kids: _inserted(kids, node, index)
            )
            return replace(self.model, causes=causes)

        self._add(
            lambda s: rc.add_cause(s, category, text, parent_id=parent, index=index),
            "causes",
            place,
        )

    @precondition(lambda self: self.model.causes)
    @rule(pick=PICK, text=TEXT)
    def rename_cause(self, pick: int, text: str) -> None:
        ids = _cause_ids(self.model.causes)
        cause_id = ids[pick % len(ids)]
        self._do(
            lambda s: _set(s, Cause, cause_id, "Edit cause", text=text),
            replace(self.model, causes=_renamed_cause(self.model.causes, cause_id, text)),
            typing=("causes", cause_id, "text"),
        )

    @precondition(lambda self: self.model.causes)
    @rule(pick=PICK)
    def delete_cause(self, pick: int) -> None:
        """A cause goes with all its sub-causes."""
        ids = _cause_ids(self.model.causes)
        cause_id = ids[pick % len(ids)]
        expected = replace(self.model, causes=_without(self.model.causes, cause_id))
        self._do(lambda s: rc.delete_cause(s, cause_id), expected)

    @precondition(lambda self: self.model.causes)
    @rule(pick=PICK, onto=PICK, under=st.booleans(), index=INDEX)
    def move_cause(self, pick: int, onto: int, under: bool, index: int) -> None:
        """To ``index`` on the bone, or under another cause (refused under its own subtree)."""
        ids = _cause_ids(self.model.causes)
        cause_id = ids[pick % len(ids)]
        parent = ids[onto % len(ids)] if under else None
        node = _find(self.model.causes, cause_id)
        refused = parent is not None and parent in (cause_id, *_cause_ids(node.causes))
        expected = None
        if not refused:
            causes = _without(self.model.causes, cause_id)
            causes = _map_children(
                causes, parent, lambda kids: _inserted(kids, node, max(index, 0))
            )
            expected = replace(self.model, causes=causes)
        change = self.controller.run(lambda s: rc.move_cause(s, cause_id, index, parent_id=parent))
        if expected is None:
            assert change is None, "a cause cannot go under itself"
            return
        self._after_move(change, expected)

    # ----------------------------------------------------------------- strategies
    @rule()
    def add_strategy(self) -> None:
        priority = self.priority_id
        self._add(
            lambda s: outline.add_strategy(s, priority),
            "strategies",
            lambda row: replace(self.model, strategies=(*self.model.strategies, row)),
        )

    @precondition(lambda self: self.model.strategies)
    @rule(pick=PICK, text=TEXT)
    def rename_strategy(self, pick: int, text: str) -> None:
        strategy_id = self.model.strategies[pick % len(self.model.strategies)][0]
        self._do(
            lambda s: _set(s, Strategy, strategy_id, "Edit strategy", if_text=text),
            replace(self.model, strategies=_renamed(self.model.strategies, strategy_id, text)),
            typing=("strategies", strategy_id, "if_text"),
        )

    @precondition(lambda self: self.model.strategies)
    @rule(pick=PICK)
    def delete_strategy(self, pick: int) -> None:
        at = pick % len(self.model.strategies)
        ref = outline.item_ref("strategy", self.model.strategies[at][0])
        rows = self.model.strategies
        self._do(
            lambda s: outline.delete_item(s, ref),
            replace(self.model, strategies=rows[:at] + rows[at + 1 :]),
        )

    @precondition(lambda self: self.model.strategies)
    @rule(pick=PICK, delta=st.sampled_from((-1, 1)))
    def move_strategy(self, pick: int, delta: int) -> None:
        """Up or down one place (nothing at the ends)."""
        rows = self.model.strategies
        at = pick % len(rows)
        ref = outline.item_ref("strategy", rows[at][0])
        target = at + delta
        expected = replace(self.model, strategies=_moved(rows, at, target))
        if not 0 <= target < len(rows):
            expected = self.model
        change = self.controller.run(lambda s: outline.move_item(s, ref, delta))
        self._after_move(change, expected)

    def _after_move(self, change: Change | None, expected: PlanModel) -> None:
        """A move that changes the order is one undo step. One that leaves the order as it is
        may still make a step (it closes gaps that deletes left in the hidden positions)."""
        assert change is not None
        if expected != self.model:
            assert not change.empty, "a move that changes the order must be an undo step"
        before = self.model
        if not change.empty:
            del self.undo.steps[self.undo.index :]
            self.undo.steps.append((before, expected))
            self.undo.index += 1
            self.undo.typing = None
        self.model = expected

    # ----------------------------------------------------------------- undo and redo
    @rule()
    def undo(self) -> None:
        stack = self.controller.undo_stack
        assert stack.canUndo() == (self.undo.index > 0)
        stack.undo()
        if self.undo.index:  # (with nothing to undo, nothing happens at all)
            self.undo.index -= 1
            self.model = self.undo.steps[self.undo.index][0]
            self.undo.typing = None  # the next typing starts a new undo step

    @rule()
    def redo(self) -> None:
        stack = self.controller.undo_stack
        assert stack.canRedo() == (self.undo.index < len(self.undo.steps))
        stack.redo()
        if self.undo.index < len(self.undo.steps):
            self.model = self.undo.steps[self.undo.index][1]
            self.undo.index += 1
            self.undo.typing = None

    # ----------------------------------------------------------------- checking
    @invariant()
    def the_file_holds_what_the_model_says(self) -> None:
        self._check_file()
        stack = self.controller.undo_stack
        assert (stack.count(), stack.index()) == (len(self.undo.steps), self.undo.index)

    def _check_file(self) -> None:
        with self.document.session() as session:  # a fresh read of the SQLite file
            assert stored(read_plan(session)) == self.model

    def teardown(self) -> None:
        """Every step undone back to the start and redone to the last, each state checked;
        then the plan written back to its .sipdesk file, opened afresh, holds the same."""
        try:
            stack = self.controller.undo_stack
            while self.undo.index:
                stack.undo()
                self.undo.index -= 1
                self.model = self.undo.steps[self.undo.index][0]
                self._check_file()
            assert not stack.canUndo()
            while self.undo.index < len(self.undo.steps):
                stack.redo()
                self.model = self.undo.steps[self.undo.index][1]
                self.undo.index += 1
                self._check_file()
            assert not stack.canRedo()
            self.controller.flush()
            reopened = PlanDocument.open(self.document.path, readonly=True)
            try:
                with reopened.session() as session:
                    assert stored(read_plan(session)) == self.model
            finally:
                reopened.close()
        finally:
            self.controller.close()
            self.controller.deleteLater()


def _created(change: Change, table: str) -> int:
    new_id = change.created_id(table)
    assert new_id is not None
    return new_id


def _set(session: Session, model: type[Base], row_id: int, label: str, **values: Any) -> Change:
    """A field edit as a page's field makes it (:meth:`PlanController.set_field`)."""
    return update_row(session, model, row_id, label, **values)


def test_random_edits_undo_and_redo_keep_the_file_equal_to_the_model(
    qapp: QApplication, tmp_path: Path
) -> None:
    # Given a plan with a priority and a fishbone bone (made once: copying it is quicker)
    template = tmp_path / "template.sipdesk"
    with (
        PlanDocument.create(
            template, lambda s: operations.seed_new_plan(s, "Oak Hill", first_month="2026-08")
        ) as document,
        document.transaction() as session,
    ):
        operations.add_priority(session, "Reading")
        fishbone = _created(rc.new_fishbone(session, "Reading", template=None), "fishbones")
        rc.add_category(session, fishbone, "People")
    copies = (tmp_path / f"plan {n}.sipdesk" for n in itertools.count())

    def machine() -> UndoRedoMachine:
        copy = next(copies)
        shutil.copyfile(template, copy)
        return UndoRedoMachine(copy)

    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=20,
            stateful_step_count=30,
            derandomize=True,  # the same examples on every run and machine
            database=None,
            # No shrinking: it takes minutes here. Add Phase.shrink to get a short example.
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


@pytest.mark.parametrize(
    ("items", "at", "index", "result"),
    [((1, 2, 3), 0, 5, (2, 3, 1)), ((1, 2, 3), 2, -1, (3, 1, 2)), ((1, 2, 3), 1, 1, (1, 2, 3))],
)
def test_the_models_move_counts_the_list_without_the_item(
    items: tuple[int, ...], at: int, index: int, result: tuple[int, ...]
) -> None:
    assert _moved(items, at, index) == result
