"""The meeting bar: agenda countdown, parking lot, and the dialog that edits both."""

from __future__ import annotations

from sipdesk.ui.meeting.bar import MeetingBar
from sipdesk.ui.meeting.dialog import MeetingDialog

__all__ = ["MeetingBar", "MeetingDialog"]
