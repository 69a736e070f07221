"""A real window on a real X server (Xvfb): SIP Desk starts on the sample plan and is seen."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.plans import sample_plan
from tests.ui.conftest import private_xvfb

ROOT = Path(__file__).resolve().parents[2]
CHILD = ROOT / "tests" / "ui" / "helpers" / "screenshot_child.py"

pytestmark = pytest.mark.xvfb


@pytest.fixture(scope="module")
def x_display() -> Iterator[str]:
    """The X display to use: the one we are on, or a private Xvfb started for these tests."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    with private_xvfb("1600x1000") as display:
        yield display


def test_the_app_starts_on_the_sample_plan_in_a_real_window(
    x_display: str, tmp_path: Path, output_dir: Path
) -> None:
    # Given the sample plan in a folder with spaces and accents
    plan = tmp_path / "Écoles et plans" / "Riverside Elementary.sipdesk"
    plan.parent.mkdir()
    sample_plan(plan).close()
    shot = output_dir / "real-window.png"
    shot.unlink(missing_ok=True)
    # When SIP Desk starts on it in a real X window and shows step 1
    env = {
        **os.environ,
        "DISPLAY": x_display,
        "QT_QPA_PLATFORM": "xcb",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, str(CHILD), str(plan), str(shot), "--step", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # Then it exits cleanly and the screenshot shows a real, busy window
    assert done.returncode == 0, done.stdout + done.stderr
    image = QImage(str(shot))
    assert not image.isNull()
    assert image.width() >= 1000 and image.height() >= 700
    colors = {
        image.pixel(x, y) for x in range(0, image.width(), 23) for y in range(0, image.height(), 23)
    }
    assert len(colors) > 20, "the window looks blank"
    # and the plan file was left whole and unchanged in content
    from sipdesk.services.snapshot import read_plan
    from sipdesk.storage import PlanDocument

    with PlanDocument.open(plan, readonly=True) as doc, doc.session() as session:
        assert read_plan(session)["profile"]["school_name"] == "Riverside Elementary School"
