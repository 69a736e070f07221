"""Review and reply (issue 13, item 6), without Qt: the district comments on items of a school's
received plan, scores its rubric, and returns the plan with feedback or approves it.

The reply is the school's own plan: the latest received version's bytes, copied (the desk's
bytes are never touched) and opened for editing through :class:`PlanDocument` in a private
folder, with the district's comments added as the plan's review comments and the decision as
a status event and the plan's status. It is written (atomically, as every plan is) to
``-o`` or to the ``Outbox`` folder beside the desk, named for the school, the decision and the
day. The school brings it into the plan it is still editing with ``sipdesk take-review``
(:mod:`sipdesk.services.take_review`), which takes the district's part and nothing else.

Only a version the school marked *submitted* can be returned or approved: that is the plan's own
workflow (draft → submitted → returned | approved), and the reference material's first draft
"submitted for feedback" is exactly such a version. A version still marked draft can be
commented on and scored, and is answered with a sentence when returned or approved.

The times of the district's comments and decision are kept on the desk in UTC; in the reply
they are the reader's local time, as the plan keeps its times, and never earlier than a second
after the school marked the version submitted — so the school's side can tell the district's
part of the reply from what the school had itself, whatever the two clocks say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sipdesk.district.document import utc_now
from sipdesk.district.intake import safe_name
from sipdesk.district.models import DistrictComment, PlanVersion, Review, ReviewScore, School
from sipdesk.district.rubric import Criterion, keep_rubric
from sipdesk.district.server import OpenDesk
from sipdesk.district.versions import (
    DeskUsageError,
    find_school,
    no_plan_yet,
    version_file,
    version_numbered,
    versions_of,
)
from sipdesk.services.outline import PlanDoc, parse_ref

RETURNED, APPROVED = "returned", "approved"
DECISION_WORDS = {RETURNED: "returned with feedback", APPROVED: "approved"}
OUTBOX = "Outbox"
WHOLE_PLAN = "plan"  # --on plan: a comment on the plan as a whole
MAX_COMMENT = 10_000


@dataclass(frozen=True)
class Commented:
    school: str
    version: int
    label: str  # "Goal 1", or "the plan as a whole"


@dataclass(frozen=True)
class Reply:
    school: str
    version: int
    decision: str
    comments: int
    path: Path
    again: bool  # the same decision was already recorded: the same reply, written again


# ------------------------------------------------------------------ shared
def _who(name: str, desk: OpenDesk) -> str:
    who = " ".join(name.split())
    if not who:
        raise DeskUsageError(desk.path, "Please give the reviewer's name with --by.")
    if len(who) > 200:
        raise DeskUsageError(desk.path, "That reviewer's name is far longer than a name.")
    return who


def _version(session: Session, desk: OpenDesk, school: School, number: int | None) -> PlanVersion:
    if number is not None:
        return version_numbered(session, school, number, desk.path)
    versions = versions_of(session, school)
    if not versions:  # a school on the district's list, waiting
        raise DeskUsageError(desk.path, no_plan_yet(school.name))
    return versions[-1]


def _review(session: Session, version: PlanVersion, reviewer: str) -> Review:
    review = session.scalars(select(Review).where(Review.version_id == version.id)).first()
    if review is None:
        review = Review(version_id=version.id, reviewer=reviewer, updated_at=utc_now())
        session.add(review)
        session.flush()
    return review


def read_version_plan(session: Session, version: PlanVersion, desk: OpenDesk) -> PlanDoc:
    from sipdesk.services.snapshot import read_plan
    from sipdesk.storage.document import PlanDocument

    with (
        version_file(session, version, desk.path) as copy,
        PlanDocument.open(copy, readonly=True) as doc,
        doc.session() as plan_session,
    ):
        return read_plan(plan_session)


def local_time(utc: dt.datetime) -> dt.datetime:
    """A desk time (UTC, no zone) as the plan keeps times: local, no zone, whole seconds."""
    return utc.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None, microsecond=0)


# ------------------------------------------------------------------ comments
def item_step(plan: PlanDoc, item: str) -> int | None:
    """The step an item is commented on in (as step 8 places comments), None if the plan has
    no such item. ``""`` is the plan as a whole (step 8)."""
    from sipdesk.services.review import commentable_items

    if not item:
        return 8
    for step in (1, 4, 5, 6, 7):
        if any(ref == item for ref, _ in commentable_items(plan, step)):
            return step
    return None


def _item_refs(plan: PlanDoc, kind: str) -> list[str]:
    from sipdesk.services.review import commentable_items

    refs: list[str] = []
    for step in (1, 4, 5, 6, 7):
        for ref, _ in commentable_items(plan, step):
            if ref.startswith(f"{kind}:") and ref not in refs:
                refs.append(ref)
    return refs


def _check_item(plan: PlanDoc, text: str, where: str, desk: OpenDesk) -> tuple[str, int]:
    given = "".join(text.split()).lower()
    if given in ("", WHOLE_PLAN):
        return "", 8
    parsed = parse_ref(given)
    if parsed is None:
        raise DeskUsageError(
            desk.path,
            f"“{text}” is not the name of an item; use the names plan health uses, such as "
            "goal:1 or strategy:4, or “plan” for the plan as a whole.",
        )
    step = item_step(plan, given)
    if step is None:
        others = _item_refs(plan, parsed[0])
        has = (
            f"its {parsed[0]} items are {', '.join(others[:8])}{' …' if len(others) > 8 else ''}"
            if others
            else f"it has no {parsed[0]} items"
        )
        raise DeskUsageError(desk.path, f"{where} has no {given}; {has}.")
    return given, step


def add_comment(
    desk: OpenDesk,
    school_text: str,
    item: str,
    author: str,
    body: str,
    *,
    number: int | None = None,
    when: dt.datetime | None = None,
) -> Commented:
    """Comment on ``item`` (``goal:1``, or ``plan``) of the school's latest version (or
    version ``number``); the item must exist in that version's plan."""
    from sipdesk.services.review import ref_label

    who = _who(author, desk)
    text = body.strip()
    if not text:
        raise DeskUsageError(desk.path, "Please write the comment.")
    if len(text) > MAX_COMMENT:
        raise DeskUsageError(desk.path, "That comment is far longer than a comment.")
    with desk.session() as session:
        school = find_school(session, school_text, desk.path)
        version = _version(session, desk, school, number)
        plan = read_version_plan(session, version, desk)
        where = f"Version {version.number} of {school.name}'s plan"
        ref, step = _check_item(plan, item, where, desk)
        school_id, version_id, version_number = school.id, version.id, version.number
        school_name = school.name
    with desk.transaction() as session:
        session.add(
            DistrictComment(
                school_id=school_id,
                version_id=version_id,
                item=ref,
                step=step,
                author=who,
                body=text,
                created_at=when or utc_now(),
            )
        )
    label = ref_label(plan, ref) if ref else "the plan as a whole"
    return Commented(school_name, version_number, label)


