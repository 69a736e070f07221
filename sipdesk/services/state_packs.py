"""State packs (issue 15): a state's or district's planning year and system of support, as data.

A pack is one UTF-8 JSON file (keys: docs/state-packs.md; schema: ``resources/packs/schema.json``)
naming the system it describes, its planning-year calendar (activities by month and role, each
tied to a wizard step, some with dated deadlines), its tiered support catalogue (providers,
levels, services) and the readiness profile it expects. SIP Desk ships ``illinois`` and
``generic`` in ``resources/packs/``; a district makes its own by copying one and editing it.

A pack from outside is untrusted: at most :data:`MAX_PACK_BYTES`, UTF-8 JSON, held to the
shipped schema (unknown keys refused), then to what a schema cannot say (roles and levels that
exist, real dates, a readiness profile SIP Desk knows). Anything else is refused with one
sentence (:class:`StatePackError`), never a traceback.

Dates in a pack are a month and a day (``"01-31"``); the calendar is placed on real years by
the month the planning year starts (``calendar.starts``): a month on or after it falls in the
year the planning year starts, an earlier month in the next year, and implementation-year
activities a year later. Qt-free.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sipdesk.paths import resource_path
from sipdesk.storage.errors import PlanFileError

if TYPE_CHECKING:
    from sipdesk.services.expectations_pack import ExpectationsPack

PACK_FORMAT = "sipdesk-state-pack"
PACK_VERSION = 1
PACKS_FOLDER = "packs"
SCHEMA_FILE = "schema.json"
DEFAULT_PACK = "generic"
MAX_PACK_BYTES = 512 * 1024
DUE_DAYS = 30  # "due" means in the next 30 days
OVERDUE_DAYS = (
    30  # a due date passed up to 30 days ago is overdue (SIP Desk cannot know it is done)
)
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class StatePackError(PlanFileError):
    """A file that is not a state pack SIP Desk can use, or a pack name no pack has; the
    message is one sentence."""


@dataclass(frozen=True)
class Role:
    key: str
    name: str
    about: str = ""


@dataclass(frozen=True)
class Deadline:
    month: int
    day: int
    what: str
    kind: str = "due"  # "due", "ends" (a reporting period ends) or "opens"


@dataclass(frozen=True)
class Activity:
    months: tuple[int, ...]
    year: str  # "planning" or "implementation"
    step: int  # the wizard step, 0-8 (sipdesk/services/findings.py STEP_NAMES)
    title: str
    roles: tuple[tuple[str, str], ...]  # (role key, what that role does), in the pack's order
    deadlines: tuple[Deadline, ...] = ()

    def for_role(self, key: str) -> str:
        return next((text for role, text in self.roles if role == key), "")


@dataclass(frozen=True)
class Level:
    key: str
    name: str
    about: str = ""


@dataclass(frozen=True)
class Service:
    level: str
    name: str
    about: str = ""
    cost: str = ""


@dataclass(frozen=True)
class Provider:
    name: str
    short: str
    about: str
    services: tuple[Service, ...]


@dataclass(frozen=True)
class StatePack:
    name: str
    title: str
    system: str
    about: str
    readiness_profile: str
    roles: tuple[Role, ...]
    starts: int  # the month the planning year starts, 1-12
    activities: tuple[Activity, ...]
    levels: tuple[Level, ...]
    providers: tuple[Provider, ...]

    def role(self, key: str) -> Role:
        return next(r for r in self.roles if r.key == key)

    def level(self, key: str) -> Level:
        return next(lv for lv in self.levels if lv.key == key)

    def months(self, year: str = "planning") -> tuple[int, ...]:
        """The calendar months with activities in that year, in the year's order."""
        found = {m for a in self.activities if a.year == year for m in a.months}
        return tuple(sorted(found, key=self.order))

    def order(self, month: int) -> int:
        """0 for the month the planning year starts, 11 for the month before it."""
        return (month - self.starts) % 12

    def services(self, level: str) -> list[tuple[Provider, Service]]:
        """The catalogue at one level: (provider, service), providers in the pack's order."""
        return [(p, s) for p in self.providers for s in p.services if s.level == level]


