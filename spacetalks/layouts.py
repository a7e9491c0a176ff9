"""Terminal layouts for single records: a person, an event, a topic.

Panels and tables drawn with Rich from a typed document (see spacetalks.contract),
chosen by the document's type. Every piece of dataset text goes through ``visible``
into a ``Text``, never markup. Rich is imported only when a layout is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from spacetalks.cells import (
    OutputOptions,
    cell_text,
    claim_text,
    disputed_value,
    evidence_marks,
    visible,
)
from spacetalks.contract import (
    CoverageReport,
    Document,
    EventDocument,
    EventSummary,
    PersonProfile,
    QuoteRow,
    SourceRef,
    TopicDocument,
    WhyDocument,
)
from spacetalks.palette import CAUTION_STYLE, MARK_STYLE, STATUS_STYLES, kind_style
from spacetalks.rows import role_text
from spacetalks.safe_text import DOCUMENT_LIMIT, shortened
from spacetalks.table import footnotes, make_console

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text


def _text(value: object, style: str = "") -> Text:
    from rich.text import Text  # Rich: only drawn output pays for it

    return Text(
        visible(shortened(cell_text(value), DOCUMENT_LIMIT), keep_newlines=True), style=style
    )


def _facts(pairs: Sequence[tuple[str, object]]) -> Table:
    """A two-column grid of label and value, leaving out empty values."""
    from rich.table import Table  # Rich: only drawn output pays for it

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for label, value in pairs:
        if value not in (None, "", [], ()):
            grid.add_row(label, _text(value))
    return grid


def _table(
    title: str, headers: Sequence[str], rows: Sequence[Sequence[Text]]
) -> RenderableType | None:
    """A table of at most LAYOUT_ROWS rows, followed by how many more there are."""
    from rich.table import Table  # Rich: only drawn output pays for it

    if not rows:
        return None
    table = Table(title=title, title_justify="left", title_style="bold", expand=False)
    for header in headers:
        table.add_column(header, no_wrap=header in {"date", "kind", "from", "to"}, overflow="fold")
    for cells in rows[:LAYOUT_ROWS]:
        table.add_row(*cells)
    if len(rows) <= LAYOUT_ROWS:
        return table
    from rich.console import Group
    from rich.text import Text

    more = f"… and {len(rows) - LAYOUT_ROWS:,} more (every one with --json or -f plain)"
    return Group(table, Text(more, style="dim"))


LAYOUT_ROWS = 500
"""Rows of a table in a single record's layout; machine formats list every one."""


def _fields_table(
    title: str, items: Sequence[Any], columns: Sequence[tuple[str, Callable[[Any], object]]]
) -> RenderableType | None:
    """A table with one row an item and one column a (header, value of an item) pair."""
    return _table(
        title,
        [header for header, _ in columns],
        [[_text(value(item)) for _, value in columns] for item in items],
    )


def _marked(text: Text, mark: str | None) -> Text:
    if mark:
        text.append(f" {mark}", style=MARK_STYLE)
    return text


def _events_table(
    events: Sequence[EventSummary], title: str = "Events"
) -> list[RenderableType | None]:
    """The events table, its disputed and one-side rows marked, and their footnotes."""
    columns = ["date", "kind", "status", "title"]
    marks, notes = evidence_marks(events, columns)
    table = _table(
        title,
        columns,
        [
            [
                _marked(_text(event.date, "bold"), marks.get((index, "date"))),
                _text(event.kind, kind_style(event.kind)),
                _text(event.status, STATUS_STYLES.get(event.status, "")),
                _marked(_text(event.title), marks.get((index, "title"))),
            ]
            for index, event in enumerate(events)
        ],
    )
    return [table, footnotes(notes)]


