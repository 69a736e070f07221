"""How the Tool A PDF grows with the plan (target: close to linear in the rows).

Run: python benchmarks/bench_pdf_scale.py [--quick]

Plans with 1,000 / 4,000 / 16,000 causes and actions (``--quick``: 250 / 1,000 / 4,000): all
the causes on one bone of one fishbone and all the actions under one milestone, so the two
longest tables hold every row — the case that grew with the square of the rows. Above 2,000
these are beyond the plan's row limits (``sipdesk.models.limits``), so they are built as the
plain plan that ``read_plan`` returns and rendered from it; they measure the renderer.

Then the largest allowed plan: every kind of row at its limit (or as near as the schema
allows) with modest text, imported through the real JSON importer into a .sipdesk file
(whose size is printed against ``MAX_FILE_BYTES``), read back with ``read_plan`` and rendered.

Each render runs in a fresh process, which reports the time of ``render_plan_data`` alone
(fonts registered first) and its peak memory (``ru_maxrss``, with the process's size before
the render beside it). The floor is a bare reportlab document of the same page count —
``SimpleDocTemplate`` with plain paragraphs in the same embedded font, a page each — built
the same way in the same run, so the ratio says what the Tool A layout costs beyond making
that many pages at all, and the growth ratios compare sizes four times apart (linear: ×4).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sipdesk.models.plan_types import PlanDoc  # noqa: E402
from tests.records import complete  # noqa: E402

SIZES = (1_000, 4_000, 16_000)
QUICK_SIZES = (250, 1_000, 4_000)
TEXT = "reading time is cut short by assemblies, transitions and late buses"


# --- plans -----------------------------------------------------------------------------------


def scale_plan(rows: int) -> PlanDoc:
    """A plan (as ``read_plan`` returns it) with ``rows`` causes and ``rows`` actions; what it
    does not name is blank (:func:`tests.records.complete`)."""
    ids = iter(range(1, 10**9))
    causes = [
        {
            "id": next(ids),
            "text": f"Cause {i}: {TEXT}",
            "evidence": "Schedule audit, spring 2026",
            "actionable": True,
            "is_root": i % 50 == 0,
            "votes": i % 4,
            "dot_votes": [],
            "causes": [],
        }
        for i in range(rows)
    ]
    actions = [
        {
            "id": next(ids),
            "text": f"Weekly data meeting {i} for grade-level teams",
            "outputs": "Agenda, notes and a list of students for small groups",
            "start": "2026-09-01",
            "due": "2027-05-28",
            "budget_cents": 125_000,
            "funding_source": "Title I",
            "person_responsible": "Ana Ruiz",
            "collaborators": "Grade-level teams",
            "statuses": [],
        }
        for i in range(rows)
    ]
    milestone = {
        "id": next(ids),
        "text": "Routines in place",
        "timeline": "Sept–Oct 2026",
        "kind": "process",
        "actions": actions,
        "reports": [],
    }
    strategy = {
        "id": next(ids),
        "if_text": "coach teachers weekly in grade teams",
        "then_text": "teachers plan small-group lessons from screening data",
        "and_text": "students read on grade level",
        "practice_code": "3a",
        "measures": [],
        "milestones": [milestone],
        "reports": [],
    }
    given: dict[str, Any] = {
        "profile": {"school_name": "Scale Academy", "first_month": "2026-08"},
        "fishbones": [
            {
                "id": next(ids),
                "problem": "Too few K–3 students read on grade level",
                "weakness_id": None,
                "categories": [{"id": next(ids), "name": "Time", "causes": causes}],
            }
        ],
        "priorities": [
            {
                "id": next(ids),
                "title": "Reading",
                "description": "",
                "links": [],
                "strategies": [strategy],
            }
        ],
    }
    return complete(PlanDoc, given)


def largest_plan_document() -> dict[str, Any]:
    """The interchange document of a plan with every kind of row at its limit."""
    from sipdesk.export.interchange import FORMAT, FORMAT_VERSION
    from sipdesk.models.catalogues import needs_elements
    from sipdesk.models.limits import MAX_ROWS
    from sipdesk.services.progress import plan_months

    ids = iter(range(1, 10**9))

    def n(kind: str) -> int:
        return MAX_ROWS[kind]

    team = [
        {"id": next(ids), "name": f"Member {i}", "title": "Teacher", "plan_role": "Member"}
        for i in range(n("team_members"))
    ]
    signatures = [
        {
            "id": next(ids),
            "member_id": m["id"],
            "name": m["name"],
            "title": m["title"],
            "plan_role": m["plan_role"],
            "signed_on": "2026-08-04",
        }
        for m in team[: n("signatures")]
    ]

    def measure(years: int) -> dict[str, Any]:
        return {
            "id": next(ids),
            "indicator": "Percent of students at benchmark",
            "data_source": "Universal screener",
            "baseline": "41% (spring 2026)",
            "target_y1": "50%",
            "target_y2": "58%",
            "target_y3": "65%",
            "monitored": True,
            "results": [
                {
                    "id": next(ids),
                    "year": year,
                    "progress": "46% at the winter check",
                    "explanation": "On track",
                }
                for year in range(1, years + 1)
            ],
        }

    goal_count = n("goals")
    strategies_count = n("strategies")
    goal_measures = n("measures") - strategies_count  # one measure per strategy, the rest here
    years = min(3, n("measure_results") // n("measures"))  # results per measure: years 1-3
    goals = [
        {
            "id": next(ids),
            "text": f"Goal {g}: more students read on grade level",
            "explanation": "Reading is the foundation",
            "academic": True,
            "measures": [
                measure(years)
                for _ in range(goal_measures // goal_count + (g < goal_measures % goal_count))
            ],
        }
        for g in range(goal_count)
    ]
    kinds = ("strength", "weakness", "opportunity", "threat")
    swot = [
        {"id": next(ids), "kind": kinds[i % 4], "text": f"SWOT item {i}", "evidence": "Survey"}
        for i in range(n("swot_items"))
    ]
    fishbones = []
    per_bone = n("fishbone_categories") // n("fishbones")
    causes_per_category = n("causes") // n("fishbone_categories")
    votes_per_cause = n("dot_votes") // n("causes")
    cause_ids = []
    for f in range(n("fishbones")):
        categories = []
        for c in range(per_bone):
            causes = []
            for k in range(causes_per_category):
                cause_id = next(ids)
                cause_ids.append(cause_id)
                causes.append(
                    {
                        "id": cause_id,
                        "text": f"Cause {f}.{c}.{k}: {TEXT}",
                        "evidence": "Schedule audit",
                        "actionable": True,
                        "is_root": k == 0,
                        "votes": 0,
                        "dot_votes": [
                            {"id": next(ids), "member_id": team[v]["id"], "dots": 1}
                            for v in range(votes_per_cause)
                        ],
                        "causes": [],
                    }
                )
            categories.append({"id": next(ids), "name": f"Category {c}", "causes": causes})
        fishbones.append(
            {
                "id": next(ids),
                "problem": f"Problem {f}",
                "weakness_id": None,
                "categories": categories,
            }
        )
    steps = n("why_steps") // n("why_chains")
    why_chains = [
        {
            "id": next(ids),
            "symptom": f"Symptom {i}",
            "actionable": True,
            "weakness_id": None,
            "cause_id": None,
            "steps": [
                {"id": next(ids), "text": f"Why? Because {j}", "evidence": "Data"}
                for j in range(steps)
            ],
        }
        for i in range(n("why_chains"))
    ]
    months = plan_months("2026-08", n("action_statuses") // n("actions"))
    statuses = ("on_track", "done", "behind", "not_started")
    priority_count = n("priorities")
    per_priority = strategies_count // priority_count
    milestones_per = n("milestones") // strategies_count
    actions_per = n("actions") // n("milestones")
    quarters = n("milestone_reports") // n("milestones")
    semesters = n("strategy_reports") // strategies_count
    links_per = n("priority_links") // priority_count
    priorities, strategy_ids, action_ids = [], [], []
    for p in range(priority_count):
        strategies = []
        for s in range(per_priority):
            milestones = []
            for m in range(milestones_per):
                actions = []
                for a in range(actions_per):
                    action_id = next(ids)
                    action_ids.append(action_id)
                    actions.append(
                        {
                            "id": action_id,
                            "text": f"Action {p}.{s}.{m}.{a}: weekly data meeting",
                            "outputs": "Agenda and notes",
                            "start": "2026-09-01",
                            "due": "2027-05-28",
                            "budget_cents": 125_000,
                            "funding_source": "Title I",
                            "person_responsible": "Ana Ruiz",
                            "collaborators": "Grade teams",
                            "statuses": [
                                {
                                    "id": next(ids),
                                    "month": month,
                                    "status": statuses[i % 4],
                                    "note": "",
                                }
                                for i, month in enumerate(months)
                            ],
                        }
                    )
                milestones.append(
                    {
                        "id": next(ids),
                        "text": f"Milestone {p}.{s}.{m}: routines in place",
                        "timeline": "Sept–Oct 2026",
                        "kind": "process",
                        "actions": actions,
                        "reports": [
                            {
                                "id": next(ids),
                                "quarter": q,
                                "outputs_completed": "Agendas",
                                "cause_and_adjustments": "None needed",
                                "resources_used": "$1,250",
                                "comments": "",
                            }
                            for q in range(1, quarters + 1)
                        ],
                    }
                )
            strategy_id = next(ids)
            strategy_ids.append(strategy_id)
            strategies.append(
                {
                    "id": strategy_id,
                    "if_text": "coach teachers weekly in grade teams",
                    "then_text": "teachers plan small-group lessons from data",
                    "and_text": "students read on grade level",
                    "practice_code": "3a",
                    "evidence_base": "Strong",
                    "learning_needs": "Coaching cycles",
                    "measures": [measure(years)],
                    "milestones": milestones,
                    "reports": [
                        {"id": next(ids), "semester": h, "cause_and_adjustments": "On track"}
                        for h in range(1, semesters + 1)
                    ],
                }
            )
        links = [
            {"id": next(ids), "cause_id": cause_ids[p * links_per + k], "chain_id": None}
            for k in range(links_per)
        ]
        for link in links:
            link["weakness_id"] = None
        priorities.append(
            {
                "id": next(ids),
                "title": f"Priority {p}",
                "description": "Reading",
                "links": links,
                "strategies": strategies,
            }
        )
    supports = [
        {
            "id": next(ids),
            "strategy_id": strategy_ids[i % len(strategy_ids)],
            "needed": "Coaching",
            "provided": "Two sessions",
            "provider": "District",
            "how_used": "Planning",
            "effectiveness": "Good",
        }
        for i in range(n("supports"))
    ]
    adjustments = [
        {
            "id": next(ids),
            "made_on": "2026-09-25",
            "action_id": action_ids[i % len(action_ids)],
            "what_changed": "Moved to Tuesdays",
            "why": "Assemblies",
            "decided_by": "Principal",
            "communicated_to": "Staff",
        }
        for i in range(n("adjustments"))
    ]
    comments = [
        {
            "id": next(ids),
            "step": 5,
            "item": f"strategy:{strategy_ids[i % len(strategy_ids)]}",
            "author": "District liaison",
            "body": "Please make the target measurable.",
            "created_at": "2026-08-14T15:32:00",
            "resolved": False,
        }
        for i in range(n("review_comments"))
    ]
    history = [
        {
            "id": next(ids),
            "status": "submitted",
            "by": "Principal",
            "at": "2026-08-07T16:20:00",
            "note": "",
        }
        for _ in range(n("status_events"))
    ]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "profile": {
            "school_name": "Largest Allowed Academy",
            "first_month": "2026-08",
            "plan_date": "2026-07-30",
            "vision": "Every child reads with confidence.",
            "status": "submitted",
        },
        "team": team,
        "signatures": signatures,
        "core_values": [{"id": next(ids), "text": f"Value {i}"} for i in range(n("core_values"))],
        "goals": goals,
        "glossary": [
            {"id": next(ids), "term": f"T{i}", "meaning": "A term"}
            for i in range(n("glossary_terms"))
        ],
        "needs_elements": [
            {"id": next(ids), "key": e.key, "checked": True, "other_text": ""}
            for e in needs_elements()
        ],
        "swot": swot,
        "fishbones": fishbones,
        "why_chains": why_chains,
        "priorities": priorities,
        "supports": supports,
        "adjustments": adjustments,
        "review_comments": comments,
        "status_history": history,
    }


# --- one measurement, in its own process -----------------------------------------------------


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def bare_document(pages: int) -> bytes:
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    from sipdesk.export.pdf_text import FONT

    style = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)
    text = " ".join([TEXT] * 6)
    story: list[Any] = []
    for page in range(pages):
        story += [Paragraph(f"Page {page + 1}. {text}", style) for _ in range(6)]
        story.append(PageBreak())
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=LETTER).build(story[:-1])
    return buffer.getvalue()


def child(kind: str, arg: str) -> None:
    from pypdf import PdfReader

    from sipdesk.export import pdf
    from sipdesk.export.pdf_text import register_fonts

    register_fonts()
    if kind == "floor":
        before = _rss_mib()
        start = time.perf_counter()
        data = bare_document(int(arg))
    else:
        plan = scale_plan(int(arg)) if kind == "scale" else json.loads(Path(arg).read_text())
        before = _rss_mib()
        start = time.perf_counter()
        data = pdf.render_plan_data(plan, today=dt.date(2026, 12, 1))
    seconds = time.perf_counter() - start
    peak = _rss_mib()
    pages = len(PdfReader(io.BytesIO(data)).pages)
    result = {"seconds": seconds, "pages": pages, "kib": len(data) / 1024, "peak": peak}
    print(json.dumps({**result, "before": before}))


def measure(kind: str, arg: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, arg],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# --- the report ------------------------------------------------------------------------------


def row(name: str, run: dict[str, Any], floor: dict[str, Any]) -> str:
    per_page = run["seconds"] / run["pages"] * 1000
    return (
        f"  {name:<26} {run['pages']:>6} {run['seconds']:>8.2f} {per_page:>8.1f} "
        f"{floor['seconds']:>8.2f} {run['seconds'] / floor['seconds']:>6.1f}x "
        f"{run['peak']:>8.0f} ({run['before']:.0f}) {floor['peak']:>7.0f}"
    )


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        return 0
    sizes = QUICK_SIZES if "--quick" in sys.argv else SIZES
    print("Tool A PDF as the plan grows; floor = bare reportlab document of the same pages")
    print(
        f"  {'plan':<26} {'pages':>6} {'time s':>8} {'ms/page':>8} {'floor s':>8} {'ratio':>7} "
        f"{'peak MiB (before)':>17} {'floor MiB':>9}"
    )
    runs = []
    for size in sizes:
        run = measure("scale", str(size))
        floor = measure("floor", str(run["pages"]))
        runs.append((size, run, floor))
        print(row(f"{size:,} causes + actions", run, floor), flush=True)
    for (a, ra, fa), (b, rb, fb) in itertools.pairwise(runs):
        print(
            f"  growth {b:,} / {a:,} rows (x{b / a:g}): time x{rb['seconds'] / ra['seconds']:.2f}, "
            f"pages x{rb['pages'] / ra['pages']:.2f}, ms/page x"
            f"{(rb['seconds'] / rb['pages']) / (ra['seconds'] / ra['pages']):.2f}, "
            f"floor time x{fb['seconds'] / fa['seconds']:.2f}"
        )

    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("SIPDESK_DATA_DIR", str(Path(folder) / "data"))
        from sipdesk.export.interchange import import_json
        from sipdesk.models.limits import MAX_FILE_BYTES
        from sipdesk.services.snapshot import read_plan

        source = Path(folder) / "largest.json"
        source.write_text(json.dumps(largest_plan_document()), encoding="utf-8")
        target = Path(folder) / "largest.sipdesk"
        doc = import_json(source, target)
        try:
            with doc.session() as session:
                plan = read_plan(session)
        finally:
            doc.close()
        size = target.stat().st_size
        dumped = Path(folder) / "largest-plan.json"
        dumped.write_text(json.dumps(plan), encoding="utf-8")
        run = measure("plan", str(dumped))
        floor = measure("floor", str(run["pages"]))
        print(row("largest allowed plan", run, floor))
        print(
            f"  largest allowed plan file: {size / 2**20:.1f} MiB of {MAX_FILE_BYTES / 2**20:.0f} "
            f"MiB allowed; PDF {run['kib'] / 1024:.1f} MiB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
