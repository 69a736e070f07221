"""The meeting room: team members add ideas and dots from their own devices (issue 16).

Qt-free. :mod:`sipdesk.room.state` holds the room (members, pending cards, a voting round),
:mod:`sipdesk.room.accept` turns an accepted card into a plan edit through the one edit path,
:mod:`sipdesk.room.server` serves the member page on the local network, and
:mod:`sipdesk.room.qr` draws the join code the wall shows.
"""
