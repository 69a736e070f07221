"""Step 5 without Qt: the plan's outline (priority → strategy → milestone → action), its
numbering and budgets, and the named edits that add, copy, move and delete its items.

Everything that reads works on the plain snapshot of :func:`sipdesk.services.snapshot.read_plan`;
everything that writes takes the caller's session and returns a :class:`Change` for undo.
Numbers (1, 1.1, 1.1.1, 1.1.1.1 as in Tool A) are never stored: they follow from the order of
the rows, so a reorder can never leave them wrong. Deleting and moving by ref also serve the
other steps' rows (measures, supports, adjustments, comments).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sipdesk.models.formatting import numbered_outline
from sipdesk.models.tables import (
    ACTION,
    ADJUSTMENT,
    MEASURE,
    MILESTONE,
    PRIORITY,
    REVIEW_COMMENT,
    STRATEGY,
    SUPPORT,
    PlanTable,
)
from sipdesk.services.changes import Change, PlanRuleError
from sipdesk.services.remembered import per_plan
from sipdesk.services.values import parse_date, parse_money

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

PlanDoc = Mapping[str, Any]  # a plan read: the typed records, or plain dicts from outside

# --------------------------------------------------------------------- the plan's outline
KINDS = ("priority", "strategy", "milestone", "action")
# The table of each kind of item; its ORM class (``.model``) is looked up when an edit runs,
# so a step's page can import this module before the database code loads (issue 12).
MODELS: dict[str, PlanTable] = {
    "priority": PRIORITY,
    "strategy": STRATEGY,
    "milestone": MILESTONE,
    "action": ACTION,
    "measure": MEASURE,
    "support": SUPPORT,
    "adjustment": ADJUSTMENT,
    "comment": REVIEW_COMMENT,
}
# The column that puts a row under its parent in the outline.
PARENT_FK = {"strategy": "priority_id", "milestone": "strategy_id", "action": "milestone_id"}
CHILD_KEY = {"priority": "strategies", "strategy": "milestones", "milestone": "actions"}
NOUNS = {
    "priority": "priority",
    "strategy": "strategy",
    "milestone": "milestone",
    "action": "action",
    "measure": "measure",
    "support": "support",
    "adjustment": "adjustment",
    "comment": "comment",
}


def item_ref(kind: str, row_id: int) -> str:
    """The reference used across the app for one row: ``"action:12"``."""
    return f"{kind}:{row_id}"


def parse_ref(ref: str) -> tuple[str, int] | None:
    """``"action:12"`` → ``("action", 12)``; None for anything else."""
    kind, _, number = ref.partition(":")
    if not kind or not number.isdigit():
        return None
    return kind, int(number)


@dataclass(frozen=True)
class Entry:
    """One priority, strategy, milestone or action of the outline, with its Tool A number."""

    kind: str
    id: int
    number: str
    parent: str | None  # the parent's ref, None for a priority
    data: dict[str, Any]

    @property
    def ref(self) -> str:
        return item_ref(self.kind, self.id)

    @property
    def title(self) -> str:
        """A one-line name: the text a person would recognise the item by."""
        if self.kind == "priority":
            text = self.data.get("title", "")
        elif self.kind == "strategy":
            text = self.data.get("if_text", "")
            text = f"If we {text}" if text.strip() else ""
        else:
            text = self.data.get("text", "")
        return " ".join(str(text or "").split())

    @property
    def heading(self) -> str:
        """``"Strategy 1.2"`` and the like."""
        return f"{self.kind.capitalize()} {self.number}"


_PARENT_KIND = {"strategy": "priority", "milestone": "strategy", "action": "milestone"}


def outline(doc: PlanDoc) -> Iterator[Entry]:
    """Every priority, strategy, milestone and action in plan order, numbered as in Tool A."""
    return iter(index_plan(doc).values())


@per_plan  # a step's page, its grid, its comments and its budgets all ask for the same plan's
def index_plan(doc: PlanDoc) -> dict[str, Entry]:
    """The outline by ref (``"strategy:7"`` → its Entry), in plan order. Shared by every
    caller with the same plan: read it, do not change it."""
    index = {}
    for item in numbered_outline(doc):
        parent = (
            None if item.parent is None else item_ref(_PARENT_KIND[item.kind], item.parent["id"])
        )
        entry = Entry(item.kind, item.row["id"], item.number, parent, item.row)
        index[entry.ref] = entry
    return index


def numbering(doc: PlanDoc) -> dict[str, str]:
    """Tool A numbers by ref: priority ``1``, strategy ``1.1``, milestone ``1.1.1``, action
    ``1.1.1.1``."""
    return {ref: entry.number for ref, entry in index_plan(doc).items()}


def ancestors(index: dict[str, Entry], ref: str) -> list[str]:
    """Refs from the priority down to ``ref`` itself (empty if ``ref`` is unknown)."""
    chain: list[str] = []
    current: str | None = ref
    while current is not None and current in index:
        chain.append(current)
        current = index[current].parent
    return list(reversed(chain))


def strategy_measures(doc: PlanDoc) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every measure with a label: ``"Goal 1 · measure 2"``, ``"Priority 1 · measure 1"`` or
    ``"Strategy 1.1 · measure 1"``."""
    for g, goal in enumerate(doc.get("goals", []), start=1):
        for n, measure in enumerate(goal.get("measures", []), start=1):
            yield f"Goal {g} · measure {n}", measure
    for entry in outline(doc):
        if entry.kind == "priority":
            for n, measure in enumerate(entry.data.get("measures", []), start=1):
                yield f"Priority {entry.number} · measure {n}", measure
        if entry.kind == "strategy":
            for n, measure in enumerate(entry.data.get("measures", []), start=1):
                yield f"Strategy {entry.number} · measure {n}", measure


