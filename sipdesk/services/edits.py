"""The one edit path: every change to a plan is a :class:`Change` made of reversible steps.

An operation runs inside the caller's transaction (it never commits) and returns a Change
holding old and new values. ``revert`` undoes it and ``apply`` redoes it, so the UI's undo
stack needs only ids and this record. Deleting a row captures every row that depends on it,
so undo brings back a whole fishbone or strategy exactly as it was, with the same ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, cast

from sqlalchemy import CursorResult, Table, and_, delete, func, insert, select, update
from sqlalchemy.orm import Session

from sipdesk.models import Base, SwotItem
from sipdesk.models.base import table_of
from sipdesk.models.domains import check_values
from sipdesk.models.limits import MAX_ROWS, ROW_NOUNS
from sipdesk.models.tree import walk
from sipdesk.services.changes import Change as Change
from sipdesk.services.changes import PlanRuleError as PlanRuleError
from sipdesk.services.changes import Step as Step
from sipdesk.services.changes import StepKind as StepKind


# --------------------------------------------------------------------- replay
def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _run(session: Session, kind: StepKind, table: str, row_id: int, values: Any) -> None:
    t = _table(table)
    if kind == "update":
        session.execute(update(t).where(t.c.id == row_id).values(**values))
    elif kind == "insert":
        session.execute(insert(t).values(**values))
    else:
        session.execute(delete(t).where(t.c.id == row_id))


def apply(session: Session, change: Change) -> None:
    """Redo ``change`` (make the plan hold its ``after`` values)."""
    for step in change.steps:
        _run(session, step.kind, step.table, step.row_id, step.after)


def revert(session: Session, change: Change) -> None:
    """Undo ``change`` (make the plan hold its ``before`` values again)."""
    inverse: dict[StepKind, StepKind] = {"update": "update", "insert": "delete", "delete": "insert"}
    for step in reversed(change.steps):
        _run(session, inverse[step.kind], step.table, step.row_id, step.before)


# --------------------------------------------------------------------- primitives
def _row(session: Session, table: Table, row_id: int) -> dict[str, Any]:
    row = session.execute(select(table).where(table.c.id == row_id)).mappings().first()
    if row is None:
        raise PlanRuleError("That item no longer exists in the plan.")
    return dict(row)


def update_row(
    session: Session, model: type[Base], row_id: int, label: str, **values: Any
) -> Change:
    """Set fields of one row; only fields whose value really changes are recorded."""
    table = table_of(model)
    current = _row(session, table, row_id)
    unknown = set(values) - set(current)
    if unknown:
        raise KeyError(f"{table.name} has no field(s) {sorted(unknown)}")
    before = {k: current[k] for k, v in values.items() if current[k] != v}
    after = {k: values[k] for k in before}
    if not after:
        return Change(label)
    _check(table.name, after)
    step = Step("update", table.name, row_id, before, after)
    _run(session, "update", table.name, row_id, after)
    return Change(label, (step,))


# Which columns put rows into the same hand-ordered list (the "siblings").
_SCOPES: dict[str, tuple[str, ...]] = {}
for _node in walk():
    _name = _node.model.__tablename__
    _cols = tuple(c for c in (_node.parent_fk, _node.self_fk) if c)
    _SCOPES[_name] = tuple(dict.fromkeys(_SCOPES.get(_name, ()) + _cols))
_SCOPES[SwotItem.__tablename__] = ("kind",)


def _sibling_filter(table: Table, values: Mapping[str, Any]) -> Any:
    clauses = []
    for col in _SCOPES.get(table.name, ()):
        value = values.get(col)
        clauses.append(table.c[col].is_(None) if value is None else table.c[col] == value)
    return and_(True, *clauses)


def _siblings(session: Session, table: Table, scope: Mapping[str, Any]) -> list[int]:
    query = (
        select(table.c.id)
        .where(_sibling_filter(table, scope))
        .order_by(table.c.position, table.c.id)
    )
    return list(session.scalars(query))


def _renumber(session: Session, table: Table, ordered_ids: Sequence[int]) -> list[Step]:
    """Give ``ordered_ids`` positions 0..n-1, returning steps for rows that moved."""
    if not ordered_ids:
        return []
    rows = session.execute(
        select(table.c.id, table.c.position).where(table.c.id.in_(ordered_ids))
    ).all()
    current = {r[0]: r[1] for r in rows}
    steps = []
    for index, row_id in enumerate(ordered_ids):
        if current.get(row_id) != index:
            step = Step(
                "update", table.name, row_id, {"position": current.get(row_id)}, {"position": index}
            )
            _run(session, "update", table.name, row_id, step.after)
            steps.append(step)
    return steps


def insert_row(
    session: Session,
    model: type[Base],
    label: str,
    values: Mapping[str, Any] | None = None,
    *,
    index: int | None = None,
) -> Change:
    """Add a row (at ``index`` among its siblings, default last); returns a Change with its id."""
    table = table_of(model)
    data = {c.name: _default(c) for c in table.columns if c.name != "id"}
    data.update(values or {})
    count = session.scalar(select(func.count()).select_from(table)) or 0
    if count >= MAX_ROWS[table.name]:
        raise PlanRuleError(
            f"This plan already has {MAX_ROWS[table.name]:,} {ROW_NOUNS[table.name]}, "
            "the most a plan may hold."
        )
    _check(table.name, data)
    ordered = "position" in table.c
    siblings: list[int] = []
    if ordered:
        siblings = _siblings(session, table, data)
        # After the last sibling: deletes leave gaps, so their count could sort it first.
        last = session.scalar(
            select(func.max(table.c.position)).where(_sibling_filter(table, data))
        )
        data["position"] = 0 if last is None else last + 1
    result = cast(CursorResult[Any], session.execute(insert(table).values(**data)))
    key = result.inserted_primary_key
    assert key is not None
    row_id = int(key[0])
    full = _row(session, table, row_id)
    steps = [Step("insert", table.name, row_id, None, full)]
    if ordered and index is not None and index < len(siblings):
        order = siblings[:]
        order.insert(max(index, 0), row_id)
        moves = _renumber(session, table, order)
        # Record the new row with its final position so redo re-creates it in place.
        final_pos = order.index(row_id)
        steps[0] = Step("insert", table.name, row_id, None, {**full, "position": final_pos})
        steps.extend(m for m in moves if m.row_id != row_id)
    return Change(label, tuple(steps))


def _check(table: str, values: Mapping[str, Any]) -> None:
    """Refuse a value its column cannot hold, so every page, export and later open can use it."""
    problem = check_values(table, dict(values))
    if problem:
        raise PlanRuleError(f"The {problem}.")


def _default(column: Any) -> Any:
    default = column.default
    if default is None or not getattr(default, "is_scalar", False):
        return None
    return default.arg


def _dependents(
    session: Session, table: Table, row_id: int, seen: set[tuple[str, int]]
) -> tuple[list[Step], list[Step]]:
    """Steps deleting ``row_id`` and all rows that cascade from it, children first, and steps
    clearing references that the database would set to NULL."""
    deletes: list[Step] = []
    nulls: list[Step] = []
    key = (table.name, row_id)
    if key in seen:
        return deletes, nulls
    seen.add(key)
    row = _row(session, table, row_id)
    for other in Base.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is not table:
                continue
            col = fk.parent
            ids = list(session.scalars(select(other.c.id).where(col == row_id)))
            for dep_id in ids:
                if fk.ondelete == "CASCADE":
                    d, n = _dependents(session, other, dep_id, seen)
                    deletes.extend(d)
                    nulls.extend(n)
                else:
                    nulls.append(
                        Step("update", other.name, dep_id, {col.name: row_id}, {col.name: None})
                    )
    deletes.append(Step("delete", table.name, row_id, row, None))
    return deletes, nulls


def delete_row(session: Session, model: type[Base], row_id: int, label: str) -> Change:
    """Remove a row and everything that belongs to it, remembering all of it for undo."""
    table = table_of(model)
    deletes, nulls = _dependents(session, table, row_id, set())
    # Rows that are themselves being deleted need no NULL-ing first.
    doomed = {(s.table, s.row_id) for s in deletes}
    nulls = [s for s in nulls if (s.table, s.row_id) not in doomed]
    change = Change(label, tuple(nulls + deletes))
    apply(session, change)
    return change


def move_row(
    session: Session,
    model: type[Base],
    row_id: int,
    index: int,
    label: str,
    **new_scope: Any,
) -> Change:
    """Move a row to ``index`` in its list, or into another list given by ``new_scope``
    (e.g. ``category_id=7`` moves a cause to another bone)."""
    table = table_of(model)
    row = _row(session, table, row_id)
    steps: list[Step] = []
    old_scope = {c: row[c] for c in _SCOPES.get(table.name, ())}
    target_scope = {**old_scope, **new_scope}
    if target_scope != old_scope:
        changed = {k: v for k, v in new_scope.items() if row[k] != v}
        step = Step("update", table.name, row_id, {k: row[k] for k in changed}, changed)
        _run(session, "update", table.name, row_id, changed)
        steps.append(step)
        old_siblings = [i for i in _siblings(session, table, old_scope) if i != row_id]
        steps.extend(_renumber(session, table, old_siblings))
    siblings = [i for i in _siblings(session, table, target_scope) if i != row_id]
    siblings.insert(max(0, min(index, len(siblings))), row_id)
    steps.extend(_renumber(session, table, siblings))
    return Change(label, _fold(steps), typed=False)


def _fold(steps: Iterable[Step]) -> tuple[Step, ...]:
    """Combine successive updates of the same row so undo restores the first ``before``."""
    out: list[Step] = []
    index: dict[tuple[str, int], int] = {}
    for step in steps:
        key = (step.table, step.row_id)
        if step.kind == "update" and key in index:
            prev = out[index[key]]
            assert prev.before is not None and prev.after is not None
            assert step.before is not None and step.after is not None
            before = {**step.before, **prev.before}
            after = {**prev.after, **step.after}
            out[index[key]] = replace(prev, before=before, after=after)
            continue
        if step.kind == "update":
            index[key] = len(out)
        out.append(step)
    return tuple(out)
