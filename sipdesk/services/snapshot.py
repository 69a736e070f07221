"""The whole plan as plain nested data, and the way back into an empty plan file.

``read_plan`` is the read model for the checks, the exports and the UI's overview panels:
one query per table, no live ORM objects. The reading itself is :mod:`sipdesk.storage.plan_read`
(sqlite3 alone, from the models' frozen read recipe), run here over the session's own
connection so the session's changes not yet committed are read too; ``PlanDocument.read_plan``
runs it without SQLAlchemy. ``write_plan`` fills an empty plan from the same shape (the JSON
importer and the sample plan use it).
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import (
    Column,
    CursorResult,
    Date,
    DateTime,
    Table,
    insert,
    select,
    text,
)
from sqlalchemy.engine import MappingResult
from sqlalchemy.orm import Session

from sipdesk.models import PlanProfile
from sipdesk.models.base import table_of
from sipdesk.models.tree import TREE, Node, profile_fields
from sipdesk.services.remembered import per_plan as per_plan
from sipdesk.storage import plan_read
from sipdesk.storage.freeze import default_of, kind_of, node_spec
from sipdesk.storage.plan_read import collector_aside as collector_aside
from sipdesk.storage.plan_read import nesting as nesting
from sipdesk.storage.plan_read import packed_list as packed_list
from sipdesk.storage.plan_read import release_plans as release_plans

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc as PlanDoc
    from sipdesk.models.plan_types import ProfileRow


def to_plain(column: Column[Any], value: Any) -> Any:
    """A column value as JSON-friendly data of the column's own kind (dates as ISO text):
    :func:`sipdesk.storage.plan_read.to_plain` with the column's kind and default.

    SQLite lets any column hold any storage class, and a file from outside may do so: a value
    that is not of the column's kind (text or a real in an integer column, bytes in a text
    column, a date no calendar holds, an infinite number) reads as the column's default, so
    every screen, check and export gets the kinds the model declares.
    """
    return plan_read.to_plain(kind_of(column), default_of(column), value)


@functools.cache
def _plain_of(column: Column[Any]) -> Callable[[Any], Any]:
    """:func:`to_plain` for one column, made once (``plan_read.converter``)."""
    return plan_read.converter(kind_of(column), default_of(column))


def _raw_sql(table: Table, order: tuple[str, ...] = ()) -> str:
    """Every column of ``table`` (ordered by the columns ``order`` names), as SQLite holds
    it, in the text the plan reader runs (``plan_read.select_sql``)."""
    return plan_read.select_sql(table.name, (c.name for c in table.columns), order)


def _raw_rows(session: Session, table: Table, order: tuple[str, ...] = ()) -> MappingResult:
    """The rows of :func:`_raw_sql`, each a mapping from column name to value; like the
    session's own queries, they include the changes not yet flushed (unless the session
    is not flushing by itself just now)."""
    if session.autoflush:
        session.flush()
    return session.connection().exec_driver_sql(_raw_sql(table, order)).mappings()


def driver_connection(session: Session) -> sqlite3.Connection:
    """The session's own SQLite connection, after flushing what it holds (unless it is not
    flushing by itself just now): read through it, a plan includes the session's changes not
    yet committed, as the session's own queries would."""
    if session.autoflush:
        session.flush()
    return cast("sqlite3.Connection", session.connection().connection.driver_connection)


def from_plain(column: Column[Any], value: Any) -> Any:
    """The inverse of :func:`to_plain`; raises ValueError for malformed dates."""
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return dt.date.fromisoformat(value)
    return value


def read_profile(session: Session) -> ProfileRow:
    """The plan's profile, as ``plan_read.read_profile`` reads it."""
    return plan_read.read_profile(driver_connection(session))


def read_plan(session: Session) -> PlanDoc:
    """Every row of the plan, nested as the tree spec says, in the users' order: the typed
    records of :mod:`sipdesk.models.plan_types` (built here as plain dicts, by the spec).
    Read by :mod:`sipdesk.storage.plan_read`, through the session's connection."""
    return plan_read.read_plan(driver_connection(session))


