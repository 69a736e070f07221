"""The desk window on a PostgreSQL server (issue 14, item 3): File ▸ Connect to a server…, and
``sipdesk postgresql://…`` opening the desk window on that address.

The desk opens on the window's worker like a desk file (:meth:`DeskWindow.open_desk` hands a
``postgresql://`` address here). A server desk needs no write-back (each change is a committed
transaction; its ``writeback()`` does nothing), so the window and its side windows work on it as
they are. Only the title and the sentences differ: they name the database and its server,
never a password.

A password is asked for only when the server wants one. It lives in the desk's connection only
(the driver's connect arguments): never in the address kept, never saved, shown or logged.

File ▸ *Connect to a recent server* lists the last few addresses a desk opened from, newest
first, kept in the settings without any password (:func:`remember_server` takes one out of an
address written with it); the Connect dialog starts with ``SIPDESK_DESK_DB``, else the newest.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from sipdesk.ui.document_session import log_unexpected

if TYPE_CHECKING:
    from sipdesk.district.schools import SchoolRow
    from sipdesk.district.server import ServerDesk
    from sipdesk.ui.district.desk_window import DeskWindow

SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
ADDRESS_FIELD = "Address:"
# The desk windows opened by File ▸ Connect beside another, while they are open.
_open: list[DeskWindow] = []
PASSWORD_FIELD = "Password:"
RECENT_KEY = "district/recent_servers"
RECENT_MAX = 6
NO_RECENT = "No servers yet"
RECENT_MENU = "recent-servers"
CONNECT_TEXT = (
    "The desk's database on your state's server, as postgresql://USER@SERVER/DATABASE. "
    "Whoever runs the server can tell you the address."
)
PASSWORD_TEXT = (
    "The server asks for the password of the user in “{address}”. It is used for this "
    "connection only and never saved."
)


def is_server_address(text: object) -> bool:
    """Whether ``text`` is a database server's address rather than a desk file."""
    return isinstance(text, str) and text.strip().lower().startswith(SCHEMES)


def address_without_password(address: str) -> str:
    """``address`` as it may be kept: any password written in it taken out."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    text = address.strip()
    try:
        parsed = make_url(text)
    except (ArgumentError, ValueError):
        return text if "@" not in text else ""  # unreadable and may hold a password: not kept
    if parsed.password is None:
        return text
    return parsed._replace(password=None).render_as_string(
        hide_password=False
    )  # set() ignores None


def recent_servers(settings: QSettings) -> list[str]:
    """The addresses desks were opened from, newest first (never with a password)."""
    value: object = settings.value(RECENT_KEY, [])
    if isinstance(value, str):
        items: list[object] = [value]
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        items = []
    out: list[str] = []
    for item in items:
        clean = address_without_password(str(item)) if is_server_address(item) else ""
        if clean and clean not in out:
            out.append(clean)
    return out[:RECENT_MAX]


def remember_server(settings: QSettings, address: str) -> None:
    clean = address_without_password(address)
    if clean:
        kept = [clean] + [a for a in recent_servers(settings) if a != clean]
        settings.setValue(RECENT_KEY, kept[:RECENT_MAX])


def add_connect_action(window: DeskWindow, menu: QMenu) -> QAction:
    """File ▸ Connect to a server… and Connect to a recent server, at the top of the desk
    window's File menu."""
    action = QAction("Co&nnect to a server…", window)
    action.triggered.connect(lambda: connect_to_server(window))
    recent = QMenu("Connect to a r&ecent server", window)
    recent.aboutToShow.connect(lambda: fill_recent_menu(window, recent))
    fill_recent_menu(window, recent)
    recent.setObjectName(RECENT_MENU)
    actions = menu.actions()
    if actions:
        menu.insertAction(actions[0], action)
        menu.insertMenu(actions[0], recent)
        menu.insertSeparator(actions[0])
    else:
        menu.addAction(action)
        menu.addMenu(recent)
    return action


def fill_recent_menu(window: DeskWindow, recent: QMenu) -> None:
    recent.clear()
    addresses = recent_servers(window.settings)
    for number, address in enumerate(addresses, start=1):
        entry = recent.addAction(f"&{number} {address}")
        entry.triggered.connect(lambda *_, a=address: connect_to_server(window, a))
    if not addresses:
        recent.addAction(NO_RECENT).setEnabled(False)


