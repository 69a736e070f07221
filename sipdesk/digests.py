"""SHA digests and random names without loading hashlib and uuid on the way to a first page.

``hashlib`` starts OpenSSL (about 3.5 ms) and ``uuid`` loads ``platform`` (about 2.5 ms): small,
but paid by the worker that opens a plan named on the command line, which stands between
start and the plan's first page (issue 12). CPython's own SHA modules give the same digests;
where they are missing (another Python), hashlib is used.
"""

from __future__ import annotations

import os
from typing import Protocol, cast


class Digest(Protocol):
    def update(self, data: bytes, /) -> None: ...
    def hexdigest(self) -> str: ...


def sha1(data: bytes = b"") -> Digest:
    """A SHA-1 object (``update``, ``hexdigest``) as ``hashlib.sha1`` gives."""
    try:
        import _sha1  # CPython's built-in SHA-1

        return cast(Digest, _sha1.sha1(data))
    except (ImportError, AttributeError):
        import hashlib

        return hashlib.sha1(data)


def sha256(data: bytes = b"") -> Digest:
    """A SHA-256 object (``update``, ``hexdigest``) as ``hashlib.sha256`` gives."""
    for name in ("_sha2", "_sha256"):  # Python 3.12 and later; 3.11
        try:
            module = __import__(name)
            return cast(Digest, module.sha256(data))
        except (ImportError, AttributeError):
            continue
    import hashlib

    return hashlib.sha256(data)


def random_hex(chars: int = 32) -> str:
    """``chars`` random hex digits (a temporary file's or a lock's token; uuid4().hex is 32)."""
    return os.urandom((chars + 1) // 2).hex()[:chars]
