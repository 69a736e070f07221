"""The rollup as tables (issue 14, item 1): one :class:`View` per table, the same for the CSV
files, the JSON and the PDF, so every export shows the same cells. Qt-free; no reportlab.

Views, by key (``--view KEY``, and the CSV files' names in the zip):

==================  ============================================================================
``practices``       per Four Domains practice: schools and strategies coded to it
``domains``         per school, its strategies in each of the four domains (the heat map's data)
``domain-gaps``     per domain, each school with no strategy in it
``strategies``      the list behind each practice's cell: school, strategy number and words
``measures``        measures by kind and subject, baseline and targets per school and group row
``implementation``  per school, actions done / on track / behind / not started this cycle
``budget``          per funding source, the total across schools and each school's part
``supports``        supports needed and provided, by provider
``readiness``       each school's version, status, open findings and the district's review
==================  ============================================================================
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from sipdesk.district.rollup import Rollup
from sipdesk.district.rollup_views import KIND_NAMES, NO_SOURCE, STATUS_NAMES, STATUSES, SUBJECTS

TEXT, COUNT, MONEY = "text", "count", "money"
Cell = str | int


@dataclass(frozen=True)
class Column:
    key: str  # the JSON key
    title: str  # the CSV header and the PDF's column head
    kind: str = TEXT  # text, count, or money (cents)


@dataclass(frozen=True)
class View:
    key: str
    title: str
    note: str  # one sentence under the title in the PDF
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]


def dollars(cents: int) -> str:
    """``540000`` → ``"5400.00"``: a number a spreadsheet sums, exact to the cent."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def gap_sentences(data: Rollup, names_up_to: int = 8) -> list[str]:
    """One sentence per domain some school does not address: the schools by name, or how many
    when there are more than ``names_up_to`` (the domain-gaps view lists them all)."""
    out = []
    for gap in data.gaps:
        without = gap.schools_without
        if not without:
            continue
        domain = f"{gap.domain}. {gap.name}"
        if len(without) == len(data.schools):
            out.append(f"No school has a strategy in {domain}.")
        elif len(without) <= names_up_to:
            out.append(f"No strategy in {domain}: {', '.join(without)}.")
        else:
            out.append(f"No strategy in {domain}: {len(without)} of {len(data.schools)} schools.")
    return out


def money_words(cents: int) -> str:
    """``540000`` → ``"$5,400.00"``: for people."""
    sign = "−" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}${whole:,}.{part:02d}"


def views(data: Rollup) -> list[View]:
    return [
        _practices(data),
        _domains(data),
        _gaps(data),
        _strategies(data),
        _measures(data),
        _implementation(data),
        _budget(data),
        _supports(data),
        _readiness(data),
    ]


def view_named(data: Rollup, key: str) -> View:
    """The view called ``key`` (one of ``rollup_cli.VIEW_KEYS``, which the command offers)."""
    found = next((view for view in views(data) if view.key == key), None)
    if found is None:
        raise KeyError(key)
    return found


def _practices(data: Rollup) -> View:
    rows = [
        (f"{d.domain}. {d.domain_name}", f"{d.code}. {d.name}", d.schools, d.count)
        for d in data.practices
    ]
    if data.uncoded:
        schools = len({ref.school for ref in data.uncoded})
        rows.append(("—", "No practice code", schools, len(data.uncoded)))
    return View(
        "practices",
        "Strategies by Four Domains practice",
        "How many schools, and how many of their strategies, are coded to each practice.",
        (
            Column("domain", "Domain"),
            Column("practice", "Practice"),
            Column("schools", "Schools", COUNT),
            Column("strategies", "Strategies", COUNT),
        ),
        tuple(rows),
    )


def _strategies(data: Rollup) -> View:
    rows = [
        (f"{cell.code}. {cell.name}", ref.school, ref.number, ref.words)
        for cell in data.practices
        for ref in cell.strategies
    ]
    rows += [("", ref.school, ref.number, ref.words) for ref in data.uncoded]
    return View(
        "strategies",
        "The strategies behind each practice",
        "Every strategy, under the practice it is coded to; those with no code come last.",
        (
            Column("practice", "Practice"),
            Column("school", "School"),
            Column("strategy", "Strategy"),
            Column("words", "What the school will do"),
        ),
        tuple(rows),
    )


