"""The committed docs/openapi.json is the one the server serves."""

from __future__ import annotations

import json
from typing import Any

import requests

from backoffice.sandbox import openapi
from backoffice.sandbox.server import Sandbox


def test_committed_openapi_is_up_to_date() -> None:
    assert openapi.DOC.read_text(encoding="utf-8") == openapi.document(), (
        "docs/openapi.json is stale: run python -m backoffice.sandbox.openapi")


def test_served_openapi_matches(sandbox: Sandbox) -> None:
    served = requests.get(f"{sandbox.url}/openapi.json", timeout=10).json()
    assert served == json.loads(openapi.DOC.read_text(encoding="utf-8"))
    assert "/api/v1/changes" in served["paths"] and "/api/v1/commands" in served["paths"]


def test_users_command_lists_accounts_without_passwords(
        sandbox: Sandbox, demo: Any, capsys: object) -> None:
    from backoffice import cli

    db_path = str(sandbox.platform.engine.url.database)
    assert cli.main(["sandbox", "users", "--db", db_path, "--json"]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    users = json.loads(out)
    assert [(u["username"], u["department_code"], tuple(u["roles"])) for u in users] == sorted(
        ((u.username, u.department_code, u.roles) for u in demo.users),
        key=lambda u: (u[1], u[0]))
    assert "scrypt" not in out and "password" not in out
