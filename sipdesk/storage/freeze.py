"""The models' rules, frozen into plain data so a plan opens without SQLAlchemy (issue 12).

Two files beside this module are derived from the models here:

* ``read_recipe.json`` — how a plan is read (``storage.plan_read``): each node of
  ``sipdesk.models.tree.TREE`` with its table, columns (kind and scalar default), order,
  links, fields, packed lists and children, and the profile's fields;
* ``content_rules.json`` — what an untrusted file's rows may hold (``storage.contents``):
  each column's domain as SQL (``sipdesk.models.domains``) and each table's CHECK rules.

Regenerate both after changing a model with::

    python -m sipdesk.storage.freeze

``tests/unit/test_frozen_models.py`` derives them again and fails, naming that command, when a
file differs. This module imports SQLAlchemy and the models; nothing that opens a plan imports
it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sipdesk.storage.contents import RULES_PATH
from sipdesk.storage.plan_read import (
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    RAW,
    RECIPE_PATH,
    TEXT,
    to_plain,
)

if TYPE_CHECKING:
    from sqlalchemy import Column

    from sipdesk.models.tree import Node

COMMAND = "python -m sipdesk.storage.freeze"


def kind_of(column: Column[Any]) -> str:
    """How a stored value of ``column`` becomes plain data (a kind of ``storage.plan_read``)."""
    from sqlalchemy import Boolean, Date, DateTime, Integer, String

    kind = column.type
    if isinstance(kind, DateTime):
        return DATETIME
    if isinstance(kind, Date):
        return DATE
    if isinstance(kind, Boolean):
        return BOOLEAN
    if isinstance(kind, Integer):
        return INTEGER
    if isinstance(kind, String):
        return TEXT
    return RAW


def default_of(column: Column[Any]) -> Any:
    """The column's scalar default (None when it has none, or makes one each time)."""
    arg = getattr(column.default, "arg", None)
    return None if callable(arg) else arg


def column_spec(column: Column[Any]) -> list[Any]:
    return [column.name, kind_of(column), default_of(column)]


def node_spec(node: Node) -> dict[str, Any]:
    """One node of the read recipe, from the tree spec and its model's columns."""
    return {
        "key": node.key,
        "table": node.table_columns[0].table.name,
        "columns": [column_spec(c) for c in node.table_columns],
        "order": list(node.order),
        "parent_fk": node.parent_fk,
        "self_fk": node.self_fk,
        "fields": [c.name for c in node.fields()],
        "packed": [[key, [c.name for c in columns]] for key, columns in node.packed_columns()],
        "children": [node_spec(child) for child in node.children],
    }


def read_recipe() -> dict[str, Any]:
    """The read recipe, derived from the models."""
    from sipdesk.models.base import table_of
    from sipdesk.models.tree import PROFILE_MODEL, TREE, profile_fields

    table = table_of(PROFILE_MODEL)
    fields = profile_fields()
    return {
        "profile": {
            "table": table.name,
            "columns": [column_spec(c) for c in table.columns],
            "fields": [c.name for c in fields],
            "empty": {c.name: to_plain(kind_of(c), default_of(c), default_of(c)) for c in fields},
        },
        "tree": [node_spec(node) for node in TREE],
    }


def content_rules() -> dict[str, Any]:
    """Each table's column domains as SQL and its CHECK rules, derived from the models."""
    from sqlalchemy import CheckConstraint

    from sipdesk.models import Base
    from sipdesk.models.domains import domains

    out: dict[str, Any] = {}
    for table, columns in domains().items():
        out[table] = {
            "columns": {
                name: {
                    "kind": domain.kind,
                    "words": domain.words,
                    "ok": domain.sql_ok('"' + name.replace('"', '""') + '"'),
                }
                for name, domain in columns.items()
            },
            "rules": [
                str(constraint.sqltext)
                for constraint in Base.metadata.tables[table].constraints
                if isinstance(constraint, CheckConstraint)
            ],
        }
    return out


def frozen_text(data: dict[str, Any]) -> str:
    """``data`` as indented JSON, each list of plain values on one line (a column's name, kind
    and default), so a changed column is one changed line."""
    text = json.dumps(data, indent=1, ensure_ascii=False)
    # JSON writes a newline inside a string as "\n": every line break here is between tokens.
    return _FLAT.sub(lambda m: "[" + _BREAK.sub(" ", m.group(1)) + "]", text) + "\n"


_FLAT = re.compile(r"\[\s+([^\[\]{}]*?)\s+\]")
_BREAK = re.compile(r"\s*\n\s*")


def files() -> dict[Path, str]:
    """Each frozen file and the text it should hold."""
    return {RECIPE_PATH: frozen_text(read_recipe()), RULES_PATH: frozen_text(content_rules())}


def main() -> None:
    for path, text in files().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
