"""Records become rows: plain dicts in the JSON shape, made once for every format.

The keys of an event row are part of the documented output (README, "JSON fields"):
``id``, ``date``, ``precision``, ``title``, ``kind``, ``status``, ``place``, ``people``,
``organizations``, ``topics``, ``sources``, ``summary``, and ``end``, ``scheduled``,
``claimed_by``, ``disputes`` where the event has them. Dates are exactly as in the
dataset.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import msgspec

from spacetalks.model import Dataset, Event, Person, Quote, Role, Source
from spacetalks.render import Listing

if TYPE_CHECKING:
    from spacetalks.dates import Interval
    from spacetalks.lookup import SearchHit, TopicSummary


def json_value(value: object) -> object:
    """Nested records as plain JSON values (lists and dicts), as JSON output shows them."""
    return msgspec.json.decode(msgspec.json.encode(value))


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
        "people": event.people,
        "organizations": event.organizations,
        "topics": event.topics,
        "sources": event.sources,
        "summary": event.summary,
    }
    if event.end is not None:
        row["end"] = event.end
    if event.scheduled is not None:
        row["scheduled"] = event.scheduled
    if event.claimed_by:
        row["claimed_by"] = event.claimed_by
    if event.disputes:
        row["disputes"] = json_value(event.disputes)
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


def _listing(
    rows: list[dict[str, object]], fields: tuple[str, ...], columns: tuple[str, ...], noun: str
) -> Listing:
    count = len(rows)
    plural = noun if count == 1 else ("people" if noun == "person" else f"{noun}s")
    return Listing(rows, fields, columns, title=f"{count} {plural}")


def role_row(dataset: Dataset, role: Role) -> dict[str, object]:
    organization = dataset.organizations[role.organization]
    return {
        "title": role.title,
        "organization": role.organization,
        "organization_name": organization.abbreviation or organization.name,
        "from": role.start,
        "to": role.end,
        "sources": list(role.sources),
    }


PERSON_FIELDS = ("id", "name", "native_name", "aliases", "role", "organization", "events")


def people_listing(dataset: Dataset, people: Sequence[Person]) -> Listing:
    """One row a person: name, latest role and organization, number of events."""
    from spacetalks.lookup import latest_role

    event_counts: Counter[str] = Counter(
        person for event in dataset.events for person in event.people
    )
    rows: list[dict[str, object]] = []
    for person in people:
        role = latest_role(person)
        rows.append(
            {
                "id": person.id,
                "name": person.name,
                "native_name": person.native_name,
                "aliases": list(person.aliases),
                "role": role.title if role else None,
                "organization": role.organization if role else None,
                "events": event_counts[person.id],
            }
        )
    columns = ("name", "native_name", "role", "organization", "events")
    return _listing(rows, PERSON_FIELDS, columns, "person")


def organizations_listing(dataset: Dataset) -> Listing:
    """One row an organization: its people (by role) and number of events."""
    members: dict[str, list[str]] = {org_id: [] for org_id in dataset.organizations}
    for person in dataset.people.values():
        for org_id in dict.fromkeys(role.organization for role in person.roles):
            members[org_id].append(person.id)
    event_counts: Counter[str] = Counter(
        org for event in dataset.events for org in event.organizations
    )
    rows: list[dict[str, object]] = [
        {
            "id": org.id,
            "name": org.name,
            "abbreviation": org.abbreviation,
            "native_name": org.native_name,
            "country": org.country,
            "people": members[org.id],
            "events": event_counts[org.id],
        }
        for org in dataset.organizations.values()
    ]
    fields = ("id", "name", "abbreviation", "native_name", "country", "people", "events")
    columns = ("name", "abbreviation", "country", "people", "events")
    return _listing(rows, fields, columns, "organization")


def topics_listing(dataset: Dataset, summaries: Sequence[TopicSummary]) -> Listing:
    rows: list[dict[str, object]] = []
    for summary in summaries:
        topic = dataset.topics[summary.topic_id]
        rows.append(
            {
                "id": topic.id,
                "name": topic.name,
                "events": summary.events,
                "first": summary.first,
                "last": summary.last,
                "people": list(summary.people),
                "status": topic.status,
            }
        )
    fields = ("id", "name", "events", "first", "last", "people", "status")
    columns = ("name", "events", "first", "last", "people", "status")
    return _listing(rows, fields, columns, "topic")


QUOTE_FIELDS = (
    "id",
    "date",
    "speaker",
    "speaker_name",
    "text",
    "event",
    "topics",
    "context",
    "sources",
)


def quote_row(dataset: Dataset, quote: Quote) -> dict[str, object]:
    return {
        "id": quote.id,
        "date": quote.date,
        "speaker": quote.speaker,
        "speaker_name": dataset.people[quote.speaker].name,
        "text": quote.text,
        "event": quote.event,
        "topics": list(quote.topics),
        "context": quote.context,
        "sources": list(quote.sources),
    }


def quotes_listing(dataset: Dataset, quotes: Sequence[Quote]) -> Listing:
    rows = [quote_row(dataset, quote) for quote in quotes]
    return _listing(rows, QUOTE_FIELDS, ("date", "speaker_name", "text"), "quote")


SOURCE_FIELDS = ("id", "title", "publisher", "date", "url", "note", "cited_by", "citations")


def source_row(source: Source, cited_by: Sequence[str] = ()) -> dict[str, object]:
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "date": source.date,
        "url": source.url,
        "note": source.note,
        "cited_by": list(cited_by),
        "citations": len(cited_by),
    }


def sources_listing(dataset: Dataset, citations: Mapping[str, Sequence[str]]) -> Listing:
    """Each source with the records that cite it ("event:id", "person:id"...)."""
    rows = [source_row(source, citations.get(source.id, ())) for source in dataset.sources.values()]
    columns = ("id", "publisher", "date", "title", "citations")
    return _listing(rows, SOURCE_FIELDS, columns, "source")


def search_listing(hits: Sequence[SearchHit], text: str) -> Listing:
    from spacetalks.lookup import snippet

    rows: list[dict[str, object]] = [
        {
            "type": hit.record_type,
            "id": hit.record_id,
            "field": hit.field,
            "snippet": snippet(hit.text, text),
            "text": hit.text,
        }
        for hit in hits
    ]
    fields = ("type", "id", "field", "snippet", "text")
    return _listing(rows, fields, ("type", "id", "field", "snippet"), "result")


def between_listing(dataset: Dataset, first: Event, second: Event, interval: Interval) -> Listing:
    earlier, later = sorted(
        (first, second), key=lambda event: dataset.event_dates[event.id].sort_key
    )
    row: dict[str, object] = {
        "from": earlier.id,
        "from_date": earlier.date,
        "from_title": earlier.title,
        "to": later.id,
        "to_date": later.date,
        "to_title": later.title,
        "interval": interval.text,
        "days": interval.days,
        "approximate": interval.approximate,
    }
    fields = tuple(row)
    columns = ("from_date", "to_date", "interval", "days")
    return Listing([row], fields, columns, title=f"{earlier.title} → {later.title}")
