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

__all__ = ["local_time", "safe"]


def local_time(value: object) -> str:
    """An ISO date or time as the reviewer reads it: Beijing time, to the minute."""
    text = str(value or "")
    if "T" not in text:
        return text
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return safe(text)
    return moment.astimezone(clock.shanghai_tz()).strftime("%Y-%m-%d %H:%M")
