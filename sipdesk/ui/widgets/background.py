"""Run slow work (opening, validating, saving, exporting) off the window's thread.

Tasks run one after another on a single worker thread, so "close this plan, then open that
one" happens in order. The result (or the exception) comes back on the window's thread::

    runner = BackgroundRunner(parent=self)
    runner.submit(lambda: PlanDocument.open(path), on_done=self._opened, on_error=self._failed)

``busy_changed(bool)`` tells the window when to show a progress indicator.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any, NamedTuple

from PySide6.QtCore import QObject, Signal


class _Task(NamedTuple):  # not a dataclass: made on the start screen's path, a fifth the cost
    work: Callable[[], Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    quiet: bool = False


class BackgroundRunner(QObject):
    """A single worker thread with a queue; callbacks run on the thread that owns the runner."""

    busy_changed = Signal(bool)
    _finished = Signal(object, object, object)  # task, result, error

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.Queue[_Task | None] = queue.Queue()
        self._pending = 0
        self._thread: threading.Thread | None = None
        self._finished.connect(self._on_finished)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def submit(
        self,
        work: Callable[[], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        quiet: bool = False,
    ) -> None:
        """Queue ``work``; ``on_done(result)`` or ``on_error(exc)`` runs on this thread later.

        ``quiet`` work (housekeeping) does not count as busy.
        """
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="sipdesk-worker", daemon=True)
            self._thread.start()
        if not quiet:
            self._pending += 1
            if self._pending == 1:
                self.busy_changed.emit(True)
        self._queue.put(_Task(work, on_done, on_error, quiet))

    def _loop(self) -> None:
        while True:
            task = self._queue.get()
            if task is None:
                return
            try:
                result = task.work()
            except BaseException as exc:  # handed to the window, which explains it
                self._finished.emit(task, None, exc)
            else:
                self._finished.emit(task, result, None)

    def _on_finished(self, task: _Task, result: Any, error: BaseException | None) -> None:
        if not task.quiet:
            self._pending -= 1
            if self._pending == 0:
                # Before the callbacks, which may ask a question ("This plan is already
                # open"): the window's "working" bar does not run on behind the dialog.
                self.busy_changed.emit(False)
        if error is not None:
            if task.on_error is None:
                raise error
            task.on_error(error)
        elif task.on_done is not None:
            task.on_done(result)

    def stop(self) -> None:
        """Let the worker end after the queued tasks."""
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(None)

    def wait(self, timeout: float | None = None) -> None:
        """Block until the worker ended (only for shutting down and tests)."""
        if self._thread is not None:
            self.stop()
            self._thread.join(timeout)
