"""A glance at the district's expectations kept for a plan, for screens that must stay light
(issue 13 item 7): the start screen's recent plans and the district's goals on step 1.

:mod:`sipdesk.services.expectations_pack` reads a pack fully (its rubric too) and needs the
district's rubric code; this reads only the kept file's district, dates and goals, with the
json module, so the start screen stays on screen before the database code is loaded. It is
as wary as the full reader of what it uses: a kept file that is not a pack, is of a later
version, is cut short or has a field of the wrong kind gives ``None``, as if no pack were
taken, and says nothing. Qt-free.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

PACK_FORMAT = "sipdesk-expectations"
PACK_VERSION = 1
MAX_KEPT_BYTES = 512 * 1024
TIMELINE_KEYS = ("first_draft_due", "feedback_by", "final_due")
# How each date reads beside a plan on the start screen, coming and gone by.
COMING = {
    "first_draft_due": "First draft due to {d}",
    "feedback_by": "Feedback from {d} due",
    "final_due": "Final plan due to {d}",
    "check_in": "Check-in with {d}",
}
GONE = {
    "first_draft_due": "First draft was due to {d}",
    "feedback_by": "Feedback from {d} was due",
    "final_due": "Final plan was due to {d}",
    "check_in": "Check-in with {d} was",
}
# A last date further back than this is last year's business: nothing is said.
LATE_FOR_DAYS = 90


# Named tuples, not dataclasses: the start screen loads this module before its first paint, and
# making a frozen dataclass costs about a millisecond each (measured), a named tuple a fifth.
class PackGlance(NamedTuple):
    district: str
    dates: tuple[tuple[str, dt.date], ...]  # (timeline key or "check_in", day), in order
    goals: tuple[str, ...]
    readiness_profile: str


class DeadlineNote(NamedTuple):
    text: str  # "First draft due to Linden Valley in 12 days — 18 Dec"
    late: bool  # the school's last piece of work for the district was due and has gone by


def kept_path(plan_id: str) -> Path | None:
    """Where the pack taken for this plan is kept (it may not be there), or None for no id."""
    try:
        key = uuid_text(plan_id)
    except (ValueError, AttributeError, TypeError):
        return None
    from sipdesk.paths import data_dir_location

    return data_dir_location() / "expectations" / f"{key}.json"


def uuid_text(text: str) -> str:
    """``str(uuid.UUID(text))``, worked out as the uuid module does it (the same forms taken,
    the same ValueError for others) without loading that module and what it loads, a few
    milliseconds of the start screen's time (tests/unit/test_pack_glance_uuid.py)."""
    digits = text.replace("urn:", "").replace("uuid:", "").strip("{}").replace("-", "")
    if len(digits) != 32:
        raise ValueError("badly formed hexadecimal UUID string")
    h = f"{int(digits, 16):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def glance(plan_id: str) -> PackGlance | None:
    """The district's name, dates and goals kept for this plan, or None (no id, no pack taken,
    or a kept file that does not read as a pack)."""
    path = kept_path(plan_id)
    if path is None:
        return None
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_KEPT_BYTES + 1)
        if len(raw) > MAX_KEPT_BYTES:
            return None
        import json  # here: most plans on the start screen have no pack kept

        return _glance(json.loads(raw.decode("utf-8")))
    except (OSError, ValueError, RecursionError):  # none kept, cut short, not JSON
        return None


def _glance(data: object) -> PackGlance | None:
    if not isinstance(data, dict) or data.get("format") != PACK_FORMAT:
        return None
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 0 < version <= PACK_VERSION:
        return None
    district, timeline = data.get("district"), data.get("timeline")
    goals, profile = data.get("goals", []), data.get("readiness_profile", "")
    if not isinstance(district, str) or not isinstance(timeline, dict):
        return None
    if not isinstance(goals, list) or not all(isinstance(g, str) for g in goals):
        return None
    rounds = timeline.get("check_ins", [])
    if not isinstance(rounds, list):
        return None
    dates = [(key, timeline.get(key)) for key in TIMELINE_KEYS]
    dates += [("check_in", day) for day in rounds]
    days: list[tuple[str, dt.date]] = []
    for key, value in dates:
        if value is None and key != "check_in":
            continue
        if not isinstance(value, str) or len(value) != 10:
            return None
        days.append((key, dt.date.fromisoformat(value)))  # ValueError: not a pack
    return PackGlance(
        " ".join(district.split()),
        tuple(sorted(days, key=lambda item: item[1])),
        tuple(" ".join(g.split()) for g in goals if g.strip()),
        profile if isinstance(profile, str) else "",
    )


def _day(day: dt.date, today: dt.date) -> str:
    return f"{day.day} {day:%b}" if day.year == today.year else f"{day.day} {day:%b %Y}"


def deadline_note(pack: PackGlance, today: dt.date) -> DeadlineNote | None:
    """The district's next date from ``today`` and the days left; when every date has gone
    by, the last one (late, when it was the school's to send; for up to
    :data:`LATE_FOR_DAYS` days); else None."""
    district = pack.district or "the district"
    coming = [(key, day) for key, day in pack.dates if day >= today]
    if coming:
        key, day = coming[0]
        days = (day - today).days
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        return DeadlineNote(f"{COMING[key].format(d=district)} {when} — {_day(day, today)}", False)
    if not pack.dates:
        return None
    key, day = pack.dates[-1]
    days = (today - day).days
    if days > LATE_FOR_DAYS:
        return None
    ago = "yesterday" if days == 1 else f"{days} days ago"
    said = f"{GONE[key].format(d=district)} {ago} — {_day(day, today)}"
    if key in ("first_draft_due", "final_due"):  # the school's to send, not a meeting
        return DeadlineNote(
            f"Late: {said[0].lower()}{said[1:]}. Send it when the team is ready.", True
        )
    return DeadlineNote(said, False)


__all__ = ["DeadlineNote", "PackGlance", "deadline_note", "glance", "kept_path"]
