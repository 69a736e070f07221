"""The district's self-reflection, Tool C (issue 14, item 2): how the district supports its
improving schools, element by element of the Four Domains. Qt-free; used by the command line
(``district/reflection_cli.py``), the desk window (``ui/district/reflection_window.py``) and the
PDF (``export/pdf/reflection.py``).

A *reflection* is one sitting of the team, named by them ("2026–27"). In it, each team member
rates each element they choose — a level 1–4 (``catalogues.tool_c()``'s four levels) and the
evidence for it — and the team then agrees one level and its evidence per element; the ratings
stay beside the agreed level. For each of the four domains the team notes strengths and
weaknesses; a weakness can be linked to rows of the rollup across schools that it explains
(``district/reflection_links.py``). Everything is on the desk (desk schema 6), plain SQLAlchemy,
the same on a desk file and on a server.

Every function checks what it is given and raises :class:`ReflectionError` with a sentence
before it writes anything.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sipdesk.district.models import (
    Reflection,
    ReflectionAgreed,
    ReflectionLink,
    ReflectionNote,
    ReflectionRating,
)
from sipdesk.models.catalogues import ToolC, ToolCDomain, ToolCElement, tool_c

TITLE_MAX, MEMBER_MAX, EVIDENCE_MAX, NOTE_MAX = 120, 120, 10_000, 2_000
KINDS = ("strength", "weakness")
# Control characters a server's text cannot hold, or that only hide text; not tab or newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ReflectionError(ValueError):
    """Bad input for the self-reflection; the message is a sentence for the person."""


# ------------------------------------------------------------------------------- reading
@dataclass(frozen=True)
class Rating:
    member: str
    level: int
    evidence: str


@dataclass(frozen=True)
class ElementSheet:
    element: ToolCElement
    ratings: tuple[Rating, ...]  # by member's name
    agreed_level: int | None
    agreed_evidence: str


@dataclass(frozen=True)
class Note:
    id: int
    domain: int
    kind: str
    text: str
    links: tuple[tuple[str, str], ...]  # (view key, row key), in the order linked


@dataclass(frozen=True)
class DomainSheet:
    domain: ToolCDomain
    elements: tuple[ElementSheet, ...]
    strengths: tuple[Note, ...]
    weaknesses: tuple[Note, ...]


@dataclass(frozen=True)
class Sheet:
    """A reflection as the team reads it: every element, rated or not, in the catalogue's order."""

    id: int
    title: str
    updated_at: dt.datetime
    members: tuple[str, ...]  # everyone who rated, by name
    domains: tuple[DomainSheet, ...]

    @property
    def elements(self) -> tuple[ElementSheet, ...]:
        return tuple(e for d in self.domains for e in d.elements)

    def element(self, code: str) -> ElementSheet:
        return next(e for e in self.elements if e.element.code == code)

    @property
    def rated(self) -> int:
        return sum(1 for e in self.elements if e.ratings)

    @property
    def agreed(self) -> int:
        return sum(1 for e in self.elements if e.agreed_level is not None)


def level_words(level: int | None) -> str:
    """``2`` → ``"2 · Taking shape"``; ``None`` → ``"Not agreed yet"``."""
    if level is None:
        return "Not agreed yet"
    return f"{level} · {tool_c().levels[level - 1].name}"


def school_year_title(today: dt.date) -> str:
    """The school year holding ``today`` (from July), as a reflection's first name: ``2026–27``."""
    start = today.year if today.month >= 7 else today.year - 1
    return f"{start}–{(start + 1) % 100:02d}"


def titles(session: Session) -> list[str]:
    """The reflections on the desk, the newest first."""
    rows = session.scalars(select(Reflection).order_by(Reflection.created_at.desc(), Reflection.id))
    return [row.title for row in rows]


def find_reflection(session: Session, title: str | None = None) -> Reflection | None:
    """The reflection called ``title`` (case and spacing not counting), or the newest one."""
    rows = list(session.scalars(select(Reflection).order_by(Reflection.created_at.desc())))
    if title is None:
        return rows[0] if rows else None
    wanted = _fold(title)
    return next((row for row in rows if _fold(row.title) == wanted), None)