def comments_on(session: Session, version: PlanVersion) -> list[DistrictComment]:
    return list(
        session.scalars(
            select(DistrictComment)
            .where(DistrictComment.version_id == version.id)
            .order_by(DistrictComment.created_at, DistrictComment.id)
        )
    )


# ------------------------------------------------------------------ the rubric
def score(
    desk: OpenDesk,
    school_text: str,
    reviewer: str,
    pairs: list[str],
    *,
    number: int | None = None,
    when: dt.datetime | None = None,
) -> list[tuple[Criterion, int, str]]:
    """Score criteria of the rubric (``KEY=LEVEL``, the level as its number or name) for the
    school's latest version (or version ``number``). Returns (criterion, level, level name)."""
    who = _who(reviewer, desk)
    if not pairs:
        raise DeskUsageError(desk.path, "Please give at least one score, as CRITERION=LEVEL.")
    with desk.transaction() as session:
        criteria = {c.key: c for c in keep_rubric(session)}
        chosen: list[tuple[Criterion, int, str]] = []
        for pair in pairs:
            key, equals, level_text = pair.partition("=")
            criterion = criteria.get(key.strip().lower())
            if criterion is None or not equals:
                raise DeskUsageError(
                    desk.path,
                    f"“{pair}” is not a score; write CRITERION=LEVEL with one of the rubric's "
                    f"criteria: {', '.join(criteria)}.",
                )
            level = criterion.level_named(level_text)
            if level is None:
                names = ", ".join(f"{lv.level} ({lv.name})" for lv in criterion.levels)
                raise DeskUsageError(
                    desk.path, f"“{criterion.name}” has the levels {names}; “{level_text}” is none."
                )
            chosen.append((criterion, level.level, level.name))
        school = find_school(session, school_text, desk.path)
        version = _version(session, desk, school, number)
        review = _review(session, version, who)
        now = when or utc_now()
        for criterion, level_number, level_name in chosen:
            row = session.get(ReviewScore, (review.id, criterion.key))
            if row is None:
                row = ReviewScore(review_id=review.id, criterion_key=criterion.key)
                session.add(row)
            row.criterion_name = criterion.name
            row.level = level_number
            row.level_name = level_name
            row.scored_by = who
            row.scored_at = now
        review.reviewer = who
        review.updated_at = now
    return chosen