# ------------------------------------------------------------------ reading, untrusted
def read_pack_file(path: Path, *, shipped: bool = False) -> StatePack:
    """The pack in ``path``, every part checked; StatePackError (one sentence) for anything
    else. ``shipped``: one of SIP Desk's own packs, whose keeping to the schema the test suite
    checks, so reading it does not load the schema checker (about a fifth of a second, on
    the start screen)."""
    shown = Path(path).expanduser().absolute()
    name = shown.name
    try:
        if not shown.is_file():
            raise StatePackError(shown, f"“{name}” could not be found, or is not a file.")
        if shown.stat().st_size > MAX_PACK_BYTES:
            raise StatePackError(shown, f"“{name}” is far larger than any state pack.")
        with shown.open("rb") as handle:
            raw = handle.read(MAX_PACK_BYTES + 1)
    except OSError:
        raise StatePackError(shown, f"“{name}” could not be read.") from None
    if len(raw) > MAX_PACK_BYTES:
        raise StatePackError(shown, f"“{name}” is far larger than any state pack.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise StatePackError(
            shown, f"“{name}” is not a state pack (it is not written as UTF-8 text)."
        ) from None
    except (ValueError, RecursionError):  # not JSON, nested too deep, a number too long
        raise StatePackError(shown, f"“{name}” is not a state pack (it is not JSON).") from None
    return parse_pack(data, shown, shipped=shipped)


def parse_pack(data: object, shown: Path, *, shipped: bool = False) -> StatePack:
    """A pack from a JSON document already read: the schema (not for a ``shipped`` pack, see
    read_pack_file), then the pack's own rules."""
    name = shown.name
    if not isinstance(data, dict) or data.get("format") != PACK_FORMAT:
        raise StatePackError(shown, f"“{name}” is not a state pack.")
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > PACK_VERSION:
        raise StatePackError(
            shown,
            f"“{name}” was made for a newer SIP Desk (pack version {version}); please update "
            "SIP Desk to use it.",
        )
    problem = "" if shipped else _schema_problem(data)
    if problem:
        raise StatePackError(shown, f"In “{name}”, {problem}, so the pack was not used.")

    def bad(what: str) -> StatePackError:
        return StatePackError(shown, f"In “{name}”, {what}, so the pack was not used.")

    roles = tuple(Role(r["key"], _words(r["name"]), r.get("about", "")) for r in data["roles"])
    _unique([r.key for r in roles], "role", bad)
    role_keys = [r.key for r in roles]
    activities = []
    for number, item in enumerate(data["calendar"]["activities"], start=1):
        unknown = sorted(set(item["roles"]) - set(role_keys))
        if unknown:
            raise bad(f"activity {number} names a role the pack does not list (“{unknown[0]}”)")
        deadlines = tuple(_deadline(d, number, bad) for d in item.get("deadlines", []))
        activities.append(
            Activity(
                months=tuple(item["months"]),
                year=item["year"],
                step=item["step"],
                title=_words(item["title"]),
                roles=tuple((k, item["roles"][k].strip()) for k in role_keys if k in item["roles"]),
                deadlines=deadlines,
            )
        )
    supports = data["supports"]
    levels = tuple(
        Level(lv["key"], _words(lv["name"]), lv.get("about", "")) for lv in supports["levels"]
    )
    _unique([lv.key for lv in levels], "level", bad)
    providers = []
    for item in supports["providers"]:
        services = tuple(
            Service(s["level"], _words(s["name"]), s.get("about", ""), s.get("cost", ""))
            for s in item["services"]
        )
        for service in services:
            if service.level not in {lv.key for lv in levels}:
                raise bad(
                    f"the service “{service.name[:60]}” is at a level the pack does not list "
                    f"(“{service.level}”)"
                )
        providers.append(
            Provider(_words(item["name"]), item.get("short", ""), item.get("about", ""), services)
        )
    from sipdesk.services.readiness_profiles import UnknownProfileError, find_profile

    try:
        profile = find_profile(data["readiness_profile"]).key
    except UnknownProfileError:
        raise bad(
            f"the readiness profile “{data['readiness_profile']}” is one this SIP Desk "
            "does not know"
        ) from None
    return StatePack(
        name=data["name"],
        title=_words(data["title"]),
        system=_words(data["system"]),
        about=data.get("about", ""),
        readiness_profile=profile,
        roles=roles,
        starts=data["calendar"]["starts"],
        activities=tuple(activities),
        levels=levels,
        providers=tuple(providers),
    )


