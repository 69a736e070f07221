"""Step pages: one per wizard step, built by the main window from :data:`sipdesk.ui.steps.STEPS`.

The page contract — every step page follows it, so the window, the plan health panel and the
tests can treat all pages alike::

    class RootCausesPage(QWidget):
        PARTS = PlanPart.FISHBONES | PlanPart.FISHBONE_CATEGORIES | PlanPart.CAUSES

        def __init__(self, controller: PlanController, parent: QWidget | None = None) -> None:
            super().__init__(parent)
            self.controller = controller
            self._build_ui()          # lay out widgets; no data yet
            self._connect()           # wire signals to slots named _on_<widget>_<signal>
            self.refresh()            # show the plan

        def refresh(self) -> None:
            '''Re-read what this page shows from controller.plan() (typed records).'''

        def _on_controller_changed(self, notice: PlanNotice) -> None:
            if notice.reshapes(self.PARTS):   # rows added, removed, moved; or a reload
                self.refresh()

        def focus_item(self, item: str) -> bool:
            '''Scroll to and focus a readiness finding's item ("goal:3", "profile:vision",
            "signatures", ...). Return False when the item is not on this page.'''

Rules:

- **One edit path.** Change the plan only with ``controller.run(operation)`` or
  ``controller.set_field(...)``; give each change a plain name ("Add strength"), which becomes
  "Undo Add strength" in the Edit menu. Never commit a session yourself.
- **Refresh cheaply.** ``controller.changed`` fires on every keystroke while someone types,
  with a :class:`~sipdesk.services.notices.PlanNotice` saying which parts of the plan changed.
  Rebuild only when the notice ``reshapes`` your parts (rows added, removed or moved, or the
  whole plan read again). Field edits, undo and redo of fields are followed by the bound
  editors in :mod:`sipdesk.ui.widgets.fields` and the tables of
  :class:`sipdesk.ui.tables.TableRowsModel` on their own (through
  ``controller.values_changed``). Use ``notice.touches(parts)`` for live checks that depend
  on field values. Keep whatever has focus alive across a rebuild (reuse widgets by row id)
  so the person keeps typing where they were.
- **Hold ids and plain data**, never ORM objects, across events.
- **Keyboard and screen readers.** Every control has an ``accessibleName``; everything is
  reachable with Tab in reading order; tables let Tab leave them (arrows move inside).
- **Read-only plans.** ``controller.readonly``: show, don't edit (the shared editors do this).
- **Looks** come from :mod:`sipdesk.ui.theme` roles (``setProperty("role", "section")``), not
  hard-coded colours or font sizes, so zoom and the high-contrast theme work everywhere.
- **Scrolling page.** Most pages put their sections in a
  :class:`sipdesk.ui.widgets.common.ScrollingBody`; ``add_title(step, title)`` then
  ``add_section(title, hint)``.
"""

from __future__ import annotations

from sipdesk.services.notices import PlanNotice, PlanPart

__all__ = ["PlanNotice", "PlanPart"]
