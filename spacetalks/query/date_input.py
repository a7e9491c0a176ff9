"""Dates as people type them into a date option, beyond what dateutil reads: relative
dates (``yesterday``, ``30 days ago``, ``last month``), periods (``2025-Q3``,
``2025-W31``, ``2025-H2``), and all-numeric dates whose day and month could be swapped
(``01/08/2025``), which are refused unless the order is given. No I/O: the order comes
from the caller (the command line reads SPACETALKS_DATE_ORDER)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from spacetalks.dataset.dates import (
    MONTH_NAMES,
    InvalidDateError,
    PartialDate,
    Precision,
    parse_date,
    parse_user_date,
    partial_date,
)
from spacetalks.dataset.problems import quoted

DateOrder = Literal["dmy", "mdy"]
DATE_ORDERS: tuple[DateOrder, ...] = ("dmy", "mdy")

_UNITS = "day|week|month|quarter|year"
_AGO = re.compile(rf"([0-9]+) ({_UNITS})s? ago")
_NAMED = re.compile(rf"(last|this|next) ({_UNITS[4:]})")  # not "last day"
_QUARTER = re.compile(r"([0-9]{4})-?Q([1-4])")
_HALF = re.compile(r"([0-9]{4})-?H([12])")
_WEEK = re.compile(r"([0-9]{4})-?W([0-9]{1,2})")
_NUMERIC = re.compile(r"([0-9]{1,2})([./-])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})")
_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_STEP = {"last": -1, "this": 0, "next": 1}


def read_typed_date(text: str, today: dt.date, order: DateOrder | None = None) -> PartialDate:
    """A date typed into a date option, at the precision written: what
    ``dates.parse_user_date`` reads, and also relative dates, periods, and numeric dates
    read in the given order. Raises InvalidDateError saying what is wrong."""
    cleaned = " ".join(text.split()).casefold()
    found = _relative(cleaned, today) or _period(text.strip(), cleaned.upper())
    if found is not None:
        return found
    numeric = _NUMERIC.fullmatch(cleaned)
    if numeric is not None:
        return _numeric(text, numeric, today, order)
    return parse_user_date(text, today)


def _relative(text: str, today: dt.date) -> PartialDate | None:
    if text in _DAYS:
        return _day(today + dt.timedelta(days=_DAYS[text]))
    ago = _AGO.fullmatch(text)
    if ago is not None:
        return _moved(today, ago.group(2), -int(ago.group(1)))
    named = _NAMED.fullmatch(text)
    if named is not None:
        return _moved(today, named.group(2), _STEP[named.group(1)])
    return None


def _moved(today: dt.date, unit: str, count: int) -> PartialDate:
    """The day, week, month, quarter or year ``count`` of them from today's, at that
    precision (``30 days ago`` a day, ``last month`` a month)."""
    try:
        if unit == "day":
            return _day(today + dt.timedelta(days=count))
        if unit == "week":
            return _week_of(today + dt.timedelta(weeks=count))
        if unit == "year":
            return parse_date(f"{today.year + count:04d}")
        months = today.year * 12 + today.month - 1 + count * (3 if unit == "quarter" else 1)
        year, month = divmod(months, 12)
        if unit == "quarter":
            return _quarter(year, month // 3 + 1)
        return parse_date(f"{year:04d}-{month + 1:02d}")
    except (OverflowError, ValueError) as error:
        raise InvalidDateError(f"{count} {unit}s from today falls outside the calendar") from error


def _period(text: str, folded: str) -> PartialDate | None:
    """A quarter, a half year or an ISO week; ``folded`` is the text in capitals."""
    quarter = _QUARTER.fullmatch(folded)
    if quarter is not None:
        return _quarter(int(quarter.group(1)), int(quarter.group(2)))
    half = _HALF.fullmatch(folded)
    if half is not None:
        year, number = int(half.group(1)), int(half.group(2))
        if year < 1:
            raise InvalidDateError(f"{quoted(text)} has year 0000; years start at 0001")
        return _span(f"{year:04d}-H{number}", dt.date(year, 6 * number - 5, 1), 6)
    week = _WEEK.fullmatch(folded)
    if week is not None:
        year, number = int(week.group(1)), int(week.group(2))
        try:
            monday = dt.date.fromisocalendar(year, number, 1)
        except ValueError as error:
            weeks = dt.date(year, 12, 28).isocalendar().week if year >= 1 else 52
            raise InvalidDateError(
                f"{quoted(text)} is not a week of {year}: its ISO weeks run 1 to {weeks}"
            ) from error
        return _week_of(monday)
    return None


def _day(day: dt.date) -> PartialDate:
    return parse_date(day.isoformat())


def _quarter(year: int, number: int) -> PartialDate:
    if year < 1:
        raise InvalidDateError(f"'{year:04d}-Q{number}' has year 0000; years start at 0001")
    return _span(f"{year:04d}-Q{number}", dt.date(year, 3 * number - 2, 1), 3)


LAST_DAY = dt.date.max.toordinal()
"""31 December 9999: a period that ends after it cannot be told (exit 2, not 70)."""


def _past_the_calendar(text: str) -> InvalidDateError:
    return InvalidDateError(
        f"'{text}' ends after 31 December 9999, the last day spacetalks can read"
    )


def _span(text: str, first: dt.date, months: int) -> PartialDate:
    """A period of whole months from its first day (a quarter, a half year)."""
    end_month = first.month + months
    if first.year == dt.MAXYEAR and end_month > 12:
        last = dt.date.max
    else:
        after = dt.date(first.year + (end_month > 12), (end_month - 1) % 12 + 1, 1)
        last = after - dt.timedelta(days=1)
    return partial_date(text, Precision.MONTH, first.toordinal(), last.toordinal())


def _week_of(day: dt.date) -> PartialDate:
    """The ISO week (Monday to Sunday) that holds a day."""
    year, week, weekday = day.isocalendar()
    monday = day - dt.timedelta(days=weekday - 1)
    first = monday.toordinal()
    text = f"{year:04d}-W{week:02d}"
    if first + 6 > LAST_DAY:
        raise _past_the_calendar(text)
    return partial_date(text, Precision.DAY, first, first + 6)


def _numeric(
    text: str, match: re.Match[str], today: dt.date, order: DateOrder | None
) -> PartialDate:
    """``01/08/2025``: the day and month as the order says; refused when both could be
    either and no order is given."""
    first, second = int(match.group(1)), int(match.group(3))
    year_text = match.group(4)
    year = int(year_text) if len(year_text) == 4 else _century(int(year_text), today)
    if first <= 12 and second <= 12 and first != second and order is None:
        day_first = _day_text(year, second, first)
        month_first = _day_text(year, first, second)
        raise InvalidDateError(
            f"{quoted(text)} could be {day_first} (day first) or {month_first} (month "
            f"first): write {year:04d}-{second:02d}-{first:02d} or "
            f"{year:04d}-{first:02d}-{second:02d}, or set SPACETALKS_DATE_ORDER to dmy "
            "or mdy"
        )
    if first > 12 or (order == "dmy" and second <= 12):
        day, month = first, second
    else:
        month, day = first, second
    return parse_date(f"{year:04d}-{month:02d}-{day:02d}")


def _century(year: int, today: dt.date) -> int:
    """A two-digit year as dateutil reads it: within 50 years of today's."""
    candidate = today.year // 100 * 100 + year
    if candidate > today.year + 50:
        return candidate - 100
    return candidate + 100 if candidate < today.year - 49 else candidate


def _day_text(year: int, month: int, day: int) -> str:
    return f"{day} {MONTH_NAMES[month - 1]} {year}"
