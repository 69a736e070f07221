"""Helper threads import ahead of need without two threads importing at once (sipdesk.preload).

A plan edited right after it opened once lost its edit: the window's thread made SQLAlchemy's
engine (importing the SQLite dialect) while the helper thread loaded the same dialect, and
Python refused one of the imports as a deadlock. Here a module that takes a moment to import
stands in for the helper's work, so the waiting can be seen.
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

import pytest

from sipdesk import preload
from sipdesk.storage.engine import engine_for
from tests.plans import new_plan

SLOW = "import time\ntime.sleep({seconds})\nDONE = True\n"


def slow_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seconds: float = 0.4) -> str:
    """The name of a fresh module whose import takes ``seconds`` and ends by setting DONE."""
    name = f"slow_{uuid.uuid4().hex}"
    (tmp_path / f"{name}.py").write_text(SLOW.format(seconds=seconds), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return name


def finished(name: str) -> bool:
    return getattr(sys.modules.get(name), "DONE", False) is True


def wait_until_importing() -> None:
    deadline = time.monotonic() + 10
    while not preload.importing.locked():
        assert time.monotonic() < deadline, "the helper never started importing"
        time.sleep(0.001)


def test_each_package_is_imported_before_its_modules() -> None:
    assert preload._package_first("a.b.c") == ["a", "a.b", "a.b.c"]
    assert preload._package_first("a") == ["a"]


def test_a_module_that_fails_is_named_and_the_rest_still_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = slow_module(tmp_path, monkeypatch, seconds=0)
    missing = f"no_such_module_{uuid.uuid4().hex}"
    preload.import_in_turn((missing, name))  # says nothing: the importer of missing will
    assert finished(name)
    assert missing not in sys.modules


def test_wait_returns_once_the_helper_has_finished_importing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = slow_module(tmp_path, monkeypatch)
    thread = preload.start(lambda: preload.import_in_turn((name,)), "test helper")
    wait_until_importing()
    assert preload.busy()
    preload.wait()
    assert finished(name)
    assert not thread.is_alive()
    assert not preload.busy()


def test_making_an_engine_waits_while_a_helper_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan.sipdesk"
    new_plan(plan).close()
    name = slow_module(tmp_path, monkeypatch)
    preload.start(lambda: preload.import_in_turn((name,)), "test helper")
    wait_until_importing()
    engine = engine_for(plan, readonly=True)  # would import the dialect beside the helper
    try:
        assert finished(name), "the engine was made while the helper was still importing"
    finally:
        engine.dispose()
        preload.wait()
