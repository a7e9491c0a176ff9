"""The days an event can touch as known at any day, so that a window of days read for
``--known-at`` need only take the events that can fall in it.

As known at a day (spacetalks.query.known_at), an event can move: one dated after the
day shows on its scheduled date, and a dispute over its date, end or scheduled date
that only one side's sources had reported by then takes that side's value. Its reach
is the span from the first to the last day of every date it can take that way; a
window it does not reach can hold it as known at no day.
"""

from __future__ import annotations

from spacetalks.dataset.dates import InvalidDateError, PartialDate, parse_date
from spacetalks.dataset.model import Event

MOVABLE_DATES = frozenset({"date", "end", "scheduled"})
"""The event fields that hold a date and that a dispute can set as known at a day."""


def event_reach(event: Event, date: PartialDate, end: PartialDate | None) -> tuple[int, int]:
    """The first and last day (ordinals) the event can touch as known at any day: those
    of its date and end, its scheduled date, and each date a dispute over one of its
    dates puts forward (a side that names no date never stands in for one)."""
    first, last = date.first_day, max(date.last_day, end.last_day if end else date.last_day)
    others = [event.scheduled] if event.scheduled else []
    others += (
        alternative.value
        for dispute in event.disputes
        if dispute.field in MOVABLE_DATES
        for alternative in dispute.alternatives
    )
    for text in others:
        try:
            day = parse_date(text)
        except InvalidDateError:
            continue
        first, last = min(first, day.first_day), max(last, day.last_day)
    return first, last
