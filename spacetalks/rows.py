"""Records become rows: plain dicts in the JSON shape, made once for every format.

The keys of an event row are part of the documented output (README, "JSON fields"):
``id``, ``date``, ``precision``, ``title``, ``kind``, ``status``, ``place``, ``people``,
``organizations``, ``topics``, ``sources``, ``summary``, and ``end``, ``scheduled``,
``claimed_by``, ``disputes`` where the event has them. Dates are exactly as in the
dataset.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from spacetalks.dates import Interval
from spacetalks.model import Dataset, Event
from spacetalks.render import Listing

EVENT_FIELDS = (
    "id",
    "date",
    "precision",
    "title",
    "kind",
    "status",
    "place",
    "people",
    "organizations",
    "topics",
    "sources",
    "summary",
    "end",
    "scheduled",
    "claimed_by",
    "disputes",
)
EVENT_COLUMNS = ("date", "kind", "status", "title", "place")


def event_row(dataset: Dataset, event: Event) -> dict[str, object]:
    row: dict[str, object] = {
        "id": event.id,
        "date": event.date,
        "precision": dataset.event_dates[event.id].precision.label,
        "title": event.title,
        "kind": event.kind,
        "status": event.status,
        "place": event.place,
        "people": list(event.people),
        "organizations": list(event.organizations),
        "topics": list(event.topics),
        "sources": list(event.sources),
        "summary": event.summary,
    }
    if event.end is not None:
        row["end"] = event.end
    if event.scheduled is not None:
        row["scheduled"] = event.scheduled
    if event.claimed_by:
        row["claimed_by"] = list(event.claimed_by)
    if event.disputes:
        row["disputes"] = msgspec.to_builtins(event.disputes)
    return row


def timeline_listing(
    dataset: Dataset, events: Sequence[Event], gaps: Sequence[Interval | None] | None = None
) -> Listing:
    """The timeline: one row an event; with gaps, the time since the previous row."""
    rows = [event_row(dataset, event) for event in events]
    fields: tuple[str, ...] = EVENT_FIELDS
    columns: tuple[str, ...] = EVENT_COLUMNS
    if gaps is not None:
        for row, gap in zip(rows, gaps, strict=True):
            row["gap"] = gap.text if gap is not None else None
            row["gap_days"] = gap.days if gap is not None else None
        fields = (*fields, "gap", "gap_days")
        columns = ("date", "gap", *columns[1:])
    count = len(rows)
    return Listing(rows, fields, columns, title=f"{count} event{'s' if count != 1 else ''}")
