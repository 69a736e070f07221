"""Steps 3–4 without Qt: fishbones, 5-Whys chains, dot votes and what priorities answer.

Operations that write take the caller's session, never commit, and return one
:class:`~sipdesk.services.edits.Change` (one undo step). Queries read the plain snapshot of
:func:`sipdesk.services.snapshot.read_plan` as its typed records
(:mod:`sipdesk.models.plan_types`), so the UI and the exports see the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sipdesk.diagrams import CategoryNode, CauseNode, FishboneInput
from sipdesk.models.catalogues import category_set
from sipdesk.models.limits import MAX_CAUSE_DEPTH
from sipdesk.models.walk import C, walk_causes
from sipdesk.services import operations
from sipdesk.services.changes import Change, PlanRuleError
from sipdesk.services.notices import PlanPart
from sipdesk.services.remembered import per_plan

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sipdesk.models import Cause
    from sipdesk.models.plan_types import CauseRow, FishboneRow, PlanDoc

# SQLAlchemy, the models and the edit path load inside the edits, not with this module: steps
# 3 and 4 import it while their pages are built, before the database code has loaded
# (issue 12).

ROOT_CAUSE_PARTS = (
    PlanPart.FISHBONES
    | PlanPart.FISHBONE_CATEGORIES
    | PlanPart.CAUSES
    | PlanPart.DOT_VOTES
    | PlanPart.WHY_CHAINS
    | PlanPart.WHY_STEPS
    | PlanPart.SWOT
    | PlanPart.TEAM
    | PlanPart.PROFILE
)
"""The parts of the plan step 3's screen shows."""

PRIORITY_PARTS = (
    PlanPart.PRIORITIES
    | PlanPart.PRIORITY_LINKS
    | PlanPart.FISHBONES
    | PlanPart.FISHBONE_CATEGORIES
    | PlanPart.CAUSES
    | PlanPart.WHY_CHAINS
    | PlanPart.WHY_STEPS
    | PlanPart.SWOT
)
"""The parts of the plan step 4's screen shows."""


# --------------------------------------------------------------------- fishbones
def new_fishbone(
    session: Session,
    problem: str = "",
    template: str | None = "school",
    weakness_id: int | None = None,
) -> Change:
    """A new fishbone, its bones named from a category template (``None``: no bones)."""
    from sipdesk.models import Fishbone, FishboneCategory
    from sipdesk.services.edits import insert_row

    change = insert_row(
        session, Fishbone, "New fishbone", {"problem": problem, "weakness_id": weakness_id}
    )
    fishbone_id = change.created_id("fishbones")
    assert fishbone_id is not None
    if template is not None:
        chosen = category_set(template)
        if chosen is None:
            raise ValueError(f"unknown category template {template!r}")
        for name in chosen.categories:
            change = change.then(
                insert_row(
                    session,
                    FishboneCategory,
                    "New fishbone",
                    {"fishbone_id": fishbone_id, "name": name},
                )
            )
    return change


def add_template_categories(session: Session, fishbone_id: int, template: str) -> Change:
    """Add the template's categories that the fishbone does not have yet (by name)."""
    from sqlalchemy import select

    from sipdesk.models import FishboneCategory
    from sipdesk.services.edits import insert_row

    chosen = category_set(template)
    if chosen is None:
        raise ValueError(f"unknown category template {template!r}")
    have = {
        name.strip().casefold()
        for name in session.scalars(
            select(FishboneCategory.name).where(FishboneCategory.fishbone_id == fishbone_id)
        )
    }
    change = Change(f"Add {chosen.name} categories")
    for name in chosen.categories:
        if name.casefold() not in have:
            change = change.then(
                insert_row(
                    session,
                    FishboneCategory,
                    change.label,
                    {"fishbone_id": fishbone_id, "name": name},
                )
            )
    return change


