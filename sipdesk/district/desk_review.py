"""What the desk window's review work reads, without Qt (issue 13, items 5 and 6).

Two services the command line uses too, so the window and ``sipdesk district …`` can never
disagree:

- :func:`compare_versions` — two versions of a school's plan read back and compared (the
  ``district diff`` command's reading), with the title the screen and the PDF carry; and
  :func:`write_diff_pdf`, the PDF ``district diff -o`` writes.
- :func:`review_sheet` — everything a reviewer looks at for a school's latest version: the
  rubric with the levels chosen so far, the district's comments with readable item names, the
  items of that version a comment can go on, and the decision so far.

Scoring, commenting and deciding are :mod:`sipdesk.district.review`'s own functions; nothing here
writes to the desk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from sipdesk.district.diff import PlanDiff, compare
from sipdesk.district.models import PlanVersion, School
from sipdesk.district.rubric import Criterion, rubric
from sipdesk.district.versions import (
    DeskUsageError,
    no_plan_yet,
    read_version,
    version_numbered,
    versions_of,
)

if TYPE_CHECKING:
    from sipdesk.district.document import DeskDocument
    from sipdesk.export.pdf.diff import DiffTitle
    from sipdesk.services.outline import PlanDoc

LABEL_TEXT = 70  # characters of an item's own words shown after its name


def one_version_sentence(school: str) -> str:
    return (
        f"{school} has sent one version of its plan so far; there is nothing to compare it "
        "with yet."
    )


def received_text(when: dt.datetime, source: str) -> str:
    """When a version arrived, in the reader's local time, and the file it came as."""
    local = when.replace(tzinfo=dt.UTC).astimezone()
    name = Path(source).name
    return f"{local:%B} {local.day}, {local.year} at {local:%H:%M}" + (f" ({name})" if name else "")


def _day(when: dt.datetime) -> str:
    local = when.replace(tzinfo=dt.UTC).astimezone()
    return f"{local.day} {local:%b %Y}"


# ------------------------------------------------------------------ what changed
@dataclass(frozen=True)
class Compared:
    """Two versions of a school's plan and what changed between them."""

    diff: PlanDiff
    title: DiffTitle


def compare_versions(
    session: Session,
    school: School,
    desk_path: Path,
    from_number: int | None = None,
    to_number: int | None = None,
) -> Compared | None:
    """Version ``from_number`` against ``to_number`` of the school's plan; by default the one
    before the latest against the latest, ``to_number`` alone M−1 against M. None when the
    school has sent one version and no numbers were given (nothing to compare yet)."""
    from sipdesk.export.pdf.diff import DiffTitle

    count = len(versions_of(session, school))
    if count == 0:
        raise DeskUsageError(desk_path, no_plan_yet(school.name))
    if count < 2 and from_number is None and to_number is None:
        return None
    newer = version_numbered(
        session, school, to_number if to_number is not None else count, desk_path
    )
    older_number = from_number if from_number is not None else newer.number - 1
    if older_number == newer.number or older_number < 1:
        raise DeskUsageError(
            desk_path,
            f"Please choose two different versions of {school.name}'s plan to compare "
            f"(it has {'versions 1 to ' + str(count) if count > 1 else 'only version 1'}).",
        )
    older = version_numbered(session, school, older_number, desk_path)
    before = read_version(session, older, desk_path)
    after = read_version(session, newer, desk_path)
    title = DiffTitle(
        school=school.name,
        school_year=str(after.get("profile", {}).get("school_year") or ""),
        from_number=older.number,
        to_number=newer.number,
        from_received=received_text(older.received_at, older.source_name),
        to_received=received_text(newer.received_at, newer.source_name),
    )
    # A version from before plan ids has none on the desk (it gets a random one each time it is
    # read); it joined this school's history, so its items keep the ids they had.
    unknown = not older.plan_id or not newer.plan_id
    return Compared(compare(before, after, same_plan=True if unknown else None), title)


def check_pdf_target(target: Path, desk_path: Path) -> None:
    if target.suffix.lower() != ".pdf":
        raise DeskUsageError(
            desk_path,
            f"“{target.name}” does not end in .pdf; the difference is written as a PDF.",
        )


def write_diff_pdf(compared: Compared, target: Path, *, today: dt.date | None = None) -> None:
    """The difference as a PDF at ``target``, written atomically as every export is."""
    from sipdesk.export.pdf.diff import render_diff
    from sipdesk.storage.document import write_atomically

    data = render_diff(compared.diff, compared.title, today=today or dt.date.today())

    def build(temp: Path) -> None:
        temp.write_bytes(data)

    write_atomically(build, target)


# ------------------------------------------------------------------ the review sheet
@dataclass(frozen=True)
class SheetComment:
    item: str  # "Goal 1 — Students in kindergarten …", or "The plan as a whole"
    author: str
    text: str
    when: dt.datetime  # local time


