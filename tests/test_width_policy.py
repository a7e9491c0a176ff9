"""The width policy of every table, and what human views show: names, not slugs; dates
as people write them; links; titles cut with an ellipsis."""

from __future__ import annotations

import re

import pytest
from conftest import Invoke
from terminal import clean_environment, run_on_terminal

from spacetalks.answers.contract import Column
from spacetalks.output.cells import date_for_people
from spacetalks.output.terminal.table import TableColumn, plan_columns


def columns(*policies: Column) -> list[TableColumn]:
    return [TableColumn(f"c{index}", policy) for index, policy in enumerate(policies)]


def test_columns_keep_their_minimum_and_share_the_rest() -> None:
    table = columns(Column(minimum=10, priority=1), Column(minimum=10, priority=2))
    plan = plan_columns(table, [40, 40], [8, 8], 51, may_drop=True)
    assert plan.kept == (0, 1)
    assert sum(plan.widths) == 51 - 2  # two spaces between the columns: a  b
    assert min(plan.widths) >= 10
    assert plan.widths[0] > plan.widths[1]  # the more important column gets more


def test_a_words_column_is_as_wide_as_its_longest_word() -> None:
    table = columns(Column(minimum=5, priority=1), Column(minimum=5, priority=1))
    plan = plan_columns(table, [30, 30], [14, 3], 30, may_drop=True)
    assert plan.widths[0] >= 14


def test_the_least_important_columns_are_left_out_when_too_narrow() -> None:
    table = columns(
        Column(minimum=10, priority=1),
        Column(minimum=10, priority=5),
        Column(minimum=10, priority=3),
        Column(minimum=10, priority=5),
    )
    plan = plan_columns(table, [20, 20, 20, 20], [5, 5, 5, 5], 33, may_drop=True)
    assert plan.kept == (0, 2)
    assert plan.dropped == (1, 3)
    chosen = plan_columns(table, [20, 20, 20, 20], [5, 5, 5, 5], 33, may_drop=False)
    assert chosen.kept == (0, 1, 2, 3)  # the reader chose them: all are kept


def test_one_line_columns_get_their_whole_width() -> None:
    table = columns(Column(wrap="never", priority=2), Column(minimum=10, priority=1))
    plan = plan_columns(table, [12, 50], [12, 8], 40, may_drop=True)
    assert plan.widths[0] == 12


def test_a_footnote_mark_stays_beside_its_word_where_there_is_room() -> None:
    table = columns(Column(minimum=10, priority=1), Column(minimum=10, priority=2))
    # column 0: words of 10 ("2025-07-31"), 14 with its mark ("2025-07-31 [3]")
    roomy = plan_columns(table, [20, 60], [10, 8], 28, may_drop=True, marked=[14, 8])
    assert roomy.widths[0] >= 14
    unmarked = plan_columns(table, [20, 60], [10, 8], 28, may_drop=True, marked=[10, 8])
    assert unmarked.widths[0] < 14  # no mark: the room is shared as before
    tight = plan_columns(table, [14, 60], [10, 8], 25, may_drop=True, marked=[14, 8])
    assert tight.kept == (0, 1)  # a mark never costs a column


def test_a_disputed_date_keeps_its_mark_on_its_line_at_80_columns() -> None:
    run = run_on_terminal("--no-pager", "--no-color", "timeline", "--on", "2025-07-31", columns=80)
    assert run.exit_code == 0
    marked = [line for line in run.screen.splitlines() if re.search(r"2025-07-31 \[\d+\]", line)]
    assert marked, run.screen


@pytest.mark.parametrize(
    ("iso", "shown"),
    [
        ("2018", "2018"),
        ("2018-10", "Oct 2018"),
        ("2018-10-10", "2018-10-10"),
        ("2025-08-01T15:43:00Z", "2025-08-01 15:43 UTC"),
        ("2025-08-01T15:43Z", "2025-08-01 15:43 UTC"),
        ("not a date", "not a date"),
    ],
)
def test_dates_for_people(iso: str, shown: str) -> None:
    assert date_for_people(iso) == shown


