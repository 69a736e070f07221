"""The declarative base and shared column shapes for every plan table."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Integer, MetaData, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Explicit constraint names keep the schema identical whether a file was created fresh or
# reached by migrations, which the untrusted-file check relies on.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def table_of(model: type[DeclarativeBase]) -> Table:
    """The Core table of a mapped class (a plan's or a desk's), typed for SQLAlchemy Core
    statements."""
    return cast(Table, model.__table__)


class Ordered:
    """Rows that users arrange by hand keep their order in ``position``."""

    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)


_MODEL_OF: dict[str, type[Base]] = {}


def model_of(table: str) -> type[Base]:
    """The mapped class whose table is called ``table`` (KeyError for any other name)."""
    if not _MODEL_OF:
        import sipdesk.models as models

        models.Base  # noqa: B018  (every entity, mapped)
        _MODEL_OF.update({m.local_table.name: m.class_ for m in Base.registry.mappers})  # type: ignore[attr-defined]
    return _MODEL_OF[table]
