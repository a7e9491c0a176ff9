"""Merge decoded files into one Dataset, checking ids, references and dates.

Every record goes through one rule table, ``RULES``: for each array, the rules its
records must keep. A rule says what is wrong with one record (``check``), and may also
say, over a whole array at once, which records it could find fault with (``flag``):
plain sets and a cache of parsed dates, so that a file of 100,000 events is checked in
a fraction of the time it takes to read. Only the flagged records are then checked one
by one, by every rule, so the messages are those of the per-record checks whatever
the path; a rule without a bulk form flags every record. A property test keeps the
two paths in agreement. Problem messages name the file and the record
(``$.events[3] (id 'x')``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, count, repeat
from operator import attrgetter
from typing import Any, NamedTuple, cast

import msgspec

from spacetalks.dates import InvalidDateError, PartialDate, parse_date
from spacetalks.model import (
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
from spacetalks.problems import Candidates, DatasetError, Problem, did_you_mean, quoted

SINGULAR = {
    "sources": "source",
    "organizations": "organization",
    "people": "person",
    "topics": "topic",
    "events": "event",
    "quotes": "quote",
}
RECORD_ID = attrgetter("id")
EVENT_DATE = attrgetter("date")
EVENT_END = attrgetter("end")

Finding = tuple[str, str]
"""What a rule found: the field's path in the record ('' for the record itself), and
what is wrong with it."""


class Context:
    """What rules look at beyond the record: the ids defined, and dates already read."""

    def __init__(self, ids: dict[str, frozenset[str]]) -> None:
        self.ids = ids
        self.dates: dict[str, PartialDate | str] = {}
        """Each date text seen: parsed, or the message saying why it is not a date."""
        self.candidates: dict[tuple[str, ...], Candidates] = {}

    def suggestion(self, ref: str, arrays: tuple[str, ...]) -> str:
        """'; did you mean ...?' for an unknown reference, from the ids it could name."""
        candidates = self.candidates.get(arrays)
        if candidates is None:
            candidates = Candidates(chain.from_iterable(self.ids[array] for array in arrays))
            self.candidates[arrays] = candidates
        return did_you_mean(ref, candidates)

    def date(self, text: str) -> PartialDate | str:
        parsed = self.dates.get(text)
        if parsed is None:
            try:
                parsed = parse_date(text)
            except InvalidDateError as error:
                parsed = str(error)
            self.dates[text] = parsed
        return parsed


class Rule:
    """One thing every record of a type must keep."""

    fields: tuple[str, ...] = ()
    """The record's fields (attribute names) the rule reads."""

    def check(self, record: Any, context: Context) -> Iterator[Finding]:
        """What is wrong with one record, by this rule."""
        raise NotImplementedError

    def flag(self, records: Sequence[Any], context: Context) -> Iterable[int] | None:
        """The positions of the records this rule could find fault with, found over all of
        them at once; None when it has no such bulk form (every record is checked)."""
        return None


class Shape(Rule):
    """A text field must match a pattern."""

    def __init__(self, field: str, pattern: str, what: str, hint: str) -> None:
        self.fields = (field,)
        self.field, self.shape, self.what, self.hint = field, re.compile(pattern), what, hint
        self.value = attrgetter(field)

    def check(self, record: Any, context: Context) -> Iterator[Finding]:
        value = self.value(record)
        if not self.shape.fullmatch(value):
            yield self.field, f"{quoted(value)} is not {self.what}; {self.hint}"

    def flag(self, records: Sequence[Any], context: Context) -> Iterable[int]:
        values = list(map(self.value, records))
        odd = {value for value in set(values) if not self.shape.fullmatch(value)}
        return [index for index, value in enumerate(values) if value in odd] if odd else ()


