"""Readiness profiles: which checks make a plan ready to send, as data.

A district or state asks for its own things. Each profile is a JSON file in
``resources/profiles/`` naming the rules that apply and their settings::

    {"name": "Illinois (ISBE)", "about": "…",
     "rules": {"goals": {"minimum": 2, "academic": 2}, "funding": {}, …}}

A rule left out does not apply. The file's name without ``.json`` is the profile's key
("tool-a", "illinois"); a plan names its profile by key (``""`` is Tool A), and the command
line's ``check --profile`` accepts the key or the plain name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import cast

from sipdesk.paths import resource_path

DEFAULT_PROFILE = "tool-a"

# Every rule a profile may name, and what it checks (for people reading the profiles).
RULES: dict[str, str] = {
    "sections": "the plan's required sections are written (settings: required, a list)",
    "signatures": "the plan is signed before it is sent",
    "goals": "enough goals with a complete measure, enough of them academic",
    "goal_measures": "every goal has a measure, and every measure is SMART",
    "monitoring": "every goal has a measure the team monitors",
    "local_assessment": "at least one interim (local) measure of student progress",
    "priorities": "between a minimum and a maximum of priority areas",
    "root_causes": "every priority is linked to a root cause",
    "strategies": "every priority has a strategy",
    "strategy_theory": "every strategy states its If we … then … and …",
    "practice_code": "every strategy names one of the twelve Four Domains practices",
    "evidence_base": "every strategy says what evidence it rests on",
    "learning_needs": "every strategy says what professional learning it needs",
    "strategy_measures": "every strategy has a SMART performance measure",
    "milestones": "every strategy has milestones, and every milestone actions",
    "timelines": "every action says when: dates, or for a recurring one its schedule",
    "owners": "every action has a person responsible",
    "funding": "every action names its funding source",
    "communication": "an action shares the plan with staff, families and the community "
    "(settings: words, the words that show it)",
}
SECTIONS = (
    "school_name",
    "school_year",
    "plan_date",
    "vision",
    "mission",
    "core_values",
    "theory_of_action",
)


class UnknownProfileError(ValueError):
    """A profile name that no profile has; the message lists the ones there are."""


@dataclass(frozen=True)
class ReadinessProfile:
    key: str
    name: str
    about: str
    rules: Mapping[str, Mapping[str, object]]

    def applies(self, rule: str) -> bool:
        return rule in self.rules

    def number(self, rule: str, setting: str, default: int) -> int:
        value = self.rules.get(rule, {}).get(setting, default)
        return value if isinstance(value, int) and not isinstance(value, bool) else default

    def words(self, rule: str, setting: str) -> tuple[str, ...]:
        value = self.rules.get(rule, {}).get(setting, [])
        return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _profile(key: str, data: object) -> ReadinessProfile:
    if not isinstance(data, dict):
        raise ValueError(f"the readiness profile “{key}” is not a JSON object")
    rules = data.get("rules")
    if not isinstance(rules, dict) or not all(isinstance(v, dict) for v in rules.values()):
        raise ValueError(f"the readiness profile “{key}” has no rules, or rules of the wrong kind")
    unknown = sorted(set(rules) - set(RULES))
    if unknown:
        raise ValueError(f"the readiness profile “{key}” names unknown rules: {unknown}")
    sections = rules.get("sections", {}).get("required", [])
    if not isinstance(sections, list) or set(sections) - set(SECTIONS):
        raise ValueError(f"the readiness profile “{key}” names unknown sections")
    return ReadinessProfile(
        key,
        str(data.get("name") or key),
        str(data.get("about") or ""),
        cast(Mapping[str, Mapping[str, object]], rules),
    )


@cache
def known_profiles() -> tuple[ReadinessProfile, ...]:
    """Every profile shipped with SIP Desk, Tool A first."""
    folder = resource_path("profiles")
    found = [
        _profile(path.stem, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(folder.glob("*.json"))
    ]
    return tuple(sorted(found, key=lambda p: (p.key != DEFAULT_PROFILE, p.name.lower())))


def find_profile(name: str) -> ReadinessProfile:
    """The profile with this key or plain name (any case); ``""`` is Tool A."""
    wanted = " ".join(name.split()).lower() or DEFAULT_PROFILE
    for profile in known_profiles():
        if wanted in (profile.key.lower(), profile.name.lower()):
            return profile
    names = [f"“{p.key}” for {p.name}" for p in known_profiles()]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    raise UnknownProfileError(
        f"there is no readiness profile called “{name.strip()}”; the profiles are {listed}"
    )


def profile_of(plan_profile: Mapping[str, object]) -> ReadinessProfile:
    """The profile a plan names (Tool A when it names none, or one SIP Desk does not know)."""
    name = plan_profile.get("readiness_profile", "")
    try:
        return find_profile(name if isinstance(name, str) else "")
    except UnknownProfileError:
        return find_profile(DEFAULT_PROFILE)
