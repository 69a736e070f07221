"""A district desk on a PostgreSQL server (issue 14, item 3): a state's desk, several reviewers.

:class:`ServerDesk` gives the services exactly what they use of a
:class:`~sipdesk.district.document.DeskDocument` (see :class:`OpenDesk`): ``session()``,
``transaction()``, ``close()``, ``path`` (a name for sentences), ``notice`` and ``readonly``.
The tables are the desk file's own (``district/models.py``), made with ``create_all``; the
``desk`` row carries the desk schema version, and a server desk of another version is refused
with a sentence when it is from a newer SIP Desk; one from an older SIP Desk is brought up to date
as it opens (:func:`_bring_up_to_date`: the tables added since, in one transaction, as a desk
file's upgrade adds them), by a user allowed to make tables there.

There is no whole-desk lock on a server: each change is one transaction of its own (READ
COMMITTED, row locks), so several people can add plans and review at once. Only intake's
choice of a plan's school and version number is taken one at a time
(:func:`one_intake_at_a_time`), for the length of that one transaction.

The address is a ``postgresql://`` URL, from ``--db`` or ``SIPDESK_DESK_DB``. A password never
belongs in it (the driver reads ``PGPASSWORD`` or the ``~/.pgpass`` file), and it is never shown:
sentences name the database and the server only. A refused or lost connection is one sentence
(:class:`ServerDeskError`), never a traceback.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, create_engine, event, insert, inspect, select, text, update
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DataError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
)
from sqlalchemy.orm import Session, sessionmaker

from sipdesk.district.models import Desk, DeskBase
from sipdesk.district.schema import DESK_SCHEMA_VERSION
from sipdesk.storage.errors import PlanFileError, ReadOnlyError

ENV_VAR = "SIPDESK_DESK_DB"
SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
# Any number, the same in every SIP Desk: the key of intake's transaction-long lock.
_INTAKE_LOCK = 0x53445354
_UPGRADE_LOCK = 0x53445355  # and of bringing the desk up to date, one SIP Desk at a time


class OpenDesk(Protocol):
    """What the desk's services use of an open desk, on a file or on a server."""

    @property
    def path(self) -> Path: ...

    @property
    def readonly(self) -> bool: ...

    @property
    def notice(self) -> str | None: ...

    def session(self) -> Session: ...

    def transaction(self) -> contextlib.AbstractContextManager[Session]: ...

    def close(self) -> None: ...


class ServerDeskError(PlanFileError):
    """The desk's database server could not be used: refused, unreachable, lost, not a desk."""


class ServerLoginError(ServerDeskError):
    """The server did not accept the user name or password (or wants a password not given)."""


def server_url(given: str | None) -> str:
    """The URL given with ``--db``, else ``SIPDESK_DESK_DB``; a sentence when there is none."""
    chosen = given if given else os.environ.get(ENV_VAR, "")
    if not chosen.strip():
        raise ServerDeskError(
            Path("server"),
            f"Please give the desk's database with --db postgresql://… or set {ENV_VAR}.",
        )
    return chosen.strip()


def _parse(url: str) -> URL:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # a port that is no number, a bracket left open
        parsed = None
    if parsed is None or parsed.drivername not in SCHEMES:
        raise ServerDeskError(
            Path("server"),
            "The desk's database must be given as postgresql://USER@HOST/DATABASE.",
        )
    if not parsed.database:
        raise ServerDeskError(
            Path("server"), "Please name the database in the address: postgresql://HOST/DATABASE."
        )
    return parsed.set(drivername="postgresql+psycopg")


def where(url: URL) -> str:
    """The database and its server, for sentences: never the user's password."""
    host = url.host or str(url.query.get("host", "") or "")
    if not host or host.startswith("/"):
        server = "this computer"
    else:
        server = host if url.port is None else f"{host}:{url.port}"
    return f"{url.database} on {server}"


def _connection_sentence(shown: str, exc: BaseException) -> str:
    detail = str(getattr(exc, "orig", None) or exc).lower()
    if "password" in detail or "authentication" in detail:
        return (
            f"The server did not accept the user name or password for the desk “{shown}”. "
            "Please check them (the password goes in PGPASSWORD or ~/.pgpass, never in the "
            "address)."
        )
    if "does not exist" in detail and "database" in detail:
        return f"There is no database for the desk “{shown}” on that server."
    if "permission denied" in detail:
        return f"The server does not let this user do that on the desk “{shown}”."
    return (
        f"The desk “{shown}” could not be reached: its database server refused or lost the "
        "connection. Everything received before is kept there; please try again, or ask "
        "whoever runs the server."
    )


