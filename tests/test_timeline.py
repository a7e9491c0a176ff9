"""spacetalks timeline: order, filters, name matching, gaps, through the CLI runner."""

from __future__ import annotations

import pytest
from conftest import Invoke


def ids(result_json: object) -> list[str]:
    assert isinstance(result_json, list)
    return [row["id"] for row in result_json]


def timeline_ids(invoke: Invoke, small: list[str], *args: str) -> list[str]:
    result = invoke(*small, "timeline", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return ids(result.json())


def test_events_in_date_order_with_coarser_precision_first(
    invoke: Invoke, small: list[str]
) -> None:
    assert timeline_ids(invoke, small) == [
        "y2018",
        "m2018-10",
        "d2018-10-10",
        "d2018-10-10b",
        "span",
        "d2025-07-31",
        "t2025-08-01",
    ]


def test_reverse_puts_newest_first(invoke: Invoke, small: list[str]) -> None:
    assert timeline_ids(invoke, small, "--reverse")[:2] == ["t2025-08-01", "d2025-07-31"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # --until 2018 runs through 31 December 2018.
        (["--until", "2018"], ["y2018", "m2018-10", "d2018-10-10", "d2018-10-10b"]),
        # A month-precision --since starts on its first day; 2018 (the year) still overlaps.
        (
            ["--since", "Oct 2018", "--until", "Oct 2018"],
            ["y2018", "m2018-10", "d2018-10-10", "d2018-10-10b"],
        ),
        (["--since", "2018-10-11", "--until", "2018-12-31"], ["y2018", "m2018-10"]),
        (["--since", "Aug 2025"], ["t2025-08-01"]),
        (["--since", "31 July 2025"], ["d2025-07-31", "t2025-08-01"]),
        (["--on", "2018-10-10"], ["y2018", "m2018-10", "d2018-10-10", "d2018-10-10b"]),
        # An event with an end covers every day up to it.
        (["--on", "2025-01-01"], ["span"]),
        (["--on", "2024-12-31", "--on", "2025-08-01"], ["span", "t2025-08-01"]),
        (["--since", "2025-01-02", "--until", "2025-01-02"], ["span"]),
    ],
)
def test_date_filters_respect_precision(
    invoke: Invoke, small: list[str], args: list[str], expected: list[str]
) -> None:
    assert timeline_ids(invoke, small, *args) == expected


def test_since_after_until_is_empty_and_explained(invoke: Invoke, small: list[str]) -> None:
    result = invoke(*small, "timeline", "--json", "--since", "2025", "--until", "2018")
    assert result.exit_code == 0
    assert result.json() == []
    assert "after --until" in result.stderr


@pytest.mark.parametrize("bad", ["garbage", "2025-02-30", "2025-13", "31 Febtember"])
def test_unreadable_date_is_a_usage_error_that_quotes_it(
    invoke: Invoke, small: list[str], bad: str
) -> None:
    result = invoke(*small, "timeline", "--since", bad)
    assert result.exit_code == 2
    assert bad in result.stderr
    assert "Oct 2018" in result.stderr  # shows examples
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--person", "anna-petrova"], ["y2018", "d2018-10-10"]),
        (["--person", "PETROVA"], ["y2018", "d2018-10-10"]),
        (["--person", "Петрова"], ["y2018", "d2018-10-10"]),
        (["--person", "a. petrova"], ["y2018", "d2018-10-10"]),
        (["--person", "jose nunez"], ["d2018-10-10", "d2025-07-31"]),
        (["--person", "Pepe"], ["d2018-10-10", "d2025-07-31"]),
        (["--person", "nún"], ["d2018-10-10", "d2025-07-31"]),
        (["--person", "Anna", "--person", "John Smith"], ["y2018", "d2018-10-10", "d2018-10-10b"]),
        (["--org", "AX"], ["m2018-10", "d2018-10-10"]),
        (["--org", "agency y"], ["d2018-10-10"]),
        (["--org", "Агентство"], ["d2018-10-10"]),
        (["--topic", "moon"], ["y2018", "span"]),
        (["--topic", "station", "--person", "Anna"], ["d2018-10-10"]),
        (["--kind", "launch"], ["d2018-10-10b", "t2025-08-01"]),
        (["--kind", "launch", "--kind", "plan"], ["y2018", "d2018-10-10b", "t2025-08-01"]),
        (["--status", "scrubbed"], ["d2025-07-31"]),
        (["--status", "planned", "--until", "2020"], ["m2018-10"]),
        (["--limit", "2"], ["y2018", "m2018-10"]),
        (["--limit", "2", "--reverse"], ["t2025-08-01", "d2025-07-31"]),
        (["--limit", "0"], []),
    ],
)
def test_filters_combine(
    invoke: Invoke, small: list[str], args: list[str], expected: list[str]
) -> None:
    assert timeline_ids(invoke, small, *args) == expected


