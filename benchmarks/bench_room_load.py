"""The meeting room under load: 30 members adding cards at once, on loopback.

Target (issue 16, tests): no card is lost, and the window's thread never waits more than
50 ms to read the room.

What runs: the room's real server (waitress, 4 threads) on 127.0.0.1 in this process, with a
"wall" thread that reads the room as the window does (the waiting cards and the change
counter, every 50 ms) and times each read. The 30 members run in a second process (so their
Python does not share this one's), one thread and one kept-alive connection each: each joins
with the code, then adds cards as fast as answers come back, and every 2 s asks for its page
state as the member page does. It stops after ``--seconds`` (default 10; ``--seconds 60`` for
the full run). Each member may add the room's own limit of cards (50), after which the
server refuses it and it keeps asking for its page; ``--cards 5000`` raises that limit to
stress the room with tens of thousands of waiting cards, far past what a real room holds.

Printed: cards accepted per second, request latency p50/p99/max, the longest time any call
held the room's lock, the longest wait of the wall's reads, and whether every card the
members were told was added is waiting on the wall (and nothing else). Figures only.

    .venv/bin/python benchmarks/bench_room_load.py [--seconds 60] [--members 30]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sipdesk.room.server import RoomServer  # noqa: E402
from sipdesk.room.state import Room, RoomLimits  # noqa: E402

UI_TARGET_MS = 50.0
WALL_EVERY_S = 0.05
STATE_EVERY_S = 2.0


def _member(port: int, code: str, n: int, seconds: float, cards: int, out: list[Any]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    conn.request("POST", "/api/join", json.dumps({"code": code, "name": f"Member {n}"}), headers)
    response = conn.getresponse()
    response.read()
    cookie = (response.getheader("Set-Cookie") or "").split(";", 1)[0]
    headers["Cookie"] = cookie
    latencies: list[float] = []
    added: list[str] = []
    refused = 0
    end = time.perf_counter() + seconds
    next_state = time.perf_counter() + STATE_EVERY_S
    while time.perf_counter() < end:  # past the card limit the server refuses; they go on
        words = f"member {n} idea {len(added) + refused}"
        body = json.dumps({"kind": "swot", "target": "opportunity", "text": words})
        start = time.perf_counter()
        conn.request("POST", "/api/cards", body, headers)
        response = conn.getresponse()
        response.read()
        latencies.append(time.perf_counter() - start)
        if response.status == 200:
            added.append(words)
        else:
            refused += 1
        if time.perf_counter() >= next_state:
            next_state += STATE_EVERY_S
            start = time.perf_counter()
            conn.request("GET", "/api/state", headers={"Cookie": cookie})
            conn.getresponse().read()
            latencies.append(time.perf_counter() - start)
    conn.close()
    out.append((added, latencies, refused))


def _members(port: int, code: str, count: int, seconds: float, cards: int, results: Any) -> None:
    """In the second process: every member at once, one thread each."""
    out: list[Any] = []
    threads = [
        threading.Thread(target=_member, args=(port, code, n, seconds, cards, out))
        for n in range(1, count + 1)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results.put(out)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument(
        "--cards",
        type=int,
        default=RoomLimits().max_cards_per_member,
        help="most cards one member may add (the room's own limit unless raised to stress it)",
    )
    args = parser.parse_args()

    room = Room(limits=RoomLimits(max_cards_per_member=args.cards))
    server = RoomServer(room, host="127.0.0.1", port=0)
    server.start()
    waits: list[float] = []
    stop = threading.Event()

    def wall() -> None:
        while not stop.is_set():
            start = time.perf_counter()
            room.pending()
            _ = room.version, room.silent, room.round_open
            waits.append(time.perf_counter() - start)
            stop.wait(WALL_EVERY_S)

    reader = threading.Thread(target=wall, daemon=True)
    reader.start()
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    members = context.Process(
        target=_members,
        args=(server.port, room.join_code, args.members, args.seconds, args.cards, results),
    )
    began = time.perf_counter()
    members.start()
    out = results.get(timeout=args.seconds + 120)
    members.join()
    took = time.perf_counter() - began
    stop.set()
    reader.join()
    server.stop()

    told = [words for added, _, _ in out for words in added]
    latencies = [lat for _, lats, _ in out for lat in lats]
    refused = sum(r for _, _, r in out)
    waiting = [c.text for c in room.pending()]
    lost = set(told) - set(waiting)
    extra = set(waiting) - set(told)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(f"Meeting room load: {len(out)} members, {args.seconds:g} s on 127.0.0.1")
    print(f"  machine            {os.cpu_count()} cores, load average {load}")
    print(f"  cards added        {len(told):>10,}  ({len(told) / took:,.0f} cards/s)")
    print(f"  refused            {refused:>10,}")
    print(f"  requests           {len(latencies):>10,}")
    print(f"  latency p50        {_percentile(latencies, 0.50) * 1000:>10.1f} ms")
    print(f"  latency p99        {_percentile(latencies, 0.99) * 1000:>10.1f} ms")
    print(f"  latency max        {max(latencies) * 1000:>10.1f} ms")
    print(
        f"  longest lock hold  {room.longest_lock_hold() * 1000:>10.2f} ms  "
        f"(in {room.longest_lock_holder()})"
    )
    print(
        f"  wall reads         {len(waits):>10,}  longest wait {max(waits) * 1000:.2f} ms, "
        f"median {statistics.median(waits) * 1000:.2f} ms (target under {UI_TARGET_MS:g} ms)"
    )
    print(
        f"  lost cards         {len(lost):>10,}  (cards on the wall no member added: {len(extra)})"
    )
    print(f"  every card arrived: {'yes' if not lost and not extra else 'NO'}")


if __name__ == "__main__":
    main()
