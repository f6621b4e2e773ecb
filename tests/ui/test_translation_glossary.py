"""The Chinese translations use the glossary's words (/work/shared/brief/PRODUCT.md).

A case is 办件 throughout the app; 案件 (a legal case) crept into the
decision desk's empty state and the planner's request box.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from test_translations import TS

NOT_OURS = {"案件": "办件"}  # a word the glossary does not use → the one it does


def test_translations_use_the_glossarys_words() -> None:
    wrong = []
    for context in ET.parse(TS).getroot().iter("context"):
        for message in context.iter("message"):
            text = message.findtext("translation") or ""
            wrong += [(context.findtext("name"), message.findtext("source"), word, better)
                      for word, better in NOT_OURS.items() if word in text]
    assert not wrong, wrong
