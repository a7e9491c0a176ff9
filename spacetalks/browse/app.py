"""The explorer's Textual app: the timeline with the selected event beside it, pages for
records and their evidence, and the keys that move between them.

Every page is built by spacetalks.browse.pages from the command line's documents; the
keys that do what a command does (search, filters, export, cite) call that command's
own functions (see spacetalks.browse.keys).
"""

from __future__ import annotations

import shlex
import webbrowser
from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from spacetalks.browse import keys
from spacetalks.browse.event_list import EventList
from spacetalks.browse.pages import (
    Page,
    Records,
    Target,
    citation,
    footnotes,
    page_for,
    search_page,
    text,
    web_address,
)
from spacetalks.cells import evidence_marks
from spacetalks.cli.filters import EventFilters, filter_arguments
from spacetalks.contract import EventRow
from spacetalks.documents import event_document
from spacetalks.layouts import event_layout
from spacetalks.model import Dataset, Event
from spacetalks.query import EventFilter, select_events
from spacetalks.rows import timeline_listing

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

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="title")
        with Panes():
            timeline = EventList(classes="list", id="timeline")
            timeline.border_title = "Timeline"
            yield timeline
            detail = VerticalScroll(Static(id="event"), classes="detail", id="detail")
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
        marks, _ = evidence_marks(rows, ("date", "kind", "title"))
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

    def describe(self, event: Event) -> None:
        dataset = self.records.dataset
        document = event_document(dataset, event)
        notes = footnotes([document], ("title",))
        parts = [part for part in event_layout(document) if part is not None]
        self.query_one("#event", Static).update(Group(*parts, *notes))
        self.query_one("#detail", VerticalScroll).scroll_home(animate=False)

    @on(EventList.Highlighted)
    def highlighted(self, message: EventList.Highlighted) -> None:
        if 0 <= message.index < len(self.shown):
            self.describe(self.shown[message.index])

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
            title = Text.assemble(*(part for part in page.body if isinstance(part, Text)))
        yield Static(title, classes="title")
        with Panes():
            links = OptionList(
                *(
                    Option(link.label, id=str(index), disabled=link.target is None)
                    for index, link in enumerate(page.links)
                ),
                classes="list",
                id="links",
            )
            links.border_title = "Results" if page.preview else "Links"
            yield links
            body = [] if page.preview else page.body
            detail = VerticalScroll(Static(Group(*body), id="body"), classes="detail", id="detail")
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
        target = self.page.links[int(message.option.id or 0)].target
        shown = page_for(self.records, target) if target is not None else None
        body = shown.body if shown is not None else []
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


