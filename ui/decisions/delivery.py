"""How an issued decision reaches the applicant (9.7; 8.4.1 a)), in the app's words.

One mapping of the delivery methods, ``delivery.<method>`` of
:data:`backoffice.message_terms.TERMS` (through
:func:`backoffice.sync.case_view.delivery_word`): the desk's choice, its
issued view, the conflict list and the case's timeline (the task detail and
``backoffice case``) all say a method by it, so "by courier" is never a
second word for 邮寄送达 somewhere else.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from backoffice.domain.decision_model import COURIER, ONLINE, WINDOW
from backoffice.sync.case_view import delivery_word

# Online download first: what the platform did for every issue before it recorded any.
OFFERED = (ONLINE, WINDOW, COURIER)


def delivery_names(lang: str) -> list[tuple[str, str]]:
    """The desk's choice, each method as an item of a list (its first letter up)."""
    return [(value, _item(delivery_word(value, lang))) for value in OFFERED]


def delivery_words(delivery: str, address: str, lang: str) -> str:
    """The delivery in a sentence: the question before issuing, an issued decision's state."""
    name = delivery_word(delivery, lang)
    if delivery == COURIER:
        return QCoreApplication.translate(
            "DecisionDesk", "Delivery: {method} to {address}").format(method=name, address=address)
    return QCoreApplication.translate("DecisionDesk", "Delivery: {method}").format(method=name)


def _item(word: str) -> str:
    return word[:1].upper() + word[1:]
