"""The district's expectations pack (``.sipexpect``, issue 13 item 7): one JSON file the district
exports from its desk (``sipdesk district export-expectations``) and a school takes into SIP Desk
(``sipdesk take-expectations PLAN PACK``).

The pack holds the district's name, its timeline, the readiness profile it requires, the goals
plans should align to, and its rubric (keys: docs/district-desk.md, "The expectations pack").
It is untrusted input on the school's side: at most :data:`MAX_PACK_BYTES`, UTF-8 JSON, the
format and version named, every field of its kind and size; anything else is refused with one
sentence (:class:`PackError`) and nothing is written.

A taken pack is kept in the person's private SIP Desk folder, keyed by the plan's id
(``expectations/<plan id>.json``), not in the plan file: the plan's schema is unchanged, and
copies of the same plan on this computer share it. Qt-free.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sipdesk.district.rubric import Criterion, RubricError, parse_rubric
from sipdesk.storage.errors import PlanFileError

PACK_FORMAT = "sipdesk-expectations"
PACK_VERSION = 1
SUFFIX = ".sipexpect"
MAX_PACK_BYTES = 512 * 1024
MAX_GOALS, MAX_GOAL_TEXT, MAX_ROUNDS, MAX_NAME = 20, 500, 24, 200
TIMELINE_KEYS = ("first_draft_due", "feedback_by", "final_due")
# Words for each date, for the school.
DEADLINE_WORDS = {
    "first_draft_due": "First draft due",
    "feedback_by": "District feedback by",
    "final_due": "Final plan due",
}


class PackError(PlanFileError):
    """A file that is not an expectations pack this SIP Desk can take; one sentence."""


@dataclass(frozen=True)
class ExpectationsPack:
    district: str
    first_draft_due: dt.date | None
    feedback_by: dt.date | None
    final_due: dt.date | None
    check_ins: tuple[dt.date, ...]
    readiness_profile: str  # a profile key, "" for none required
    goals: tuple[str, ...]
    rubric: tuple[Criterion, ...]
    exported_at: str = ""

    def date(self, key: str) -> dt.date | None:
        value = getattr(self, key)
        return value if isinstance(value, dt.date) else None


def pack_json(pack: ExpectationsPack) -> dict[str, Any]:
    def iso(day: dt.date | None) -> str | None:
        return day.isoformat() if day else None

    return {
        "format": PACK_FORMAT,
        "version": PACK_VERSION,
        "district": pack.district,
        "exported_at": pack.exported_at,
        "timeline": {
            "first_draft_due": iso(pack.first_draft_due),
            "feedback_by": iso(pack.feedback_by),
            "final_due": iso(pack.final_due),
            "check_ins": [d.isoformat() for d in pack.check_ins],
        },
        "readiness_profile": pack.readiness_profile,
        "goals": list(pack.goals),
        "rubric": {
            "criteria": [
                {
                    "key": c.key,
                    "name": c.name,
                    "description": c.description,
                    "levels": [
                        {"level": lv.level, "name": lv.name, "description": lv.description}
                        for lv in c.levels
                    ],
                }
                for c in pack.rubric
            ]
        },
    }


def _dump(pack: ExpectationsPack) -> bytes:
    return (json.dumps(pack_json(pack), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_pack(pack: ExpectationsPack, target: Path) -> None:
    """Write the pack to ``target`` whole (a temp file renamed into place)."""
    from sipdesk.storage.writeback import _fsync_file, write_atomically

    data = _dump(pack)

    def build(temp: Path) -> None:
        temp.write_bytes(data)
        _fsync_file(temp)

    write_atomically(build, target)


# ------------------------------------------------------------------ reading, untrusted
def read_pack(path: Path) -> ExpectationsPack:
    """The pack in ``path``, every part checked; PackError (one sentence) for anything else."""
    shown = Path(path).expanduser().absolute()
    name = shown.name
    try:
        if not shown.is_file():
            raise PackError(shown, f"“{name}” could not be found, or is not a file.")
        if shown.stat().st_size > MAX_PACK_BYTES:
            raise PackError(shown, f"“{name}” is far larger than any expectations pack.")
        with shown.open("rb") as handle:
            raw = handle.read(MAX_PACK_BYTES + 1)
    except OSError:
        raise PackError(shown, f"“{name}” could not be read.") from None
    if len(raw) > MAX_PACK_BYTES:
        raise PackError(shown, f"“{name}” is far larger than any expectations pack.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # not UTF-8, not JSON, a number too long to read
        raise PackError(
            shown,
            f"“{name}” is not a district's expectations pack (it is not JSON SIP Desk reads).",
        ) from None
    return parse_pack(data, shown)


def parse_pack(data: object, shown: Path) -> ExpectationsPack:
    name = shown.name
    if not isinstance(data, dict) or data.get("format") != PACK_FORMAT:
        raise PackError(shown, f"“{name}” is not a district's expectations pack.")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PackError(shown, f"“{name}” does not say which version of a pack it is.")
    if version > PACK_VERSION:
        raise PackError(
            shown,
            f"“{name}” was made by a newer SIP Desk (pack version {version}); please update "
            "SIP Desk to take it.",
        )

    def bad(what: str) -> PackError:
        return PackError(shown, f"In “{name}”, {what}, so the pack was not taken.")

    district = data.get("district")
    if not isinstance(district, str) or len(district) > MAX_NAME:
        raise bad("the district's name is missing or far too long")
    timeline = data.get("timeline")
    if not isinstance(timeline, dict):
        raise bad("the timeline is missing")
    dates: dict[str, dt.date | None] = {}
    for key in TIMELINE_KEYS:
        dates[key] = _day(timeline.get(key), key.replace("_", " "), bad)
    rounds = timeline.get("check_ins", [])
    if not isinstance(rounds, list) or len(rounds) > MAX_ROUNDS:
        raise bad("the check-in dates are not a short list of dates")
    days = {_day(d, "a check-in date", bad, required=True) for d in rounds}
    check_ins = tuple(sorted(d for d in days if d is not None))
    profile = data.get("readiness_profile", "")
    if not isinstance(profile, str):
        raise bad("the readiness profile is not a name")
    if profile:
        from sipdesk.services.readiness_profiles import UnknownProfileError, find_profile

        try:
            profile = find_profile(profile).key
        except UnknownProfileError:
            raise bad(
                f"the readiness profile “{profile[:40]}” is one this SIP Desk does not know"
            ) from None
    goals = data.get("goals", [])
    if (
        not isinstance(goals, list)
        or len(goals) > MAX_GOALS
        or not all(isinstance(g, str) and 0 < len(g.strip()) <= MAX_GOAL_TEXT for g in goals)
    ):
        raise bad(f"the district goals are not a list of up to {MAX_GOALS} short texts")
    try:
        given = data.get("rubric")
        empty = given is None or given == {} or given == {"criteria": []}
        criteria = [] if empty else parse_rubric(given, name)
    except RubricError as exc:
        raise PackError(shown, str(exc)) from None
    exported = data.get("exported_at", "")
    return ExpectationsPack(
        district=" ".join(district.split()),
        first_draft_due=dates["first_draft_due"],
        feedback_by=dates["feedback_by"],
        final_due=dates["final_due"],
        check_ins=check_ins,
        readiness_profile=profile,
        goals=tuple(" ".join(g.split()) for g in goals),
        rubric=tuple(criteria),
        exported_at=exported[:40] if isinstance(exported, str) else "",
    )


def _day(value: object, what: str, bad: Any, *, required: bool = False) -> dt.date | None:
    if value is None and not required:
        return None
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise bad(f"the {what} is not a date")


# ------------------------------------------------------------------ kept for a plan
def _folder() -> Path:
    from sipdesk.paths import data_dir

    return data_dir() / "expectations"


def _key(plan_id: str) -> str | None:
    try:
        return str(uuid.UUID(plan_id))
    except (ValueError, AttributeError, TypeError):
        return None


def store_pack(plan_id: str, pack: ExpectationsPack, plan_path: Path) -> Path:
    """Keep ``pack`` as the district's expectations for the plan with this id."""
    from sipdesk.storage.writeback import _fsync_file, write_atomically

    key = _key(plan_id)
    if key is None:
        raise PackError(
            plan_path, f"“{plan_path.name}” has no plan id, so the pack cannot be kept for it."
        )
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{key}.json"
    data = _dump(pack)

    def build(temp: Path) -> None:
        temp.write_bytes(data)
        _fsync_file(temp)

    write_atomically(build, target)
    return target


