"""The efficiency figures as rows for a spreadsheet: a CSV file, or tab-separated text.

The rows are what the efficiency dialog shows, in the person's language
(the dialog builds them); this module only writes them. The CSV is UTF-8
with a byte order mark, or Excel on a Chinese Windows reads it as GBK and
the service items come out garbled. A cell that starts like a formula
(``=``, ``+``, ``-``, ``@``) gets a leading apostrophe: a case's text comes
from the platform, and Excel must show it, never compute it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

Rows = Sequence[Sequence[str]]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(rows: Rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_cell(c) for c in row])
    return out.getvalue()


def write_csv(path: Path, rows: Rows) -> None:
    """``rows`` to ``path`` as CSV, UTF-8 with BOM (raises OSError as the file system does)."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        f.write(csv_text(rows))


def tsv_text(rows: Rows) -> str:
    """Tab-separated lines: pasted into a spreadsheet, one cell each; into a text, readable."""
    def clean(text: str) -> str:
        return _cell(" ".join(text.split("\t")).replace("\r", " ").replace("\n", " "))
    return "".join("\t".join(clean(c) for c in row) + "\n" for row in rows)
