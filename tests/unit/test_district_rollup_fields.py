"""The rollup facts keep every field the rollup's views read (issue 14, benchmarks).

The facts kept at intake are only the fields in ``rollup_facts.FIELDS``. Two checks that they are
enough, on the sample plan (a real, full plan) in three forms — as it is (monitored by quarters),
with cycles of its own, and with no plan year nor cycles:

- every view's rows (``rollup_tables.views``) are the same rolled up from the kept facts as from
  the whole parts of each version's interchange document, for days before, in and after the plan
  year;
- rolling up the whole parts, held in mappings that note each field read, reads no field that
  ``FIELDS`` leaves out (so a view that starts reading a new field fails here, even where the
  sample plan leaves that field empty).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sipdesk.district.document import DeskDocument
from sipdesk.district.intake import intake
from sipdesk.district.models import PlanVersion
from sipdesk.district.rollup import PlanCache, Rollup, read_rollup_parts, rollup
from sipdesk.district.rollup_facts import FIELDS, VALUE, VALUES, facts_of, read_facts
from sipdesk.district.rollup_tables import views
from sipdesk.export.interchange import import_json
from tests.plans import SAMPLE_JSON

DAYS = (dt.date(2026, 6, 1), dt.date(2026, 9, 15), dt.date(2026, 12, 6), dt.date(2028, 3, 1))
CYCLES = [
    {"name": "Fall", "start": "2026-08", "end": "2026-10"},
    {"name": "", "start": "2026-11", "end": "2027-01"},
    {"name": "Spring", "start": "2027-02", "end": "2027-05"},
]


def _variants() -> dict[str, dict[str, Any]]:
    sample = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    out = {}
    for name, cycles, first_month in (
        ("quarters", [], sample["profile"]["first_month"]),
        ("cycles", CYCLES, sample["profile"]["first_month"]),
        ("no year", [], ""),
    ):
        plan = json.loads(json.dumps(sample))
        plan["profile"]["school_name"] = f"Sample ({name})"
        plan["profile"]["state_school_id"] = f"ST-{name}"
        plan["profile"]["first_month"] = first_month
        plan["cycles"] = cycles
        out[name] = plan
    return out


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fields")
    path = folder / "district.sipdistrict"
    DeskDocument.create(path, district_name="Pine County Schools").close()
    files = []
    for name, document in _variants().items():
        source = folder / f"{name}.json"
        source.write_text(json.dumps(document), encoding="utf-8")
        files.append(folder / f"{name.replace(' ', '-')}.sipdesk")
        import_json(source, files[-1]).close()
    with DeskDocument.open(path) as doc:
        for file in files:
            (outcome,) = intake(doc, [file])
            assert outcome.result == "added", outcome.line()
    return path


def _whole_parts(desk: Path) -> dict[int, dict[str, Any]]:
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        return {
            version.id: read_rollup_parts(session, version, doc.path)
            for version in session.scalars(select(PlanVersion))
        }


def _rollup(desk: Path, today: dt.date, plans: dict[int, Any] | None = None) -> Rollup:
    cache = PlanCache()
    if plans is not None:
        cache.plans.update(plans)
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        data = rollup(session, doc.path, today=today, cache=cache)
    assert cache.reads == 0
    return data


def test_every_view_reads_the_same_from_the_facts_as_from_the_whole_parts(desk: Path) -> None:
    whole = _whole_parts(desk)
    for today in DAYS:
        from_facts = views(_rollup(desk, today))
        from_whole = views(_rollup(desk, today, whole))
        assert [(v.key, v.columns, v.rows) for v in from_facts] == [
            (v.key, v.columns, v.rows) for v in from_whole
        ]
        assert all(v.rows for v in from_facts), [v.key for v in from_facts if not v.rows]


def test_the_kept_facts_are_the_facts_of_the_whole_parts_and_much_shorter(desk: Path) -> None:
    whole = _whole_parts(desk)
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        from sipdesk.district.models import VersionFacts

        kept = {row.version_id: row.facts for row in session.scalars(select(VersionFacts))}
    assert sorted(kept) == sorted(whole)
    for version_id, text in kept.items():
        assert read_facts(text) == facts_of(whole[version_id])
        assert len(text) * 3 < len(json.dumps(whole[version_id], separators=(",", ":")))


# ------------------------------------------------------------------ the fields the views read
class _Noting(dict[str, Any]):
    """A row of a plan that notes, in ``read``, each field looked up (as ``path/field``)."""

    def __init__(self, row: dict[str, Any], path: str, read: set[str]) -> None:
        super().__init__(row)
        self.path, self.read = path, read

    def _note(self, key: str, value: Any) -> Any:
        self.read.add(f"{self.path}/{key}")
        if isinstance(value, list) and any(isinstance(item, dict) for item in value):
            return [_Noting(item, f"{self.path}/{key}", self.read) for item in value]
        if isinstance(value, dict):
            return _Noting(value, f"{self.path}/{key}", self.read)
        return value

    def __getitem__(self, key: str) -> Any:
        return self._note(key, super().__getitem__(key))

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return self._note(key, super().get(key, default))

    def __iter__(self) -> Iterator[str]:  # a view going through every field reads them all
        self.read.add(f"{self.path}/*")
        return super().__iter__()


def _kept_paths(fields: Any, path: str) -> Iterator[str]:
    for key, kind in fields.items():
        yield f"{path}/{key}"
        if kind is not VALUE and kind is not VALUES:
            yield from _kept_paths(kind, f"{path}/{key}")


def test_the_views_read_no_field_the_facts_leave_out(desk: Path) -> None:
    read: set[str] = set()
    noting = {
        version_id: _Noting(plan, "", read) for version_id, plan in _whole_parts(desk).items()
    }
    for today in DAYS:
        views(_rollup(desk, today, noting))  # type: ignore[arg-type]
    kept = {"/profile", *_kept_paths(FIELDS, "")}
    assert read - kept == set()
    # It notes what it should: the deepest fields read, and the cycles' own.
    assert {"/priorities/strategies/milestones/actions/statuses/month", "/cycles/end"} <= read
