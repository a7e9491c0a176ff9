"""The timeline as a list that draws only the lines on screen, so that 100,000 events
open as fast as forty.

Each line is one event row of the timeline listing (spacetalks.answers.rows): its date, kind
and title, with the mark the tables give a disputed or one-side row
(spacetalks.output.cells.evidence_marks), cut to the width the list has.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.filter import LineFilter
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from spacetalks.answers.contract import EventRow
from spacetalks.browse.colours import with_readable_colours
from spacetalks.browse.pages import text
from spacetalks.output.cells import date_for_people
from spacetalks.output.terminal.palette import MARK_STYLE, kind_style

DATE_WIDTH = 24
"""At most this many columns for a date (one with a time of day is 20 characters) and
its mark."""
KIND_WIDTH = 12


class EventList(ScrollView, can_focus=True):
    """Events, one a line under a header, with a cursor; Enter chooses the event."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "up", show=False),
        Binding("down,j", "move(1)", "down", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "go(0)", show=False),
        Binding("end", "go(-1)", show=False),
        Binding("enter", "choose", "open", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "event-list--cursor",
        "event-list--header",
    }
    DEFAULT_CSS = """
    EventList > .event-list--cursor {
        background: $browse-cursor-background;
        color: $browse-cursor-foreground;
        text-style: bold;
    }
    EventList:blur > .event-list--cursor {
        background: $block-cursor-blurred-background;
        text-style: none;
    }
    EventList > .event-list--header { text-style: bold; color: $text-primary; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, repaint=True)

    class Highlighted(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Chosen(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: Sequence[EventRow] = ()
        self.marks: dict[tuple[int, str], str] = {}
        self.date_width = 10
        self.kind_width = 8

    def show(self, rows: Sequence[EventRow], marks: dict[tuple[int, str], str]) -> None:
        """List these rows, the cursor on the first."""
        self.rows, self.marks = rows, marks
        dates = (
            len(date_for_people(row.date))
            + len(f" {marks[index, 'date']}" if (index, "date") in marks else "")
            for index, row in enumerate(rows)
        )
        self.date_width = min(DATE_WIDTH, max(dates, default=4))
        self.kind_width = min(KIND_WIDTH, max((len(row.kind) for row in rows), default=4))
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        self.scroll_to(y=0, animate=False)
        self.cursor = 0

    def get_line_filters(self) -> Sequence[LineFilter]:
        return with_readable_colours(super().get_line_filters(), self.app.no_color)

    def watch_cursor(self, cursor: int) -> None:
        if not self.rows:
            return
        lines = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_y)
        if cursor < top:
            self.scroll_to(y=cursor, animate=False)
        elif cursor >= top + lines:
            self.scroll_to(y=cursor - lines + 1, animate=False)
        self.post_message(self.Highlighted(cursor))

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.rows) - 1))

    def action_move(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height - 2)

    def action_go(self, index: int) -> None:
        self.cursor = len(self.rows) - 1 if index < 0 else index

    def action_choose(self) -> None:
        if self.rows:
            self.post_message(self.Chosen(self.cursor))

    def on_click(self, event: Click) -> None:
        index = round(self.scroll_y) + event.y - 1
        if 0 <= index < len(self.rows):
            if index == self.cursor and event.chain > 1:
                self.action_choose()
            self.cursor = index

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            line = self.cells(Text("date"), Text("kind"), Text("title"), width, {})
            style = self.get_component_rich_style("event-list--header")
            return self.strip(line, width, style)
        index = round(self.scroll_y) + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        row = self.rows[index]
        marks = {
            column: self.marks[index, column]
            for column in ("date", "kind", "title")
            if (index, column) in self.marks
        }
        line = self.cells(
            text(date_for_people(row.date), "bold"),
            text(row.kind, kind_style(row.kind)),
            text(row.title),
            width,
            marks,
        )
        cursor = self.get_component_rich_style("event-list--cursor")
        return self.strip(line, width, cursor if index == self.cursor else None)

    def cells(self, date: Text, kind: Text, title: Text, width: int, marks: dict[str, str]) -> Text:
        """A line: the date, kind and title, each cut to its column (its mark kept)."""
        title_width = max(1, width - self.date_width - self.kind_width - 4)
        return Text.assemble(
            " ",
            _fit(date, self.date_width, marks.get("date")),
            " ",
            _fit(kind, self.kind_width, marks.get("kind")),
            " ",
            _fit(title, title_width, marks.get("title")),
        )

    def strip(self, line: Text, width: int, over: Style | None) -> Strip:
        """A line as the screen draws it: on the list's own style, with ``over`` (the
        cursor's, the header's) over every colour of its own."""
        segments = Segment.apply_style(line.render(self.app.console), self.rich_style, over)
        base = self.rich_style + over if over is not None else self.rich_style
        return Strip(segments).adjust_cell_length(width, base)


def _fit(label: Text, width: int, mark: str | None = None) -> Text:
    """A cell: its text cut to the width (an ellipsis saying so) with room kept for its
    footnote mark, then padded to the width."""
    room = width - (len(mark) + 1 if mark else 0)
    label.truncate(max(1, room), overflow="ellipsis")
    if mark:
        label.append(f" {mark}", style=MARK_STYLE)
    label.truncate(width, pad=True)
    return label
