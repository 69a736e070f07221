"""Opening, validating, locking, migrating, saving and backing up ``.sipdesk`` plan files."""

from __future__ import annotations

from sipdesk.storage.document import PlanDocument, clean_up_at_start, list_backups
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
