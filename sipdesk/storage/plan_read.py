"""The whole plan as plain nested data, read with ``sqlite3`` alone (issue 12).

Importing SQLAlchemy and defining the ORM models cost about 250 ms of CPU before a plan's
first page could show, though reading a plan needs neither: one ``SELECT`` per table, the rows
nested by their foreign keys and each value made into the kind its column declares. This
module does that from a *read recipe*, plain data frozen from the models beside it in
``read_recipe.json``: for each node of the plan's tree (``sipdesk.models.tree.TREE``) its key,
table, columns in table order (each with its kind and its scalar default), the columns that
order it, the link to its parent and to the row it nests under, the fields written one key
each, the packed lists and the children; and the profile's fields.

It is the only reader of a plan: ``services.snapshot.read_plan`` and its parts run this code
over the session's own connection (so changes not yet committed are seen), and
``PlanDocument.read_plan`` runs it over a connection of its own, without SQLAlchemy.

The recipe is derived from the models by ``sipdesk.storage.freeze`` and written by
``python -m sipdesk.storage.freeze``; ``tests/unit/test_frozen_models.py`` fails, naming that
command, when the file and the models differ.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import math
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc, ProfileRow

RECIPE_PATH = Path(__file__).resolve().parent / "read_recipe.json"

# A column's kind, as the recipe names it: how a stored value becomes plain data.
DATETIME, DATE, BOOLEAN, INTEGER, TEXT, RAW = (
    "datetime",
    "date",
    "boolean",
    "integer",
    "text",
    "raw",
)
KINDS = (DATETIME, DATE, BOOLEAN, INTEGER, TEXT, RAW)

Converter = Callable[[Any], Any]
Grouped = dict[int | None, list[dict[str, Any]]]


# --------------------------------------------------------------------- values
def to_plain(kind: str, default: Any, value: Any) -> Any:
    """A stored value as JSON-friendly data of its column's ``kind`` (dates as ISO text).

    SQLite lets any column hold any storage class, and a file from outside may do so: a value
    that is not of the column's kind (text or a real in an integer column, bytes in a text
    column, a date no calendar holds, an infinite number) reads as the column's ``default``,
    so every screen, check and export gets the kinds the model declares.
    """
    if value is None:
        return None
    if kind == DATETIME:
        return _iso(value, dt.datetime, default)
    if kind == DATE:
        return _iso(value, dt.date, default)
    if kind == BOOLEAN:
        number = _whole(value)
        return default if number is None else number != 0
    if kind == INTEGER:
        number = _whole(value)
        return default if number is None else number
    if kind == TEXT:
        return _text_plain(value)
    return value


def converter(kind: str, default: Any) -> Converter:
    """:func:`to_plain` for one column, made once: most of a plan's values are text, which
    need only their kind checked (reading a plan converts tens of thousands of values)."""
    if kind == TEXT:
        return _text_plain

    def slow(value: Any) -> Any:
        return to_plain(kind, default, value)

    if kind == BOOLEAN:
        return lambda value: value != 0 if type(value) is int else slow(value)
    if kind == INTEGER:
        return lambda value: value if type(value) is int else slow(value)
    return slow


def _text_plain(value: Any) -> Any:
    """:func:`to_plain` of a text column's value."""
    if value is None or type(value) is str:
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


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


def _iso(value: Any, kind: type[dt.date], default: Any) -> Any:
    """A date (or date and time) as ISO text, from a date or the text SQLite holds."""
    if isinstance(value, str):
        try:
            value = (
                dt.datetime.fromisoformat(value)
                if kind is dt.datetime
                else dt.date.fromisoformat(value[:10])
            )
        except ValueError:
            return default
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds") if kind is dt.datetime else None
    if isinstance(value, dt.date):
        return value.isoformat() if kind is dt.date else None
    return default


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


