"""Single-record documents: a person's profile, an event in full, a topic's story.

Each is one typed document of spacetalks.answers.contract: one JSON object (the shape ``who``,
``show`` and ``topics TOPIC`` print with ``--json``), and a layout on a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from msgspec import structs

from spacetalks.answers.contract import (
    BetweenRow,
    CitedFor,
    CitedSource,
    Contact,
    CoverageReport,
    EventDocument,
    EventSummary,
    FieldEvidence,
    Listing,
    Participant,
    PersonProfile,
    RecordRow,
    RelatedTopic,
    SourceRef,
    TopicDocument,
    ValueEvidence,
    WhyDocument,
    field_names,
)
from spacetalks.answers.rows import (
    claimant_name,
    counted,
    event_evidence,
    event_facts,
    publishers,
    quote_rows,
    role_row,
    role_text,
)
from spacetalks.dataset.dates import Interval, PartialDate
from spacetalks.dataset.handles import id_without_date
from spacetalks.dataset.model import Dataset, Dispute, Event, Person, Quote, Source, Topic
from spacetalks.dataset.model import FieldEvidence as RecordFieldEvidence
from spacetalks.query.coverage import dataset_coverage
from spacetalks.query.records import (
    AnyRecord,
    event_handles,
    events_on_topic,
    events_with_person,
    people_met,
    person_citations,
    quotes_by,
    record_type,
    roles_on,
    sorted_quotes,
    sources_cited,
)
from spacetalks.query.reporting import all_reported_before, event_overdue
from spacetalks.query.selection import closeness, count_publishers


def event_summaries(dataset: Dataset, events: Iterable[Event]) -> tuple[EventSummary, ...]:
    """The short forms of events inside another record, each with its handle."""
    handles = event_handles(dataset)
    return tuple(event_summary(dataset, event, handles[event.id]) for event in events)


def event_summary(dataset: Dataset, event: Event, handle: str | None = None) -> EventSummary:
    """The short form of an event inside another record, with its evidence and its
    handle (worked out from the dataset's events where not given)."""
    return EventSummary(
        id=event.id,
        handle=handle or event_handles(dataset)[event.id],
        date=event.date,
        title=event.title,
        kind=event.kind,
        status=event.status,
        overdue=event_overdue(dataset, event),
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
        events=event_summaries(dataset, events_with_person(dataset, person.id)),
        quotes=quote_rows(dataset, quotes_by(dataset, person.id)),
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
        source_details=tuple(
            source_ref(dataset.sources[source_id])
            for source_id in person_citations(dataset, person)
        ),
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
        quotes=quote_rows(dataset, quotes),
        source_details=tuple(source_ref(dataset.sources[source_id]) for source_id in cited),
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
        events=event_summaries(dataset, events),
        quotes=quote_rows(dataset, quotes),
        sources=topic.sources,
        source_details=tuple(source_ref(dataset.sources[source_id]) for source_id in topic.sources),
    )


def source_ref(source: Source) -> SourceRef:
    """A source as documents list it: without the records citing it, which a document
    does not look for."""
    return SourceRef(
        id=source.id,
        publisher=source.publisher,
        via=source.via,
        title=source.title,
        date=source.date,
        url=source.url,
        note=source.note,
    )


def cited_sources(
    dataset: Dataset, field_ids: Sequence[str], record_ids: Sequence[str] = ()
) -> tuple[CitedSource, ...]:
    """Sources as evidence for a field: those cited for the field first, then those cited
    only for the record (a source cited for both counts as the field's)."""
    field_set = set(field_ids)
    cited: list[tuple[str, CitedFor]] = [
        *((source_id, "field") for source_id in dict.fromkeys(field_ids)),
        *(
            (source_id, "record")
            for source_id in dict.fromkeys(record_ids)
            if source_id not in field_set
        ),
    ]
    return tuple(
        CitedSource(**structs.asdict(source_ref(dataset.sources[source_id])), cited_for=cited_for)
        for source_id, cited_for in cited
    )


def _value_evidence(
    dataset: Dataset, value: str, source_ids: Sequence[str], event_date: PartialDate | None
) -> ValueEvidence:
    return ValueEvidence(
        value=value,
        sources=cited_sources(dataset, source_ids),
        publishers=publishers(dataset, source_ids),
        reported_before_event=event_date is not None
        and all_reported_before(dataset, source_ids, event_date),
    )


def _field_evidence(
    dataset: Dataset,
    field: str,
    value: str,
    record_sources: Sequence[str],
    field_evidence: Sequence[RecordFieldEvidence] = (),
    dispute: Dispute | None = None,
    event_date: PartialDate | None = None,
) -> FieldEvidence:
    """A field's value and the sources behind it: those cited for the field (its field
    evidence; where disputed, the alternative that is the value shown), then the record's
    own, which are cited for the record and not for the field. Where disputed, the other
    values are listed with their sources, which are all cited for the field."""
    field_ids = [source_id for entry in field_evidence for source_id in entry.sources]
    notes = [entry.note for entry in field_evidence if entry.note]
    alternatives: list[ValueEvidence] = []
    shown_ids: Sequence[str] = ()
    if dispute is not None:
        for alternative in dispute.alternatives:
            if alternative.value == value:
                shown_ids = alternative.sources
            else:
                alternatives.append(
                    _value_evidence(dataset, alternative.value, alternative.sources, event_date)
                )
        # A disputed field's record-level sources say nothing about which value holds.
        record_sources = ()
    sources = cited_sources(dataset, [*shown_ids, *field_ids], record_sources)
    ids = [source.id for source in sources]
    field_only = [source.id for source in sources if source.cited_for == "field"]
    return FieldEvidence(
        field=field,
        value=value,
        sources=sources,
        publishers=publishers(dataset, ids),
        field_publishers=publishers(dataset, field_only),
        disputed=dispute is not None,
        note=" ".join([*([dispute.note] if dispute is not None and dispute.note else []), *notes]),
        reported_before_event=dispute is not None
        and event_date is not None
        and all_reported_before(dataset, shown_ids, event_date),
        alternatives=tuple(alternatives),
    )


def _names(records: Mapping[str, Any], ids: Sequence[str]) -> str:
    return ", ".join(records[ref].name if ref in records else ref for ref in ids)


def _record_fields(dataset: Dataset, record: AnyRecord) -> tuple[str, list[tuple[str, str]]]:
    """A record's name, and its fields (name, value as text) that have a value."""
    if isinstance(record, Event):
        pairs = [
            ("date", record.date),
            ("title", record.title),
            ("kind", record.kind),
            ("status", record.status),
            ("place", record.place or ""),
            ("people", _names(dataset.people, record.people)),
            ("organizations", _names(dataset.organizations, record.organizations)),
            ("topics", _names(dataset.topics, record.topics)),
            ("summary", record.summary),
            ("end", record.end or ""),
            ("scheduled", record.scheduled or ""),
        ]
        return record.title, pairs
    if isinstance(record, Person):
        pairs = [
            ("name", record.name),
            ("native_name", record.native_name or ""),
            ("born", record.born or ""),
            ("summary", record.summary),
        ]
        return record.name, pairs
    if isinstance(record, Quote):
        event = next((event for event in dataset.events if event.id == record.event), None)
        pairs = [
            ("text", record.text),
            ("speaker", dataset.people[record.speaker].name),
            ("date", record.date or ""),
            ("event", event.title if event is not None else ""),
            ("context", record.context or ""),
        ]
        return record.text, pairs
    pairs = [
        ("name", record.name),
        ("abbreviation", record.abbreviation or ""),
        ("native_name", record.native_name or ""),
        ("country", record.country or ""),
        ("summary", record.summary),
    ]
    return record.name, pairs


def record_field_names(dataset: Dataset, record: AnyRecord) -> list[str]:
    """The fields ``why`` can tell for a record, in order (``roles`` for a person)."""
    names = [name for name, value in _record_fields(dataset, record)[1] if value]
    return [*names, "roles"] if isinstance(record, Person) and record.roles else names


def why_document(dataset: Dataset, record: AnyRecord, field: str | None = None) -> WhyDocument:
    """The evidence for a record, field by field (or for one field): each value shown
    with the sources that give it, the other values sources give, and whose claim it is."""
    name, pairs = _record_fields(dataset, record)
    disputes = (
        {dispute.field: dispute for dispute in record.disputes} if isinstance(record, Event) else {}
    )
    evidence = record.evidence if isinstance(record, Event | Person) else ()
    event_date = dataset.event_dates.get(record.id) if isinstance(record, Event) else None
    fields = [
        _field_evidence(
            dataset,
            key,
            value,
            record.sources,
            [entry for entry in evidence if entry.field == key],
            disputes.get(key),
            event_date,
        )
        for key, value in pairs
        if value and field in (None, key)
    ]
    if isinstance(record, Person) and field in (None, "roles"):
        # A role's sources are cited for that role: field evidence, not the record's.
        fields += [
            _field_evidence(
                dataset,
                "roles",
                role_text(role_row(dataset, role)),
                (),
                [RecordFieldEvidence(field="roles", sources=role.sources)],
            )
            for role in record.roles
        ]
    claimed_by = record.claimed_by if isinstance(record, Event) else ()
    return WhyDocument(
        type=record_type(record),
        id=record.id,
        name=name,
        claimed_by=claimed_by,
        claimed_by_names=tuple(claimant_name(dataset, ref) for ref in claimed_by),
        fields=tuple(fields),
        asked=field,
        date=record.date if isinstance(record, Event | Quote) else None,
        overdue=isinstance(record, Event) and event_overdue(dataset, record),
        one_report=isinstance(record, Quote)
        and count_publishers(dataset.sources, record.sources) == 1,
    )


def candidates_listing(
    dataset: Dataset, records: Sequence[AnyRecord | Topic], query: str = ""
) -> Listing:
    """The records a name matched, one row each (id, type, date where it has one, name),
    the closest to the query first: what a lookup lists on stderr when a name matches
    several. A type or date column that would say nothing (one type, no dates) is left
    out of the columns."""
    rows = [
        RecordRow(
            id=record.id,
            type="topic" if isinstance(record, Topic) else record_type(record),
            date=record.date if isinstance(record, Event | Quote) else None,
            name=record.name if isinstance(record, Topic) else _record_fields(dataset, record)[0],
        )
        for record in records
    ]
    if query:
        rows.sort(key=lambda row: -closeness(query, (id_without_date(row.id), row.name)))
    columns = [
        name
        for name in field_names(RecordRow)
        if not (name == "type" and len({row.type for row in rows}) == 1)
        and not (name == "date" and all(row.date is None for row in rows))
    ]
    count = len(rows)
    return Listing(
        rows,
        field_names(RecordRow),
        tuple(columns),
        title=counted(count, "record"),
    )


def between_document(
    dataset: Dataset, first: Event, second: Event, interval: Interval
) -> BetweenRow:
    """The time between two events, the earlier first."""
    earlier, later = sorted(
        (first, second), key=lambda event: dataset.event_dates[event.id].sort_key
    )
    return BetweenRow(
        start=earlier.id,
        from_date=earlier.date,
        from_title=earlier.title,
        end=later.id,
        to_date=later.date,
        to_title=later.title,
        interval=interval.text,
        days=interval.days,
        approximate=interval.approximate,
        events=event_summaries(dataset, (earlier, later)),
    )


def coverage_document(dataset: Dataset) -> CoverageReport:
    """The dataset's size and sourcing, as ``spacetalks stats`` reports them."""
    coverage = dataset_coverage(dataset)
    sourcing = {figures.record_type: figures for figures in coverage.sourcing}
    events, roles, quotes = sourcing["events"], sourcing["roles"], sourcing["quotes"]
    counts = coverage.counts
    info = dataset.info
    return CoverageReport(
        version=info.version if info else None,
        as_of=info.as_of if info else None,
        reviewed=info.reviewed if info else None,
        events=counts["events"],
        people=counts["people"],
        organizations=counts["organizations"],
        topics=counts["topics"],
        quotes=counts["quotes"],
        sources=counts["sources"],
        publishers=coverage.publishers,
        events_two_or_more_publishers=events.two_or_more_publishers,
        events_two_or_more_publishers_share=round(
            events.two_or_more_publishers / events.records if events.records else 0.0, 3
        ),
        events_one_publisher=events.one_publisher,
        events_one_report=events.one_report,
        roles=roles.records,
        roles_one_publisher=roles.one_publisher,
        quotes_one_publisher=quotes.one_publisher,
        disputes=coverage.disputes,
        disputed_events=coverage.disputed_events,
        claims=coverage.claims,
        first_event=coverage.first_event,
        newest_event=coverage.newest_event,
        latest_happened=coverage.latest_happened,
        overdue=sum(event_overdue(dataset, event) for event in dataset.events),
        sources_reach=info.sources_reach if info else None,
    )
