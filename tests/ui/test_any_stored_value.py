"""Every value a plan's columns can hold is either refused in one sentence or fully usable.

Given the sample plan with one column of one row set to a random value of a random SQLite
storage class (integer, real, text, blob or null — SQLite lets any column hold any of them),
when SIP Desk opens it, then either the validator refuses it in one sentence naming the file,
or every step page builds and shows offscreen and the Tool A PDF, the JSON and the CSV export
without error.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sipdesk.export import files
from sipdesk.models.domains import Domain, domains
from sipdesk.models.limits import MAX_TEXT_CHARS, MAX_YEAR, MIN_YEAR
from sipdesk.storage import PlanDocument, PlanFileError
from sipdesk.ui.controller import PlanController
from sipdesk.ui.steps import STEPS
from tests.hostile_corpus import sample_bytes

# Every column of every table the sample plan has rows in.
COLUMNS = sorted((t, c) for t, cols in domains().items() for c in cols)
EXAMPLES = int(os.environ.get("SIPDESK_VALUE_EXAMPLES", "30"))


def _valid(domain: Domain) -> st.SearchStrategy[Any]:
    """Values the column's domain accepts, as they are stored."""
    first, last = dt.datetime(MIN_YEAR, 1, 1), dt.datetime(MAX_YEAR, 12, 31, 23, 59, 59)
    if domain.kind == "integer":
        return st.integers(domain.low, domain.high)
    if domain.kind == "boolean":
        return st.sampled_from([0, 1])
    if domain.kind == "choice":
        return st.sampled_from(domain.choices)
    if domain.kind == "month":
        years, months = st.integers(MIN_YEAR, MAX_YEAR), st.integers(1, 12)
        return st.builds(lambda y, m: f"{y:04d}-{m:02d}", years, months)
    if domain.kind == "date":
        return st.dates(first.date(), last.date()).map(str)
    if domain.kind == "datetime":
        return st.datetimes(first, last).map(lambda d: d.strftime("%Y-%m-%d %H:%M:%S.%f"))
    if domain.kind == "uuid":
        return st.uuids().map(str)
    return st.one_of(
        st.text(max_size=200),
        st.text(min_size=1, max_size=3).map(lambda s: (s * MAX_TEXT_CHARS)[:MAX_TEXT_CHARS]),
    )


ANY_CLASS = st.one_of(
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=60),
    st.binary(max_size=60),
)


def _plan_with(folder: Path, table: str, column: str, value: Any) -> Path:
    path = folder / "Riverside.sipdesk"
    path.write_bytes(sample_bytes())
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    try:
        conn.execute(
            f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = (SELECT min(rowid) FROM "{table}")',
            (value,),
        )
    except sqlite3.DatabaseError:
        return path  # the column will not take it at all (an id must be a whole number)
    finally:
        conn.close()
    return path


def _every_page_and_export(document: PlanDocument) -> None:
    controller = PlanController(document)
    try:
        for info in STEPS:
            page_class = getattr(importlib.import_module(info.module), info.page_class)
            page = page_class(controller, None)
            try:
                page.resize(1024, 700)
                page.show()
                QApplication.processEvents()
                assert not page.grab().isNull()
            finally:
                # Disposed the way the window disposes a workspace: through Qt, at once. Left
                # to Python's cycle collector, PySide may free a page's layouts in the wrong
                # order.
                page.close()
                page.deleteLater()
                QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        with document.session() as session:
            for suffix in (".pdf", ".json", ".csv"):
                assert files.export_bytes(session, suffix, today=dt.date(2026, 12, 1))
    finally:
        controller.close()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_value_a_column_holds_is_refused_or_usable(qtbot: QtBot, data: st.DataObject) -> None:
    # Given one column of one row set to a random stored value
    table, column = data.draw(st.sampled_from(COLUMNS), label="column")
    domain = domains()[table][column]
    value = data.draw(st.one_of(_valid(domain), ANY_CLASS), label="value")
    folder = Path(tempfile.mkdtemp(prefix="sipdesk-value-"))
    try:
        path = _plan_with(folder, table, column, value)
        before = path.read_bytes()
        # When SIP Desk opens it
        try:
            document = PlanDocument.open(path)
        except PlanFileError as exc:
            # Then a refusal is one sentence naming the file, and the file is untouched
            message = str(exc)
            assert "“Riverside.sipdesk”" in message and "\n" not in message
            assert path.read_bytes() == before
            return
        # or every page shows it and every export is written
        _every_page_and_export(document)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
