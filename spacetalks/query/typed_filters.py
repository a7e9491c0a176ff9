"""The timeline filters as a person types them (EventFilters: ``--since 2018 --person
Bakanov``), and the criteria they mean over a dataset (spacetalks.query.selection's
EventFilter): dates read, names resolved to ids, kinds and statuses checked.

The command line declares these filters as ``timeline``'s options (spacetalks.cli.filters),
one for each field of EventFilters; the explorer reads the same words with parse_filters.
A value that cannot be used is a usage error naming its option (SpacetalksError).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from spacetalks.dataset.dates import PartialDate
from spacetalks.dataset.model import KNOWN_KINDS, STATUSES, Dataset, DatasetWindow, DayWindow
from spacetalks.dataset.problems import quoted
from spacetalks.errors import usage_error
from spacetalks.query.arguments import check_values, read_date, resolve_ids
from spacetalks.query.selection import (
    EventFilter,
    organization_index,
    people_index,
    topic_index,
)


class EventFilters(msgspec.Struct, frozen=True):
    """The timeline filters a command was given, as typed."""

    since: str | None = None
    until: str | None = None
    on: list[str] | None = None
    topic: list[str] | None = None
    person: list[str] | None = None
    org: list[str] | None = None
    kind: list[str] | None = None
    status: list[str] | None = None
    min_sources: int = 0
    no_claims: bool = False
    limit: int | None = None
    reverse: bool = False


REPEATED = frozenset({"on", "topic", "person", "org", "kind", "status"})
"""The filters given any number of times (``--kind meeting --kind launch``)."""
FLAGS = frozenset({"no_claims", "reverse"})
"""The filters that take no value."""
COUNTS = frozenset({"min_sources", "limit"})
"""The filters whose value is a whole number, 0 or more."""


def option_name(field: str) -> str:
    """The option that gives a field of EventFilters: ``min_sources`` is ``--min-sources``."""
    return "--" + field.replace("_", "-")


FIELDS_BY_OPTION = {option_name(field): field for field in EventFilters.__struct_fields__}


def parse_filters(arguments: Sequence[str]) -> EventFilters:
    """Timeline filters typed as on the command line (``--since 2018 --person Bakanov``,
    or ``--since=2018``); a word that is no filter, or a value missing or not a count,
    is a usage error."""
    if any(word in ("-h", "--help") for word in arguments):
        raise usage_error("give timeline filters, such as --since 2018 --person Bakanov")
    values: dict[str, Any] = {}
    words = list(arguments)
    while words:
        word = words.pop(0)
        option, equals, value = word.partition("=") if word.startswith("--") else (word, "", "")
        field = FIELDS_BY_OPTION.get(option)
        if field is None:
            if word.startswith("-"):
                raise usage_error(f"No such option: {option}")
            raise usage_error(f"Got unexpected extra argument ({word})")
        if field in FLAGS:
            if equals:
                raise usage_error(f"Option '{option}' does not take a value.")
            values[field] = True
            continue
        if not equals:
            if not words:
                raise usage_error(f"Option '{option}' requires an argument.")
            value = words.pop(0)
        if field in REPEATED:
            values.setdefault(field, []).append(value)
        elif field in COUNTS:
            values[field] = count(value, option)
        else:
            values[field] = value
    return EventFilters(**values)


def count(text: str, option: str) -> int:
    """A whole number of 0 or more, as a filter's value."""
    try:
        number = int(text)
    except ValueError:
        raise usage_error(f"{quoted(text)} is not a valid int range.", option) from None
    if number < 0:
        raise usage_error(f"{number} is not in the range x>=0.", option)
    return number


def filter_arguments(filters: EventFilters) -> list[str]:
    """The command-line arguments that give these filters: parse_filters' inverse."""
    arguments: list[str] = []
    defaults = EventFilters()
    for name in EventFilters.__struct_fields__:
        value = getattr(filters, name)
        if value == getattr(defaults, name):
            continue
        option = option_name(name)
        if isinstance(value, bool):
            arguments.append(option)
        elif isinstance(value, list):
            arguments += [part for item in value for part in (option, item)]
        else:
            arguments += [option, str(value)]
    return arguments


def read_filter_dates(
    filters: EventFilters,
) -> tuple[PartialDate | None, PartialDate | None, tuple[PartialDate, ...]]:
    """The dates of --since, --until and --on; an unreadable one is a usage error."""
    since, until = filters.since, filters.until
    first = read_date(since, "--since") if since is not None else None
    last = read_date(until, "--until") if until is not None else None
    return first, last, tuple(read_date(day, "--on") for day in filters.on or ())


def event_criteria(dataset: Dataset, filters: EventFilters) -> EventFilter:
    """The filters as criteria over a loaded dataset: dates read, names resolved to ids,
    kinds and statuses checked; a bad value is a usage error naming the option."""
    first, last, days = read_filter_dates(filters)
    kinds = (
        dataset.kinds
        if isinstance(dataset, DatasetWindow)
        else {event.kind for event in dataset.events}
    )
    return EventFilter(
        since=first,
        until=last,
        on=days,
        topics=resolve_ids(topic_index, dataset, filters.topic, "--topic"),
        people=resolve_ids(people_index, dataset, filters.person, "--person"),
        organizations=resolve_ids(organization_index, dataset, filters.org, "--org"),
        kinds=check_values(filters.kind, sorted({*KNOWN_KINDS, *kinds}), "--kind"),
        statuses=check_values(filters.status, STATUSES, "--status"),
        min_sources=filters.min_sources,
        no_claims=filters.no_claims,
        limit=filters.limit,
        reverse=filters.reverse,
    )


def day_window(
    since: PartialDate | None, until: PartialDate | None, on: tuple[PartialDate, ...]
) -> DayWindow:
    """The first and last day a chosen event can touch (None for an open end)."""
    starts = [since.first_day] if since else []
    ends = [until.last_day] if until else []
    if on:
        starts.append(min(day.first_day for day in on))
        ends.append(max(day.last_day for day in on))
    return (max(starts) if starts else None, min(ends) if ends else None)
