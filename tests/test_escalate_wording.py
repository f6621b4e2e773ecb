"""上报 is "escalate" in English (PRODUCT.md glossary: 准予 / 不予 / 上报 →
grant / refuse / escalate; the app's form says "Escalate by" for 上报期限).
"Report" is another word (an error report, a sync's report), so no English
sentence or term whose Chinese says 上报 may call it reporting."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from backoffice.message_catalog import CATALOG
from backoffice.message_terms import TERMS

_REPORT = re.compile(r"\breport", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{\w+\}")  # a param's name ({report_by}) is no word to a person
_TS = Path(__file__).resolve().parents[1] / "resources/translations/backoffice_zh_CN.ts"


def _reporting(table: dict[str, dict[str, str]]) -> list[str]:
    return [f"{key}: {words['en']}" for key, words in table.items()
            if "上报" in words["zh"] and _REPORT.search(_PLACEHOLDER.sub("", words["en"]))]


def test_terms_say_escalate_for_shangbao() -> None:
    assert _reporting(TERMS) == []  # type: ignore[arg-type]


def test_messages_say_escalate_for_shangbao() -> None:
    assert _reporting(CATALOG) == []  # type: ignore[arg-type]


def test_ui_translations_say_escalate_for_shangbao() -> None:
    wrong = [source for message in ET.parse(_TS).getroot().iter("message")
             if "上报" in (message.findtext("translation") or "")
             and _REPORT.search(source := message.findtext("source") or "")]
    assert wrong == []

