"""Records become rows: the typed rows of spacetalks.answers.contract, made once for every format.

The keys of an event row are part of the documented output (README, "JSON fields"):
``id``, ``date``, ``precision``, ``title``, ``kind``, ``status``, ``place``, ``people``,
``organizations``, ``topics``, ``sources``, ``summary``, ``claimed_by``, ``disputes``,
``disputed``, ``claimed_by_names``, ``end`` and ``scheduled`` (null where the event
has none). Dates are exactly as in the dataset.

Evidence has one model (EvidenceFields): the disputes of a record, each value with
the sources and distinct publishers behind it, and the side whose claim alone it is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypedDict, TypeVar

from msgspec import structs

from spacetalks.answers.contract import (
    AlternativeRow,
    DisputeRow,
    EventFacts,
    EventRow,
    Listing,
    OrganizationRow,
    PersonRow,
    QuoteRow,
    RoleRow,
    Row,
    SearchRow,
    SourceRow,
    TopicRow,
    field_names,
)
from spacetalks.answers.ordering import ListingOrder, ordered
from spacetalks.dataset.dates import Interval
from spacetalks.dataset.model import (
    Dataset,
    Dispute,
    Event,
    Organization,
    Person,
    Quote,
    Role,
    Source,
    TopicSummary,
)
from spacetalks.query.records import SearchHit, event_handles, latest_role, snippet
from spacetalks.query.reporting import all_reported_before, is_overdue
from spacetalks.query.selection import count_publishers

EVENT_FIELDS = field_names(EventFacts)
EVENT_COLUMNS = ("date", "kind", "status", "title", "place")


class EvidenceFields(TypedDict):
    """What a row says about the evidence for its record."""

    claimed_by: tuple[str, ...]
    disputes: tuple[DisputeRow, ...]
    disputed: tuple[str, ...]
    claimed_by_names: tuple[str, ...]


NO_EVIDENCE = EvidenceFields(claimed_by=(), disputes=(), disputed=(), claimed_by_names=())


def publishers(dataset: Dataset, source_ids: Sequence[str]) -> tuple[str, ...]:
    """The distinct publishers of some sources, in order: whose reporting they are."""
    return tuple(dict.fromkeys(dataset.sources[source_id].publisher for source_id in source_ids))


def organization_name(organization: Organization) -> str:
    """An organization as people call it: its abbreviation (NASA), else its name."""
    return organization.abbreviation or organization.name


def claimant_name(dataset: Dataset, ref: str) -> str:
    """An organization or a person whose claim something is, as people call them."""
    organization = dataset.organizations.get(ref)
    if organization is not None:
        return organization_name(organization)
    person = dataset.people.get(ref)
    return person.name if person is not None else ref


def shown_value(record: object, field_name: str) -> str | None:
    """The value a record shows for a field, as text (None when it has none)."""
    value = getattr(record, field_name, None)
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value)
    return None if value is None else str(value)


def dispute_rows(
    dataset: Dataset, record: object, disputes: Sequence[Dispute]
) -> tuple[DisputeRow, ...]:
    """Each dispute with the value shown and its alternatives; for an event, an
    alternative all of whose sources predate it is marked reported before the event."""
    record_id = getattr(record, "id", None)
    event_date = dataset.event_dates.get(record_id) if isinstance(record_id, str) else None
    return tuple(
        DisputeRow(
            field=dispute.field,
            value=shown_value(record, dispute.field),
            note=dispute.note,
            alternatives=tuple(
                AlternativeRow(
                    value=alternative.value,
                    sources=alternative.sources,
                    publishers=publishers(dataset, alternative.sources),
                    reported_before_event=event_date is not None
                    and all_reported_before(dataset, alternative.sources, event_date),
                )
                for alternative in dispute.alternatives
            ),
        )
        for dispute in disputes
    )


def event_evidence(dataset: Dataset, event: Event) -> EvidenceFields:
    """An event's disputes and one-side claim, with the names people read."""
    if not event.disputes and not event.claimed_by:
        return NO_EVIDENCE
    return EvidenceFields(
        claimed_by=event.claimed_by,
        disputes=dispute_rows(dataset, event, event.disputes),
        disputed=tuple(dict.fromkeys(dispute.field for dispute in event.disputes)),
        claimed_by_names=tuple(claimant_name(dataset, ref) for ref in event.claimed_by),
    )


FactsT = TypeVar("FactsT", bound=EventFacts)


