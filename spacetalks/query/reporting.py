"""When things were reported: the day from which a source counts, reports written
before the event they describe, and plans the dataset has no report of since their
date. Pure functions.

A source counts from the end of the span its date names: a source dated ``2025-07``
counts from 31 July 2025, one dated ``2025`` from 31 December 2025 (what --known-at
reads). A dispute side is an advance report when one of its sources surely predates the
event and none can be shown to be from the event or after: a month-dated report beside
day-dated advance reports does not make the side a report of what happened.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacetalks.dataset.dates import PartialDate, Precision, parse_date
from spacetalks.dataset.model import Dataset, DatasetInfo, Event, Role, Source

EXPECTED_STATUSES = ("scheduled", "planned")
"""The statuses of an event that has not (yet) been reported as happened or called off."""


def source_date(source: Source) -> PartialDate | None:
    """The source's publication date, parsed; None when it has none."""
    return parse_date(source.date) if source.date else None


def reported_before(source: Source, event_date: PartialDate) -> bool:
    """True when the source was surely published before the event began: the last day
    its date can mean is before the event's first day (or, both to the minute, the same
    day at an earlier time). An undated source is never before."""
    published = source_date(source)
    if published is None:
        return False
    if published.last_day != event_date.first_day:
        return published.last_day < event_date.first_day
    both_timed = published.precision == event_date.precision == Precision.TIME
    return both_timed and published.seconds < event_date.seconds


def maybe_reported_before(source: Source, event_date: PartialDate) -> bool:
    """True when the source may have been published before the event: the first day its
    date can mean is before the event's first day (a report dated ``2025-07`` may be from
    before 31 July 2025). An undated source never is."""
    published = source_date(source)
    return published is not None and (
        reported_before(source, event_date) or published.first_day < event_date.first_day
    )


def all_reported_before(
    dataset: Dataset, source_ids: Iterable[str], event_date: PartialDate
) -> bool:
    """True when what the sources say is what was expected, not what happened: at least
    one of them was surely published before the event, and every other one may have been
    (its date is too coarse to tell, as for a report dated to the event's month). An
    undated source, or one surely published on the day or after, makes it False."""
    sources = [dataset.sources[source_id] for source_id in source_ids]
    return any(reported_before(source, event_date) for source in sources) and all(
        maybe_reported_before(source, event_date) for source in sources
    )


def is_overdue(info: DatasetInfo | None, event: Event, event_date: PartialDate) -> bool:
    """True when the event is still scheduled or planned although its date has passed by
    the dataset's ``as_of``: the dataset has no report of what became of it."""
    if info is None or event.status not in EXPECTED_STATUSES:
        return False
    return event_date.last_day < parse_date(info.as_of).last_day


def event_overdue(dataset: Dataset, event: Event) -> bool:
    """is_overdue for an event of the dataset."""
    return is_overdue(dataset.info, event, dataset.event_dates[event.id])


_RETURNED_ON = re.compile(r"returned on ([^)]+)\)")
_CREW_WORDS = re.compile(
    r"\s+(?:mission specialist|pilot|commander|flight engineer|crew member|"
    r"backup crew member|Mission Specialist)\b.*$"
)
LANDING_KINDS = ("landing",)


def flight_of(role: Role) -> str | None:
    """The flight a crew role ends with, from its title: the one it "returned on", else
    the flight it names ("Soyuz MS-28 flight engineer" → "Soyuz MS-28"); None for a role
    that is not a crew seat (or a backup's)."""
    if "backup" in role.title.casefold():
        return None
    returned = _RETURNED_ON.search(role.title)
    if returned is not None:
        return returned.group(1).strip()
    flight, count = _CREW_WORDS.subn("", role.title)
    return flight.strip() or None if count else None


def open_crew_roles(dataset: Dataset) -> list[str]:
    """Warnings for crew roles still open (no ``to``) although their flight's landing
    happened after the role began: the role should end on the landing's date."""
    landings = [
        event
        for event in dataset.events
        if event.kind in LANDING_KINDS and event.status == "happened"
    ]
    warnings = []
    for person in dataset.people.values():
        for role in person.roles:
            flight = flight_of(role) if role.end is None else None
            if flight is None:
                continue
            pattern = re.compile(rf"(?<![\w-]){re.escape(flight)}(?![\w-])", re.IGNORECASE)
            start = parse_date(role.start).first_day if role.start else None
            for landing in landings:
                landed = dataset.event_dates[landing.id]
                if (start is None or landed.last_day >= start) and (
                    pattern.search(landing.title) or pattern.search(landing.id.replace("-", " "))
                ):
                    warnings.append(
                        f"{person.id}: role {role.title!r} is still open (no 'to') after its "
                        f"flight's landing {landing.id} on {landing.date}"
                    )
                    break
    return warnings
