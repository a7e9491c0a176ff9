"""Merge decoded files into one Dataset, checking ids, references and dates.

The checks run once per record over plain sets and a cache of parsed dates, so a
file of 100,000 events is checked in a fraction of the time it takes to read.
Problem messages name the file and the record (``$.events[3] (id 'x')``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import chain, count, repeat
from operator import attrgetter

from spacetalks.dates import InvalidDateError, PartialDate, parse_date
from spacetalks.model import (
    ID_PATTERN,
    KIND_PATTERN,
    RECORD_TYPES,
    Dataset,
    DatasetFile,
    DatasetInfo,
    Event,
    Organization,
    Person,
    Quote,
    Record,
    Source,
    Topic,
)
from spacetalks.problems import DatasetError, Problem, quoted

SINGULAR = {
    "sources": "source",
    "organizations": "organization",
    "people": "person",
    "topics": "topic",
    "events": "event",
    "quotes": "quote",
}


ID_SHAPE = re.compile(ID_PATTERN)
KIND_SHAPE = re.compile(KIND_PATTERN)
RECORD_ID = attrgetter("id")
EVENT_DATE = attrgetter("date")
EVENT_REFERENCES = (
    ("people", "people"),
    ("organizations", "organizations"),
    ("topics", "topics"),
    ("sources", "sources"),
)
"""Event fields that hold references, and the array each refers to."""


class _Merged:
    """Records by array and id, with where each was defined."""

    def __init__(self) -> None:
        self.records: dict[str, dict[str, Record]] = {name: {} for name in RECORD_TYPES}
        self.origins: dict[str, dict[str, tuple[str, int]]] = {name: {} for name in RECORD_TYPES}
        self.infos: list[DatasetInfo] = []
        self.problems: list[Problem] = []

    def add(self, label: str, content: DatasetFile) -> None:
        if content.meta is not None:
            self.infos.append(content.meta)
            try:
                parse_date(content.meta.as_of)
            except InvalidDateError as error:
                self.problems.append(Problem(label, "$.meta", f"as_of: {error}"))
        for name in RECORD_TYPES:
            items = getattr(content, name)
            records, origins = self.records[name], self.origins[name]
            ids = list(map(RECORD_ID, items))
            for index, shaped in enumerate(map(ID_SHAPE.fullmatch, ids)):
                if shaped is None:
                    self.problems.append(
                        Problem(
                            label,
                            f"$.{name}[{index}] (id {quoted(ids[index])})",
                            f"id: {quoted(ids[index])} is not an id; use letters, digits, '.', "
                            "'_' and '-', beginning with a letter or digit",
                        )
                    )
            if len(set(ids)) == len(ids) and records.keys().isdisjoint(ids):
                # No duplicate: add them all at C speed (the usual case, and a large one).
                records.update(zip(ids, items, strict=True))
                origins.update(zip(ids, zip(repeat(label), count()), strict=False))
                continue
            for index, record in enumerate(items):
                record_id: str = record.id
                if record_id in records:
                    earlier_file, earlier_index = origins[record_id]
                    self.problems.append(
                        Problem(
                            label,
                            f"$.{name}[{index}] (id {record_id!r})",
                            f"duplicate id {record_id!r}: already defined in {earlier_file} "
                            f"at $.{name}[{earlier_index}]",
                        )
                    )
                    continue
                records[record_id] = record
                origins[record_id] = (label, index)

    def place(self, name: str, record_id: str) -> tuple[str, str]:
        label, index = self.origins[name][record_id]
        return label, f"$.{name}[{index}] (id {record_id!r})"


class _Checker:
    """Checks dates and references across all merged records."""

    def __init__(self, merged: _Merged) -> None:
        self.merged = merged
        self.ids = {name: frozenset(records) for name, records in merged.records.items()}
        self.dates: dict[str, PartialDate | str] = {}
        """Each date text seen: parsed, or the message saying why it is not a date."""
        self.problems: list[Problem] = []
        self.event_dates: dict[str, PartialDate] = {}
        self.event_ends: dict[str, PartialDate] = {}
        self._array = ""
        self._record_id = ""

    def report(self, message: str) -> None:
        file, where = self.merged.place(self._array, self._record_id)
        self.problems.append(Problem(file, where, message))

    def date(self, field_name: str, text: str | None) -> PartialDate | None:
        if text is None:
            return None
        parsed = self.dates.get(text)
        if parsed is None:
            try:
                parsed = parse_date(text)
            except InvalidDateError as error:
                parsed = str(error)
            self.dates[text] = parsed
        if isinstance(parsed, str):
            self.report(f"{field_name}: {parsed}")
            return None
        return parsed

    def refs(self, field_name: str, ids: Iterable[str], *arrays: str) -> None:
        known = self.ids[arrays[0]]
        if known.issuperset(ids) and len(arrays) == 1:
            return
        for ref in ids:
            if not any(ref in self.ids[array] for array in arrays):
                wanted = " or ".join(SINGULAR[array] for array in arrays)
                self.report(f"{field_name}: unknown {wanted} {ref!r}")

    def check(self) -> list[Problem]:
        for array, records in self.merged.records.items():
            self._array = array
            if array == "events":
                self.check_events(list(records.values()))  # type: ignore[arg-type]
                continue
            for record_id, record in records.items():
                self._record_id = record_id
                self.check_record(record)
        return self.problems

    def check_events(self, events: list[Event]) -> None:
        """Every event at once: dates parsed once per distinct text, references checked
        as sets; only the events with something to report are looked at one by one."""
        texts = set(map(EVENT_DATE, events))
        for text in texts - self.dates.keys():
            try:
                self.dates[text] = parse_date(text)
            except InvalidDateError as error:
                self.dates[text] = str(error)
        parsed = list(map(self.dates.__getitem__, map(EVENT_DATE, events)))
        self.event_dates = dict(zip(map(RECORD_ID, events), parsed, strict=True))  # type: ignore[arg-type]
        suspects = {
            event.id for event, date in zip(events, parsed, strict=True) if isinstance(date, str)
        }
        for field_name, array in EVENT_REFERENCES:
            referenced = set(chain.from_iterable(map(attrgetter(field_name), events)))
            unknown = referenced - self.ids[array]
            if unknown:
                suspects.update(
                    event.id
                    for event in events
                    if not unknown.isdisjoint(getattr(event, field_name))
                )
        odd_kinds = {
            kind for kind in set(map(attrgetter("kind"), events)) if not KIND_SHAPE.fullmatch(kind)
        }
        suspects.update(
            event.id
            for event in events
            if event.kind in odd_kinds
            or event.end is not None
            or event.scheduled is not None
            or event.claimed_by
            or event.disputes
        )
        for event in events:
            if event.id in suspects:
                self._record_id = event.id
                self.check_event(event)

    def check_record(self, record: Record) -> None:
        if isinstance(record, Event):
            self.check_event(record)
        elif isinstance(record, Person):
            self.check_person(record)
        elif isinstance(record, Quote):
            self.date("date", record.date)
            self.refs("speaker", (record.speaker,), "people")
            if record.event is not None:
                self.refs("event", (record.event,), "events")
            self.refs("topics", record.topics, "topics")
            self.refs("sources", record.sources, "sources")
        elif isinstance(record, Topic):
            self.refs("related", record.related, "topics")
            self.refs("sources", record.sources, "sources")
        elif isinstance(record, Organization):
            self.refs("sources", record.sources, "sources")
        elif isinstance(record, Source):
            self.date("date", record.date)

    def check_person(self, person: Person) -> None:
        self.date("born", person.born)
        self.refs("sources", person.sources, "sources")
        for number, role in enumerate(person.roles):
            where = f"roles[{number}]"
            self.refs(f"{where}.organization", (role.organization,), "organizations")
            self.refs(f"{where}.sources", role.sources, "sources")
            start = self.date(f"{where}.from", role.start)
            end = self.date(f"{where}.to", role.end)
            if start and end and end.last_day < start.first_day:
                self.report(f"{where}: 'to' ({role.end}) is before 'from' ({role.start})")

    def check_event(self, event: Event) -> None:
        if not KIND_SHAPE.fullmatch(event.kind):
            self.report(
                f"kind: {quoted(event.kind)} is not a kind; use a lowercase word, "
                "such as meeting or launch"
            )
        date = self.date("date", event.date)
        if date is None:
            self.event_dates.pop(event.id, None)
        if event.end is not None:
            end = self.date("end", event.end)
            if end is not None:
                self.event_ends[event.id] = end
                if date is not None and end.last_day < date.first_day:
                    self.report(f"end ({event.end}) is before date ({event.date})")
        if event.scheduled is not None:
            self.date("scheduled", event.scheduled)
        self.refs("people", event.people, "people")
        self.refs("organizations", event.organizations, "organizations")
        self.refs("topics", event.topics, "topics")
        self.refs("sources", event.sources, "sources")
        if event.claimed_by:
            self.refs("claimed_by", event.claimed_by, "organizations", "people")
        for number, dispute in enumerate(event.disputes):
            for alternative in dispute.alternatives:
                self.refs(f"disputes[{number}].sources", alternative.sources, "sources")


def merge_and_check(contents: Sequence[tuple[str, DatasetFile]]) -> Dataset:
    """One Dataset from decoded files (label, content), or DatasetError with every problem."""
    merged = _Merged()
    for label, content in contents:
        merged.add(label, content)
    checker = _Checker(merged)
    problems = [*merged.problems, *checker.check()]
    if problems:
        raise DatasetError(problems)
    records = merged.records
    event_dates = checker.event_dates
    events: list[Event] = sorted(records["events"].values(), key=RECORD_ID)  # type: ignore[arg-type]
    # Then by date, stably (so by id within a date), with C-level keys.
    keys = [date.sort_key for date in map(event_dates.__getitem__, map(RECORD_ID, events))]
    events = list(map(events.__getitem__, sorted(range(len(events)), key=keys.__getitem__)))
    return Dataset(
        info=merged.infos[-1] if merged.infos else None,
        files=tuple(label for label, _ in contents),
        sources=records["sources"],  # type: ignore[arg-type]
        organizations=records["organizations"],  # type: ignore[arg-type]
        people=records["people"],  # type: ignore[arg-type]
        topics=records["topics"],  # type: ignore[arg-type]
        events=events,
        quotes=records["quotes"],  # type: ignore[arg-type]
        event_dates=event_dates,
        event_ends=checker.event_ends,
    )