class Ask(ModalScreen[str | None]):
    """One line to type (a search, filters, an export), with what it takes said above it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "cancel")]
    DEFAULT_CSS = """
    Ask { align: center middle; }
    Ask > Container {
        width: 90%; max-width: 100; height: auto; padding: 1 2;
        border: round $accent; background: $panel;
    }
    Ask Input { margin-top: 1; }
    """

    def __init__(self, title: str, hint: str, value: str = "") -> None:
        super().__init__()
        self.title_text, self.hint, self.value = title, hint, value

    def compose(self) -> ComposeResult:
        with Container():
            yield Static(Text(self.title_text, style="bold"))
            yield Static(Text(self.hint))
            yield Input(value=self.value, id="answer")

    @on(Input.Submitted, "#answer")
    def answered(self, message: Input.Submitted) -> None:
        self.dismiss(message.value)


KEY_REFERENCE = (
    ("↑ ↓  j k", "move in the list (in the detail: scroll it)"),
    ("tab", "go from the list to the detail and back"),
    ("enter", "open the highlighted event, person, organization, topic or evidence"),
    ("esc  backspace", "back to the page before"),
    ("w", "the evidence for the highlighted record, field by field (as spacetalks why)"),
    ("/", "search every text field (as spacetalks search)"),
    ("f", "change the timeline filters, typed as on the command line"),
    ("e", "export the events of this page: FORMAT FILE (as spacetalks export)"),
    ("y", "copy the highlighted record's citation (as spacetalks cite)"),
    ("o", "open the highlighted source, or the record's best source, in the web browser"),
    ("t", "light or dark colours"),
    ("?", "this reference"),
    ("q", "quit"),
)


class KeyReference(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss(None)", "close")
    ]
    DEFAULT_CSS = """
    KeyReference { align: center middle; }
    KeyReference > Static {
        width: auto; max-width: 90%; height: auto; padding: 1 2;
        border: round $accent; background: $panel;
    }
    """

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, meaning in KEY_REFERENCE:
            table.add_row(key, meaning)
        yield Static(Group(Text("Keys", style="bold"), table))


class BrowseApp(App[None]):
    """spacetalks browse."""

    TITLE = "spacetalks browse"
    CSS = """
    .title { height: 1; padding: 0 1; background: $primary-darken-2; color: $text; }
    Footer { height: 1; }
    Panes { layout: vertical; }
    Panes.-wide { layout: horizontal; }
    Panes > .list { height: 1fr; border: none; border-top: solid $primary; }
    Panes > .detail { height: 1fr; border: none; border-top: solid $primary; padding: 0 1; }
    Panes.-wide > .list { width: 58%; border: round $primary; }
    Panes.-wide > .detail { width: 1fr; border: round $primary; }
    Panes > .list:focus, Panes > .detail:focus { border-title-color: $accent; }
    Panes > .list:focus { border-top: solid $accent; }
    Panes > .detail:focus { border-top: solid $accent; }
    Panes.-wide > .list:focus, Panes.-wide > .detail:focus { border: round $accent; }
    OptionList > .option-list--option-disabled { color: $text-muted; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "go_back", "back"),
        Binding("w", "why", "why"),
        Binding("slash", "search", "search", key_display="/"),
        Binding("f", "filters", "filter"),
        Binding("e", "export", "export"),
        Binding("y", "cite", "cite"),
        Binding("o", "open", "web"),
        Binding("t", "toggle_dark", "theme", show=False),
        Binding("question_mark", "keys", "keys", key_display="?"),
        Binding("q", "quit", "quit"),
    ]
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self,
        dataset: Dataset,
        filters: EventFilters,
        criteria: EventFilter,
        protected: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.records = Records(dataset)
        self.filters = filters
        self.criteria = criteria
        self.protected = list(protected)

    def get_default_screen(self) -> Screen[None]:
        events = select_events(self.records.dataset, self.criteria)
        return TimelineScreen(self.records, events, self.filters)

    def on_follow(self, message: Follow) -> None:
        self.follow(message.target)

    def follow(self, target: Target) -> None:
        if target.kind == "source":
            self.action_open(target)
            return
        page = page_for(self.records, target)
        if page is not None:
            self.push_screen(PageScreen(self.records, page))

    def action_go_back(self) -> None:
        if len(self.screen_stack) > 1:
            self.pop_screen()

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_why(self) -> None:
        target = selected_target(self.screen)
        if target is None:
            return
        if target.kind == "why":
            self.follow(target)
        elif target.kind in {"event", "person", "organization", "quote"}:
            self.follow(Target("why", target.id))
        else:
            self.notify("Evidence is told for events, people, quotes and organizations.")

    def action_search(self) -> None:
        def searched(typed: str | None) -> None:
            if typed and typed.strip():
                self.push_screen(PageScreen(self.records, search_page(self.records, typed.strip())))

        self.push_screen(
            Ask("Search", "Text to find in every field, any case, any accents.", ""), searched
        )

    def action_filters(self) -> None:
        def changed(typed: str | None) -> None:
            if typed is None:
                return
            try:
                filters, criteria = keys.read_filters(self.records.dataset, typed)
            except keys.RefusedError as error:
                self.notify(str(error), title="Filters", severity="error", timeout=8)
                return
            if criteria.is_empty_range:
                self.notify("--since is after --until: no event can match", severity="warning")
            self.filters, self.criteria = filters, criteria
            while len(self.screen_stack) > 1:
                self.pop_screen()
            timeline = self.screen_stack[0]
            assert isinstance(timeline, TimelineScreen)
            timeline.show(select_events(self.records.dataset, criteria), filters)

        self.push_screen(
            Ask(
                "Filters",
                "As on the command line: --since DATE --until DATE --on DATE --person P "
                "--org O --topic T --kind K --status S --min-sources N --no-claims "
                "--limit N --reverse",
                shlex.join(filter_arguments(self.filters)),
            ),
            changed,
        )

    def action_export(self) -> None:
        events = screen_events(self.screen)

        def chosen(typed: str | None) -> None:
            if typed is None:
                return
            try:
                said = keys.export(self.records.dataset, events, typed, self.protected)
            except keys.RefusedError as error:
                self.notify(str(error), title="Export", severity="error", timeout=8)
                return
            self.notify(said, title="Export")

        count = len(events)
        self.push_screen(
            Ask(
                f"Export {count} event{'s' if count != 1 else ''}",
                f"FORMAT FILE, such as: ics spacetalks.ics. Formats: {keys.EXPORT_FORMATS}",
            ),
            chosen,
        )

    def action_cite(self) -> None:
        target = selected_target(self.screen)
        cited = citation(self.records, target) if target is not None else None
        if cited is None:
            self.notify("Nothing to cite here: no source.", severity="warning")
            return
        self.copy_to_clipboard(cited)
        count = cited.count("\n")
        self.notify(
            f"Copied {count} reference{'s' if count != 1 else ''} to the clipboard.",
            title="Citation",
        )

    def action_open(self, target: Target | None = None) -> None:
        target = target or selected_target(self.screen)
        url = web_address(self.records, target) if target is not None else None
        if url is None:
            self.notify("No web address for this record.", severity="warning")
            return
        open_in_browser(self, url)

    def action_keys(self) -> None:
        self.push_screen(KeyReference())


def open_in_browser(app: App[None], url: str) -> None:
    """Open a web address with the webbrowser module; a browser that runs in this
    terminal (lynx, w3m) gets the terminal while it runs."""
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        app.notify(f"No web browser found. The address: {url}", severity="warning", timeout=10)
        return
    in_terminal = (
        isinstance(browser, webbrowser.GenericBrowser)
        and not isinstance(browser, webbrowser.BackgroundBrowser)
    ) or (isinstance(browser, webbrowser.UnixBrowser) and not browser.background)
    if in_terminal:
        with app.suspend():
            browser.open(url)
    elif browser.open(url):
        app.notify(url, title="Opened in the web browser")
    else:
        app.notify(f"The web browser did not open {url}", severity="warning")
