"""What the applicant and the desk typed reaches the decision document whole, or not at all.

Every check reads the rendered PDF: the text pdfium extracts and where it puts
each character.
"""

from __future__ import annotations

import pytest
from signing_support import NUMBER, sample

from backoffice.messages import render
from backoffice.signing.errors import SigningError
from backoffice.signing.fonts import unsupported_characters
from backoffice.signing.render import render_document
from backoffice.signing.sealimage import draw_seal


@pytest.mark.parametrize(("field", "text", "missing"), [
    ("applicant_name", "陈𫖮（虚构）", "𫖮"),  # U+2B5AE, in the 通用规范汉字表
    ("reasons", "申请人周䶮提交的材料不齐全。", "䶮"),  # U+4DAE, Ext-A
    ("applicant_name", "𠮷野家餐饮（虚构）", "𠮷"),
    ("reasons", "鿏𬭚𫟅", "鿏𬭚𫟅"),
    ("reasons", "理由😀", "😀"),
    ("reasons", "RTL שלום", "שלום"),
])
def test_a_character_the_font_lacks_refuses_the_document_and_is_named(
        field: str, text: str, missing: str) -> None:
    data = sample("refuse", document_number=NUMBER, **{field: text})
    with pytest.raises(SigningError) as err:
        render_document(data)
    assert err.value.code == "document.unsupported_characters"
    for char in dict.fromkeys(missing):
        assert char in err.value.params["chars"]
        assert f"U+{ord(char):04X}" in err.value.params["chars"]
    assert missing[0] in render(err.value, "zh") and missing[0] in render(err.value, "en")
    assert unsupported_characters(text) == tuple(dict.fromkeys(missing))


def test_text_the_font_covers_passes_the_check() -> None:
    # Tabs and line breaks are layout, not characters to find in the font.
    assert unsupported_characters("长春市市场监督管理局 Ünïcödé\t2025年\n一、（虚构）：") == ()


def test_a_seal_name_the_font_lacks_is_refused_not_drawn_with_a_box() -> None:
    with pytest.raises(SigningError) as err:
        draw_seal("陈𫖮测试局")
    assert err.value.code == "document.unsupported_characters"
    assert "U+2B5AE" in err.value.params["chars"]
