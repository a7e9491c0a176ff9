"""The kinds of rule a record must keep, and what they look at: a record's shape, dates
and their order, references, the items of a field, the field a dispute names.

A rule says what is wrong with one record (``check``), and may also say, over a whole
array at once, which records it could find fault with (``flag``), with plain sets and
a cache of parsed dates; a rule without that bulk form flags every record.
spacetalks.dataset.merge puts them together into the rule table every record goes through.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, repeat
from operator import attrgetter, itemgetter, ne
from typing import Any

import msgspec

from spacetalks.dataset.dates import InvalidDateError, PartialDate, parse_date
from spacetalks.dataset.model import Record
from spacetalks.dataset.problems import Candidates, did_you_mean, quoted

SINGULAR = {
    "sources": "source",
    "organizations": "organization",
    "people": "person",
    "topics": "topic",
    "events": "event",
    "quotes": "quote",
}
FIRST, SECOND = itemgetter(0), itemgetter(1)
Finding = tuple[str, str]
"""What a rule found: the field's path in the record ('' for the record itself), and
what is wrong with it."""


class Context:
    """What rules look at beyond the record: the ids defined, and dates already read."""

    def __init__(
        self, ids: dict[str, frozenset[str]], sources: Mapping[str, Any] | None = None
    ) -> None:
        self.ids = ids
        self.sources: Mapping[str, Any] = sources or {}
        """The source records by id, for rules that read a source's date."""
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
    """A text field must match a pattern: one anchored at both ends (``^...$``), that no
    line break can be part of (a character class without one, as model.ID_PATTERN)."""

    def __init__(self, field: str, pattern: str, what: str, hint: str) -> None:
        self.fields = (field,)
        self.field, self.shape, self.what, self.hint = field, re.compile(pattern), what, hint
        self.value = attrgetter(field)
        line = pattern.removeprefix("^").removesuffix("$")
        self.lines = re.compile(f"(?:{line})(?:\n(?:{line}))*")
        """The values, each on a line of its own, all of the shape."""

    def check(self, record: Any, context: Context) -> Iterator[Finding]:
        value = self.value(record)
        if not self.shape.fullmatch(value):
            yield self.field, f"{quoted(value)} is not {self.what}; {self.hint}"

    def flag(self, records: Sequence[Any], context: Context) -> Iterable[int]:
        values = list(map(self.value, records))
        # Usually every value is well formed, which one match over all of them says at C
        # speed, where none holds a line break of its own (then each is one line).
        lines = "\n".join(values)
        if lines.count("\n") == len(values) - 1 and self.lines.fullmatch(lines):
            return ()
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
            repeated = _any_repeats(values)
        if not unknown and not repeated:
            return ()
        if self.single:
            return [index for index, value in enumerate(values) if value in unknown]
        return [
            index
            for index, ids in enumerate(values)
            if not unknown.isdisjoint(ids) or len(set(ids)) != len(ids)
        ]


def _any_repeats(groups: list[tuple[str, ...]]) -> bool:
    """True when some group holds an id twice. A pair is compared in C; only a longer
    group is made a set (most groups of references hold one or two)."""
    pairs = [group for group in groups if len(group) == 2]
    if pairs and not all(map(ne, map(FIRST, pairs), map(SECOND, pairs))):
        return True
    longer = [group for group in groups if len(group) > 2]
    return list(map(len, longer)) != list(map(len, map(frozenset, longer)))


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


class Evidence(Rule):
    """The sources cited for single fields of a record (its ``evidence``): each names a
    field the record has, once, and cites only sources the record itself cites (or one
    side of a dispute does); a source cited for the status of an event that happened may
    not be dated before the event, since a report written earlier can only tell the plan."""

    def __init__(self, of: type[Record], what: str, not_fields: frozenset[str]) -> None:
        self.fields = ("evidence",)
        self.what, self.noun = what, what.rsplit(maxsplit=1)[-1]
        names = [info.encode_name for info in msgspec.structs.fields(of)]
        self.valid = [name for name in names if name not in not_fields]
        self.valid_set = frozenset(self.valid)
        self.names = Candidates(self.valid, searches=None)

    def check(self, record: Any, context: Context) -> Iterator[Finding]:
        entries = record.evidence
        if not entries:
            return
        cited = set(record.sources)
        for dispute in getattr(record, "disputes", ()):
            for alternative in dispute.alternatives:
                cited.update(alternative.sources)
        seen: set[str] = set()
        for number, entry in enumerate(entries):
            path = f"evidence[{number}]"
            name = entry.field
            if name not in self.valid_set:
                hint = did_you_mean(name, self.names)
                yield f"{path}.field", f"{quoted(name)} is not a field of {self.what}{hint}"
            elif name in seen:
                yield (
                    f"{path}.field",
                    f"{quoted(name)} has evidence listed twice; list its sources in one entry",
                )
            seen.add(name)
            for ref in entry.sources:
                if ref not in cited:
                    yield (
                        f"{path}.sources",
                        f"{quoted(ref)} is not among the sources of this {self.noun}"
                        " or of its disputes; cite it in its sources too",
                    )
            if name == "status" and getattr(record, "status", None) == "happened":
                yield from self._before_event(record, entry.sources, path, context)

    def _before_event(
        self, record: Any, refs: Sequence[str], path: str, context: Context
    ) -> Iterator[Finding]:
        start = context.date(record.date)
        if not isinstance(start, PartialDate):
            return
        for ref in refs:
            source = context.sources.get(ref)
            text = getattr(source, "date", None)
            if text is None:
                continue
            published = context.date(text)
            if isinstance(published, PartialDate) and published.last_day < start.first_day:
                yield (
                    f"{path}.sources",
                    f"{quoted(ref)} is dated {text}, before the event ({record.date}): a report "
                    "written before an event cannot say it happened",
                )

    def flag(self, records: Sequence[Any], context: Context) -> Iterable[int]:
        return [index for index, record in enumerate(records) if record.evidence]
