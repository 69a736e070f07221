"""Checks what an untrusted plan file holds, after its structure has been found sound.

Every column is held to its domain (:mod:`sipdesk.models.domains`) and every table to the row
limits (:mod:`sipdesk.models.limits`), in SQL on the validator's read-only connection, so a
file that opens can be shown by every page, printed and exported. Each refusal is one sentence
naming the file and what is wrong with it.

The domains and the tables' CHECK rules come from the models, frozen as SQL in
``content_rules.json`` (``python -m sipdesk.storage.freeze``; a test holds the file equal to
the models), so opening a plan needs neither SQLAlchemy nor the models (issue 12).
"""

from __future__ import annotations

import json
import sqlite3
from functools import cache
from pathlib import Path
from typing import Any, cast

from sipdesk.models.limits import MAX_CAUSE_DEPTH, MAX_ROWS, MAX_TEXT_CHARS, ROW_NOUNS
from sipdesk.storage.errors import UnsafePlanError

RULES_PATH = Path(__file__).resolve().parent / "content_rules.json"


@cache
def rules() -> dict[str, Any]:
    """By table: ``columns`` (each column's domain: its ``kind``, its ``words`` in a refusal
    and the SQL ``ok`` that holds for an acceptable value) and ``rules`` (its CHECK rules)."""
    return cast(dict[str, Any], json.loads(RULES_PATH.read_text(encoding="utf-8")))


@cache
def domains() -> dict[str, dict[str, dict[str, str]]]:
    """Each table's columns' domains, frozen."""
    return {table: spec["columns"] for table, spec in rules().items()}


def check_contents(conn: sqlite3.Connection, display: Path) -> None:
    """Refuse a plan whose rows break a limit or a column's domain.

    A file from an older or newer version may have fewer or more columns; only the ones SIP
    Desk knows are checked.
    """
    name = display.name
    present: dict[str, set[str]] = {}
    for table, column in conn.execute(
        "SELECT m.name, p.name FROM sqlite_master AS m, pragma_table_info(m.name) AS p "
        "WHERE m.type = 'table'"
    ):
        present.setdefault(table, set()).add(column)
    known = {
        table: [c for c in domains()[table] if c in columns]
        for table, columns in present.items()
        if table in domains()
    }

    def refuse(sentence: str) -> UnsafePlanError:
        return UnsafePlanError(display, f"“{name}” {sentence}, so it was not opened.")

    counts = _per_table(conn, known, "count(*)")
    for table in known:
        if counts[table] > MAX_ROWS[table]:
            raise refuse(
                f"has more than {MAX_ROWS[table]:,} {ROW_NOUNS[table]}, the most a plan may hold"
            )
    if "plan_profile" in known:
        ids = [r[0] for r in conn.execute('SELECT id FROM "plan_profile"')]
        if ids != [1]:
            raise refuse("does not hold its school profile the way SIP Desk keeps it")
    if not _all_clear(conn, known):
        _check_each_table(conn, known, refuse)
    if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
        raise refuse("has items that point at something that is not in the plan")
    if "causes" in known:
        _check_cause_tree(conn, refuse)


def _per_table(conn: sqlite3.Connection, known: dict[str, list[str]], what: str) -> dict[str, Any]:
    """``what`` (an aggregate) of every table in ``known``, in one statement."""
    if not known:
        return {}
    parts = [f"SELECT {i}, {what} FROM {_q(table)}" for i, table in enumerate(known)]
    tables = list(known)
    return {tables[i]: value for i, value in conn.execute(" UNION ALL ".join(parts))}


def _all_clear(conn: sqlite3.Connection, known: dict[str, list[str]]) -> bool:
    """Whether every table's text reads, every value keeps to its column's domain and every row
    to its table's rules: three statements for the whole file, where checking table by table
    takes some hundred (each one a turn at the interpreter's lock, while a plan named on the
    command line opens beside the window's start-up; issue 12). When this cannot say yes,
    :func:`_check_each_table` finds what is wrong, in the same order and words as always."""
    texts = [
        f"SELECT {_q(c)} FROM {_q(table)}"
        for table, cols in known.items()
        for c in cols
        if domains()[table][c]["kind"] in ("text", "choice", "month")
    ]
    flags = []
    for table, cols in known.items():
        checks = [f"coalesce(min(coalesce({domains()[table][c]['ok']}, 0)), 1)" for c in cols]
        broken = [
            f"(SELECT count(*) FROM {_q(table)} WHERE NOT coalesce(({rule}), 1))"
            for rule in rules()[table]["rules"]
        ]
        ok = " AND ".join(checks) if checks else "1"
        flags.append(
            f"SELECT ({ok}) AND ({' + '.join(broken) if broken else '0'}) = 0 FROM {_q(table)}"
        )
    try:
        for _row in conn.execute(" UNION ALL ".join(texts)) if texts else ():
            pass
        if not flags:
            return True
        return all(flag for (flag,) in conn.execute(" UNION ALL ".join(flags)))
    except sqlite3.OperationalError:  # text that does not read, a rule's column not there …
        return False