# --------------------------------------------------------------------- the recipe
def select_sql(table: str, columns: Iterable[str], order: Iterable[str] = ()) -> str:
    """Every column named (in table order), as SQLite holds it: dates and flags too, which
    SQLAlchemy's converters would refuse when malformed; :func:`to_plain` reads them. The
    driver runs this text as it is, and the rows are read by column position."""
    sql = f"SELECT {', '.join(_quoted(c) for c in columns)} FROM {_quoted(table)}"
    ordered = [_quoted(name) for name in order]
    if ordered:
        sql += " ORDER BY " + ", ".join(ordered)
    return sql


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


RowMaker = Callable[[Sequence[Any]], dict[str, Any]]
Fields = Sequence[tuple[str, int, str, Converter]]  # name, place in the row, kind, converter
Packed = Sequence[tuple[str, Sequence[tuple[int, Converter]]]]  # key, each column's place …
# A node read with at least this many rows has its row maker compiled.
COMPILE_FROM_ROWS = 200


def _loop_row(fields: Fields, packed: Packed, row: Sequence[Any]) -> dict[str, Any]:
    """A row as its dict, field by field (see :func:`_row_maker`)."""
    obj = {name: to_value(row[place]) for name, place, _kind, to_value in fields}
    for key, columns in packed:
        obj[key] = packed_list([to_value(row[place]) for place, to_value in columns])
    return obj


def _row_maker(fields: Fields, packed: Packed) -> RowMaker:
    """The function that makes a row of one node into its dict, as :func:`_loop_row` does:
    each field by :func:`to_plain`, then each packed list by :func:`packed_list`.

    Written out field by field and compiled, as the standard library writes a named tuple's
    and a dataclass's methods: a large plan has thousands of rows, and a loop over the fields
    took twice the time. A text or whole-number value already of its kind (every value of a
    checked plan) is taken as it is, without a call; any other goes through its converter.
    Only our own names (quoted with ``repr``) and numbers go into the source."""
    scope: dict[str, Any] = {"packed_list": packed_list, "str": str, "int": int, "type": type}
    lines: list[str] = []
    entries: list[str] = []
    for i, (name, place, kind, to_value) in enumerate(fields):
        scope[f"c{i}"] = to_value
        plain = {TEXT: "str", INTEGER: "int"}.get(kind)
        if plain is not None:
            lines.append(f"    v{i} = row[{int(place)}]")
            entries.append(f"{name!r}: v{i} if type(v{i}) is {plain} else c{i}(v{i})")
        elif kind == RAW:
            entries.append(f"{name!r}: row[{int(place)}]")
        else:
            entries.append(f"{name!r}: c{i}(row[{int(place)}])")
    for j, (key, columns) in enumerate(packed):
        values = []
        for k, (place, to_value) in enumerate(columns):
            scope[f"p{j}_{k}"] = to_value
            values.append(f"p{j}_{k}(row[{int(place)}])")
        entries.append(f"{key!r}: packed_list([{', '.join(values)}])")
    source = "def make(row):\n" + "".join(f"{line}\n" for line in lines)
    source += "    return {" + ", ".join(entries) + "}\n"
    exec(compile(source, "<plan_read row maker>", "exec"), scope)
    return cast("RowMaker", scope["make"])


