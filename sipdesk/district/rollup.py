"""Across schools: the rollup of the desk's plans (issue 14, item 1). Qt-free.

Over the latest version of each school (or, with ``as_of``, the latest version received on or
before that day, the reader's local day), :func:`rollup` reads the parts of each chosen version's
plan it needs, as they are in its interchange document (:func:`read_rollup_parts`: a checked,
read-only open of the version's bytes, as ``versions.read_version``), and works out five views,
as typed results:

- **strategies** by Four Domains domain and practice (1a–4c): per practice, how many schools and
  strategies are coded to it and which (school, strategy number, its words); per domain, the
  schools with no strategy in it;
- **measures** by kind (outcome, interim, implementation) and subject, each with its baseline and
  targets, per school and per group row (see :data:`SUBJECTS` for what "subject" is);
- **implementation** in the monitoring period holding ``today`` (:mod:`district.rollup_views`);
- **budget** by funding source, and **supports** by provider;
- **readiness and review** of each chosen version (the desk's facts and the district's review).

Each version's parts are its rollup facts (``district/rollup_facts.py``, desk schema 5): kept on
the desk when it was received, so the rollup opens no plan file; a version received before has
its file read once and its facts handed back in :attr:`PlanCache.made` to be stored. A version's
bytes never change, so facts may be kept across runs by passing the same :class:`PlanCache`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sipdesk.district.models import PlanVersion, Review, ReviewScore, School
from sipdesk.district.rollup_facts import ROLLUP_PARTS
from sipdesk.district.rollup_views import (
    BudgetLine,
    ImplementationRow,
    MeasureLine,
    SupportLine,
    budget_lines,
    clean,
    implementation_row,
    measure_lines,
    support_lines,
)
from sipdesk.district.schools import district_name, local_day

# A plan read as its interchange document (``sipdesk export --json``).
Plan = dict[str, Any]


@dataclass(frozen=True)
class Chosen:
    """One school's version the rollup reads."""

    school_id: int
    school: str  # the desk's name for the school
    version_id: int
    number: int  # the version's number in the school's history
    received: dt.datetime  # UTC, without a zone
    school_year: str
    status: str  # the status the school sent
    open_findings: int


@dataclass(slots=True)  # not frozen: tens of thousands are made, and frozen ones cost 5× as much
class StrategyRef:
    """A strategy behind a practice's cell: whose, its number (``Strategy 1.2``), its words."""

    school: str
    number: str
    words: str


@dataclass(frozen=True)
class PracticeCell:
    code: str  # "1a"
    name: str
    domain: int
    domain_name: str
    strategies: tuple[StrategyRef, ...]

    @property
    def schools(self) -> int:
        return len({ref.school for ref in self.strategies})

    @property
    def count(self) -> int:
        return len(self.strategies)


@dataclass(frozen=True)
class DomainGap:
    """A domain and the schools with no strategy coded to any of its practices."""

    domain: int
    name: str
    schools_without: tuple[str, ...]


@dataclass(frozen=True)
class ReadinessRow:
    school: str
    version: int
    received: dt.date  # the reader's local day
    school_year: str
    status: str  # the status the school sent
    decision: str  # the district's: "", "returned" or "approved"
    open_findings: int
    score: str  # "14 of 20", or ""
    reviewer: str

    @property
    def desk_status(self) -> str:
        return self.decision or self.status


@dataclass(frozen=True)
class Rollup:
    district: str
    today: dt.date
    as_of: dt.date | None
    schools: tuple[str, ...]  # the schools read, by name
    practices: tuple[PracticeCell, ...]  # all twelve, 1a to 4c
    uncoded: tuple[StrategyRef, ...]  # strategies with no (or an unknown) practice code
    gaps: tuple[DomainGap, ...]  # all four domains
    by_school_domain: dict[str, tuple[int, ...]]  # school → strategies in domains 1..4
    measures: tuple[MeasureLine, ...]
    implementation: tuple[ImplementationRow, ...]
    budget: tuple[BudgetLine, ...]
    supports: tuple[SupportLine, ...]
    readiness: tuple[ReadinessRow, ...]
    not_yet: tuple[str, ...] = ()  # schools with no version received by ``as_of``