@dataclass(frozen=True)
class ReviewSheet:
    """A school's latest version as its reviewer sees it."""

    school_id: int
    school: str
    school_key: str  # what names this school to review.py (its plan id, or its name)
    version: int
    status: str  # the version's own: draft, submitted, …
    received: str
    criteria: tuple[Criterion, ...]
    levels: dict[str, int]  # criterion key → the level chosen
    comments: tuple[SheetComment, ...]
    items: tuple[tuple[str, str], ...]  # (the item as add_comment takes it, its readable name)
    decision: str  # "", "returned" or "approved"
    reviewer: str
    decided_at: dt.datetime | None  # local time

    @property
    def can_decide(self) -> bool:
        return self.status == "submitted"


def _short(text: object) -> str:
    words = " ".join(str(text or "").split())
    return words if len(words) <= LABEL_TEXT else words[: LABEL_TEXT - 1].rstrip() + "…"


def item_names(plan: PlanDoc) -> list[tuple[str, str]]:
    """Every item of the plan a comment can go on, in the plan's order, as (the name plan
    health uses, a person's name for it with its own words): ``("goal:1", "Goal 1 — Students
    in kindergarten …")``; the plan as a whole first."""
    from sipdesk.district.review import WHOLE_PLAN
    from sipdesk.services.outline import index_plan
    from sipdesk.services.review import commentable_items

    words: dict[str, str] = {ref: entry.title for ref, entry in index_plan(plan).items()}
    for goal in plan.get("goals", []):
        words[f"goal:{goal['id']}"] = str(goal.get("text") or "")
        for measure in goal.get("measures", []):
            words[f"measure:{measure['id']}"] = str(measure.get("indicator") or "")
    out: list[tuple[str, str]] = [(WHOLE_PLAN, "The plan as a whole")]
    seen: set[str] = set()
    for step in (1, 4, 5, 6, 7):
        for ref, name in commentable_items(plan, step):
            if not ref or ref in seen:
                continue
            seen.add(ref)
            text = _short(words.get(ref, ""))
            out.append((ref, f"{name} — {text}" if text else name))
    return out


def _latest(session: Session, school: School, desk_path: Path) -> PlanVersion:
    versions = versions_of(session, school)
    if not versions:  # a school on the district's list, waiting
        raise DeskUsageError(desk_path, no_plan_yet(school.name))
    return versions[-1]


def review_sheet(desk: DeskDocument, school_id: int) -> ReviewSheet:
    """The review of the school's latest version, read from the desk and its plan."""
    from sqlalchemy import select

    from sipdesk.district.models import Review
    from sipdesk.district.review import comments_on, local_time, read_version_plan, scores_of

    with desk.session() as session:
        school = school_of(session, school_id, desk.path)
        version = _latest(session, school, desk.path)
        plan = read_version_plan(session, version, desk)
        items = item_names(plan)
        names = dict(items)
        comments = tuple(
            SheetComment(
                names.get(c.item or "plan", c.item),
                c.author,
                c.body,
                local_time(c.created_at),
            )
            for c in comments_on(session, version)
        )
        review = session.scalars(select(Review).where(Review.version_id == version.id)).first()
        return ReviewSheet(
            school_id=school.id,
            school=school.name,
            school_key=version.plan_id or school.name,
            version=version.number,
            status=version.status or "draft",
            received=received_text(version.received_at, version.source_name),
            criteria=tuple(rubric(session)),
            levels={s.criterion_key: s.level for s in scores_of(session, version)},
            comments=comments,
            items=tuple(items),
            decision=review.decision if review is not None else "",
            reviewer=review.reviewer if review is not None else "",
            decided_at=(
                local_time(review.decided_at)
                if review is not None and review.decided_at is not None
                else None
            ),
        )


def latest_number(desk: DeskDocument, school_id: int) -> int:
    """The number of the school's latest version (what return and approve decide)."""
    with desk.session() as session:
        return _latest(session, school_of(session, school_id, desk.path), desk.path).number


def version_choices(desk: DeskDocument, school_id: int) -> list[tuple[int, str]]:
    """The school's versions as (number, "Version 2, received 6 Dec 2026")."""
    with desk.session() as session:
        school = school_of(session, school_id, desk.path)
        return [
            (v.number, f"Version {v.number}, received {_day(v.received_at)}")
            for v in versions_of(session, school)
        ]


def school_of(session: Session, school_id: int, desk_path: Path) -> School:
    school = session.get(School, school_id)
    if school is None:
        raise DeskUsageError(desk_path, "That school is no longer on this desk.")
    return school


__all__ = [
    "Compared",
    "ReviewSheet",
    "SheetComment",
    "check_pdf_target",
    "compare_versions",
    "item_names",
    "latest_number",
    "one_version_sentence",
    "received_text",
    "review_sheet",
    "school_of",
    "version_choices",
    "write_diff_pdf",
]
