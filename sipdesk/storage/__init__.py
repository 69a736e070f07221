"""Opening, validating, locking, migrating, saving and backing up ``.sipdesk`` plan files."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sipdesk.storage.errors import (
    DamagedPlanError,
    ExternalChangeError,
    InvalidPlanDataError,
    NotAPlanError,
    NotFoundError,
    PlanFileError,
    PlanLockedError,
    PrivateFolderError,
    ReadOnlyError,
    RecoveryAvailableError,
    SaveError,
    UnsafePlanError,
)

if TYPE_CHECKING:
    from sipdesk.storage.document import PlanDocument, list_backups
    from sipdesk.storage.working_copy import clean_up_at_start

# Loaded when first asked for: the document (and with it SQLAlchemy) only when a plan is
# opened, so the start-up tidy, which needs none of it, does not load the database code into a
# window that shows only the start screen.
_WHERE = {
    "PlanDocument": "sipdesk.storage.document",
    "list_backups": "sipdesk.storage.document",
    "clean_up_at_start": "sipdesk.storage.working_copy",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


__all__ = [
    "DamagedPlanError",
    "ExternalChangeError",
    "InvalidPlanDataError",
    "NotAPlanError",
    "NotFoundError",
    "PlanDocument",
    "PlanFileError",
    "PlanLockedError",
    "PrivateFolderError",
    "ReadOnlyError",
    "RecoveryAvailableError",
    "SaveError",
    "UnsafePlanError",
    "clean_up_at_start",
    "list_backups",
]
