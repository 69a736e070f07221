"""The Tool A PDF prints a support's choice from the state pack's catalogue beside what was
provided (issue 15): the provider's short name, the service and the level, "ISBE · School
improvement helpline (Level 1)". A choice the plan's pack no longer knows prints as stored;
a support typed freely prints as before.

The sample plan goes through the interchange import into a real plan file; the PDF is read
back with pypdf.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from sipdesk.export import pdf
from sipdesk.export.interchange import import_json
from sipdesk.services.snapshot import read_plan
from sipdesk.services.state_packs import find_pack
from sipdesk.services.support_choice import choice_words, has_choice
from tests.plans import SAMPLE_JSON

TODAY = dt.date(2026, 12, 1)
HELPLINE = {
    "pack_level": "universal",
    "pack_provider": "Illinois State Board of Education",
    "pack_service": "School improvement helpline",
}
UNKNOWN = {"pack_level": "tier-x", "pack_provider": "Lakeside Co-op", "pack_service": "Coaching"}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _plan_from(folder: Path, document: dict[str, Any]) -> dict[str, Any]:
    source = folder / "plan.json"
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    doc = import_json(source, folder / "plan.sipdesk")
    try:
        with doc.session() as session:
            return read_plan(session)
    finally:
        doc.close()


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_a_support_picked_from_the_catalogue_prints_its_choice_beside_its_text(
    tmp_path: Path,
) -> None:
    # Given an Illinois plan: one support picked from the catalogue, one from a pack this
    # SIP Desk lacks, the others typed freely
    document = copy.deepcopy(json.loads(SAMPLE_JSON.read_text(encoding="utf-8")))
    document["profile"]["state_pack"] = "illinois"
    document["supports"][0].update(HELPLINE)
    document["supports"][1].update(UNKNOWN)
    plan = _plan_from(tmp_path, document)
    # When its Tool A PDF is made and read back
    text = squash(_text(pdf.render_plan_data(plan, today=TODAY)))
    # Then the catalogue choice is printed with what was provided, and the unknown one as stored
    first = document["supports"][0]
    assert squash(first["provided"] + "ISBE · School improvement helpline (Level 1)") in text
    assert squash("Lakeside Co-op · Coaching (tier-x)") in text
    assert text.count("·") == 2 + _dots_without_choices(tmp_path, document)


def _dots_without_choices(folder: Path, document: dict[str, Any]) -> int:
    """How many "·" the same plan's PDF prints with no catalogue choice (other tables may
    print some of their own)."""
    plain = copy.deepcopy(document)
    for support in plain["supports"]:
        support.update(dict.fromkeys(HELPLINE, ""))
    (folder / "plain").mkdir()
    text = _text(pdf.render_plan_data(_plan_from(folder / "plain", plain), today=TODAY))
    return squash(text).count("·")


def test_the_words_of_a_choice() -> None:
    illinois = find_pack("illinois")
    assert choice_words(HELPLINE, illinois) == "ISBE · School improvement helpline (Level 1)"
    assert choice_words(HELPLINE, None) == (
        "Illinois State Board of Education · School improvement helpline (universal)"
    )
    assert choice_words({"pack_level": "specialized"}, illinois) == "Level 3"
    assert choice_words({"pack_service": "Coaching"}, illinois) == "Coaching"
    typed = dict.fromkeys(HELPLINE, "")
    assert (choice_words(typed, illinois), has_choice(typed), has_choice(HELPLINE)) == (
        "",
        False,
        True,
    )
