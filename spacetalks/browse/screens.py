"""The explorer's two kinds of screen: the timeline with the highlighted event beside it,
and a page for one record (its body, and the links it offers).

What a page holds is built by spacetalks.browse.pages from the command line's documents;
a screen draws it and says which record the keys act on.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, VerticalScroll
from textual.events import Resize
from textual.filter import LineFilter
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from spacetalks.answers.contract import EventRow
from spacetalks.answers.documents import event_document
from spacetalks.answers.rows import timeline_listing
from spacetalks.browse.colours import with_readable_colours
from spacetalks.browse.event_list import EventList
from spacetalks.browse.pages import Page, Records, Target, mark_explained, page_for, text
from spacetalks.dataset.model import Event
from spacetalks.output.cells import evidence_marks
from spacetalks.output.terminal.layouts import event_layout
from spacetalks.query.typed_filters import EventFilters, filter_arguments

WIDE = 120
"""From this many columns the list and the detail stand side by side, else one above
the other."""


def selected_target(screen: Screen[object]) -> Target | None:
    """The record the keys act on in a screen: its highlighted row or link, else its own."""
    if isinstance(screen, TimelineScreen | PageScreen):
        return screen.selected()
    return None


def screen_events(screen: Screen[object]) -> list[Event]:
    if isinstance(screen, TimelineScreen | PageScreen):
        return screen.events()
    return []


class Detail(Static):
    """The detail's text: a record as the command line draws it, its colours readable."""

    def get_line_filters(self) -> Sequence[LineFilter]:
        return with_readable_colours(super().get_line_filters(), self.app.no_color)


class Links(OptionList):
    """A page's links (or search results, one a line), their colours readable."""

    DEFAULT_CSS = """
    Links.-one-line { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def get_line_filters(self) -> Sequence[LineFilter]:
        return with_readable_colours(super().get_line_filters(), self.app.no_color)


class Panes(Container):
    """A list and a detail, side by side on a wide terminal, one above the other else."""

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width >= WIDE, "-wide")


class TimelineScreen(Screen[None]):
    """The timeline the filters choose, and the highlighted event in full beside it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll(1)", "down", show=False),
        Binding("k", "scroll(-1)", "up", show=False),
    ]

    def __init__(self, records: Records, events: list[Event], filters: EventFilters) -> None:
        super().__init__()
        self.records = records
        self.shown = events
        self.filters = filters
        self.rows: list[EventRow] = []
        self.marked: dict[int, str] = {}
        self.notes: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="title")
        with Panes():
            timeline = EventList(classes="list", id="timeline")
            timeline.border_title = "Timeline"
            yield timeline
            detail = VerticalScroll(Detail(id="event"), classes="detail", id="detail")
            detail.border_title = "Event"
            yield detail
        yield Footer()

    def on_mount(self) -> None:
        self.show(self.shown, self.filters)

    def show(self, events: list[Event], filters: EventFilters) -> None:
        """Show these events (the filters are said in the title)."""
        self.shown, self.filters = events, filters
        dataset = self.records.dataset
        rows = [row for row in timeline_listing(dataset, events).rows if isinstance(row, EventRow)]
        marks, notes = evidence_marks(rows, ("date", "kind", "title"))
        self.rows = rows
        self.marked = {index: mark for (index, _), mark in marks.items()}
        self.notes = dict(notes)
        self.query_one("#timeline", EventList).show(rows, marks)
        count = len(events)
        said = shlex.join(filter_arguments(filters)) or "every event"
        self.query_one("#title", Static).update(
            Text.assemble(
                ("spacetalks browse", "bold"),
                f"  {count} event{'s' if count != 1 else ''}  ",
                text(said, "italic"),
            )
        )
        if not events:
            self.query_one("#event", Static).update(
                Text("No event matches these filters: press f to change them.")
            )

    def describe(self, index: int) -> None:
        """The event in the list's row as ``show`` draws it, under what the row's mark in
        the list means."""
        document = event_document(self.records.dataset, self.shown[index])
        parts = [part for part in event_layout(document) if part is not None]
        mark = self.marked.get(index)
        if mark is not None:  # first, where a reader who saw the mark looks
            parts = [mark_explained(mark, self.rows[index], self.notes[mark]), *parts]
        self.query_one("#event", Static).update(Group(*parts))
        self.query_one("#detail", VerticalScroll).scroll_home(animate=False)

    @on(EventList.Highlighted)
    def highlighted(self, message: EventList.Highlighted) -> None:
        if 0 <= message.index < len(self.shown):
            self.describe(message.index)

    @on(EventList.Chosen)
    def chosen(self, message: EventList.Chosen) -> None:
        self.app.post_message(Follow(Target("event", self.shown[message.index].id)))

    def action_scroll(self, step: int) -> None:
        """j and k in the detail: scroll it (in the list, the list moves its cursor)."""
        self.query_one("#detail", VerticalScroll).scroll_relative(y=step, animate=False)

    def selected(self) -> Target | None:
        if not self.shown:
            return None
        return Target("event", self.shown[self.query_one("#timeline", EventList).cursor].id)

    def events(self) -> list[Event]:
        return self.shown