class ReadNode:
    """One node of the read recipe, made ready to read: its SQL and, for each value kept,
    its place in the row and its converter. (A plain class: a dataclass costs a plan's first
    page a millisecond or two to define.)"""

    __slots__ = (
        "_compiled",
        "children",
        "fields",
        "id_at",
        "key",
        "packed",
        "parent_at",
        "self_at",
        "sql",
    )

    _compiled: RowMaker | None

    def __init__(self, spec: dict[str, Any]) -> None:
        """The node of ``spec``, an entry of the recipe's ``tree``, and its children."""
        columns = [(name, converter(kind, default)) for name, kind, default in spec["columns"]]
        at = {name: place for place, (name, _) in enumerate(columns)}

        def link(name: str | None) -> tuple[int, Converter] | None:
            return None if not name else (at[name], columns[at[name]][1])

        self.key: str = spec["key"]
        self.sql = select_sql(spec["table"], (name for name, _ in columns), spec["order"])
        self.id_at = at["id"]
        kinds = {name: kind for name, kind, _ in spec["columns"]}
        self.fields = tuple(
            (name, at[name], kinds[name], columns[at[name]][1]) for name in spec["fields"]
        )
        self.packed = tuple(
            (key, tuple((at[name], columns[at[name]][1]) for name in names))
            for key, names in spec["packed"]
        )
        self._compiled = None
        self.parent_at = link(spec["parent_fk"])
        self.self_at = link(spec["self_fk"])
        self.children = tuple(ReadNode(child) for child in spec["children"])

    def maker(self, rows: int) -> RowMaker:
        """What makes each of ``rows`` rows into its dict: for many, a function compiled for
        this node (once; see :func:`_row_maker`), else a loop over the fields (compiling
        costs more than it saves on a few rows, and a plan's first page waits for it)."""
        if rows < COMPILE_FROM_ROWS:
            return partial(_loop_row, self.fields, self.packed)
        if self._compiled is None:
            self._compiled = _row_maker(self.fields, self.packed)
        return self._compiled


class ProfileRecipe:
    """The profile's one row: its SQL, each field's place and converter, and the values of a
    plan with no profile row (each field's default)."""

    __slots__ = ("empty", "fields", "sql")

    def __init__(self, spec: dict[str, Any]) -> None:
        columns = spec["columns"]
        at = {name: place for place, (name, _, _) in enumerate(columns)}
        made = {name: converter(kind, default) for name, kind, default in columns}
        self.sql = select_sql(spec["table"], (name for name, _, _ in columns))
        self.fields = tuple((name, at[name], made[name]) for name in spec["fields"])
        self.empty: tuple[tuple[str, Any], ...] = tuple(
            (name, spec["empty"][name]) for name in spec["fields"]
        )


class Recipe:
    """The read recipe, made ready: the tree's top nodes and the profile."""

    __slots__ = ("profile", "tree")

    def __init__(self, spec: dict[str, Any]) -> None:
        self.tree = tuple(ReadNode(node) for node in spec["tree"])
        self.profile = ProfileRecipe(spec["profile"])


@cache
def frozen_spec() -> dict[str, Any]:
    """The frozen recipe as plain data, read once."""
    return cast("dict[str, Any]", json.loads(RECIPE_PATH.read_text(encoding="utf-8")))


@cache
def recipe() -> Recipe:
    """The frozen recipe, made ready to read, once."""
    return Recipe(frozen_spec())


def recipe_for(only: Mapping[str, Iterable[str]]) -> Recipe:
    """A recipe that reads, of each table named in ``only``, just the fields named there
    (and the columns that nest its rows); every other table as :func:`recipe` does. For a
    reader that needs a few fields of a large table: a district's intake, of a large plan's
    thousands of monthly statuses, only their month and status."""
    kept = {table: set(fields) for table, fields in only.items()}

    def trimmed(node: dict[str, Any]) -> dict[str, Any]:
        out = {**node, "children": [trimmed(child) for child in node["children"]]}
        fields = kept.get(node["table"])
        if fields is None:
            return out
        links = {"id", node["parent_fk"], node["self_fk"]}
        out["fields"] = [name for name in node["fields"] if name in fields]
        out["packed"] = [[key, cols] for key, cols in node["packed"] if key in fields]
        used = links | set(out["fields"]) | {c for _, cols in out["packed"] for c in cols}
        out["columns"] = [column for column in node["columns"] if column[0] in used]
        return out  # ordered as ever: SQL orders by columns it does not select

    spec = frozen_spec()
    return Recipe({**spec, "tree": [trimmed(node) for node in spec["tree"]]})


# --------------------------------------------------------------------- reading
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


def _rows(conn: sqlite3.Connection, sql: str) -> list[Any]:
    cursor = conn.cursor()
    try:
        return cursor.execute(sql).fetchall()
    finally:
        cursor.close()


