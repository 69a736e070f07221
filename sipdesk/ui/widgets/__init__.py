"""Reusable widgets for step pages. Every edit goes through the :class:`PlanController`.

- :mod:`.fields` — ``TextField``, ``TextArea``, ``CheckField``, ``DateField``, ``MonthField``,
  ``ChoiceField``: one editor bound to one field of one row; typing is stored as you type and
  merged into one undo step per visit to the field; undo/redo updates the editor.
- :mod:`.table` — ``Column``, ``RowTableModel``, ``TableEditor``: an ordered table of rows with
  Add / Remove / Move up / Move down, cell editing and keyboard shortcuts, all undoable.
- :mod:`.binding` — ``FieldBinding`` for custom editors. Whether a change concerns a page,
  and whether its lists must be rebuilt, is the controller's
  :class:`~sipdesk.services.notices.PlanNotice` (``touches`` / ``reshapes`` a ``PlanPart``).
- :mod:`.common` — ``ScrollingBody`` (a page's scrolling column with title and sections),
  ``Banner``, ``Disclosure``, ``label(text, role)``.
- :mod:`.dialogs` — ``Dialogs``: the one seam for questions and file choosers (tests fake it).
- :mod:`.background` — ``BackgroundRunner``: slow work off the window's thread.

Each module's docstring shows a short example.
"""
