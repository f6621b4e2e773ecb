"""The platform's work calendar as the last sync kept it in the store.

Apart from the sync engine so that opening a store with its calendar needs
only the store: start-up opens the store (and shows the inbox) before it
imports the platform client and the engine.
"""

from __future__ import annotations

import json

from backoffice.domain.calendar import PublishedCalendar, WorkCalendar
from backoffice.store import Store

CALENDAR_KEY = "sync.calendar"


def load_calendar(store: Store) -> bool:
    """Give ``store`` the platform calendar a previous sync kept; False if none."""
    with store.read() as uow:
        text = uow.sync_state.get(CALENDAR_KEY)
    if text is None:
        return False
    store.set_calendar(WorkCalendar.standard(PublishedCalendar.from_data(json.loads(text))))
    return True
