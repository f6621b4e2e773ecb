"""The client's side of joint site inspections, for the planner and field mode (no Qt).

- :mod:`.service`: queue the ``inspection.*`` commands from what a person
  chose (request from a review task, propose a slot, answer, save a part),
  the printable applicant's notice and the iCalendar export;
- :mod:`.availability`: the inspectors' free/busy, fetched and kept in the
  store for offline planning, the planning problem built from the store and
  the engine's slots and conflict checks;
- :mod:`.field`: what an inspector takes on site (prefetched and pinned in
  the file cache until the record is synced) and photos made ready to travel.

Every function takes the store (and the client or file cache when it needs
them) and returns plain values: the UI calls them on its worker thread.
"""
