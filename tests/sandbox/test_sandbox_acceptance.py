"""Issue 3's acceptance: seed through the CLI, serve, two departments see only their share."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import requests
from support.sandbox_env import Client

from backoffice.sandbox.server import running_sandbox

PASSWORD = "X"


def _cli(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "backoffice.cli", "--lang", "en", "sandbox", *args],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _login(base: str, username: str) -> Client:
    client = Client(base, username)
    r = client.session.post(f"{base}/api/v1/auth/login",
                            json={"username": username, "password": PASSWORD}, timeout=10)
    assert r.status_code == 200, r.text
    client.access = r.json()["access_token"]
    return client


def _check_scope(client: Client, dept: str) -> dict[tuple[str, str], Any]:
    seen, _ = client.pull_all()
    records = [c["record"] for c in seen.values() if c["record"] is not None]
    cases = [r for r in records if r["entity"] == "case"]
    assert cases
    for case in cases:
        assert dept == case["lead_department"] or dept in case["departments"], case
    codes = {c["case_code"] for c in cases}
    for record in records:
        if record["entity"] == "review_task":
            assert record["case_code"] in codes
            assert record["view"] == ("full" if record["department_code"] == dept
                                      else "reduced"), record
            if record["view"] == "reduced":
                assert record["assignee"] is None
        if record["entity"] == "material":
            assert record["department_code"] == dept, record  # never another's materials
    return seen


def test_seed_serve_and_two_departments(tmp_path: Path) -> None:
    db = tmp_path / "platform.sqlite3"
    out = _cli("seed", "--db", f"sqlite:///{db}", "--cases", "200", "--seed", "1",
               "--demo-password", PASSWORD)
    assert "seeded 200 cases" in out and PASSWORD not in out
    users = json.loads(_cli("users", "--db", f"sqlite:///{db}", "--json"))
    reviewers = {u["department_code"]: u["username"] for u in reversed(users)
                 if "reviewer" in u["roles"]}
    with running_sandbox(str(db)) as sandbox:
        served = requests.get(f"{sandbox.url}/openapi.json", timeout=10).json()
        assert "/api/v1/changes" in served["paths"]
        # The first department, then one it shares a case with.
        first = next(iter(sorted(reviewers)))
        seen = _check_scope(_login(sandbox.url, reviewers[first]), first)
        others = sorted({d for c in seen.values() if c["entity"] == "case"
                         for d in c["record"]["departments"]} - {first})
        assert others, "no shared case for the first department"
        second = others[0]
        seen2 = _check_scope(_login(sandbox.url, reviewers[second]), second)
        cases1 = {k for k in seen if k[0] == "case"}
        cases2 = {k for k in seen2 if k[0] == "case"}
        assert cases1 & cases2 and cases1 != cases2
        # Reading another department's material by command is refused too.
        theirs = next(k[1] for k, c in seen2.items() if k[0] == "material")
        client = _login(sandbox.url, reviewers[first])
        result = client.command("material.verdict", "material", theirs, 1,
                                {"check": "authenticity", "verdict": "pass"})
        assert result["status"] in ("refused", "conflict")
        # A material's file, seeded through the CLI, downloads and hashes to its sha;
        # the other department's file is not found for this reviewer.
        mine = next(c["record"] for k, c in seen.items() if k[0] == "material")
        got = client.get(f"/files/{mine['file_sha256']}")
        assert got.status_code == 200, got.text
        assert hashlib.sha256(got.content).hexdigest() == mine["file_sha256"]
        their_sha = seen2[("material", theirs)]["record"]["file_sha256"]
        if their_sha != mine["file_sha256"]:
            other = client.get(f"/files/{their_sha}")
            assert other.status_code == 404