def start_reflection(session: Session, title: str, *, now: dt.datetime) -> Reflection:
    """The reflection called ``title``, made when there is none yet."""
    name = _clean_line(title, TITLE_MAX, "The reflection's name")
    found = find_reflection(session, name)
    if found is not None:
        return found
    row = Reflection(title=name, created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    return row


def sheet(session: Session, reflection: Reflection) -> Sheet:
    tool = tool_c()
    ratings: dict[str, list[Rating]] = {}
    for rating in session.scalars(
        select(ReflectionRating).where(ReflectionRating.reflection_id == reflection.id)
    ):
        ratings.setdefault(rating.element, []).append(
            Rating(rating.member, rating.level, rating.evidence)
        )
    agreed = {
        row.element: row
        for row in session.scalars(
            select(ReflectionAgreed).where(ReflectionAgreed.reflection_id == reflection.id)
        )
    }
    notes = list(
        session.scalars(
            select(ReflectionNote)
            .where(ReflectionNote.reflection_id == reflection.id)
            .order_by(ReflectionNote.position, ReflectionNote.id)
        )
    )
    links: dict[int, list[tuple[str, str]]] = {}
    if notes:
        for link in session.scalars(
            select(ReflectionLink)
            .where(ReflectionLink.note_id.in_([n.id for n in notes]))
            .order_by(ReflectionLink.id)
        ):
            links.setdefault(link.note_id, []).append((link.view, link.row_key))
    members = sorted({r.member for rows in ratings.values() for r in rows}, key=str.casefold)
    domains = []
    for domain in tool.domains:
        elements = tuple(
            ElementSheet(
                element,
                tuple(sorted(ratings.get(element.code, ()), key=lambda r: r.member.casefold())),
                agreed[element.code].level if element.code in agreed else None,
                agreed[element.code].evidence if element.code in agreed else "",
            )
            for element in domain.elements
        )

        def kind_of(kind: str, number: int = domain.number) -> tuple[Note, ...]:
            return tuple(
                Note(n.id, n.domain, n.kind, n.text, tuple(links.get(n.id, ())))
                for n in notes
                if n.domain == number and n.kind == kind
            )

        domains.append(DomainSheet(domain, elements, kind_of("strength"), kind_of("weakness")))
    return Sheet(
        reflection.id, reflection.title, reflection.updated_at, tuple(members), tuple(domains)
    )


# ------------------------------------------------------------------------------- writing
def rate(
    session: Session,
    reflection: Reflection,
    element: str,
    member: str,
    level: int | None,
    evidence: str = "",
    *,
    now: dt.datetime,
) -> None:
    """Keep ``member``'s level and evidence for ``element`` (replacing theirs); a level of
    ``None`` takes their rating away."""
    code = known_element(element).code
    who = _same_person(
        session, reflection, _clean_line(member, MEMBER_MAX, "The team member's name")
    )
    words = _clean_text(evidence, EVIDENCE_MAX, "The evidence")
    mine = _rating_of(session, reflection, code, who)
    if level is None:
        if mine is not None:
            session.delete(mine)
    else:
        _check_level(level)
        if mine is None:
            session.add(
                ReflectionRating(
                    reflection_id=reflection.id,
                    element=code,
                    member=who,
                    level=level,
                    evidence=words,
                    updated_at=now,
                )
            )
        else:
            mine.member, mine.level, mine.evidence, mine.updated_at = who, level, words, now
    reflection.updated_at = now
    session.flush()


def agree(
    session: Session,
    reflection: Reflection,
    element: str,
    level: int | None,
    evidence: str = "",
    *,
    now: dt.datetime,
) -> None:
    """Keep the team's agreed level and evidence for ``element``; ``None`` clears it."""
    code = known_element(element).code
    words = _clean_text(evidence, EVIDENCE_MAX, "The evidence")
    row = session.scalar(
        select(ReflectionAgreed).where(
            ReflectionAgreed.reflection_id == reflection.id, ReflectionAgreed.element == code
        )
    )
    if level is None:
        if row is not None:
            session.delete(row)
    else:
        _check_level(level)
        if row is None:
            session.add(
                ReflectionAgreed(
                    reflection_id=reflection.id,
                    element=code,
                    level=level,
                    evidence=words,
                    updated_at=now,
                )
            )
        else:
            row.level, row.evidence, row.updated_at = level, words, now
    reflection.updated_at = now
    session.flush()


def add_note(
    session: Session,
    reflection: Reflection,
    domain: int,
    kind: str,
    text: str,
    *,
    now: dt.datetime,
) -> int:
    """Add a strength or weakness to ``domain``, after its others; its id."""
    if domain not in (1, 2, 3, 4):
        raise ReflectionError(f"There is no domain {domain}; the domains are 1 to 4.")
    if kind not in KINDS:
        raise ReflectionError("A note is a strength or a weakness.")
    words = _clean_text(text, NOTE_MAX, f"The {kind}")
    if not words:
        raise ReflectionError(f"Please write the {kind}.")
    last = session.scalars(
        select(ReflectionNote.position).where(ReflectionNote.reflection_id == reflection.id)
    ).all()
    note = ReflectionNote(
        reflection_id=reflection.id,
        domain=domain,
        kind=kind,
        position=max(last, default=0) + 1,
        text=words,
        updated_at=now,
    )
    session.add(note)
    reflection.updated_at = now
    session.flush()
    return note.id


def edit_note(session: Session, note_id: int, text: str, *, now: dt.datetime) -> None:
    note = _note(session, note_id)
    words = _clean_text(text, NOTE_MAX, f"The {note.kind}")
    if not words:
        raise ReflectionError(f"Please write the {note.kind}, or remove it.")
    note.text, note.updated_at = words, now
    session.flush()


def remove_note(session: Session, note_id: int) -> None:
    note = _note(session, note_id)
    session.execute(delete(ReflectionLink).where(ReflectionLink.note_id == note.id))
    session.delete(note)
    session.flush()


def link_note(session: Session, note_id: int, view: str, row_key: str) -> None:
    """Link a weakness to the rollup's row ``row_key`` of ``view`` (once)."""
    from sipdesk.district.reflection_links import LINKABLE_VIEWS

    note = _note(session, note_id)
    if note.kind != "weakness":
        raise ReflectionError("Only a weakness is linked to figures across schools.")
    if view not in LINKABLE_VIEWS:
        raise ReflectionError(f"“{view}” is not a table of the rollup across schools.")
    key = _clean_line(row_key, 400, "The row")
    exists = session.scalar(
        select(ReflectionLink).where(
            ReflectionLink.note_id == note.id,
            ReflectionLink.view == view,
            ReflectionLink.row_key == key,
        )
    )
    if exists is None:
        session.add(ReflectionLink(note_id=note.id, view=view, row_key=key))
        session.flush()


def unlink_note(session: Session, note_id: int, view: str, row_key: str) -> None:
    session.execute(
        delete(ReflectionLink).where(
            ReflectionLink.note_id == note_id,
            ReflectionLink.view == view,
            ReflectionLink.row_key == row_key,
        )
    )
    session.flush()


# ------------------------------------------------------------------------------- checks
def known_element(code: str) -> ToolCElement:
    tool: ToolC = tool_c()
    found = tool.element(code)
    if found is None:
        raise ReflectionError(
            f"“{code.strip()}” is not an element of the self-reflection; they are named "
            f"{tool.elements[0].code} to {tool.elements[-1].code} (for example 2b1)."
        )
    return found


def parse_level(text: str) -> int:
    """``"3"`` or a level's name (``"working"``) → 3."""
    folded = _fold(text)
    for level in tool_c().levels:
        if folded in (str(level.level), _fold(level.name)):
            return level.level
    raise ReflectionError(
        f"“{text.strip()}” is not a level; the levels are "
        + ", ".join(f"{lv.level} ({lv.name})" for lv in tool_c().levels)
        + "."
    )


def _check_level(level: int) -> None:
    if isinstance(level, bool) or level not in (1, 2, 3, 4):
        raise ReflectionError("A level is 1, 2, 3 or 4.")


def _rating_of(
    session: Session, reflection: Reflection, code: str, member: str
) -> ReflectionRating | None:
    wanted = _fold(member)
    rows = session.scalars(
        select(ReflectionRating).where(
            ReflectionRating.reflection_id == reflection.id, ReflectionRating.element == code
        )
    )
    return next((row for row in rows if _fold(row.member) == wanted), None)


def _same_person(session: Session, reflection: Reflection, member: str) -> str:
    """The name as this reflection already has it for the same person ("ms  rivera" is "Ms
    Rivera"), so one person is one column of the side-by-side ratings."""
    wanted = _fold(member)
    known = session.scalars(
        select(ReflectionRating.member).where(ReflectionRating.reflection_id == reflection.id)
    )
    return next((name for name in known if _fold(name) == wanted), member)


def _note(session: Session, note_id: int) -> ReflectionNote:
    note = session.get(ReflectionNote, note_id)
    if note is None:
        raise ReflectionError("That strength or weakness is no longer on the desk.")
    return note


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _clean_line(text: str, limit: int, what: str) -> str:
    words = " ".join(_CONTROL.sub("", text).split())
    if not words:
        raise ReflectionError(f"{what} is empty.")
    if len(words) > limit:
        raise ReflectionError(f"{what} is longer than {limit} characters.")
    return words


def _clean_text(text: str, limit: int, what: str) -> str:
    words = _CONTROL.sub("", text.replace("\r\n", "\n")).strip()
    if len(words) > limit:
        raise ReflectionError(f"{what} is longer than {limit:,} characters.")
    return words