def connect_to_server(window: DeskWindow, address: str | None = None) -> DeskWindow | None:
    """Ask for the server's address (unless given: a recent one); open it in this window if it
    shows no desk yet, else in a desk window of its own beside it. The window opening, or None
    when cancelled."""
    if address is None:
        known = recent_servers(window.settings)
        answer = window.dialogs.ask_fields(
            "Connect to a server",
            CONNECT_TEXT,
            [ADDRESS_FIELD],
            accept="Connect",
            values=[os.environ.get("SIPDESK_DESK_DB", "") or (known[0] if known else "")],
        )
        address = answer[0].strip() if answer else ""
    if not address:
        return None
    target = window
    if window.desk is not None or window.desk_path is not None:
        from sipdesk.ui.district.intake_panel import DeskDialogs

        # A test's scripted dialogs answer for the new window too. A window of the same kind
        # (desk_window.py imports this module, so it is not imported back).
        dialogs = None if isinstance(window.dialogs, DeskDialogs) else window.dialogs
        target = type(window)(window.settings, window.theme, dialogs)
        _open.append(target)  # a window with no parent lives as long as someone keeps it
        for signal in (target.desk_closed, target.open_failed):
            signal.connect(lambda *_: _open.remove(target) if target in _open else None)
        target.resize(window.size())
        target.show()
    open_server(target, address)
    return target


def open_server(window: DeskWindow, address: str, password: str | None = None) -> None:
    """Open the desk at the server ``address`` on ``window``'s worker and show its schools."""
    from sipdesk.district.server import ServerDeskError, _parse, where

    try:
        shown = where(_parse(address))
    except ServerDeskError as exc:
        _failed(window, exc, address, password)
        return
    window.setWindowTitle(f"{shown} — SIP Desk")
    window.facts.setText(f"Connecting to {shown}…")

    def work() -> tuple[ServerDesk, str, list[SchoolRow]]:
        from sipdesk.district.schools import district_name, school_rows
        from sipdesk.district.server import ServerDesk

        desk = ServerDesk.open(address, password=password)
        try:
            with desk.session() as session:
                return desk, district_name(session), school_rows(session)
        except BaseException:
            desk.close()
            raise

    def ready(result: tuple[ServerDesk, str, list[SchoolRow]]) -> None:
        desk, district, _rows = result
        desk.replies_folder = window.prefs.last_folder  # replies go in its Outbox
        remember_server(window.settings, address)  # never with a password
        window._on_desk_ready(result)  # type: ignore[arg-type]
        # The title names the database and its server (never a password), not a file.
        name = district or desk.path.name
        window.setWindowTitle(f"{name} — district desk on {desk.path.name} — SIP Desk")

    window._busy(f"Connecting to {shown}…")
    window.runner.submit(
        work, on_done=ready, on_error=lambda exc: _failed(window, exc, address, password)
    )


def _failed(window: DeskWindow, exc: BaseException, address: str, password: str | None) -> None:
    from sipdesk.district.server import ServerLoginError
    from sipdesk.storage import PlanFileError

    window._busy(None)
    if isinstance(exc, ServerLoginError) and password is None:
        answer = window.dialogs.ask_fields(
            "The server asks for a password",
            PASSWORD_TEXT.format(address=_without_password(address)),
            [PASSWORD_FIELD],
            accept="Connect",
        )
        if answer and answer[0]:
            open_server(window, address, answer[0])
            return
    if isinstance(exc, PlanFileError):
        window.dialogs.inform(
            "The desk on the server cannot be opened",
            _scrub(str(exc), password),
            detail="Nothing on the server was changed.",
        )
    else:
        log = log_unexpected(exc)
        saved = f" The details were saved to {log}." if log else ""
        window.dialogs.inform(
            "Something went wrong",
            "SIP Desk could not connect to the desk's server because of an unexpected problem "
            f"({type(exc).__name__}).{saved}",
        )
    window.open_failed.emit(exc)
    if window.desk is None:
        window.close()


def _without_password(address: str) -> str:
    from sipdesk.district.server import ServerDeskError, _parse, where

    try:
        return where(_parse(address))
    except ServerDeskError:
        return "the address given"


def _scrub(text: str, password: str | None) -> str:
    """A sentence never carries a password, even one a driver might have echoed."""
    return text.replace(password, "•••") if password else text


__all__ = [
    "add_connect_action",
    "address_without_password",
    "connect_to_server",
    "is_server_address",
    "open_server",
    "recent_servers",
    "remember_server",
]
