"""A support's choice from the state pack's support catalogue (issue 15), in the words the
plan's printed pages use: "ISBE · School improvement helpline (Level 1)".

The plan keeps the choice as it was made (the level's key, the provider's and the service's
names), beside the support's own text. When the plan's pack still knows them, the provider is
named by its short name and the level by the first part of its name ("Level 1"); otherwise
the words stored are printed as they are, so a choice from a pack this SIP Desk lacks still
reads.
"""

from __future__ import annotations

from collections.abc import Mapping

from sipdesk.services.state_packs import StatePack, plan_pack

SEPARATOR = " · "


def has_choice(support: Mapping[str, object]) -> bool:
    """Whether the support was picked from the catalogue rather than typed freely."""
    return any(support.get(key) for key in ("pack_level", "pack_provider", "pack_service"))


def pack_of_plan(profile: Mapping[str, object]) -> StatePack:
    """The pack whose catalogue a plan's supports were picked from."""
    return plan_pack(profile, str(profile.get("readiness_profile") or ""))


def choice_words(support: Mapping[str, object], pack: StatePack | None) -> str:
    """The support's catalogue choice in a few words; "" when it was typed freely."""
    level = str(support.get("pack_level") or "").strip()
    provider = str(support.get("pack_provider") or "").strip()
    service = str(support.get("pack_service") or "").strip()
    if pack is not None:
        known = next((p for p in pack.providers if p.name == provider), None)
        if known is not None and known.short:
            provider = known.short
        named = next((lv for lv in pack.levels if lv.key == level), None)
        if named is not None:
            level = named.name.split(":", 1)[0].strip()
    words = SEPARATOR.join(part for part in (provider, service) if part)
    if level:
        words = f"{words} ({level})" if words else level
    return words
