"""The coach's side of the meeting room (issue 16): the join code on the wall, the cards the
team sends from their own devices, and the keys that accept, edit, merge or discard them.

The room itself (members, pending cards, the web page, the QR code) is Qt-free in
:mod:`sipdesk.room`; this package shows it and runs the coach's choices through the window's
one edit path (:class:`~sipdesk.ui.controller.PlanController`).
"""
