"""Plan health: SMART checks of measures, theory-of-action checks and plan readiness.

All checks read the plain snapshot from :func:`sipdesk.services.snapshot.read_plan`, so the
command line, the window and the PDF give the same answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sipdesk.models import MAX_PRIORITIES

STEP_NAMES = {
    0: "School & team",
    1: "Set the direction",
    2: "Assess needs",
    3: "Find root causes",
    4: "Choose priorities",
    5: "Build the plan",
    6: "Monitor progress",
    7: "Adjust course",
    8: "Review & export",
}

_NUMBER = re.compile(r"\d")
_TIME = re.compile(
    r"\b(19|20)\d\d\b|\byear\b|\bby\b|\bend of\b|\bspring\b|\bfall\b|\bautumn\b|\bwinter\b"
    r"|\bsummer\b|\bsemester\b|\bquarter\b|\bmonth|\bweek|\bjan|\bfeb|\bmar|\bapr|\bmay\b"
    r"|\bjun|\bjul|\baug|\bsep|\boct|\bnov|\bdec|\bsy\b|\b\d{1,2}/\d{1,2}",
    re.IGNORECASE,
)
# A theory-of-action part needs a few real words, not "TBD" or a single verb.
_MIN_WORDS = 3
_PLACEHOLDERS = {"tbd", "todo", "n/a", "na", "xxx", "...", "?", "-"}


@dataclass(frozen=True)
class Finding:
    """One thing to fix: where it is (step, item) and what to do, in plain words."""

    step: int
    item: str  # e.g. "goal:3", "strategy:7", "" for the step as a whole
    message: str

    @property
    def step_name(self) -> str:
        return STEP_NAMES.get(self.step, "")


def _blank(value: Any) -> bool:
    return not str(value or "").strip()


def substantive(text: str) -> bool:
    words = re.findall(r"\w+", text or "")
    if (text or "").strip().lower() in _PLACEHOLDERS:
        return False
    # Scripts written without spaces (Chinese, Japanese, Thai) count characters instead.
    return len(words) >= _MIN_WORDS or (sum(len(w) for w in words) >= 8 and len(words) >= 1)


def target_problems(target: str) -> list[str]:
    """Why a target is not measurable and time-bound (empty when it is)."""
    problems = []
    if not _NUMBER.search(target or ""):
        problems.append("a number")
    if not _TIME.search(target or "") and not re.search(r"\d{4}", target or ""):
        problems.append("a time")
    return problems


def smart_findings(measure: dict[str, Any], years: int) -> list[str]:
    """What a measure lacks to be SMART, as short phrases ("a data source", ...)."""
    missing = []
    if _blank(measure.get("indicator")):
        missing.append("an indicator")
    if _blank(measure.get("data_source")):
        missing.append("a data source")
    if _blank(measure.get("baseline")):
        missing.append("a baseline")
    targets = [measure.get(f"target_y{y}") or "" for y in range(1, years + 1)]
    filled = [t for t in targets if t.strip()]
    if len(filled) < 2:
        missing.append("targets for at least two years")
    for year, target in enumerate(targets, start=1):
        if target.strip():
            problems = target_problems(target)
            if problems:
                missing.append(f"{' and '.join(problems)} in the year {year} target")
    return missing


def measure_complete(measure: dict[str, Any], years: int = 3) -> bool:
    return not smart_findings(measure, years)


def theory_findings(if_text: str, then_text: str, and_text: str) -> list[str]:
    """Which parts of an "If we … then … and …" statement are missing or too thin."""
    missing = []
    for label, text in (("If we", if_text), ("then", then_text), ("and", and_text)):
        if _blank(text):
            missing.append(f"the “{label} …” part is empty")
        elif not substantive(text):
            missing.append(f"the “{label} …” part needs a few more words")
    return missing


def _name(text: str, fallback: str) -> str:
    text = " ".join(str(text or "").split())
    if not text:
        return fallback
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"


def number_strategies(doc: dict[str, Any]) -> dict[int, str]:
    """Tool A numbering: priority 1, strategy 1.1, milestone 1.1.1, action 1.1.1.1."""
    numbers: dict[int, str] = {}
    for p, priority in enumerate(doc.get("priorities", []), start=1):
        for s, strategy in enumerate(priority.get("strategies", []), start=1):
            numbers[strategy["id"]] = f"{p}.{s}"
    return numbers


def readiness(doc: dict[str, Any], *, for_submission: bool = True) -> list[Finding]:
    """Everything that keeps the plan from being ready to send, step by step."""
    out: list[Finding] = []
    profile = doc.get("profile", {})

    if _blank(profile.get("school_name")):
        out.append(Finding(0, "profile:school_name", "Add the school's name."))
    if for_submission and not any(not _blank(s.get("name")) for s in doc.get("signatures", [])):
        out.append(Finding(0, "signatures", "Collect the plan signatures before submitting."))

    goals = doc.get("goals", [])
    complete_goals = [g for g in goals if any(measure_complete(m) for m in g.get("measures", []))]
    if len(complete_goals) < 2:
        out.append(Finding(1, "goals", "Write at least two goals, each with a complete measure."))
    if sum(1 for g in complete_goals if g.get("academic")) < 2:
        out.append(
            Finding(1, "goals", "At least two goals with complete measures should be academic.")
        )
    for number, goal in enumerate(goals, start=1):
        label = f"Goal {number} {_name(goal.get('text', ''), '')}".strip()
        measures = goal.get("measures", [])
        if not measures:
            out.append(Finding(1, f"goal:{goal['id']}", f"{label} needs a measure."))
        for m_number, measure in enumerate(measures, start=1):
            missing = smart_findings(measure, 3)
            if missing:
                out.append(
                    Finding(
                        1,
                        f"measure:{measure['id']}",
                        f"{label}, measure {m_number} needs {', '.join(missing)}.",
                    )
                )
        if measures and not any(m.get("monitored") for m in measures):
            out.append(
                Finding(6, f"goal:{goal['id']}", f"{label} has no measure the team monitors.")
            )

    priorities = doc.get("priorities", [])
    if not priorities:
        out.append(Finding(4, "priorities", "Choose at least one priority area."))
    if len(priorities) > MAX_PRIORITIES:
        out.append(Finding(4, "priorities", f"Keep to at most {MAX_PRIORITIES} priority areas."))
    for p, priority in enumerate(priorities, start=1):
        p_label = f"Priority {p} {_name(priority.get('title', ''), '')}".strip()
        if not any(
            link.get("cause_id") or link.get("chain_id") for link in priority.get("links", [])
        ):
            out.append(
                Finding(
                    4, f"priority:{priority['id']}", f"Link {p_label} to at least one root cause."
                )
            )
        strategies = priority.get("strategies", [])
        if not strategies:
            out.append(Finding(5, f"priority:{priority['id']}", f"{p_label} needs a strategy."))
        for s, strategy in enumerate(strategies, start=1):
            s_label = f"Strategy {p}.{s}"
            ref = f"strategy:{strategy['id']}"
            for problem in theory_findings(
                strategy.get("if_text", ""),
                strategy.get("then_text", ""),
                strategy.get("and_text", ""),
            ):
                out.append(Finding(5, ref, f"{s_label}: {problem}."))
            if _blank(strategy.get("practice_code")):
                out.append(Finding(5, ref, f"{s_label} needs a Four Domains practice code."))
            if not strategy.get("measures"):
                out.append(Finding(5, ref, f"{s_label} needs a performance measure."))
            milestones = strategy.get("milestones", [])
            if not milestones:
                out.append(Finding(5, ref, f"{s_label} needs a milestone."))
            for m, milestone in enumerate(milestones, start=1):
                m_label = f"Milestone {p}.{s}.{m}"
                actions = milestone.get("actions", [])
                if not actions:
                    out.append(
                        Finding(
                            5,
                            f"milestone:{milestone['id']}",
                            f"{m_label} needs at least one action.",
                        )
                    )
                for a, action in enumerate(actions, start=1):
                    a_label = f"Action {p}.{s}.{m}.{a}"
                    a_ref = f"action:{action['id']}"
                    if not action.get("start") and not action.get("due"):
                        out.append(Finding(5, a_ref, f"{a_label} needs a timeline."))
                    if _blank(action.get("person_responsible")):
                        out.append(Finding(5, a_ref, f"{a_label} needs a person responsible."))
    return out
