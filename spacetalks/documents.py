"""Single-record documents: a person's profile, an event in full, a topic's story.

Each is one JSON object (the shape ``who``, ``show`` and ``topics TOPIC`` print with
``--json``), wrapped in a Listing marked ``single`` with the layout a terminal draws.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacetalks.dates import PartialDate
from spacetalks.lookup import (
    events_on_topic,
    events_with_person,
    people_met,
    person_citations,
    quotes_by,
    roles_on,
    sorted_quotes,
    sources_cited,
)
from spacetalks.model import Dataset, Event, Person, Topic
from spacetalks.render import Listing
from spacetalks.rows import event_row, quote_row, role_row, source_row


def _document(row: dict[str, object], columns: tuple[str, ...], layout: str, title: str) -> Listing:
    return Listing([row], tuple(row), columns, title=title, single=True, layout=layout)


def event_summary(event: Event) -> dict[str, object]:
    """The short form of an event inside another record."""
    return {
        "id": event.id,
        "date": event.date,
        "title": event.title,
        "kind": event.kind,
        "status": event.status,
        "place": event.place,
    }


def person_document(dataset: Dataset, person: Person, as_of: PartialDate | None) -> Listing:
    """Who someone is: names, roles over time (or on a date), events, quotes, contacts."""
    roles = roles_on(person, as_of)
    row: dict[str, object] = {
        "id": person.id,
        "name": person.name,
        "native_name": person.native_name,
        "aliases": list(person.aliases),
        "born": person.born,
        "summary": person.summary,
        "as_of": as_of.text if as_of else None,
        "roles": [role_row(dataset, role) for role in roles],
        "events": [event_summary(event) for event in events_with_person(dataset, person.id)],
        "quotes": [quote_row(dataset, quote) for quote in quotes_by(dataset, person.id)],
        "met": [
            {
                "id": contact.person.id,
                "name": contact.person.name,
                "meetings": contact.meetings,
                "first": contact.first,
                "last": contact.last,
            }
            for contact in people_met(dataset, person.id)
        ],
        "sources": person_citations(dataset, person),
    }
    columns = ("id", "name", "native_name", "roles", "events", "quotes", "met", "sources")
    return _document(row, columns, "person", person.name)


def participant(dataset: Dataset, person_id: str, day: PartialDate) -> dict[str, object]:
    """A person at an event, with the roles they held on its date."""
    person = dataset.people[person_id]
    return {
        "id": person.id,
        "name": person.name,
        "roles": [role_row(dataset, role) for role in roles_on(person, day)],
    }


def event_document(dataset: Dataset, event: Event) -> Listing:
    """Everything about one event, with its participants' roles on that date."""
    day = dataset.event_dates[event.id]
    quotes = sorted_quotes(quote for quote in dataset.quotes.values() if quote.event == event.id)
    row = event_row(dataset, event)
    row["participants"] = [participant(dataset, person_id, day) for person_id in event.people]
    row["organization_names"] = [
        dataset.organizations[org].abbreviation or dataset.organizations[org].name
        for org in event.organizations
    ]
    row["topic_names"] = [dataset.topics[topic].name for topic in event.topics]
    row["quotes"] = [quote_row(dataset, quote) for quote in quotes]
    cited = sources_cited(
        event.sources,
        *(
            alternative.sources
            for dispute in event.disputes
            for alternative in dispute.alternatives
        ),
    )
    row["source_details"] = [source_row(dataset.sources[source_id]) for source_id in cited]
    columns = ("id", "date", "title", "kind", "status", "place", "participants", "sources")
    return _document(row, columns, "event", event.title)


def topic_document(
    dataset: Dataset, topic: Topic, events: Sequence[Event] | None = None
) -> Listing:
    """A topic's summary and status, its events as a timeline, quotes, related topics."""
    events = events_on_topic(dataset, topic.id) if events is None else events
    quotes = sorted_quotes(quote for quote in dataset.quotes.values() if topic.id in quote.topics)
    row: dict[str, object] = {
        "id": topic.id,
        "name": topic.name,
        "aliases": list(topic.aliases),
        "summary": topic.summary,
        "status": topic.status,
        "related": [
            {"id": related, "name": dataset.topics[related].name} for related in topic.related
        ],
        "events": [event_summary(event) for event in events],
        "quotes": [quote_row(dataset, quote) for quote in quotes],
        "sources": list(topic.sources),
    }
    columns = ("id", "name", "summary", "status", "related", "events", "quotes")
    return _document(row, columns, "topic", topic.name)
