"""Which readiness profile a plan is checked by, and the words that say so (issue 13 item 7).

A plan names its own profile (the team picks it on step 0). When the school took the
district's expectations pack for the plan and the pack requires a profile, the district's
wins: it is what the plan will be read against. The plan's own choice is not changed.
``sipdesk check`` (without ``--profile``), plan health in the window and the Review step all
decide through :func:`checked_by`, so they never disagree. Qt-free.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sipdesk.services.readiness_profiles import (
    DEFAULT_PROFILE,
    ReadinessProfile,
    UnknownProfileError,
    find_profile,
    profile_of,
)


@dataclass(frozen=True)
class CheckedBy:
    profile: ReadinessProfile  # what the plan is checked by
    own: ReadinessProfile  # what the plan itself names
    district: str = ""  # the district's name, when its pack chose ``profile``

    @property
    def by_district(self) -> bool:
        return bool(self.district)

    def words(self) -> str:
        """What plan health says first about whose checklist it follows ("" for the usual
        Tool A, chosen by the plan itself)."""
        if not self.by_district:
            if self.profile.key == DEFAULT_PROFILE:
                return ""
            return f"Checked against the {self.profile.name} template."
        said = f"Checked against {possessive(self.district)} requirements: {self.profile.name}"
        if self.own.key == self.profile.key:
            return f"{said}, the template your team chose too."
        # Short: the side panel is narrow. The district's wins, as it reads the plan by it.
        return f"{said}, as they will read it. Your team's choice ({self.own.name}) stays as it is."


def possessive(name: str) -> str:
    """ "Linden Valley's", "Pine County Schools'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def checked_by(
    plan_profile: Mapping[str, object], required: str = "", district: str = ""
) -> CheckedBy:
    """The profile to check by: ``required`` (the key the district's pack names, "" for none)
    when it is one SIP Desk knows, else the plan's own."""
    own = profile_of(plan_profile)
    if required:
        try:
            return CheckedBy(find_profile(required), own, district or "the district")
        except UnknownProfileError:
            pass
    return CheckedBy(own, own)


def plan_checked_by(plan_profile: Mapping[str, object]) -> CheckedBy:
    """:func:`checked_by` for a plan, with the pack kept for its id (if any)."""
    from sipdesk.services.expectations_pack import stored_pack

    pack = stored_pack(str(plan_profile.get("plan_id") or ""))
    if pack is None:
        return checked_by(plan_profile)
    return checked_by(plan_profile, pack.readiness_profile, pack.district)
