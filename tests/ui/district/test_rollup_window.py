"""The desk's "Across schools" window (issue 14, item 1) on the real desk the rollup's own tests
build: three small hand-made plans (Alder, with a second version; Birch; Cedar) taken in by the
real intake. The window's tables hold exactly the rows of ``rollup_tables.views`` for the same
desk and day; its charts hold the rollup's counts; its export writes the same bytes as
``sipdesk district rollup -o``; and the reading runs on the desk window's worker.

The window's "today" is the tests' fixed day (6 December 2026), never the machine's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from pytestqt.qtbot import QtBot

from sipdesk.district.rollup_charts import heat_map, status_bars
from sipdesk.district.rollup_tables import view_named, views
from sipdesk.district.rollup_views import STATUSES
from sipdesk.ui.district.desk_window import DeskWindow
from sipdesk.ui.district.rollup_window import BARS, HEAT, RollupWindow
from sipdesk.ui.theme import Theme
from tests.ui.conftest import ScriptedDialogs
from tests.unit.helpers.cli import sipdesk
from tests.unit.test_district_rollup import ALDER, BIRCH, CEDAR, TODAY, _rollup, desk

__all__ = ["desk"]  # the rollup tests' desk (a module fixture), used here as it is

EARLY = dt.date(2026, 11, 25)  # Alder's first version only; Cedar's and Birch's plans


@pytest.fixture
def desk_window(
    qtbot: QtBot, settings: QSettings, theme: Theme, dialogs: ScriptedDialogs, desk: Path
) -> Iterator[DeskWindow]:
    window = DeskWindow(settings, theme, dialogs)

    def close(w: DeskWindow) -> None:
        if w.desk is not None:
            with qtbot.waitSignal(w.desk_closed, timeout=15000):
                w.close()
        w.runner.wait(timeout=15)

    qtbot.addWidget(window, before_close_func=close)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.desk_opened, timeout=15000):
        window.open_desk(desk, readonly=True)
    yield window


def _open(qtbot: QtBot, window: DeskWindow, width: int = 1366, height: int = 768) -> RollupWindow:
    rollup_window = RollupWindow(window, clock=lambda: TODAY)
    window.side_windows[("rollup", 0)] = rollup_window
    rollup_window.resize(width, height)
    rollup_window.show()
    with qtbot.waitSignal(rollup_window.shown, timeout=30000):
        rollup_window.load()
    return rollup_window


def _pick(qtbot: QtBot, window: RollupWindow, day: dt.date) -> None:
    with qtbot.waitSignal(window.shown, timeout=30000):
        window.date_box.setDate(QDate(day.year, day.month, day.day))


@pytest.mark.parametrize("as_of", [None, EARLY], ids=["latest", "as-of"])
def test_the_tables_hold_exactly_the_rows_of_the_views(
    qtbot: QtBot, desk_window: DeskWindow, desk: Path, as_of: dt.date | None
) -> None:
    window = _open(qtbot, desk_window)
    if as_of is not None:
        _pick(qtbot, window, as_of)
    expected = views(_rollup(desk, as_of=as_of))
    assert window.data is not None and window.data.as_of == as_of
    assert [key for key in window.page_keys if not key.startswith("chart:")] == [
        v.key for v in expected
    ]
    for view in expected:
        table = window.tables[view.key]
        assert table.shown_rows() == list(view.rows), view.key
        heads = [
            table.proxy.headerData(c, Qt.Orientation.Horizontal)
            for c in range(table.proxy.columnCount())
        ]
        assert heads == [c.title for c in view.columns]
    schools = window.tables["readiness"].shown_rows()
    if as_of is None:
        assert [(r[0], r[1]) for r in schools] == [(ALDER, 2), (BIRCH, 1), (CEDAR, 1)]
    else:
        assert [(r[0], r[1]) for r in schools] == [(ALDER, 1), (BIRCH, 1), (CEDAR, 1)]
        assert "Monitoring as of November 25, 2026" in window.message.text()


def test_money_reads_as_dollars_and_a_column_sorts_by_its_numbers(
    qtbot: QtBot, desk_window: DeskWindow
) -> None:
    window = _open(qtbot, desk_window)
    budget = window.tables["budget"]
    shown = [budget.proxy.index(r, 2).data() for r in range(budget.proxy.rowCount())]
    assert "$3,500.00" in shown and "$2,000.00" in shown
    # Sorting by the strategies' count in domain 2 (Birch's only): numbers, and again the
    # other way; from the keyboard as from the column head.
    domains = window.tables["domains"]
    assert [row[2] for row in domains.shown_rows()] == [0, 1, 0]  # the report's order first
    domains.setFocus()
    domains.setCurrentIndex(domains.proxy.index(0, 2))
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(domains, Qt.Key.Key_S, both)
    assert [(row[0], row[2]) for row in domains.shown_rows()] == [
        (ALDER, 0),
        (CEDAR, 0),
        (BIRCH, 1),
    ]
    domains.horizontalHeader().sectionClicked.emit(2)
    assert domains.shown_rows()[0][0] == BIRCH
    assert sorted(domains.shown_rows()) == sorted(views(window.data)[1].rows)  # type: ignore[arg-type]


def test_the_charts_hold_the_rollups_counts(
    qtbot: QtBot, desk_window: DeskWindow, desk: Path
) -> None:
    window = _open(qtbot, desk_window)
    data = _rollup(desk)
    chart = window.heat.chart
    assert chart is not None and chart == heat_map(data)
    assert {row.school: row.counts for row in chart.rows} == {
        ALDER: (1, 0, 1, 1),  # 1a, 3b, and version 2's 4c
        BIRCH: (0, 1, 0, 1),  # 2b, 4a
        CEDAR: (1, 0, 1, 1),  # 1b, 3a, 4b
    }
    assert {row.school: row.counts for row in chart.rows} == {
        school: data.by_school_domain[school] for school in data.schools
    }
    assert window.bars.bars == status_bars(data)
    segments = {bar.school: dict(bar.segments) for bar in window.bars.bars}
    for row in data.implementation:
        assert segments[row.school] == {s: row.count(s) for s in STATUSES}
    assert segments[BIRCH] == {"done": 1, "on_track": 0, "behind": 2, "not_started": 1}
    # A name the chart had to cut shows whole in its tooltip: which school is under the pointer.
    heat, bars = window.heat, window.bars
    assert heat.school_at(heat.head_height() + heat.unit() + 2) == BIRCH
    assert heat.school_at(1) == "" and heat.school_at(heat.needed_height() + 50) == ""
    assert bars.school_at(bars.unit() * 2 + 8 + 2) == BIRCH
    assert bars.school_at(2) == ""
    # A day before Alder's second version: its domain 4 cell is a gap again.
    _pick(qtbot, window, EARLY)
    assert window.heat.chart is not None
    assert window.heat.chart.rows[0].counts == (1, 0, 1, 0)


def test_export_writes_the_same_zip_as_the_command(
    qtbot: QtBot, desk_window: DeskWindow, desk: Path, dialogs: ScriptedDialogs, tmp_path: Path
) -> None:
    window = _open(qtbot, desk_window)
    _pick(qtbot, window, EARLY)
    target = tmp_path / "tables"
    dialogs.answers.append(target)  # no ending typed: the zip's is added
    with qtbot.waitSignal(window.exported, timeout=30000):
        window.export(".zip")
    written = tmp_path / "tables.zip"
    assert written.exists()
    done = sipdesk(
        "district",
        "rollup",
        desk,
        "-o",
        tmp_path / "cli.zip",
        "--as-of",
        EARLY.isoformat(),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert written.read_bytes() == (tmp_path / "cli.zip").read_bytes()
    # The JSON too, and the PDF is a PDF with the report's title.
    dialogs.answers.append(tmp_path / "all.json")
    with qtbot.waitSignal(window.exported, timeout=30000):
        window.export(".json")
    done = sipdesk(
        "district",
        "rollup",
        desk,
        "-o",
        tmp_path / "cli.json",
        "--as-of",
        EARLY.isoformat(),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "all.json").read_bytes() == (tmp_path / "cli.json").read_bytes()


def test_the_reading_runs_on_the_worker_and_says_how_far_it_got(
    qtbot: QtBot, desk_window: DeskWindow
) -> None:
    window = RollupWindow(desk_window, clock=lambda: TODAY)
    desk_window.side_windows[("rollup", 0)] = window
    window.show()
    steps: list[tuple[int, int, str]] = []
    window._progress.step.connect(lambda *step: steps.append(step))
    with qtbot.waitSignal(window.shown, timeout=30000):
        window.load()
        # load() came back before the rollup did: nothing is shown yet, the window says so.
        assert window.data is None
        assert window.message.text().startswith("Reading the schools' plans")
        assert not window.export_button.isEnabled()
    assert steps == [(1, 3, ALDER), (2, 3, BIRCH), (3, 3, CEDAR)]
    assert window.data is not None and window.export_button.isEnabled()


def test_across_schools_is_on_the_desks_file_menu_with_its_own_key(
    qtbot: QtBot, desk_window: DeskWindow
) -> None:
    keys = [key.toString() for action in desk_window.actions() for key in action.shortcuts()]
    assert "Ctrl+U" in [k.toString() for k in desk_window.rollup_action.shortcuts()]
    assert len(keys) == len(set(keys))  # a key bound twice would run nothing
    with qtbot.waitSignal(desk_window.runner.busy_changed, timeout=30000) as busy:
        desk_window.rollup_action.trigger()
    window = desk_window.side_windows[("rollup", 0)]
    assert isinstance(window, RollupWindow)
    if window.data is None:
        with qtbot.waitSignal(window.shown, timeout=30000):
            pass
    assert busy.signal_triggered
    today = window.clock()
    assert window.tables["readiness"].shown_rows() == list(
        views(_rollup(desk_window.desk.path, today=today))[-1].rows  # type: ignore[union-attr]
    )


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)], ids=["1024", "1366"])
def test_the_window_fits_small_screens_and_every_page_is_reached_by_keys(
    qtbot: QtBot, desk_window: DeskWindow, size: tuple[int, int]
) -> None:
    window = _open(qtbot, desk_window, *size)
    hint = window.minimumSizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1]
    window.pages_list.setFocus()
    window.pages_list.setCurrentRow(0)
    seen = []
    for _ in window.page_keys:
        seen.append(window.page_keys[window.stack.currentIndex()])
        qtbot.keyClick(window.pages_list, Qt.Key.Key_Down)
    assert seen == window.page_keys
    assert HEAT in seen and BARS in seen
    assert seen.index(HEAT) == seen.index("domains") - 1
    assert seen.index(BARS) == seen.index("implementation") - 1


def test_days_picked_while_reading_show_only_the_last_one(
    qtbot: QtBot, desk_window: DeskWindow, desk: Path
) -> None:
    window = _open(qtbot, desk_window)
    shown: list[dt.date | None] = []
    window.shown.connect(lambda: shown.append(window.data.as_of if window.data else None))
    with qtbot.waitSignal(window.shown, timeout=30000):
        window.date_box.setDate(QDate(2026, 11, 25))
        window.date_box.setDate(QDate(2026, 11, 3))  # read after the first, which is dropped
    assert shown == [dt.date(2026, 11, 3)]
    assert window.data is not None and window.data.not_yet == (CEDAR,)
    assert window.tables["readiness"].shown_rows() == list(
        view_named(_rollup(desk, as_of=dt.date(2026, 11, 3)), "readiness").rows
    )
    assert "Not received by then: Cedar High." in window.message.text()


def test_table_columns_share_the_room_fairly() -> None:
    from sipdesk.ui.district.rollup_table import fair_widths

    # Room for all: each whole, the widest takes what is left.
    assert fair_widths([100, 300, 60], 600, least=120) == [100, 440, 60]
    # Too little: narrow columns whole, the two wide ones capped alike to fill the room.
    assert fair_widths([200, 500, 400, 80, 90], 800, least=120) == [200, 215, 215, 80, 90]
    # A room narrower than the least cap: the table scrolls rather than crushing names.
    assert fair_widths([300, 300], 100, least=120) == [120, 120]
