"""A slice of an SLT meeting in a real X window, typed with xdotool (issue 10, "Tests").

Given SIP Desk started as its own process on a new plan, on a private Xvfb screen the size of
a classroom projector (1024 × 768, then 1366 × 768), when real key presses from the X server
type a mission, Tab through step 0's empty dates, add two SWOT items with their evidence, draw
a cause on a new fishbone, put it on the wall (F6) and come back (Esc), present (F5) and quit
(Ctrl+Q), then the plan file read back holds all of it, and screenshots of each moment are
left in the test output folder.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

from sipdesk.services import root_causes as rc
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from tests.plans import new_plan
from tests.ui.conftest import private_xvfb

ROOT = Path(__file__).resolve().parents[2]
CHILD = ROOT / "tests" / "ui" / "helpers" / "meeting_child.py"

pytestmark = pytest.mark.xvfb

ESSA = "Targeted support"
MISSION = "We teach every reader by name and need"
SWOT = [
    ("Strong phonics routine", "Walkthroughs, fall term"),
    ("Stable teaching staff", "Retention 94 percent"),
]
PROBLEM = "Grade 3 reading fluency fell"
CAUSE = "Short reading block"


@contextmanager
def xvfb(size: str) -> Iterator[str]:
    """A private X server with one screen of ``size`` (e.g. 1024x768), and xdotool to type."""
    if shutil.which("xdotool") is None:
        pytest.skip("xdotool is not installed (./dev test installs it), so nothing can type")
    with private_xvfb(size) as display:
        yield display


class App:
    """SIP Desk in its own process, typed into with xdotool, asked where it stands."""

    def __init__(self, display: str, plan: Path) -> None:
        self.env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "PYTHONPATH": str(ROOT),
        }
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD), str(plan)],
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def ask(self, line: str, timeout: float = 10.0) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        assert ready, f"SIP Desk did not answer “{line}”"
        return self.proc.stdout.readline().strip()

    def state(self) -> dict[str, Any]:
        answer: dict[str, Any] = json.loads(self.ask("state"))
        return answer

    def wait(self, what: str, check: Callable[[dict[str, Any]], bool], timeout: float = 15) -> None:
        """Until SIP Desk's state passes ``check`` (the X server delivers keys a moment later)."""
        end = time.monotonic() + timeout
        seen: dict[str, Any] = {}
        while time.monotonic() < end:
            seen = self.state()
            if check(seen):
                return
            time.sleep(0.05)
        raise AssertionError(f"waited for {what}; SIP Desk shows {seen}")

    def at(self, name: str) -> None:
        self.wait(f"the focus on “{name}”", lambda s: s["focus"] == name)

    def keys(self, *keys: str) -> None:
        subprocess.run(["xdotool", "key", "--delay", "30", *keys], env=self.env, check=True)

    def type(self, text: str) -> None:
        subprocess.run(["xdotool", "type", "--delay", "8", text], env=self.env, check=True)
        self.wait(f"“{text}” typed", lambda s: s["text"].endswith(text))

    def tab_to(self, name: str, limit: int = 60) -> None:
        for _ in range(limit):
            seen = self.state()["focus"]
            if seen == name:
                return
            self.keys("Tab")
            self.wait("Tab", moved_from(seen))
        raise AssertionError(f"Tab never reached “{name}”")

    def shot(self, path: Path) -> Path:
        assert self.ask(f"shot {path}") == f"saved {path}"
        return path


def moved_from(name: str | None) -> Callable[[dict[str, Any]], bool]:
    return lambda state: state["focus"] != name


def busy_picture(path: Path, width: int, height: int) -> None:
    image = QImage(str(path))
    assert not image.isNull() and (image.width(), image.height()) == (width, height)
    colors = {
        image.pixel(x, y) for x in range(0, image.width(), 23) for y in range(0, image.height(), 23)
    }
    assert len(colors) > 10, f"{path.name} looks blank"