def words(text: str) -> str:
    return " ".join(re.sub(r"[│┃┏┓┗┛┡┩━─┳┻╇╋┼└┘┌┐├┤┬┴╭╮╰╯]", " ", text).split())


def test_human_views_show_dates_as_people_write_them_and_machines_keep_iso(
    invoke: Invoke,
) -> None:
    table = invoke("timeline", "-f", "table", "--on", "2025-08-01", env={"COLUMNS": "200"})
    assert "2025-08-01 15:43 UTC" in words(table.stdout)
    plain = invoke("timeline", "--on", "2025-08-01").stdout
    assert "2025-08-01T15:43:00Z" in plain
    assert "UTC" not in plain
    assert "born Oct 1985" in words(invoke("who", "Bakanov", "-f", "table").stdout)
    assert "(day)" not in invoke("show", "Bakanov and Duffy", "-f", "table").stdout


def test_names_not_slugs(invoke: Invoke) -> None:
    people = words(invoke("people", "-f", "table", env={"COLUMNS": "120"}).stdout)
    assert "Roscosmos" in people
    assert "russian-government" not in people
    orgs = words(invoke("orgs", "-f", "table", env={"COLUMNS": "160"}).stdout)
    assert "Dmitry Bakanov" in orgs
    assert "dmitry-bakanov" not in orgs
    topics = words(invoke("topics", "-f", "table", env={"COLUMNS": "120"}).stdout)
    assert "Bakanov" in topics
    assert "dmitry-bakanov" not in topics
    profile = invoke("who", "Bakanov", "-f", "table", env={"COLUMNS": "120"}).stdout
    assert "src-" not in profile
    assert "TASS" in profile
    assert invoke("people", "--json").json()[0]["organization"]  # JSON keeps the ids


def test_a_narrow_table_says_which_columns_it_left_out(invoke: Invoke) -> None:
    narrow = invoke("timeline", "-f", "table", "--on", "2025-07-31", env={"COLUMNS": "60"})
    note = next(line for line in narrow.lines() if line.startswith("Not shown at this width:"))
    assert "place" in note
    assert "--fields" in note
    chosen = invoke(
        "timeline",
        "-f",
        "table",
        "--on",
        "2025-07-31",
        "--fields",
        "date,kind,status,title,place",
        env={"COLUMNS": "60"},
    )
    assert "Not shown" not in chosen.stdout
    assert "Kennedy" in chosen.stdout


def test_ids_are_shown_whole_or_not_at_all(invoke: Invoke) -> None:
    for columns in ("100", "200"):
        table = invoke("sources", "-f", "table", env={"COLUMNS": columns}).stdout
        assert not re.search(r"src-[a-z0-9-]+…", table)
    wide = invoke("sources", "-f", "table", env={"COLUMNS": "200"}).stdout
    assert "src-reuters-2025-07-29-bakanov-arrives" in wide
    assert "src-reuters-2025-07-29-bakanov-arrives" in invoke("sources").stdout


def test_show_has_the_whole_title_in_its_body_at_every_width(invoke: Invoke) -> None:
    title = (
        "Bakanov and Duffy hold the first in-person NASA\u2013Roscosmos heads meeting since 2018"
    )
    for columns in ("60", "80", "120", "200"):
        shown = invoke("show", "bakanov-duffy", "-f", "table", env={"COLUMNS": columns}).lines()
        assert "bakanov-duffy" in shown[0]
        assert "…" not in shown[0]
        assert len(shown[0]) <= int(columns)
        assert title in words("\n".join(shown))


def test_source_titles_link_to_their_address_on_a_terminal() -> None:
    run = run_on_terminal("sources", columns=200, env=clean_environment(TERM="xterm-256color"))
    assert "\x1b]8;" in run.screen
    assert "https://tass.com/" in run.screen
    plain = run_on_terminal("--no-color", "sources", columns=200)
    assert "\x1b]8;" not in plain.screen