def link_fishbone_weakness(session: Session, fishbone_id: int, weakness_id: int | None) -> Change:
    """Link a fishbone to the SWOT weakness it digs into (None: unlink). A diagram without a
    problem yet takes the weakness's words as its problem."""
    from sipdesk.models import Fishbone, SwotItem
    from sipdesk.services.edits import update_row

    fishbone = session.get(Fishbone, fishbone_id)
    if fishbone is None:
        raise PlanRuleError("That fishbone no longer exists in the plan.")
    values: dict[str, Any] = {"weakness_id": weakness_id}
    if weakness_id is not None and not fishbone.problem.strip():
        weakness = session.get(SwotItem, weakness_id)
        if weakness is not None:
            values["problem"] = weakness.text
    label = "Link weakness" if weakness_id is not None else "Unlink weakness"
    return update_row(session, Fishbone, fishbone_id, label, **values)


def delete_fishbone(session: Session, fishbone_id: int) -> Change:
    from sipdesk.models import Fishbone
    from sipdesk.services.edits import delete_row

    return delete_row(session, Fishbone, fishbone_id, "Delete fishbone")


def add_category(
    session: Session, fishbone_id: int, name: str = "", index: int | None = None
) -> Change:
    """A new bone, at ``index`` among the fishbone's categories (default last)."""
    from sipdesk.models import FishboneCategory
    from sipdesk.services.edits import insert_row

    return insert_row(
        session,
        FishboneCategory,
        "Add category",
        {"fishbone_id": fishbone_id, "name": name},
        index=index,
    )


def move_category(session: Session, category_id: int, index: int) -> Change:
    from sipdesk.models import FishboneCategory
    from sipdesk.services.edits import move_row

    return move_row(session, FishboneCategory, category_id, index, "Move category")


def delete_category(session: Session, category_id: int) -> Change:
    from sipdesk.models import FishboneCategory
    from sipdesk.services.edits import delete_row

    return delete_row(session, FishboneCategory, category_id, "Delete category")


# --------------------------------------------------------------------- causes
def _cause_row(session: Session, cause_id: int) -> Cause:
    from sipdesk.models import Cause

    cause = session.get(Cause, cause_id)
    if cause is None:
        raise PlanRuleError("That cause no longer exists in the plan.")
    return cause


def _siblings(session: Session, category_id: int, parent_id: int | None) -> list[int]:
    from sqlalchemy import select

    from sipdesk.models import Cause

    parent = Cause.parent_id.is_(None) if parent_id is None else Cause.parent_id == parent_id
    query = (
        select(Cause.id)
        .where(Cause.category_id == category_id, parent)
        .order_by(Cause.position, Cause.id)
    )
    return list(session.scalars(query))


def _subtree(session: Session, cause_id: int) -> list[int]:
    """``cause_id`` and every sub-cause below it, parents first."""
    return [i for level in _levels(session, cause_id) for i in level]


def _levels(session: Session, cause_id: int) -> list[list[int]]:
    """``cause_id``, then its sub-causes, then theirs: one list per level."""
    from sqlalchemy import select

    from sipdesk.models import Cause

    levels = [[cause_id]]
    while True:
        below = list(session.scalars(select(Cause.id).where(Cause.parent_id.in_(levels[-1]))))
        if not below:
            return levels
        levels.append(below)


def _level(session: Session, cause_id: int) -> int:
    """How deep ``cause_id`` sits: 1 on the bone, 2 for its sub-causes, and so on."""
    from sipdesk.models import Cause

    level, current = 1, session.get(Cause, cause_id)
    while current is not None and current.parent_id is not None and level <= MAX_CAUSE_DEPTH:
        level += 1
        current = session.get(Cause, current.parent_id)
    return level


def _check_depth(levels: int) -> None:
    if levels > MAX_CAUSE_DEPTH:
        raise PlanRuleError(
            f"Sub-causes can nest at most {MAX_CAUSE_DEPTH} levels deep. "
            "Try hanging this one higher up."
        )


def add_cause(
    session: Session,
    category_id: int,
    text: str = "",
    *,
    parent_id: int | None = None,
    index: int | None = None,
    contributed_by: str = "",
) -> Change:
    """A cause on a bone, or a sub-cause of ``parent_id``, at ``index`` in its list;
    ``contributed_by`` names who added it from their own device ("" = the coach's laptop)."""
    from sipdesk.models import Cause
    from sipdesk.services.edits import insert_row

    if parent_id is not None:
        parent = _cause_row(session, parent_id)
        if parent.category_id != category_id:
            raise ValueError("a sub-cause must be on its parent's bone")
        _check_depth(_level(session, parent_id) + 1)
    label = "Add sub-cause" if parent_id is not None else "Add cause"
    return insert_row(
        session,
        Cause,
        label,
        {
            "category_id": category_id,
            "parent_id": parent_id,
            "text": text,
            "contributed_by": contributed_by,
        },
        index=index,
    )


