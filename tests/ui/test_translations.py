"""Every UI string has a finished Chinese translation, and the shipped .qm is current."""

from __future__ import annotations

import ast
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6
import pytest

from backoffice.messages import placeholders

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "translations" / "backoffice_zh_CN.ts"
QM = TS.with_suffix(".qm")


def _ts_messages() -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


def _source_strings() -> set[tuple[str, str]]:
    strings = set()
    for path in sorted((REPO / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # ``t = QCoreApplication.translate`` hides every ``t(...)`` from
            # lupdate: the strings would silently stay English.
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(
                    node.value, ast.Attribute) and node.value.attr in ("translate", "tr"):
                raise AssertionError(f"{path.name}:{node.lineno}: an alias of translate() "
                                     "hides its strings from lupdate; call it by name")
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "translate" and len(node.args) >= 2):
                context, source = node.args[0], node.args[1]
                assert isinstance(context, ast.Constant) and isinstance(source, ast.Constant), (
                    f"{path.name}:{node.lineno}: translate() needs literal strings or lupdate misses them")
                strings.add((context.value, source.value))
    return strings


def test_every_ui_string_is_translated() -> None:
    messages = _ts_messages()
    sources = _source_strings()
    assert len(sources) > 10
    missing = sorted(s for s in sources if s not in messages)
    assert missing == [], "run pyside6-lupdate (see README, Translations)"
    for key in sources:
        translation = messages[key].find("translation")
        assert translation is not None and translation.get("type") is None, f"unfinished: {key}"
        text = translation.text or ""
        assert text.strip(), key
        assert placeholders(text) == placeholders(key[1]), key
        assert text.count("&") == key[1].count("&"), f"mnemonic lost or added: {key}"


def test_no_stale_entries() -> None:
    stale = sorted(set(_ts_messages()) - _source_strings())
    assert stale == []


def test_shipped_qm_is_built_from_the_ts(tmp_path: Path) -> None:
    lrelease = Path(PySide6.__file__).parent / ("lrelease.exe" if sys.platform == "win32" else "lrelease")
    if not lrelease.exists():
        pytest.skip("this PySide6 wheel has no lrelease")
    out = tmp_path / "check.qm"
    subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(out)], check=True, timeout=60)
    assert out.read_bytes() == QM.read_bytes(), "rebuild the .qm with pyside6-lrelease (see README)"
