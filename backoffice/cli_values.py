"""The values of the command line's options: checked as argparse reads them.

A value refused here is said in the help's language (:func:`cli_help.said`)
with argparse's exit code 2, before any command runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

from backoffice import cli_help


def nonempty(text: str) -> str:
    """A value that must say something; "" (a script's unset variable) is refused.

    Taken as given, an empty value was read as "not given" — the default
    period, no conflict named — and the command went on with exit 0.
    """
    if not text.strip():
        raise argparse.ArgumentTypeError(cli_help.said("must not be empty"))
    return text


def path(text: str) -> Path:
    return Path(nonempty(text))  # Path("") would be the current folder


# Below this a mistyped scheduled task would send whole rounds back to back
# (0 gave ~14 a second), from every workstation, at the platform.
MIN_INTERVAL = 10.0
# Above a day the queue would wait longer than a step's deadline allows
# (1e9 s is 31 years): a typo, not a schedule.
MAX_INTERVAL = 86400.0


def interval(text: str) -> float:
    try:
        seconds = float(nonempty(text))
    except ValueError:
        raise argparse.ArgumentTypeError(
            cli_help.said("not a number of seconds: {text!r}").format(text=text)) from None
    if not MIN_INTERVAL <= seconds <= MAX_INTERVAL:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(cli_help.said(
            "from {minimum} to {maximum} seconds (a day), not {text}").format(
                minimum=f"{MIN_INTERVAL:g}", maximum=f"{MAX_INTERVAL:g}", text=text))
    return seconds


def limit(text: str) -> int:
    """A count of rows to show: 1 or more (-1 listed every row, 0 only the header)."""
    try:
        number = int(nonempty(text))
    except ValueError:
        raise argparse.ArgumentTypeError(
            cli_help.said("not a whole number: {text!r}").format(text=text)) from None
    if number < 1:
        raise argparse.ArgumentTypeError(
            cli_help.said("at least 1, not {text}").format(text=text))
    return number


PORTS = range(65536)  # a TCP port; 0: any free one


def port(text: str) -> int:
    """A port to listen on, 0 to 65535: checked before anything starts.

    Found out of range only by the server, after the database was opened,
    and in other words than the command line's (exit 2 without the usage).
    """
    try:
        number = int(nonempty(text))
    except ValueError:
        raise argparse.ArgumentTypeError(
            cli_help.said("not a whole number: {text!r}").format(text=text)) from None
    if number not in PORTS:
        raise argparse.ArgumentTypeError(cli_help.said(
            "a port from 0 (any free port) to 65535, not {text}").format(text=text))
    return number


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def day(text: str) -> str:
    """A date as the help says, YYYY-MM-DD; Python also took 20261201 and 2026-W49-1."""
    try:
        if _ISO_DAY.fullmatch(nonempty(text).strip()) is None:
            raise ValueError(text)
        dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            cli_help.said("not a date YYYY-MM-DD: {text!r}").format(text=text)) from None
    return text.strip()