def _engine(url: URL, shown: str, readonly: bool, password: str | None = None) -> Engine:
    try:
        import psycopg  # noqa: F401  (only to say plainly when the driver is missing)
    except ImportError:
        raise ServerDeskError(
            Path(shown),
            "A desk on a database server needs SIP Desk's server part (the psycopg driver); "
            "please install SIP Desk with its “server” extra.",
        ) from None
    options: dict[str, Any] = {"postgresql_readonly": True} if readonly else {}
    connect: dict[str, Any] = {"connect_timeout": 15, "application_name": "SIP Desk"}
    if password:  # typed in the desk window: held by the engine only, never in the URL kept
        connect["password"] = password
    engine = create_engine(
        url,
        pool_pre_ping=True,
        pool_size=2,
        connect_args=connect,
        execution_options=options,
    )

    @event.listens_for(engine, "handle_error")
    def _sentence(context: ExceptionContext) -> None:
        if context.is_pre_ping:
            return  # a stale pooled connection: the pool connects afresh by itself
        original = context.original_exception
        lost = context.is_disconnect or isinstance(
            context.sqlalchemy_exception, (OperationalError, InterfaceError)
        )
        if lost:
            sentence = _connection_sentence(shown, original)
            refused = sentence.startswith("The server did not accept")
            raise (ServerLoginError if refused else ServerDeskError)(Path(shown), sentence)

    return engine


