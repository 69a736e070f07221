"""sipdesk.digests gives hashlib's digests (the names of private folders and locks depend on
them: a change would orphan every working copy made before)."""

from __future__ import annotations

import hashlib

import pytest

from sipdesk.digests import random_hex, sha1, sha256


@pytest.mark.parametrize(
    "data", [b"", b"abc", "Lincoln Elementary ✓".encode(), bytes(range(256)) * 9]
)
def test_the_digests_are_hashlibs(data: bytes) -> None:
    assert sha1(data).hexdigest() == hashlib.sha1(data).hexdigest()
    assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    streamed = sha256()
    for start in range(0, len(data), 7):
        streamed.update(data[start : start + 7])
    assert streamed.hexdigest() == hashlib.sha256(data).hexdigest()


def test_random_names_are_hex_of_the_length_asked_and_differ() -> None:
    names = {random_hex(6) for _ in range(50)}
    assert len(names) > 45 and all(len(n) == 6 and int(n, 16) >= 0 for n in names)
    assert len(random_hex()) == 32 and random_hex() != random_hex()