def _quotes_table(quotes: Sequence[QuoteRow]) -> RenderableType | None:
    return _table(
        "Quotes",
        ["date", "speaker", "quote"],
        [
            [
                _text(quote.date, "bold"),
                _text(quote.speaker_name),
                _text(f"“{quote.text}”", "italic"),
            ]
            for quote in quotes
        ],
    )


def _source_ids(sources: Sequence[str]) -> Text:
    from rich.text import Text  # Rich: only drawn output pays for it

    return Text.assemble(("Sources: ", "bold"), _text(sources, "dim"))


def _panel(title: str, *parts: RenderableType) -> RenderableType:
    from rich.console import Group  # Rich: only drawn output pays for it
    from rich.panel import Panel

    return Panel(Group(*parts), title=_text(title, "bold"), expand=False)


def person_layout(person: PersonProfile) -> list[RenderableType | None]:
    header = _facts(
        [
            ("native name", person.native_name),
            ("also", person.aliases),
            ("born", person.born),
            ("roles as of", person.as_of),
        ]
    )
    roles = _fields_table(
        "Roles",
        person.roles,
        [
            ("title", lambda role: role.title),
            ("organization", lambda role: role.organization_name),
            ("from", lambda role: role.start),
            ("to", lambda role: role.end),
        ],
    )
    met = _fields_table(
        "Met",
        person.met,
        [
            ("name", lambda contact: contact.name),
            ("meetings", lambda contact: contact.meetings),
            ("first", lambda contact: contact.first),
            ("last", lambda contact: contact.last),
        ],
    )
    return [
        _panel(person.name, header, _text(person.summary)),
        roles,
        *_events_table(person.events),
        _quotes_table(person.quotes),
        met,
        _source_ids(person.sources),
    ]


def event_layout(event: EventDocument) -> list[RenderableType | None]:
    from rich.text import Text  # Rich: only drawn output pays for it

    disputed = {dispute.field: dispute for dispute in event.disputes}

    def fact(field: str, value: str | None) -> str | None:
        return disputed_value(value, disputed.get(field)) if value else None

    header = _facts(
        [
            ("date", fact("date", f"{event.date} ({event.precision})")),
            ("scheduled", fact("scheduled", event.scheduled or None)),
            ("end", fact("end", event.end or None)),
            ("kind", fact("kind", event.kind)),
            ("status", fact("status", event.status)),
            ("place", fact("place", event.place)),
            ("organizations", event.organization_names),
            ("topics", event.topic_names),
            ("claimed by", claim_text(event.claimed_by_names) if event.claimed_by_names else None),
        ]
    )
    participants = _table(
        "Participants",
        ["name", "role on that date"],
        [
            [_text(person.name), _text("\n".join(role_text(role) for role in person.roles))]
            for person in event.participants
        ],
    )
    disputes = _table(
        "Disputed",
        ["field", "value", "reported by", "note"],
        [
            [
                _text(dispute.field if index == 0 else "", MARK_STYLE),
                _text(
                    alternative.value + (" (shown)" if alternative.value == dispute.value else "")
                ),
                _text("\n".join(alternative.publishers)),
                _text(dispute.note if index == 0 else ""),
            ]
            for dispute in event.disputes
            for index, alternative in enumerate(dispute.alternatives)
        ],
    )
    sources = _table(
        "Sources",
        ["source"],
        [
            [
                Text.assemble(
                    _text(source.publisher, "bold"),
                    _text(f", {source.date}" if source.date else ""),
                    ": ",
                    _text(source.title),
                    "\n",
                    _text(source.url or source.id, "dim"),
                )
            ]
            for source in event.source_details
        ],
    )
    return [
        _panel(event.title, header, _text(event.summary)),
        participants,
        disputes,
        _quotes_table(event.quotes),
        sources,
    ]


def topic_layout(topic: TopicDocument) -> list[RenderableType | None]:
    from rich.text import Text  # Rich: only drawn output pays for it

    header = _facts([("also", topic.aliases), ("status", topic.status), ("related", topic.related)])
    return [
        _panel(topic.name, _text(topic.summary), Text(), header),
        *_events_table(topic.events, "Timeline"),
        _quotes_table(topic.quotes),
        _source_ids(topic.sources),
    ]


