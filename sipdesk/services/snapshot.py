"""The whole plan as plain nested data, and the way back into an empty plan file.

``read_plan`` is the read model for the checks, the exports and the UI's overview panels:
one query per table, no live ORM objects. ``write_plan`` fills an empty plan from the same
shape (the JSON importer and the sample plan use it).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, cast

from sqlalchemy import Column, CursorResult, Date, DateTime, insert, select, text
from sqlalchemy.orm import Session

from sipdesk.models import PlanProfile
from sipdesk.models.base import table_of
from sipdesk.models.tree import TREE, Node, profile_fields

PlanDoc = dict[str, Any]


def to_plain(column: Column[Any], value: Any) -> Any:
    """A column value as JSON-friendly data (dates as ISO text)."""
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return value.isoformat(timespec="seconds")
    if isinstance(column.type, Date):
        return value.isoformat()
    return value


def from_plain(column: Column[Any], value: Any) -> Any:
    """The inverse of :func:`to_plain`; raises ValueError for malformed dates."""
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return dt.date.fromisoformat(value)
    return value


def read_profile(session: Session) -> dict[str, Any]:
    row = session.execute(select(table_of(PlanProfile))).mappings().first()
    cols = profile_fields()
    if row is None:
        return {c.name: to_plain(c, getattr(c.default, "arg", None)) for c in cols}
    return {c.name: to_plain(c, row[c.name]) for c in cols}


def read_plan(session: Session) -> PlanDoc:
    """Every row of the plan, nested as the tree spec says, in the users' order."""
    doc: PlanDoc = {"profile": read_profile(session)}
    for node in TREE:
        doc[node.key] = _read_node(session, node, None)[None]
    return doc


def _read_node(
    session: Session, node: Node, parent_ids: set[int] | None
) -> dict[int | None, list[dict[str, Any]]]:
    """Rows of ``node`` grouped by their parent's id (``None`` for top-level lists)."""
    table = table_of(node.model)
    order = [table.c[name] for name in node.order]
    rows = session.execute(select(table).order_by(*order)).mappings().all()
    fields = node.fields()
    objects: dict[int, dict[str, Any]] = {}
    for row in rows:
        objects[row["id"]] = {c.name: to_plain(c, row[c.name]) for c in fields}
    for child in node.children:
        grouped = _read_node(session, child, set(objects))
        for obj_id, obj in objects.items():
            obj[child.key] = grouped.get(obj_id, [])
    if node.self_fk:
        for obj in objects.values():
            obj[node.key] = []
    grouped_out: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        obj = objects[row["id"]]
        if node.self_fk and row[node.self_fk] is not None:
            objects[row[node.self_fk]][node.key].append(obj)
            continue
        parent = row[node.parent_fk] if node.parent_fk else None
        grouped_out[parent].append(obj)
    return grouped_out


def write_plan(session: Session, doc: PlanDoc) -> None:
    """Fill an empty plan from ``doc`` (the shape of :func:`read_plan`), keeping every id.

    Foreign keys are checked by the caller's final ``PRAGMA foreign_key_check``; the rows are
    inserted parents first so the common case needs no deferral.
    """
    profile = doc.get("profile") or {}
    values = {c.name: from_plain(c, profile[c.name]) for c in profile_fields() if c.name in profile}
    existing = session.execute(select(PlanProfile.id)).scalar()
    if existing is None:
        session.execute(insert(table_of(PlanProfile)).values(id=1, **values))
    elif values:
        session.execute(table_of(PlanProfile).update().values(**values))
    for node in TREE:
        _write_rows(session, node, doc.get(node.key) or [], None)


def _write_rows(
    session: Session,
    node: Node,
    items: list[dict[str, Any]],
    parent_id: int | None,
    self_parent: int | None = None,
) -> None:
    table = table_of(node.model)
    has_position = "position" in table.c
    fields = node.fields()
    for index, item in enumerate(items):
        values = {c.name: from_plain(c, item[c.name]) for c in fields if c.name in item}
        if node.parent_fk:
            values[node.parent_fk] = parent_id
        if node.self_fk:
            values[node.self_fk] = self_parent
        if has_position:
            values["position"] = index
        result = cast(CursorResult[Any], session.execute(insert(table).values(**values)))
        key = result.inserted_primary_key
        assert key is not None
        row_id = values.get("id") or key[0]
        if node.self_fk:
            _write_rows(session, node, item.get(node.key) or [], parent_id, row_id)
        for child in node.children:
            _write_rows(session, child, item.get(child.key) or [], row_id)


def foreign_key_problems(session: Session) -> list[str]:
    """Dangling references, as ``table row N -> other`` strings (empty when all is well)."""
    rows = session.execute(text("PRAGMA foreign_key_check")).all()
    return [f"{r[0]} row {r[1]} points at a missing {r[2]}" for r in rows]
