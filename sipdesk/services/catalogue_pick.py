"""Picking a support from the state pack's support catalogue (issue 15 item 3), for step 6's
supports and step 5's supports of a strategy.

A pick keeps the choice (the level's key, the provider's and the service's names: the
``pack_*`` fields of a support) and fills the support's own text from it: the provider's name
in "Provider", and the service's name in "Support provided" when that is still empty (words
the team wrote are never replaced). The team can go on typing freely; clearing the choice
leaves the text as it is. Each is one named change, so one undo takes it back. Qt-free.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sipdesk.services.changes import Change
from sipdesk.services.state_packs import StatePack

if TYPE_CHECKING:  # the picks' writers load SQLAlchemy and the models when they run (issue 12)
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Pick:
    """One service of the catalogue, as a support keeps it."""

    level: str  # the level's key ("universal")
    provider: str  # the provider's name ("Illinois State Board of Education")
    service: str  # the service's name

    @property
    def empty(self) -> bool:
        return not (self.level or self.provider or self.service)


NO_PICK = Pick("", "", "")


@dataclass(frozen=True)
class Offer:
    """A service at one level, with what the picker shows of it."""

    pick: Pick
    provider_short: str  # "ISBE" (or the name when the pack gives no short name)
    about: str
    cost: str

    @property
    def words(self) -> str:
        return f"{self.provider_short} · {self.pick.service}"


def offers(pack: StatePack, level: str) -> list[Offer]:
    """The catalogue at one level, providers in the pack's order."""
    return [
        Offer(Pick(level, p.name, s.name), p.short or p.name, s.about, s.cost)
        for p, s in pack.services(level)
    ]


def pick_of(support: Mapping[str, object]) -> Pick:
    """The choice a support keeps (:data:`NO_PICK` when it was typed freely)."""
    return Pick(
        str(support.get("pack_level") or ""),
        str(support.get("pack_provider") or ""),
        str(support.get("pack_service") or ""),
    )


def _filled(support: Mapping[str, object], pick: Pick) -> dict[str, str]:
    values = {
        "pack_level": pick.level,
        "pack_provider": pick.provider,
        "pack_service": pick.service,
    }
    if pick.empty:  # forgetting the choice leaves the words as they are
        return values
    values["provider"] = pick.provider
    if not str(support.get("provided") or "").strip():
        values["provided"] = pick.service
    return values


def pick_support(session: Session, support: Mapping[str, object], pick: Pick) -> Change:
    """Keep ``pick`` for the support (a row of ``PlanDoc["supports"]``) and fill its text from
    it; :data:`NO_PICK` forgets the choice. One undo step."""
    from sipdesk.models import Support
    from sipdesk.services.edits import update_row

    label = "Clear the catalogue choice" if pick.empty else "Choose from the catalogue"
    row_id = support["id"]
    assert isinstance(row_id, int)
    return update_row(session, Support, row_id, label, **_filled(support, pick))


def add_picked_support(session: Session, strategy_id: int | None, pick: Pick) -> Change:
    """A new support for the strategy (or none), picked from the catalogue. One undo step."""
    from sipdesk.models import Support
    from sipdesk.services.edits import insert_row

    values: dict[str, object] = {"strategy_id": strategy_id, **_filled({}, pick)}
    return insert_row(session, Support, "Add a support from the catalogue", values)


__all__ = ["NO_PICK", "Offer", "Pick", "add_picked_support", "offers", "pick_of", "pick_support"]
