"""``sipdesk room`` (issue 16, item 5): the room without a window, driven on standard input.
Members reach it over real HTTP on loopback; only accept + write reaches the plan file."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from sipdesk.storage import PlanDocument
from tests.plans import sample_plan


class RoomProcess:
    """``sipdesk room`` in a subprocess; its output lines arrive on a queue."""

    def __init__(self, plan: Path, *extra: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sipdesk", "room", str(plan), *extra],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert self.proc.stdout is not None
        threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True).start()

    def _read(self, stream: Any) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def expect(self, pattern: str) -> re.Match[str]:
        """The next output line matching ``pattern`` (fails after a generous 60 s)."""
        while True:
            try:
                line = self.lines.get(timeout=60)
            except queue.Empty:
                raise AssertionError(f"no {pattern!r} after: {self.seen[-8:]}") from None
            self.seen.append(line)
            found = re.search(pattern, line)
            if found:
                return found

    def send(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()


class Device:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""

    def post(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Content-Type": "application/json", "Cookie": self.cookie}
        conn.request("POST", path, body=json.dumps(body), headers=headers)
        response = conn.getresponse()
        data = json.loads(response.read())
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        conn.close()
        return response.status, data


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    doc = sample_plan(tmp_path / "Riverside.sipdesk")
    doc.close()
    return tmp_path / "Riverside.sipdesk"


@pytest.fixture
def room(plan: Path) -> Iterator[RoomProcess]:
    process = RoomProcess(plan)
    yield process
    if process.proc.poll() is None:
        process.proc.kill()
    process.proc.wait(timeout=30)


def _open(room: RoomProcess) -> tuple[int, str]:
    port = int(room.expect(r"Address: http://127\.0\.0\.1:(\d+)/").group(1))
    code = room.expect(r"Join code: ([A-Z0-9]{6})$").group(1)
    qr = Path(room.expect(r"QR code: (.+)$").group(1))
    assert qr.read_text(encoding="utf-8").startswith("<svg")
    return port, code


def _all_text(path: Path) -> str:
    with PlanDocument.open(path, readonly=True) as doc, doc.session() as session:
        rows = session.execute(text("select text, evidence, contributed_by from swot_items")).all()
    return json.dumps([list(r) for r in rows])


def test_only_accepted_and_written_cards_reach_the_plan(room: RoomProcess, plan: Path) -> None:
    port, code = _open(room)
    ana, ben = Device(port), Device(port)
    assert ana.post("/api/join", {"code": code, "name": "Ana"})[0] == 200
    room.expect("Ana joined")
    assert ben.post("/api/join", {"code": code, "name": "Ben"})[0] == 200
    keep = {"kind": "swot", "target": "strength", "text": "Mentors for new staff", "evidence": "HR"}
    drop = {"kind": "swot", "target": "threat", "text": "Discard me please", "evidence": ""}
    assert ana.post("/api/cards", keep)[0] == 200
    assert ben.post("/api/cards", drop)[0] == 200
    room.expect("New card c2 from Ben")
    room.send("list")
    room.expect(r"^c1  \[strength\] Ana: Mentors for new staff \(evidence: HR\)$")
    room.expect(r"^c2  \[threat\] Ben: Discard me please$")
    before = plan.read_bytes()
    room.send("accept c1")
    room.expect("Accepted c1")
    room.send("discard c2")
    room.expect("Set aside c2")
    assert plan.read_bytes() == before  # accepted, not yet written
    room.send("write")
    room.expect(r"Wrote 1 accepted item\(s\) to Riverside\.sipdesk")
    room.send("quit")
    room.expect("The room is closed")
    assert room.proc.wait(timeout=30) == 0
    stored = _all_text(plan)
    assert '["Mentors for new staff", "HR", "Ana"]' in stored
    assert "Discard me" not in stored and b"Discard me" not in plan.read_bytes()


def test_leaving_without_write_leaves_the_file_as_it_was(room: RoomProcess, plan: Path) -> None:
    port, code = _open(room)
    before = plan.read_bytes()
    device = Device(port)
    device.post("/api/join", {"code": code, "name": "Ana"})
    device.post("/api/cards", {"kind": "swot", "target": "threat", "text": "Not written"})
    room.expect("New card c1")
    room.send("accept all")
    room.expect("Accepted c1")
    room.send("quit")
    room.expect("were not written")
    assert room.proc.wait(timeout=30) == 0
    assert plan.read_bytes() == before
    # And members can no longer reach the room.
    with pytest.raises(OSError):
        device.post("/api/cards", {"kind": "swot", "target": "threat", "text": "late"})


def test_a_round_and_the_commands_answer_in_sentences(room: RoomProcess) -> None:
    port, code = _open(room)
    device = Device(port)
    device.post("/api/join", {"code": code, "name": "Angela"})
    room.send("round open 1 3")
    room.expect(r"Voting is open on \d+ causes, 3 dots each")
    assert device.post("/api/vote", {"option": "1"})[0] == 200
    status, body = device.post("/api/vote", {"option": "1", "delta": 9})
    assert status == 400 and body["error"]
    room.send("round close")
    room.expect(r"^\s+1\s+1\s+Reading competes")
    for command, answer in (
        ("frobnicate", "not a command here"),
        ("accept c99", "no longer waiting"),
        ("round open 999 3", "no causes to vote on"),
        ("silent maybe", "silent on or silent off"),
        ("show swot", "Members see the SWOT board"),
    ):
        room.send(command)
        room.expect(answer)
    room.send("quit")
    assert room.proc.wait(timeout=30) == 0


def test_a_plan_open_elsewhere_is_refused(plan: Path) -> None:
    with PlanDocument.open(plan):
        done = subprocess.run(
            [sys.executable, "-m", "sipdesk", "room", str(plan)],
            capture_output=True,
            text=True,
            input="quit\n",
            timeout=120,
            env={**os.environ},
        )
    assert done.returncode == 2
    assert done.stderr.startswith("sipdesk: ") and len(done.stderr.strip().splitlines()) == 1
    assert "Address" not in done.stdout


def test_listening_on_every_network_at_once_is_refused(plan: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sipdesk", "room", str(plan), "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ},
    )
    assert done.returncode == 2 and "choose one network" in done.stderr
