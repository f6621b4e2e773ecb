"""The committed OpenAPI document (``docs/openapi.json``) and how to refresh it.

``python -m backoffice.sandbox.openapi`` rewrites it;
``tests/sandbox/test_sandbox_openapi.py`` fails when it is out of date.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def document() -> str:
    from backoffice.sandbox.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(str(Path(tmp) / "openapi.sqlite3"))
        schema = app.openapi()
        app.state.platform.engine.dispose()
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write(path: Path = DOC) -> Path:
    path.write_text(document(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write())
