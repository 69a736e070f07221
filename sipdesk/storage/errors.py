"""Problems with plan files, each carrying one plain sentence for the person at the keyboard."""

from __future__ import annotations

from pathlib import Path


class PlanFileError(Exception):
    """Base class: ``str(error)`` is the sentence to show; no traceback is ever needed."""

    def __init__(self, path: Path | str, sentence: str) -> None:
        self.path = Path(path)
        super().__init__(sentence)

    @property
    def message(self) -> str:
        return str(self)


class NotFoundError(PlanFileError):
    def __init__(self, path: Path | str) -> None:
        super().__init__(path, f"“{Path(path).name}” could not be found. Was it moved or renamed?")


class NotAPlanError(PlanFileError):
    """The file is empty, not SQLite, or another program's SQLite database."""


class DamagedPlanError(PlanFileError):
    """The file is a SIP Desk plan but its contents are broken or truncated."""


class UnsafePlanError(PlanFileError):
    """The file holds things a plan never holds (extra tables, triggers, oversized fields)."""


class PlanLockedError(PlanFileError):
    """Someone has the plan open for editing. ``can_take_over`` when that cannot be checked
    from here (another user or machine): the person may take it over after being asked."""

    def __init__(
        self,
        path: Path | str,
        holder: str,
        *,
        sentence: str | None = None,
        can_take_over: bool = False,
    ) -> None:
        self.holder = holder
        self.can_take_over = can_take_over
        super().__init__(
            path,
            sentence
            or f"“{Path(path).name}” is already open in SIP Desk ({holder}). "
            "You can open it read-only, or close it there first.",
        )


class RecoveryAvailableError(PlanFileError):
    """Unsaved work from a session that ended unexpectedly is waiting for this plan."""

    def __init__(self, path: Path | str, edited_at: str, *, crashed: bool = True) -> None:
        self.edited_at = edited_at
        self.crashed = crashed
        name = Path(path).name
        super().__init__(
            path,
            f"SIP Desk closed unexpectedly while “{name}” was open. "
            f"Your work up to {edited_at} was kept and can be recovered."
            if crashed
            else f"Your last changes to “{name}” could not be saved when it was closed. "
            f"They were kept, up to {edited_at}, and can be recovered.",
        )


class ExternalChangeError(PlanFileError):
    def __init__(self, path: Path | str) -> None:
        super().__init__(
            path,
            f"“{Path(path).name}” was changed by someone else since you opened it. "
            "Save your version as a copy, or replace theirs.",
        )


class ReadOnlyError(PlanFileError):
    """This plan is open read-only; edits and saving are refused."""


class SaveError(PlanFileError):
    """Writing the plan to disk failed (full disk, read-only folder, removed drive).

    ``str(error)`` is the window's sentence (it may add that the work is safe in SIP Desk);
    ``plain`` states only what happened, for the command line.
    """

    def __init__(self, path: Path | str, sentence: str, *, plain: str | None = None) -> None:
        super().__init__(path, sentence)
        self.plain = plain or sentence


class PrivateFolderError(PlanFileError):
    """SIP Desk's own data folder (working copies, locks, backups) cannot be created or used."""


class InvalidPlanDataError(PlanFileError):
    """An interchange (JSON) file does not describe a plan."""
