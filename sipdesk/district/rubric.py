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
MAX_TEXT = 2000
_KEY = re.compile(r"[a-z][a-z0-9_-]{0,31}")


class RubricError(ValueError):
    """A rubric that cannot be used; ``str(error)`` is one sentence."""


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


def _text(value: object, what: str, where: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise RubricError(f"In “{where}”, {what} needs some text.")
    if len(value) > MAX_TEXT:
        raise RubricError(f"In “{where}”, {what} is far longer than a rubric needs.")
    return " ".join(value.replace("\x00", "").split())  # a server's text cannot hold NUL


def parse_rubric(data: object, where: str) -> list[Criterion]:
    """Check a rubric's shape: ``{"criteria": [{"key", "name", "description", "levels":
    [{"level", "name", "description"}, …]}, …]}``."""
    criteria = data.get("criteria") if isinstance(data, dict) else None
    if not isinstance(criteria, list) or not criteria:
        raise RubricError(f"“{where}” has no list of criteria, so it is not a rubric.")
    if len(criteria) > MAX_CRITERIA:
        raise RubricError(f"“{where}” has more than {MAX_CRITERIA} criteria.")
    out: list[Criterion] = []
    for number, raw in enumerate(criteria, start=1):
        if not isinstance(raw, dict):
            raise RubricError(f"In “{where}”, criterion {number} is not written as a criterion.")
        key = raw.get("key")
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise RubricError(
                f"In “{where}”, criterion {number} needs a short key in small letters "
                "(for example “goals”)."
            )
        if any(c.key == key for c in out):
            raise RubricError(f"In “{where}”, the key “{key}” is used twice.")
        name = _text(raw.get("name"), f"the name of “{key}”", where)
        description = _text(
            raw.get("description"), f"the description of “{key}”", where, required=False
        )
        levels_raw = raw.get("levels")
        if not isinstance(levels_raw, list) or not 2 <= len(levels_raw) <= MAX_LEVELS:
            raise RubricError(f"In “{where}”, “{key}” needs between 2 and {MAX_LEVELS} levels.")
        levels = []
        for position, level in enumerate(levels_raw, start=1):
            if not isinstance(level, dict) or level.get("level") != position:
                raise RubricError(
                    f"In “{where}”, the levels of “{key}” must be numbered 1, 2, 3 … in order."
                )
            levels.append(
                Level(
                    position,
                    _text(level.get("name"), f"level {position} of “{key}”", where),
                    _text(
                        level.get("description"),
                        f"level {position} of “{key}”",
                        where,
                        required=False,
                    ),
                )
            )
        out.append(Criterion(key, name, description, tuple(levels)))
    return out


def rubric(session: Session) -> list[Criterion]:
    """The desk's rubric: its own, or the default while it has none."""
    rows = list(session.scalars(select(RubricCriterion).order_by(RubricCriterion.position)))
    if not rows:
        return default_rubric()
    levels: dict[int, list[Level]] = {}
    for level in session.scalars(select(RubricLevel).order_by(RubricLevel.level)):
        levels.setdefault(level.criterion_id, []).append(
            Level(level.level, level.name, level.description)
        )
    return [
        Criterion(row.key, row.name, row.description, tuple(levels.get(row.id, ()))) for row in rows
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
