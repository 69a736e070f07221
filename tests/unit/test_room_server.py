"""The room's web server on loopback (issue 16): the member API, its cookie, its security
headers, and hostile requests refused before they reach the room."""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from sipdesk.room.server import COOKIE, RoomServer
from sipdesk.room.state import Room, RoomLimits

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def room() -> Room:
    r = Room(join_code="ABC234")
    r.set_targets(causes=[("7", "People")])
    return r


@pytest.fixture
def server(room: Room) -> Iterator[RoomServer]:
    s = RoomServer(room)
    s.start()
    yield s
    s.stop()


class Member:
    """One device: keeps the session cookie like a browser."""

    def __init__(self, server: RoomServer) -> None:
        self.server = server
        self.cookie = ""

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, Any], http.client.HTTPResponse]:
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        sent = {"Content-Type": "application/json"} if body is not None else {}
        if self.cookie:
            sent["Cookie"] = self.cookie
        sent.update(headers or {})
        data = json.dumps(body).encode() if body is not None else None
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        raw = response.read()
        conn.close()
        set_cookie = response.getheader("Set-Cookie")
        if set_cookie:
            self.cookie = set_cookie.split(";", 1)[0]
        value = (
            json.loads(raw)
            if response.getheader("Content-Type", "").startswith("application/json")
            else {"raw": raw}
        )
        return response.status, value, response

    def join(self, name: str, code: str = "ABC234") -> tuple[int, dict[str, Any]]:
        status, body, _ = self.request("POST", "/api/join", {"code": code, "name": name})
        return status, body


def test_the_page_comes_with_its_own_files_and_strict_headers(server: RoomServer) -> None:
    member = Member(server)
    for path, kind in (
        ("/", "text/html"),
        ("/room.js", "text/javascript"),
        ("/room.css", "text/css"),
    ):
        status, _body, response = member.request("GET", path)
        assert status == 200 and response.getheader("Content-Type", "").startswith(kind)
        csp = response.getheader("Content-Security-Policy", "")
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert response.getheader("X-Content-Type-Options") == "nosniff"
    html = member.request("GET", "/")[1]["raw"].decode()
    script = member.request("GET", "/room.js")[1]["raw"].decode()
    assert "http://" not in html + script and "https://" not in html + script
    assert "innerHTML" not in script and "eval(" not in script
    assert "<script>" not in html  # no inline script: the CSP would block it anyway


def test_join_sets_an_httponly_strict_cookie_and_state_shows_only_mine(
    server: RoomServer, room: Room
) -> None:
    ana, ben = Member(server), Member(server)
    status, body, response = ana.request("POST", "/api/join", {"code": "abc234", "name": "Ana"})
    assert status == 200 and body == {"ok": True, "name": "Ana"}
    cookie = response.getheader("Set-Cookie", "")
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert ben.join("Ben")[0] == 200
    card = {"kind": "swot", "target": "strength", "text": "Teachers stay", "evidence": "94%"}
    assert ana.request("POST", "/api/cards", card)[0] == 200
    assert ben.request("POST", "/api/cards", {**card, "text": "Ben's"})[0] == 200
    _, state, _ = ana.request("GET", "/api/state")
    assert state["joined"] and state["name"] == "Ana"
    assert [c["text"] for c in state["cards"]] == ["Teachers stay"]
    assert state["cards"][0]["status"] == "waiting"
    assert state["targets"]["cause"] == [["7", "People"]]
    assert state["board"] is None and not state["round"]["open"]
    assert "Ben's" not in json.dumps(state)
    assert Member(server).request("GET", "/api/state")[1] == {"joined": False, "closed": False}


def test_script_in_every_field_is_stored_as_text(server: RoomServer, room: Room) -> None:
    member = Member(server)
    assert member.join(HOSTILE[:40])[0] == 200
    card = {"kind": "cause", "target": "7", "text": HOSTILE, "evidence": HOSTILE}
    assert member.request("POST", "/api/cards", card)[0] == 200
    [stored] = room.pending()
    assert (stored.text, stored.evidence, stored.member_name) == (HOSTILE, HOSTILE, HOSTILE[:40])
    _, state, response = member.request("GET", "/api/state")
    assert response.getheader("Content-Type") == "application/json"
    assert state["cards"][0]["text"] == HOSTILE


def test_wrong_and_replayed_codes_are_refused_then_rate_limited(
    server: RoomServer, room: Room
) -> None:
    mallory = Member(server)
    for _ in range(room.limits.wrong_code_tries):
        status, body = mallory.join("Mallory", code="AAAAAA")
        assert status == 400 and "does not match" in body["error"]
    status, body = mallory.join("Mallory")
    assert status == 429 and "wait" in body["error"]
    assert room.members() == [] and not mallory.cookie


def test_a_token_after_the_room_closed_is_refused(server: RoomServer, room: Room) -> None:
    member = Member(server)
    member.join("Ana")
    room.close()
    status, body, _ = member.request(
        "POST", "/api/cards", {"kind": "swot", "target": "threat", "text": "late"}
    )
    assert status == 410 and "closed" in body["error"]
    assert member.request("GET", "/api/state")[1] == {"joined": False, "closed": True}
    assert room.pending() == []


