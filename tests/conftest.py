"""Shared test set-up: every test gets its own private data folder and runs offscreen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

# In CI the property tests check the same generated examples every run, so a submission fails
# for what it changed and not for the luck of the draw; a developer's run draws new examples
# each time (a failure found is kept in .hypothesis/ and tried first next time).
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Offscreen, on a screen larger than the test windows (the plugin's own is 800 × 800): a
# window restored after full screen keeps its size, as it does on a real screen.
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={ROOT / 'tests' / 'offscreen.json'}"


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep working copies, locks and backups out of the real home folder."""
    folder = tmp_path / "sipdesk-data"
    monkeypatch.setenv("SIPDESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def output_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where tests leave screenshots and PDFs for people to look at: the folder named by
    ``SIPDESK_TEST_OUTPUT`` when set, otherwise a temporary folder. Never the checkout."""
    chosen = os.environ.get("SIPDESK_TEST_OUTPUT")
    if chosen:
        folder = Path(chosen).expanduser()
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("test-output")


# The test PostgreSQL server and the desk on either engine (issue 14): see tests/district_pg.py.
from tests.district_pg import desk_kind, new_desk, pg_server, pg_url  # noqa: E402, F401