def scores_of(session: Session, version: PlanVersion) -> list[ReviewScore]:
    review = session.scalars(select(Review).where(Review.version_id == version.id)).first()
    if review is None:
        return []
    return list(session.scalars(select(ReviewScore).where(ReviewScore.review_id == review.id)))


# ------------------------------------------------------------------ return / approve
def reply_name(school: str, decision: str, day: dt.date) -> str:
    """``Riverside Elementary – returned with feedback – 2026-12-06.sipdesk``."""
    safe = safe_name(school) or "School"
    return f"{safe} – {DECISION_WORDS[decision]} – {day.isoformat()}.sipdesk"


def _outbox_target(desk: OpenDesk, name: str) -> Path:
    # Beside a desk file; for a desk on a server, in the folder the window chose for replies.
    folder = (getattr(desk, "replies_folder", None) or desk.path.parent) / OUTBOX
    folder.mkdir(exist_ok=True)
    target = folder / name
    stem, suffix = target.stem, target.suffix
    count = 2
    while target.exists():
        target = folder / f"{stem} ({count}){suffix}"
        count += 1
    return target


def decide(
    desk: OpenDesk,
    school_text: str,
    decision: str,
    reviewer: str,
    output: Path | None = None,
    *,
    note: str = "",
    when: dt.datetime | None = None,
) -> Reply:
    """Return (with feedback) or approve the school's latest version and write the reply.

    The version must be marked submitted. Deciding the same again writes the same reply again
    (the recorded reviewer and time, so the school taking both changes nothing twice); the
    other decision on a decided version is refused.
    """
    if decision not in DECISION_WORDS:
        raise ValueError(decision)
    who = _who(reviewer, desk)
    if output is not None and output.suffix.lower() != ".sipdesk":
        raise DeskUsageError(
            desk.path, f"The reply is a plan file; please give “{output.name}” the .sipdesk ending."
        )
    if output is not None and output.expanduser().absolute().resolve() == desk.path.resolve():
        raise DeskUsageError(desk.path, "The reply cannot be written over the desk itself.")
    with desk.session() as session:
        school = find_school(session, school_text, desk.path)
        version = _version(session, desk, school, None)
        if version.status != "submitted":
            raise DeskUsageError(
                desk.path,
                f"Version {version.number} of {school.name}'s plan is marked "
                f"{version.status or 'draft'}, not submitted, so it cannot be "
                f"{DECISION_WORDS[decision]}; the school marks it submitted (Prepare for the "
                "district) and sends it again. Comments and scores can still be added.",
            )
        review = session.scalars(select(Review).where(Review.version_id == version.id)).first()
        again = review is not None and review.decision == decision
        if review is not None and review.decision and not again:
            raise DeskUsageError(
                desk.path,
                f"Version {version.number} of {school.name}'s plan was already "
                f"{DECISION_WORDS[review.decision]} on "
                f"{local_time(review.decided_at or utc_now()):%Y-%m-%d}; "
                "a new version from the school is needed before deciding again.",
            )
        decided_at = review.decided_at if again and review and review.decided_at else None
        decided_at = decided_at or when or utc_now()
        by = review.reviewer if again and review else who
        overall = (review.note if again and review else "") or " ".join(note.split())
        comments = comments_on(session, version)
        target = (
            output.expanduser().absolute()
            if output is not None
            else _outbox_target(
                desk, reply_name(school.name, decision, local_time(decided_at).date())
            )
        )
        _write_reply(session, desk, version, comments, decision, by, overall, decided_at, target)
        school_name, version_id, version_number = school.name, version.id, version.number
    with desk.transaction() as session:
        row = session.scalars(select(Review).where(Review.version_id == version_id)).first()
        if row is None:
            row = Review(version_id=version_id)
            session.add(row)
        row.reviewer = by
        row.note = overall
        row.decision = decision
        row.decided_at = decided_at
        row.updated_at = utc_now()
    return Reply(school_name, version_number, decision, len(comments), target, again)


