"""The whole plan as plain nested data, and the way back into an empty plan file.

``read_plan`` is the read model for the checks, the exports and the UI's overview panels:
one query per table, no live ORM objects. ``write_plan`` fills an empty plan from the same
shape (the JSON importer and the sample plan use it).
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import math
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from sqlalchemy import (
    Boolean,
    Column,
    CursorResult,
    Date,
    DateTime,
    Integer,
    String,
    Table,
    insert,
    select,
    text,
)
from sqlalchemy.engine import MappingResult
from sqlalchemy.orm import Session

from sipdesk.models import PlanProfile
from sipdesk.models.base import table_of
from sipdesk.models.plan_types import PlanDoc as PlanDoc  # the typed root, for the callers
from sipdesk.models.plan_types import ProfileRow
from sipdesk.models.tree import TREE, Node, profile_fields
from sipdesk.models.walk import preorder
from sipdesk.services.per_plan import per_plan as per_plan

T = TypeVar("T")
P = TypeVar("P", bound=Mapping[str, Any])  # a plan read (typed or, in the UI still, plain)


def to_plain(column: Column[Any], value: Any) -> Any:
    """A column value as JSON-friendly data of the column's own kind (dates as ISO text).

    SQLite lets any column hold any storage class, and a file from outside may do so: a value
    that is not of the column's kind (text or a real in an integer column, bytes in a text
    column, a date no calendar holds, an infinite number) reads as the column's default, so
    every screen, check and export gets the kinds the model declares.
    """
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime):
        return _iso(value, dt.datetime, column)
    if isinstance(kind, Date):
        return _iso(value, dt.date, column)
    if isinstance(kind, Boolean):
        number = _whole(value)
        return _default(column) if number is None else number != 0
    if isinstance(kind, Integer):
        number = _whole(value)
        return _default(column) if number is None else number
    if isinstance(kind, String):
        if isinstance(value, str):
            return value
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        return str(value)
    return value


@functools.cache
def _plain_of(column: Column[Any]) -> Callable[[Any], Any]:
    """:func:`to_plain` for one column, made once: most of a plan's values are text, which
    need only their kind checked (reading a plan converts tens of thousands of values)."""
    kind = column.type
    if isinstance(kind, String) and not isinstance(kind, DateTime | Date):
        return _text_plain
    slow = functools.partial(to_plain, column)
    if isinstance(kind, Boolean):
        return lambda value: value != 0 if type(value) is int else slow(value)
    if isinstance(kind, Integer):
        return lambda value: value if type(value) is int else slow(value)
    return slow


def _text_plain(value: Any) -> Any:
    """:func:`to_plain` of a text column's value."""
    if value is None or type(value) is str:
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _default(column: Column[Any]) -> Any:
    """The column's scalar default (None when it has none)."""
    arg = getattr(column.default, "arg", None)
    return None if callable(arg) else arg


def _whole(value: Any) -> int | None:
    """An integer from what an integer column may hold; None for anything else."""
    if isinstance(value, bool | int):
        return int(value)
    if isinstance(value, float):
        return int(value) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def _iso(value: Any, kind: type[dt.date], column: Column[Any]) -> Any:
    """A date (or date and time) as ISO text, from a date or the text SQLite holds."""
    if isinstance(value, str):
        try:
            value = (
                dt.datetime.fromisoformat(value)
                if kind is dt.datetime
                else dt.date.fromisoformat(value[:10])
            )
        except ValueError:
            return _default(column)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds") if kind is dt.datetime else None
    if isinstance(value, dt.date):
        return value.isoformat() if kind is dt.date else None
    return _default(column)


