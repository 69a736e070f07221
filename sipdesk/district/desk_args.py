"""The DESK of a ``sipdesk district`` command: a ``.sipdistrict`` file or a desk on a server.

DESK is a file's path, or a ``postgresql://USER@HOST/DATABASE`` address (issue 14); ``new``,
``add`` and ``list`` also take ``--db URL``, or ``--server`` for the address in
``SIPDESK_DESK_DB``, with DESK left out. Only argparse-level code here; the desk's code loads
when a command opens the desk.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

SERVER_SCHEMES = ("postgresql:", "postgres:", "postgresql+psycopg:")


class ServerAddress(str):
    """A desk given by its server's address rather than a file."""

    __slots__ = ()


def desk_argument(text: str) -> Path | ServerAddress:
    """argparse's ``type`` for DESK: a server's address stays as written (a Path would fold
    its ``//``), anything else is a file's path."""
    if text.strip().lower().startswith(SERVER_SCHEMES):
        return ServerAddress(text.strip())
    return Path(text)


def add_server_options(parser: Any) -> None:
    """``--db URL`` or ``--server`` (the URL in SIPDESK_DESK_DB) instead of DESK."""
    server = parser.add_mutually_exclusive_group()
    server.add_argument(
        "--db", metavar="URL", help="the desk on a PostgreSQL server: postgresql://USER@HOST/DB"
    )
    server.add_argument(
        "--server", action="store_true", help="the desk on the server named by SIPDESK_DESK_DB"
    )


def on_server(args: argparse.Namespace) -> bool:
    """True when the command names a desk on a server (by DESK, --db or --server)."""
    return (
        isinstance(args.desk, ServerAddress)
        or bool(getattr(args, "db", None))
        or bool(getattr(args, "server", False))
    )


def server_address(args: argparse.Namespace) -> str:
    """The server's address the command gives (DESK, --db, else SIPDESK_DESK_DB)."""
    from sipdesk.district.server import server_url

    if isinstance(args.desk, ServerAddress):
        return str(args.desk)
    return server_url(getattr(args, "db", None))


def open_desk(args: argparse.Namespace, *, readonly: bool = False) -> Any:
    """Open the desk the command names: a file (DeskDocument) or a server's (ServerDesk)."""
    from sipdesk.district.versions import DeskUsageError

    flags = bool(getattr(args, "db", None) or getattr(args, "server", False))
    if flags and args.desk is not None and args.district_command != "add":
        raise DeskUsageError(
            Path("desk"), "Please name either a desk (a file or an address) or --db, not both."
        )
    if on_server(args):
        from sipdesk.district.server import ServerDesk

        return ServerDesk.open(server_address(args), readonly=readonly)
    if args.desk is None:
        raise DeskUsageError(
            Path("desk"), "Please name the desk: a .sipdistrict file, or a server with --db URL."
        )
    from sipdesk.district.document import DeskDocument

    return DeskDocument.open(args.desk, readonly=readonly)