def _check_each_table(conn: sqlite3.Connection, known: dict[str, list[str]], refuse: Any) -> None:
    """Table by table, the first thing wrong, as a refusal."""
    for table, cols in known.items():
        _check_text_decodes(conn, table, cols, refuse)
        bad = _first_bad_column(conn, table, cols)
        if bad is not None:
            words = domains()[table][bad]["words"]
            if _too_long(conn, table, bad):
                raise refuse(
                    f"has a text longer than {MAX_TEXT_CHARS:,} characters, the most a field "
                    f"may hold, in its {ROW_NOUNS[table]} ({words})"
                )
            raise refuse(f"has a value SIP Desk cannot use in its {ROW_NOUNS[table]} ({words})")
        if not _row_rules_hold(conn, table):
            raise refuse(f"has {ROW_NOUNS[table]} that break the plan's rules")


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _scalar(conn: sqlite3.Connection, sql: str) -> Any:
    return conn.execute(sql).fetchone()[0]


def _check_text_decodes(conn: sqlite3.Connection, table: str, cols: list[str], refuse: Any) -> None:
    """Text that is not valid UTF-8 cannot be read back at all; find it here, not on a page."""
    texts = [c for c in cols if domains()[table][c]["kind"] in ("text", "choice", "month")]
    if not texts:
        return
    query = f"SELECT {', '.join(_q(c) for c in texts)} FROM {_q(table)}"
    try:
        for _row in conn.execute(query):
            pass
    except sqlite3.OperationalError:
        raise refuse(f"has text SIP Desk cannot read in its {ROW_NOUNS[table]}") from None


def _first_bad_column(conn: sqlite3.Connection, table: str, cols: list[str]) -> str | None:
    """The first column of ``table`` holding a value outside its domain, or None."""
    if not cols:
        return None
    checks = [f"coalesce(min(coalesce({domains()[table][c]['ok']}, 0)), 1)" for c in cols]
    row = conn.execute(f"SELECT {', '.join(checks)} FROM {_q(table)}").fetchone()
    for column, ok in zip(cols, row, strict=True):
        if not ok:
            return column
    return None


def _too_long(conn: sqlite3.Connection, table: str, column: str) -> bool:
    c = _q(column)
    sql = f"SELECT count(*) FROM {_q(table)} WHERE typeof({c}) = 'text' AND length({c}) > ?"
    return bool(conn.execute(sql, (MAX_TEXT_CHARS,)).fetchone()[0])


def _row_rules_hold(conn: sqlite3.Connection, table: str) -> bool:
    """The table's CHECK rules, evaluated here because a read-only integrity check skips them."""
    for rule in rules()[table]["rules"]:
        try:
            broken = _scalar(
                conn, f"SELECT count(*) FROM {_q(table)} WHERE NOT coalesce(({rule}), 1)"
            )
        except sqlite3.OperationalError as exc:
            if "no such column" in str(exc):
                continue  # a file from before the rule's columns: it held the rule of its time
            raise
        if broken:
            return False
    return True


def _check_cause_tree(conn: sqlite3.Connection, refuse: Any) -> None:
    """Sub-causes hang under a cause on their own bone, in a tree no deeper than the limit."""
    crossed = _scalar(
        conn,
        "SELECT count(*) FROM causes c JOIN causes p ON c.parent_id = p.id "
        "WHERE c.category_id <> p.category_id",
    )
    if crossed:
        raise refuse("has sub-causes on a different bone from the cause they belong to")
    # Walk down from the causes on the bones; a cause never reached sits in a loop.
    reached, depth = conn.execute(
        "WITH RECURSIVE tree(id, depth) AS ("
        " SELECT id, 1 FROM causes WHERE parent_id IS NULL"
        " UNION ALL SELECT c.id, tree.depth + 1 FROM causes c JOIN tree ON c.parent_id = tree.id"
        f" WHERE tree.depth <= {MAX_CAUSE_DEPTH})"
        " SELECT count(*), coalesce(max(depth), 0) FROM tree"
    ).fetchone()
    if depth > MAX_CAUSE_DEPTH:
        raise refuse(
            f"nests sub-causes more than {MAX_CAUSE_DEPTH} levels deep, the most a fishbone "
            "may hold"
        )
    total = _scalar(conn, "SELECT count(*) FROM causes")
    if reached < total:
        raise refuse("has causes that are their own sub-causes, in a loop")
