"""Text from the platform made safe to show: control characters visible, times local.

Widgets show data as plain text (``ui.widgets.plain``); that keeps markup
from being interpreted, but a bell, an escape sequence or a stray newline in
a name would still hide text or cut a table row. :func:`safe` (shared with
the CLI, in :mod:`backoffice.shown`) shows them as their Unicode control
pictures instead.
"""

from __future__ import annotations

import datetime as dt

from backoffice.domain import clock
from backoffice.shown import safe

__all__ = ["beijing", "local_time", "safe"]


def beijing(moment: dt.datetime | None, *, seconds: bool = False) -> str:
    """An instant as the person reads it: Beijing time, to the minute (or second),
    whatever the workstation's own time zone; "" for none."""
    if moment is None:
        return ""
    return moment.astimezone(clock.shanghai_tz()).strftime(
        "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def local_time(value: object, *, seconds: bool = False) -> str:
    """An ISO date or time from the platform in Beijing time (:func:`beijing`); a
    date as it is, anything else shown safe."""
    text = str(value or "")
    if "T" not in text:
        return text
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return safe(text)
    return beijing(moment, seconds=seconds)
