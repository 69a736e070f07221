"""What the window remembers between runs, by name (sipdesk.ui.settings.WindowSettings)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from sipdesk.ui.settings import MAX_RECENT, WindowSettings, documents_folder


def test_choices_start_at_their_defaults(settings: QSettings) -> None:
    prefs = WindowSettings(settings)
    assert (prefs.meeting_bar, prefs.side_panel, prefs.step_list) == (False, True, True)
    assert prefs.coaching_expanded and not prefs.maximized
    assert prefs.geometry is None
    assert prefs.last_folder == documents_folder()
    assert prefs.recent == []
    assert prefs.paper == "letter"
    assert prefs.plan_step(Path("/plans/a.sipdesk")) == 0


def test_choices_come_back_from_the_settings_file(settings: QSettings, tmp_path: Path) -> None:
    prefs = WindowSettings(settings)
    prefs.meeting_bar = True
    prefs.coaching_expanded = False
    prefs.maximized = True
    prefs.geometry = QByteArray(b"\x01\xd9\xd0\xcb")
    prefs.last_folder = tmp_path
    prefs.recent = [f"/plans/{n}.sipdesk" for n in range(MAX_RECENT + 3)]
    prefs.paper = "a4"
    prefs.set_plan_step(Path("/plans/a.sipdesk"), 5)
    settings.sync()
    again = WindowSettings(QSettings(settings.fileName(), QSettings.Format.IniFormat))
    assert again.meeting_bar and not again.coaching_expanded and again.maximized
    assert again.geometry == QByteArray(b"\x01\xd9\xd0\xcb")
    assert again.last_folder == tmp_path
    assert again.recent == [f"/plans/{n}.sipdesk" for n in range(MAX_RECENT)]
    assert again.paper == "a4"
    assert again.plan_step(Path("/plans/a.sipdesk")) == 5
    assert again.plan_step(Path("/plans/b.sipdesk")) == 0
    # The keys stay those an older SIP Desk wrote.
    assert settings.value("export/paper") == "a4"
    assert settings.value(WindowSettings.plan_key(Path("/plans/a.sipdesk"), "step")) in (5, "5")


def test_values_written_by_hand_read_leniently(settings: QSettings) -> None:
    settings.setValue("view/meeting_bar", "yes")
    settings.setValue("view/side_panel", "false")
    settings.setValue("recent", "/plans/only.sipdesk")  # one path is stored as a string
    settings.setValue("export/paper", "A3")
    settings.setValue(WindowSettings.plan_key(Path("/p.sipdesk"), "step"), "three")
    prefs = WindowSettings(settings)
    assert prefs.meeting_bar and not prefs.side_panel
    assert prefs.recent == ["/plans/only.sipdesk"]
    assert prefs.paper == "letter"
    assert prefs.plan_step(Path("/p.sipdesk")) == 0
