"""End-to-end set-up: the room's members, each in a headless Chromium of their own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.room_browser import Browser


@pytest.fixture
def browsers(tmp_path: Path) -> Iterator[list[Browser]]:
    opened: list[Browser] = []
    try:
        for n in range(3):
            opened.append(Browser(tmp_path / f"profile-{n}"))
        yield opened
    finally:
        for browser in opened:
            browser.quit()
