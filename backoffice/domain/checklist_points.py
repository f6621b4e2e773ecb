"""Whose points a catalog checklist gives a department to check on site (9.5.2).

The catalog has no checklist per department: a bundle ("一件事") marks each
point with the short name of the member department that asked for it
(``【住建】``, ``【自然资源】``). The client's request form and the platform's
demo inspections both hand a department only its own; one rule for both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["points_of"]

_TAG = re.compile(r"^\s*【([^】]+)】")


def points_of(checklist: Iterable[str], department_name: str | None) -> tuple[str, ...]:
    """The points of ``checklist`` that are the named department's to check.

    A short name abbreviates the department's name, its characters in order
    (住建 in 住房和城乡建设局): a marked point is ours when its mark does that for
    our name. An unmarked point (a single item's checklist) is everyone's; with
    no department known only those are given, never another department's.
    """
    ours = []
    for point in checklist:
        tag = _TAG.match(point)
        if tag is None or (department_name and _abbreviates(tag.group(1), department_name)):
            ours.append(point)
    return tuple(ours)


def _abbreviates(short: str, name: str) -> bool:
    rest = iter(name)
    return all(char in rest for char in short)  # each found after the one before