@dataclass
class PlanCache:
    """Plans' rollup facts (``district/rollup_facts.py``), by version id. A version's bytes
    never change, so neither do its facts.

    Facts kept on the desk are read first, all at once (:meth:`load_kept`); only a version
    without them has its file opened, and the facts made from it are kept in :attr:`made` (as
    the JSON text the desk stores) for the caller to store with ``keep_facts`` when the desk
    is writable."""

    plans: dict[int, Plan] = field(default_factory=dict)
    reads: int = 0  # how many versions' files were actually opened (for tests, the benchmark)
    made: dict[int, str] = field(default_factory=dict)  # facts made from files, to be kept

    def load_kept(self, session: Session, version_ids: list[int]) -> None:
        """Take the usable facts the desk keeps for those of ``version_ids`` not held yet."""
        from sipdesk.district.rollup_facts import kept_facts

        wanted = [v for v in version_ids if v not in self.plans]
        if wanted:
            self.plans.update(kept_facts(session, wanted))

    def plan(self, session: Session, version_id: int, desk_path: Path) -> Plan:
        found = self.plans.get(version_id)
        if found is None:
            from sipdesk.district.rollup_facts import facts_text

            version = session.get(PlanVersion, version_id)
            if version is None:  # pragma: no cover - chosen from the same session
                raise KeyError(version_id)
            text = facts_text(read_rollup_parts(session, version, desk_path))
            found = json.loads(text)
            self.plans[version_id] = found
            self.made[version_id] = text
            self.reads += 1
        return found


def read_rollup_parts(session: Session, version: PlanVersion, desk_path: Path) -> Plan:
    """The version's profile and :data:`ROLLUP_PARTS`, exactly as in its interchange document
    (``versions.read_version``), from the same checked, read-only open of its bytes."""
    from sipdesk.district.versions import version_file
    from sipdesk.models.tree import TREE
    from sipdesk.models.walk import preorder
    from sipdesk.services.snapshot import read_node, read_profile
    from sipdesk.storage.document import PlanDocument

    with (
        version_file(session, version, desk_path) as copy,
        PlanDocument.open(copy, readonly=True) as doc,
        doc.session() as plan_session,
    ):
        tops = [node for node in TREE if node.key in ROLLUP_PARTS]
        grouped: dict[Any, dict[int | None, list[dict[str, Any]]]] = {}
        # Children before parents, as the plan's own reading does: each list ready to nest.
        for node, _ in reversed(list(preorder(tops, lambda n: n.children))):
            grouped[node] = read_node(plan_session, node, grouped)
        plan: Plan = {"profile": dict(read_profile(plan_session))}
        plan.update({node.key: grouped[node][None] for node in tops})
        return plan


def chosen_versions(
    session: Session, as_of: dt.date | None = None
) -> tuple[list[Chosen], list[str]]:
    """Each school's latest version (received on or before ``as_of``, the reader's local day,
    when given), by school name; and the schools with none received by then."""
    # Only the columns used, as plain rows: thousands of versions need no mapped objects.
    schools = {
        row.id: row for row in session.execute(select(School.id, School.name, School.name_key))
    }
    best: dict[int, Any] = {}
    for version in session.execute(
        select(
            PlanVersion.id,
            PlanVersion.school_id,
            PlanVersion.number,
            PlanVersion.received_at,
            PlanVersion.school_year,
            PlanVersion.status,
            PlanVersion.open_findings,
        )
    ):
        if as_of is not None and local_day(version.received_at) > as_of:
            continue
        held = best.get(version.school_id)
        if held is None or version.number > held.number:
            best[version.school_id] = version
    out = [
        Chosen(
            school_id=v.school_id,
            school=schools[v.school_id].name,
            version_id=v.id,
            number=v.number,
            received=v.received_at,
            school_year=v.school_year,
            status=v.status,
            open_findings=v.open_findings,
        )
        for v in best.values()
    ]
    out.sort(key=lambda c: (schools[c.school_id].name_key, c.school_id))
    missing = sorted(
        (s for s in schools.values() if s.id not in best), key=lambda s: (s.name_key, s.id)
    )
    return out, [s.name for s in missing]


