"""Plan health and step completeness, worked out off the window's thread after edits settle.

Reading the whole plan takes a few milliseconds for a big plan; doing it on every keystroke
on the window's thread would make typing stutter, so it runs on a worker a moment after the
last change and the panels update when it is done.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc
    from sipdesk.services.checks import Finding
    from sipdesk.ui.controller import PlanController

SETTLE_MS = 400


@dataclass(frozen=True)
class Analysis:
    findings: list[Finding] = field(default_factory=list)
    completeness: dict[int, float] = field(default_factory=dict)
    generation: int = 0
    template: str = ""  # whose checklist plan health follows, when not the plan's usual Tool A
    district: str = ""  # the district's next deadline, from the expectations pack taken


def analyse(plan: PlanDoc, generation: int = 0) -> Analysis:
    # The checks load with the first analysis, after the plan's first page is on screen.
    from sipdesk.services.checked_by import plan_checked_by
    from sipdesk.services.checks import readiness
    from sipdesk.services.completeness import completeness

    by = plan_checked_by(plan["profile"])  # as ``sipdesk check`` decides it
    return Analysis(
        readiness(plan, profile=by.profile),
        completeness(plan, by.profile),
        generation,
        by.words(),
        district_of(plan),
    )


def district_of(plan: PlanDoc, today: dt.date | None = None) -> str:
    """ "Next from Pine County Schools: Final plan due 15 Jan 2027 (12 days left)." when the
    school took the district's expectations pack for this plan, else ""."""
    from sipdesk.services.expectations_pack import next_deadline, stored_pack

    pack = stored_pack(str(plan["profile"].get("plan_id") or ""))
    coming = next_deadline(pack, today or dt.date.today()) if pack is not None else ""
    return f"Next from {pack.district or 'the district'}: {coming}." if pack and coming else ""


def template_of(plan: PlanDoc) -> str:
    """What plan health says about whose checklist it follows ("Checked against the
    Illinois (ISBE) template."), or "" for the usual Tool A the plan chose itself."""
    from sipdesk.services.checked_by import plan_checked_by

    return plan_checked_by(plan["profile"]).words()


class PlanAnalyzer(QObject):
    """Emits ``analyzed(Analysis)`` after the plan changed and has been quiet a moment."""

    analyzed = Signal(object)
    _computed = Signal(object)

    def __init__(self, controller: PlanController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._generation = 0
        self._running = False
        self._again = False
        self._stopped = False
        # Held while the worker hands a result over, and by stop(): once stop() returns no
        # worker touches this object again, so the window may delete it.
        self._handing_over = threading.Lock()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.run_now)
        self._computed.connect(self._on_computed)
        controller.changed.connect(self._on_controller_changed)

    def _on_controller_changed(self, _change: object) -> None:
        self._generation += 1
        self._timer.start()

    def run_now(self) -> None:
        """Analyse now (on a worker thread)."""
        self._timer.stop()
        if self._stopped:
            return
        if self._running:
            self._again = True
            return
        self._running = True
        generation = self._generation
        threading.Thread(target=self._work, args=(generation,), daemon=True).start()

    def _work(self, generation: int) -> None:
        from sipdesk.storage.engine import load_database_code

        load_database_code()  # or wait while the window's helper loads it (sipdesk.preload)
        try:
            from sipdesk.services.snapshot import read_plan

            with self.controller.session() as session:
                plan = read_plan(session)
            result: object = analyse(plan, generation)
        except Exception:  # the plan was closed meanwhile; nothing to show
            result = None
        with self._handing_over, contextlib.suppress(RuntimeError):
            if not self._stopped:  # else the plan was put away and this may be deleted
                self._computed.emit(result)

    def _on_computed(self, result: object) -> None:
        self._running = False
        if self._stopped:
            return
        if isinstance(result, Analysis):
            self.analyzed.emit(result)
        if self._again or (isinstance(result, Analysis) and result.generation != self._generation):
            self._again = False
            self._timer.start()

    def stop(self) -> None:
        with self._handing_over:
            self._stopped = True
        self._timer.stop()