@pytest.mark.parametrize("size", ["1024x768", "1366x768"])
def test_a_meeting_slice_typed_into_a_real_window(
    tmp_path: Path, output_dir: Path, size: str
) -> None:
    width, height = (int(n) for n in size.split("x"))
    plan = tmp_path / "Maple Grove.sipdesk"
    new_plan(plan, "Maple Grove Elementary").close()
    shots: list[Path] = []
    with xvfb(size) as display:
        app = App(display, plan)
        try:
            app.wait("the plan to open", lambda s: s["opened"] and s["step"] == 0, timeout=60)
            # the X pointer over the window: the keyboard goes to it (no window manager here)
            subprocess.run(
                ["xdotool", "mousemove", str(width // 2), str(height // 2)],
                env=app.env,
                check=True,
            )
            app.wait("the window to take the keys", lambda s: s["focus"] is not None)
            # Step 0: the dates are emptied and tabbed past; the typing lands in ESSA status
            app.tab_to("School name")
            app.keys("Tab")
            app.at("Date of plan")
            app.keys("Delete")
            app.wait("the date emptied", lambda s: s["text"] == "Not set")
            app.keys("Tab")
            app.at("Date of update")
            app.keys("Tab")
            app.at("ESSA status")
            app.type(ESSA)
            shots.append(app.shot(output_dir / f"real-meeting-{size}-step0.png"))
            # Step 1: the mission
            app.keys("ctrl+Next")
            app.wait("step 1", lambda s: s["step"] == 1)
            app.tab_to("Mission")
            app.type(MISSION)
            # Step 2: two strengths, each with its evidence
            app.keys("ctrl+Next")
            app.wait("step 2", lambda s: s["step"] == 2)
            app.tab_to("Add a strength")
            for number, (text, evidence) in enumerate(SWOT, start=1):
                app.type(text)
                app.keys("Return")
                app.at(f"Evidence for strength {number}")
                app.type(evidence)
                app.keys("Tab")
                app.at("Add a strength")
            shots.append(app.shot(output_dir / f"real-meeting-{size}-swot.png"))
            # Step 3: a new fishbone, its problem, a cause on its first bone
            app.keys("ctrl+Next")
            app.wait("step 3", lambda s: s["step"] == 3)
            app.tab_to("New fishbone")
            app.keys("space")
            app.wait("the problem ready to type", lambda s: s["editing"])
            app.type(PROBLEM)
            app.keys("Return")
            app.wait("the problem kept", lambda s: not s["editing"])
            app.keys("Right")
            app.wait("the first bone", lambda s: (s["selection"] or [""])[0] == "category")
            app.keys("Return")
            app.wait("a cause ready to type", lambda s: s["editing"])
            app.type(CAUSE)
            app.keys("Return")
            app.keys("Return")  # Enter on the empty next line stops adding
            app.wait("the cause kept", lambda s: not s["editing"])
            shots.append(app.shot(output_dir / f"real-meeting-{size}-fishbone.png"))
            # Show view and back
            app.keys("F6")
            app.wait("Show view", lambda s: s["wall"])
            app.at("Fishbone diagram on the wall")
            shots.append(app.shot(output_dir / f"real-meeting-{size}-wall.png"))
            app.keys("Escape")
            app.wait("Show view closed", lambda s: not s["wall"])
            app.at("Fishbone diagram")
            # Presenting
            app.keys("F5")
            app.wait("presentation mode", lambda s: s["presenting"])
            shots.append(app.shot(output_dir / f"real-meeting-{size}-presenting.png"))
            # Ctrl+Q quits; the plan is written back on the way out
            app.keys("ctrl+q")
            assert app.proc.wait(timeout=30) == 0
        finally:
            if app.proc.poll() is None:
                app.proc.kill()
                app.proc.wait()
            assert app.proc.stderr is not None
            errors = app.proc.stderr.read()
    for shot in shots:
        busy_picture(shot, width, height)
    assert "Traceback" not in errors, errors
    # The plan file holds everything typed
    with PlanDocument.open(plan, readonly=True) as doc, doc.session() as session:
        saved = read_plan(session)
    profile = saved["profile"]
    assert profile["plan_date"] is None and profile["update_date"] is None
    assert (profile["essa_status"], profile["mission"]) == (ESSA, MISSION)
    assert [(i["text"], i["evidence"]) for i in saved["swot"]] == SWOT
    [fishbone] = saved["fishbones"]
    assert fishbone["problem"] == PROBLEM
    causes = [
        (category["name"], cause["text"])
        for category in fishbone["categories"]
        for cause, _ in rc.iter_causes(category["causes"])
    ]
    assert causes == [(fishbone["categories"][0]["name"], CAUSE)]


def on_disk(path: Path) -> dict[str, Any]:
    """What the .sipdesk file itself holds now."""
    with PlanDocument.open(path, readonly=True) as doc, doc.session() as session:
        return read_plan(session)


def test_recovered_work_reaches_the_plan_file_in_a_real_window(
    tmp_path: Path, output_dir: Path
) -> None:
    # Given a SIP Desk that stored an edit and was killed before writing the plan back
    plan = tmp_path / "Lincoln Elementary.sipdesk"
    new_plan(plan).close()
    crash_child = ROOT / "tests" / "ui" / "helpers" / "crash_child.py"
    crashed = subprocess.Popen(
        [sys.executable, str(crash_child), str(plan), "Lincoln Elementary (recovered)"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert crashed.stdout is not None and crashed.stdout.readline().strip() == "ack"
    crashed.kill()
    crashed.wait()
    assert on_disk(plan)["profile"]["school_name"] == "Lincoln Elementary"
    with xvfb("1366x768") as display:
        app = App(display, plan)
        try:
            # When SIP Desk opens it and asks, and the principal presses Enter on
            # "Recover my work" and then edits nothing
            app.wait(
                "the recovery question",
                lambda s: s["dialog"] == "Recover your unsaved work?",
                timeout=60,
            )
            subprocess.run(["xdotool", "mousemove", "683", "384"], env=app.env, check=True)
            app.wait(
                "the focus on “Recover my work”",
                lambda s: (s["kind"], s["text"]) == ("QPushButton", "Recover my work"),
            )
            app.shot(output_dir / "real-recovery-question.png")
            app.keys("Return")
            app.wait("the plan to open", lambda s: s["opened"] and s["dialog"] is None)
            # Then within the autosave delay the status bar says it is saved to the file
            app.wait("Saved to …", lambda s: s["saved"].startswith("Saved to"), timeout=10)
            # And the file holds the recovered work while SIP Desk is still open
            assert on_disk(plan)["profile"]["school_name"] == "Lincoln Elementary (recovered)"
            app.shot(output_dir / "real-recovery-saved.png")
            app.keys("ctrl+q")
            assert app.proc.wait(timeout=30) == 0
        finally:
            if app.proc.poll() is None:
                app.proc.kill()
                app.proc.wait()
