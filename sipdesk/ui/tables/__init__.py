"""Editable tables of plan rows: one framework for every page.

- :mod:`~sipdesk.ui.tables.columns` — :class:`Column`, one column's field, header, kind of
  editing and room;
- :mod:`~sipdesk.ui.tables.model` — :class:`RowTableModel`, rows shown by their columns and
  edited through the controller, and :class:`TableRowsModel`, one table's rows read from the
  file and edited with the generic row edits;
- :mod:`~sipdesk.ui.tables.items` — :class:`PlanItemsModel`, plan items from the snapshot,
  edited through named service operations;
- :mod:`~sipdesk.ui.tables.delegates` — wrapping cells (:class:`WrapDelegate`) and an editor
  per column kind (:class:`RowDelegate`, :class:`PartsEditor`);
- :mod:`~sipdesk.ui.tables.view` — :class:`TableView` (what every table shares: refits, rows
  sized in slices) and a form's list, :class:`FormTableView`;
- :mod:`~sipdesk.ui.tables.wrap_view` — a wide table, :class:`WrapTableView`, its columns
  sized in characters, with :class:`~sipdesk.ui.tables.header.WrapHeader`;
- :mod:`~sipdesk.ui.tables.editor` — :class:`TableEditor` (a form's list) and
  :class:`WideTableEditor` (a wide table), with Add / Remove / Move buttons and keys;
- :mod:`~sipdesk.ui.tables.flow` — :class:`FlowLayout`, a row of buttons that wraps.

The width arithmetic itself is Qt-free, in :mod:`sipdesk.diagrams.columns`.

The names are loaded on first use (PEP 562): a page with only a form's list loads neither the
wide tables' code nor the plan rules that plan items need (loading them all made the first
step page of a plan some 30 ms slower to open).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sipdesk.ui.tables.columns import Column, Row, Writer, unbroken_width
    from sipdesk.ui.tables.delegates import PartsEditor, RowDelegate, WrapDelegate
    from sipdesk.ui.tables.editor import TableEditor, WideTableEditor
    from sipdesk.ui.tables.flow import FlowLayout
    from sipdesk.ui.tables.header import WrapHeader
    from sipdesk.ui.tables.items import PlanItemsModel
    from sipdesk.ui.tables.model import ID_ROLE, REF_ROLE, RowTableModel, TableRowsModel
    from sipdesk.ui.tables.view import EAGER_ROWS, FormTableView, TableView
    from sipdesk.ui.tables.wrap_view import WrapTableView

_WHERE: dict[str, str] = {
    "Column": "columns",
    "EAGER_ROWS": "view",
    "FlowLayout": "flow",
    "FormTableView": "view",
    "ID_ROLE": "model",
    "PartsEditor": "delegates",
    "PlanItemsModel": "items",
    "REF_ROLE": "model",
    "Row": "columns",
    "RowDelegate": "delegates",
    "RowTableModel": "model",
    "TableEditor": "editor",
    "TableRowsModel": "model",
    "TableView": "view",
    "WideTableEditor": "editor",
    "WrapDelegate": "delegates",
    "WrapHeader": "header",
    "WrapTableView": "wrap_view",
    "Writer": "columns",
    "unbroken_width": "columns",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


__all__ = [
    "EAGER_ROWS",
    "ID_ROLE",
    "REF_ROLE",
    "Column",
    "FlowLayout",
    "FormTableView",
    "PartsEditor",
    "PlanItemsModel",
    "Row",
    "RowDelegate",
    "RowTableModel",
    "TableEditor",
    "TableRowsModel",
    "TableView",
    "WideTableEditor",
    "WrapDelegate",
    "WrapHeader",
    "WrapTableView",
    "Writer",
    "unbroken_width",
]
