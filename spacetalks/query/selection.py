"""Questions asked of a loaded dataset: pure functions, no printing, no Rich.

Name matching is case- and accent-insensitive and accepts an id, a name, an alias,
a native-script name, or an unambiguous part of one.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Generic, Protocol, TypeVar

import msgspec

from spacetalks.dataset.dates import Interval, PartialDate, interval_between
from spacetalks.dataset.model import Dataset, Event, Organization, Person, Source, Topic
from spacetalks.dataset.problems import quoted
from spacetalks.dataset.words import normalize


class Identified(Protocol):
    @property
    def id(self) -> str: ...


RecordT = TypeVar("RecordT", bound=Identified)


MAX_SUGGESTED_LENGTH = 100
"""Longer queries get no suggestions: comparing them costs more than they could help."""


class NoMatchError(LookupError):
    """Nothing matched a name; carries the closest names to suggest."""

    def __init__(self, kind: str, query: str, suggestions: Sequence[str]) -> None:
        super().__init__(f"no {kind} matches {quoted(query)}")
        self.kind = kind
        self.query = query
        self.suggestions = tuple(suggestions)


class AmbiguousMatchError(LookupError):
    """Several records matched a name where one was needed."""

    def __init__(self, kind: str, query: str, candidates: Sequence[tuple[str, str]]) -> None:
        super().__init__(f"{quoted(query)} matches several {kind} records")
        self.kind = kind
        self.query = query
        self.candidates = tuple(candidates)
        """(id, name) of each record that matched."""


class NameIndex(msgspec.Struct, Generic[RecordT], frozen=True):
    """Records with the normalized names each can be found by."""

    kind: str
    records: Mapping[str, RecordT]
    display: Callable[[RecordT], str]
    names: dict[str, tuple[str, ...]] = msgspec.field(default_factory=dict)

    @classmethod
    def build(
        cls,
        kind: str,
        records: Mapping[str, RecordT],
        names_of: Callable[[RecordT], Iterable[str | None]],
        display: Callable[[RecordT], str],
    ) -> NameIndex[RecordT]:
        names = {
            record_id: tuple(normalize(name) for name in (record_id, *names_of(record)) if name)
            for record_id, record in records.items()
        }
        return cls(kind, records, display, names)

    def find(self, query: str) -> list[RecordT]:
        """Exact names first; else names with a word starting so; else any part."""
        wanted = normalize(query.strip())
        if not wanted:
            return []
        for matches in (
            lambda name: name == wanted,
            lambda name: (
                any(word.startswith(wanted) for word in _words(name)) or name.startswith(wanted)
            ),
            lambda name: wanted in name,
        ):
            found = [
                self.records[record_id]
                for record_id, names in self.names.items()
                if any(matches(name) for name in names)
            ]
            if found:
                return found
        return []

    def exact(self, query: str) -> list[RecordT]:
        """The records with a name exactly the query (case and accents aside): a handle
        or an id found among several kinds of record wins over a part of another's name."""
        wanted = normalize(query.strip())
        return [
            self.records[record_id] for record_id, names in self.names.items() if wanted in names
        ]

    def find_one(self, query: str) -> RecordT:
        """The one record a name means, or NoMatchError / AmbiguousMatchError."""
        found = self.find(query)
        if not found:
            raise NoMatchError(self.kind, query, self.suggest(query))
        if len(found) > 1:
            raise AmbiguousMatchError(
                self.kind, query, [(record.id, self.display(record)) for record in found]
            )
        return found[0]

    def suggest(self, query: str, limit: int = 5) -> list[str]:
        """The display names closest to a query that matched nothing: those with a name,
        or a word of one, at least SUGGESTION_CUTOFF alike (difflib's ratio). Each
        distinct name or word is scored once, and only those that difflib's cheap upper
        bounds (of length, then of letters) do not rule out are compared in full, so a
        dataset of 100,000 events answers a typo in about a second."""
        import difflib  # noqa: PLC0415 (only a name that matches nothing)

        wanted = normalize(query.strip())
        if not wanted or len(wanted) > MAX_SUGGESTED_LENGTH:
            return []
        # The bounds are symmetric, so one matcher holding the query (whose letter counts
        # it keeps) bounds every candidate without indexing each one.
        bounds = difflib.SequenceMatcher(None, "", wanted)
        scores: dict[str, float] = {}

        def score(candidate: str) -> float:
            known = scores.get(candidate)
            if known is not None:
                return known
            bounds.set_seq1(candidate)
            value = (
                difflib.SequenceMatcher(None, wanted, candidate).ratio()
                if bounds.real_quick_ratio() >= SUGGESTION_CUTOFF
                and bounds.quick_ratio() >= SUGGESTION_CUTOFF
                else 0.0
            )
            scores[candidate] = value
            return value

        scored: dict[str, float] = {}
        for record_id, names in self.names.items():
            best = max(
                (score(part) for name in names for part in (name, *_words(name))), default=0.0
            )
            if best >= SUGGESTION_CUTOFF:
                scored[self.display(self.records[record_id])] = best
        return sorted(scored, key=lambda name: -scored[name])[:limit]