def move_cause(
    session: Session,
    cause_id: int,
    index: int,
    *,
    category_id: int | None = None,
    parent_id: int | None = None,
    label: str = "Move cause",
) -> Change:
    """Put a cause (with its sub-causes) at ``index`` among the causes of ``category_id`` (its
    own bone if None) or among the sub-causes of ``parent_id``. ``index`` counts the list
    without the cause itself. One Change, so a drag is one undo step."""
    from sipdesk.models import Cause, FishboneCategory
    from sipdesk.services.edits import move_row, update_row

    cause = _cause_row(session, cause_id)
    target_category = cause.category_id if category_id is None else category_id
    levels = _levels(session, cause_id)
    subtree = [i for level in levels for i in level]
    if parent_id is not None:
        if parent_id in subtree:
            raise PlanRuleError("A cause cannot go under itself or one of its own sub-causes.")
        parent = _cause_row(session, parent_id)
        target_category = parent.category_id
        _check_depth(_level(session, parent_id) + len(levels))
    if session.get(FishboneCategory, target_category) is None:
        raise PlanRuleError("That category no longer exists in the plan.")
    old_category = cause.category_id
    change = move_row(
        session, Cause, cause_id, index, label, category_id=target_category, parent_id=parent_id
    )
    if target_category != old_category:
        # Sub-causes travel with their cause to the other bone.
        for sub_id in subtree[1:]:
            change = change.then(
                update_row(session, Cause, sub_id, label, category_id=target_category)
            )
    return change


def indent_cause(session: Session, cause_id: int) -> Change:
    """Make a cause a sub-cause of the cause just above it (Alt+Right on the canvas)."""
    cause = _cause_row(session, cause_id)
    siblings = _siblings(session, cause.category_id, cause.parent_id)
    at = siblings.index(cause_id)
    if at == 0:
        kind = "sub-cause" if cause.parent_id is not None else "cause on a bone"
        raise PlanRuleError(
            f"The first {kind} has nothing above it to hang under. Add a cause above it first."
        )
    new_parent = siblings[at - 1]
    index = len(_siblings(session, cause.category_id, new_parent))
    return move_cause(session, cause_id, index, parent_id=new_parent, label="Make sub-cause")


def outdent_cause(session: Session, cause_id: int) -> Change:
    """Make a sub-cause a sibling of its parent, just after it (Alt+Left on the canvas)."""
    cause = _cause_row(session, cause_id)
    if cause.parent_id is None:
        raise PlanRuleError("This cause already sits on the bone itself.")
    parent = _cause_row(session, cause.parent_id)
    siblings = _siblings(session, parent.category_id, parent.parent_id)
    index = siblings.index(parent.id) + 1
    return move_cause(
        session,
        cause_id,
        index,
        category_id=parent.category_id,
        parent_id=parent.parent_id,
        label="Promote sub-cause",
    )


def delete_cause(session: Session, cause_id: int) -> Change:
    """Remove a cause with its sub-causes and votes (undo brings all of it back)."""
    from sipdesk.models import Cause
    from sipdesk.services.edits import delete_row

    return delete_row(session, Cause, cause_id, "Delete cause")


def set_root(session: Session, cause_id: int, is_root: bool) -> Change:
    from sipdesk.models import Cause
    from sipdesk.services.edits import update_row

    label = "Mark root cause" if is_root else "Unmark root cause"
    return update_row(session, Cause, cause_id, label, is_root=is_root)


# --------------------------------------------------------------------- 5 Whys
def new_why_chain(
    session: Session,
    symptom: str = "",
    *,
    weakness_id: int | None = None,
    cause_id: int | None = None,
) -> Change:
    from sipdesk.models import WhyChain
    from sipdesk.services.edits import insert_row

    return insert_row(
        session,
        WhyChain,
        "New 5 Whys",
        {"symptom": symptom, "weakness_id": weakness_id, "cause_id": cause_id},
    )


