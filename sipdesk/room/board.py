"""What the room offers members, read from the plan's snapshot: the places to add ideas, a
round's choices, and a read-only board the coach may choose to show.

The board is plain data the member page renders as text::

    {"title": "SWOT", "sections": [{"heading": "Strengths", "items": ["...", ...]}, ...]}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sipdesk.models.needs import SWOT_KINDS
from sipdesk.services.root_causes import iter_causes

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc

_PLURAL = {
    "strength": "Strengths",
    "weakness": "Weaknesses",
    "opportunity": "Opportunities",
    "threat": "Threats",
}


def _fishbone_name(plan: PlanDoc, index: int, problem: str) -> str:
    problem = " ".join(problem.split())
    if len(plan["fishbones"]) == 1:
        return problem or "The fishbone"
    return problem or f"Fishbone {index}"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def bone_targets(plan: PlanDoc) -> list[tuple[str, str]]:
    """Every fishbone bone as (bone id, "problem: bone name")."""
    out = []
    for n, fishbone in enumerate(plan["fishbones"], start=1):
        name = _fishbone_name(plan, n, fishbone["problem"])
        for bone in fishbone["categories"]:
            bone_name = bone["name"].strip() or "Unnamed bone"
            out.append((str(bone["id"]), f"{bone_name} \u2014 {_short(name)}"))
    return out


def why_targets(plan: PlanDoc) -> list[tuple[str, str]]:
    """Every 5 Whys chain as (chain id, the question members answer)."""
    out = []
    for n, chain in enumerate(plan["why_chains"], start=1):
        last = chain["steps"][-1]["text"].strip() if chain["steps"] else ""
        about = last or chain["symptom"].strip() or f"5 Whys {n}"
        about = " ".join(about.split())
        out.append(
            (str(chain["id"]), about if about.lower().startswith("why") else f"Why? {about}")
        )
    return out


def round_options(plan: PlanDoc, fishbone_id: int) -> list[tuple[str, str]]:
    """A fishbone's causes (sub-causes included) as (cause id, text), in reading order."""
    for fishbone in plan["fishbones"]:
        if fishbone["id"] == fishbone_id:
            return [
                (str(cause["id"]), " ".join(cause["text"].split()) or "Unnamed cause")
                for bone in fishbone["categories"]
                for cause, _depth in iter_causes(bone["causes"])
            ]
    return []


def swot_board(plan: PlanDoc) -> dict[str, Any]:
    """The SWOT board, read-only, for members to see."""
    return {
        "title": "SWOT",
        "sections": [
            {
                "heading": _PLURAL[kind],
                "items": [i["text"] for i in plan["swot"] if i["kind"] == kind and i["text"]],
            }
            for kind in SWOT_KINDS
        ],
    }


def fishbone_board(plan: PlanDoc, fishbone_id: int) -> dict[str, Any] | None:
    """One fishbone's bones and causes, read-only; None when it is not in the plan."""
    for n, fishbone in enumerate(plan["fishbones"], start=1):
        if fishbone["id"] == fishbone_id:
            return {
                "title": _fishbone_name(plan, n, fishbone["problem"]),
                "sections": [
                    {
                        "heading": bone["name"],
                        "items": [
                            "  " * depth + c["text"] for c, depth in iter_causes(bone["causes"])
                        ],
                    }
                    for bone in fishbone["categories"]
                ],
            }
    return None
