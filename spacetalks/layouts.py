"""Terminal layouts for single records: a person, an event, a topic.

Panels and tables drawn with Rich from a document row (see documents.py). Every
piece of dataset text goes through ``visible`` into a ``Text``, never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TextIO

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from spacetalks.render import OutputOptions, cell_text, role_text, visible
from spacetalks.table import KIND_STYLES, STATUS_STYLES, make_console

Row = Mapping[str, object]


def _text(value: object, style: str = "") -> Text:
    return Text(visible(cell_text(value), keep_newlines=True), style=style)


def _items(row: Row, key: str) -> list[Row]:
    value = row.get(key)
    if not isinstance(value, (list, tuple)):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def _facts(pairs: Sequence[tuple[str, object]]) -> Table:
    """A two-column grid of label and value, leaving out empty values."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for label, value in pairs:
        if value not in (None, "", []):
            grid.add_row(label, _text(value))
    return grid


def _table(title: str, headers: Sequence[str], rows: Sequence[Sequence[Text]]) -> Table | None:
    if not rows:
        return None
    table = Table(title=title, title_justify="left", title_style="bold", expand=False)
    for header in headers:
        table.add_column(header, no_wrap=header in {"date", "kind", "from", "to"}, overflow="fold")
    for cells in rows:
        table.add_row(*cells)
    return table


def _fields_table(
    title: str, items: Sequence[Row], columns: Sequence[tuple[str, str]]
) -> Table | None:
    """A table with one row an item and one column a (header, key) pair, shown as text."""
    return _table(
        title,
        [header for header, _ in columns],
        [[_text(item.get(key)) for _, key in columns] for item in items],
    )


def _events_table(row: Row, title: str = "Events") -> Table | None:
    return _table(
        title,
        ["date", "kind", "status", "title"],
        [
            [
                _text(event.get("date"), "bold"),
                _text(event.get("kind"), KIND_STYLES.get(cell_text(event.get("kind")), "")),
                _text(event.get("status"), STATUS_STYLES.get(cell_text(event.get("status")), "")),
                _text(event.get("title")),
            ]
            for event in _items(row, "events")
        ],
    )


def _quotes_table(row: Row) -> Table | None:
    return _table(
        "Quotes",
        ["date", "speaker", "quote"],
        [
            [
                _text(quote.get("date"), "bold"),
                _text(quote.get("speaker_name", "")),
                _text(f"“{cell_text(quote.get('text'))}”", "italic"),
            ]
            for quote in _items(row, "quotes")
        ],
    )


def person_layout(row: Row) -> list[RenderableType | None]:
    header = _facts(
        [
            ("native name", row.get("native_name")),
            ("also", row.get("aliases")),
            ("born", row.get("born")),
            ("roles as of", row.get("as_of")),
        ]
    )
    summary = _text(row.get("summary"))
    roles = _fields_table(
        "Roles",
        _items(row, "roles"),
        [("title", "title"), ("organization", "organization_name"), ("from", "from"), ("to", "to")],
    )
    met = _fields_table(
        "Met",
        _items(row, "met"),
        [("name", "name"), ("meetings", "meetings"), ("first", "first"), ("last", "last")],
    )
    panel = Panel(Group(header, summary), title=_text(row.get("name"), "bold"), expand=False)
    return [panel, roles, _events_table(row), _quotes_table(row), met, _source_ids(row)]


def _source_ids(row: Row) -> Text:
    return Text.assemble(("Sources: ", "bold"), _text(row.get("sources"), "dim"))


def event_layout(row: Row) -> list[RenderableType | None]:
    header = _facts(
        [
            ("date", f"{cell_text(row.get('date'))} ({cell_text(row.get('precision'))})"),
            ("scheduled", row.get("scheduled")),
            ("end", row.get("end")),
            ("kind", row.get("kind")),
            ("status", row.get("status")),
            ("place", row.get("place")),
            ("organizations", row.get("organization_names")),
            ("topics", row.get("topic_names")),
            ("claimed by", row.get("claimed_by")),
        ]
    )
    participants = _table(
        "Participants",
        ["name", "role on that date"],
        [
            [
                _text(person.get("name")),
                _text("\n".join(role_text(role) for role in _items(person, "roles"))),
            ]
            for person in _items(row, "participants")
        ],
    )
    disputes = _table(
        "Disputed",
        ["field", "value", "sources", "note"],
        [
            [
                _text(dispute.get("field"), "bold yellow"),
                _text(alternative.get("value")),
                _text(cell_text(alternative.get("sources")).replace(", ", "\n")),
                _text(dispute.get("note") if index == 0 else ""),
            ]
            for dispute in _items(row, "disputes")
            for index, alternative in enumerate(_items(dispute, "alternatives"))
        ],
    )
    sources = _table(
        "Sources",
        ["source"],
        [
            [
                Text.assemble(
                    _text(source.get("publisher"), "bold"),
                    _text(f", {source['date']}" if source.get("date") else ""),
                    ": ",
                    _text(source.get("title")),
                    "\n",
                    _text(source.get("url") or source.get("id"), "dim"),
                )
            ]
            for source in _items(row, "source_details")
        ],
    )
    panel = Panel(
        Group(header, _text(row.get("summary"))),
        title=_text(row.get("title"), "bold"),
        expand=False,
    )
    return [panel, participants, disputes, _quotes_table(row), sources]


def topic_layout(row: Row) -> list[RenderableType | None]:
    header = _facts(
        [
            ("also", row.get("aliases")),
            ("status", row.get("status")),
            ("related", row.get("related")),
        ]
    )
    panel = Panel(
        Group(_text(row.get("summary")), Text(), header),
        title=_text(row.get("name"), "bold"),
        expand=False,
    )
    return [panel, _events_table(row, "Timeline"), _quotes_table(row), _source_ids(row)]


LAYOUTS: dict[str, Callable[[Row], list[RenderableType | None]]] = {
    "person": person_layout,
    "event": event_layout,
    "topic": topic_layout,
}


def draw_document(layout: str, row: Row, options: OutputOptions, stream: TextIO) -> None:
    console = make_console(stream, options.color)
    for renderable in LAYOUTS[layout](row):
        if renderable is not None:
            console.print(renderable)