def stored_pack(plan_id: str) -> ExpectationsPack | None:
    """The district's expectations kept for this plan, or None (none taken, or the kept file
    no longer reads as a pack: it is checked again, as any file is)."""
    key = _key(plan_id)
    if key is None:
        return None
    try:
        path = _folder() / f"{key}.json"
        if not path.is_file():
            return None
        return _read_kept(path)
    except (PackError, OSError):
        return None


def _read_kept(path: Path) -> ExpectationsPack:
    """:func:`read_pack` for a kept file, read and checked once while the file stays as it is:
    plan health asks for the plan's pack more than once each time it looks (whose checklist it
    follows, the district's next deadline), and looks again a moment after every edit. A file
    taken again, edited or replaced has another stamp, so it is read afresh."""
    found = path.stat()
    return _read_as_of(path, (found.st_mtime_ns, found.st_ctime_ns, found.st_size, found.st_ino))


@lru_cache(maxsize=16)
def _read_as_of(path: Path, stamp: tuple[int, int, int, int]) -> ExpectationsPack:
    """The pack in ``path`` as it was at ``stamp`` (a file that is not a pack is not kept
    here: it raises, and is checked again next time)."""
    del stamp  # part of the cache key only
    return read_pack(path)


def forget_pack(plan_id: str) -> None:
    key = _key(plan_id)
    if key is not None:
        with_path = _folder() / f"{key}.json"
        if with_path.is_file():
            os.remove(with_path)


# ------------------------------------------------------------------ what the school sees
def days_left_words(days: int) -> str:
    if days == 0:
        return "today"
    if days > 0:
        return f"{days} day{'s' if days != 1 else ''} left"
    return f"{-days} day{'s' if days != -1 else ''} ago"


def deadlines(pack: ExpectationsPack, today: dt.date) -> list[tuple[str, dt.date, int]]:
    """The district's dates, in order: (words, date, days left on ``today``)."""
    out = [
        (DEADLINE_WORDS[key], day, (day - today).days)
        for key in TIMELINE_KEYS
        if (day := pack.date(key)) is not None
    ]
    out.extend(("Check-in", day, (day - today).days) for day in pack.check_ins)
    return sorted(out, key=lambda item: item[1])


def deadline_lines(pack: ExpectationsPack, today: dt.date) -> list[str]:
    """``Final plan due 15 Jan 2027 (12 days left)``, one per date."""
    return [
        f"{words} {day.day} {day:%b %Y} ({days_left_words(days)})"
        for words, day, days in deadlines(pack, today)
    ]


def next_deadline(pack: ExpectationsPack, today: dt.date) -> str:
    """The next of the district's dates from ``today`` on, as words, or ``""``."""
    coming = [item for item in deadlines(pack, today) if item[2] >= 0]
    if not coming:
        return ""
    words, day, days = coming[0]
    return f"{words} {day.day} {day:%b %Y} ({days_left_words(days)})"