class ServerDesk:
    """An open desk on a PostgreSQL server. Use :meth:`open` or :meth:`create`; then
    :meth:`close` (or ``with``)."""

    # Each change is committed on the server as it is made: closing writes nothing back.
    on_server = True

    def __init__(self, engine: Engine, shown: str, *, readonly: bool) -> None:
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.path = Path(shown)
        self.readonly = readonly
        self.notice: str | None = None
        self.schema_version = DESK_SCHEMA_VERSION
        # Where the replies to schools go (in its Outbox): a server has no folder beside a file;
        # the desk window sets it, else the folder SIP Desk was started in.
        self.replies_folder: Path | None = None

    @classmethod
    def open(cls, url: str, *, readonly: bool = False, password: str | None = None) -> ServerDesk:
        """Connect to the desk in the database at ``url`` and check it is a desk of this version.
        ``password``, when given (the desk window asks for one), is for this connection only."""
        parsed = _parse(url)
        if parsed.password is not None:  # given with the address: kept out of the engine's URL
            password = password or str(parsed.password)
            parsed = parsed._replace(password=None)  # URL.set ignores None
        shown = where(parsed)
        engine = _engine(parsed, shown, readonly, password)
        try:
            with engine.connect() as conn:
                if not inspect(conn).has_table(Desk.__tablename__):
                    raise ServerDeskError(
                        Path(shown),
                        f"The database {shown} holds no district desk; make one there with "
                        "“sipdesk district new --db …”.",
                    )
                version = conn.scalar(select(Desk.schema_version).where(Desk.id == 1))
            notice = None
            if version is not None and 0 < version < DESK_SCHEMA_VERSION:
                _bring_up_to_date(parsed, shown, password)
                version = DESK_SCHEMA_VERSION
                notice = (
                    f"The desk in {shown} was set up by an earlier SIP Desk and has been "
                    "brought up to date."
                )
            _check_version(shown, version)
        except BaseException:
            engine.dispose()
            raise
        desk = cls(engine, shown, readonly=readonly)
        desk.notice = notice
        return desk

    @classmethod
    def create(cls, url: str, *, district_name: str = "") -> ServerDesk:
        """Make the desk's tables in the (empty) database at ``url``, then open it."""
        from sipdesk.district.document import utc_now

        parsed = _parse(url)
        shown = where(parsed)
        engine = _engine(parsed, shown, readonly=False)
        try:
            with engine.begin() as conn:
                if inspect(conn).has_table(Desk.__tablename__):
                    raise ServerDeskError(
                        Path(shown), f"The database {shown} already holds a district desk."
                    )
                DeskBase.metadata.create_all(conn)
                conn.execute(
                    insert(Desk).values(
                        id=1,
                        district_name=" ".join(district_name.split()),
                        schema_version=DESK_SCHEMA_VERSION,
                        created_at=utc_now(),
                    )
                )
        finally:
            engine.dispose()
        return cls.open(url)

    def session(self) -> Session:
        """A session for reading. Writes go through :meth:`transaction`."""
        return self._sessions()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One change: committed on success, rolled back on any error."""
        if self.readonly:
            raise ReadOnlyError(self.path, f"The desk “{self.path}” is open read-only.")
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except IntegrityError:
                with contextlib.suppress(Exception):
                    session.rollback()
                # Two people did the same thing at the same moment (scored one plan's first
                # review, say): the other's stands, and this one can simply be done again.
                raise ServerDeskError(
                    self.path,
                    "Someone else changed the same thing on the desk at the same moment, so "
                    "this change was not kept; please look again and repeat it.",
                ) from None
            except DataError:
                with contextlib.suppress(Exception):
                    session.rollback()
                raise ServerDeskError(
                    self.path,
                    "The desk's server could not keep a value of this change (a number too "
                    "large, or a character it cannot store), so the change was not kept.",
                ) from None
            except BaseException:
                with contextlib.suppress(Exception):  # the connection may be gone already
                    session.rollback()
                raise

    def close(self) -> None:
        self._engine.dispose()

    def writeback(self) -> None:
        """Nothing to write back: each change was committed on the server as it was made."""

    def discard(self) -> None:
        self.close()

    def backups(self) -> list[Path]:
        return []  # the server's own backups (pg_dump), see docs/district-desk.md

    def __enter__(self) -> ServerDesk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_version(shown: str, version: int | None) -> None:
    if version == DESK_SCHEMA_VERSION:
        return
    if version is None:
        raise ServerDeskError(
            Path(shown), f"The desk in {shown} is incomplete: it has no row saying whose it is."
        )
    if version > DESK_SCHEMA_VERSION:
        raise ServerDeskError(
            Path(shown),
            f"The desk in {shown} was set up by a newer SIP Desk. Please update SIP Desk to use "
            "it.",
        )
    raise ServerDeskError(
        Path(shown),
        f"The desk in {shown} does not say which version of SIP Desk set it up, so it was not "
        "opened.",
    )


def _bring_up_to_date(url: URL, shown: str, password: str | None) -> None:
    """Add the tables desk schema versions since the desk's own have added, and say so in the
    ``desk`` row, in one transaction (PostgreSQL's table changes are transactional: all or
    nothing), one SIP Desk at a time. A read-only look needs it as much as a change, so this
    connection is a writing one either way; a user the server does not let make tables gets a
    sentence."""
    from sipdesk.district.schema import tables_added_since

    engine = _engine(url, shown, readonly=False, password=password)
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _UPGRADE_LOCK})
            version = conn.scalar(select(Desk.schema_version).where(Desk.id == 1))
            if version is None or version >= DESK_SCHEMA_VERSION:
                return  # someone else brought it up to date meanwhile
            added = tables_added_since(version)
            if any(inspect(conn).has_table(name) for name in added):
                raise ServerDeskError(
                    Path(shown),
                    f"The desk in {shown} holds tables its version never had, so it was not "
                    "brought up to date; please ask whoever runs the server to look at it.",
                )
            for name in added:
                DeskBase.metadata.tables[name].create(conn)
            conn.execute(
                update(Desk).where(Desk.id == 1).values(schema_version=DESK_SCHEMA_VERSION)
            )
    except ProgrammingError:
        raise ServerDeskError(
            Path(shown),
            f"The desk in {shown} was set up by an earlier SIP Desk and needs bringing up to "
            "date, which this user may not do on the server; please ask whoever runs it to "
            "open the desk once as the desk's owner.",
        ) from None
    finally:
        engine.dispose()


def one_intake_at_a_time(session: Session) -> None:
    """On a server, take intake's lock until this transaction ends, so two people adding plans
    at once never both start the same new school or both take the same version number. A desk
    file has one writer already, so there it does nothing."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _INTAKE_LOCK})