def _words(text: str) -> str:
    return " ".join(text.split())


def _unique(keys: Sequence[str], what: str, bad: Any) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise bad(f"two {what}s have the key “{key}”")
        seen.add(key)


def _deadline(data: dict[str, Any], number: int, bad: Any) -> Deadline:
    month, day = (int(part) for part in data["date"].split("-"))
    try:
        dt.date(2001, month, day)  # a real day in every year (so never 29 February)
    except ValueError:
        raise bad(
            f"activity {number} has a deadline on a day no month has (“{data['date']}”)"
        ) from None
    return Deadline(month, day, _words(data["what"]), data.get("kind", "due"))


# ------------------------------------------------------------------ the schema
@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator, validators

    def whole(_checker: Any, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    checker = Draft202012Validator.TYPE_CHECKER.redefine("integer", whole)
    strict = validators.extend(Draft202012Validator, type_checker=checker)
    schema = json.loads(resource_path(PACKS_FOLDER, SCHEMA_FILE).read_text(encoding="utf-8"))
    return strict(schema)


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object with named parts",
    "null": "null",
}


def _schema_problem(document: object) -> str:
    """The first way ``document`` breaks the schema, as words ("" when it keeps to it)."""
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    errors = [e for e in errors if not any(isinstance(p, int) and p > 10**6 for p in e.path)]
    if not errors:
        return ""
    return _said(errors[0])


_SINGULAR = {
    "roles": "role",
    "activities": "activity",
    "deadlines": "deadline",
    "months": "month",
    "levels": "level",
    "providers": "provider",
    "services": "service",
}


def _where(path: Iterable[object]) -> str:
    """``["calendar", "activities", 2, "step"]`` → "“step” of activity 3 of the calendar"."""
    parts: list[str] = []
    for part in path:
        if isinstance(part, int) and parts and parts[-1].strip("“”") in _SINGULAR:
            parts[-1] = f"{_SINGULAR[parts[-1].strip('“”')]} {part + 1}"
        elif isinstance(part, int):
            parts.append(f"item {part + 1}")
        elif part in ("calendar", "supports"):
            parts.append(f"the {part}")
        else:
            parts.append(f"“{str(part)[:40]}”")
    return " of ".join(reversed(parts)) if parts else "the pack"


def _said(error: Any) -> str:
    where = _where(error.absolute_path)
    kind = error.validator
    instance = error.instance
    if kind == "additionalProperties" and isinstance(instance, dict):
        known = set(error.schema.get("properties", {}))
        extra = sorted(str(k) for k in instance if k not in known)
        key = extra[0][:40] if extra else "?"
        return f"{where} holds “{key}”, which is not something a pack holds"
    if kind == "required" and isinstance(instance, dict):
        missing = [k for k in error.validator_value if k not in instance]
        key = missing[0] if missing else "?"
        return f"{where} has no “{key}”"
    if kind == "type":
        wanted = error.validator_value
        words = _TYPE_WORDS.get(wanted, str(wanted)) if isinstance(wanted, str) else "another kind"
        return f"{where} should be {words}"
    if kind in ("const", "enum"):
        return f"{where} is not one of the values a pack allows"
    if kind == "pattern":
        return f"{where} is not written the way a pack needs"
    if kind in ("maxLength", "maxItems", "maxProperties"):
        return f"{where} is longer than a pack allows"
    if kind in ("minLength", "minItems", "minProperties"):
        return f"{where} is empty"
    if kind in ("minimum", "maximum"):
        return f"{where} is out of range"
    if kind == "uniqueItems":
        return f"{where} repeats an item"
    return f"{where} is not what a pack holds there"


