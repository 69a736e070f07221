"""Plan health findings, and the lines they are shown in.

A finding is one thing to fix in one place. Many findings repeat one rule ("needs a baseline"
for measure after measure); shown one by one they bury the rest, so :func:`group_findings`
puts the findings of one rule in a step on one line that names every item ("4 strategy
measures need a baseline: 1.1, 1.2, 2.1, 2.3"), each item still reachable on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Finding:
    """One thing to fix: where it is (step, item) and what to do, in plain words.

    ``rule``, ``label`` and ``together`` say how it joins others of its kind and do not take
    part in comparing findings: ``together`` is the sentence for several, with ``{count}``
    for how many ("{count} actions need a timeline"), and ``label`` the item's short name in
    it ("1.1.1.2"). A finding without ``together`` always stands on its own line.
    """

    step: int
    item: str  # e.g. "goal:3", "strategy:7", "" for the step as a whole
    message: str
    rule: str = field(default="", compare=False)
    label: str = field(default="", compare=False)
    together: str = field(default="", compare=False)

    @property
    def step_name(self) -> str:
        return STEP_NAMES.get(self.step, "")


@dataclass(frozen=True)
class FindingGroup:
    """One line of plan health: a finding alone, or the findings of one rule together."""

    step: int
    rule: str
    message: str
    findings: tuple[Finding, ...]

    @property
    def single(self) -> bool:
        return len(self.findings) == 1

    @property
    def step_name(self) -> str:
        return STEP_NAMES.get(self.step, "")

    @property
    def labels(self) -> list[str]:
        return [finding.label for finding in self.findings]


def group_findings(findings: Iterable[Finding]) -> list[FindingGroup]:
    """The findings as lines, step by step: the findings of one rule in a step (with the same
    sentence for several) share a line in the order they were found; the rest stand alone."""
    buckets: dict[tuple[int, str, str] | int, list[Finding]] = {}
    for number, finding in enumerate(findings):
        groupable = bool(finding.rule and finding.together and finding.label)
        key: tuple[int, str, str] | int = (
            (finding.step, finding.rule, finding.together) if groupable else number
        )
        buckets.setdefault(key, []).append(finding)
    groups = []
    for members in buckets.values():
        first = members[0]
        if len(members) == 1:
            message = first.message
        else:
            labels = ", ".join(member.label for member in members)
            message = f"{first.together.replace('{count}', str(len(members)))}: {labels}."
        groups.append(FindingGroup(first.step, first.rule, message, tuple(members)))
    return sorted(groups, key=lambda group: group.step)  # stable: found order within a step
