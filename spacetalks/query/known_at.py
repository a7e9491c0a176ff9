"""The dataset as its sources had reported it by the end of a day (``--known-at``).
Pure functions.

Only sources that count by the end of the day are kept (see _Known.sources):

- a source dated to a month or a year counts from the end of that month or year;
- an undated source counts from the date of the record that cites it (an event's
  date, a quote's date, a role's start), never before; for a record with no date (a
  person, an organization, a topic) it counts.

Then: an event or a quote with no source that counts is left out; a dispute's side
with none disappears, and a dispute left with one side is no dispute: the field shows
that side's value. Field evidence and roles lose the sources that do not count (and
are dropped when none is left); a role that began after the day is left out and one
that ended after it is still open. An event dated after the day shows as it was
expected then: scheduled (or planned, when its date is not known to the day), on its
scheduled date where it has one, never as happened. A person, organization or topic
is kept while anything kept refers to it or a source that counts cites it. The
dataset's ``as_of`` and ``sources_reach`` become the day where they are later. An event
keeps its handle of the dataset as it is, so a handle works with or without
``--known-at``.

Given a window of days (a DatasetWindow of the events that can touch it as known at
some day, see spacetalks.dataset.reach), "anything kept" is what the window keeps.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from msgspec import structs

from spacetalks.dataset.dates import InvalidDateError, PartialDate, Precision, parse_date
from spacetalks.dataset.model import (
    Dataset,
    DatasetInfo,
    DatasetSelection,
    Dispute,
    Event,
    FieldEvidence,
    Person,
    Quote,
    Role,
)
from spacetalks.query.records import event_handles
from spacetalks.query.reporting import EXPECTED_STATUSES

_SETTABLE_FIELDS = ("date", "title", "kind", "place", "summary", "end", "scheduled")
"""Event fields a dispute reduced to one side may set to that side's value (``status``
only to one of the statuses)."""
_STATUSES = ("happened", "scheduled", "planned", "scrubbed", "cancelled")
_DATE_FIELDS = ("date", "end", "scheduled")


def _is_date(value: str) -> bool:
    try:
        parse_date(value)
    except InvalidDateError:
        return False
    return True


class _Known:
    """What counts by the end of one day, for the records of one dataset."""

    def __init__(self, dataset: Dataset, day: int) -> None:
        self.dataset = dataset
        self.day = day
        self._dated: dict[str, bool | None] = {}
        """Whether each source seen so far counts by the day for its date; None for an
        undated one, which counts by its record's date (see the module)."""

    def _counts_by_date(self, source_id: str) -> bool | None:
        try:
            return self._dated[source_id]
        except KeyError:
            date = self.dataset.sources[source_id].date
            counts = parse_date(date).last_day <= self.day if date else None
            self._dated[source_id] = counts
            return counts

    def sources(self, ids: Iterable[str], record_date: PartialDate | None) -> tuple[str, ...]:
        """The ids of the dataset's sources that count by the end of the day for a record
        of this date (None: a record with no date), in their order (see the module)."""
        undated_counts = record_date is None or record_date.last_day <= self.day
        known = self.dataset.sources
        kept = []
        for source_id in ids:
            if source_id in known:
                counts = self._counts_by_date(source_id)
                if undated_counts if counts is None else counts:
                    kept.append(source_id)
        return tuple(kept)

    def evidence(
        self, evidence: Sequence[FieldEvidence], record_date: PartialDate | None
    ) -> tuple[FieldEvidence, ...]:
        kept = []
        for entry in evidence:
            sources = self.sources(entry.sources, record_date)
            if sources:
                kept.append(
                    entry if sources == entry.sources else structs.replace(entry, sources=sources)
                )
        return tuple(kept)


