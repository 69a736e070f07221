r"""What an edit changed, as plain records: :class:`Change` made of row-level :class:`Step`\ s,
and :class:`PlanRuleError` for an edit the plan's rules refuse.

Apart from :mod:`sipdesk.services.edits` (which makes and replays them through SQLAlchemy) so
the modules on the way to a plan's first page can name them without loading SQLAlchemy or the
ORM models (issue 12 item 4; ``tests/unit/test_orm_free_page_path.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

StepKind = Literal["update", "insert", "delete"]


class PlanRuleError(ValueError):
    """An edit the plan's rules do not allow; ``str(error)`` is a sentence for the user."""


@dataclass(frozen=True)
class Step:
    """One row-level change. ``before``/``after`` hold column values (None where absent)."""

    kind: StepKind
    table: str
    row_id: int
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Change:
    """What one user action changed, named for the Edit menu ("Add strength")."""

    label: str
    steps: tuple[Step, ...] = field(default=())
    # False for a move: two moves of one row are two undo steps, never one typing burst.
    typed: bool = True

    @property
    def empty(self) -> bool:
        return not self.steps

    @property
    def tables(self) -> frozenset[str]:
        """Tables touched, so each screen refreshes only when its part changed."""
        return frozenset(step.table for step in self.steps)

    def created_id(self, table: str) -> int | None:
        """The id of the first row this change inserted into ``table``."""
        for step in self.steps:
            if step.kind == "insert" and step.table == table:
                return step.row_id
        return None

    def field_key(self) -> tuple[str, int, tuple[str, ...]] | None:
        """(table, id, fields) when this change types into fields of exactly one row."""
        one = len(self.steps) == 1
        if self.typed and one and self.steps[0].kind == "update" and self.steps[0].after:
            step = self.steps[0]
            assert step.after is not None
            return step.table, step.row_id, tuple(sorted(step.after))
        return None

    def merged_with(self, later: Change) -> Change | None:
        """One change covering ``self`` then ``later`` when both type into the same field.

        Typing bursts become a single undo step this way.
        """
        key = self.field_key()
        if key is None or key != later.field_key():
            return None
        first, last = self.steps[0], later.steps[0]
        return replace(self, steps=(replace(first, after=last.after),))

    def then(self, other: Change) -> Change:
        return Change(self.label, self.steps + other.steps, self.typed and other.typed)
