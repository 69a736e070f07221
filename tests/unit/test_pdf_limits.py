"""The Tool A PDF at the plan's limits: the longest text a field may hold, right-to-left
controls, many rows.

Given the sample plan with every text field at the field limit (words, one unbroken "word",
CJK without spaces), when it is rendered, then the PDF builds and every text is in it, whole
and in order, running on over as many pages as it needs.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import random
import re
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import PdfReader

from sipdesk.export import pdf
from sipdesk.models.limits import MAX_TEXT_CHARS
from sipdesk.services.snapshot import read_plan
from tests.plans import sample_plan

# The day the PDFs are made on: a fixed day, so no test depends on the real date.
TODAY = dt.date(2026, 12, 1)

# Plan fields that hold codes, dates or keys rather than free text.
CODE_FIELDS = frozenset(
    {
        "plan_date",
        "update_date",
        "first_month",
        "status",
        "kind",
        "key",
        "practice_code",
        "month",
        "signed_on",
        "made_on",
        "created_at",
        "at",
        "start",
        "due",
        "item",
        "recurrence",
        "target_type",
        "plan_id",
    }
)
# Printed only as a truncated label elsewhere (the page header) — none; status history and
# resolved comments are not part of Tool A.
NOT_PRINTED = ("status_history", "review_comments")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def words(count: int, rng: random.Random) -> str:
    out: list[str] = []
    size = 0
    while size < count:
        word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
        out.append(word)
        size += len(word) + 1
    return " ".join(out)[:count].strip()


def unbroken(count: int, rng: random.Random) -> str:
    return "".join(rng.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=count))


def cjk(count: int, rng: random.Random) -> str:
    return "".join(rng.choices("学校教师学生阅读数学计划目标改进家庭社区评估资源", k=count))


def fill_texts(plan: dict[str, Any], make: Callable[[random.Random], str]) -> list[tuple[str, str]]:
    """Replace every free-text value in ``plan`` with a distinct long text; return
    ``(where, text)`` for each one that Tool A prints."""
    filled: list[tuple[str, str]] = []
    stack: list[tuple[str, Any]] = [("", plan)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, list):
            stack.extend((f"{where}[{i}]", item) for i, item in enumerate(value))
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str) and item and key not in CODE_FIELDS:
                    text = make(random.Random(len(filled)))
                    value[key] = text
                    place = where.lstrip(".")
                    if not place.startswith(NOT_PRINTED):
                        filled.append((f"{where}.{key}", text))
                else:
                    stack.append((f"{where}.{key}", item))
    return filled


def one_of_each(plan: dict[str, Any]) -> dict[str, Any]:
    """The plan with one item in each list (every kind of field, a few pages per field)."""
    plan = copy.deepcopy(plan)
    stack: list[Any] = [plan]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, list) and key != "needs_elements":
                    value[key] = item[:1]
                stack.append(value[key])
        elif isinstance(value, list):
            stack.extend(value)
    return plan


def found_whole(text: str, pages: list[str]) -> bool:
    """True if ``text`` (squashed) is in the pages in order, possibly running on from one page
    to the next (a page may hold other text around its part, such as the header)."""
    target = squash(text)
    for first in range(len(pages)):
        at = 0
        for current in pages[first:]:
            lo, hi = 0, len(target) - at  # the longest next part of the text on this page
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if target[at : at + mid] in current:
                    lo = mid
                else:
                    hi = mid - 1
            if lo == 0 or (at == 0 and lo < min(8, len(target))):
                break
            at += lo
            if at == len(target):
                return True
    return False


def stream_texts(data: bytes) -> list[str]:
    """Each page's text in the order it is drawn, squashed (pypdf's own layout would merge
    lines of neighbouring table cells that share a baseline)."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        parts: list[str] = []
        page.extract_text(visitor_text=lambda text, *_args, into=parts: into.append(text))
        pages.append(squash("".join(parts)))
    return pages


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("limits")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SIPDESK_DATA_DIR", str(folder / "data"))
        doc = sample_plan(folder / "sample.sipdesk")
        try:
            with doc.session() as session:
                return read_plan(session)
        finally:
            doc.close()


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda rng: words(MAX_TEXT_CHARS, rng), id="words"),
        pytest.param(lambda rng: unbroken(MAX_TEXT_CHARS, rng), id="unbroken"),
        # About 1,000 pages of CJK, which reportlab breaks into lines a character at a time.
        pytest.param(lambda rng: cjk(MAX_TEXT_CHARS, rng), id="cjk", marks=pytest.mark.slow),
    ],
)
def test_every_field_at_the_text_limit_is_printed_whole(
    sample: dict[str, Any], make: Callable[[random.Random], str]
) -> None:
    # Given every text field of the sample plan at the longest text a field may hold
    plan = one_of_each(sample)
    filled = fill_texts(plan, make)
    assert len(filled) > 60
    # When it is rendered
    data = pdf.render_plan_data(plan, today=TODAY)
    # Then every text is in the PDF, whole and in order
    pages = stream_texts(data)
    missing = [where for where, text in filled if not found_whole(text, pages)]
    assert missing == []
    # And the bookmarks stay short (the headings themselves are printed whole)
    stack: list[Any] = list(PdfReader(io.BytesIO(data)).outline)
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        else:
            assert len(item.title) <= pdf.OUTLINE_CHARS + 1
    # And the plan on a page still fits its page (long fields clipped there)
    summary = pdf.render_plan_data(plan, summary=True, today=TODAY)
    assert len(PdfReader(io.BytesIO(summary)).pages) == 1