def _with_disputes_known(known: _Known, event: Event, date: PartialDate) -> Event:
    """The event with each dispute's sides that count; a dispute left with one side sets
    its field to that side's value."""
    if not event.disputes:
        return event
    disputes: list[Dispute] = []
    settled: dict[str, str] = {}
    for dispute in event.disputes:
        sides = []
        for alternative in dispute.alternatives:
            sources = known.sources(alternative.sources, date)
            if sources:
                sides.append(
                    alternative
                    if sources == alternative.sources
                    else structs.replace(alternative, sources=sources)
                )
        if len(sides) >= 2:
            unchanged = len(sides) == len(dispute.alternatives) and all(
                kept is original for kept, original in zip(sides, dispute.alternatives, strict=True)
            )
            disputes.append(
                dispute if unchanged else structs.replace(dispute, alternatives=tuple(sides))
            )
        elif len(sides) == 1:
            settled[dispute.field] = sides[0].value
    changes: dict[str, object] = {}
    for field, value in settled.items():
        if field in _DATE_FIELDS and not _is_date(value):
            continue  # a side that names no date cannot stand in for one
        if field in _SETTABLE_FIELDS or (field == "status" and value in _STATUSES):
            changes[field] = value
    if len(disputes) != len(event.disputes) or any(
        kept is not original for kept, original in zip(disputes, event.disputes, strict=False)
    ):
        changes["disputes"] = tuple(disputes)
    return structs.replace(event, **changes) if changes else event


def _event_known(known: _Known, event: Event, date: PartialDate) -> Event | None:
    own = known.sources(event.sources, date)
    in_disputes = known.sources(
        (
            source_id
            for dispute in event.disputes
            for alternative in dispute.alternatives
            for source_id in alternative.sources
        ),
        date,
    )
    if not own and not in_disputes:
        return None
    changes: dict[str, object] = {}
    if own != event.sources:
        changes["sources"] = own or tuple(dict.fromkeys(in_disputes))
    evidence = known.evidence(event.evidence, date)
    if evidence != event.evidence:
        changes["evidence"] = evidence
    if changes:
        event = structs.replace(event, **changes)
    event = _with_disputes_known(known, event, date)
    if _parsed(event.date, date).first_day > known.day:
        event = _as_expected(event)
    return event


def _parsed(text: str, parsed: PartialDate | None) -> PartialDate:
    """A date, parsed: the one already parsed when it is of the same text."""
    return parsed if parsed is not None and parsed.text == text else parse_date(text)


def _as_expected(event: Event) -> Event:
    """An event dated after the day, as it was expected then."""
    if event.status in EXPECTED_STATUSES:
        return event
    date = event.scheduled or event.date
    to_the_day = parse_date(date).precision >= Precision.DAY
    return structs.replace(
        event,
        date=date,
        scheduled=None,
        status="scheduled" if to_the_day else "planned",
    )


def _sources_by_then(
    known: _Known, date_text: str | None, sources: Iterable[str]
) -> tuple[str, ...] | None:
    """The sources of a dated record (a role, a quote) reported by the day; None when the
    record is dated after it or none of its sources had reported it yet."""
    date = parse_date(date_text) if date_text else None
    if date is not None and date.first_day > known.day:
        return None
    return known.sources(sources, date) or None


def _role_known(known: _Known, role: Role) -> Role | None:
    sources = _sources_by_then(known, role.start, role.sources)
    if sources is None:
        return None
    changes: dict[str, object] = {}
    if sources != role.sources:
        changes["sources"] = sources
    if role.end is not None and parse_date(role.end).last_day > known.day:
        changes["end"] = None
    return structs.replace(role, **changes) if changes else role


def _person_known(known: _Known, person: Person) -> Person:
    roles = tuple(
        kept for kept in (_role_known(known, role) for role in person.roles) if kept is not None
    )
    sources = known.sources(person.sources, None)
    evidence = known.evidence(person.evidence, None)
    if roles == person.roles and sources == person.sources and evidence == person.evidence:
        return person
    return structs.replace(person, roles=roles, sources=sources, evidence=evidence)


