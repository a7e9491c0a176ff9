"""Dates with precision: parsing, ordering, overlap and intervals (with hypothesis)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spacetalks.dataset.dates import (
    InvalidDateError,
    PartialDate,
    Precision,
    interval_between,
    parse_date,
    parse_user_date,
    read_date_parts,
)


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2018", Precision.YEAR, dt.date(2018, 1, 1), dt.date(2018, 12, 31)),
        ("2024-02", Precision.MONTH, dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2018-10-10", Precision.DAY, dt.date(2018, 10, 10), dt.date(2018, 10, 10)),
        ("2025-08-01T15:43:00Z", Precision.TIME, dt.date(2025, 8, 1), dt.date(2025, 8, 1)),
        ("2025-08-01T15:43Z", Precision.TIME, dt.date(2025, 8, 1), dt.date(2025, 8, 1)),
    ],
)
def test_dataset_dates_keep_their_precision(
    text: str, precision: Precision, first: dt.date, last: dt.date
) -> None:
    date = parse_date(text)
    assert (date.text, date.precision, date.start, date.end) == (text, precision, first, last)


@pytest.mark.parametrize(
    "text",
    [
        "2025-02-30",
        "2023-02-29",
        "0000",
        "2025-13",
        "2025-00",
        "99999-01-01",
        "",
        "2025-1-1",
        "2025-08-01T24:00:00Z",
        "2025-08-01T15:43:00",
        "July 2025",
    ],
)
def test_impossible_dataset_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidDateError):
        parse_date(text)


def test_coarser_precision_sorts_first_on_the_same_start() -> None:
    texts = ["2018-10-10", "2018-10", "2018", "2018-10-10T08:40:00Z", "2018-10-01", "2018-01-01"]
    ordered = sorted(texts, key=lambda text: parse_date(text).sort_key)
    assert ordered == [
        "2018",
        "2018-01-01",
        "2018-10",
        "2018-10-01",
        "2018-10-10",
        "2018-10-10T08:40:00Z",
    ]


TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("typed", "text"),
    [
        ("2018", "2018"),
        ("Oct 2018", "2018-10"),
        ("october 2018", "2018-10"),
        ("2025-07-31", "2025-07-31"),
        ("31 July 2025", "2025-07-31"),
        ("July 31, 2025", "2025-07-31"),
        ("Aug 2025", "2025-08"),
        ("today", "2026-11-28"),
        (" TODAY ", "2026-11-28"),
        ("31 July", "2026-07-31"),
    ],
)
def test_user_dates_take_the_precision_written(typed: str, text: str) -> None:
    assert parse_user_date(typed, TODAY).text == text


@pytest.mark.parametrize("typed", ["garbage", "", "2025-02-30", "30 February 2025", "tomorrowish"])
def test_unreadable_user_dates_are_refused(typed: str) -> None:
    with pytest.raises(InvalidDateError):
        parse_user_date(typed, TODAY)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("5", "is a bare number, not a date"),
        ("-1", "is a bare number, not a date"),
        ("99", "is a bare number, not a date"),
        ("123", "is a bare number, not a date"),
        ("10:00", "is a time of day without its date"),
        ("5pm", "is a time of day without its date"),
        ("12th", "is a day of the month without its month"),
        ("3rd of", "is a day of the month without its month"),
        ("T10", "is a day of the month without its month"),
        ("Monday", "is a weekday, not a date"),
        ("Monday July", "is a weekday, not a date"),
    ],
)
def test_fragments_dateutil_would_fill_from_today_are_refused(typed: str, reason: str) -> None:
    with pytest.raises(InvalidDateError, match=reason):
        parse_user_date(typed, TODAY)


@pytest.mark.parametrize(
    ("typed", "text"),
    [
        ("2025-07-31T10:00+14:00", "2025-07-30T20:00Z"),
        ("2025-07-31T23:30-05:00", "2025-08-01T04:30Z"),
        ("2025-07-31 10:00", "2025-07-31T10:00Z"),
        ("31 July 2025 10:00 UTC", "2025-07-31T10:00Z"),
        ("Mon 31 July 2025", "2025-07-31"),
        ("Oct", "2026-10"),
    ],
)
def test_a_date_and_time_is_an_instant_in_utc(typed: str, text: str) -> None:
    assert parse_user_date(typed, TODAY).text == text


def test_interval_between_the_heads_meetings() -> None:
    interval = interval_between(parse_date("2018-10-10"), parse_date("2025-07-31"))
    assert interval.text == "6 years 9 months 21 days"
    assert interval.days == 2486
    assert not interval.approximate


def test_interval_is_approximate_when_a_date_is_coarse() -> None:
    interval = interval_between(parse_date("2018-10"), parse_date("2025-07-31"))
    assert interval.approximate
    assert interval.text.startswith("about 6 years 9 months")


def test_interval_between_timed_events_on_one_day() -> None:
    interval = interval_between(
        parse_date("2025-07-31T16:09:00Z"), parse_date("2025-07-31T18:10:00Z")
    )
    assert interval.text == "2 hours 1 minute"
    assert interval.days == 0


days = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))


@st.composite
def dataset_dates(draw: st.DrawFn) -> str:
    day = draw(days)
    precision = draw(st.sampled_from(list(Precision)))
    if precision is Precision.YEAR:
        return f"{day.year:04d}"
    if precision is Precision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    if precision is Precision.DAY:
        return day.isoformat()
    time = draw(st.times()).replace(microsecond=0)
    return f"{day.isoformat()}T{time.isoformat()}Z"


@given(dataset_dates())
def test_every_valid_date_parses_and_covers_itself(text: str) -> None:
    date = parse_date(text)
    assert date.text == text
    assert date.first_day <= date.last_day
    assert date.start.isoformat().startswith(text[:10] if date.precision >= Precision.DAY else text)


@given(dataset_dates(), dataset_dates())
def test_order_agrees_with_spans(first: str, second: str) -> None:
    a, b = parse_date(first), parse_date(second)
    if a.last_day < b.first_day:
        assert a.sort_key < b.sort_key
    # A coarser date that contains a finer one sorts no later than it.
    if a.first_day == b.first_day and a.precision < b.precision:
        assert a.sort_key < b.sort_key


@given(dataset_dates(), days)
def test_user_day_overlap_is_containment(text: str, day: dt.date) -> None:
    date = parse_date(text)
    query = parse_user_date(day.isoformat(), TODAY)
    overlaps = date.first_day <= query.last_day and date.last_day >= query.first_day
    assert overlaps == (date.start <= day <= date.end)


@given(dataset_dates(), dataset_dates())
def test_interval_days_match_the_calendar(first: str, second: str) -> None:
    a, b = sorted((parse_date(first), parse_date(second)), key=lambda date: date.sort_key)
    interval = interval_between(a, b)
    assert interval.days == b.first_day - a.first_day
    assert interval.approximate == (a.is_approximate or b.is_approximate)


def _reading(read: Callable[[str], PartialDate], text: str) -> PartialDate | str:
    try:
        return read(text)
    except InvalidDateError as error:
        return str(error)


@given(
    st.text(alphabet="0123456789-+ WTZ:\u0660\uff11", min_size=10, max_size=10)
    | st.builds(
        "{:04d}-{:02d}-{:02d}".format,
        st.integers(0, 9999),
        st.integers(0, 99),
        st.integers(0, 99),
    )
)
def test_the_quick_reading_of_a_day_agrees_with_the_full_one(text: str) -> None:
    parse_date.cache_clear()
    assert _reading(parse_date, text) == _reading(read_date_parts, text)
