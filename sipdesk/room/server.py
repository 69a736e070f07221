"""The room's small web server: the member page and its JSON API, on one local address.

waitress serves (threaded WSGI; it bounds every request's headers and body before the app
sees it), werkzeug reads requests and routes them. The app holds no plan and no session with
the plan: it calls :class:`~sipdesk.room.state.Room` only, so a member's device can receive
nothing but the page, their own cards, the round's choices and what the coach shows.

Requests::

    GET  /                  the member page (sipdesk/room/page/)
    GET  /api/state         joined or not, my cards, the places to add to, the round, the board
    POST /api/join          {"code", "name"}            sets the session cookie
    POST /api/cards         {"kind", "target", "text", "evidence"}
    POST /api/vote          {"option", "delta": 1 | -1}

The session token travels in an HttpOnly, SameSite=Strict cookie, so the page's script never
holds it (a script may send it back in the ``X-Room-Token`` header instead). A POST must be
JSON and come from the page's own origin; the Host header must name the address the room
listens on (so another web site cannot reach it by a DNS trick). Refusals are JSON
``{"error": sentence}`` with a status code.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import threading
from collections.abc import Callable, Iterable
from importlib import resources
from typing import Any

from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from sipdesk.room.state import Card, NotJoined, Room, RoomClosed, RoomRefusal, TooManyTries

COOKIE = "sipdesk_room"
TOKEN_HEADER = "X-Room-Token"
STATIC = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/room.css": ("room.css", "text/css; charset=utf-8"),
    "/room.js": ("room.js", "text/javascript; charset=utf-8"),
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cache-Control": "no-store",
}

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _page_file(name: str) -> bytes:
    return resources.files("sipdesk.room").joinpath("page", name).read_bytes()


def card_json(card: Card, status: str) -> dict[str, str]:
    return {
        "kind": card.kind,
        "target": card.target,
        "text": card.text,
        "evidence": card.evidence,
        "status": status,
    }


class RoomApp:
    """The WSGI application for one room on one address."""

    def __init__(self, room: Room, allowed_hosts: set[str]) -> None:
        self.room = room
        self.allowed_hosts = allowed_hosts
        self.pages = {path: (_page_file(name), kind) for path, (name, kind) in STATIC.items()}
        self.routes = Map(
            [
                Rule("/api/state", endpoint="state", methods=["GET"]),
                Rule("/api/join", endpoint="join", methods=["POST"]),
                Rule("/api/cards", endpoint="cards", methods=["POST"]),
                Rule("/api/vote", endpoint="vote", methods=["POST"]),
            ]
            + [Rule(path, endpoint="static", methods=["GET"]) for path in STATIC]
        )

    # ----------------------------------------------------------------- WSGI
    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request = Request(environ)
        request.max_content_length = self.room.limits.max_body_bytes
        try:
            response = self.dispatch(request)
        except HTTPException as exc:
            response = _error(exc.description or "That cannot be done.", exc.code or 400)
        except RoomRefusal as exc:
            response = _error(str(exc), _status_for(exc))
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        if request.host.lower() not in self.allowed_hosts:
            return _error("Please open the address shown on the wall.", 400)
        adapter = self.routes.bind_to_environ(request.environ)
        try:
            endpoint, _ = adapter.match()
        except NotFound:
            return _error("There is nothing here.", 404)
        if endpoint == "static":
            body, kind = self.pages[request.path]
            return Response(body, content_type=kind)
        if request.method == "POST":
            refusal = self._check_post(request)
            if refusal is not None:
                return refusal
        handler: Callable[[Request], Response] = getattr(self, f"api_{endpoint}")
        return handler(request)

    def _check_post(self, request: Request) -> Response | None:
        length = request.content_length
        if length is None or length > self.room.limits.max_body_bytes:
            # Refused before a byte of the body is read.
            return _error("That is too much to send at once.", 413)
        origin = request.headers.get("Origin")
        if origin is not None and origin.split("://", 1)[-1].lower() not in self.allowed_hosts:
            return _error("Please use the page at the address shown on the wall.", 403)
        if request.mimetype != "application/json":
            return _error("Please use the page at the address shown on the wall.", 415)
        return None

    # ----------------------------------------------------------------- API
    def _token(self, request: Request) -> str:
        return request.headers.get(TOKEN_HEADER) or request.cookies.get(COOKIE) or ""

    def _body(self, request: Request) -> dict[str, Any]:
        data = request.get_data(cache=False)  # at most max_body_bytes: checked above
        try:
            value = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise RoomRefusal("The page sent something SIP Desk could not read.") from None
        if not isinstance(value, dict):
            raise RoomRefusal("The page sent something SIP Desk could not read.")
        return value

    def api_join(self, request: Request) -> Response:
        body = self._body(request)
        client = request.remote_addr or "unknown"
        token, member = self.room.join(body.get("code", ""), body.get("name", ""), client)
        response = _json({"ok": True, "name": member.name})
        response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/")
        return response

    def api_cards(self, request: Request) -> Response:
        body = self._body(request)
        card = self.room.add_card(
            self._token(request),
            str(body.get("kind", "")),
            body.get("target", ""),
            body.get("text", ""),
            body.get("evidence", ""),
        )
        return _json({"ok": True, "card": card_json(card, "waiting")})

    def api_vote(self, request: Request) -> Response:
        body = self._body(request)
        token = self._token(request)
        delta = body.get("delta", 1)
        if not isinstance(delta, int) or isinstance(delta, bool):
            raise RoomRefusal("Place or take back one dot at a time.")
        self.room.vote(token, str(body.get("option", "")), delta)
        return _json({"ok": True, "mine": self.room.my_votes(token)})

    def api_state(self, request: Request) -> Response:
        token = self._token(request)
        room = self.room
        if room.closed:
            return _json({"joined": False, "closed": True})
        try:
            member = room.member_for(token)
        except RoomRefusal:
            return _json({"joined": False, "closed": False})
        cards = [card_json(c, status) for c, status in room.my_cards(token)]
        options = room.round_options()
        return _json(
            {
                "joined": True,
                "closed": False,
                "name": member.name,
                "cards": cards,
                "targets": {k: [list(t) for t in v] for k, v in room.targets().items()},
                "round": {
                    "open": bool(options),
                    "options": [list(o) for o in options],
                    "dots": room.dots_per_member() if options else 0,
                    "mine": room.my_votes(token) if options else {},
                },
                "board": room.board(token),
                "limits": {
                    "text": room.limits.max_text,
                    "cards": room.limits.max_cards_per_member,
                },
            }
        )


def _json(value: Any, status: int = 200) -> Response:
    return Response(json.dumps(value), status=status, content_type="application/json")


def _error(sentence: str, status: int) -> Response:
    return _json({"error": sentence}, status)


def _status_for(exc: RoomRefusal) -> int:
    if isinstance(exc, TooManyTries):
        return 429
    if isinstance(exc, NotJoined):
        return 401
    return 410 if isinstance(exc, RoomClosed) else 400


def _hosts_for(host: str, port: int) -> set[str]:
    hosts = {f"{host}:{port}".lower()}
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return hosts
    if address.is_loopback:
        hosts.add(f"localhost:{port}")
    if address.version == 6:
        hosts.add(f"[{host}]:{port}".lower())
    return hosts


class RoomServer:
    """Serve ``room`` on ``host``:``port`` (0 picks a free port) from a background thread.

    ``start`` returns once the address is listening; ``stop`` stops listening within a
    fraction of a second and ends the open connections. Closing the room does not stop the
    server (members then see "This room has closed"); stop it too.
    """

    def __init__(self, room: Room, host: str = "127.0.0.1", port: int = 0, threads: int = 4):
        self.room = room
        self.host = host
        self._port = port
        self._threads = threads
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def start(self) -> None:
        """Start listening (OSError, e.g. the port is taken, is raised here)."""
        from waitress.server import create_server

        if self._server is not None:
            return
        # waitress warns on stderr whenever requests queue for a moment; the room's figures
        # are measured instead (benchmarks/bench_room_load.py).
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        limits = self.room.limits
        app = RoomApp(self.room, set())
        server = create_server(
            app,
            host=self.host,
            port=self._port,
            threads=self._threads,
            max_request_body_size=limits.max_body_bytes,
            max_request_header_size=16 * 1024,
            connection_limit=max(100, limits.max_members * 4),
            channel_timeout=30,
            ident="SIP Desk",
            clear_untrusted_proxy_headers=True,
        )
        self._server = server
        self._port = int(server.getsockname()[1])
        app.allowed_hosts = _hosts_for(self.host, self.port)
        self._stopping.clear()
        self._thread = threading.Thread(target=self._serve, name="sipdesk-room", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        server = self._server
        from waitress import wasyncore

        try:
            while not self._stopping.is_set():
                wasyncore.loop(timeout=0.2, map=server._map, count=1)
        finally:
            server.task_dispatcher.shutdown(cancel_pending=True, timeout=2)
            wasyncore.close_all(server._map)

    def stop(self) -> None:
        """Stop listening and end every connection; safe to call twice."""
        if self._server is None or self._thread is None:
            return
        self._stopping.set()
        self._server.pull_trigger()
        self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> RoomServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
