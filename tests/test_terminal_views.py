"""The installed command's views on real terminals (a pty) of 60 to 200 columns, over
the bundled dataset: no line wider than the terminal, and at 80 columns every word of
the timeline, topics and sources tables whole unless it is wider than its column."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from rich.cells import cell_len
from terminal import clean_environment, run_on_terminal

from spacetalks.answers.contract import Listing
from spacetalks.answers.rows import sources_listing, timeline_listing, topics_listing
from spacetalks.dataset.model import Dataset
from spacetalks.output.cells import OutputOptions
from spacetalks.output.terminal.scanning import table_view
from spacetalks.query.records import citations, summarize_topics
from spacetalks.store.load import data_files, load_dataset

pytestmark = pytest.mark.slow

CONTROL = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")
"""Colours, styles and OSC 8 hyperlinks: they take no column."""
TALKS = "2025-07-31-bakanov-duffy-talks"
VIEWS = [
    ("timeline",),
    ("timeline", "--chart"),
    ("people",),
    ("orgs",),
    ("topics",),
    ("topics", "cross-flights"),
    ("quotes",),
    ("sources",),
    ("search", "Houston"),
    ("who", "Bakanov"),
    ("show", TALKS),
    ("between", "2018-10-10-bridenstine-rogozin-baikonur", TALKS),
    ("why", TALKS),
    ("stats",),
]


def screen_lines(*args: str, columns: int) -> list[str]:
    run = run_on_terminal(
        *args, columns=columns, rows=60, env=clean_environment(TERM="xterm-256color")
    )
    assert run.exit_code == 0, (args, run.stderr)
    return CONTROL.sub("", run.screen).replace("\r", "").splitlines()


@pytest.mark.parametrize("columns", [60, 80, 120, 200])
def test_no_line_is_wider_than_the_terminal(columns: int) -> None:
    for args in VIEWS:
        lines = screen_lines(*args, columns=columns)
        assert lines, args
        too_wide = [line for line in lines if len(line) > columns]
        assert not too_wide, (args, too_wide[:3])


def bundled() -> Dataset:
    return load_dataset(data_files((), include_bundled=True), None)


LISTINGS: dict[str, tuple[tuple[str, ...], Callable[[Dataset], Listing]]] = {
    "timeline": (("timeline",), lambda data: timeline_listing(data, data.events)),
    "topics": (("topics",), lambda data: topics_listing(data, summarize_topics(data))),
    "sources": (("sources",), lambda data: sources_listing(data, citations(data))),
}


def column_widths(lines: list[str]) -> dict[str, int]:
    """The heading and text width of each column, read from the table's heading line."""
    rule = next(i for i, line in enumerate(lines) if line and set(line.rstrip()) == {"─"})
    heading = lines[rule - 1]
    starts = [(match.start(), match.group()) for match in re.finditer(r"\S+(?: \S+)*", heading)]
    ends = [start for start, _ in starts[1:]] + [len(lines[rule].rstrip()) + 2]
    return {name: end - start - 2 for (start, name), end in zip(starts, ends, strict=True)}


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_at_80_columns_words_stay_whole(name: str) -> None:
    args, build = LISTINGS[name]
    lines = screen_lines(*args, columns=80)
    widths = column_widths(lines)
    text = "\n".join(lines)
    columns, rows, _ = table_view(build(bundled()), OutputOptions())
    left_out = [column.name for column in columns if column.heading not in widths]
    if left_out:
        note = next(line for line in lines if line.startswith("Not shown"))
        # kind and status stay on the row in another form (a glyph; a word before the title)
        folded = {"kind", "status"}
        assert all(column in note for column in left_out if column not in folded), note
    checked = 0
    for cells in rows:
        for column, cell in zip(columns, cells, strict=True):
            width = widths.get(column.heading)
            if width is None or column.policy.wrap == "shorten":
                continue
            for word in cell.split():
                if re.fullmatch(r"\d\d:\d\d|UTC", word):
                    continue  # the time of day gives way first where room is short
                if cell_len(word) <= width:  # in terminal cells: a CJK character takes two
                    assert word in text, (name, column.name, word, width)
                    checked += 1
    assert checked > 50
