"""Merge decoded files into one Dataset, checking ids, references and dates.

Every record goes through one rule table, ``RULES``: for each array, the rules (see
spacetalks.dataset.rules) its records must keep. Each rule first flags, over a whole array at
once, the records it could find fault with, so that a file of 100,000 events is
checked in a fraction of the time it takes to read; only the flagged records are then
checked one by one, by every rule, so the messages are those of the per-record checks
whatever the path. A property test keeps the two paths in agreement. Problem messages
name the file and the record (``$.events[3] (id 'x')``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import count, repeat
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple, cast

from spacetalks.dataset.dates import PartialDate
from spacetalks.dataset.handles import handles_among_events
from spacetalks.dataset.model import (
    ID_PATTERN,
    KIND_PATTERN,
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
from spacetalks.dataset.problems import DatasetError, Problem, quoted
from spacetalks.dataset.rules import (
    Context,
    DateField,
    Each,
    Evidence,
    FieldName,
    Finding,
    Order,
    References,
    Rule,
    Shape,
)

RECORD_ID = attrgetter("id")
EVENT_DATE = attrgetter("date")
EVENT_END = attrgetter("end")
SORT_KEY = attrgetter("sort_key")

SOURCES = References("sources", "sources")
ID_RULE = Shape(
    "id",
    ID_PATTERN,
    "an id",
    "use letters, digits, '.', '_' and '-', beginning with a letter or digit",
)
ROLE_RULES: tuple[Rule, ...] = (
    References("organization", "organizations", single=True),
    SOURCES,
    DateField("start", "from"),
    DateField("end", "to"),
    Order("start", "end", lambda start, end: f"'to' ({end}) is before 'from' ({start})"),
)
DISPUTE_RULES: tuple[Rule, ...] = (
    FieldName("field", Event, "an event"),
    Each("alternatives", (SOURCES,)),
)
NOT_EVIDENCE_FIELDS = frozenset({"id", "sources", "evidence", "disputes"})
"""Fields no field-level source can be cited for: the record's id and its citations."""

RULES: dict[str, tuple[type[Record], tuple[Rule, ...]]] = {
    "sources": (Source, (ID_RULE, DateField("date"))),
    "organizations": (Organization, (ID_RULE, SOURCES)),
    "people": (
        Person,
        (
            ID_RULE,
            DateField("born"),
            SOURCES,
            Each("roles", ROLE_RULES),
            Evidence(Person, "a person", NOT_EVIDENCE_FIELDS),
        ),
    ),
    "topics": (Topic, (ID_RULE, References("related", "topics"), SOURCES)),
    "events": (
        Event,
        (
            ID_RULE,
            Shape(
                "kind", KIND_PATTERN, "a kind", "use a lowercase word, such as meeting or launch"
            ),
            DateField("date"),
            DateField("end"),
            Order("date", "end", lambda date, end: f"end ({end}) is before date ({date})"),
            DateField("scheduled"),
            References("people", "people"),
            References("organizations", "organizations"),
            References("topics", "topics"),
            SOURCES,
            References("claimed_by", "organizations", "people"),
            Each("disputes", DISPUTE_RULES),
            Evidence(Event, "an event", NOT_EVIDENCE_FIELDS | {"claimed_by"}),
        ),
    ),
    "quotes": (
        Quote,
        (
            ID_RULE,
            DateField("date"),
            References("speaker", "people", single=True),
            References("event", "events", single=True),
            References("topics", "topics"),
            SOURCES,
        ),
    ),
}
"""Each array of a dataset, the type of its records, and the rules they must keep."""
META_RULES: tuple[Rule, ...] = (DateField("as_of"), DateField("reviewed"))
"""The rules of a file's ``meta``."""


class _Merged:
    """Records by array and id, with where each was defined."""

    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {name: {} for name in RULES}
        self._origins: dict[str, dict[str, tuple[str, int]]] = {name: {} for name in RULES}
        self._unplaced: dict[str, list[tuple[str, list[str], Sequence[int] | None]]] = {
            name: [] for name in RULES
        }
        """Records added but not yet in _origins: the file, their ids and places."""
        self.infos: list[tuple[str, DatasetInfo]] = []
        self.problems: list[Problem] = []

    def origins(self, name: str) -> dict[str, tuple[str, int]]:
        """Where each record of an array was defined: its file and its place there. Worked
        out when first asked, since only a problem needs it."""
        origins = self._origins[name]
        for label, ids, places in self._unplaced[name]:
            origins.update(zip(ids, zip(repeat(label), places or count()), strict=False))
        self._unplaced[name].clear()
        return origins

    def add(self, label: str, content: DatasetFile, positions: Mapping[str, Sequence[int]]) -> None:
        """Add a file's records; positions, where given for an array, are each record's
        place in the file (when some records of the file could not be read)."""
        if content.meta is not None:
            self.infos.append((label, content.meta))
        for name in RULES:
            items = getattr(content, name)
            records = self.records[name]
            ids = list(map(RECORD_ID, items))
            if len(set(ids)) == len(ids) and records.keys().isdisjoint(ids):
                # No duplicate: add them all at C speed (the usual case, and a large one).
                records.update(zip(ids, items, strict=True))
                self._unplaced[name].append((label, ids, positions.get(name)))
                continue
            origins = self.origins(name)
            places = positions.get(name, range(len(items)))
            for index, record in zip(places, items, strict=True):
                record_id: str = record.id
                if record_id in records:
                    earlier_file, earlier_index = origins[record_id]
                    self.problems.append(
                        Problem(
                            label,
                            f"$.{name}[{index}] (id {quoted(record_id)})",
                            f"duplicate id {quoted(record_id)}: already defined in "
                            f"{earlier_file} at $.{name}[{earlier_index}]",
                        )
                    )
                    continue
                records[record_id] = record
                origins[record_id] = (label, index)


