"""How the domain's entities refuse a value: a :class:`DomainError` with a code.

Shared by the entity modules (:mod:`.cases`, :mod:`.materials`,
:mod:`.corrections`, …) so that each of their rules is one line. The names
start with ``_require`` on purpose: ``tests/test_messages.py`` finds the codes
passed to any ``_require…`` call and checks that each one has a message.
"""

from __future__ import annotations

from backoffice.domain.errors import DomainError


def _require(condition: bool, code: str, **params: object) -> None:
    if not condition:
        raise DomainError(code, **params)


def _require_limits(promised: int, statutory: int, code: str, **params: object) -> None:
    """A promised time limit sits inside the statutory one (承诺时限 ≤ 法定时限)."""
    _require(0 <= promised <= statutory, code, promised=promised, statutory=statutory, **params)