def add_why_step(
    session: Session,
    chain_id: int,
    text: str = "",
    index: int | None = None,
    *,
    contributed_by: str = "",
) -> Change:
    """Another "why?" answer, at ``index`` in the chain (default last); ``contributed_by``
    names who added it from their own device ("" = the coach's laptop)."""
    from sipdesk.models import WhyChain, WhyStep
    from sipdesk.services.edits import insert_row

    if session.get(WhyChain, chain_id) is None:
        raise PlanRuleError("That 5 Whys chain no longer exists in the plan.")
    values = {"chain_id": chain_id, "text": text, "contributed_by": contributed_by}
    return insert_row(session, WhyStep, "Add why", values, index=index)


def link_why_chain(
    session: Session, chain_id: int, *, weakness_id: int | None, cause_id: int | None
) -> Change:
    """What the chain digs into: a weakness, a fishbone cause, both or neither. A chain without
    a symptom yet takes the linked item's words as its symptom."""
    from sipdesk.models import Cause, SwotItem, WhyChain
    from sipdesk.services.edits import update_row

    chain = session.get(WhyChain, chain_id)
    if chain is None:
        raise PlanRuleError("That 5 Whys chain no longer exists in the plan.")
    values: dict[str, Any] = {"weakness_id": weakness_id, "cause_id": cause_id}
    if not chain.symptom.strip():
        source = (
            session.get(SwotItem, weakness_id)
            if weakness_id is not None and weakness_id != chain.weakness_id
            else None
        )
        cause = (
            session.get(Cause, cause_id)
            if cause_id is not None and cause_id != chain.cause_id
            else None
        )
        words = source.text if source is not None else cause.text if cause is not None else ""
        if words.strip():
            values["symptom"] = words
    return update_row(session, WhyChain, chain_id, "Link 5 Whys", **values)


# --------------------------------------------------------------------- dot voting
def set_tally(session: Session, cause_id: int, votes: int) -> Change:
    """Set the typed-in vote count of a cause (dots placed without naming a member)."""
    from sipdesk.models import Cause
    from sipdesk.services.edits import update_row

    if votes < 0:
        raise PlanRuleError("A vote count cannot be below zero.")
    return update_row(session, Cause, cause_id, "Set votes", votes=votes)


def set_dots_per_member(session: Session, dots: int) -> Change:
    from sipdesk.models import PlanProfile
    from sipdesk.services.edits import update_row

    if not 0 <= dots <= 99:
        raise PlanRuleError("Give each team member between 0 and 99 dots.")
    return update_row(session, PlanProfile, 1, "Set dots per member", dots_per_member=dots)


def add_dot(session: Session, cause_id: int, member_id: int | None, delta: int = 1) -> Change:
    """Place (``delta`` > 0) or take back dots on a cause.

    ``member_id`` None changes the typed-in tally; otherwise the member's dots, within the
    allowance every member has. A member's count that falls to zero is removed.
    """
    from sqlalchemy import func, select

    from sipdesk.models import Cause, DotVote, PlanProfile, TeamMember
    from sipdesk.services.edits import delete_row, update_row

    cause = _cause_row(session, cause_id)
    if member_id is None:
        if cause.votes + delta < 0:
            raise PlanRuleError("This cause has no typed-in votes to take back.")
        label = "Add vote" if delta > 0 else "Remove vote"
        return update_row(session, Cause, cause_id, label, votes=cause.votes + delta)
    member = session.get(TeamMember, member_id)
    if member is None:
        raise PlanRuleError("That team member no longer exists in the plan.")
    row = session.scalar(
        select(DotVote).where(DotVote.cause_id == cause_id, DotVote.member_id == member_id)
    )
    current = row.dots if row is not None else 0
    wanted = current + delta
    name = member.name.strip() or "This team member"
    if wanted < 0:
        raise PlanRuleError(f"{name} has no dot on this cause to take back.")
    allowance = session.scalar(select(PlanProfile.dots_per_member)) or 0
    used = session.scalar(
        select(func.coalesce(func.sum(DotVote.dots), 0)).where(DotVote.member_id == member_id)
    )
    if delta > 0 and int(used or 0) + delta > allowance:
        raise PlanRuleError(
            f"{name} has placed all {allowance} dots. Take one back from another cause first."
        )
    if wanted == 0 and row is not None:
        return delete_row(session, DotVote, row.id, "Remove dot")
    change = operations.cast_dots(session, cause_id, member_id, wanted)
    return Change("Add dot" if delta > 0 else "Remove dot", change.steps)


