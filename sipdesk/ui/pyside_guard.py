"""A guard against a PySide6 6.12 bug on Python 3.11.

PySide6 6.12 gives back ``None`` from every Qt method without a result, and ``True`` from every
``Signal.emit()``, without taking the reference it hands over. Python 3.12 and later never free
``None``/``True``/``False`` (they are immortal), so the bug is harmless there; on Python 3.11 the
counts run down with every call and after some minutes of use the interpreter aborts
("deallocating None"). PySide6 6.11 does not have the bug.

Until the dependency excludes 6.12 on Python 3.11, this gives those three objects so many extra
references that they can never run out, which is what Python 3.12 does for them anyway. It
does nothing on other versions.
"""

from __future__ import annotations

import sys

import PySide6

_BOOST = 1 << 40  # more calls than any session can make


def affected() -> bool:
    major, minor = (int(x) for x in PySide6.__version__.split(".")[:2])
    return (
        sys.implementation.name == "cpython"
        and sys.version_info < (3, 12)
        and (major, minor) >= (6, 12)
    )


def install() -> bool:
    """Make None, True and False effectively immortal when the bug applies; True if it did."""
    if not affected() or getattr(sys, "_sipdesk_guarded", False):
        return False
    import ctypes  # only here: the start screen does without it

    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython 3.11 object.
        ctypes.c_ssize_t.from_address(id(obj)).value += _BOOST
    sys._sipdesk_guarded = True  # type: ignore[attr-defined]
    return True


install()