def rollup(
    session: Session,
    desk_path: Path,
    *,
    today: dt.date,
    as_of: dt.date | None = None,
    cache: PlanCache | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Rollup:
    """The rollup over the chosen versions; ``today`` places the monitoring period."""
    from sipdesk.services.snapshot import collector_aside

    # Thousands of plans' facts are millions of small objects: with the collector's full passes
    # running over them again and again, 4,000 plans took several times as long (see
    # snapshot.collector_aside; the facts read are then left out of later passes).
    with collector_aside():
        return _rollup(session, desk_path, today, as_of, cache, progress)


def _rollup(
    session: Session,
    desk_path: Path,
    today: dt.date,
    as_of: dt.date | None,
    cache: PlanCache | None,
    progress: Callable[[int, int, str], None] | None,
) -> Rollup:
    cache = cache if cache is not None else PlanCache()
    chosen, not_yet = chosen_versions(session, as_of)
    cache.load_kept(session, [pick.version_id for pick in chosen])
    plans: list[tuple[Chosen, Plan]] = []
    for done, pick in enumerate(chosen, start=1):
        plans.append((pick, cache.plan(session, pick.version_id, desk_path)))
        if progress is not None:
            progress(done, len(chosen), pick.school)
    practices, uncoded, gaps, by_domain = _strategies(plans)
    return Rollup(
        district=district_name(session),
        today=today,
        as_of=as_of,
        schools=tuple(pick.school for pick in chosen),
        practices=practices,
        uncoded=uncoded,
        gaps=gaps,
        by_school_domain=by_domain,
        measures=tuple(line for pick, plan in plans for line in measure_lines(pick.school, plan)),
        implementation=tuple(implementation_row(pick.school, plan, today) for pick, plan in plans),
        budget=budget_lines((pick.school, plan) for pick, plan in plans),
        supports=tuple(line for pick, plan in plans for line in support_lines(pick.school, plan)),
        readiness=_readiness(session, chosen),
        not_yet=tuple(not_yet),
    )


# ------------------------------------------------------------------ strategies by practice
def strategy_words(strategy: Plan) -> str:
    """The strategy's theory of action in one line: "If we …, then …, and …"."""
    parts = [
        (lead, clean(strategy.get(key)))
        for lead, key in (("If we", "if_text"), ("then", "then_text"), ("and", "and_text"))
    ]
    said = [f"{lead} {text}" for lead, text in parts if text]
    return ", ".join(said)


def numbered_strategies(plan: Plan) -> list[tuple[str, Plan]]:
    """(``Strategy 1.2``, the strategy) in plan order."""
    out = []
    for p, priority in enumerate(plan.get("priorities", []), start=1):
        for s, strategy in enumerate(priority.get("strategies", []), start=1):
            out.append((f"Strategy {p}.{s}", strategy))
    return out


def _strategies(
    plans: list[tuple[Chosen, Plan]],
) -> tuple[
    tuple[PracticeCell, ...],
    tuple[StrategyRef, ...],
    tuple[DomainGap, ...],
    dict[str, tuple[int, ...]],
]:
    from sipdesk.models.catalogues import domains

    catalogue = domains()
    cells: dict[str, list[StrategyRef]] = {p.code: [] for d in catalogue for p in d.practices}
    domain_of = {p.code: d.number for d in catalogue for p in d.practices}
    uncoded: list[StrategyRef] = []
    by_domain: dict[str, tuple[int, ...]] = {}
    for pick, plan in plans:
        counts = dict.fromkeys((d.number for d in catalogue), 0)
        for number, strategy in numbered_strategies(plan):
            ref = StrategyRef(pick.school, number, strategy_words(strategy))
            code = str(strategy.get("practice_code") or "").strip().lower()
            if code in cells:
                cells[code].append(ref)
                counts[domain_of[code]] += 1
            else:
                uncoded.append(ref)
        by_domain[pick.school] = tuple(counts[d.number] for d in catalogue)
    practices = tuple(
        PracticeCell(p.code, p.name, d.number, d.name, tuple(cells[p.code]))
        for d in catalogue
        for p in d.practices
    )
    gaps = tuple(
        DomainGap(
            d.number,
            d.name,
            tuple(pick.school for pick, _ in plans if by_domain[pick.school][i] == 0),
        )
        for i, d in enumerate(catalogue)
    )
    return practices, tuple(uncoded), gaps, by_domain


# ------------------------------------------------------------------ readiness and review
def _readiness(session: Session, chosen: list[Chosen]) -> tuple[ReadinessRow, ...]:
    """Each chosen version's facts and the district's review of that very version."""
    from sipdesk.district.rubric import rubric

    tops = {c.key: max((lv.level for lv in c.levels), default=0) for c in rubric(session)}
    ids = [pick.version_id for pick in chosen]
    reviews = {
        r.version_id: r for r in session.scalars(select(Review).where(Review.version_id.in_(ids)))
    }
    scores: dict[int, list[ReviewScore]] = {}
    review_ids = [r.id for r in reviews.values()]
    if review_ids:
        for score in session.scalars(
            select(ReviewScore).where(ReviewScore.review_id.in_(review_ids))
        ):
            scores.setdefault(score.review_id, []).append(score)
    out = []
    for pick in chosen:
        review = reviews.get(pick.version_id)
        given = scores.get(review.id, []) if review is not None else []
        points = sum(s.level for s in given)
        possible = sum(max(tops.get(s.criterion_key, 0), s.level) for s in given)
        out.append(
            ReadinessRow(
                school=pick.school,
                version=pick.number,
                received=local_day(pick.received),
                school_year=pick.school_year,
                status=pick.status,
                decision=review.decision if review is not None else "",
                open_findings=pick.open_findings,
                score=f"{points} of {possible}" if possible else "",
                reviewer=review.reviewer if review is not None else "",
            )
        )
    return tuple(out)
