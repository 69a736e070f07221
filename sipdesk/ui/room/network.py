"""Which of the laptop's network addresses the room listens on.

Only IPv4 addresses of interfaces that are up; loopback ("this computer only") is always
offered, last unless it was the coach's choice before. The choice is remembered in settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface

HOST_KEY = "room/host"
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Address:
    host: str
    label: str  # what the coach reads: "192.168.1.20 (Wi-Fi)"


def local_addresses() -> list[Address]:
    """The laptop's IPv4 addresses, loopback included (last)."""
    found: list[Address] = []
    flags = QNetworkInterface.InterfaceFlag
    for interface in QNetworkInterface.allInterfaces():
        if not interface.flags() & flags.IsUp:
            continue
        loopback = bool(interface.flags() & flags.IsLoopBack)
        for entry in interface.addressEntries():
            ip = entry.ip()
            if ip.protocol() != QAbstractSocket.NetworkLayerProtocol.IPv4Protocol:
                continue
            host = ip.toString()
            if loopback or host.startswith("127."):
                continue
            name = interface.humanReadableName() or interface.name()
            found.append(Address(host, f"{host} ({name})"))
    found.append(Address(LOOPBACK, f"{LOOPBACK} (this computer only, for trying it out)"))
    return found


def ordered(addresses: list[Address], remembered: str) -> list[Address]:
    """``addresses`` with the remembered one first (when it is still there)."""
    first = [a for a in addresses if a.host == remembered]
    return first + [a for a in addresses if a.host != remembered]


def remembered_host(settings: QSettings) -> str:
    value = settings.value(HOST_KEY, "")
    return value if isinstance(value, str) else ""


def remember_host(settings: QSettings, host: str) -> None:
    settings.setValue(HOST_KEY, host)


__all__ = ["LOOPBACK", "Address", "local_addresses", "ordered", "remember_host", "remembered_host"]