def _problem(file: str, where: str, finding: Finding) -> Problem:
    path, message = finding
    return Problem(file, where, f"{path}: {message}" if path else message)


def check_records(merged: _Merged, context: Context, bulk: bool = True) -> list[Problem]:
    """Every problem the rules find in the merged records. In bulk, each rule first flags
    the records it could find fault with, over all of them at once, and then checks only
    those, one by one: a rule finds nothing in a record it did not flag, so a record one
    rule flags (most events cite evidence) is not checked by every other rule as well.
    Otherwise every rule checks every record. Both give the same problems, in the same
    order (a record's findings in the order of its rules)."""
    problems: list[Problem] = []
    for label, info in merged.infos:
        for rule in META_RULES:
            problems += [_problem(label, "$.meta", found) for found in rule.check(info, context)]
    for name, (_, rules) in RULES.items():
        records = list(merged.records[name].values())
        checks: Iterable[tuple[int, Sequence[Rule]]] = ((i, rules) for i in range(len(records)))
        if bulk:
            flagged: dict[int, list[Rule]] = {}
            for rule in rules:
                found = rule.flag(records, context)
                if found is None:
                    break
                for index in set(found):
                    flagged.setdefault(index, []).append(rule)
            else:
                checks = sorted(flagged.items(), key=itemgetter(0))
        for index, checked_by in checks:
            record = records[index]
            findings = [found for rule in checked_by for found in rule.check(record, context)]
            if findings:
                label, at = merged.origins(name)[record.id]
                where = f"$.{name}[{at}] (id {quoted(record.id)})"
                problems += [_problem(label, where, found) for found in findings]
    return problems


class Partial(NamedTuple):
    """What is known of the records of files that could be read only in part."""

    unreadable: Mapping[str, Iterable[str]] = {}
    """The ids of records too malformed to read, by array: they count as defined."""
    positions: Sequence[Mapping[str, Sequence[int]]] = ()
    """For each file, by array, the place in the file of each record read."""


def merge(
    contents: Sequence[tuple[str, DatasetFile]], partial: Partial = Partial()
) -> tuple[_Merged, Context]:
    """The files' records merged (duplicate ids noted as problems), and a context to check
    them in."""
    merged = _Merged()
    for number, (label, content) in enumerate(contents):
        places = partial.positions[number] if number < len(partial.positions) else {}
        merged.add(label, content, places)
    unreadable = partial.unreadable
    ids = {
        name: frozenset(records).union(unreadable.get(name, ()))
        for name, records in merged.records.items()
    }
    return merged, Context(ids, merged.records["sources"])


def merge_and_check(
    contents: Sequence[tuple[str, DatasetFile]], partial: Partial = Partial()
) -> Dataset:
    """One Dataset from decoded files (label, content), or DatasetError with every problem."""
    merged, context = merge(contents, partial)
    problems = [*merged.problems, *check_records(merged, context)]
    if problems:
        raise DatasetError(problems)
    records = merged.records
    by_id: list[Event] = sorted(records["events"].values(), key=RECORD_ID)
    # Every date was read by the checks above, and read well.
    parsed = cast(dict[str, PartialDate], context.dates)
    starts = list(map(parsed.__getitem__, map(EVENT_DATE, by_id)))
    # Then by date, stably (so by id within a date), with C-level keys.
    order = sorted(range(len(by_id)), key=list(map(SORT_KEY, starts)).__getitem__)
    events = list(map(by_id.__getitem__, order))
    dates = dict(zip(map(RECORD_ID, events), map(starts.__getitem__, order), strict=True))
    ended = list(filter(EVENT_END, events))
    ends = dict(
        zip(map(RECORD_ID, ended), map(parsed.__getitem__, map(EVENT_END, ended)), strict=True)
    )
    return Dataset(
        info=merged.infos[-1][1] if merged.infos else None,
        files=tuple(label for label, _ in contents),
        sources=records["sources"],
        organizations=records["organizations"],
        people=records["people"],
        topics=records["topics"],
        events=events,
        quotes=records["quotes"],
        event_dates=dates,
        event_ends=ends,
        event_handles=handles_among_events(map(RECORD_ID, events)),
    )