def _status_note(decision: str, comments: int, overall: str) -> str:
    if decision == RETURNED:
        count = f"{comments} comment{'s' if comments != 1 else ''}"
        base = f"Returned with feedback by the district ({count})."
    else:
        base = "Approved by the district."
    return f"{base} {overall}".strip()


def _write_reply(
    session: Session,
    desk: OpenDesk,
    version: PlanVersion,
    comments: list[DistrictComment],
    decision: str,
    by: str,
    overall: str,
    decided_at: dt.datetime,
    target: Path,
) -> None:
    """The version's own file with the district's comments and decision, written to ``target``."""
    from sipdesk.services import operations
    from sipdesk.services import review as plan_review
    from sipdesk.storage.document import PlanDocument
    from sipdesk.storage.working_copy import forget_working_copy

    with version_file(session, version, desk.path) as copy:
        doc = PlanDocument.open(copy, recover=False)
        try:
            with doc.transaction() as plan:
                floor = _sent_at(plan)

                def after(utc: dt.datetime) -> dt.datetime:
                    moment = local_time(utc)
                    return max(moment, floor) if floor is not None else moment

                for comment in comments:
                    plan_review.add_comment(
                        plan,
                        comment.step,
                        comment.item,
                        comment.author,
                        comment.body,
                        when=after(comment.created_at),
                    )
                operations.change_status(
                    plan,
                    decision,
                    by,
                    note=_status_note(decision, len(comments), overall),
                    when=after(decided_at),
                )
            doc.save_copy(target)
        finally:
            doc.discard()
            forget_working_copy(copy)


def _sent_at(plan: Session) -> dt.datetime | None:
    """A second after the plan's last 'submitted' event: the earliest the district's part of
    a reply may be dated (see the module's docstring)."""
    from sipdesk.models import StatusEvent

    sent = plan.scalars(
        select(StatusEvent.at)
        .where(StatusEvent.status == "submitted", StatusEvent.at.is_not(None))
        .order_by(StatusEvent.at.desc())
        .limit(1)
    ).first()
    return None if sent is None else sent + dt.timedelta(seconds=1)


# ------------------------------------------------------------------ for the desk's table
@dataclass(frozen=True)
class ReviewSummary:
    """The review of a school's latest version, for the desk's table of schools."""

    version: int
    decision: str  # "", "returned" or "approved"
    reviewer: str
    points: int  # the levels scored, added up
    possible: int  # the top levels of the criteria scored, added up

    @property
    def score_text(self) -> str:
        """``"14 of 20"``, or ``""`` before any score."""
        return f"{self.points} of {self.possible}" if self.possible else ""


def review_summaries(session: Session) -> dict[int, ReviewSummary]:
    """By school id: the review of each school's latest version, for schools whose latest
    version has one (plain queries, portable)."""
    from sipdesk.district.rubric import rubric

    tops = {c.key: max((lv.level for lv in c.levels), default=0) for c in rubric(session)}
    latest: dict[int, PlanVersion] = {}
    for version in session.scalars(select(PlanVersion)):
        if version.school_id not in latest or version.number > latest[version.school_id].number:
            latest[version.school_id] = version
    by_version = {v.id: school_id for school_id, v in latest.items()}
    out: dict[int, ReviewSummary] = {}
    reviews = session.scalars(select(Review).where(Review.version_id.in_(list(by_version))))
    for review in reviews:
        scores = list(
            session.scalars(select(ReviewScore).where(ReviewScore.review_id == review.id))
        )
        school_id = by_version[review.version_id]
        out[school_id] = ReviewSummary(
            version=latest[school_id].number,
            decision=review.decision,
            reviewer=review.reviewer,
            points=sum(s.level for s in scores),
            possible=sum(max(tops.get(s.criterion_key, 0), s.level) for s in scores),
        )
    return out
