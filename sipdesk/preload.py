"""Code imported ahead of need on a thread of its own, without two threads importing at once.

The window loads code it will need soon on a helper thread (SQLAlchemy and the edit path, after
an open plan's first paint, issue 12). Only code without Qt: PySide makes each Qt type the
first time Python uses it, and two threads doing that at once crashed it, so Qt code is only
ever imported on the window's thread (``tests/unit/test_quick_open.py``). Python locks each
module while it is imported, and a thread entering a package through one of its modules takes
that module's lock before the package's. So two threads importing parts of one package at once
can each hold a lock the other wants; Python then refuses one of the imports with a deadlock
error. That happened: an edit typed right after a plan opened made SQLAlchemy's engine while
the helper loaded the same dialect, and the edit was lost with a traceback (CI, stop 29).

So every helper import runs under one lock (:data:`importing`), each name imported package
first; making SQLAlchemy's engine takes the same lock (``storage.engine``); and the window's
thread, before it imports such code itself, calls :func:`wait` (a key press or click while the
database code loads waits for the rest of it).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Sequence

importing = threading.Lock()
_threads: list[threading.Thread] = []
_threads_lock = threading.Lock()


def _package_first(name: str) -> list[str]:
    """``a.b.c`` as ``a``, ``a.b``, ``a.b.c``: each package is imported before its modules."""
    parts = name.split(".")
    return [".".join(parts[: n + 1]) for n in range(len(parts))]


def import_in_turn(names: Sequence[str]) -> None:
    """Import ``names`` under :data:`importing`, packages first. A name that fails to import
    is passed over: whoever needs it meets the same error then, and explains it."""
    with importing:
        for name in names:
            try:
                for step in _package_first(name):
                    importlib.import_module(step)
            except Exception:
                continue


def start(load: Callable[[], object], thread_name: str) -> threading.Thread:
    """Run ``load`` (which imports through :func:`import_in_turn`) on a thread of its own."""
    thread = threading.Thread(target=load, name=thread_name, daemon=True)
    with _threads_lock:
        _threads[:] = [t for t in _threads if t.is_alive()]
        _threads.append(thread)
    thread.start()
    return thread


def busy() -> bool:
    """Whether a helper is still importing."""
    with _threads_lock:
        return any(thread.is_alive() for thread in _threads)


def wait() -> None:
    """Wait until every helper started so far has finished importing (quick once they have)."""
    with _threads_lock:
        running = [thread for thread in _threads if thread.is_alive()]
    for thread in running:
        if thread is not threading.current_thread():
            thread.join()