def test_made_up_and_missing_tokens_are_refused(server: RoomServer, room: Room) -> None:
    member = Member(server)
    card = {"kind": "swot", "target": "threat", "text": "x"}
    assert member.request("POST", "/api/cards", card)[0] == 401
    member.cookie = f"{COOKIE}=made-up"
    assert member.request("POST", "/api/cards", card)[0] == 401
    assert member.request("POST", "/api/cards", card, {"X-Room-Token": "guess"})[0] == 401
    assert room.pending() == []


def test_an_oversized_body_gets_413_without_being_read(server: RoomServer, room: Room) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            b"POST /api/join HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
            b"Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{" % server.port
        )
        # Only one byte of the fifty million was sent: the answer comes anyway.
        answer = sock.recv(4096).decode("latin-1")
    assert answer.startswith("HTTP/1.1 413")
    member = Member(server)
    big = {"code": "ABC234", "name": "Ana", "pad": "x" * (room.limits.max_body_bytes + 1)}
    assert member.request("POST", "/api/join", big)[0] == 413
    assert room.members() == []


def test_a_chunked_body_over_the_limit_is_refused(server: RoomServer, room: Room) -> None:
    chunk = b"x" * 4096
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            b"POST /api/join HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json"
            b"\r\nTransfer-Encoding: chunked\r\n\r\n" % server.port
        )
        # The server may answer and hang up as soon as the body passes the limit, while the
        # rest is still being sent: a reset connection is a refusal too.
        answer = ""
        try:
            for _ in range(4):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sock.sendall(b"0\r\n\r\n")
            answer = sock.recv(4096).decode("latin-1")
        except (ConnectionResetError, BrokenPipeError):
            pass
    if answer:
        assert answer.split("\r\n", 1)[0].split()[1] in ("400", "413")
    assert room.members() == []


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Host": "evil.example:80"}, 400),  # a DNS rebinding page
        ({"Origin": "http://evil.example"}, 403),  # another site's form or script
        ({"Content-Type": "text/plain"}, 415),  # a cross-site form cannot send JSON
    ],
)
def test_requests_from_elsewhere_are_refused(
    server: RoomServer, room: Room, headers: dict[str, str], status: int
) -> None:
    member = Member(server)
    got, body, _ = member.request("POST", "/api/join", {"code": "ABC234", "name": "Eve"}, headers)
    assert got == status and body["error"]
    assert room.members() == []


def test_bodies_that_are_not_an_object_are_refused(server: RoomServer, room: Room) -> None:
    member = Member(server)
    for body in ([], "text", 5, None):
        status, answer, _ = member.request(
            "POST", "/api/join", body if body is not None else {"code": None, "name": None}
        )
        assert status == 400 and answer["error"]
    assert room.members() == []


def test_votes_outside_a_round_and_over_the_cap_are_refused(server: RoomServer, room: Room) -> None:
    member = Member(server)
    member.join("Ana")
    status, body, _ = member.request("POST", "/api/vote", {"option": "1"})
    assert status == 400 and "not open" in body["error"]
    room.open_round([("1", "No time"), ("2", "Budget")], 2)
    _, state, _ = member.request("GET", "/api/state")
    assert state["round"] == {
        "open": True,
        "options": [["1", "No time"], ["2", "Budget"]],
        "dots": 2,
        "mine": {},
    }
    assert member.request("POST", "/api/vote", {"option": "1"})[1]["mine"] == {"1": 1}
    assert member.request("POST", "/api/vote", {"option": "2", "delta": 1})[0] == 200
    status, body, _ = member.request("POST", "/api/vote", {"option": "2"})
    assert status == 400 and "all 2 of your dots" in body["error"]
    for bad in (5, True, "1", 1.0):
        assert member.request("POST", "/api/vote", {"option": "2", "delta": bad})[0] == 400
    assert room.tallies() == {"1": 1, "2": 1}


def test_ten_thousand_cards_from_one_member_are_capped(server: RoomServer, room: Room) -> None:
    member = Member(server)
    member.join("Ana")
    token = member.cookie.split("=", 1)[1]
    # Over HTTP up to the cap and a little past it; the rest straight at the room, as fast.
    cap = room.limits.max_cards_per_member
    card = {"kind": "swot", "target": "threat"}
    statuses = [
        member.request("POST", "/api/cards", {**card, "text": f"{n}"})[0] for n in range(cap + 5)
    ]
    assert statuses == [200] * cap + [400] * 5
    refused = 0
    for n in range(10_000 - cap - 5):
        try:
            room.add_card(token, "swot", "threat", f"more {n}")
        except Exception:
            refused += 1
    assert refused == 10_000 - cap - 5
    assert len(room.pending()) == cap


def test_stop_stops_listening_promptly(room: Room) -> None:
    server = RoomServer(room)
    server.start()
    port = server.port
    member = Member(server)
    assert member.join("Ana")[0] == 200
    server.stop()
    assert not server.running
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    server.stop()  # twice is fine


def test_limits_follow_the_room(tmp_path: Any) -> None:
    room = Room(join_code="ABC234", limits=RoomLimits(max_body_bytes=300))
    with RoomServer(room) as server:
        member = Member(server)
        status, _ = member.join("A" * 30)
        assert status == 200
        big = {"kind": "swot", "target": "threat", "text": "x" * 400}
        assert member.request("POST", "/api/cards", big)[0] == 413