def closeness(query: str, names: Iterable[str]) -> float:
    """How alike a query is to the closest of a record's names (difflib's ratio, 0 to 1;
    1 for a name the query is the whole of, or the start of): to list the records a
    name matched closest first."""
    import difflib  # noqa: PLC0415 (only a name that matches several records)

    wanted = normalize(query.strip())
    best = 0.0
    for name in map(normalize, names):
        if name == wanted:
            return 1.0
        score = difflib.SequenceMatcher(None, wanted, name).ratio()
        best = max(best, score + (0.5 if name.startswith(wanted) else 0.0))
    return min(best, 0.99)


SUGGESTION_CUTOFF = 0.6
"""How alike (difflib's ratio, 0 to 1) a name must be to a query to be suggested."""


def _words(name: str) -> list[str]:
    return name.replace("-", " ").replace("(", " ").replace(")", " ").split()


def people_index(dataset: Dataset) -> NameIndex[Person]:
    return NameIndex.build(
        "person",
        dataset.people,
        lambda person: (person.name, person.native_name, *person.aliases),
        lambda person: person.name,
    )


def organization_index(dataset: Dataset) -> NameIndex[Organization]:
    return NameIndex.build(
        "organization",
        dataset.organizations,
        lambda org: (org.name, org.abbreviation, org.native_name, *org.aliases),
        lambda org: org.abbreviation or org.name,
    )


def topic_index(dataset: Dataset) -> NameIndex[Topic]:
    return NameIndex.build(
        "topic",
        dataset.topics,
        lambda topic: (topic.name, *topic.aliases),
        lambda topic: topic.name,
    )


class EventFilter(msgspec.Struct, frozen=True):
    """Which events to keep. Values within one criterion are ORed; criteria are ANDed."""

    since: PartialDate | None = None
    until: PartialDate | None = None
    on: tuple[PartialDate, ...] = ()
    topics: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()
    organizations: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    min_sources: int = 0
    """Keep events reported by at least this many distinct publishers."""
    no_claims: bool = False
    """Leave out events that one side alone claims."""
    limit: int | None = None
    reverse: bool = False

    @property
    def is_empty_range(self) -> bool:
        """True when --since falls after --until, so no date can match."""
        return (
            self.since is not None
            and self.until is not None
            and self.since.first_day > self.until.last_day
        )


def select_events(dataset: Dataset, criteria: EventFilter) -> list[Event]:
    """The events that pass the filter, in date order (or reversed), up to the limit."""
    since_day = criteria.since.first_day if criteria.since else None
    until_day = criteria.until.last_day if criteria.until else None
    dates, ends = dataset.event_dates, dataset.event_ends
    kinds, statuses = criteria.kinds, criteria.statuses
    topics, people, organizations = criteria.topics, criteria.people, criteria.organizations
    selected: list[Event] = []
    for event in dataset.events:
        date = dates[event.id]
        first = date.first_day
        if until_day is not None and first > until_day:
            break  # events are in order of their first day: none after this can match
        last = ends[event.id].last_day if ends and event.id in ends else date.last_day
        if since_day is not None and last < since_day:
            continue
        if criteria.on and not any(
            first <= day.last_day and last >= day.first_day for day in criteria.on
        ):
            continue
        if kinds and event.kind not in kinds:
            continue
        if statuses and event.status not in statuses:
            continue
        if topics and topics.isdisjoint(event.topics):
            continue
        if people and people.isdisjoint(event.people):
            continue
        if organizations and organizations.isdisjoint(event.organizations):
            continue
        if criteria.no_claims and event.claimed_by:
            continue
        if criteria.min_sources and distinct_publishers(dataset, event) < criteria.min_sources:
            continue
        selected.append(event)
    if criteria.reverse:
        selected.reverse()
    if criteria.limit is not None:
        selected = selected[: criteria.limit]
    return selected


def event_source_ids(event: Event) -> list[str]:
    """Every source an event cites, its disputes' alternatives included (they report
    the event as well), in the order first cited."""
    alternatives = (
        alternative.sources for dispute in event.disputes for alternative in dispute.alternatives
    )
    return list(dict.fromkeys(itertools.chain(event.sources, *alternatives)))


def publisher_key(source: Source) -> str:
    """A publisher as counted: case and spacing do not make another one."""
    return " ".join(source.publisher.split()).casefold()


def count_publishers(sources: Mapping[str, Source], source_ids: Iterable[str]) -> int:
    """How many distinct publishers some sources come from: whose reporting they are
    (``Source.publisher``; a syndicated copy of a Reuters story is Reuters)."""
    return len({publisher_key(sources[source_id]) for source_id in source_ids})


def distinct_publishers(dataset: Dataset, event: Event) -> int:
    """How many distinct publishers report an event, through every source it cites."""
    return count_publishers(dataset.sources, event_source_ids(event))


def gaps(dataset: Dataset, events: Sequence[Event]) -> list[Interval | None]:
    """For each event, the time since the one before it in the list (None for the first).

    In a reversed list "before" is the previous row, so the gap reads backwards in time
    and is reported as a positive interval all the same.
    """
    result: list[Interval | None] = [None]
    for previous, current in itertools.pairwise(events):
        earlier, later = dataset.event_dates[previous.id], dataset.event_dates[current.id]
        if later.sort_key < earlier.sort_key:
            earlier, later = later, earlier
        result.append(interval_between(earlier, later))
    return result[: len(events)]
