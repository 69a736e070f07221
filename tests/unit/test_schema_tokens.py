"""The structure check reads a file's SQL as tokens (storage/schema.normalise_sql). Its names
are spelled "any character but these ASCII ones" so the pattern compiles quickly as a plan
opens (issue 12, item 4); here that spelling is held to SQLite's rule, character by
character, over every code point."""

from __future__ import annotations

import re

from sipdesk.storage.schema import _WORD_REST, _WORD_START, normalise_sql

EVERY_CHARACTER = "".join(map(chr, range(0x110000)))  # lone surrogates too: a str may hold them


def _matched(pattern: str) -> str:
    """Every character ``pattern`` does not match, in order."""
    return re.sub(pattern, "", EVERY_CHARACTER)


def test_a_name_starts_with_a_letter_an_underscore_or_any_character_beyond_ascii() -> None:
    assert _matched(_WORD_START) == _matched(r"[A-Za-z_\u0080-\U0010ffff]")


def test_a_name_goes_on_with_letters_digits_underscores_dollars_or_beyond_ascii() -> None:
    assert _matched(_WORD_REST) == _matched(r"[A-Za-z0-9_$\u0080-\U0010ffff]")


def test_names_quoted_or_not_and_spacing_read_alike() -> None:
    plain = 'CREATE TABLE goals (id INTEGER, "Naïve$1" TEXT) -- a note\n'
    quoted = 'create   table "goals" (`id` integer, [naïve$1] text /* other */)'
    assert normalise_sql(plain) == normalise_sql(quoted)
    assert normalise_sql("x'0A' 'it''s' $a 1ab é_2") == ("x'0a' 'it''s' $ \"a\" 1 \"ab\" \"é_2\"")
