"""Dates at the precision they are known: a year, a month, a day, or a UTC instant.

A dataset date is ISO 8601 text (``2018``, ``2018-10``, ``2018-10-10``,
``2025-08-01T15:43:00Z``). Its precision is part of its value: ``2018`` covers the
whole year, so it overlaps any range that touches 2018, and it sorts before
``2018-01-01``. No I/O here; dateutil is imported only to read what a user types.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import IntEnum
from functools import lru_cache

import msgspec

from spacetalks.dataset.problems import quoted

DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?Z)?)?)?$"
DATE_EXAMPLES = ("2018", "2018-10", "2018-10-10", "2025-08-01T15:43:00Z")
USER_DATE_EXAMPLES = (
    "2018",
    "Oct 2018",
    "2025-07-31",
    "31 July 2025",
    "today",
    "30 days ago",
    "last month",
    "2025-Q3",
    "2025-W31",
)

MAX_USER_DATE_LENGTH = 100
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_DATE_PARTS = re.compile(
    r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2})(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?Z)?)?)?"
)


class Precision(IntEnum):
    """How much of a date is known; coarser sorts first."""

    YEAR = 1
    MONTH = 2
    DAY = 3
    TIME = 4

    @property
    def label(self) -> str:
        return _PRECISION_LABELS[self]


_PRECISION_LABELS = {precision: precision.name.lower() for precision in Precision}


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


class InvalidDateError(ValueError):
    """A date text that is not a real date at any precision."""


class PartialDate(msgspec.Struct, frozen=True):
    """A date as far as it is known, with the span of days it covers."""

    text: str
    precision: Precision
    first_day: int
    """Proleptic Gregorian ordinal of the first day the date covers."""
    last_day: int
    """Ordinal of the last day it covers (the same day for day and time precision)."""
    seconds: int = 0
    """Seconds after midnight UTC, for time precision."""
    sort_key: int = 0
    """Orders dates by first day, then coarser precision first, then time of day."""

    @property
    def start(self) -> dt.date:
        return dt.date.fromordinal(self.first_day)

    @property
    def end(self) -> dt.date:
        return dt.date.fromordinal(self.last_day)

    @property
    def is_approximate(self) -> bool:
        """True when the date names a month or a year rather than a day."""
        return self.precision < Precision.DAY

    def start_datetime(self) -> dt.datetime:
        start = self.start
        return dt.datetime(start.year, start.month, start.day) + dt.timedelta(seconds=self.seconds)


def partial_date(
    text: str, precision: Precision, first_day: int, last_day: int, seconds: int = 0
) -> PartialDate:
    """A PartialDate with its sort key."""
    return PartialDate(
        text, precision, first_day, last_day, seconds, sort_key_of(first_day, precision, seconds)
    )


def sort_key_of(first_day: int, precision: int, seconds: int) -> int:
    """Orders dates by first day, then coarser precision first, then time of day."""
    return (first_day * 10 + precision) * 100_000 + seconds


DAY_LENGTH = len("2018-10-10")


@lru_cache(maxsize=65536)
def parse_date(text: str) -> PartialDate:
    """Read a dataset date; raise InvalidDateError saying what is wrong with it."""
    if (
        isinstance(text, str)
        and len(text) == DAY_LENGTH
        and text[4] == text[7] == "-"
        and text.isascii()
    ):
        # The commonest form, read in C: fromisoformat takes exactly four, two and two
        # ASCII digits here, and refuses what is not a day of the calendar (which the
        # reading below then says what is wrong with).
        try:
            ordinal = dt.date.fromisoformat(text).toordinal()
        except ValueError:
            pass
        else:
            return partial_date(text, Precision.DAY, ordinal, ordinal)
    return read_date_parts(text)


def read_date_parts(text: str) -> PartialDate:
    """parse_date's reading of every form, part by part (see parse_date)."""
    match = _DATE_PARTS.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise InvalidDateError(
            f"{quoted(text)} is not a date; expected one of the forms {', '.join(DATE_EXAMPLES)}"
        )
    year_text, month_text, day_text, hour_text, minute_text, second_text = match.groups()
    year = int(year_text)
    if year < 1:
        raise InvalidDateError(f"{quoted(text)} has year 0000; years start at 0001")
    if month_text is None:
        first = dt.date(year, 1, 1)
        return partial_date(
            text, Precision.YEAR, first.toordinal(), dt.date(year, 12, 31).toordinal()
        )
    month = int(month_text)
    if not 1 <= month <= 12:
        raise InvalidDateError(f"{quoted(text)} has month {month_text}; months run 01 to 12")
    if day_text is None:
        days_in_month = _days_in_month(year, month)
        return partial_date(
            text,
            Precision.MONTH,
            dt.date(year, month, 1).toordinal(),
            dt.date(year, month, days_in_month).toordinal(),
        )
    day = int(day_text)
    days_in_month = _days_in_month(year, month)
    if not 1 <= day <= days_in_month:
        raise InvalidDateError(
            f"{quoted(text)} is not a day of the calendar: {MONTH_NAMES[month - 1]} {year} "
            f"has {days_in_month} days"
        )
    ordinal = dt.date(year, month, day).toordinal()
    if hour_text is None:
        return partial_date(text, Precision.DAY, ordinal, ordinal)
    hour, minute = int(hour_text), int(minute_text)
    second = int(second_text) if second_text is not None else 0
    if hour > 23 or minute > 59 or second > 59:
        raise InvalidDateError(f"{quoted(text)} is not a time of day (hours 00-23, minutes 00-59)")
    return partial_date(text, Precision.TIME, ordinal, ordinal, hour * 3600 + minute * 60 + second)


