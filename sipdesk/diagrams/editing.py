"""What the canvas's keys and clicks do to a fishbone, worked out from its layout alone (no Qt).

The live canvas (:mod:`sipdesk.ui.fishbone.canvas`) asks these questions of the layout it has
drawn and turns the answers into service operations; the rules read only the order of the
bones and twigs, so the same key does the same thing at any zoom::

    place = place_of(layout, 12)                  # cause 12's bone, parent and sibling list
    draft = enter_draft(layout, ("cause", 12))     # Enter on it: type the next cause
    move = planned_move(layout, ("cause", 12), "down")   # Ctrl+Down: one place later

A cause or category being typed in (a `Draft`) is laid out with the id `DRAFT_ID`; every
answer here leaves it out, since it is not in the plan yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sipdesk.diagrams.fishbone import PROBLEM_ID, FishboneLayout, HitKind, hit_test

Target = tuple[HitKind, int]
Direction = Literal["up", "down", "left", "right"]

DRAFT_ID = -1
"""The id of a cause or category being typed in but not yet in the plan."""

HIT_SLOP = 4.0
"""How near a line (in screen pixels, whatever the zoom) a click still picks it."""


@dataclass
class Draft:
    """A cause or category being typed in, shown in the diagram before it is in the plan.

    ``index`` is its place in the list it joins: the bones (a category), or the causes on
    bone ``category_id`` hanging under ``parent_id`` (None: on the bone itself).
    """

    kind: HitKind  # "cause" or "category"
    index: int
    category_id: int = 0
    parent_id: int | None = None
    text: str = ""


@dataclass(frozen=True)
class Place:
    """Where cause ``cause_id`` sits: its bone, the cause it hangs under (None: the bone
    itself) and the ids of its list, itself included, in order."""

    cause_id: int
    category_id: int
    parent_id: int | None
    siblings: tuple[int, ...]

    @property
    def index(self) -> int:
        """The cause's place in its list."""
        return self.siblings.index(self.cause_id)


@dataclass(frozen=True)
class CategoryMove:
    """Put category ``category_id`` at ``index`` among the bones."""

    category_id: int
    index: int


@dataclass(frozen=True)
class CauseMove:
    """Put cause ``cause_id`` at ``index`` in a list counted without it: the causes on bone
    ``category_id`` (None: its own) under ``parent_id`` (None: on the bone itself), as
    :func:`sipdesk.services.root_causes.move_cause` takes it."""

    cause_id: int
    index: int
    category_id: int | None = None
    parent_id: int | None = None


def category_ids(layout: FishboneLayout) -> list[int]:
    """The bones' categories in order (one being typed left out)."""
    return [b.category_id for b in layout.bones if b.category_id != DRAFT_ID]


def children_of(layout: FishboneLayout, category_id: int, parent_id: int | None) -> list[int]:
    """The causes on a bone hanging under ``parent_id`` (None: on the bone itself), in order."""
    for bone in layout.bones:
        if bone.category_id == category_id:
            return [
                t.cause_id
                for t in bone.twigs
                if t.parent_id == parent_id and t.cause_id != DRAFT_ID
            ]
    return []


def place_of(layout: FishboneLayout, cause_id: int) -> Place:
    """Where cause ``cause_id`` sits; KeyError if it is not on the diagram."""
    for bone in layout.bones:
        for twig in bone.twigs:
            if twig.cause_id == cause_id:
                siblings = tuple(
                    t.cause_id
                    for t in bone.twigs
                    if t.parent_id == twig.parent_id and t.cause_id != DRAFT_ID
                )
                return Place(cause_id, bone.category_id, twig.parent_id, siblings)
    raise KeyError(cause_id)


def label_at(layout: FishboneLayout, x: float, y: float, zoom: float) -> Target | None:
    """The label (or line) a click at scene point (x, y) picks at this zoom, the one being
    typed excepted; lines are picked within `HIT_SLOP` screen pixels."""
    found = hit_test(layout, x, y, HIT_SLOP / max(zoom, 0.1))
    if found is None or found[1] == DRAFT_ID:
        return None
    return found


