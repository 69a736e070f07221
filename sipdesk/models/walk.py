"""The one walker over nested causes (and any other tree a user builds).

A plan file or a JSON file from outside may nest sub-causes as deep as the limits allow, and a
damaged one deeper still, so nothing in SIP Desk walks such a tree by recursion: every reader
(the checks, the completeness count, the PDF, the fishbone layout, the canvas) uses this loop,
which keeps its own stack and so never meets Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from sipdesk.models.plan_types import CauseRow, FishboneCategoryRow, PlanDoc

T = TypeVar("T")

CauseDict = Mapping[str, Any]
C = TypeVar("C", bound=CauseDict)


def preorder(
    roots: Iterable[T], children: Callable[[T], Iterable[T]], depth: int = 0
) -> Iterator[tuple[T, int]]:
    """Each node of the forest ``roots`` and its depth (the roots at ``depth``), parents
    before their children, siblings in their own order."""
    stack = [(root, depth) for root in reversed(list(roots))]
    while stack:
        node, level = stack.pop()
        yield node, level
        stack.extend((child, level + 1) for child in reversed(list(children(node))))


def sub_causes(cause: CauseDict) -> list[Any]:
    """The sub-causes of a cause in the plan snapshot (``read_plan``'s shape)."""
    return list(cause.get("causes") or [])


def walk_causes(causes: Iterable[C], depth: int = 0) -> Iterator[tuple[C, int]]:
    """Each cause of a snapshot list and every sub-cause below it, in pre-order, with its
    depth (the causes of ``causes`` at ``depth``; 0 for the causes on a bone)."""
    return preorder(causes, sub_causes, depth)


def all_causes(doc: PlanDoc) -> Iterator[tuple[CauseRow, FishboneCategoryRow, int]]:
    """Every cause of every fishbone of a plan snapshot, with its category and its depth."""
    for fishbone in doc["fishbones"]:
        for category in fishbone["categories"]:
            for cause, depth in walk_causes(category["causes"]):
                yield cause, category, depth
