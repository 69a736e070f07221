"""A corpus of hostile plan files and JSON documents, each with the outcome it must get.

Every case starts from a real plan (the sample school, built by the importer) or from raw bytes,
and is bent one way: foreign bytes, a damaged page, objects a plan never has, values no column
may hold, more rows than the limits allow. The command line and the window's open path both run
the whole corpus (tests/unit/test_hostile_corpus.py and tests/ui/test_hostile_open.py).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sipdesk.models.limits import MAX_CAUSE_DEPTH, MAX_ROWS, MAX_TEXT_CHARS
from tests.plans import SAMPLE_JSON, sample_plan

REFUSED = "refused"  # a plain sentence naming the file; nothing opened, nothing written
READ_ONLY = "read-only"  # opens, but only to read (a file from a newer SIP Desk)
OPENS = "opens"  # a sound plan despite what lies beside it


@dataclass(frozen=True)
class Case:
    name: str  # also the file's name, so a failure says which case it was
    make: Callable[[Path], Path]  # builds the file in the given folder and returns it
    outcome: str
    words: str = ""  # what the refusal must say, besides the file's name
    kind: str = "plan"  # "plan" (opened) or "json" (imported)


_BASE: dict[str, bytes] = {}


def sample_bytes() -> bytes:
    """The bytes of the sample plan, built once per test session."""
    if "plan" not in _BASE:
        folder = Path(tempfile.mkdtemp(prefix="sipdesk-corpus-"))
        # Built with a private folder of its own: the first test to ask for the bytes must not
        # find this plan's working copy and lock among the files it checks are left behind.
        before = os.environ.get("SIPDESK_DATA_DIR")
        os.environ["SIPDESK_DATA_DIR"] = str(folder / "data")
        try:
            sample_plan(folder / "base.sipdesk").close()
            _BASE["plan"] = (folder / "base.sipdesk").read_bytes()
        finally:
            if before is None:
                os.environ.pop("SIPDESK_DATA_DIR", None)
            else:
                os.environ["SIPDESK_DATA_DIR"] = before
            shutil.rmtree(folder, ignore_errors=True)
    return _BASE["plan"]


def _plan(folder: Path, name: str, sql: str = "", *, raw: bool = False) -> Path:
    path = folder / f"{name}.sipdesk"
    path.write_bytes(sample_bytes())
    if sql:
        conn = sqlite3.connect(path, isolation_level=None)
        if raw:  # through the back door: rules and reserved names are not enforced
            conn.execute("PRAGMA ignore_check_constraints = ON")
            conn.execute("PRAGMA writable_schema = ON")
        conn.executescript(sql)
        conn.close()
    return path


def tampered(name: str, sql: str, words: str, *, raw: bool = False) -> Case:
    return Case(name, lambda folder: _plan(folder, name, sql, raw=raw), REFUSED, words)


def _bytes(name: str, make: Callable[[Path], bytes]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / f"{name}.sipdesk"
        path.write_bytes(make(folder))
        return path

    return build


def raw(name: str, make: Callable[[Path], bytes], words: str) -> Case:
    return Case(name, _bytes(name, make), REFUSED, words)


def _patched(offset: int, data: bytes) -> Callable[[Path], bytes]:
    def make(_folder: Path) -> bytes:
        body = bytearray(sample_bytes())
        body[offset : offset + len(data)] = data
        return bytes(body)

    return make


def _huge(folder: Path) -> Path:
    path = folder / "huge.sipdesk"
    path.write_bytes(sample_bytes())
    with path.open("r+b") as handle:  # sparse: 33 MB on paper, little on disk
        handle.truncate(33 * 1024 * 1024)
    return path


def _foreign_sqlite(folder: Path) -> bytes:
    other = folder / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE recipes(name TEXT)")
    conn.commit()
    conn.close()
    data = other.read_bytes()
    other.unlink()
    return data


def _app_id_no_version(folder: Path) -> bytes:
    other = folder / "other.db"
    conn = sqlite3.connect(other)
    conn.execute(f"PRAGMA application_id = {0x53495044}")
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    data = other.read_bytes()
    other.unlink()
    return data


def _beside(name: str, suffix: str, junk: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = _plan(folder, name)
        (folder / f"{path.name}{suffix}").write_bytes(junk)
        return path

    return build


def _rows(table: str, count: int, columns: str, values: str) -> str:
    return (
        f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) "
        f"INSERT INTO {table}({columns}) SELECT {values} FROM n;"
    )


def _chain(depth: int) -> str:
    """A chain of sub-causes ``depth`` levels deep hanging from cause 1 (a cause on a bone)."""
    return (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
        f"{depth - 1}) INSERT INTO causes(id, category_id, parent_id, text, evidence, "
        "actionable, is_root, votes, position) SELECT 1000 + i, 1, CASE i WHEN 1 THEN 1 "
        "ELSE 999 + i END, 'why ' || i, '', 0, 0, 0, 0 FROM n;"
    )


def _trigger(name: str) -> str:
    sql = (
        f"CREATE TRIGGER {name} AFTER INSERT ON core_values BEGIN DELETE FROM goals; "
        "UPDATE plan_profile SET school_name = 'pwned'; END"
    )
    return (
        "INSERT INTO sqlite_master(type, name, tbl_name, rootpage, sql) "
        f"VALUES ('trigger', '{name}', 'core_values', 0, '{sql.replace(chr(39), chr(39) * 2)}');"
    )


def _rebuilt(table_sql: str) -> str:
    """Replace core_values with a table of the given shape, keeping its rows and index."""
    return (
        "PRAGMA foreign_keys = OFF; ALTER TABLE core_values RENAME TO old_values; "
        f"{table_sql}; INSERT INTO core_values SELECT * FROM old_values; DROP TABLE old_values;"
    )


LONG = "x" * (MAX_TEXT_CHARS + 1)

PLAN_CASES: list[Case] = [
    # ---------------------------------------------------------------- not a plan at all
    raw("empty", lambda _f: b"", "is empty"),
    raw("notes", lambda _f: b"Agenda: review the plan\n" * 40, "is not a SIP Desk plan file"),
    raw("picture", lambda _f: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "is not a SIP"),
    raw("word-file", lambda _f: b"PK\x03\x04" + b"\x00" * 2000, "is not a SIP Desk plan file"),
    raw("recipes", _foreign_sqlite, "is a database from another program"),
    raw("no-version", _app_id_no_version, "is not a SIP Desk plan file"),
    raw("header-only", lambda _f: sample_bytes()[:100], "incomplete"),
    raw("half", lambda _f: sample_bytes()[: len(sample_bytes()) // 2], "incomplete"),
    raw("bad-page-size", _patched(16, b"\x03\xe8"), "is damaged"),
    raw("huge-page-count", _patched(28, b"\x7f\xff\xff\xff"), "incomplete"),
    raw("scribbled", _patched(8192, b"\xff" * 2048), "damaged"),
    Case("huge", _huge, REFUSED, "larger than 32 MB, the most a plan file may be"),
    # ---------------------------------------------------------------- objects a plan never has
    tampered(
        "extra-trigger",
        "CREATE TRIGGER t AFTER INSERT ON core_values BEGIN DELETE FROM goals; END;",
        "trigger",
    ),
    tampered("extra-view", "CREATE VIEW v AS SELECT * FROM goals;", "view"),
    tampered("extra-table", "CREATE TABLE notes(x);", "extra tables"),
    tampered("extra-index", "CREATE INDEX ix_extra ON goals(text);", "layout"),
    tampered("missing-index", "DROP INDEX ix_causes_parent_id;", "layout"),
    tampered("hidden-trigger", _trigger("sqlite_autoindex_x"), "trigger", raw=True),
    tampered("hidden-trigger-case", _trigger("SQLITE_AUTOINDEXx"), "trigger", raw=True),
    tampered("hidden-trigger-sequence", _trigger("sqlite_sequence"), "trigger", raw=True),
    tampered(
        "hidden-view",
        "INSERT INTO sqlite_master(type, name, tbl_name, rootpage, sql) VALUES ('view', "
        "'sqlite_autoindex_goals_9', 'sqlite_autoindex_goals_9', 0, "
        "'CREATE VIEW sqlite_autoindex_goals_9 AS SELECT 1');",
        "view",
        raw=True,
    ),
    tampered(
        "check-zero",
        _rebuilt(
            "CREATE TABLE core_values (id INTEGER NOT NULL, text TEXT NOT NULL, "
            "position INTEGER NOT NULL, CONSTRAINT pk_core_values PRIMARY KEY (id), CHECK (0))"
        ),
        "is damaged inside",
        raw=True,
    ),
    tampered(
        "generated-column",
        _rebuilt(
            "CREATE TABLE core_values (id INTEGER NOT NULL, text TEXT NOT NULL, "
            "position INTEGER NOT NULL, shout TEXT GENERATED ALWAYS AS (upper(text)), "
            "CONSTRAINT pk_core_values PRIMARY KEY (id))"
        ).replace("SELECT * FROM old_values", "SELECT id, text, position FROM old_values"),
        "layout",
    ),
    tampered(
        "collation",
        _rebuilt(
            "CREATE TABLE core_values (id INTEGER NOT NULL, text TEXT COLLATE NOCASE NOT NULL, "
            "position INTEGER NOT NULL, CONSTRAINT pk_core_values PRIMARY KEY (id))"
        ),
        "layout",
    ),
    tampered(
        "missing-column",
        "ALTER TABLE core_values DROP COLUMN position;",
        "layout",
    ),
    # ---------------------------------------------------------------- more than the limits
    tampered(
        "too-many-goals",
        _rows("goals", MAX_ROWS["goals"], "text, explanation, academic, position", "'g', '', 0, i"),
        f"more than {MAX_ROWS['goals']:,} goals",
    ),
    tampered(
        "too-many-causes",
        _rows(
            "causes",
            MAX_ROWS["causes"],
            "category_id, text, evidence, actionable, is_root, votes, position",
            "1, 'c', '', 0, 0, 0, i",
        ),
        f"more than {MAX_ROWS['causes']:,} causes",
    ),
    tampered(
        "five-priorities",
        _rows("priorities", 2, "title, description, position", "'p', '', 9"),
        "more than 4 priority areas",
    ),
    tampered(
        "long-vision",
        f"UPDATE plan_profile SET vision = '{LONG}';",
        f"longer than {MAX_TEXT_CHARS:,} characters",
    ),
    tampered(
        "megabyte-cause",
        "UPDATE causes SET text = printf('%.*c', 1000000, 'y') WHERE id = 3;",
        f"longer than {MAX_TEXT_CHARS:,} characters",
    ),
    tampered("deep-chain", _chain(MAX_CAUSE_DEPTH + 1), f"more than {MAX_CAUSE_DEPTH} levels deep"),
    # ---------------------------------------------------------------- values no column may hold
    tampered("blob-text", "UPDATE goals SET text = x'00ff10' WHERE id = 1;", "goals (text)"),
    tampered(
        "bad-utf8",
        "UPDATE causes SET text = CAST(x'41ff42' AS TEXT) WHERE id = 2;",
        "text SIP Desk cannot read in its causes",
    ),
    tampered("real-votes", "UPDATE causes SET votes = 1.5 WHERE id = 1;", "causes (votes)"),
    tampered("infinite-votes", "UPDATE causes SET votes = 1e999 WHERE id = 1;", "(votes)"),
    tampered("negative-votes", "UPDATE causes SET votes = -1 WHERE id = 1;", "(votes)"),
    tampered("huge-votes", "UPDATE causes SET votes = 4611686018427387904;", "(votes)"),
    tampered(
        "text-dots",
        "UPDATE plan_profile SET dots_per_member = 'many';",
        "(dots per member)",
    ),
    tampered(
        "huge-dots",
        "UPDATE plan_profile SET dots_per_member = 4611686018427387904;",
        "(dots per member)",
    ),
    tampered("many-dots", "UPDATE dot_votes SET dots = 1000 WHERE id = 1;", "(dots)"),
    tampered("no-years", "UPDATE plan_profile SET plan_years = 0;", "(plan years)"),
    tampered("century-plan", "UPDATE plan_profile SET plan_years = 100;", "(plan years)"),
    tampered("recurs-sometimes", "UPDATE actions SET recurrence = 'sometimes';", "(recurrence)"),
    tampered("measure-kind", "UPDATE measures SET kind = 'vibes';", "(kind)"),
    tampered("target-type", "UPDATE measures SET target_type = 'stars';", "(target type)"),
    tampered(
        "cycle-backwards",
        'INSERT INTO cycles (name, start, "end", position) '
        "VALUES ('C1', '2026-10', '2026-08', 0);",
        "is damaged inside",
        raw=True,
    ),
    tampered(
        "cycle-month-words",
        'INSERT INTO cycles (name, start, "end", position) '
        "VALUES ('C1', '08/2026', '2026-10', 0);",
        "(start)",
    ),
    tampered(
        "endless-segment",
        "INSERT INTO agenda_segments (title, minutes, position) VALUES ('SWOT', 100000, 0);",
        "(minutes)",
    ),
    tampered(
        "idea-step-12",
        "INSERT INTO parked_ideas (text, step, raised_on, done, position) "
        "VALUES ('Bus times', 12, '2026-09-14', 0, 0);",
        "(step)",
    ),
    tampered(
        "idea-date-words",
        "INSERT INTO parked_ideas (text, step, raised_on, done, position) "
        "VALUES ('Bus times', 2, 'next week', 0, 0);",
        "(raised on)",
    ),
    tampered("boolean-two", "UPDATE causes SET is_root = 2 WHERE id = 1;", "(is root)"),
    tampered("boolean-text", "UPDATE goals SET academic = 'yes';", "(academic)"),
    tampered("month-9999", "UPDATE plan_profile SET first_month = '9999-12';", "(first month)"),
    tampered("month-0000", "UPDATE plan_profile SET first_month = '0000-01';", "(first month)"),
    tampered("month-13", "UPDATE plan_profile SET first_month = '2026-13';", "(first month)"),
    tampered("month-words", "UPDATE plan_profile SET first_month = 'soon';", "(first month)"),
    tampered(
        "status-month", "UPDATE action_statuses SET month = '10000-01' WHERE id = 1;", "(month)"
    ),
    tampered(
        "unknown-status",
        "UPDATE action_statuses SET status = 'paused' WHERE id = 1;",
        "is damaged inside",
        raw=True,
    ),
    tampered("swot-kind", "UPDATE swot_items SET kind = 'maybe';", "is damaged inside", raw=True),
    tampered(
        "quarter-twenty-five",  # (a report per monitoring period: at most 24 cycles)
        "UPDATE milestone_reports SET quarter = 25 WHERE id = 1;",
        "is damaged inside",
        raw=True,
    ),
    tampered(
        "measure-two-owners",
        "UPDATE measures SET strategy_id = 1 WHERE goal_id IS NOT NULL;",
        "is damaged inside",
        raw=True,
    ),
    tampered("plan-status", "UPDATE plan_profile SET status = 'hacked';", "(status)"),
    tampered("plan-id-blank", "UPDATE plan_profile SET plan_id = '';", "(plan id)"),
    tampered("plan-id-words", "UPDATE plan_profile SET plan_id = 'plan one';", "(plan id)"),
    tampered(
        "plan-id-upper",
        "UPDATE plan_profile SET plan_id = upper(plan_id);",
        "(plan id)",
    ),
    tampered("plan-id-number", "UPDATE plan_profile SET plan_id = 42;", "(plan id)"),
    tampered("event-status", "UPDATE status_events SET status = 'weird';", "(status)"),
    tampered("feb-30", "UPDATE plan_profile SET plan_date = '2026-02-30';", "(plan date)"),
    tampered("us-date", "UPDATE plan_profile SET plan_date = '12/09/2026';", "(plan date)"),
    tampered("year-1066", "UPDATE plan_profile SET plan_date = '1066-10-14';", "(plan date)"),
    tampered("when-words", "UPDATE review_comments SET created_at = 'yesterday';", "(created at)"),
    tampered(
        "month-13-time",
        "UPDATE status_events SET at = '2026-13-01 10:00:00.000000';",
        "(at)",
    ),
    tampered("budget", "UPDATE actions SET budget_cents = 1000000000000000;", "(budget)"),
    tampered("review-step", "UPDATE review_comments SET step = 42;", "(step)"),
    tampered("negative-id", "UPDATE core_values SET id = -5 WHERE id = 1;", "(id)"),
    tampered("huge-id", "UPDATE core_values SET id = 1099511627776 WHERE id = 1;", "(id)"),
    tampered("huge-position", "UPDATE goals SET position = 1099511627776;", "(position)"),
    # ---------------------------------------------------------------- broken links
    tampered(
        "dangling-parent",
        "UPDATE causes SET parent_id = 9999 WHERE id = 1;",
        "point at something that is not in the plan",
    ),
    tampered(
        "dangling-member",
        "UPDATE dot_votes SET member_id = 9999 WHERE id = 1;",
        "point at something that is not in the plan",
    ),
    tampered(
        "dangling-link",
        "UPDATE priority_links SET cause_id = 9999 WHERE cause_id IS NOT NULL;",
        "point at something that is not in the plan",
    ),
    tampered(
        "dangling-status",
        "UPDATE action_statuses SET action_id = 9999 WHERE id = 1;",
        "point at something that is not in the plan",
    ),
    tampered(
        "cause-loop",
        "UPDATE causes SET parent_id = 2 WHERE id = 1; "
        "UPDATE causes SET parent_id = 1 WHERE id = 2;",
        "in a loop",
    ),
    tampered("own-parent", "UPDATE causes SET parent_id = id WHERE id = 3;", "in a loop"),
    tampered("other-bone", "UPDATE causes SET parent_id = 6 WHERE id = 1;", "on a different bone"),
    tampered("no-profile", "DELETE FROM plan_profile;", "school profile"),
    tampered(
        "two-profiles",
        "CREATE TEMP TABLE p AS SELECT * FROM plan_profile; UPDATE p SET id = 2; "
        "INSERT INTO plan_profile SELECT * FROM p;",
        "school profile",
    ),
    # ---------------------------------------------------------------- sound plans, odd company
    Case("future", lambda f: _plan(f, "future", "PRAGMA user_version = 99;"), READ_ONLY),
    Case("stale-journal", _beside("stale-journal", "-journal", b"\x00" * 4096), OPENS),
    Case("stale-wal", _beside("stale-wal", "-wal", b"\x00" * 4096), OPENS),
]


def _document(**plan: Any) -> dict[str, Any]:
    return {"format": "sipdesk-plan", "format_version": 1, **plan}


def _json(name: str, text: str | bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / f"{name}.json"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return build


def bad_json(name: str, document: dict[str, Any] | str, words: str) -> Case:
    text = document if isinstance(document, str) else json.dumps(document)
    return Case(name, _json(name, text), REFUSED, words, kind="json")


def _deep_causes(levels: int) -> dict[str, Any]:
    cause: dict[str, Any] = {"id": levels + 1, "text": "deepest"}
    for n in range(levels, 0, -1):
        cause = {"id": n, "text": f"level {n}", "causes": [cause]}
    category = {"id": 1, "name": "Instruction", "causes": [cause]}
    return _document(fishbones=[{"id": 1, "problem": "p", "categories": [category]}])


def _huge_json(folder: Path) -> Path:
    path = folder / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)
    return path


JSON_CASES: list[Case] = [
    Case(
        "notepad-bom",
        _json("notepad-bom", b"\xef\xbb\xbf" + json.dumps(_document(goals=[])).encode()),
        OPENS,
        kind="json",
    ),
    bad_json("not-json", "{ this is not json", "is not valid JSON"),
    bad_json("not-a-plan", {"hello": "world"}, "is not a SIP Desk plan in JSON form"),
    bad_json(
        "deep-json",
        '{"format": "sipdesk-plan", "format_version": 1, "goals": '
        + "[" * 100_000
        + "]" * 100_000
        + "}",
        "nested far more deeply",
    ),
    bad_json(
        "giant-number",
        '{"format": "sipdesk-plan", "format_version": 1, "profile": {"dots_per_member": '
        + "9" * 5000
        + "}}",
        "a number far larger than any plan needs",
    ),
    bad_json(
        "nan-dots",
        '{"format": "sipdesk-plan", "format_version": 1, "profile": {"dots_per_member": NaN}}',
        "dots_per_member should be a whole number",
    ),
    bad_json(
        "infinite-dots",
        '{"format": "sipdesk-plan", "format_version": 1, "profile": {"dots_per_member": 1e999}}',
        "dots_per_member should be a whole number",
    ),
    bad_json(
        "lone-surrogate",
        '{"format": "sipdesk-plan", "format_version": 1, "profile": {"vision": "a\\ud800b"}}',
        "not valid text",
    ),
    bad_json(
        "long-text",
        _document(profile={"vision": LONG}),
        f"longer than {MAX_TEXT_CHARS:,} characters",
    ),
    bad_json(
        "many-goals",
        _document(goals=[{"id": i + 1} for i in range(MAX_ROWS["goals"] + 1)]),
        f"more than {MAX_ROWS['goals']:,} goals",
    ),
    bad_json("month-9999", _document(profile={"first_month": "9999-12"}), "not a month"),
    bad_json(
        "odd-status",
        _document(status_history=[{"id": 1, "status": "paused"}]),
        "should be one of",
    ),
    bad_json(
        "deep-causes",
        _deep_causes(MAX_CAUSE_DEPTH),
        f"nests sub-causes more than {MAX_CAUSE_DEPTH} levels deep",
    ),
    bad_json("year-1066", _document(profile={"plan_date": "1066-10-14"}), "between the years"),
    bad_json("text-boolean", _document(goals=[{"id": 1, "academic": "yes"}]), "true or false"),
    bad_json("huge-dots", _document(profile={"dots_per_member": 2**62}), "from 0 to"),
    bad_json("ten-year-plan", _document(profile={"plan_years": 10}), "from 1 to"),
    bad_json(
        "recurs-sometimes",
        _document(
            priorities=[
                {
                    "id": 1,
                    "strategies": [
                        {
                            "id": 1,
                            "milestones": [
                                {"id": 1, "actions": [{"id": 1, "recurrence": "sometimes"}]}
                            ],
                        }
                    ],
                }
            ]
        ),
        "recurrence",
    ),
    bad_json(
        "measure-kind",
        _document(goals=[{"id": 1, "measures": [{"id": 1, "kind": "vibes"}]}]),
        "kind should be one of",
    ),
    bad_json(
        "group-targets",
        _document(
            goals=[{"id": 1, "measures": [{"id": 1, "groups": [{"id": 1, "targets": ["1"] * 6}]}]}]
        ),
        "more than 5 entries",
    ),
    bad_json(
        "plan-id",
        _document(profile={"plan_id": "0f8fad5b-d9cb-469f-a165-70867728950"}),
        "is not a plan id SIP Desk understands",
    ),
    bad_json(
        "cycle-backwards",
        _document(cycles=[{"id": 1, "name": "C1", "start": "2026-10", "end": "2026-08"}]),
        "before it starts",
    ),
    bad_json("repeated-id", _document(goals=[{"id": 1}, {"id": 1}]), "repeats id 1"),
    bad_json(
        "dangling-vote",
        _document(
            fishbones=[
                {
                    "id": 1,
                    "categories": [
                        {"id": 1, "causes": [{"id": 1, "dot_votes": [{"id": 1, "member_id": 7}]}]}
                    ],
                }
            ]
        ),
        "points at",
    ),
    Case("huge-json", _huge_json, REFUSED, "larger than 64 MB", kind="json"),
]

ALL_CASES = PLAN_CASES + JSON_CASES


def copy_case(case: Case, folder: Path) -> Path:
    """Build ``case`` in its own fresh folder under ``folder``."""
    home = folder / case.name
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    return case.make(home)


__all__ = ["ALL_CASES", "JSON_CASES", "PLAN_CASES", "SAMPLE_JSON", "Case"]
