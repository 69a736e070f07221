"""The district's rubric: criteria, each judged on a few levels (1 is the lowest).

A desk starts with the default rubric shipped in ``resources/rubrics/default.json`` (written in
SIP Desk's own words from the reference material on district review) and keeps it in its own
tables the first time a review is scored, or when the district sets its own (a JSON file of the
same shape, checked here as the outside input it is). Past scores keep the names they had, so
editing the rubric never changes a review already made.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sipdesk.district.models import RubricCriterion, RubricLevel
from sipdesk.paths import resource_path

MAX_CRITERIA = 20
MAX_LEVELS = 6
MAX_NAME = 150
MAX_TEXT = 2000
_KEY = re.compile(r"[a-z][a-z0-9_-]{0,31}")
# Characters no one types on purpose: C0 and C1 controls, but not tab, newline, carriage return,
# vertical tab, form feed or next line (white space, folded into one space like any other).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


class RubricError(ValueError):
    """A rubric that cannot be used; ``str(error)`` is one sentence.

    ``criterion`` (counted from 0), ``level`` (its number, from 1) and ``part`` (``"name"``,
    ``"description"``, ``"levels"`` or ``""``) say where the problem is, when it is in one place,
    so a screen can show that place."""

    def __init__(
        self,
        sentence: str,
        *,
        criterion: int | None = None,
        level: int | None = None,
        part: str = "",
    ) -> None:
        super().__init__(sentence)
        self.criterion = criterion
        self.level = level
        self.part = part


@dataclass(frozen=True)
class Level:
    level: int
    name: str
    description: str


@dataclass(frozen=True)
class Criterion:
    key: str
    name: str
    description: str
    levels: tuple[Level, ...]

    def level_named(self, text: str) -> Level | None:
        """The level given as its number (``3``) or its name (``solid``)."""
        wanted = " ".join(text.split()).casefold()
        for level in self.levels:
            if wanted in (str(level.level), level.name.casefold()):
                return level
        return None


def default_rubric() -> list[Criterion]:
    path = resource_path("rubrics", "default.json")
    return parse_rubric(json.loads(path.read_text(encoding="utf-8")), path.name)


def load_rubric_file(path: Path) -> list[Criterion]:
    """A rubric from a JSON file the district wrote (untrusted: every part is checked)."""
    try:
        if path.stat().st_size > 1024 * 1024:
            raise RubricError(f"“{path.name}” is far larger than any rubric.")
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RubricError(f"“{path.name}” could not be found.") from None
    except (OSError, ValueError, RecursionError):
        # ValueError: not UTF-8, not JSON, or a number too long to read; RecursionError:
        # nesting too deep to read.
        raise RubricError(f"“{path.name}” is not a rubric SIP Desk can read (JSON).") from None
    return parse_rubric(data, path.name)


def _said(where: str, sentence: str) -> str:
    """``sentence`` (starting in small letters) as said of the file ``where``, or on its own
    when ``where`` is empty (the rubric on screen)."""
    return f"In “{where}”, {sentence}" if where else sentence[:1].upper() + sentence[1:]


def _text(
    value: object,
    what: str,
    where: str,
    *,
    required: bool = True,
    limit: int = MAX_TEXT,
    criterion: int | None = None,
    level: int | None = None,
    part: str = "name",
) -> str:
    """One piece of text, checked: ``what`` names it in the sentence (“the name of level 2 of
    “Goals””) and the rest says where it is."""

    def refuse(sentence: str) -> RubricError:
        return RubricError(_said(where, sentence), criterion=criterion, level=level, part=part)

    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise refuse(f"{what} needs some words.")
    if len(value) > limit:
        raise refuse(
            f"{what} is {len(value):,} characters long, and a rubric keeps at most {limit:,}. "
            "Please shorten it."
        )
    if _CONTROL.search(value):
        raise refuse(
            f"{what} has a hidden control character in it, often left by copying from another "
            "program. Please retype that part."
        )
    return " ".join(value.split())


def _called(name: object, number: int) -> str:
    """How a sentence names criterion ``number``: by its name when it has a usable one."""
    if isinstance(name, str) and name.strip() and len(name) <= 80 and not _CONTROL.search(name):
        return f"“{' '.join(name.split())}”"
    return f"criterion {number}"


def parse_rubric(data: object, where: str) -> list[Criterion]:
    """Check a rubric's shape: ``{"criteria": [{"key", "name", "description", "levels":
    [{"level", "name", "description"}, …]}, …]}``. ``where`` names the file in sentences;
    empty, the sentences are about the rubric on screen."""
    what = f"“{where}”" if where else "The rubric"
    criteria = data.get("criteria") if isinstance(data, dict) else None
    if not isinstance(criteria, list) or not criteria:
        if where:
            raise RubricError(f"“{where}” has no list of criteria, so it is not a rubric.")
        raise RubricError("The rubric needs at least one criterion.")
    if len(criteria) > MAX_CRITERIA:
        raise RubricError(f"{what} has more than {MAX_CRITERIA} criteria.")
    out: list[Criterion] = []
    for index, raw in enumerate(criteria):
        number = index + 1
        if not isinstance(raw, dict):
            raise RubricError(
                _said(where, f"criterion {number} is not written as a criterion."),
                criterion=index,
            )
        key = raw.get("key")
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise RubricError(
                _said(
                    where,
                    f"criterion {number} needs a short key in small letters (for example “goals”).",
                ),
                criterion=index,
            )
        if any(c.key == key for c in out):
            raise RubricError(_said(where, f"the key “{key}” is used twice."), criterion=index)
        called = _called(raw.get("name"), number)
        name = _text(
            raw.get("name"),
            f"the name of criterion {number}",
            where,
            limit=MAX_NAME,
            criterion=index,
        )
        description = _text(
            raw.get("description"),
            f"the description of {called}",
            where,
            required=False,
            part="description",
            criterion=index,
        )
        levels_raw = raw.get("levels")
        if not isinstance(levels_raw, list) or not 2 <= len(levels_raw) <= MAX_LEVELS:
            raise RubricError(
                _said(where, f"{called} needs between 2 and {MAX_LEVELS} levels."),
                criterion=index,
                part="levels",
            )
        levels = []
        for position, level in enumerate(levels_raw, start=1):
            if not isinstance(level, dict) or level.get("level") != position:
                raise RubricError(
                    _said(where, f"the levels of {called} must be numbered 1, 2, 3 … in order."),
                    criterion=index,
                    part="levels",
                )
            levels.append(
                Level(
                    position,
                    _text(
                        level.get("name"),
                        f"the name of level {position} of {called}",
                        where,
                        limit=MAX_NAME,
                        criterion=index,
                        level=position,
                    ),
                    _text(
                        level.get("description"),
                        f"the description of level {position} of {called}",
                        where,
                        required=False,
                        part="description",
                        criterion=index,
                        level=position,
                    ),
                )
            )
        out.append(Criterion(key, name, description, tuple(levels)))
    return out


def _clean(text: str) -> str:
    """Text read back from the desk, without characters a rubric never keeps (a desk from an
    earlier SIP Desk may hold some), so every pack exported from it is one a school can read."""
    return " ".join(_CONTROL.sub("", text).split())


def rubric(session: Session) -> list[Criterion]:
    """The desk's rubric: its own, or the default while it has none."""
    rows = list(session.scalars(select(RubricCriterion).order_by(RubricCriterion.position)))
    if not rows:
        return default_rubric()
    levels: dict[int, list[Level]] = {}
    for level in session.scalars(select(RubricLevel).order_by(RubricLevel.level)):
        levels.setdefault(level.criterion_id, []).append(
            Level(level.level, _clean(level.name), _clean(level.description))
        )
    return [
        Criterion(row.key, _clean(row.name), _clean(row.description), tuple(levels.get(row.id, ())))
        for row in rows
    ]


def has_own_rubric(session: Session) -> bool:
    return session.scalars(select(RubricCriterion.id).limit(1)).first() is not None


def set_rubric(session: Session, criteria: list[Criterion]) -> None:
    """Replace the desk's rubric (in the caller's transaction)."""
    session.execute(delete(RubricLevel))
    session.execute(delete(RubricCriterion))
    session.flush()
    for position, criterion in enumerate(criteria):
        row = RubricCriterion(
            key=criterion.key,
            position=position,
            name=criterion.name,
            description=criterion.description,
        )
        session.add(row)
        session.flush()
        for level in criterion.levels:
            session.add(
                RubricLevel(
                    criterion_id=row.id,
                    level=level.level,
                    name=level.name,
                    description=level.description,
                )
            )
    session.flush()


def keep_rubric(session: Session) -> list[Criterion]:
    """The rubric in use, written into the desk if it was still the default."""
    criteria = rubric(session)
    if not has_own_rubric(session):
        set_rubric(session, criteria)
    return criteria
