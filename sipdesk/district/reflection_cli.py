"""``sipdesk district reflect DESK [--title T] [--json] [-o OUT.pdf]``: the district's
self-reflection, Tool C (issue 14, item 2), printed, as JSON, or as a PDF; and filled in from
the command line:

    --rate ELEMENT --by NAME --level N [--evidence TEXT]   a team member's rating
    --agree ELEMENT --level N [--evidence TEXT]            the team's agreed level

(``--level none`` takes a rating or an agreed level away.) Without ``--title`` it is the newest
reflection; rating or agreeing on a desk with none starts one named by the school year. The same
verb with ``--on DATE TEXT`` writes the district's reflection for a check-in round
(``district/expect_cli.py``), as it always has. Bad input is one sentence, exit code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

EXIT_OK = 0


def add_reflect_options(reflect: Any) -> None:
    """The self-reflection's options on the ``reflect`` parser (which ``expect_cli`` makes)."""
    reflect.add_argument("--title", metavar="NAME", help="which self-reflection (else the newest)")
    reflect.add_argument("--json", action="store_true", help="print the self-reflection as JSON")
    reflect.add_argument(
        "-o", "--output", type=Path, metavar="OUT.pdf", help="write the self-reflection as a PDF"
    )
    reflect.add_argument("--rate", metavar="ELEMENT", help="a team member's rating (with --by)")
    reflect.add_argument("--agree", metavar="ELEMENT", help="the team's agreed level")
    reflect.add_argument("--by", metavar="NAME", help="the team member who rates")
    reflect.add_argument("--level", metavar="N", help="1–4, a level's name, or none")
    reflect.add_argument("--evidence", metavar="TEXT", default="", help="the evidence")


def run_reflect(args: argparse.Namespace) -> int:
    from sipdesk.district.desk_args import on_server, open_desk
    from sipdesk.district.document import utc_now
    from sipdesk.district.reflection import ReflectionError, find_reflection, sheet
    from sipdesk.district.reflection_links import figures_for
    from sipdesk.district.versions import DeskUsageError

    named = Path("desk") if on_server(args) else Path(args.desk)
    if args.text:
        raise DeskUsageError(
            named,
            "Please give the check-in round's day with --on DATE, or leave the text out to "
            "show the district's self-reflection.",
        )
    try:
        writing = _check_writing(args)
        if writing:
            with open_desk(args) as doc:
                if doc.notice:
                    print(doc.notice)
                with doc.transaction() as session:
                    said = _write(session, args, utc_now())
            print(said)
            return EXIT_OK
    except ReflectionError as exc:
        raise DeskUsageError(named, str(exc)) from None
    target = args.output.expanduser().absolute() if args.output is not None else None
    if target is not None and target.suffix.lower() != ".pdf":
        raise DeskUsageError(named, f"“{target.name}” does not end in .pdf.")
    today = dt.date.today()
    with open_desk(args, readonly=True) as doc, doc.session() as session:
        from sipdesk.district.models import Desk

        district = session.get(Desk, 1)
        district_name = district.district_name if district is not None else ""
        found = find_reflection(session, args.title)
        if found is None:
            raise DeskUsageError(
                named,
                f"There is no self-reflection called “{args.title}” on the desk."
                if args.title
                else "The desk has no self-reflection yet; start one in the desk window "
                "(File ▸ Our self-reflection) or with --rate ELEMENT --by NAME --level N.",
            )
        read = sheet(session, found)
        notes = [n for d in read.domains for n in d.weaknesses]
        linked = figures_for(session, doc.path, notes, today)
    if target is not None:
        from sipdesk.export.pdf.reflection import render_reflection
        from sipdesk.storage.writeback import write_atomically

        payload = render_reflection(read, district_name, linked, today=today)

        def build(temp: Path) -> None:
            temp.write_bytes(payload)

        write_atomically(build, target)
        print(f"Wrote {target.name} ({read.rated} of {len(read.elements)} elements rated).")
    elif args.json:
        print(json.dumps(document(read, district_name, linked), indent=2, ensure_ascii=False))
    else:
        print("\n".join(text_lines(read, district_name, linked)))
    return EXIT_OK


