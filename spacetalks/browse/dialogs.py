"""The explorer's questions (a search, filters, an export) and its key reference."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from spacetalks.output.safe_text import visible


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
    Ask #problem { margin-top: 1; color: $text-error; text-style: bold; }
    """

    def __init__(self, title: str, hint: str, value: str = "", problem: str | None = None) -> None:
        """``value`` is what the box holds to start with; ``problem``, what was wrong with
        it last time (said under the hint, the box keeping what was typed to mend it)."""
        super().__init__()
        self.title_text, self.hint, self.value, self.problem = title, hint, value, problem

    def compose(self) -> ComposeResult:
        with Container():
            yield Static(Text(self.title_text, style="bold"))
            yield Static(Text(self.hint))
            if self.problem is not None:
                yield Static(Text(visible(self.problem, keep_newlines=True)), id="problem")
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
    ("f", "change the timeline filters, typed as on the command line (a mistake is kept to mend)"),
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