# ------------------------------------------------------------------ installed packs
@cache
def installed_packs() -> tuple[StatePack, ...]:
    """The packs shipped with SIP Desk, by name (each checked as any pack is; a shipped pack
    must be named as its file is)."""
    found = []
    for path in sorted(resource_path(PACKS_FOLDER).glob("*.json")):
        if path.name == SCHEMA_FILE:
            continue
        pack = read_pack_file(path, shipped=True)
        if pack.name != path.stem:
            raise StatePackError(path, f"“{path.name}” names itself “{pack.name}”.")
        found.append(pack)
    return tuple(sorted(found, key=lambda p: p.name))


def find_pack(name: str) -> StatePack:
    """The installed pack with this name or title (any case)."""
    wanted = " ".join(name.split()).lower()
    for pack in installed_packs():
        if wanted in (pack.name, pack.title.lower()):
            return pack
    listed = ", ".join(f"“{p.name}”" for p in installed_packs())
    raise StatePackError(
        Path(name), f"there is no state pack called “{name.strip()[:60]}”; the packs are {listed}."
    )


def load_pack(name_or_file: str) -> StatePack:
    """An installed pack by name, or else a pack file from outside (read as untrusted)."""
    wanted = " ".join(name_or_file.split()).lower()
    if any(wanted in (p.name, p.title.lower()) for p in installed_packs()):
        return find_pack(name_or_file)
    looks_like_file = name_or_file.lower().endswith(".json") or any(
        sep in name_or_file for sep in ("/", "\\")
    )
    if looks_like_file or Path(name_or_file).expanduser().is_file():
        return read_pack_file(Path(name_or_file))
    return find_pack(name_or_file)


def pack_for_profile(profile_key: str) -> StatePack:
    """The installed pack that expects this readiness profile (the generic pack if none)."""
    for pack in installed_packs():
        if pack.name != DEFAULT_PACK and pack.readiness_profile == profile_key:
            return pack
    return find_pack(DEFAULT_PACK)


# ------------------------------------------------------------------ on a real calendar
def month_words(year: int, month: int) -> str:
    return f"{MONTH_NAMES[month - 1]} {year}"


def start_for_month(pack: StatePack, year: int, month: int) -> int:
    """The year the planning year starts, for a planning year that holds this month."""
    return year if month >= pack.starts else year - 1


def start_for_plan(pack: StatePack, first_month: str) -> int:
    """The year the planning year starts for a plan whose school year starts ``first_month``
    ("2026-08"): the planning year is the plan's school year (a school year starts in July or
    later; a pack's planning year starting before July starts in the next calendar year)."""
    year, month = int(first_month[:4]), int(first_month[5:7])
    school_year = year if month >= 7 else year - 1
    return school_year if pack.starts >= 7 else school_year + 1


_YEAR = re.compile(r"\s*(\d{4})")


def year_started(school_year: str) -> int | None:
    """The calendar year a school year written as people write it ("2026–27", "2026-2027",
    "2026") starts in, or None when it says none."""
    found = _YEAR.match(school_year or "")
    return int(found.group(1)) if found and 1900 <= int(found.group(1)) <= 2200 else None


def plan_pack(profile: Mapping[str, object], profile_key: str) -> StatePack:
    """The pack a plan follows: the one it names (``profile["state_pack"]``) when this SIP Desk
    has it, else the one its readiness profile (``profile_key``) points to, as before plans
    named their pack."""
    name = str(profile.get("state_pack") or "")
    if name and any(p.name == name for p in installed_packs()):
        return find_pack(name)
    return pack_for_profile(profile_key)


def start_for_choices(pack: StatePack, first_month: str, profile: Mapping[str, object]) -> int:
    """The year the pack's planning year starts for a plan, from where the plan says it stands.

    - "This year is implementation year N": the plan's school year (its first month) is shown
      as the pack's implementation year, so the planning year is the school year before it.
    - Otherwise, a designation year places the planning year ("2025–26": the planning year is
      that school year).
    - With neither, the plan's school year is its planning year, as before plans said.
    """
    school = start_for_plan(pack, first_month)
    if profile.get("plan_phase") == "implementation":
        return school - 1
    designated = year_started(str(profile.get("designation_year") or ""))
    if designated is not None:
        return start_for_plan(pack, f"{designated:04d}-08")
    return school