class EventFactsMaker:
    """Makes the facts rows of a dataset's events, with what every row looks up found
    once: the names by id. A timeline of 14,762 events is made about a quarter faster
    than looking them up for each event."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.people_names = {person_id: person.name for person_id, person in dataset.people.items()}
        self.organization_names = {
            organization_id: organization_name(organization)
            for organization_id, organization in dataset.organizations.items()
        }
        self.topic_names = {topic_id: topic.name for topic_id, topic in dataset.topics.items()}

    def facts(self, event: Event, row_type: type[FactsT], handle: str) -> FactsT:
        """An event's facts as a row of the given type (a timeline row, a whole event)."""
        date = self.dataset.event_dates[event.id]
        return row_type(
            id=event.id,
            handle=handle,
            date=event.date,
            precision=date.precision.label,
            title=event.title,
            kind=event.kind,
            status=event.status,
            overdue=is_overdue(self.dataset.info, event, date),
            place=event.place,
            people=event.people,
            organizations=event.organizations,
            topics=event.topics,
            sources=event.sources,
            summary=event.summary,
            end=event.end,
            scheduled=event.scheduled,
            **event_evidence(self.dataset, event),
            people_names=tuple(map(self.people_names.__getitem__, event.people)),
            organization_names=tuple(map(self.organization_names.__getitem__, event.organizations)),
            topic_names=tuple(map(self.topic_names.__getitem__, event.topics)),
        )


def event_facts(
    dataset: Dataset, event: Event, row_type: type[FactsT], handle: str | None = None
) -> FactsT:
    """An event's facts as a row of the given type (a timeline row, a whole event), with
    its handle (worked out from the dataset's events where not given)."""
    return EventFactsMaker(dataset).facts(
        event, row_type, handle or event_handles(dataset)[event.id]
    )


def timeline_listing(
    dataset: Dataset,
    events: Sequence[Event],
    gaps: Sequence[Interval | None] | None = None,
    order: ListingOrder = ListingOrder(),
) -> Listing:
    """The timeline: one row an event; with gaps, the time since the previous row (of
    the events as given, before ``order`` sorts and cuts them)."""
    handles = event_handles(dataset)
    facts = EventFactsMaker(dataset).facts
    rows: Sequence[EventRow] = [facts(event, EventRow, handles[event.id]) for event in events]
    fields: tuple[str, ...] = EVENT_FIELDS
    columns: tuple[str, ...] = EVENT_COLUMNS
    if gaps is not None:
        rows = [
            structs.replace(
                row,
                gap=gap.text if gap is not None else None,
                gap_days=gap.days if gap is not None else None,
            )
            for row, gap in zip(rows, gaps, strict=True)
        ]
        fields = (*fields, "gap", "gap_days")
        columns = ("date", "gap", *columns[1:])
    shown = ordered(rows, order)
    return Listing(
        shown,
        fields,
        columns,
        title=counted(len(shown), "event", total=len(rows)),
        drawn=("handle", *columns),
    )


def counted(count: int, noun: str, plural: str | None = None, total: int | None = None) -> str:
    """A listing's caption: "1 person", "3 events", "3 of 112 events"."""
    word = noun if count == 1 and total in (None, 1) else (plural or f"{noun}s")
    return (
        f"{count} of {total} {word}" if total is not None and total != count else f"{count} {word}"
    )


def _listing(
    rows: Sequence[Row],
    fields: tuple[str, ...],
    columns: tuple[str, ...],
    noun: str,
    order: ListingOrder,
) -> Listing:
    """The rows in the order asked for, captioned with how many of how many are shown."""
    shown = ordered(rows, order)
    plural = "people" if noun == "person" else None
    return Listing(shown, fields, columns, title=counted(len(shown), noun, plural, len(rows)))


def role_row(dataset: Dataset, role: Role) -> RoleRow:
    organization = dataset.organizations[role.organization]
    return RoleRow(
        title=role.title,
        organization=role.organization,
        organization_name=organization.abbreviation or organization.name,
        start=role.start,
        end=role.end,
        sources=role.sources,
    )


def span_text(start: str | None, end: str | None, written: Callable[[str], str] = str) -> str:
    """A role's span: "2018-05-24 to 2022-07-15", "since 2025-02-06", "until 2019"
    (each date as ``written`` writes it: people read "since Jan 2025")."""
    start = written(start) if start else start
    end = written(end) if end else end
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"since {start}"
    return f"until {end}" if end else ""


def role_text(role: RoleRow, written: Callable[[str], str] = str) -> str:
    span = span_text(role.start, role.end, written)
    text = f"{role.title}, {role.organization_name}"
    return f"{text} ({span})" if span else text


def people_listing(
    dataset: Dataset, people: Sequence[Person], order: ListingOrder = ListingOrder()
) -> Listing:
    """One row a person: name, latest role and organization, number of events."""
    event_counts: Counter[str] = Counter(
        person for event in dataset.events for person in event.people
    )
    rows = []
    for person in people:
        role = latest_role(person)
        rows.append(
            PersonRow(
                id=person.id,
                name=person.name,
                native_name=person.native_name,
                aliases=person.aliases,
                role=role.title if role else None,
                organization=role.organization if role else None,
                organization_name=claimant_name(dataset, role.organization) if role else None,
                events=event_counts[person.id],
            )
        )
    columns = ("name", "native_name", "role", "organization", "events")
    listing = _listing(rows, field_names(PersonRow), columns, "person", order)
    return structs.replace(listing, drawn=("id", *columns))