def _quote_known(known: _Known, quote: Quote, events: set[str]) -> Quote | None:
    sources = _sources_by_then(known, quote.date, quote.sources)
    if sources is None:
        return None
    changes: dict[str, object] = {}
    if sources != quote.sources:
        changes["sources"] = sources
    if quote.event is not None and quote.event not in events:
        changes["event"] = None
    return structs.replace(quote, **changes) if changes else quote


def _info_known(info: DatasetInfo | None, day: PartialDate) -> DatasetInfo | None:
    if info is None:
        return None
    changes: dict[str, object] = {}
    if parse_date(info.as_of).last_day > day.last_day:
        changes["as_of"] = day.text
    if info.sources_reach and parse_date(info.sources_reach).last_day > day.last_day:
        changes["sources_reach"] = day.text
    return structs.replace(info, **changes) if changes else info


def known_at(dataset: Dataset, day: PartialDate) -> Dataset:
    """The dataset as its sources had reported it by the end of ``day`` (see the module).

    The result is of the dataset's own type (a window or a selection stays one); a
    dataset all of whose sources and dates are on or before the day comes back equal.
    """
    # Each event keeps the handle it has in the dataset as it is: the one a run without
    # --known-at shows and finds, whatever records are left out as known then.
    dataset = structs.replace(dataset, event_handles=event_handles(dataset))
    known = _Known(dataset, day.last_day)
    events: list[Event] = []
    for event in dataset.events:
        known_event = _event_known(known, event, dataset.event_dates[event.id])
        if known_event is not None:
            events.append(known_event)
    event_ids = {event.id for event in events}
    quotes = {
        quote_id: kept
        for quote_id, quote in dataset.quotes.items()
        if (kept := _quote_known(known, quote, event_ids)) is not None
    }
    people = {
        person_id: _person_known(known, person) for person_id, person in dataset.people.items()
    }
    referenced: set[str] = set()
    for event in events:
        referenced.update(event.people, event.organizations, event.topics, event.claimed_by)
    for quote in quotes.values():
        referenced.add(quote.speaker)
        referenced.update(quote.topics)
    people = {
        person_id: person
        for person_id, person in people.items()
        if person_id in referenced
        or person.sources
        or person.roles
        or not (dataset.people[person_id].sources or dataset.people[person_id].roles)
    }
    for person in people.values():
        referenced.update(role.organization for role in person.roles)
    organizations = {
        org_id: org
        for org_id, org in dataset.organizations.items()
        if org_id in referenced or not org.sources or known.sources(org.sources, None)
    }
    topics = {
        topic_id: topic
        for topic_id, topic in dataset.topics.items()
        if topic_id in referenced or not topic.sources or known.sources(topic.sources, None)
    }
    topics = {
        topic_id: (
            topic
            if all(related in topics for related in topic.related)
            else structs.replace(
                topic, related=tuple(related for related in topic.related if related in topics)
            )
        )
        for topic_id, topic in topics.items()
    }
    sources = {
        source_id: source
        for source_id, source in dataset.sources.items()
        if not source.date or parse_date(source.date).last_day <= day.last_day
    }
    dates, ends = dataset.event_dates, dataset.event_ends
    event_dates = {event.id: _parsed(event.date, dates.get(event.id)) for event in events}
    events.sort(key=lambda event: event_dates[event.id].sort_key)
    extra: dict[str, object] = (
        {"topic_summaries": None} if isinstance(dataset, DatasetSelection) else {}
    )
    return structs.replace(
        dataset,
        **extra,
        info=_info_known(dataset.info, day),
        sources=sources,
        organizations=organizations,
        people=people,
        topics=topics,
        events=events,
        quotes=quotes,
        event_dates=event_dates,
        event_ends={
            event.id: _parsed(event.end, ends.get(event.id)) for event in events if event.end
        },
    )