def _domains(data: Rollup) -> View:
    names = {cell.domain: cell.domain_name for cell in data.practices}
    columns = [Column("school", "School")] + [
        Column(f"domain_{n}", f"{n}. {names.get(n, '')}", COUNT) for n in (1, 2, 3, 4)
    ]
    return View(
        "domains",
        "Strategies by school and domain",
        "Each school's strategies in each of the four domains; none (0) is a domain the school "
        "does not address.",
        tuple(columns),
        tuple((school, *data.by_school_domain[school]) for school in data.schools),
    )


def _gaps(data: Rollup) -> View:
    rows = [
        (f"{gap.domain}. {gap.name}", school) for gap in data.gaps for school in gap.schools_without
    ]
    return View(
        "domain-gaps",
        "Domains a school does not address",
        "Each school with no strategy coded to any practice of the domain.",
        (Column("domain", "Domain"), Column("school", "School")),
        tuple(rows),
    )


def _measures(data: Rollup) -> View:
    years = max((len(line.targets) for line in data.measures), default=1)
    # Which measures repeat across schools: the same words (case and spacing not counting).
    measuring: dict[str, set[str]] = {}
    for line in data.measures:
        if line.indicator:
            measuring.setdefault(line.indicator.casefold(), set()).add(line.school)

    def schools_measuring(indicator: str) -> int:
        return len(measuring.get(indicator.casefold(), ())) if indicator else 0

    columns = [
        Column("kind", "Kind"),
        Column("subject", "Subject"),
        Column("school", "School"),
        Column("measure", "Measure"),
        Column("indicator", "What is measured"),
        Column("schools", "Schools measuring it", COUNT),
        Column("group", "Grade or group"),
        Column("data_source", "Data source"),
        Column("baseline", "Baseline"),
    ] + [Column(f"target_y{y}", f"Year {y} target") for y in range(1, years + 1)]
    rows: list[tuple[Cell, ...]] = [
        (
            KIND_NAMES.get(line.kind, line.kind),
            line.subject,
            line.school,
            line.measure,
            line.indicator,
            schools_measuring(line.indicator),
            line.group or "All",
            line.data_source,
            line.baseline,
            *line.targets,
            *([""] * (years - len(line.targets))),
        )
        for line in sorted(
            data.measures,
            key=lambda m: (
                list(KIND_NAMES).index(m.kind) if m.kind in KIND_NAMES else 9,
                SUBJECTS.index(m.subject) if m.subject in SUBJECTS else 9,
            ),
        )
    ]
    return View(
        "measures",
        "Goals and measures",
        "By kind and subject, each school's measures with their baselines and targets side by "
        "side; a measure's rows per grade or group follow it. “Schools measuring it” counts the "
        "schools with a measure in the same words.",
        tuple(columns),
        tuple(rows),
    )


def _implementation(data: Rollup) -> View:
    rows = [
        (
            row.school,
            row.cycle or "No plan year set",
            *(row.count(status) for status in STATUSES),
            row.actions,
            row.milestones_met,
            row.milestones,
            "Yes" if row.updated else "No",
            row.latest_month,
        )
        for row in data.implementation
    ]
    return View(
        "implementation",
        "Implementation this cycle",
        f"Where each school's actions stand on {data.today:%B} {data.today.day}, "
        f"{data.today.year}, from their monthly statuses; an action with no status yet counts "
        "as not started.",
        (
            Column("school", "School"),
            Column("cycle", "Cycle"),
            *(Column(status, STATUS_NAMES[status], COUNT) for status in STATUSES),
            Column("actions", "Actions", COUNT),
            Column("milestones_met", "Milestones met", COUNT),
            Column("milestones", "Milestones", COUNT),
            Column("updated", "Updated this cycle"),
            Column("latest_month", "Latest month with a status"),
        ),
        tuple(rows),
    )