def _source_text(source: SourceRef) -> Text:
    from rich.text import Text  # Rich: only drawn output pays for it

    return Text.assemble(
        _text(source.publisher, "bold"),
        _text(f" (via {source.via})" if source.via else ""),
        _text(f", {source.date}" if source.date else ""),
        ": ",
        _text(source.title),
        "\n",
        _text(source.url or "", "dim"),
    )


def why_layout(why: WhyDocument) -> list[RenderableType | None]:
    """The evidence for a record: each field's value and who reports it, the other values
    and theirs, then every source in full."""
    facts = _facts(
        [
            ("record", f"{why.type} {why.id}"),
            ("claimed by", claim_text(why.claimed_by_names) if why.claimed_by_names else None),
        ]
    )
    rows: list[list[Text]] = []
    for evidence in why.fields:
        reported = "\n".join(evidence.publishers) or "no source given"
        shown = evidence.value + (" (shown)" if evidence.disputed else "")
        rows.append([_text(evidence.field, "bold"), _text(shown), _text(reported)])
        rows += [
            [
                _text(""),
                _text(f"{other.value} (alternative)", CAUTION_STYLE),
                _text("\n".join(other.publishers)),
            ]
            for other in evidence.alternatives
        ]
        if evidence.note:
            rows.append([_text(""), _text(evidence.note, "italic dim"), _text("")])
    sources = {
        source.id: source
        for evidence in why.fields
        for group in (evidence.sources, *(other.sources for other in evidence.alternatives))
        for source in group
    }
    return [
        _panel(why.name, facts),
        _table("Evidence", ["field", "value", "reported by"], rows),
        _table("Sources", ["source"], [[_source_text(source)] for source in sources.values()]),
    ]


def coverage_layout(report: CoverageReport) -> list[RenderableType | None]:
    def share(count: int, total: int) -> str:
        return f"{count} of {total} ({count / total:.0%})" if total else "0"

    return [
        _panel(
            report.heading,
            _facts(
                [
                    ("version", report.version),
                    ("kept up to", report.as_of),
                    ("last reviewed", report.reviewed),
                    (
                        "records",
                        f"{report.events} events, {report.people} people, "
                        f"{report.organizations} organizations, {report.topics} topics, "
                        f"{report.quotes} quotes, {report.sources} sources "
                        f"from {report.publishers} publishers",
                    ),
                    (
                        "events from 2+ publishers",
                        share(report.events_two_or_more_publishers, report.events),
                    ),
                    ("events from 1 publisher", share(report.events_one_publisher, report.events)),
                    ("events from 1 report", share(report.events_one_report, report.events)),
                    ("roles from 1 publisher", share(report.roles_one_publisher, report.roles)),
                    ("quotes from 1 publisher", share(report.quotes_one_publisher, report.quotes)),
                    (
                        "disputes",
                        f"{report.disputes} disputed fields in {report.disputed_events} events",
                    ),
                    ("one-side claims", f"{report.claims} events"),
                    ("events", f"{report.first_event} to {report.newest_event}"),
                    ("latest that happened", report.latest_happened),
                ]
            ),
        )
    ]


LAYOUTS: dict[type[Document], Callable[[Any], list[RenderableType | None]]] = {
    PersonProfile: person_layout,
    EventDocument: event_layout,
    TopicDocument: topic_layout,
    WhyDocument: why_layout,
    CoverageReport: coverage_layout,
}
"""The terminal layout of each type of document."""


def draw_document(document: Document, options: OutputOptions, stream: TextIO) -> None:
    console = make_console(stream, options.color, options.width)
    for renderable in LAYOUTS[type(document)](document):
        if renderable is not None:
            console.print(renderable)
