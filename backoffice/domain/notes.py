"""Append-only notes on a case: comments between departments, notifications to the applicant.

Neither has a life cycle: once the platform has one, it never changes, so
they carry a version only for the change feed's sake. A comment is written
by the ``comment.add`` command (its id is the command's id, so the pending
comment and the confirmed one are the same record); a notification is the
platform's record of what the applicant was told and when (8.4.3, 6.9).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from backoffice.domain.errors import DomainError

MAX_COMMENT = 4000  # characters; the platform's limit


def check_comment_text(text: str) -> None:
    """Some text, and not over the limit; the error names the limit for the person."""
    if not visible(text) or len(text) > MAX_COMMENT:
        raise DomainError("comment.bad_text", limit=MAX_COMMENT)


def visible(text: str) -> bool:
    """Whether ``text`` shows anything: not only spaces, line ends and invisible marks.

    A zero-width space (or a joiner, a direction mark: Unicode's "format"
    characters) passed ``strip()`` and made a comment that reads as empty.
    """
    return any(not c.isspace() and unicodedata.category(c) not in ("Cf", "Cc") for c in text)


@dataclass(frozen=True, slots=True)
class Comment:
    id: str
    case_code: str
    department_code: str
    author: str
    text: str
    created_at: dt.datetime
    version: int = 0

    def __post_init__(self) -> None:
        check_comment_text(self.text)
        if self.created_at.tzinfo is None:
            raise DomainError("comment.naive_time", id=self.id)


@dataclass(frozen=True, slots=True)
class Notification:
    id: str
    case_code: str
    department_code: str
    channel: str  # sms, mail, portal
    kind: str  # correction_notice, inspection_appointment, other
    text: str
    sent_at: dt.datetime
    author: str
    version: int = 0

    def __post_init__(self) -> None:
        if self.sent_at.tzinfo is None:
            raise DomainError("notification.naive_time", id=self.id)
