"""When a site inspection's record may become final (9.5.2, 9.5.2.1).

The inspector confirms a department's part — findings and result — as the
one who was there ("本人到场勘察"): before the visit's time nobody has been,
so a confirmation then is refused, by the platform against its own time and
by the client against the workstation's before anything is queued. A part
saved without the confirmation stays a draft and may be saved any time (notes
made offline ahead of the visit).
"""

from __future__ import annotations

import datetime as dt

from backoffice.domain.errors import DomainError
from backoffice.domain.model import Inspection

__all__ = ["check_visit_begun"]

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def _local(moment: dt.datetime) -> str:
    return f"{moment.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"


def check_visit_begun(inspection: Inspection, now: dt.datetime, *, confirm: bool) -> None:
    """Refuse a part confirmed before ``inspection`` starts (``inspection.visit_not_begun``)."""
    if not confirm or inspection.starts_at is None or now >= inspection.starts_at:
        return
    raise DomainError("inspection.visit_not_begun", case_code=inspection.case_code,
                      start=_local(inspection.starts_at), now=_local(now))
