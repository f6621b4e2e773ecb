"""A refusal kept with its code only still reads as a sentence when the catalog has
one for the code without its details: "role.missing" without the role read
"The platform refused this change (reason code role.missing)" under
"Refused by the platform:"."""

from __future__ import annotations

import pytest

from backoffice import messages
from backoffice.sync.reasons import stopped_reason


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_role_refusal_without_its_role_is_said_in_words(lang: str) -> None:
    said = stopped_reason("role.missing", refused=True, lang=lang)
    assert said == messages.render_code("role.missing.unnamed", {}, lang)
    assert "role.missing" not in said and "{" not in said


def test_with_its_role_the_codes_own_sentence_is_said() -> None:
    said = stopped_reason("role.missing", refused=True, lang="en", params={"role": "reviewer"})
    assert said == "The role reviewer is needed."
