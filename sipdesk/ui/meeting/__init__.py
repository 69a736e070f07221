"""The meeting bar: agenda countdown, parking lot, and the dialog that edits both.

The dialog loads when it is first opened (PEP 562): the bar is part of an open plan's first
screen, the dialog (about 10 ms of code) is not (issue 12).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sipdesk.ui.meeting.bar import MeetingBar

if TYPE_CHECKING:
    from sipdesk.ui.meeting.dialog import MeetingDialog


def __getattr__(name: str) -> Any:
    if name == "MeetingDialog":
        from sipdesk.ui.meeting.dialog import MeetingDialog

        return MeetingDialog
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["MeetingBar", "MeetingDialog"]