@functools.cache
def _raw_sql(table: Table, order: tuple[str, ...] = ()) -> str:
    """Every column of ``table`` (ordered by the columns ``order`` names), as SQLite holds
    it: dates and flags too, which SQLAlchemy's converters would refuse when malformed;
    :func:`to_plain` reads them.

    The driver runs this text as it is. SQLAlchemy compiled its statements afresh for each
    plan opened (each has an engine of its own): about ten milliseconds before the plan's
    first page could show (issue 12). Apart from dates and flags, no column of a plan has a
    converter, so the rows are the ones SQLAlchemy's own statements gave
    (tests/unit/test_raw_read.py holds them so)."""
    columns = ", ".join(_quoted(c.name) for c in table.columns)
    sql = f"SELECT {columns} FROM {_quoted(table.name)}"
    if order:
        sql += " ORDER BY " + ", ".join(_quoted(name) for name in order)
    return sql


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _raw_rows(session: Session, table: Table, order: tuple[str, ...] = ()) -> MappingResult:
    """The rows of :func:`_raw_sql`, each a mapping from column name to value; like the
    session's own queries, they include the changes not yet flushed (unless the session
    is not flushing by itself just now)."""
    if session.autoflush:
        session.flush()
    return session.connection().exec_driver_sql(_raw_sql(table, order)).mappings()


def _raw_tuples(session: Session, table: Table, order: tuple[str, ...] = ()) -> list[Any]:
    """:func:`_raw_rows` as tuples, each value in the place of its column in ``table``."""
    if session.autoflush:
        session.flush()
    return list(session.connection().exec_driver_sql(_raw_sql(table, order)).all())


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
    row = _raw_rows(session, table_of(PlanProfile)).first()
    cols = profile_fields()
    if row is None:
        return cast(
            ProfileRow, {c.name: to_plain(c, getattr(c.default, "arg", None)) for c in cols}
        )
    return cast(ProfileRow, {c.name: to_plain(c, row[c.name]) for c in cols})


_collector_lock = threading.Lock()
_readers = 0  # plans being read just now, on any thread


@contextmanager
def collector_aside() -> Iterator[None]:
    """Keep Python's garbage collector out of a plan being read, and out of it once read.

    A big plan's snapshot is a million small objects. While they were made, the collector's
    full passes ran again and again over all of them, 40-70 ms each; on a reading thread too,
    where a pass holds the interpreter and so the window. The collector waits while a plan
    is read; then everything alive is frozen (``gc.freeze``): left out of later passes, and
    still freed as usual once nothing refers to it. A cycle that was garbage already at that
    moment stays until :func:`release_plans` hands everything back (a plan closing).

    Public for other readers of many plans at once (the district rollup over thousands of
    schools' kept facts)."""
    global _readers
    with _collector_lock:
        _readers += 1
        if _readers == 1:
            gc.disable()
    try:
        yield
    finally:
        with _collector_lock:
            _readers -= 1
            if _readers == 0:
                gc.freeze()
                gc.enable()


def release_plans() -> None:
    """Give everything frozen by plan reads back to the garbage collector (a plan closed)."""
    gc.unfreeze()


def read_plan(session: Session) -> PlanDoc:
    """Every row of the plan, nested as the tree spec says, in the users' order: the typed
    records of :mod:`sipdesk.models.plan_types` (built here as plain dicts, by the spec)."""
    return cast(PlanDoc, read_plan_parts(session, [node.key for node in TREE]))


def read_plan_parts(session: Session, keys: Iterable[str]) -> dict[str, Any]:
    """The profile and the top-level parts named in ``keys`` (``"goals"``, ``"priorities"`` …),
    each exactly as :func:`read_plan` reads it, leaving the rest of the plan unread."""
    wanted = set(keys)
    tops = [node for node in TREE if node.key in wanted]
    with collector_aside():
        doc: dict[str, Any] = {"profile": read_profile(session)}
        # Children before parents (the spec's pre-order, reversed): each list is ready to nest.
        grouped: dict[Node, dict[int | None, list[dict[str, Any]]]] = {}
        for node, _ in reversed(list(preorder(tops, _child_nodes))):
            grouped[node] = read_node(session, node, grouped)
        for node in tops:
            doc[node.key] = grouped[node][None]
        return doc


def _child_nodes(node: Node) -> tuple[Node, ...]:
    return node.children


