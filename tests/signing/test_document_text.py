"""What the applicant and the desk typed reaches the decision document whole, or not at all.

Every check reads the rendered PDF: the text pdfium extracts and where it puts
each character.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pypdfium2 as pdfium
import pytest
from signing_support import NUMBER, sample

from backoffice.messages import render
from backoffice.signing import layout
from backoffice.signing.documents import DocumentKind, chinese_date
from backoffice.signing.errors import SigningError
from backoffice.signing.fonts import unsupported_characters
from backoffice.signing.render import render_document, render_layout
from backoffice.signing.sealimage import draw_seal


@pytest.mark.parametrize(("field", "text", "missing"), [
    ("applicant_name", "𠮷野家餐饮（虚构）", "𠮷"),  # U+20BB7: not in the 通用规范汉字表
    ("reasons", "𠀀𪚥", "𠀀𪚥"),
    ("reasons", "理由😀", "😀"),
    ("reasons", "RTL שלום", "שלום"),
])
def test_a_character_no_font_has_refuses_the_document_and_is_named(
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


def test_rare_characters_of_names_print_and_extract_exactly() -> None:
    # 𫖮 U+2B5AE (Ext-C), 䶮 U+4DAE (Ext-A), 鿏 U+9FCF, 𬭚 U+2CB5A (Ext-E), 𫟅 U+2B7C5
    # (Ext-D): all in the 通用规范汉字表, none in WenQuanYi Micro Hei.
    rare = "𫖮䶮鿏𬭚𫟅"
    data = sample("refuse", document_number=NUMBER, applicant_name="陈𫖮（虚构）",
                  reasons="申请人周䶮提交的材料不齐全；鿏𬭚𫟅。")
    pdf = render_document(data)
    page = pdfium.PdfDocument(pdf)[0]
    text = page.get_textpage().get_text_range()
    assert "陈𫖮（虚构）：" in text
    assert "申请人周䶮提交的材料不齐全；鿏𬭚𫟅。" in "".join(text.split())
    scale = 2
    image = page.render(scale=scale).to_pil().convert("L")
    chars = placed(pdf)
    for char in rare:
        box = find(chars, char)[0]
        left, bottom, right, top = (v * scale for v in box)
        height = page.get_height() * scale
        glyph = image.crop((round(left), round(height - top), round(right), round(height - bottom)))
        dark = sum(1 for v in glyph.tobytes() if v < 128)
        assert dark > 0.05 * glyph.width * glyph.height, f"{char} drew no glyph"


def test_text_the_fonts_cover_passes_the_check() -> None:
    # Tabs and line breaks are layout, not characters to find in a font.
    assert unsupported_characters("长春市市场监督管理局 Ünïcödé\t2025年\n一、（虚构）：𫖮䶮") == ()


def test_a_seal_name_no_font_has_is_refused_not_drawn_with_a_box() -> None:
    draw_seal("陈𫖮测试局")  # from the fallback font
    with pytest.raises(SigningError) as err:
        draw_seal("陈𠮷测试局")
    assert err.value.code == "document.unsupported_characters"
    assert "U+20BB7" in err.value.params["chars"]


Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points
TEXT_RIGHT = layout.LEFT + layout.TEXT_W  # the 版心's right edge


def placed(pdf: bytes, page: int = 0) -> list[tuple[str, Box]]:
    """Every character pdfium finds on ``page`` and its box, whitespace left out."""
    document = pdfium.PdfDocument(pdf)
    text_page = document[page].get_textpage()
    out = []
    i = 0
    while i < text_page.count_chars():
        char, step = text_page.get_text_range(i, 1), 1
        if not char:  # pdfium counts UTF-16 units: 𫖮 is two, each alone nothing
            char, step = text_page.get_text_range(i, 2), 2
        if char.strip():
            out.append((char, text_page.get_charbox(i, loose=True)))
        i += step
    return out


def find(chars: list[tuple[str, Box]], text: str, *, last: bool = False) -> list[Box]:
    joined = "".join(c for c, _ in chars)
    start = joined.rfind(text) if last else joined.find(text)
    assert start >= 0, f"{text!r} not on the page"
    return [box for _, box in chars[start:start + len(text)]]


def lines_of(boxes: list[Box]) -> list[list[Box]]:
    rows: dict[int, list[Box]] = {}
    for box in boxes:
        rows.setdefault(round(box[1] / 4), []).append(box)
    return [rows[key] for key in sorted(rows, reverse=True)]


def test_a_long_addressee_wraps_flush_left_inside_the_text_area() -> None:
    name = "中国石油天然气股份有限公司吉林长春销售分公司第一百二十加油站（虚构）"
    pdf = render_document(sample("grant", document_number=NUMBER, applicant_name=name))
    boxes = find(placed(pdf), name + "：")
    rows = lines_of(boxes)
    assert len(rows) == 2
    for row in rows:
        assert min(b[0] for b in row) == pytest.approx(layout.LEFT, abs=2)  # 顶格, also the rest
        assert max(b[2] for b in row) <= TEXT_RIGHT + 1


@pytest.mark.parametrize("body", [
    "长春市市场监督管理局长春新区经济技术开发区分局",
    "吉林省长春市市场监督管理局长春新区经济技术开发区北湖科技开发区分局综合执法大队",
])
def test_a_long_issuing_body_signs_inside_the_text_area_with_the_date_under_it(
        body: str) -> None:
    data = sample("grant", document_number=NUMBER, issuing_body=body)
    pdf = render_document(data)
    chars = placed(pdf)
    name = find(chars, body, last=True)  # the 署名, not the red head
    date = find(chars, chinese_date(data.issued_on), last=True)
    assert min(b[0] for b in name) >= layout.LEFT - 1
    # Two characters stay free on the right, as GB/T 9704 keeps them for the date.
    assert max(b[2] for b in name) <= TEXT_RIGHT - 2 * layout.BODY_SIZE + 1
    rows = lines_of(name)
    centre = (min(b[0] for b in rows[0]) + max(b[2] for b in rows[0])) / 2
    assert (min(b[0] for b in date) + max(b[2] for b in date)) / 2 == pytest.approx(centre, abs=2)
    assert max(b[1] for b in date) < min(b[1] for b in name)
    x1, _, x2, _ = render_layout(data).seal.box
    assert layout.LEFT <= x1 and x2 <= TEXT_RIGHT


def test_a_short_issuing_body_keeps_the_date_four_characters_in() -> None:
    data = sample("grant", document_number=NUMBER)
    date = find(placed(render_document(data)), chinese_date(data.issued_on), last=True)
    assert max(b[2] for b in date) == pytest.approx(TEXT_RIGHT - 4 * layout.BODY_SIZE, abs=1.5)


def test_each_line_break_in_the_reasons_starts_an_indented_paragraph() -> None:
    reasons = "一、经营场所面积不足；\n二、未设置冷藏设备。\r\n\n　　三、从业人员未取得健康证明。"
    pdf = render_document(sample("refuse", document_number=NUMBER, reasons=reasons))
    chars = placed(pdf)
    first = lines_of(find(chars, "一、经营场所面积不足；"))
    rows = [lines_of(find(chars, text)) for text in
            ("二、未设置冷藏设备。", "三、从业人员未取得健康证明。")]
    tops = [first[-1][0][1]] + [r[0][0][1] for r in rows]
    for row, above in zip(rows, tops, strict=False):
        assert len(row) == 1  # short enough for one line, drawn without a gap
        assert row[0][0][0] == pytest.approx(layout.LEFT + 2 * layout.BODY_SIZE, abs=1.5)
        assert above - row[0][0][1] == pytest.approx(layout.PITCH, abs=1)  # the next line
        gaps = [b[0] - a[2] for a, b in zip(row[0], row[0][1:], strict=False)]
        assert max(gaps) < layout.BODY_SIZE / 2


@pytest.mark.parametrize(("kind", "extra"), [
    (DocumentKind.REFUSE, {}),
    (DocumentKind.REFUSE_ACCEPTANCE, {}),
    (DocumentKind.ESCALATE, {"upper_authority": "吉林省市场监督管理厅",
                             "report_by": dt.date(2025, 3, 20)}),
])
def test_reasons_on_several_lines_start_a_paragraph_of_their_own(
        kind: DocumentKind, extra: dict[str, object]) -> None:
    reasons = "一、经营场所面积不足；\n二、未设置冷藏设备。"
    pdf = render_document(sample("refuse", kind=kind, document_number=NUMBER,
                                 reasons=reasons, **extra))
    chars = placed(pdf)
    # Not run on after the template's colon: indented at a line's start, like 二、.
    for text in ("一、经营场所面积不足；", "二、未设置冷藏设备。"):
        rows = lines_of(find(chars, text))
        assert len(rows) == 1
        assert rows[0][0][0] == pytest.approx(layout.LEFT + 2 * layout.BODY_SIZE, abs=1.5)


def test_reasons_on_one_line_stay_in_the_sentence() -> None:
    pdf = render_document(sample("refuse", document_number=NUMBER, reasons="经营场所面积不足。"))
    assert "理由如下：经营场所面积不足。" in "".join(c for c, _ in placed(pdf))


def test_a_line_break_in_wrapped_text_ends_the_line() -> None:
    layout.register_font()
    assert layout.wrap("甲乙\n丙丁", layout.TEXT_W, layout.BODY_SIZE) == ["甲乙", "丙丁"]


def test_a_long_copies_to_wraps_under_the_first_department_inside_the_text_area() -> None:
    copies = ("长春市市场监督管理局", "长春市消防救援支队", "长春市卫生健康委员会", "长春市城市管理局",
              "长春市生态环境局")
    data = sample("grant", document_number=NUMBER, copies_to=copies)
    laid = render_layout(data)
    pdf = render_document(data)
    chars = placed(pdf, laid.pages - 1)
    text = "抄送：" + "，".join(copies) + "。"
    rows = lines_of(find(chars, text))
    assert len(rows) == 2
    assert rows[0][0][0] == pytest.approx(layout.LEFT + layout.SMALL_SIZE, abs=1)  # 左空一字
    # The next line starts under the first character after the colon (GB/T 9704 7.4.2).
    assert rows[1][0][0] == pytest.approx(layout.LEFT + 4 * layout.SMALL_SIZE, abs=1)
    assert max(b[2] for row in rows for b in row) <= TEXT_RIGHT - layout.SMALL_SIZE + 1
    date = find(chars, chinese_date(data.issued_on), last=True)
    assert min(b[1] for b in date) > max(b[3] for b in rows[0])  # below the date, not over it


def test_a_latin_word_or_number_is_not_broken_across_lines() -> None:
    layout.register_font()
    code = "SP2201040000123"  # a licence number: read and copied whole
    for lead in range(30, 45):  # the break falls at every place within the number
        text = "经营许可证" * (lead // 5) + "甲" * (lead % 5) + code + "，已核验。"
        lines = layout.wrap(text, layout.TEXT_W, layout.BODY_SIZE, first_indent=2 * layout.BODY_SIZE)
        assert "".join(lines) == text
        assert any(code in line for line in lines), lines
    words = layout.wrap("ISO 9001 " * 20, layout.TEXT_W, layout.BODY_SIZE)
    assert all(not line.startswith(" ") for line in words)
    assert all(w in ("ISO", "9001") for line in words for w in line.split())


def test_a_latin_run_longer_than_a_line_still_breaks() -> None:
    layout.register_font()
    run = "A1" * 80
    lines = layout.wrap(run, layout.TEXT_W, layout.BODY_SIZE)
    assert len(lines) > 1 and "".join(lines) == run
    assert all(lines)


def test_the_red_head_is_one_line_whatever_breaks_the_name_came_with() -> None:
    data = sample("grant", document_number=NUMBER, issuing_body="长春市\n市场监督管理局")
    chars = placed(render_document(data))
    head = find(chars, "长春市市场监督管理局")  # the first: the red head, not the 署名
    assert len(lines_of(head)) == 1
    gaps = [b[0] - a[2] for a, b in itertools.pairwise(head)]
    assert max(gaps) - min(gaps) < 1  # evenly spaced: no blank where the break was