class DateField(Rule):
    """An optional field that must hold a real date."""

    def __init__(self, field: str, name: str | None = None) -> None:
        self.fields = (field,)
        self.name = name or field
        self.value = attrgetter(field)

    def check(self, record: Any, context: Context) -> Iterator[Finding]:
        text = self.value(record)
        if text is not None:
            parsed = context.date(text)
            if isinstance(parsed, str):
                yield self.name, parsed

    def flag(self, records: Sequence[Any], context: Context) -> Iterable[int]:
        texts = list(map(self.value, records))
        bad = {
            text for text in set(texts) if text is not None and isinstance(context.date(text), str)
        }
        return [index for index, text in enumerate(texts) if text in bad] if bad else ()


class Order(Rule):
    """One date field may not end before another begins."""

    def __init__(self, first: str, then: str, message: Callable[[str, str], str]) -> None:
        self.fields = (first, then)
        self.first, self.then = attrgetter(first), attrgetter(then)
        self.message = message

    def check(self, record: Any, context: Context) -> Iterator[Finding]:
        first_text, then_text = self.first(record), self.then(record)
        if first_text is None or then_text is None:
            return
        first, then = context.date(first_text), context.date(then_text)
        if (
            isinstance(first, PartialDate)
            and isinstance(then, PartialDate)
            and then.last_day < first.first_day
        ):
            yield "", self.message(first_text, then_text)

    def flag(self, records: Sequence[Any], context: Context) -> Iterable[int]:
        return [index for index, text in enumerate(map(self.then, records)) if text is not None]


class References(Rule):
    """A field holding the ids of other records, each of which must be defined: several
    (none given twice), or one (``single``, which may be absent)."""

    def __init__(self, field: str, *arrays: str, single: bool = False) -> None:
        self.fields = (field,)
        self.name, self.arrays, self.single = field, arrays, single
        self.value = attrgetter(field)
        self.wanted = " or ".join(SINGULAR[array] for array in arrays)

    def check(self, record: Any, context: Context) -> Iterator[Finding]:
        value = self.value(record)
        ids: tuple[str, ...] = (value,) if self.single and value is not None else value or ()
        for ref in ids:
            if not any(ref in context.ids[array] for array in self.arrays):
                hint = context.suggestion(ref, self.arrays)
                yield self.name, f"unknown {self.wanted} {quoted(ref)}{hint}"
        if len(set(ids)) != len(ids):
            twice = [ref for ref, times in Counter(ids).items() if times > 1]
            yield (
                self.name,
                f"{', '.join(map(quoted, twice))} given more than once; list each once "
                "(a record listed twice would be counted twice)",
            )

    def flag(self, records: Sequence[Any], context: Context) -> Iterable[int]:
        values = list(map(self.value, records))
        known = frozenset().union(*(context.ids[array] for array in self.arrays))
        if self.single:
            unknown = set(values) - known - {None}
            repeated = False
        else:
            unknown = set(chain.from_iterable(values)) - known
            repeated = list(map(len, values)) != list(map(len, map(frozenset, values)))
        if not unknown and not repeated:
            return ()
        if self.single:
            return [index for index, value in enumerate(values) if value in unknown]
        return [
            index
            for index, ids in enumerate(values)
            if not unknown.isdisjoint(ids) or len(set(ids)) != len(ids)
        ]


class Each(Rule):
    """Rules for each item of a field that holds records of its own (a person's roles)."""

    def __init__(self, field: str, rules: Sequence[Rule]) -> None:
        self.fields = (field,)
        self.field, self.rules = field, tuple(rules)
        self.value = attrgetter(field)

    def check(self, record: Any, context: Context) -> Iterator[Finding]:
        for number, item in enumerate(self.value(record)):
            prefix = f"{self.field}[{number}]"
            for rule in self.rules:
                for path, message in rule.check(item, context):
                    yield (f"{prefix}.{path}" if path else prefix), message

    def flag(self, records: Sequence[Any], context: Context) -> Iterable[int]:
        owners: list[int] = []
        items: list[Any] = []
        for index, value in enumerate(map(self.value, records)):
            if value:
                owners += repeat(index, len(value))
                items += value
        flagged: set[int] = set()
        for rule in self.rules:
            positions = rule.flag(items, context)
            if positions is None:
                return sorted(set(owners))
            flagged.update(owners[position] for position in positions)
        return sorted(flagged)


