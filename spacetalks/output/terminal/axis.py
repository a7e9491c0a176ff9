"""The layout of a vertical time axis: one line a month, events on their month's line,
long empty stretches folded into one break. Pure: the chart module draws it.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

import msgspec

from spacetalks.dataset.model import Dataset, Event

FOLD_AFTER_MONTHS = 12
"""Empty stretches at least this long become one break line stating their length."""
CROWDED_YEAR = 4
"""Years with at least this many events label their months."""
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class LineKind(Enum):
    EVENT = "event"
    EMPTY = "empty"
    BREAK = "break"


class AxisLine(msgspec.Struct, frozen=True):
    kind: LineKind
    label: str
    """The gutter: a year on the first line of a year, a month name in crowded years."""
    starts_year: bool = False
    event: Event | None = None
    text: str = ""
    """For a break: how long the folded stretch is."""


def month_index(dataset: Dataset, event: Event) -> int:
    start = dataset.event_dates[event.id].start
    return start.year * 12 + start.month - 1


def describe_months(count: int) -> str:
    years, months = divmod(count, 12)
    parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
    parts += [f"{months} month{'s' if months != 1 else ''}"] if months else []
    return " ".join(parts)


def lay_out_axis(
    dataset: Dataset, events: Sequence[Event], fold_after: int = FOLD_AFTER_MONTHS
) -> list[AxisLine]:
    """Lines from the first event's month to the last's, oldest first."""
    if not events:
        return []
    by_month: dict[int, list[Event]] = {}
    for event in sorted(events, key=lambda event: dataset.event_dates[event.id].sort_key):
        by_month.setdefault(month_index(dataset, event), []).append(event)
    per_year: dict[int, int] = {}
    for month, month_events in by_month.items():
        per_year[month // 12] = per_year.get(month // 12, 0) + len(month_events)

    lines: list[AxisLine] = []
    labelled_year: int | None = None

    def gutter(month: int) -> tuple[str, bool]:
        nonlocal labelled_year
        year = month // 12
        if year != labelled_year:
            labelled_year = year
            return f"{year:04d}", True
        if per_year.get(year, 0) >= CROWDED_YEAR and month in by_month:
            return MONTH_NAMES[month % 12], False
        return "", False

    months = sorted(by_month)
    for position, month in enumerate(months):
        for number, event in enumerate(by_month[month]):
            label, starts_year = gutter(month) if number == 0 else ("", False)
            lines.append(AxisLine(LineKind.EVENT, label, starts_year, event))
        if position + 1 == len(months):
            break
        empty = months[position + 1] - month - 1
        if empty >= fold_after:
            lines.append(AxisLine(LineKind.BREAK, "", text=describe_months(empty)))
        else:
            for offset in range(1, empty + 1):
                label, starts_year = gutter(month + offset)
                lines.append(AxisLine(LineKind.EMPTY, label, starts_year))
    return lines
