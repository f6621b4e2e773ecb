"""Decision documents: every kind renders, the Chinese text extracts exactly, GB/T 9704 layout."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from signing_support import NUMBER, sample, sample_case

from backoffice.signing import layout
from backoffice.signing.documents import (
    NUMBER_PLACEHOLDER,
    CorrectionLine,
    DocumentKind,
    fill,
    from_case,
)
from backoffice.signing.errors import SigningError
from backoffice.signing.render import render_document, render_layout
from backoffice.signing.seal import SEAL_FIELD, seal_pdf


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                            check=True)
    return result.stdout.decode("utf-8")


def squeeze(text: str) -> str:
    # Line breaks are the layout's, not the text's: compare without whitespace.
    return re.sub(r"\s+", "", text)


def _every_kind(kind: DocumentKind) -> dict[str, object]:
    tz = dt.timezone(dt.timedelta(hours=8))
    return {
        DocumentKind.GRANT: {},
        DocumentKind.REFUSE: {"reasons": "不符合条件。"},
        DocumentKind.ESCALATE: {"upper_authority": "吉林省市场监督管理厅",
                                "report_by": dt.date(2025, 3, 20)},
        DocumentKind.REFUSE_ACCEPTANCE: {"reasons": "该申请事项依法不需要取得行政许可。"},
        DocumentKind.CORRECTION_NOTICE: {
            "corrections": (CorrectionLine("营业执照", "复印件不清晰", "长春市市场监督管理局"),
                            CorrectionLine("消防安全检查合格证明", "缺少", "长春市消防救援支队")),
            "correction_due": dt.date(2025, 3, 10)},
        DocumentKind.INSPECTION_NOTICE: {
            "inspection_start": dt.datetime(2025, 3, 10, 9, 30, tzinfo=tz),
            "inspection_end": dt.datetime(2025, 3, 10, 11, 0, tzinfo=tz),
            "site_address": "长春市南关区人民大街1234号（虚构）",
            "inspecting_departments": ("长春市市场监督管理局", "长春市消防救援支队"),
            "originals": ("营业执照", "食品安全管理制度")},
    }[kind]


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_every_kind_renders_one_page_with_its_title_and_text(kind: DocumentKind,
                                                             tmp_path: Path) -> None:
    data = sample(kind=kind, document_number=NUMBER, **_every_kind(kind))
    filled = fill(data)
    text = squeeze(pdftotext(render_document(data), tmp_path))
    assert squeeze(filled.title) in text
    for paragraph in filled.paragraphs:
        assert squeeze(paragraph) in text, paragraph
    assert "长春市市场监督管理局" in text and NUMBER in text


def test_grant_text_extracts_exactly(grant_pdf: bytes, tmp_path: Path) -> None:
    text = pdftotext(grant_pdf, tmp_path)
    # Exactly: no Kangxi-radical look-alikes (U+2F00–U+2FDF) instead of the real characters.
    assert not re.search("[\u2f00-\u2fdf\u2e80-\u2eff]", text)
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0] == "长春市市场监督管理局"
    assert lines[1] == NUMBER
    assert lines[2] == "准予行政许可决定书"
    assert lines[3] == "长春市南关区福满楼餐饮有限公司（虚构）："
    assert squeeze(text).endswith("长春市市场监督管理局2025年3月14日")
    assert ("你（单位）于2025年3月3日提出的食品经营许可证核发申请（统一审核编码："
            "220100-2025-000123），本机关已依法受理。经审查，该申请符合法定条件、标准。") \
        in squeeze(text)
    assert "许可证件编号：JY12201020004567。许可有效期至2030年3月13日。" in squeeze(text)


def test_refusal_states_reasons_legal_basis_and_remedies(tmp_path: Path) -> None:
    data = sample("refuse", document_number="长市监许不字〔2025〕第0012号")
    text = squeeze(pdftotext(render_document(data), tmp_path))
    assert "不予行政许可决定书" in text
    assert squeeze(data.reasons) in text
    assert "依据《中华人民共和国食品安全法》第三十三条第一款" in text
    assert "本机关决定不予行政许可。" in text
    assert "六十日内向长春市人民政府申请行政复议" in text
    assert "六个月内向长春市南关区人民法院提起行政诉讼" in text


def test_a_draft_shows_the_number_placeholder_and_cannot_be_sealed(
        tmp_path: Path, p12: object) -> None:
    data = sample()
    assert data.draft
    pdf = render_document(data)
    assert NUMBER_PLACEHOLDER in pdftotext(pdf, tmp_path)
    assert layout.DRAFT_MARK in pdftotext(pdf, tmp_path)
    with pytest.raises(SigningError) as err:
        seal_pdf(pdf, p12)  # type: ignore[arg-type]
    assert err.value.code == "signing.draft_document"


def test_the_seal_is_placed_over_the_issuing_body_and_date_per_gbt_9704() -> None:
    laid = render_layout(sample(document_number=NUMBER))
    x1, y1, x2, _ = laid.seal.box
    assert laid.pages == 1 and laid.seal.page == 0
    assert x2 - x1 == pytest.approx(42 / 25.4 * 72, abs=1)  # a 42 mm seal
    # Right half of the text block, within the page's 版心, above the bottom margin.
    assert x1 > layout.LEFT + layout.TEXT_W / 2 - 30 and x2 <= layout.LEFT + layout.TEXT_W
    assert y1 >= layout.BOTTOM - 1


def test_the_seal_field_is_in_the_rendered_pdf(grant_pdf: bytes) -> None:
    from pyhanko.sign.fields import enumerate_sig_fields

    from backoffice.signing.seal import read_pdf

    names = [name for name, value, _ in enumerate_sig_fields(read_pdf(grant_pdf))]
    assert names == [SEAL_FIELD]


def test_a_long_document_turns_pages_and_keeps_text_with_the_seal(tmp_path: Path) -> None:
    long_reasons = "经审查，申请材料所载内容与现场核查情况不一致。" * 40
    data = sample("refuse", document_number="长市监许不字〔2025〕第0013号", reasons=long_reasons)
    laid = render_layout(data)
    assert laid.pages >= 2 and laid.seal.page == laid.pages - 1
    text = pdftotext(render_document(data), tmp_path)
    assert "—2—" in squeeze(text)  # pages after the first are numbered (GB/T 9704 7.5)


def test_wrapping_never_starts_a_line_with_closing_punctuation() -> None:
    layout.register_font()
    text = "经审查，" * 3 + "该申请符合法定条件、标准。" * 5
    for line in layout.wrap(text, layout.TEXT_W, layout.BODY_SIZE)[1:]:
        assert line[0] not in "，。、；：）》”"


def test_missing_required_field_is_a_coded_error() -> None:
    with pytest.raises(SigningError) as err:
        fill(sample("refuse", reasons=""))
    assert err.value.code == "document.field_missing"
    assert err.value.params["field"] == "reasons"


def test_unknown_json_field_is_refused(tmp_path: Path) -> None:
    from backoffice.signing.documents import DocumentData

    with pytest.raises(SigningError) as err:
        DocumentData.from_mapping({**dataclasses.asdict(sample()), "kind": "grant",
                                   "application_date": "2025-03-03",
                                   "issued_on": "2025-03-14", "surprise": 1})
    assert err.value.code == "document.unknown_field"


def test_from_case_fills_from_the_domain() -> None:
    case, department = sample_case(dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC))
    data = from_case(case, department, DocumentKind.GRANT, issued_on=dt.date(2025, 3, 14),
                     legal_basis="《食品经营许可和备案管理办法》")
    assert data.applicant_name == "王芳（虚构）" and data.issuing_body == department.name
    assert data.application_date == dt.date(2025, 3, 3) and data.draft
    assert "王芳（虚构）：" == fill(data).addressee