class FieldName(Rule):
    """A field that names another field of the record it belongs to (a dispute's
    ``field`` names a field of its event)."""

    def __init__(self, field: str, of: type[Record], what: str) -> None:
        self.fields = (field,)
        self.field, self.what = field, what
        self.value = attrgetter(field)
        names = [info.encode_name for info in msgspec.structs.fields(of)]
        self.valid = frozenset(names)
        self.names = Candidates(names, searches=None)

    def check(self, record: Any, context: Context) -> Iterator[Finding]:
        name = self.value(record)
        if name not in self.valid:
            yield (
                self.field,
                f"{quoted(name)} is not a field of {self.what}{did_you_mean(name, self.names)}",
            )

    def flag(self, records: Sequence[Any], context: Context) -> Iterable[int]:
        names = list(map(self.value, records))
        odd = set(names).difference(self.valid)
        return [index for index, name in enumerate(names) if name in odd] if odd else ()


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

RULES: dict[str, tuple[type[Record], tuple[Rule, ...]]] = {
    "sources": (Source, (ID_RULE, DateField("date"))),
    "organizations": (Organization, (ID_RULE, SOURCES)),
    "people": (Person, (ID_RULE, DateField("born"), SOURCES, Each("roles", ROLE_RULES))),
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
        self.origins: dict[str, dict[str, tuple[str, int]]] = {name: {} for name in RULES}
        self.infos: list[tuple[str, DatasetInfo]] = []
        self.problems: list[Problem] = []

    def add(self, label: str, content: DatasetFile, positions: Mapping[str, Sequence[int]]) -> None:
        """Add a file's records; positions, where given for an array, are each record's
        place in the file (when some records of the file could not be read)."""
        if content.meta is not None:
            self.infos.append((label, content.meta))
        for name in RULES:
            items = getattr(content, name)
            records, origins = self.records[name], self.origins[name]
            ids = list(map(RECORD_ID, items))
            if len(set(ids)) == len(ids) and records.keys().isdisjoint(ids):
                # No duplicate: add them all at C speed (the usual case, and a large one).
                records.update(zip(ids, items, strict=True))
                places = positions.get(name, count())
                origins.update(zip(ids, zip(repeat(label), places), strict=False))
                continue
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
    the records it could find fault with, and only those are checked one by one;
    otherwise every record is. Both give the same problems, in the same order."""
    problems: list[Problem] = []
    for label, info in merged.infos:
        for rule in META_RULES:
            problems += [_problem(label, "$.meta", found) for found in rule.check(info, context)]
    for name, (_, rules) in RULES.items():
        records = list(merged.records[name].values())
        positions: Iterable[int] = range(len(records))
        if bulk:
            flagged: set[int] = set()
            for rule in rules:
                found = rule.flag(records, context)
                if found is None:
                    break
                flagged.update(found)
            else:
                positions = sorted(flagged)
        origins = merged.origins[name]
        for index in positions:
            record = records[index]
            findings = [found for rule in rules for found in rule.check(record, context)]
            if findings:
                label, at = origins[record.id]
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
    return merged, Context(ids)


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
    dates = dict(
        zip(map(RECORD_ID, by_id), map(parsed.__getitem__, map(EVENT_DATE, by_id)), strict=True)
    )
    ended = list(filter(EVENT_END, by_id))
    ends = dict(
        zip(map(RECORD_ID, ended), map(parsed.__getitem__, map(EVENT_END, ended)), strict=True)
    )
    # Then by date, stably (so by id within a date), with C-level keys.
    keys = [date.sort_key for date in map(dates.__getitem__, map(RECORD_ID, by_id))]
    events = list(map(by_id.__getitem__, sorted(range(len(by_id)), key=keys.__getitem__)))
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
    )
