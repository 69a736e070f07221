"""The theory of action reads as one sentence, whatever punctuation each part was typed with."""

from __future__ import annotations

import pytest

from sipdesk.services.checks import theory_sentence


@pytest.mark.parametrize(
    ("parts", "sentence"),
    [
        (
            ("coach teachers in phonics", "lessons follow a sequence", "students read on time"),
            "If we coach teachers in phonics, then lessons follow a sequence, and students "
            "read on time.",
        ),
        # commas, full stops and the connectives typed into the boxes are not doubled
        (
            ("coach teachers in phonics,", "lessons follow a sequence,", "students read."),
            "If we coach teachers in phonics, then lessons follow a sequence, and students read.",
        ),
        (
            ("If we coach teachers, ", "then, lessons change;", "and students read.."),
            "If we coach teachers, then lessons change, and students read.",
        ),
        (("we coach  teachers\n", "", "  "), "If we coach teachers, then …, and …."),
    ],
)
def test_the_parts_join_into_one_sentence(parts: tuple[str, str, str], sentence: str) -> None:
    assert theory_sentence(*parts) == sentence
    assert ",," not in theory_sentence(*parts) and ", ," not in theory_sentence(*parts)