# --------------------------------------------------------------------- budgets
@dataclass(frozen=True)
class BudgetTotals:
    """Summed action budgets in cents, by ref (``"strategy:3"``), and for the whole plan."""

    by_ref: dict[str, int]
    plan: int

    def of(self, ref: str) -> int:
        return self.by_ref.get(ref, 0)


def budget_totals(doc: PlanDoc) -> BudgetTotals:
    """Budgets add up from actions to milestones, strategies, priorities and the plan."""
    totals: dict[str, int] = {}
    index = index_plan(doc)
    plan_total = 0
    for entry in index.values():
        if entry.kind != "action":
            continue
        cents = entry.data.get("budget_cents") or 0
        plan_total += cents
        for ref in ancestors(index, entry.ref):
            totals[ref] = totals.get(ref, 0) + cents
    for ref in index:  # items without budgeted actions still have a total: zero
        totals.setdefault(ref, 0)
    return BudgetTotals(totals, plan_total)


# --------------------------------------------------------------------- outline edits
def add_strategy(session: Session, priority_id: int) -> Change:
    from sipdesk.models import Strategy
    from sipdesk.services.edits import insert_row

    return insert_row(session, Strategy, "Add strategy", {"priority_id": priority_id})


def add_milestone(session: Session, strategy_id: int, kind: str = "process") -> Change:
    from sipdesk.models import Milestone
    from sipdesk.services.edits import insert_row

    return insert_row(
        session, Milestone, "Add milestone", {"strategy_id": strategy_id, "kind": kind}
    )


def add_action(session: Session, milestone_id: int, index: int | None = None) -> Change:
    from sipdesk.models import Action
    from sipdesk.services.edits import insert_row

    return insert_row(session, Action, "Add action", {"milestone_id": milestone_id}, index=index)


def add_strategy_measure(session: Session, strategy_id: int, index: int | None = None) -> Change:
    from sipdesk.models import Measure
    from sipdesk.services.edits import insert_row

    values = {"strategy_id": strategy_id, "kind": "implementation"}
    return insert_row(session, Measure, "Add strategy measure", values, index=index)