def read_node(
    session: Session, node: Node, grouped: dict[Node, dict[int | None, list[dict[str, Any]]]]
) -> dict[int | None, list[dict[str, Any]]]:
    """Rows of ``node`` grouped by their parent's id (``None`` for top-level lists), with the
    already-read lists of its children (``grouped``) nested into them.

    Public for readers of a part of a plan (the district rollup reads only the nodes it needs,
    children first, exactly as :func:`read_plan` does)."""
    table = table_of(node.model)
    # The rows as tuples in the order of the table's columns (_raw_sql selects them so):
    # reading a value by its place, not its name, is most of the time saved on a large plan.
    rows = _raw_tuples(session, table, tuple(node.order))
    at = {c.name: place for place, c in enumerate(table.columns)}
    id_at = at["id"]
    fields = node.fields()
    packed = [(key, [(at[c.name], c) for c in columns]) for key, columns in node.packed_columns()]
    links = [table.c[name] for name in (node.parent_fk, node.self_fk) if name]
    objects: dict[int, dict[str, Any]] = {}
    parent_of: dict[int, Any] = {}  # row id → its parent row's id (or None)
    self_of: dict[int, Any] = {}  # row id → the row it nests under (self_fk)
    plain = [(c.name, at[c.name], _plain_of(c)) for c in fields]
    link_plain = [(c.name, at[c.name], _plain_of(c)) for c in links]
    for row in rows:
        row_id = row[id_at]
        objects[row_id] = obj = {name: to_value(row[place]) for name, place, to_value in plain}
        for key, columns in packed:
            obj[key] = packed_list([to_plain(c, row[place]) for place, c in columns])
        linked = {name: to_value(row[place]) for name, place, to_value in link_plain}
        parent_of[row_id] = linked.get(node.parent_fk) if node.parent_fk else None
        if node.self_fk:
            self_of[row_id] = linked[node.self_fk]
    for child in node.children:
        below = grouped[child]
        for obj_id, obj in objects.items():
            obj[child.key] = below.get(obj_id, [])
    if node.self_fk:
        for obj in objects.values():
            obj[node.key] = []
        self_of = nesting(self_of)
    grouped_out: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        row_id = row[id_at]
        obj = objects[row_id]
        if self_of.get(row_id) is not None:
            objects[self_of[row_id]][node.key].append(obj)
            continue
        grouped_out[parent_of[row_id]].append(obj)
    return grouped_out


def packed_list(values: list[Any]) -> list[Any]:
    """A packed key's list (a group row's ``targets``): its columns' values in order, the
    blank or missing ones at the end left out."""
    end = len(values)
    while end and values[end - 1] in ("", None):
        end -= 1
    return values[:end]


def nesting(parent_of: dict[int, Any]) -> dict[int, int | None]:
    """Where each row of a self-nesting table goes: under its parent, or at the top (None)
    when it has no parent, when its parent is missing, or where a cycle of parents is cut.

    One pass over each chain, without recursion: linear however deep the nesting goes.
    """
    out: dict[int, int | None] = {}
    for start in parent_of:
        path: list[int] = []
        seen: set[int] = set()
        node = start
        while node not in out:
            parent = parent_of[node]
            if parent is None or parent not in parent_of or node in seen:
                out[node] = None  # a top row, a dangling parent, or a cycle cut here
                break
            seen.add(node)
            path.append(node)
            node = parent
        for row_id in reversed(path):
            if row_id not in out:
                out[row_id] = parent_of[row_id]
    return out


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
    result = cast(CursorResult[Any], session.execute(insert(table).values(**values)))
    key = result.inserted_primary_key
    assert key is not None
    return int(values.get("id") or key[0])


def foreign_key_problems(session: Session) -> list[str]:
    """Dangling references, as ``table row N -> other`` strings (empty when all is well)."""
    rows = session.execute(text("PRAGMA foreign_key_check")).all()
    return [f"{r[0]} row {r[1]} points at a missing {r[2]}" for r in rows]
