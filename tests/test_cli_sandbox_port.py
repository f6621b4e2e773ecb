"""``sandbox serve --port`` out of range is a usage error, said before anything starts.

The range was checked only when the server opened its socket: after the
database was made, as a sentence of its own without the usage. Now argparse
refuses it as it does every other value (exit 2, the usage, the option named),
in the language asked for; the real command line in a child process.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from backoffice import exit_codes

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]  # the run_cli fixture


@pytest.mark.parametrize("value", ["65536", "-1", "99999", "http", ""])
def test_a_port_out_of_range_is_refused_by_the_command_line(
        run_cli: CliRunner, tmp_path: Path, value: str) -> None:
    platform = tmp_path / "platform.sqlite3"
    refused = run_cli("--lang", "en", "sandbox", "serve", "--db", str(platform),
                      "--port", value, timeout=60)
    assert refused.returncode == exit_codes.USAGE
    assert refused.stderr.startswith("usage:"), refused.stderr
    assert "--port" in refused.stderr and refused.stdout == ""
    assert not platform.exists()  # nothing started: no database made


def test_the_refusal_is_said_in_chinese(run_cli: CliRunner, tmp_path: Path) -> None:
    refused = run_cli("--lang", "zh", "sandbox", "serve", "--db", str(tmp_path / "p.sqlite3"),
                      "--port", "70000")
    assert refused.returncode == exit_codes.USAGE
    assert "端口须为 0（任一空闲端口）至 65535，不能是 70000" in refused.stderr, refused.stderr
