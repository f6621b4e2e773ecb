"""``--json`` on an output that cannot hold Chinese (the C locale, cp1252): still JSON.

Escaped as Python escapes by default (``\\xb7``, ``\\U0002000b``), a middle
dot or a rare character past U+FFFF (生僻字, minority names) would make the
text no JSON a script can read; ``\\u`` escapes, a surrogate pair past
U+FFFF, are JSON.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from backoffice import cli


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_json_on_a_plain_output_is_json_with_every_character_intact(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str) -> None:
    folder = tmp_path / "阿依古丽·𠮷 café"
    folder.mkdir()
    store = folder / "store.sqlite3"
    out = io.BytesIO()
    plain = io.TextIOWrapper(out, encoding=encoding, errors="strict")
    monkeypatch.setattr(sys, "stdout", plain)
    assert cli.main(["store", "info", "--json", "--path", str(store)]) == 0
    plain.flush()
    text = out.getvalue().decode(encoding)
    assert json.loads(text)["path"] == str(store)

