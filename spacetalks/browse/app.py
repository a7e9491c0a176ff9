"""The explorer's Textual app: the screens (spacetalks.browse.screens), the history
between them, and what each key does.

Every page is built by spacetalks.browse.pages from the command line's documents; the
keys that do what a command does (search, filters, export, cite) call that command's
own functions (see spacetalks.browse.keys).
"""

from __future__ import annotations

import os
import shlex
import webbrowser
from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from spacetalks.browse import keys
from spacetalks.browse.colours import theme_variables
from spacetalks.browse.dialogs import Ask, KeyReference
from spacetalks.browse.pages import Records, Target, page_for, search_page
from spacetalks.browse.screens import (
    Follow,
    PageScreen,
    TimelineScreen,
    screen_events,
    selected_target,
)
from spacetalks.dataset.model import Dataset
from spacetalks.errors import SpacetalksError
from spacetalks.output.safe_text import visible
from spacetalks.query.selection import EventFilter, select_events
from spacetalks.query.typed_filters import EventFilters, filter_arguments


class BrowseApp(App[None]):
    """spacetalks browse."""

    TITLE = "spacetalks browse"
    CSS = """
    .title { height: 1; padding: 0 1; background: $primary-darken-2; color: $text; }
    Footer { height: 1; }
    Panes { layout: vertical; }
    Panes.-wide { layout: horizontal; }
    Panes > .list { height: 1fr; border: none; border-top: solid $browse-pane; }
    Panes > .detail { height: 1fr; border: none; border-top: solid $browse-pane; padding: 0 1; }
    Panes > .list, Panes > .detail { border-title-color: $browse-pane; }
    Panes.-wide > .list { width: 58%; border: round $browse-pane; }
    Panes.-wide > .detail { width: 1fr; border: round $browse-pane; }
    Panes > .list:focus, Panes > .detail:focus { border-title-color: $browse-focus; }
    Panes > .list:focus { border-top: solid $browse-focus; }
    Panes > .detail:focus { border-top: solid $browse-focus; }
    Panes.-wide > .list:focus, Panes.-wide > .detail:focus { border: round $browse-focus; }
    OptionList > .option-list--option-disabled { color: $foreground; text-style: bold; }
    OptionList:focus > .option-list--option-highlighted {
        background: $browse-cursor-background; color: $browse-cursor-foreground;
    }
    FooterKey .footer-key--key { color: $browse-footer-key; }
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

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A notification, always as text: most hold dataset text (a name in a did-you-mean,
        a URL), which Textual would otherwise read as markup (``[/]`` crashes the app,
        ``[@click=...]`` makes an action), control characters shown as escapes."""
        super().notify(
            visible(message, keep_newlines=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The explorer's colours for the theme in use (spacetalks.browse.colours)."""
        return {**super().get_theme_variable_defaults(), **theme_variables(self.current_theme)}

    def on_mount(self) -> None:
        if light_background(os.environ):
            self.theme = "textual-light"

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
        self.ask_filters(shlex.join(filter_arguments(self.filters)))

    def ask_filters(self, value: str, problem: str | None = None) -> None:
        """Ask for filters, the box holding ``value``; a mistake in them asks again, the
        box holding what was typed and the mistake said above it."""

        def changed(typed: str | None) -> None:
            if typed is None:
                return
            try:
                filters, criteria = keys.read_filters(self.records.dataset, typed)
            except SpacetalksError as error:
                self.notify(str(error), title="Filters", severity="error", timeout=8)
                self.ask_filters(typed, str(error))
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
                value,
                problem,
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
            except SpacetalksError as error:
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
        cited = keys.citation(self.records, target) if target is not None else None
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
        url = keys.web_address(self.records, target) if target is not None else None
        if url is None:
            self.notify("No web address for this record.", severity="warning")
            return
        open_in_browser(self, url)

    def action_keys(self) -> None:
        self.push_screen(KeyReference())


def light_background(environ: Mapping[str, str]) -> bool:
    """Whether the terminal says its background is light: COLORFGBG (set by rxvt, Konsole,
    iTerm2 and others) ends with the background's colour number, 7 or 15 for white."""
    background = environ.get("COLORFGBG", "").rpartition(";")[2].strip()
    return background in {"7", "15"}


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