def parse_user_date(text: str, today: dt.date | None = None) -> PartialDate:
    """Read a date as a person types it ("2018", "Oct 2018", "31 July 2025", "today").

    The precision is what was written: "2018" is the year, "Aug 2025" the month, and a
    date with a time of day is that instant in UTC (an offset is converted; a time
    without one is taken as UTC). A month, or a day and month, without a year take
    the current year. Fragments that dateutil would complete from today are refused:
    a bare number other than a four-digit year (5, -1, 99), a day without its month
    (12th, "3rd of"), a time without its day (10:00, 5pm), a weekday without its day
    (Monday).
    """
    today = today or dt.date.today()
    cleaned = text.strip()
    if len(cleaned) > MAX_USER_DATE_LENGTH:
        raise InvalidDateError(f"{quoted(text)} is too long to be a date")
    if cleaned.casefold() == "today":
        return parse_date(today.isoformat())
    if _DATE_PARTS.fullmatch(cleaned):
        return parse_date(cleaned)
    if _BARE_NUMBER.fullmatch(cleaned):
        raise InvalidDateError(
            f"{quoted(text)} is a bare number, not a date; write a year with four digits"
        )
    from dateutil import parser as dateutil_parser  # noqa: PLC0415 (only a date a person typed)

    # Parse twice with defaults that differ in every field: a field that comes out
    # the same both times was written, which tells the precision.
    try:
        first = dateutil_parser.parse(cleaned, default=_DEFAULT_A)
        second = dateutil_parser.parse(cleaned, default=_DEFAULT_B)
    except (ValueError, OverflowError, TypeError) as error:
        raise InvalidDateError(f"cannot read {quoted(text)} as a date") from error
    year = first.year if first.year == second.year else None
    month = first.month if first.month == second.month else None
    day = first.day if first.day == second.day else None
    timed = first.hour == second.hour or first.minute == second.minute
    if day is None and _names_a_weekday(cleaned):
        raise InvalidDateError(f"{quoted(text)} is a weekday, not a date; give the day")
    if day is not None and month is None:
        raise InvalidDateError(
            f"{quoted(text)} is a day of the month without its month; add the month and year"
        )
    if timed and day is None:
        raise InvalidDateError(f"{quoted(text)} is a time of day without its date")
    if year is None and month is None:
        raise InvalidDateError(f"cannot read {quoted(text)} as a date")
    year = year if year is not None else today.year
    if month is None:
        return parse_date(f"{year:04d}")
    if day is None:
        return parse_date(f"{year:04d}-{month:02d}")
    if timed:
        return _instant(first, text)
    return parse_date(f"{year:04d}-{month:02d}-{day:02d}")


