"""Which sources stand behind which records: what a citation of them lists. Pure functions.

A record's sources are those it cites itself and those behind each part of it: an
event's disputed alternatives, a person's roles. A topic or an organization cites only
its own sources; its events are cited with the timeline filters (``--topic``, ``--org``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import msgspec

from spacetalks.dataset.model import Dataset, Event, Organization, Person, Quote, Source, Topic
from spacetalks.query.records import event_index, find_events, sources_cited
from spacetalks.query.selection import (
    NoMatchError,
    event_source_ids,
    organization_index,
    people_index,
    topic_index,
)

CitableRecord = Event | Person | Quote | Topic | Organization | Source


class CitedRecord(msgspec.Struct, frozen=True):
    """One record a citation is asked for, and the sources behind it."""

    kind: str
    """event, person, quote, topic, organization or source."""
    id: str
    label: str
    """What a reader calls it: a title, a name, the start of a quote."""
    sources: tuple[str, ...]
    evidence: tuple[tuple[str, str], ...] = ()
    """(source id, field) for each source the record cites for one of its fields."""


def _evidence(record: Event | Person) -> tuple[tuple[str, str], ...]:
    return tuple((source, entry.field) for entry in record.evidence for source in entry.sources)


def cited_record(record: CitableRecord) -> CitedRecord:
    """The sources behind one record, in the order it cites them."""
    match record:
        case Event():
            return CitedRecord(
                "event",
                record.id,
                record.title,
                tuple(event_source_ids(record)),
                _evidence(record),
            )
        case Person():
            roles = (role.sources for role in record.roles)
            return CitedRecord(
                "person",
                record.id,
                record.name,
                tuple(sources_cited(record.sources, *roles)),
                _evidence(record),
            )
        case Quote():
            label = record.text if len(record.text) <= 60 else record.text[:59] + "…"
            return CitedRecord("quote", record.id, label, record.sources)
        case Topic():
            return CitedRecord("topic", record.id, record.name, record.sources)
        case Organization():
            return CitedRecord("organization", record.id, record.name, record.sources)
        case Source():
            return CitedRecord("source", record.id, record.title, (record.id,))


def _record_by_id(dataset: Dataset, wanted: str) -> CitableRecord | None:
    for records in (
        dataset.people,
        dataset.quotes,
        dataset.topics,
        dataset.organizations,
        dataset.sources,
    ):
        record = records.get(wanted)
        if record is not None:
            return record
    exact = [event for event in dataset.events if event.id == wanted]
    return exact[0] if exact else None


def find_cited(dataset: Dataset, query: str) -> list[CitedRecord]:
    """The records a name means: the one with that id (of any type), else every event,
    person, topic and organization whose name matches. NoMatchError when none does."""
    wanted = query.strip()
    record = _record_by_id(dataset, wanted)
    if record is not None:
        return [cited_record(record)]
    indexes = (
        event_index(dataset),
        people_index(dataset),
        topic_index(dataset),
        organization_index(dataset),
    )
    exact: list[CitableRecord] = [record for index in indexes for record in index.exact(wanted)]
    found: list[CitableRecord] = exact or [
        *find_events(dataset, wanted),
        *people_index(dataset).find(wanted),
        *topic_index(dataset).find(wanted),
        *organization_index(dataset).find(wanted),
    ]
    if not found:
        suggestions = [
            *people_index(dataset).suggest(wanted, 3),
            *topic_index(dataset).suggest(wanted, 2),
        ]
        raise NoMatchError("record", query, suggestions)
    return [cited_record(match) for match in found]


def sources_behind(records: Iterable[CitedRecord]) -> list[str]:
    """Source ids behind the records, in the order first cited, without repeats."""
    return sources_cited(*(record.sources for record in records))


def fields_cited_for(records: Iterable[CitedRecord]) -> dict[str, list[str]]:
    """For each source cited for single fields of the records, what it is cited for:
    'date, place of 2025-07-31-bakanov-duffy-talks', a line per record."""
    fields: dict[str, dict[str, dict[str, None]]] = {}
    for record in records:
        for source, field in record.evidence:
            fields.setdefault(source, {}).setdefault(record.id, {})[field] = None
    return {
        source: [f"{', '.join(names)} of {record}" for record, names in by_record.items()]
        for source, by_record in fields.items()
    }


def sources_behind_events(events: Sequence[Event]) -> list[str]:
    """Source ids behind a selection of events (their disputes included)."""
    return sources_cited(*(event_source_ids(event) for event in events))