def _budget(data: Rollup) -> View:
    from sipdesk.district.rollup_views import source_totals

    rows: list[tuple[Cell, ...]] = []
    for source, cents, _schools in source_totals(data.budget):
        parts = [line for line in data.budget if line.source == source]
        rows.append((source, "All schools", cents, sum(line.actions for line in parts)))
        rows += [(source, line.school, line.cents, line.actions) for line in parts]
    return View(
        "budget",
        "Budget by funding source",
        "Each funding source's total across schools, then each school's part, from the amounts "
        f"on actions (“{NO_SOURCE}” gathers amounts given without a source).",
        (
            Column("source", "Funding source"),
            Column("school", "School"),
            Column("amount", "Amount ($)", MONEY),
            Column("actions", "Actions", COUNT),
        ),
        tuple(rows),
    )


def _supports(data: Rollup) -> View:
    lines = sorted(data.supports, key=lambda s: s.provider.casefold())
    return View(
        "supports",
        "Supports needed and provided",
        "By provider. Plans do not record a tier of support, so none is shown.",
        (
            Column("provider", "Provider"),
            Column("school", "School"),
            Column("strategy", "Strategy"),
            Column("needed", "Needed"),
            Column("provided", "Provided"),
        ),
        tuple((s.provider, s.school, s.strategy, s.needed, s.provided) for s in lines),
    )


def _readiness(data: Rollup) -> View:
    names = {"": "", "returned": "Returned", "approved": "Approved"}
    return View(
        "readiness",
        "Readiness and review",
        "Each school's version read here, the readiness findings still open in it, and the "
        "district's review of that version.",
        (
            Column("school", "School"),
            Column("version", "Version", COUNT),
            Column("received", "Received"),
            Column("school_year", "School year"),
            Column("status", "Status sent"),
            Column("decision", "District decision"),
            Column("open_findings", "Open findings", COUNT),
            Column("rubric", "Rubric"),
            Column("reviewer", "Reviewer"),
        ),
        tuple(
            (
                r.school,
                r.version,
                r.received.isoformat(),
                r.school_year,
                r.status.capitalize(),
                names.get(r.decision, r.decision),
                r.open_findings,
                r.score,
                r.reviewer,
            )
            for r in data.readiness
        ),
    )


# ------------------------------------------------------------------ CSV, zip, JSON
def _csv_value(column: Column, value: Cell) -> str:
    from sipdesk.export.csv_export import safe_cell

    if column.kind == MONEY and isinstance(value, int):
        return dollars(value)
    return safe_cell(str(value)) if isinstance(value, str) else str(value)


def csv_bytes(view: View) -> bytes:
    """The view as one CSV file (UTF-8 with a byte-order mark; formulas defused)."""
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow([c.title for c in view.columns])
    for row in view.rows:
        out.writerow([_csv_value(c, v) for c, v in zip(view.columns, row, strict=True)])
    return buffer.getvalue().encode("utf-8-sig")


def zip_bytes(data: Rollup) -> bytes:
    """Every view as its own CSV file (``practices.csv`` …) in one zip, the files dated with
    the rollup's day: the same desk and day give the same bytes."""
    buffer = io.BytesIO()
    day = data.today
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for view in views(data):
            info = zipfile.ZipInfo(f"{view.key}.csv", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, csv_bytes(view))
    return buffer.getvalue()


def _json_value(column: Column, value: Cell) -> Any:
    return dollars(value) if column.kind == MONEY and isinstance(value, int) else value


def json_bytes(data: Rollup) -> bytes:
    document = {
        "format": "sipdesk-rollup",
        "version": 1,
        "district": data.district,
        "today": data.today.isoformat(),
        "as_of": data.as_of.isoformat() if data.as_of else None,
        "schools": list(data.schools),
        "not_yet_received": list(data.not_yet),
        "views": {
            view.key: {
                "title": view.title,
                "rows": [
                    {c.key: _json_value(c, v) for c, v in zip(view.columns, row, strict=True)}
                    for row in view.rows
                ],
            }
            for view in views(data)
        },
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
