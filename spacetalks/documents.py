"""Single-record documents: a person's profile, an event in full, a topic's story.

Each is one typed document of spacetalks.contract: one JSON object (the shape ``who``,
``show`` and ``topics TOPIC`` print with ``--json``), and a layout on a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import structs

from spacetalks.contract import (
    Contact,
    EventDocument,
    EventSummary,
    Participant,
    PersonProfile,
    RelatedTopic,
    TopicDocument,
)
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
from spacetalks.rows import event_evidence, event_facts, quote_row, role_row, source_row


def event_summary(dataset: Dataset, event: Event) -> EventSummary:
    """The short form of an event inside another record, with its evidence."""
    return EventSummary(
        id=event.id,
        date=event.date,
        title=event.title,
        kind=event.kind,
        status=event.status,
        place=event.place,
        **event_evidence(dataset, event),
    )


def person_document(dataset: Dataset, person: Person, as_of: PartialDate | None) -> PersonProfile:
    """Who someone is: names, roles over time (or on a date), events, quotes, contacts."""
    return PersonProfile(
        id=person.id,
        name=person.name,
        native_name=person.native_name,
        aliases=person.aliases,
        born=person.born,
        summary=person.summary,
        as_of=as_of.text if as_of else None,
        roles=tuple(role_row(dataset, role) for role in roles_on(person, as_of)),
        events=tuple(
            event_summary(dataset, event) for event in events_with_person(dataset, person.id)
        ),
        quotes=tuple(quote_row(dataset, quote) for quote in quotes_by(dataset, person.id)),
        met=tuple(
            Contact(
                id=contact.person.id,
                name=contact.person.name,
                meetings=contact.meetings,
                first=contact.first,
                last=contact.last,
            )
            for contact in people_met(dataset, person.id)
        ),
        sources=tuple(person_citations(dataset, person)),
    )


def participant(dataset: Dataset, person_id: str, day: PartialDate) -> Participant:
    """A person at an event, with the roles they held on its date."""
    person = dataset.people[person_id]
    return Participant(
        id=person.id,
        name=person.name,
        roles=tuple(role_row(dataset, role) for role in roles_on(person, day)),
    )


def event_document(dataset: Dataset, event: Event) -> EventDocument:
    """Everything about one event, with its participants' roles on that date."""
    day = dataset.event_dates[event.id]
    quotes = sorted_quotes(quote for quote in dataset.quotes.values() if quote.event == event.id)
    cited = sources_cited(
        event.sources,
        *(
            alternative.sources
            for dispute in event.disputes
            for alternative in dispute.alternatives
        ),
    )
    return structs.replace(
        event_facts(dataset, event, EventDocument),
        participants=tuple(participant(dataset, person_id, day) for person_id in event.people),
        organization_names=tuple(
            dataset.organizations[org].abbreviation or dataset.organizations[org].name
            for org in event.organizations
        ),
        topic_names=tuple(dataset.topics[topic].name for topic in event.topics),
        quotes=tuple(quote_row(dataset, quote) for quote in quotes),
        source_details=tuple(source_row(dataset.sources[source_id]) for source_id in cited),
    )


def topic_document(
    dataset: Dataset, topic: Topic, events: Sequence[Event] | None = None
) -> TopicDocument:
    """A topic's summary and status, its events as a timeline, quotes, related topics."""
    events = events_on_topic(dataset, topic.id) if events is None else events
    quotes = sorted_quotes(quote for quote in dataset.quotes.values() if topic.id in quote.topics)
    return TopicDocument(
        id=topic.id,
        name=topic.name,
        aliases=topic.aliases,
        summary=topic.summary,
        status=topic.status,
        related=tuple(
            RelatedTopic(id=related, name=dataset.topics[related].name) for related in topic.related
        ),
        events=tuple(event_summary(dataset, event) for event in events),
        quotes=tuple(quote_row(dataset, quote) for quote in quotes),
        sources=topic.sources,
    )