def placed(pack: StatePack, start: int, year: str, month: int) -> tuple[int, int]:
    """(year, month) of a pack month in the planning year starting in ``start`` (or in the
    implementation year after it)."""
    base = start + (1 if year == "implementation" else 0)
    return (base if month >= pack.starts else base + 1, month)


def which_year(pack: StatePack, start: int, year: int, month: int) -> str:
    """ "planning", "implementation" or "" for a month outside both."""
    index = (year - start) * 12 + (month - pack.starts)
    if 0 <= index < 12:
        return "planning"
    if 12 <= index < 24:
        return "implementation"
    return ""


def activities_in(pack: StatePack, start: int, year: int, month: int) -> list[Activity]:
    """The pack's activities in this month, in the pack's order."""
    return [
        a
        for a in pack.activities
        if any(placed(pack, start, a.year, m) == (year, month) for m in a.months)
    ]


@dataclass(frozen=True)
class Dated:
    day: dt.date
    what: str
    kind: str  # "due", "ends", "opens"
    step: int | None  # the wizard step, None for the district's dates
    source: str  # the pack's title or the district's name

    def days_from(self, today: dt.date) -> int:
        return (self.day - today).days


def dated(pack: StatePack, start: int) -> list[Dated]:
    """Every dated deadline of the pack on its real day, in date order."""
    out = []
    for activity in pack.activities:
        for d in activity.deadlines:
            y, m = placed(pack, start, activity.year, d.month)
            out.append(Dated(dt.date(y, m, d.day), d.what, d.kind, activity.step, pack.title))
    return sorted(out, key=lambda item: item.day)


def district_dated(pack: ExpectationsPack, today: dt.date) -> list[Dated]:
    """The dates in a district's expectations pack, as the calendar shows them."""
    from sipdesk.services.expectations_pack import deadlines

    source = pack.district or "the district"
    return [Dated(day, words, "due", None, source) for words, day, _ in deadlines(pack, today)]


def due_soon(items: Iterable[Dated], today: dt.date, days: int = DUE_DAYS) -> list[Dated]:
    """The dates from today to ``days`` days on, in date order."""
    return sorted((i for i in items if 0 <= i.days_from(today) <= days), key=lambda i: i.day)


def overdue(items: Iterable[Dated], today: dt.date, days: int = OVERDUE_DAYS) -> list[Dated]:
    """Due dates (not a period's end or a window opening) passed in the last ``days`` days."""
    return sorted(
        (i for i in items if i.kind == "due" and -days <= i.days_from(today) < 0),
        key=lambda i: i.day,
    )


@dataclass(frozen=True)
class ThisMonth:
    """What a month holds: each role's activities, what is due soon and what is overdue."""

    year: int
    month: int
    which: str  # "planning", "implementation" or ""
    by_role: tuple[tuple[Role, tuple[Activity, ...]], ...]
    due: tuple[Dated, ...]
    overdue: tuple[Dated, ...]


def this_month(
    pack: StatePack,
    start: int,
    year: int,
    month: int,
    today: dt.date,
    extra: Sequence[Dated] = (),
) -> ThisMonth:
    """The month on the pack's calendar, with the pack's and ``extra`` (a district's) dates due
    from ``today`` and overdue on ``today``."""
    found = activities_in(pack, start, year, month)
    by_role = tuple(
        (role, tuple(a for a in found if a.for_role(role.key)))
        for role in pack.roles
        if any(a.for_role(role.key) for a in found)
    )
    items = [*dated(pack, start), *extra]
    unique = sorted(set(items), key=lambda i: (i.day, i.what))
    return ThisMonth(
        year=year,
        month=month,
        which=which_year(pack, start, year, month),
        by_role=by_role,
        due=tuple(due_soon(unique, today)),
        overdue=tuple(overdue(unique, today)),
    )
