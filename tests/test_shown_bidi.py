"""Text from outside on a terminal: the bidirectional controls are shown, not obeyed.

U+202E (right-to-left override) in a case's service item made the rest of
the line read backwards ("Trojan Source"): a forged case code or date.
"""

from __future__ import annotations

import pytest

from backoffice.shown import safe, safe_all


@pytest.mark.parametrize("code", [0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                                  0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C])
def test_a_bidi_control_is_shown_by_its_code_point(code: int) -> None:
    shown = safe(f"食品经营许可{chr(code)}2025-03-17")
    assert chr(code) not in shown
    assert shown == f"食品经营许可<U+{code:04X}>2025-03-17"


def test_other_text_is_left_as_it_is() -> None:
    text = "العربية 中文 English\t"
    assert safe(text) == text
    assert safe_all([["a\u202eb"]]) == [["a<U+202E>b"]]
