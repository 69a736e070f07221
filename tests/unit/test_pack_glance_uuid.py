"""The start screen's plan-id reading gives what the uuid module gives, and refuses alike."""

from __future__ import annotations

import uuid

import pytest

from sipdesk.services.pack_glance import uuid_text

SAMPLES = [
    "12345678-1234-5678-1234-567812345678",
    "12345678123456781234567812345678",
    "{12345678-1234-5678-1234-567812345678}",
    "urn:uuid:12345678-1234-5678-1234-567812345678",
    "ABCDEFAB-CDEF-ABCD-EFAB-CDEFABCDEFAB",
    str(uuid.UUID(int=0)),
    str(uuid.UUID(int=(1 << 128) - 1)),
    "1234567812345678123456781234567",  # 31 digits
    "123456781234567812345678123456789",  # 33 digits
    "1234567812345678123456781234567g",
    "+1234567812345678123456781234567",
    "1_34567812345678123456781234567_",
    " 234567812345678123456781234567 ",
    "",
    "not a uuid at all",
    "{{12345678123456781234567812345678}}",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_reads_a_plan_id_as_the_uuid_module_does(text: str) -> None:
    try:
        expected: str | None = str(uuid.UUID(text))
    except ValueError:
        expected = None
    try:
        got: str | None = uuid_text(text)
    except ValueError:
        got = None
    assert got == expected


def test_random_ids_read_back_unchanged() -> None:
    for _ in range(200):
        made = uuid.uuid4()
        assert uuid_text(str(made)) == str(made)
        assert uuid_text(made.hex.upper()) == str(made)
