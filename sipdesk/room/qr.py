"""The join QR code for the wall, and the addresses the coach may open the room on.

segno draws the code in pure Python (SVG text or PNG bytes), so nothing is fetched.
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import socket

import segno


def qr_svg(url: str, *, scale: int = 8, dark: str = "#000000", light: str = "#ffffff") -> str:
    """The QR code for ``url`` as an SVG document (text)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", scale=scale, dark=dark, light=light, border=4, xmldecl=False
    )
    return buffer.getvalue().decode("utf-8")


def qr_png(url: str, *, scale: int = 8) -> bytes:
    """The QR code for ``url`` as PNG bytes (black on white, with its quiet border)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def local_ipv4_addresses() -> list[str]:
    """This computer's IPv4 addresses, loopback (127.0.0.1) first, for the coach to pick the
    network the room listens on. Found without sending anything: the host name's addresses
    and the address the system would use for an outgoing route (a UDP socket that is
    connected, never written to)."""
    found: dict[str, None] = {"127.0.0.1": None}
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found[str(info[4][0])] = None
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect((probe, 9))
            found[str(s.getsockname()[0])] = None
    usable = []
    for address in found:
        with contextlib.suppress(ValueError):
            ip = ipaddress.IPv4Address(address)
            if not (ip.is_unspecified or ip.is_multicast or ip.is_link_local):
                usable.append(address)
    loopback = [a for a in usable if ipaddress.IPv4Address(a).is_loopback]
    return ["127.0.0.1", *sorted(set(usable) - set(loopback), key=ipaddress.IPv4Address)]