# --------------------------------------------------------------------- priorities
def unlink_priority(session: Session, priority_id: int, **target: int) -> Change:
    """Remove the link from a priority to ``cause_id=``, ``chain_id=`` or ``weakness_id=``."""
    from sqlalchemy import select

    from sipdesk.models import PriorityLink
    from sipdesk.services.edits import delete_row

    if len(target) != 1 or next(iter(target)) not in ("cause_id", "chain_id", "weakness_id"):
        raise ValueError("name exactly one of cause_id, chain_id, weakness_id")
    ((column, value),) = target.items()
    link_id = session.scalar(
        select(PriorityLink.id).where(
            PriorityLink.priority_id == priority_id, getattr(PriorityLink, column) == value
        )
    )
    if link_id is None:
        return Change("Unlink priority")
    return delete_row(session, PriorityLink, link_id, "Unlink priority")


def move_priority(session: Session, priority_id: int, index: int) -> Change:
    from sipdesk.models import Priority
    from sipdesk.services.edits import move_row

    return move_row(session, Priority, priority_id, index, "Move priority")


def delete_priority(session: Session, priority_id: int) -> Change:
    from sipdesk.models import Priority
    from sipdesk.services.edits import delete_row

    return delete_row(session, Priority, priority_id, "Delete priority")


# --------------------------------------------------------------------- reading the snapshot
def iter_causes(causes: Iterable[C], depth: int = 0) -> Iterator[tuple[C, int]]:
    """Each cause of a snapshot list and its sub-causes, in pre-order, with its depth."""
    return walk_causes(causes, depth)


def find_fishbone_of(plan: PlanDoc, kind: str, item_id: int) -> int | None:
    """The fishbone holding a ``"category"`` or ``"cause"`` of this id."""
    for fishbone in plan["fishbones"]:
        for category in fishbone["categories"]:
            if kind == "category" and category["id"] == item_id:
                return fishbone["id"]
            if kind == "cause" and any(
                c["id"] == item_id for c, _ in iter_causes(category["causes"])
            ):
                return fishbone["id"]
    return None


def cause_votes(cause: CauseRow) -> int:
    """Typed-in tally plus every member's dots."""
    return cause["votes"] + sum(v["dots"] for v in cause["dot_votes"])


def fishbone_input(
    fishbone: FishboneRow,
    label: Callable[[CauseRow], str] | None = None,
) -> FishboneInput:
    """The layout input for one snapshot fishbone; ``label`` may decorate a cause's text.
    A key left out (a hand-made document) reads as empty, like the other walkers'."""
    text_of = label or (lambda cause: str(cause.get("text") or ""))

    def node(cause: CauseRow) -> CauseNode:
        # Iterative, bottom-up: a file may hold a very deep chain of sub-causes.
        built: dict[int, CauseNode] = {}
        order = [c for c, _ in iter_causes([cause])]
        for item in reversed(order):
            children = tuple(built[sub["id"]] for sub in item.get("causes") or ())
            built[item["id"]] = CauseNode(
                item["id"], text_of(item), bool(item.get("is_root")), children
            )
        return built[cause["id"]]

    return FishboneInput(
        str(fishbone.get("problem") or ""),
        tuple(
            CategoryNode(
                category["id"],
                str(category.get("name") or ""),
                tuple(node(c) for c in category.get("causes") or ()),
            )
            for category in fishbone.get("categories") or ()
        ),
    )


@dataclass(frozen=True)
class RankedCause:
    """One line of the voting ranking."""

    cause_id: int
    text: str
    fishbone_id: int
    problem: str
    category: str
    depth: int
    votes: int  # tally plus dots
    dots: int  # placed by named members
    tally: int  # typed in
    is_root: bool
    actionable: bool


