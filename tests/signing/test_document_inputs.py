"""What no document may say: blank required text, impossible dates — refused in words."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from signing_support import HERE, sample, sample_case

from backoffice import messages
from backoffice.signing.documents import (
    CorrectionLine,
    DocumentData,
    DocumentKind,
    fill,
    from_case,
)
from backoffice.signing.errors import SigningError

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]


def _refusal(**changes: object) -> DocumentData:
    return sample("refuse", **changes)


@pytest.mark.parametrize("changes", [
    {"reasons": "   \n\t "},
    {"applicant_name": "  "},
    {"issuing_body": "\t"},
    {"legal_basis": "\u3000"},  # an ideographic space is blank too
])
def test_blank_required_text_is_missing(changes: dict[str, str]) -> None:
    with pytest.raises(SigningError) as err:
        fill(_refusal(**changes))
    assert err.value.code == "document.field_missing"
    assert err.value.params["field"] == next(iter(changes))


def test_a_correction_notice_of_blank_lines_is_missing_its_corrections() -> None:
    data = dataclasses.replace(sample("grant"), kind=DocumentKind.CORRECTION_NOTICE,
                               corrections=(CorrectionLine(" ", "\t"),))
    with pytest.raises(SigningError) as err:
        fill(data)
    assert err.value.code == "document.field_missing"


@pytest.mark.parametrize(("changes", "code"), [
    ({"issued_on": dt.date(9999, 12, 31)}, "document.date_out_of_range"),
    ({"application_date": dt.date(1, 1, 1), "issued_on": dt.date(1, 1, 1)},
     "document.date_out_of_range"),
    ({"licence_valid_until": dt.date(2100, 1, 1)}, "document.date_out_of_range"),
    ({"issued_on": dt.date(2025, 1, 1)}, "document.issued_before_application"),
])
def test_impossible_dates_are_refused(changes: dict[str, dt.date], code: str) -> None:
    with pytest.raises(SigningError) as err:
        fill(sample("grant", **changes))
    assert err.value.code == code
    for lang in ("zh", "en"):
        assert "{" not in messages.render(err.value, lang)


def test_the_edges_of_the_years_and_the_application_day_itself_render() -> None:
    start = dt.date(2000, 1, 1)
    fill(sample("grant", application_date=start, issued_on=start,
                licence_valid_until=dt.date(2099, 12, 31)))


def test_a_date_that_is_no_date_is_said_in_words(tmp_path: Path) -> None:
    raw = json.loads((HERE / "sample_refuse.json").read_text(encoding="utf-8"))
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**raw, "issued_on": "2025-02-30"}), encoding="utf-8")
    with pytest.raises(SigningError) as err:
        DocumentData.from_json_file(path)
    assert err.value.code == "document.bad_date"
    assert err.value.params == {"field": "issued_on", "value": "2025-02-30"}
    zh = messages.render(err.value, "zh")
    assert "2025-02-30" in zh and "out of range" not in zh


def test_a_field_left_out_is_named_not_pythons_words(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"kind": "refuse"}), encoding="utf-8")
    with pytest.raises(SigningError) as err:
        DocumentData.from_json_file(path)
    assert err.value.code == "document.fields_missing"
    assert "applicant_name" in err.value.params["field"]


def test_render_refuses_them_on_the_command_line(run_cli: CliRunner, tmp_path: Path) -> None:
    raw = json.loads((HERE / "sample_refuse.json").read_text(encoding="utf-8"))
    path, out = tmp_path / "case.json", tmp_path / "doc.pdf"
    path.write_text(json.dumps({**raw, "reasons": " \t ", "issued_on": "9999-12-31"}),
                    encoding="utf-8")
    result = run_cli("document", "render", "--case-json", str(path), "--out", str(out),
                     env={"BACKOFFICE_LANG": "zh"})
    assert result.returncode == 2, result.stdout + result.stderr
    assert "理由" in result.stderr and not out.exists()


def test_the_application_date_is_the_day_in_beijing() -> None:
    # Accepted at 07:00 in Beijing on 4 March: the stored instant is 3 March in UTC.
    case, department = sample_case(dt.datetime(2025, 3, 3, 23, 0, tzinfo=dt.UTC))
    data = from_case(case, department, DocumentKind.GRANT, issued_on=dt.date(2025, 3, 4),
                     legal_basis="《食品经营许可和备案管理办法》")
    assert data.application_date == dt.date(2025, 3, 4)
    fill(data)  # issued the day it was accepted: not "before the application"


def test_render_names_the_missing_fields_in_words(run_cli: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "case.json"
    data.write_text("{}", encoding="utf-8")
    args = ("document", "render", "--case-json", str(data), "--out", str(tmp_path / "x.pdf"))
    en = run_cli(*args, env={"BACKOFFICE_LANG": "en"})
    assert en.returncode == 2, en
    assert "lacks these fields: kind of document, issuing body, case code" in en.stderr, en.stderr
    assert "(in the JSON: kind, issuing_body, case_code" in en.stderr, en.stderr
    zh = run_cli(*args, env={"BACKOFFICE_LANG": "zh"})
    assert "缺少以下字段：文书种类、发文机关、统一审核编码" in zh.stderr, zh.stderr
