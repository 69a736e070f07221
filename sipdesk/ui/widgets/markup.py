"""Text put into Qt's rich text as text: ``<``, ``>`` and ``&`` escaped.

Here rather than :func:`html.escape`: the ``html`` package loads its table of 2,000 named
characters on import, a few milliseconds on the way to a plan's first page (issue 12), for
three replacements (quotes need no escaping outside attributes, and these go in none).
"""

from __future__ import annotations


def escape(text: object, *, breaks: bool = False) -> str:
    """``text`` safe to show in rich text; with ``breaks``, its line breaks kept as ``<br>``."""
    safe = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return safe.replace("\n", "<br>") if breaks else safe