# --- right-to-left text with explicit bidi controls ------------------------------------------

RLI, LRI, FSI, PDI = "\u2067", "\u2066", "\u2068", "\u2069"
RLE, LRE, PDF_, RLO, LRO = "\u202b", "\u202a", "\u202c", "\u202e", "\u202d"
LRM, RLM = "\u200e", "\u200f"
BIDI_TEXTS = {
    "balanced isolate": f"مدرسة {RLI}النور{PDI} reading plan",
    "unbalanced opener": f"{RLI}مدرسة النور and {FSI}the plan",
    "unbalanced closer": f"خطة القراءة{PDI} for grade 3{PDI}",
    "nested isolates": f"{LRI}Grade 3 {RLI}خطة {FSI}שלום{PDI} القراءة{PDI} team{PDI}",
    "embeddings and marks": f"{RLE}مدرسة{PDF_} {LRO}Riverside{PDF_} {RLM}النور{LRM} {RLO}x",
    "mixed Arabic and English": f"Counselor {RLI}مريم الحسن{PDI} (room 12){PDI}{PDI}{RLI}",
}


@pytest.mark.parametrize("text", list(BIDI_TEXTS.values()), ids=list(BIDI_TEXTS))
def test_bidi_controls_are_dropped_and_the_words_kept(text: str) -> None:
    from sipdesk.export.pdf_text import BIDI_CONTROLS, visual

    shown = visual(text)
    assert BIDI_CONTROLS.isdisjoint(shown)
    plain = "".join(ch for ch in text if ch not in BIDI_CONTROLS)
    assert shown == visual(plain)  # the same drawing as the text without its controls


def test_a_plan_full_of_bidi_controls_renders(sample: dict[str, Any]) -> None:
    from sipdesk.export.pdf_text import BIDI_CONTROLS, visual
    from tests.unit.test_pdf import shown_text_by_font

    # Given isolates (balanced, unbalanced, nested), embeddings and marks in Arabic and
    # Hebrew text: in paragraphs, table cells, headings, the fishbone diagram and the header
    plan = one_of_each(sample)
    texts = list(BIDI_TEXTS.values())
    plan["profile"].update(school_name=texts[0], vision=texts[1], mission=texts[5])
    priority = plan["priorities"][0]
    priority["title"] = texts[2]
    priority["strategies"][0]["if_text"] = texts[3]
    fishbone = plan["fishbones"][0]
    fishbone["problem"] = texts[4]
    fishbone["categories"][0]["causes"][0]["text"] = texts[3]
    plan["team"][0]["name"] = texts[5]
    # When it is rendered (python-bidi raised AssertionError on the isolates)
    data = pdf.render_plan_data(plan, today=TODAY)
    # Then no control character is drawn, and every right-to-left word is
    drawn = "".join(shown_text_by_font(data).values())
    assert BIDI_CONTROLS.isdisjoint(drawn)
    for text in texts:
        for word in visual(text).split():
            assert word in drawn or set(word) <= set(drawn), word
    # And the plan on a page renders too
    assert pdf.render_plan_data(plan, summary=True, today=TODAY).startswith(b"%PDF")


# --- many rows -------------------------------------------------------------------------------


def plan_with_rows(plan: dict[str, Any], actions: int, causes: int) -> dict[str, Any]:
    """``plan`` with one milestone of ``actions`` actions and one bone of ``causes`` causes."""
    plan = one_of_each(plan)
    milestone = plan["priorities"][0]["strategies"][0]["milestones"][0]
    template = milestone["actions"][0]
    milestone["actions"] = [
        {**template, "id": 10_000 + i, "text": f"Weekly data meeting number {i}:", "statuses": []}
        for i in range(actions)
    ]
    category = plan["fishbones"][0]["categories"][0]
    cause = category["causes"][0]
    category["causes"] = [
        {**cause, "id": 50_000 + i, "text": f"Cause number {i}:", "causes": []}
        for i in range(causes)
    ]
    return plan


def test_a_table_of_thousands_of_rows_builds_a_page_at_a_time(
    sample: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sipdesk.export import pdf_flowables

    # Given a milestone with 3,000 actions and a fishbone with 1,000 causes
    plan = plan_with_rows(sample, actions=3_000, causes=1_000)
    built = [0]
    real_init = pdf_flowables.SplitTable.__init__

    def counting_init(self: Any, data: list[Any], *args: Any, **kwargs: Any) -> None:
        built[0] += len(data)
        real_init(self, data, *args, **kwargs)

    monkeypatch.setattr(pdf_flowables.SplitTable, "__init__", counting_init)
    # When it is rendered
    data = pdf.render_plan_data(plan, today=TODAY)
    # Then the tables were laid out a window of rows at a time: the rows made into tables are
    # a small multiple of the rows (rebuilding the rest of a table on each page, as reportlab
    # does, makes them grow with the square: about 80 times the rows here)
    assert built[0] < 25 * 4_000
    # And every action and cause is printed in its table in order (the causes are drawn in
    # the fishbone first), under a repeated header
    text = "\n".join(stream_texts(data))
    for prefix, count, times in (("Weeklydatameetingnumber", 3_000, 1), ("Causenumber", 1_000, 2)):
        numbers = [int(n) for n in re.findall(prefix + r"(\d+):", text)]
        assert len(numbers) == count * times
        assert numbers[-count:] == list(range(count))
    pages_with_actions = [page for page in stream_texts(data) if "Weeklydatameeting" in page]
    assert all("AnticipatedOutputs" in page for page in pages_with_actions)
