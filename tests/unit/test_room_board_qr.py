"""What the room offers and shows, read from a real plan, and the wall's QR code (issue 16)."""

from __future__ import annotations

import ipaddress
import xml.etree.ElementTree as ET
from pathlib import Path

import segno

from sipdesk.room.board import bone_targets, fishbone_board, round_options, swot_board, why_targets
from sipdesk.room.qr import local_ipv4_addresses, qr_png, qr_svg
from sipdesk.services.snapshot import read_plan
from tests.plans import sample_plan


def test_targets_options_and_boards_come_from_the_plan(tmp_path: Path) -> None:
    doc = sample_plan(tmp_path / "Riverside.sipdesk")
    with doc.session() as session:
        plan = read_plan(session)
    doc.close()
    fishbone = plan["fishbones"][0]
    bones = bone_targets(plan)
    assert len(bones) == sum(len(f["categories"]) for f in plan["fishbones"])
    first_bone = fishbone["categories"][0]
    assert bones[0][0] == str(first_bone["id"]) and bones[0][1].startswith(first_bone["name"])
    assert all(len(label) < 100 for _, label in bones)
    whys = why_targets(plan)
    assert [w[0] for w in whys] == [str(c["id"]) for c in plan["why_chains"]]
    assert all(label.startswith("Why") for _, label in whys)
    options = round_options(plan, fishbone["id"])
    assert options[0] == (str(first_bone["causes"][0]["id"]), first_bone["causes"][0]["text"])
    assert round_options(plan, 9999) == []
    board = swot_board(plan)
    assert [s["heading"] for s in board["sections"]] == [
        "Strengths",
        "Weaknesses",
        "Opportunities",
        "Threats",
    ]
    assert sum(len(s["items"]) for s in board["sections"]) == len(plan["swot"])
    shown = fishbone_board(plan, fishbone["id"])
    assert shown is not None and len(shown["sections"]) == len(fishbone["categories"])
    assert fishbone_board(plan, 9999) is None


def test_the_qr_code_holds_the_address() -> None:
    url = "http://192.168.1.20:8765/"
    svg = qr_svg(url)
    assert ET.fromstring(svg).tag.endswith("svg")
    assert qr_png(url).startswith(b"\x89PNG\r\n\x1a\n")
    # The same symbol segno makes for the address: what a phone's camera reads back.
    assert segno.make(url, error="m", micro=False).designator.endswith("-M")


def test_the_addresses_offered_start_with_this_computer_only() -> None:
    addresses = local_ipv4_addresses()
    assert addresses[0] == "127.0.0.1"
    assert len(set(addresses)) == len(addresses)
    assert all(isinstance(ipaddress.ip_address(a), ipaddress.IPv4Address) for a in addresses)
