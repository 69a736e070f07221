"""The bundled reference catalogues: complete, in order, and written in our own words."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from sipdesk.models import catalogues
from sipdesk.models.catalogues import CatalogueError

EXPECTED_CODES = ["1a", "1b", "1c", "2a", "2b", "2c", "3a", "3b", "3c", "4a", "4b", "4c"]
SCHOOL_CATEGORIES = ("Students", "Instruction", "Curriculum", "Leadership", "Families", "Systems")
RUN_LENGTH = 12  # this many words in a row, shared with a reference text, counts as copying
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


# --- Four Domains --------------------------------------------------------------------------


def test_twelve_practices_coded_1a_to_4c_in_order() -> None:
    # Given the bundled Four Domains catalogue
    # When all practices are listed
    codes = [p.code for p in catalogues.practices()]
    # Then there are exactly twelve, 1a … 4c, in order
    assert codes == EXPECTED_CODES


def test_four_domains_numbered_1_to_4_with_three_practices_each() -> None:
    domains = catalogues.domains()
    assert [d.number for d in domains] == [1, 2, 3, 4]
    for domain in domains:
        assert domain.name.strip()
        assert len(domain.practices) == 3
        for practice in domain.practices:
            assert practice.code.startswith(str(domain.number))
            assert practice.domain_number == domain.number
            assert practice.domain_name == domain.name


def test_practice_names_and_descriptions_present_and_distinct() -> None:
    names = [p.name for p in catalogues.practices()]
    assert all(name.strip() for name in names)
    assert len(set(names)) == len(names)
    descriptions = [p.description for p in catalogues.practices()]
    assert all(len(d.split()) >= 8 for d in descriptions)
    assert len(set(descriptions)) == len(descriptions)


def test_domain_names_match_the_four_domains() -> None:
    assert [d.name for d in catalogues.domains()] == [
        "Turnaround Leadership",
        "Talent Development",
        "Instructional Transformation",
        "Culture Shift",
    ]


def test_practice_lookup_by_code() -> None:
    # Given a code typed loosely, when it is looked up, then the practice is found
    found = catalogues.practice(" 3B ")
    assert found is not None
    assert found.code == "3b"
    assert found.name == "Provide rigorous evidence-based instruction"
    assert found.domain_name == "Instructional Transformation"
    # and a code outside 1a … 4c is not
    assert catalogues.practice("5a") is None
    assert catalogues.practice("") is None


# --- needs-assessment elements -------------------------------------------------------------


def test_needs_element_keys_unique_snake_case() -> None:
    elements = catalogues.needs_elements()
    keys = [e.key for e in elements]
    assert len(elements) >= 10
    assert len(set(keys)) == len(keys)
    bad = [k for k in keys if not SNAKE_CASE.match(k) or len(k) > 80]
    assert bad == []
    assert all(e.label.strip() for e in elements)


def test_needs_elements_follow_the_template_order_with_other_fields() -> None:
    elements = catalogues.needs_elements()
    labels = [e.label for e in elements]
    # The template starts with demographics and ends with a free "Other" line.
    assert labels[0].startswith("Demographics")
    assert elements[-1].label == "Other"
    assert elements[-1].has_other
    order = [
        "Demographics",
        "LEA or SEA policies",
        "Student outcomes",
        "Accountability metrics",
        "Student engagement",
        "Student opportunities",
        "Personnel policy",
        "Professional practice",
        "Climate and culture",
        "Performance management",
        "Vendor/partner",
    ]
    first_seen = [next(i for i, label in enumerate(labels) if label.startswith(o)) for o in order]
    assert first_seen == sorted(first_seen)
    # Every "other" box carries free text, and only those do.
    for element in elements:
        assert element.has_other == element.label.lower().endswith("other"), element.key


def test_duplicate_needs_keys_are_rejected() -> None:
    data = {"elements": [{"key": "a", "label": "A", "has_other": False}] * 2}
    with pytest.raises(CatalogueError):
        catalogues.parse_needs_elements(data)


def test_malformed_domain_file_gives_a_catalogue_error() -> None:
    with pytest.raises(CatalogueError):
        catalogues.parse_domains({"domains": [{"number": True, "name": "x", "practices": []}]})
    with pytest.raises(CatalogueError):
        catalogues.parse_domains({"domains": [{"number": 1, "name": "x", "practices": [{}]}]})


# --- fishbone category sets ----------------------------------------------------------------


def test_both_fishbone_category_sets_present() -> None:
    assert [s.key for s in catalogues.category_sets()] == ["school", "four_domains"]

    school = catalogues.category_set("school")
    assert school is not None
    assert school.name == "School"
    assert school.categories == SCHOOL_CATEGORIES

    four = catalogues.category_set("four_domains")
    assert four is not None
    assert four.name == "Four Domains"
    assert len(four.categories) == 4
    # Each bone is recognisably one of the four domains, in domain order.
    for bone, domain in zip(four.categories, catalogues.domains(), strict=True):
        assert bone in domain.name

    assert catalogues.category_set("nope") is None


# --- coaching prompts ----------------------------------------------------------------------


def test_prompts_exist_for_every_step() -> None:
    steps = catalogues.all_step_prompts()
    assert [s.step for s in steps] == list(range(9))
    for step in steps:
        assert step.title.strip() and step.intro.strip()
        assert len(step.prompts) >= 4, step.title
        assert len(set(step.prompts)) == len(step.prompts)
    first = catalogues.step_prompts(0)
    last = catalogues.step_prompts(8)
    assert first is not None and first.title == "School & team"
    assert last is not None and last.title == "Review & export"
    assert catalogues.step_prompts(9) is None


# --- Tool C: the district's self-reflection ---------------------------------------------------


def test_tool_c_has_the_four_domains_elements_under_their_practices() -> None:
    tool = catalogues.tool_c()
    assert [d.number for d in tool.domains] == [1, 2, 3, 4]
    assert [lv.level for lv in tool.levels] == [1, 2, 3, 4]
    codes = [e.code for e in tool.elements]
    assert len(codes) == len(set(codes)) == 37
    assert codes[:3] == ["1a1", "1a2", "1a3"] and codes[-1] == "4c3"
    # every practice has its elements, each with four distinct level descriptions
    assert {e.practice.code for e in tool.elements} == set(EXPECTED_CODES)
    for element in tool.elements:
        assert element.code.startswith(element.practice.code)
        assert len(set(element.levels)) == 4 and element.prompt.endswith("?")
    found = tool.element("2B1")
    assert found is not None and found.practice.name == "Target professional learning opportunities"
    assert tool.element("9z9") is None


def test_a_malformed_tool_c_gives_a_catalogue_error() -> None:
    good = json.loads(
        (
            Path(catalogues.__file__).parents[2] / "resources" / "catalogues" / "tool_c.json"
        ).read_text(encoding="utf-8")
    )
    assert catalogues.parse_tool_c(good) == catalogues.tool_c()
    for bend in (
        lambda d: d["levels"].pop(),
        lambda d: d["domains"][1]["elements"][0].update(code="1a9"),
        lambda d: d["domains"][0]["elements"][1].update(code="1a1"),
        lambda d: d["domains"][0]["elements"][0]["levels"].pop(),
        lambda d: d["prompts"].pop("link"),
        lambda d: d["domains"].reverse(),
    ):
        bent = json.loads(json.dumps(good))
        bend(bent)
        with pytest.raises(CatalogueError):
            catalogues.parse_tool_c(bent)


# --- our own words -------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("‘", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z0-9]+)*", text)


def _runs(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _reference_dir() -> Path | None:
    candidates = [
        os.environ.get("SIPDESK_REFERENCE_DIR", ""),
        str(Path(__file__).resolve().parents[3] / "shared" / "reference"),
        "/work/shared/reference",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir() and any(Path(candidate).glob("*.txt")):
            return Path(candidate)
    return None


def _our_sentences() -> list[str]:
    texts = [p.description for p in catalogues.practices()]
    for step in catalogues.all_step_prompts():
        texts.append(step.intro)
        texts.extend(step.prompts)
    tool = catalogues.tool_c()  # everything but the element names (the reference's, as facts)
    texts += [tool.intro, *tool.prompts.values()]
    texts += [level.description for level in tool.levels]
    for domain in tool.domains:
        texts += [domain.strengths_prompt, domain.weaknesses_prompt]
        for element in domain.elements:
            texts += [element.prompt, *element.levels]
    return texts


def test_run_detector_catches_a_copied_sentence() -> None:
    # Guard the guard: a lifted run is found despite case and punctuation; a shorter one is not.
    words = _words("one two three four five six seven eight nine ten eleven twelve thirteen")
    source = _runs(words, RUN_LENGTH)
    assert (
        _runs(
            _words("ONE, two; three four five six seven eight nine ten eleven twelve!"), RUN_LENGTH
        )
        & source
    )
    assert not _runs(_words(" ".join(words[: RUN_LENGTH - 1])), RUN_LENGTH) & source


def test_no_sentence_copied_from_the_reference_texts() -> None:
    folder = _reference_dir()
    if folder is None:
        pytest.skip("reference texts are not available (e.g. packaged build)")
    reference: set[tuple[str, ...]] = set()
    for path in sorted(folder.glob("*.txt")):
        reference |= _runs(_words(path.read_text(encoding="utf-8")), RUN_LENGTH)
    copied = [text for text in _our_sentences() if _runs(_words(text), RUN_LENGTH) & reference]
    assert copied == []