def organizations_listing(dataset: Dataset, order: ListingOrder = ListingOrder()) -> Listing:
    """One row an organization, by name: its people (by role) and number of events."""
    members: dict[str, list[str]] = {org_id: [] for org_id in dataset.organizations}
    for person in dataset.people.values():
        for org_id in dict.fromkeys(role.organization for role in person.roles):
            members[org_id].append(person.id)
    event_counts: Counter[str] = Counter(
        org for event in dataset.events for org in event.organizations
    )
    rows = [
        OrganizationRow(
            id=org.id,
            name=org.name,
            abbreviation=org.abbreviation,
            native_name=org.native_name,
            country=org.country,
            people=tuple(members[org.id]),
            people_names=tuple(dataset.people[person].name for person in members[org.id]),
            events=event_counts[org.id],
        )
        for org in sorted(dataset.organizations.values(), key=lambda org: org.name.casefold())
    ]
    columns = ("name", "abbreviation", "country", "people", "events")
    listing = _listing(rows, field_names(OrganizationRow), columns, "organization", order)
    return structs.replace(listing, drawn=("id", *columns))


def topics_listing(
    dataset: Dataset, summaries: Sequence[TopicSummary], order: ListingOrder = ListingOrder()
) -> Listing:
    rows = []
    for summary in summaries:
        topic = dataset.topics[summary.topic_id]
        rows.append(
            TopicRow(
                id=topic.id,
                name=topic.name,
                events=summary.events,
                first=summary.first,
                last=summary.last,
                people=summary.people,
                people_names=tuple(dataset.people[person].name for person in summary.people),
                status=topic.status,
            )
        )
    columns = ("name", "events", "first", "last", "people", "status")
    listing = _listing(rows, field_names(TopicRow), columns, "topic", order)
    return structs.replace(listing, drawn=("id", *columns))


def quote_rows(dataset: Dataset, quotes: Iterable[Quote]) -> tuple[QuoteRow, ...]:
    """Quotes as rows, with the names of their speaker and topics."""
    return tuple(
        QuoteRow(
            id=quote.id,
            date=quote.date,
            speaker=quote.speaker,
            speaker_name=dataset.people[quote.speaker].name,
            text=quote.text,
            event=quote.event,
            topics=quote.topics,
            context=quote.context,
            sources=quote.sources,
            topic_names=tuple(dataset.topics[ref].name for ref in quote.topics),
            one_report=count_publishers(dataset.sources, quote.sources) == 1,
        )
        for quote in quotes
    )


def quotes_listing(
    dataset: Dataset, quotes: Sequence[Quote], order: ListingOrder = ListingOrder()
) -> Listing:
    rows = quote_rows(dataset, quotes)
    columns = ("date", "speaker_name", "text")
    listing = _listing(rows, field_names(QuoteRow), columns, "quote", order)
    return structs.replace(listing, drawn=("id", *columns))


def source_row(source: Source, cited_by: Sequence[str] = ()) -> SourceRow:
    return SourceRow(
        id=source.id,
        title=source.title,
        publisher=source.publisher,
        via=source.via,
        date=source.date,
        url=source.url,
        note=source.note,
        cited_by=tuple(cited_by),
        citations=len(cited_by),
    )


def sources_listing(
    dataset: Dataset, citations: Mapping[str, Sequence[str]], order: ListingOrder = ListingOrder()
) -> Listing:
    """Each source with the records that cite it ("event:id", "person:id"...)."""
    rows = [source_row(source, citations.get(source.id, ())) for source in dataset.sources.values()]
    columns = ("id", "publisher", "date", "title", "citations")
    return _listing(rows, field_names(SourceRow), columns, "source", order)


def search_listing(
    dataset: Dataset, hits: Sequence[SearchHit], text: str, order: ListingOrder = ListingOrder()
) -> Listing:
    """One row a field that matched, with the evidence of the record it is in."""
    events = {hit.record_id for hit in hits if hit.record_type == "event"}
    evidence = {
        event.id: event_evidence(dataset, event) for event in dataset.events if event.id in events
    }
    handles = event_handles(dataset) if events else {}
    rows = [
        SearchRow(
            type=hit.record_type,
            id=hit.record_id,
            handle=handles.get(hit.record_id, hit.record_id)
            if hit.record_type == "event"
            else hit.record_id,
            field=hit.field,
            snippet=hit.snippet if hit.snippet is not None else snippet(hit.text, text),
            text=hit.text,
            **(evidence[hit.record_id] if hit.record_type == "event" else NO_EVIDENCE),
        )
        for hit in hits
    ]
    listing = _listing(
        rows, field_names(SearchRow), ("type", "id", "field", "snippet"), "result", order
    )
    return structs.replace(listing, drawn=("handle", "type", "field", "snippet"))