_BARE_NUMBER = re.compile(r"[+-]?[0-9]+")
_DEFAULT_A = dt.datetime(2000, 1, 1, 0, 0, 0)
_DEFAULT_B = dt.datetime(2004, 12, 20, 13, 37, 42)
"""A Monday, so that a weekday alone lands on different days from the two defaults."""


def _names_a_weekday(text: str) -> bool:
    from dateutil.parser import parserinfo  # noqa: PLC0415 (only a date a person typed)

    info = parserinfo()
    return any(info.weekday(word) is not None for word in re.findall(r"[^\W\d_]+", text))


def _instant(moment: dt.datetime, text: str) -> PartialDate:
    """A date and time typed by a person, as a UTC instant at minute precision."""
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(dt.UTC)
        except (OverflowError, ValueError) as error:
            raise InvalidDateError(f"{quoted(text)} falls outside the calendar in UTC") from error
    return parse_date(
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
        f"T{moment.hour:02d}:{moment.minute:02d}Z"
    )


class Interval(msgspec.Struct, frozen=True):
    """The time from one date to another, in calendar units and in days."""

    text: str
    days: int
    approximate: bool


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def interval_between(earlier: PartialDate, later: PartialDate) -> Interval:
    """Years, months and days from one date's start to another's (dateutil's relativedelta),
    stated at the coarser precision of the two: against a date known only to the month,
    whole months ("about 1 month", never "about 5 days"); to the year, whole years.

    Marked approximate when either date is known only to the month or year; ``days``
    counts from one date's first day to the other's.
    """
    from dateutil.relativedelta import relativedelta  # noqa: PLC0415 (only a date a person typed)

    coarser = min(earlier.precision, later.precision)
    if coarser < Precision.DAY:
        return _coarse_interval(earlier, later, coarser)
    approximate = earlier.is_approximate or later.is_approximate
    both_timed = earlier.precision == later.precision == Precision.TIME
    start, finish = earlier.start_datetime(), later.start_datetime()
    if not both_timed:
        start, finish = (
            start.replace(hour=0, minute=0, second=0),
            finish.replace(hour=0, minute=0, second=0),
        )
    sign = ""
    if finish < start:
        start, finish, sign = finish, start, "-"
    delta = relativedelta(finish, start)
    parts = [
        _plural(value, unit)
        for value, unit in ((delta.years, "year"), (delta.months, "month"), (delta.days, "day"))
        if value
    ]
    if both_timed and not delta.years and not delta.months:
        parts += [
            _plural(value, unit)
            for value, unit in ((delta.hours, "hour"), (delta.minutes, "minute"))
            if value
        ]
    text = " ".join(parts) if parts else "same day"
    if approximate and parts:
        text = f"about {text}"
    days = (finish.date() - start.date()).days
    return Interval(
        f"{sign}{text}" if sign and parts else text, -days if sign else days, approximate
    )


def _coarse_interval(earlier: PartialDate, later: PartialDate, precision: Precision) -> Interval:
    """The time between two dates in the whole months (or years) they are known to."""
    start, finish = earlier.start, later.start
    months = (finish.year - start.year) * 12 + finish.month - start.month
    if precision is Precision.YEAR:
        months = (finish.year - start.year) * 12
    years, rest = divmod(abs(months), 12)
    parts = [_plural(value, unit) for value, unit in ((years, "year"), (rest, "month")) if value]
    same = "same year" if precision is Precision.YEAR else "same month"
    text = f"{'-' if months < 0 else ''}about {' '.join(parts)}" if parts else same
    return Interval(text, (finish - start).days, True)