def read_plan_parts(session: Session, keys: Iterable[str]) -> dict[str, Any]:
    """The profile and the top-level parts named in ``keys`` (``"goals"``, ``"priorities"`` …),
    each exactly as :func:`read_plan` reads it, leaving the rest of the plan unread."""
    return plan_read.read_plan_parts(driver_connection(session), keys)


@functools.cache
def _read_nodes() -> dict[Node, plan_read.ReadNode]:
    """Each node of the tree spec with its node of the frozen read recipe (the same shape)."""
    out: dict[Node, plan_read.ReadNode] = {}
    pairs = list(zip(TREE, plan_read.recipe().tree, strict=True))
    while pairs:
        node, made = pairs.pop()
        out[node] = made
        pairs.extend(zip(node.children, made.children, strict=True))
    return out


def read_node(
    session: Session, node: Node, grouped: dict[Node, dict[int | None, list[dict[str, Any]]]]
) -> dict[int | None, list[dict[str, Any]]]:
    """Rows of ``node`` grouped by their parent's id (``None`` for top-level lists), with the
    already-read lists of its children (``grouped``) nested into them.

    Public for readers of a part of a plan (the district rollup reads only the nodes it needs,
    children first, exactly as :func:`read_plan` does)."""
    made = _read_nodes().get(node) or plan_read.ReadNode(node_spec(node))
    below = {
        ready: grouped[child] for child, ready in zip(node.children, made.children, strict=True)
    }
    return plan_read.read_node(driver_connection(session), made, below)


def write_plan(session: Session, doc: Mapping[str, Any]) -> None:
    """Fill an empty plan from ``doc`` (the shape of :func:`read_plan`, where any key may be
    missing: an imported file's), keeping every id.

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
    items: list[Mapping[str, Any]],
    parent_id: int | None,
) -> None:
    """Insert ``items`` and everything nested in them, depth first, parents before children.

    A loop with its own stack rather than recursion: an imported file's sub-causes nest as
    deep as the limits allow.
    """
    # Each entry: the node, what is left of its list, the parent row id, the self-nesting parent.
    stack: list[tuple[Node, Iterator[tuple[int, Mapping[str, Any]]], int | None, int | None]] = [
        (node, enumerate(items), parent_id, None)
    ]
    fields: dict[Node, list[Column[Any]]] = {}
    while stack:
        current, remaining, parent, self_parent = stack[-1]
        step = next(remaining, None)
        if step is None:
            stack.pop()
            continue
        index, item = step
        if current not in fields:
            fields[current] = current.fields()
        row_id = _insert_row(session, current, fields[current], item, index, parent, self_parent)
        below: list[tuple[Node, Any, int | None, int | None]] = [
            (child, item.get(child.key) or [], row_id, None) for child in current.children
        ]
        if current.self_fk:
            below.insert(0, (current, item.get(current.key) or [], parent, row_id))
        stack.extend(
            (child, enumerate(rows), link, nest) for child, rows, link, nest in reversed(below)
        )


def _insert_row(
    session: Session,
    node: Node,
    fields: list[Column[Any]],
    item: Mapping[str, Any],
    index: int,
    parent_id: int | None,
    self_parent: int | None,
) -> int:
    table = table_of(node.model)
    values = {c.name: from_plain(c, item[c.name]) for c in fields if c.name in item}
    for packed_key, columns in node.packed_columns():
        listed = item.get(packed_key) or []
        values.update((c.name, from_plain(c, v)) for c, v in zip(columns, listed, strict=False))
    if node.parent_fk:
        values[node.parent_fk] = parent_id
    if node.self_fk:
        values[node.self_fk] = self_parent
    if "position" in table.c:
        values["position"] = index
    result = cast("CursorResult[Any]", session.execute(insert(table).values(**values)))
    key = result.inserted_primary_key
    assert key is not None
    return int(values.get("id") or key[0])


def foreign_key_problems(session: Session) -> list[str]:
    """Dangling references, as ``table row N -> other`` strings (empty when all is well)."""
    rows = session.execute(text("PRAGMA foreign_key_check")).all()
    return [f"{r[0]} row {r[1]} points at a missing {r[2]}" for r in rows]