def ranking(
    plan: PlanDoc, fishbone_id: int | None = None, *, by_votes: bool = True
) -> list[RankedCause]:
    """Causes by votes, most first; ties keep the diagram's order (``by_votes`` False: the
    diagram's order alone, for a voting round whose tallies are still hidden)."""
    found: list[RankedCause] = []
    for fishbone in plan["fishbones"]:
        if fishbone_id is not None and fishbone["id"] != fishbone_id:
            continue
        for category in fishbone["categories"]:
            for cause, depth in iter_causes(category["causes"]):
                dots = sum(v["dots"] for v in cause["dot_votes"])
                tally = cause["votes"]
                found.append(
                    RankedCause(
                        cause_id=cause["id"],
                        text=cause["text"],
                        fishbone_id=fishbone["id"],
                        problem=fishbone["problem"],
                        category=category["name"],
                        depth=depth,
                        votes=dots + tally,
                        dots=dots,
                        tally=tally,
                        is_root=cause["is_root"],
                        actionable=cause["actionable"],
                    )
                )
    # sorted() is stable, so equal votes stay in diagram order.
    return sorted(found, key=lambda r: -r.votes) if by_votes else found


def dots_used(plan: PlanDoc) -> dict[int, int]:
    """Dots each team member has placed, over every fishbone (a new dict each call)."""
    return dict(_count_dots(plan))


@per_plan  # the voter list, the round and the ranking all ask for the same plan
def _count_dots(plan: PlanDoc) -> dict[int, int]:
    used: dict[int, int] = {m["id"]: 0 for m in plan["team"]}
    for fishbone in plan["fishbones"]:
        for category in fishbone["categories"]:
            for cause, _ in iter_causes(category["causes"]):
                for vote in cause["dot_votes"]:
                    member = vote["member_id"]
                    used[member] = used.get(member, 0) + vote["dots"]
    return used


def member_dots(plan: PlanDoc, cause_id: int) -> dict[int, int]:
    """Dots per member on one cause."""
    for fishbone in plan["fishbones"]:
        for category in fishbone["categories"]:
            for cause, _ in iter_causes(category["causes"]):
                if cause["id"] == cause_id:
                    return {v["member_id"]: v["dots"] for v in cause["dot_votes"]}
    return {}


@dataclass(frozen=True)
class LinkOption:
    """Something a priority can answer: a fishbone cause, a 5-Whys chain or a weakness."""

    column: str  # "cause_id", "chain_id" or "weakness_id"
    id: int
    text: str
    detail: str  # where it comes from, for a second line or a tooltip
    is_root: bool


def root_cause_options(plan: PlanDoc, *, every_cause: bool = False) -> list[LinkOption]:
    """Root causes from step 3: causes marked as roots (all causes if ``every_cause``), then
    each 5-Whys chain by its last step."""
    options: list[LinkOption] = []
    for fishbone in plan["fishbones"]:
        problem = fishbone["problem"].strip() or "Untitled fishbone"
        for category in fishbone["categories"]:
            for cause, _ in iter_causes(category["causes"]):
                if cause["is_root"] or every_cause:
                    options.append(
                        LinkOption(
                            "cause_id",
                            cause["id"],
                            cause["text"].strip() or "(untitled cause)",
                            f"{problem} · {category['name'].strip() or 'Category'}",
                            cause["is_root"],
                        )
                    )
    for chain in plan["why_chains"]:
        steps = chain["steps"]
        last = steps[-1]["text"].strip() if steps else ""
        symptom = chain["symptom"].strip() or "Untitled 5 Whys"
        options.append(
            LinkOption(
                "chain_id",
                chain["id"],
                last or symptom,
                f"5 Whys: {symptom}",
                True,
            )
        )
    return options


def weakness_options(plan: PlanDoc) -> list[LinkOption]:
    """The SWOT weaknesses from step 2, in board order."""
    return [
        LinkOption(
            "weakness_id",
            item["id"],
            item["text"].strip() or "(untitled weakness)",
            item["evidence"],
            False,
        )
        for item in plan["swot"]
        if item["kind"] == "weakness"
    ]