def _check_writing(args: argparse.Namespace) -> bool:
    from sipdesk.district.reflection import ReflectionError

    if args.rate and args.agree:
        raise ReflectionError("Please give --rate or --agree, not both.")
    if not (args.rate or args.agree):
        if args.by or args.level or args.evidence:
            raise ReflectionError("--by, --level and --evidence go with --rate or --agree.")
        return False
    if args.level is None:
        raise ReflectionError("Please give the level with --level (1 to 4, or none).")
    if args.rate and not (args.by or "").strip():
        raise ReflectionError("Please say whose rating it is with --by NAME.")
    if args.agree and args.by:
        raise ReflectionError("The agreed level is the team's: leave out --by.")
    if args.json or args.output is not None:
        raise ReflectionError("Please rate first, then show or export the self-reflection.")
    return True


def _write(session: Any, args: argparse.Namespace, now: dt.datetime) -> str:
    from sipdesk.district.reflection import (
        agree,
        find_reflection,
        known_element,
        level_words,
        parse_level,
        rate,
        school_year_title,
        start_reflection,
    )

    level = None if args.level.strip().lower() == "none" else parse_level(args.level)
    element = known_element(args.rate or args.agree)
    found = find_reflection(session, args.title)
    if found is None:
        title = args.title or school_year_title(now.date())
        found = start_reflection(session, title, now=now)
    if args.rate:
        rate(session, found, element.code, args.by, level, args.evidence, now=now)
        who = " ".join(args.by.split())
        if level is None:
            return f"Took away {who}'s rating of {element.code} in “{found.title}”."
        return f"{who} rated {element.code} {level_words(level)} in “{found.title}”."
    agree(session, found, element.code, level, args.evidence, now=now)
    if level is None:
        return f"Cleared the agreed level of {element.code} in “{found.title}”."
    return f"The team agreed {element.code} is {level_words(level)} in “{found.title}”."


def document(read: Any, district: str, linked: dict[int, list[Any]]) -> dict[str, Any]:
    """The self-reflection as JSON data (``reflect --json``)."""
    from sipdesk.models.catalogues import tool_c

    return {
        "format": "sipdesk-self-reflection",
        "version": 1,
        "district": district,
        "title": read.title,
        "levels": [
            {"level": lv.level, "name": lv.name, "description": lv.description}
            for lv in tool_c().levels
        ],
        "domains": [
            {
                "number": d.domain.number,
                "name": d.domain.name,
                "elements": [
                    {
                        "code": e.element.code,
                        "name": e.element.name,
                        "ratings": [
                            {"member": r.member, "level": r.level, "evidence": r.evidence}
                            for r in e.ratings
                        ],
                        "agreed": None
                        if e.agreed_level is None
                        else {"level": e.agreed_level, "evidence": e.agreed_evidence},
                    }
                    for e in d.elements
                ],
                "strengths": [n.text for n in d.strengths],
                "weaknesses": [
                    {
                        "text": n.text,
                        "links": [
                            {
                                "view": row.view,
                                "row": row.row_key,
                                "table": row.view_title,
                                "label": row.label,
                                "figures": row.figures,
                                "found": row.found,
                            }
                            for row in linked.get(n.id, [])
                        ],
                    }
                    for n in d.weaknesses
                ],
            }
            for d in read.domains
        ],
    }


def text_lines(read: Any, district: str, linked: dict[int, list[Any]]) -> list[str]:
    """The self-reflection for the terminal: the elements someone rated or agreed, each
    member's rating beside the agreed level, and each domain's strengths and weaknesses."""
    from sipdesk.district.reflection import level_words

    head = f"{district}: " if district else ""
    lines = [
        f"{head}the district's self-reflection “{read.title}”",
        f"{read.rated} of {len(read.elements)} elements rated, {read.agreed} agreed.",
    ]
    for d in read.domains:
        lines.append("")
        lines.append(f"{d.domain.number}. {d.domain.name}")
        for e in d.elements:
            if not e.ratings and e.agreed_level is None:
                continue
            lines.append(f"  {e.element.code}. {e.element.name}")
            for r in e.ratings:
                lines.append(f"    {r.member}: {level_words(r.level)}" + _after(r.evidence))
            lines.append(f"    Agreed: {level_words(e.agreed_level)}" + _after(e.agreed_evidence))
        for n in d.strengths:
            lines.append(f"  Strength: {n.text}")
        for n in d.weaknesses:
            lines.append(f"  Weakness: {n.text}")
            for row in linked.get(n.id, []):
                lines.append(f"    ↳ {row.words}")
    return lines


def _after(evidence: str) -> str:
    return f" — {' '.join(evidence.split())}" if evidence.strip() else ""