def test_ambiguous_name_lists_candidates(invoke: Invoke, small: list[str]) -> None:
    result = invoke(*small, "timeline", "--person", "john")
    assert result.exit_code == 2
    assert "John Smith" in result.stderr
    assert "John Stone" in result.stderr


def test_unknown_name_suggests_the_closest(invoke: Invoke, small: list[str]) -> None:
    result = invoke(*small, "timeline", "--person", "Petrovna")
    assert result.exit_code == 2
    assert "Anna Petrova" in result.stderr


@pytest.mark.parametrize("option", ["--kind", "--status"])
def test_unknown_kind_or_status_is_a_usage_error(
    invoke: Invoke, small: list[str], option: str
) -> None:
    result = invoke(*small, "timeline", option, "party")
    assert result.exit_code == 2
    assert "party" in result.stderr


def test_negative_limit_is_a_usage_error(invoke: Invoke, small: list[str]) -> None:
    assert invoke(*small, "timeline", "--limit", "-1").exit_code == 2


def test_gaps_between_events(invoke: Invoke, small: list[str]) -> None:
    result = invoke(*small, "timeline", "--json", "--gaps", "--fields", "id,gap,gap_days")
    rows = result.json()
    assert isinstance(rows, list)
    gaps = {row["id"]: (row["gap"], row["gap_days"]) for row in rows}
    assert gaps["y2018"] == (None, None)
    # From a year to a month: stated in years, the coarser precision ("2018" may be October).
    assert gaps["m2018-10"] == ("same year", 273)
    assert gaps["d2018-10-10"] == ("same month", 9)  # from a month to a day: in months
    assert gaps["d2018-10-10b"] == ("same day", 0)
    assert gaps["span"] == ("6 years 2 months 20 days", 2273)
    assert gaps["t2025-08-01"] == ("1 day", 1)


def test_gaps_between_the_two_heads_meetings(invoke: Invoke) -> None:
    result = invoke(
        "timeline",
        "--json",
        "--gaps",
        "--kind",
        "meeting",
        "--person",
        "Bakanov",
        "--person",
        "Bridenstine",
        "--fields",
        "date,gap",
    )
    rows = result.json()
    assert isinstance(rows, list)
    dates = [row["date"] for row in rows]
    assert "2018-10-10" in dates
    assert "2025-07-31" in dates
    talks = next(row for row in rows if row["date"] == "2025-07-31")
    assert talks["gap"]  # measured from the meeting before it


def test_bundled_timeline_answers_the_article(invoke: Invoke) -> None:
    rows = invoke("timeline", "--json", "--since", "2018", "--person", "Bakanov").json()
    assert isinstance(rows, list)
    talks = [row for row in rows if row["kind"] == "meeting" and row["date"] == "2025-07-31"]
    assert len(talks) == 1
    (meeting,) = talks
    assert {"dmitry-bakanov", "sean-duffy"} <= set(meeting["people"])
    disputed = {dispute["field"]: dispute for dispute in meeting["disputes"]}
    values = {alt["value"] for alt in disputed["place"]["alternatives"]}
    assert any("Houston" in value for value in values)
    assert any("Kennedy" in value for value in values)