def enter_draft(layout: FishboneLayout, target: Target, *, shift: bool = False) -> Draft:
    """What Enter (``shift``: Shift+Enter) starts typing on a selected label.

    The problem: a category at the end. A category: a cause at the end of its bone (Shift: a
    category after it). A cause: the next cause after it (Shift: its last sub-cause).
    """
    kind, ident = target
    if kind == "problem":
        return Draft("category", len(category_ids(layout)))
    if kind == "category":
        if shift:
            return Draft("category", category_ids(layout).index(ident) + 1)
        return Draft("cause", len(children_of(layout, ident, None)), ident, None)
    place = place_of(layout, ident)
    if shift:
        return Draft(
            "cause", len(children_of(layout, place.category_id, ident)), place.category_id, ident
        )
    return Draft("cause", place.index + 1, place.category_id, place.parent_id)


def shifted_draft(layout: FishboneLayout, draft: Draft, forward: bool) -> Draft | None:
    """The cause being typed hung under the cause above it (``forward``), or taken out a
    level; None when there is no cause above it, or it already sits on the bone."""
    siblings = children_of(layout, draft.category_id, draft.parent_id)
    if forward:
        if draft.index == 0 or not siblings:
            return None
        above = siblings[min(draft.index, len(siblings)) - 1]
        index = len(children_of(layout, draft.category_id, above))
        return Draft("cause", index, draft.category_id, above, draft.text)
    if draft.parent_id is None:
        return None
    parent = place_of(layout, draft.parent_id)
    return Draft("cause", parent.index + 1, parent.category_id, parent.parent_id, draft.text)


def planned_move(
    layout: FishboneLayout, target: Target, direction: Direction
) -> CategoryMove | CauseMove | None:
    """What Ctrl+arrow does to a selected label; None where it has nowhere to go.

    A category moves left or right among the bones. A cause moves up or down in its own list,
    or left or right to the end of the neighbouring bone.
    """
    kind, ident = target
    if kind == "category":
        ids = category_ids(layout)
        at = ids.index(ident)
        step = {"left": -1, "right": 1}.get(direction, 0)
        if step and 0 <= at + step < len(ids):
            return CategoryMove(ident, at + step)
        return None
    if kind != "cause":
        return None
    place = place_of(layout, ident)
    if direction in ("up", "down"):
        index = place.index + (-1 if direction == "up" else 1)
        if 0 <= index < len(place.siblings):
            return CauseMove(ident, index, parent_id=place.parent_id)
        return None
    ids = category_ids(layout)
    other = ids.index(place.category_id) + (-1 if direction == "left" else 1)
    if not 0 <= other < len(ids):
        return None
    dest = ids[other]
    return CauseMove(ident, len(children_of(layout, dest, None)), category_id=dest)


def selection_after_delete(layout: FishboneLayout, target: Target) -> Target:
    """What is selected once the label ``target`` is deleted: the next one in its list (the
    one before, at the end), else the cause it hung under, its bone, or the problem."""
    kind, ident = target
    if kind == "cause":
        place = place_of(layout, ident)
        rest = [s for s in place.siblings if s != ident]
        if rest:
            return ("cause", rest[min(place.index, len(rest) - 1)])
        if place.parent_id is not None:
            return ("cause", place.parent_id)
        return ("category", place.category_id)
    if kind == "category":
        ids = category_ids(layout)
        at = ids.index(ident)
        rest = [i for i in ids if i != ident]
        return ("category", rest[min(at, len(rest) - 1)]) if rest else ("problem", PROBLEM_ID)
    return target


__all__ = [
    "DRAFT_ID",
    "HIT_SLOP",
    "CategoryMove",
    "CauseMove",
    "Direction",
    "Draft",
    "Place",
    "Target",
    "category_ids",
    "children_of",
    "enter_draft",
    "label_at",
    "place_of",
    "planned_move",
    "selection_after_delete",
    "shifted_draft",
]
