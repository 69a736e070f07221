"""``sipdesk export PLAN -o FILE.csv --what TABLE`` and ``-o FILE.zip --what all``: the plan's
tables for a district's spreadsheet, run as a real process and read back with csv and zipfile.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from sipdesk.export.csv_export import ZIP_ORDER
from tests.plans import SAMPLE_JSON
from tests.unit.helpers.cli import sipdesk


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # so spreadsheets read the accents right
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("csv")
    assert sipdesk("sample", "Sample.sipdesk", cwd=folder).returncode == 0
    return folder / "Sample.sipdesk"


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    return data


def export(plan: Path, name: str, *what: str) -> Path:
    args = ["--what", *what] if what else []
    result = sipdesk("export", plan, "-o", name, *args, cwd=plan.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote {name}."
    return plan.parent / name


def test_goals_table_numbers_every_goal(sample_file: Path, sample: dict[str, Any]) -> None:
    rows = read_csv(export(sample_file, "goals.csv", "goals").read_bytes())
    assert rows[0] == ["Goal", "Goal text", "Academic", "Explanation", "Measures"]
    assert [r[0] for r in rows[1:]] == [str(g) for g in range(1, len(sample["goals"]) + 1)]
    for row, goal in zip(rows[1:], sample["goals"], strict=True):
        assert row[1] == goal["text"]
        assert row[2] == ("Yes" if goal["academic"] else "No")
        assert row[4] == str(len(goal["measures"]))


def test_measures_table_has_one_row_per_measure_with_a_target_a_year(
    sample_file: Path, sample: dict[str, Any]
) -> None:
    rows = read_csv(export(sample_file, "measures.csv", "measures").read_bytes())
    header = rows[0]
    span = sample["profile"]["plan_years"]
    assert header[:4] == ["Measure of", "Goal, priority or strategy", "Measure", "Group"]
    assert [h for h in header if h.startswith("Target year")] == [
        f"Target year {y}" for y in range(1, span + 1)
    ]
    measures = [
        ("Goal", str(g), str(n), m)
        for g, goal in enumerate(sample["goals"], start=1)
        for n, m in enumerate(goal["measures"], start=1)
    ]
    for p, priority in enumerate(sample["priorities"], start=1):
        measures += [("Priority", str(p), str(n), m) for n, m in enumerate(priority["measures"], 1)]
        measures += [
            ("Strategy", f"{p}.{s}", str(n), m)
            for s, strategy in enumerate(priority["strategies"], start=1)
            for n, m in enumerate(strategy["measures"], start=1)
        ]
    # Each measure's row, then one row per grade or student group under it
    expected: list[tuple[str, str, str, dict[str, Any], dict[str, Any] | None]] = []
    for level, number, n, m in measures:
        expected.append((level, number, n, m, None))
        expected += [(level, number, n, m, group) for group in m.get("groups", [])]
    assert len(rows) - 1 == len(expected)
    for row, (level, number, n, measure, group) in zip(rows[1:], expected, strict=True):
        cells = dict(zip(header, row, strict=True))
        assert (cells["Measure of"], cells["Goal, priority or strategy"], cells["Measure"]) == (
            level,
            number,
            n,
        )
        assert cells["Indicator"] == measure["indicator"]
        assert cells["Kind"] == measure["kind"]
        assert cells["Target type"] == measure["target_type"]
        if group is None:
            assert cells["Group"] == ""
            assert cells["Baseline"] == measure["baseline"]
            for year in range(1, span + 1):
                assert cells[f"Target year {year}"] == measure.get(f"target_y{year}", "")
        else:
            assert cells["Group"] == group["group"]
            assert cells["Data source"] == group["data_source"]
            assert cells["Baseline"] == group["baseline"]
            for year in range(1, span + 1):
                assert cells[f"Target year {year}"] == group["targets"][year - 1]


def test_measures_table_carries_the_sample_plans_per_grade_numbers(sample_file: Path) -> None:
    rows = read_csv(export(sample_file, "grades.csv", "measures").read_bytes())
    header = rows[0]
    table = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    by_group = {(r["Measure of"], r["Group"]): r for r in table if r["Group"]}
    kindergarten = by_group[("Priority", "Kindergarten")]
    assert (kindergarten["Kind"], kindergarten["Data source"]) == ("interim", "mCLASS")
    assert (kindergarten["Baseline"], kindergarten["Target year 1"]) == ("66%", "70%")
    assert by_group[("Goal", "Grade 5")]["Baseline"] == "27.7% proficient (spring 2026)"
    ratings = [r for r in table if r["Target type"] == "rating"]
    assert ratings and ratings[0]["Target year 2"] == "Exceeds Expected Growth by June 2028"


def test_the_default_csv_is_still_the_action_plan(sample_file: Path) -> None:
    plain = export(sample_file, "plain.csv").read_bytes()
    assert export(sample_file, "actions.csv", "actions").read_bytes() == plain
    rows = read_csv(plain)
    assert rows[0][:3] == ["Priority", "Priority area", "Strategy"] and rows[1][6] == "1.1.1.1"


def test_all_writes_every_table_into_one_zip(sample_file: Path, sample: dict[str, Any]) -> None:
    archive_path = export(sample_file, "tables.zip", "all")
    with zipfile.ZipFile(archive_path) as archive:
        assert archive.namelist() == [f"{t}.csv" for t in ZIP_ORDER]
        tables = {name: read_csv(archive.read(name)) for name in archive.namelist()}
    # Each file is the same table its own --what writes
    for table in ("goals", "measures", "actions"):
        alone = read_csv(export(sample_file, f"{table}-alone.csv", table).read_bytes())
        assert tables[f"{table}.csv"] == alone
    strategies = tables["strategies.csv"]
    assert strategies[0][:3] == ["Priority", "Priority area", "Strategy"]
    numbers = [
        f"{p}.{s}"
        for p, priority in enumerate(sample["priorities"], start=1)
        for s, _ in enumerate(priority["strategies"], start=1)
    ]
    assert [r[2] for r in strategies[1:]] == numbers
    # A zip made twice on the same day is the same file
    again = export(sample_file, "again.zip")  # a .zip holds every table, --what or not
    assert again.read_bytes() == archive_path.read_bytes()


def test_a_strategy_budget_sums_only_recorded_amounts(tmp_path: Path) -> None:
    def strategy(number: int, budgets: list[int | None]) -> dict[str, Any]:
        actions = [{"id": number * 10 + i, "text": f"Action {i}"} for i in range(len(budgets))]
        for item, cents in zip(actions, budgets, strict=True):
            if cents is not None:
                item["budget_cents"] = cents
        return {"id": number, "milestones": [{"id": number, "actions": actions}]}

    document = {
        "format": "sipdesk-plan",
        "format_version": 3,
        "profile": {"school_name": "Budget School"},
        "priorities": [
            {"id": 1, "strategies": [strategy(1, [125000, None, 0]), strategy(2, [None])]}
        ],
    }
    (tmp_path / "plan.json").write_text(json.dumps(document), encoding="utf-8")
    assert sipdesk("import", "plan.json", "-o", "plan.sipdesk", cwd=tmp_path).returncode == 0
    plan = tmp_path / "plan.sipdesk"
    with zipfile.ZipFile(export(plan, "tables.zip", "all")) as archive:
        actions = read_csv(archive.read("actions.csv"))
        strategies = read_csv(archive.read("strategies.csv"))
    budget = actions[0].index("Budget")
    assert [r[budget] for r in actions[1:]] == ["1250.00", "", "0.00", ""]
    budget = strategies[0].index("Budget")
    assert [r[budget] for r in strategies[1:]] == ["1250.00", ""]


@pytest.mark.parametrize(
    ("name", "what", "words"),
    [
        ("all.csv", "all", "give a file name ending in .zip"),
        ("plan.pdf", "goals", "--what goes with a .csv or .zip file"),
        ("plan.json", "measures", "--what goes with a .csv or .zip file"),
        ("goals.zip", "goals", "a .zip holds every table"),
    ],
)
def test_what_that_cannot_work_is_refused_in_one_sentence(
    sample_file: Path, name: str, what: str, words: str
) -> None:
    result = sipdesk("export", sample_file, "-o", name, "--what", what, cwd=sample_file.parent)
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr
    assert not (sample_file.parent / name).exists()


def test_help_explains_the_tables(tmp_path: Path) -> None:
    result = sipdesk("export", "--help", cwd=tmp_path)
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "--what {actions,measures,goals,strategies,all}" in text
    assert "goals.csv, measures.csv, strategies.csv and actions.csv" in text