def read_profile(conn: sqlite3.Connection, made: Recipe | None = None) -> ProfileRow:
    """The plan's profile (its first row; each field's default when it has none)."""
    profile = (made or recipe()).profile
    rows = _rows(conn, profile.sql)
    if not rows:
        return cast("ProfileRow", dict(profile.empty))
    row = rows[0]
    return cast("ProfileRow", {name: plain(row[place]) for name, place, plain in profile.fields})


def read_plan(conn: sqlite3.Connection) -> PlanDoc:
    """Every row of the plan, nested as the tree spec says, in the users' order: the typed
    records of :mod:`sipdesk.models.plan_types` (built here as plain dicts, by the recipe)."""
    made = recipe()
    return cast("PlanDoc", read_plan_parts(conn, [node.key for node in made.tree], made))


def read_plan_parts(
    conn: sqlite3.Connection, keys: Iterable[str], made: Recipe | None = None
) -> dict[str, Any]:
    """The profile and the top-level parts named in ``keys`` (``"goals"``, ``"priorities"`` …),
    each exactly as :func:`read_plan` reads it, leaving the rest of the plan unread."""
    made = made or recipe()
    wanted = set(keys)
    tops = [node for node in made.tree if node.key in wanted]
    with collector_aside():
        doc: dict[str, Any] = {"profile": read_profile(conn, made)}
        grouped: dict[ReadNode, Grouped] = {}
        for node in _children_first(tops):
            grouped[node] = read_node(conn, node, grouped)
        for node in tops:
            doc[node.key] = grouped[node][None]
        return doc


def _children_first(tops: list[ReadNode]) -> list[ReadNode]:
    """The nodes of ``tops`` and below, each after its children (the tree's pre-order,
    reversed): each list is ready to nest when its parent's rows are read."""
    out: list[ReadNode] = []
    stack = list(reversed(tops))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    out.reverse()
    return out


def read_node(
    conn: sqlite3.Connection, node: ReadNode, grouped: dict[ReadNode, Grouped]
) -> Grouped:
    """Rows of ``node`` grouped by their parent's id (``None`` for top-level lists), with the
    already-read lists of its children (``grouped``) nested into them."""
    # Rows as tuples, each value read by its place, not its name: most of the time saved on a
    # large plan.
    rows = _rows(conn, node.sql)
    id_at = node.id_at
    make = node.maker(len(rows))
    parent_at, self_at = node.parent_at, node.self_at
    grouped_out: Grouped = defaultdict(list)
    # Rows that nest under a row of their own table are placed once all are read; the others
    # go straight into their parent's list, in order (a large plan's monthly statuses: no
    # second pass over thousands of rows).
    nests = self_at is not None
    keep = nests or bool(node.children)  # the rows' objects are looked up again below
    objects: dict[int, dict[str, Any]] = {}
    parent_of: dict[int, Any] = {}  # row id → its parent row's id (or None)
    self_of: dict[int, Any] = {}  # row id → the row it nests under (self_fk)
    if parent_at is None and not keep:
        if rows:
            grouped_out[None] = [make(row) for row in rows]
        return grouped_out
    for row in rows:
        obj = make(row)
        parent = None if parent_at is None else parent_at[1](row[parent_at[0]])
        if keep:
            row_id = row[id_at]
            objects[row_id] = obj
            if nests:
                parent_of[row_id] = parent
                self_of[row_id] = self_at[1](row[self_at[0]])  # type: ignore[index]
                continue
        grouped_out[parent].append(obj)
    for child in node.children:
        below = grouped[child]
        for obj_id, obj in objects.items():
            obj[child.key] = below.get(obj_id, [])
    if nests:
        for obj in objects.values():
            obj[node.key] = []
        self_of = nesting(self_of)
        for row in rows:
            row_id = row[id_at]
            obj = objects[row_id]
            under = self_of.get(row_id)
            if under is not None:
                objects[under][node.key].append(obj)
                continue
            grouped_out[parent_of[row_id]].append(obj)
    return grouped_out