def duplicate_action(session: Session, action_id: int) -> Change:
    """A copy of an action right below it (without its monthly statuses)."""
    from sipdesk.models import Action
    from sipdesk.services.edits import insert_row

    row = session.get(Action, action_id)
    if row is None:
        raise PlanRuleError("That action no longer exists in the plan.")
    values = {
        c: getattr(row, c)
        for c in (
            "milestone_id",
            "text",
            "outputs",
            "start",
            "due",
            "budget_cents",
            "funding_source",
            "person_responsible",
            "collaborators",
            "recurrence",
            "schedule",
        )
    }
    return insert_row(session, Action, "Duplicate action", values, index=row.position + 1)


def delete_item(session: Session, ref: str) -> Change:
    """Delete an outline item (or a measure, support, adjustment, comment) with all it holds."""
    from sipdesk.services.edits import delete_row

    kind, row_id = _split(ref)
    return delete_row(session, MODELS[kind].model, row_id, f"Delete {NOUNS[kind]}")


def move_item(session: Session, ref: str, delta: int) -> Change:
    """Move an item up (``-1``) or down (``+1``) among its siblings; no change at the ends."""
    from sqlalchemy import select

    from sipdesk.models.base import table_of
    from sipdesk.services.edits import move_row

    kind, row_id = _split(ref)
    model = MODELS[kind].model
    row = session.get(model, row_id)
    if row is None:
        raise PlanRuleError("That item no longer exists in the plan.")
    table = table_of(model)
    scope = [PARENT_FK[kind]] if kind in PARENT_FK else []
    if kind == "measure":
        scope = ["goal_id", "priority_id", "strategy_id"]
    query = select(table.c.id)
    for column in scope:
        value = getattr(row, column)
        query = query.where(
            table.c[column].is_(None) if value is None else table.c[column] == value
        )
    siblings = list(session.scalars(query.order_by(table.c.position, table.c.id)))
    here = siblings.index(row_id)
    target = here + delta
    if not 0 <= target < len(siblings):
        return Change(f"Move {NOUNS[kind]}")
    return move_row(session, model, row_id, target, f"Move {NOUNS[kind]}")


def move_under(session: Session, ref: str, parent_ref: str, index: int | None = None) -> Change:
    """Move an item under another parent of the right kind (an action to another milestone,
    a milestone to another strategy, a strategy to another priority), last unless ``index``."""
    from sqlalchemy import select

    from sipdesk.services.edits import move_row

    kind, row_id = _split(ref)
    parent_kind, parent_id = _split(parent_ref)
    fk = PARENT_FK.get(kind)
    if fk is None or KINDS.index(parent_kind) != KINDS.index(kind) - 1:
        raise PlanRuleError(f"A {NOUNS[kind]} cannot go under a {NOUNS[parent_kind]}.")
    model = MODELS[kind].model
    count = len(
        list(session.scalars(select(model.id).where(getattr(model, fk) == parent_id)))  # type: ignore[attr-defined]
    )
    where = count if index is None else index
    return move_row(session, model, row_id, where, f"Move {NOUNS[kind]}", **{fk: parent_id})


def _split(ref: str) -> tuple[str, int]:
    parsed = parse_ref(ref)
    if parsed is None or parsed[0] not in MODELS:
        raise ValueError(f"not an item reference: {ref!r}")
    return parsed


def set_action_budget(session: Session, action_id: int, text: str) -> Change:
    from sipdesk.models import Action
    from sipdesk.services.edits import update_row

    return update_row(session, Action, action_id, "Edit budget", budget_cents=parse_money(text))


def set_action_date(session: Session, action_id: int, which: str, text: str) -> Change:
    from sipdesk.models import Action
    from sipdesk.services.edits import update_row

    if which not in ("start", "due"):
        raise ValueError(which)
    when = parse_date(text)
    return update_row(session, Action, action_id, f"Edit {which} date", **{which: when})
