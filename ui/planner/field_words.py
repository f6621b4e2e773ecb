"""A field checklist's verdicts in the field form's words (未检查, 符合, 不符合, 不适用).

One source for the form and for whatever shows a saved part again (the
conflict list): a material's review verdict is worded otherwise (通过,
不通过), and an inspector reading their own part back must see the words
they chose it by.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from backoffice.domain.model import Verdict


def verdict_choices() -> list[tuple[str, Verdict]]:
    """The verdicts in the order the form offers them."""
    return [(QCoreApplication.translate("Planner", "not checked"), Verdict.PENDING),
            (QCoreApplication.translate("Planner", "pass"), Verdict.PASS),
            (QCoreApplication.translate("Planner", "fail"), Verdict.FAIL),
            (QCoreApplication.translate("Planner", "not applicable"), Verdict.NOT_APPLICABLE)]


def verdict_word(verdict: Verdict) -> str:
    return next(text for text, v in verdict_choices() if v == verdict)