class PageScreen(Screen[None]):
    """One record: what the command line shows for it, and the links it offers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "move(1)", "down", show=False),
        Binding("k", "move(-1)", "up", show=False),
    ]

    def __init__(self, records: Records, page: Page) -> None:
        super().__init__()
        self.records = records
        self.page = page

    def compose(self) -> ComposeResult:
        page = self.page
        title = Text.assemble(text(page.title, "bold"))
        if page.preview:
            title = Text.assemble(*(part for part in page.body[:1] if isinstance(part, Text)))
        yield Static(title, classes="title")
        with Panes():
            links = Links(
                *(
                    Option(link.label, id=str(index), disabled=link.target is None)
                    for index, link in enumerate(page.links)
                ),
                classes="list -one-line" if page.preview else "list",
                id="links",
            )
            links.border_title = "Results" if page.preview else "Links"
            yield links
            body = [] if page.preview else page.body
            detail = VerticalScroll(Detail(Group(*body), id="body"), classes="detail", id="detail")
            detail.border_title = "Record"
            yield detail
        yield Footer()

    def on_mount(self) -> None:
        links = self.query_one("#links", OptionList)
        first = next(
            (index for index, link in enumerate(self.page.links) if link.target is not None), None
        )
        if first is None:
            self.query_one("#detail", VerticalScroll).focus()
        else:
            links.highlighted = first
            links.focus()

    @on(OptionList.OptionHighlighted, "#links")
    def highlighted(self, message: OptionList.OptionHighlighted) -> None:
        if not self.page.preview:
            return
        link = self.page.links[int(message.option.id or 0)]
        shown = page_for(self.records, link.target) if link.target is not None else None
        body = [
            *([link.matched, Text()] if link.matched is not None else []),
            *(shown.body if shown is not None else []),
        ]
        self.query_one("#body", Static).update(Group(*body))
        self.query_one("#detail", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionSelected, "#links")
    def follow(self, message: OptionList.OptionSelected) -> None:
        target = self.page.links[int(message.option.id or 0)].target
        if target is not None:
            self.app.post_message(Follow(target))

    def action_move(self, step: int) -> None:
        links = self.query_one("#links", OptionList)
        if links.has_focus:
            links.action_cursor_down() if step > 0 else links.action_cursor_up()
        else:
            self.query_one("#detail", VerticalScroll).scroll_relative(y=step, animate=False)

    def selected(self) -> Target:
        links = self.query_one("#links", OptionList)
        index = links.highlighted
        if links.has_focus and index is not None:
            target = self.page.links[index].target
            if target is not None:
                return target
        return self.page.target

    def events(self) -> list[Event]:
        return self.page.events


class Follow(Message):
    """Open what a link leads to."""

    def __init__(self, target: Target) -> None:
        super().__init__()
        self.target = target
