"""Where the arrow keys go on a fishbone: by its structure, never by where labels are drawn.

The same keys must give the same path whether or not vote badges make labels wider, so the
rules read only the order of the bones and causes::

    outline = outline_of(fishbone)               # a snapshot fishbone (plain data)
    here = step(outline, ("cause", 12), "down")   # the next cause on the same bone

========  ==================================================================================
home      the problem (the head)
down      problem → first bone · bone → its first cause · cause → the next cause on the
          same bone, sub-causes included, in reading order (stays on the last one)
up        the reverse of down: cause → the cause before it on the bone, or the bone itself
left      bone → the bone before it · cause → the cause at the same place on the bone
right     before / after (the bone itself when it has no causes); right from the last bone
          reaches the head, and left/right from the head go to the last / first bone
out       cause → the cause it hangs under, or its bone · bone → the problem (Esc)
into      cause → its first sub-cause · bone → its first cause · problem → first bone
========  ==================================================================================

A move that has nowhere to go keeps the selection where it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sipdesk.diagrams.fishbone import PROBLEM_ID, HitKind

Target = tuple[HitKind, int]
Move = Literal["home", "up", "down", "left", "right", "out", "into"]
PROBLEM: Target = ("problem", PROBLEM_ID)


@dataclass(frozen=True)
class Outline:
    """The order of a fishbone's bones and causes, and who hangs under whom."""

    categories: tuple[int, ...] = ()
    # each bone's causes in reading order: a cause, then its sub-causes, then the next cause
    reading: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    # each bone's causes that sit on the bone itself, in order
    top: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    parent: Mapping[int, Target] = field(default_factory=dict)  # cause → cause or bone
    children: Mapping[int, tuple[int, ...]] = field(default_factory=dict)  # cause → subs
    bone_of: Mapping[int, int] = field(default_factory=dict)  # cause → its category


def outline_of(fishbone: Mapping[str, Any] | None) -> Outline:
    """The outline of a snapshot fishbone (``categories`` → ``causes`` → ``causes`` …)."""
    if not fishbone:
        return Outline()
    categories: list[int] = []
    reading: dict[int, tuple[int, ...]] = {}
    top: dict[int, tuple[int, ...]] = {}
    parent: dict[int, Target] = {}
    children: dict[int, tuple[int, ...]] = {}
    bone_of: dict[int, int] = {}
    for category in fishbone.get("categories") or []:
        cid = int(category["id"])
        categories.append(cid)
        roots: Sequence[Mapping[str, Any]] = category.get("causes") or []
        top[cid] = tuple(int(c["id"]) for c in roots)
        order: list[int] = []
        # a loop with a stack, not recursion: user-made trees may be deep
        stack: list[tuple[Mapping[str, Any], Target]] = [
            (c, ("category", cid)) for c in reversed(roots)
        ]
        while stack:
            cause, above = stack.pop()
            ident = int(cause["id"])
            order.append(ident)
            parent[ident] = above
            bone_of[ident] = cid
            subs: Sequence[Mapping[str, Any]] = cause.get("causes") or []
            children[ident] = tuple(int(s["id"]) for s in subs)
            stack.extend((s, ("cause", ident)) for s in reversed(subs))
        reading[cid] = tuple(order)
    return Outline(tuple(categories), reading, top, parent, children, bone_of)


def contains(outline: Outline, target: Target | None) -> bool:
    if target is None:
        return False
    kind, ident = target
    if kind == "problem":
        return True
    if kind == "category":
        return ident in outline.categories
    return ident in outline.bone_of


def _top_of(outline: Outline, cause_id: int) -> int:
    """The cause on the bone itself that this cause hangs under (or the cause itself)."""
    here = cause_id
    for _ in range(len(outline.parent) + 1):  # bounded, whatever the data says
        kind, above = outline.parent[here]
        if kind != "cause":
            return here
        here = above
    return here


def _bone(outline: Outline, category_id: int, place: int) -> Target:
    """The cause at ``place`` on a bone (the nearest there is), or the bone itself."""
    causes = outline.top.get(category_id) or ()
    if not causes:
        return ("category", category_id)
    return ("cause", causes[min(place, len(causes) - 1)])


def step(outline: Outline, here: Target | None, move: Move) -> Target:
    """Where ``move`` goes from ``here`` (None or a target gone from the diagram: the head)."""
    if move == "home" or here is None or not contains(outline, here):
        return PROBLEM
    kind, ident = here
    bones = outline.categories
    if kind == "problem":
        if not bones:
            return here
        if move == "left":
            return ("category", bones[-1])
        if move in ("right", "down", "into"):
            return ("category", bones[0])
        return here
    if kind == "category":
        at = bones.index(ident)
        if move == "left":
            return ("category", bones[at - 1]) if at > 0 else here
        if move == "right":
            return ("category", bones[at + 1]) if at + 1 < len(bones) else PROBLEM
        if move in ("down", "into"):
            reading = outline.reading.get(ident) or ()
            return ("cause", reading[0]) if reading else here
        if move == "out":
            return PROBLEM
        return here
    # a cause
    bone = outline.bone_of[ident]
    reading = outline.reading[bone]
    at = reading.index(ident)
    if move == "down":
        return ("cause", reading[at + 1]) if at + 1 < len(reading) else here
    if move == "up":
        return ("cause", reading[at - 1]) if at > 0 else ("category", bone)
    if move == "into":
        subs = outline.children.get(ident) or ()
        return ("cause", subs[0]) if subs else here
    if move == "out":
        return outline.parent[ident]
    # left / right: the neighbouring bone, at the same place along it
    place = (outline.top.get(bone) or ()).index(_top_of(outline, ident))
    other = bones.index(bone) + (-1 if move == "left" else 1)
    if not 0 <= other < len(bones):
        return PROBLEM if move == "right" else here
    return _bone(outline, bones[other], place)


__all__ = ["PROBLEM", "Move", "Outline", "Target", "contains", "outline_of", "step"]
