"""A list of names or words in one line, separated as the language shown separates a list.

", " in English, "、" in Chinese: the Chinese mark had been joined into English text
("Fire、Housing are still reviewing"), and English commas into Chinese.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication


def listed(items: Iterable[str]) -> str:
    return QCoreApplication.translate("Lists", ", ").join(items)
