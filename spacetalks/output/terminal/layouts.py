"""Terminal layouts for single records: a person, an event, a topic.

Panels and tables drawn with Rich from a typed document (see spacetalks.answers.contract),
chosen by the document's type. Every piece of dataset text goes through ``visible``
into a ``Text``, never markup. Rich is imported only when a layout is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from spacetalks.answers.contract import (
    BetweenRow,
    Column,
    CoverageReport,
    DisputeRow,
    Document,
    EventDocument,
    EventSummary,
    FieldEvidence,
    Listing,
    PersonProfile,
    QuoteRow,
    SourceRef,
    TopicDocument,
    WhyDocument,
    column_of,
    field_names,
)
from spacetalks.answers.rows import EVENT_COLUMNS, counted, role_text
from spacetalks.output.cells import (
    ADVANCE_STANCE,
    FIELD_UNSOURCED,
    ONE_REPORT,
    RECORD_SOURCES,
    OutputOptions,
    advance_alternatives,
    cell_text,
    claim_text,
    date_for_people,
    disputed_value,
    is_disagreement,
    overdue_text,
    value_for_people,
    visible,
)
from spacetalks.output.safe_link import link_target
from spacetalks.output.safe_text import DOCUMENT_LIMIT, shortened
from spacetalks.output.terminal.palette import CAUTION_STYLE, MARK_STYLE
from spacetalks.output.terminal.scanning import ScanningTable
from spacetalks.output.terminal.table import (
    FittedTable,
    TableColumn,
    TitledPanel,
    make_console,
)

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text


def _text(value: object, style: str = "") -> Text:
    from rich.text import Text  # noqa: PLC0415 (Rich: drawn output only)

    return Text(
        visible(shortened(cell_text(value), DOCUMENT_LIMIT), keep_newlines=True), style=style
    )


def _facts(pairs: Sequence[tuple[str, object]]) -> Table:
    """A two-column grid of label and value, leaving out empty values."""
    from rich.table import Table  # noqa: PLC0415 (Rich: drawn output only)

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for label, value in pairs:
        if value not in (None, "", [], ()):
            grid.add_row(label, _text(value))
    return grid


def _table(
    title: str, columns: Sequence[TableColumn], rows: Sequence[Sequence[Text]]
) -> RenderableType | None:
    """A table laid out by the width policy (table.FittedTable), of at most LAYOUT_ROWS
    rows, followed by how many more there are."""
    if not rows:
        return None
    table = FittedTable(title, columns, rows[:LAYOUT_ROWS], title_justify="left", hint=None)
    more = _more(len(rows))
    if more is None:
        return table
    from rich.console import Group  # noqa: PLC0415 (Rich: drawn output only)

    return Group(table, more)


LAYOUT_ROWS = 500
"""Rows of a table in a single record's layout; machine formats list every one."""


def _column(name: str, **policy: Any) -> TableColumn:
    """A column of a layout's table: the standard policy of a field of that name, or the
    one given (see contract.Column)."""
    return TableColumn(name, Column(**policy) if policy else column_of(None, name))


def _date(value: str | None, style: str = "") -> Text:
    return _text(date_for_people(value) if value else value, style)


def _fields_table(
    title: str, items: Sequence[Any], columns: Sequence[tuple[TableColumn, Callable[[Any], Text]]]
) -> RenderableType | None:
    """A table with one row an item and one column a (column, cell of an item) pair."""
    return _table(
        title,
        [column for column, _ in columns],
        [[cell(item) for _, cell in columns] for item in items],
    )


def _marked(text: Text, mark: str | None) -> Text:
    if mark:
        text.append(f" {mark}", style=MARK_STYLE)
    return text


def _events_table(events: Sequence[EventSummary], title: str = "Events") -> RenderableType | None:
    """A record's events as the timeline draws them, for scanning (see
    scanning.ScanningTable): the same columns, glyphs, status rule, footnote marks and
    handles; at most LAYOUT_ROWS rows, then how many more there are."""
    if not events:
        return None
    listing = Listing(
        events[:LAYOUT_ROWS],
        field_names(EventSummary),
        EVENT_COLUMNS,
        title=title,
        drawn=("handle", *EVENT_COLUMNS),
    )
    return ScanningTable(listing, _more(len(events)))


def _more(count: int) -> Text | None:
    """The line under a layout's table that says how many rows it leaves out."""
    if count <= LAYOUT_ROWS:
        return None
    from rich.text import Text  # noqa: PLC0415 (Rich: drawn output only)

    return Text(
        f"… and {count - LAYOUT_ROWS:,} more (every one with --json or -f plain)", style="dim"
    )


QUOTE_COLUMNS = [
    _column("date", minimum=10, priority=3, date=True),
    _column("speaker", minimum=10, priority=2),
    _column("quote", minimum=20, priority=1),
]


def _quotes_table(quotes: Sequence[QuoteRow]) -> RenderableType | None:
    return _table(
        "Quotes",
        QUOTE_COLUMNS,
        [
            [
                _date(quote.date, "bold"),
                _text(quote.speaker_name),
                _text(
                    f"“{quote.text}”" + (f" ({ONE_REPORT})" if quote.one_report else ""),
                    "italic",
                ),
            ]
            for quote in quotes
        ],
    )


SOURCE_COLUMNS = [
    _column("publisher", minimum=10, priority=2),
    _column("date", minimum=10, priority=3, date=True),
    _column("title", minimum=18, priority=1),
    _column("url", minimum=16, priority=4, wrap="shorten"),
]


def _sources_table(sources: Sequence[SourceRef]) -> RenderableType | None:
    """Sources as people weigh them: whose reporting (and where read), when, what, and
    where to read it; the title links to it on terminals that follow links, and the
    address is cut, never wrapped."""
    from rich.style import Style  # noqa: PLC0415 (Rich: drawn output only)

    def publisher(source: SourceRef) -> str:
        return f"{source.publisher} (via {source.via})" if source.via else source.publisher

    rows = []
    for source in sources:
        title = _text(source.title)
        if target := link_target(source.url):
            title.stylize(Style(link=target))
        address = _text(source.url or "", "dim")
        address.no_wrap, address.overflow = True, "ellipsis"
        rows.append([_text(publisher(source), "bold"), _date(source.date), title, address])
    return _table("Sources", SOURCE_COLUMNS, rows)


def _panel(title: str, *parts: RenderableType) -> RenderableType:
    return TitledPanel(_text(title, "bold"), *parts)


def person_layout(person: PersonProfile) -> list[RenderableType | None]:
    header = _facts(
        [
            ("native name", person.native_name),
            ("also", person.aliases),
            ("born", date_for_people(person.born) if person.born else None),
            ("roles as of", date_for_people(person.as_of) if person.as_of else None),
        ]
    )
    roles = _fields_table(
        "Roles",
        person.roles,
        [
            (_column("title", minimum=14, priority=1), lambda role: _text(role.title)),
            (
                _column("organization", minimum=10, priority=2),
                lambda role: _text(role.organization_name),
            ),
            (_column("from"), lambda role: _date(role.start)),
            (_column("to"), lambda role: _date(role.end)),
        ],
    )
    met = _fields_table(
        "Met",
        person.met,
        [
            (_column("name"), lambda contact: _text(contact.name)),
            (
                _column("meetings", minimum=8, priority=2, wrap="never"),
                lambda contact: _text(contact.meetings),
            ),
            (_column("first"), lambda contact: _date(contact.first)),
            (_column("last"), lambda contact: _date(contact.last)),
        ],
    )
    return [
        _panel(person.name, header, _text(person.summary)),
        roles,
        _events_table(person.events),
        _quotes_table(person.quotes),
        met,
        _sources_table(person.source_details),
    ]


DISPUTE_COLUMNS = [
    _column("field", minimum=5, priority=1, wrap="never"),
    _column("value", minimum=14, priority=1),
    _column("reported by", minimum=10, priority=2),
    _column("note", minimum=16, priority=3),
]
EVIDENCE_COLUMNS = DISPUTE_COLUMNS[:3]


DISPUTED = "Disputed"
CHANGED = "Changed since first reported"
DISPUTED_OR_CHANGED = "Disputed or changed since first reported"


def dispute_heading(disputes: Sequence[DisputeRow]) -> str:
    """The heading of an event's table of values the sources differ on: "Disputed"
    where sources of (or after) the event disagree; "Changed since first reported"
    where every difference is an advance report (written before the event, of a plan
    that then changed) beside a later one; "Disputed or changed since first reported"
    where there are both."""
    changed = [bool(advance_alternatives(dispute)) for dispute in disputes]
    disagreed = [is_disagreement(dispute) for dispute in disputes]
    if not any(changed):
        return DISPUTED
    if not any(disagreed):
        return CHANGED
    return DISPUTED_OR_CHANGED


def event_layout(event: EventDocument) -> list[RenderableType | None]:

    disputed = {dispute.field: dispute for dispute in event.disputes}

    def fact(field: str, value: str | None) -> str | None:
        shown = value_for_people(field, value) if value else None
        return disputed_value(shown, disputed.get(field)) if shown else None

    header = _facts(
        [
            ("date", fact("date", event.date)),
            ("scheduled", fact("scheduled", event.scheduled or None)),
            ("end", fact("end", event.end or None)),
            ("kind", fact("kind", event.kind)),
            (
                "status",
                f"{fact('status', event.status)} ({overdue_text(event.date)})"
                if event.overdue
                else fact("status", event.status),
            ),
            ("place", fact("place", event.place)),
            ("organizations", event.organization_names),
            ("topics", event.topic_names),
            ("claimed by", claim_text(event.claimed_by_names) if event.claimed_by_names else None),
        ]
    )
    participants = _table(
        "Participants",
        [_column("name"), _column("role on that date", minimum=16, priority=2)],
        [
            [
                _text(person.name),
                _text("\n".join(role_text(role, date_for_people) for role in person.roles)),
            ]
            for person in event.participants
        ],
    )
    disputes = _table(
        dispute_heading(event.disputes),
        DISPUTE_COLUMNS,
        [
            [
                _text(dispute.field if index == 0 else "", MARK_STYLE),
                _text(
                    value_for_people(dispute.field, alternative.value)
                    + (
                        " (shown)"
                        if alternative.value == dispute.value
                        else f" ({ADVANCE_STANCE})"
                        if alternative.reported_before_event
                        else ""
                    )
                ),
                _text("\n".join(alternative.publishers)),
                _text(dispute.note if index == 0 else ""),
            ]
            for dispute in event.disputes
            for index, alternative in enumerate(dispute.alternatives)
        ],
    )
    sources = _sources_table(event.source_details)
    return [
        # The border names the event as commands take it; the whole title is in the body.
        _panel(event.handle, _text(event.title, "bold"), header, _text(event.summary)),
        participants,
        disputes,
        _quotes_table(event.quotes),
        sources,
    ]


def topic_layout(topic: TopicDocument) -> list[RenderableType | None]:
    from rich.text import Text  # noqa: PLC0415 (Rich: drawn output only)

    header = _facts([("also", topic.aliases), ("status", topic.status), ("related", topic.related)])
    return [
        _panel(topic.name, _text(topic.summary), Text(), header),
        _events_table(topic.events, "Timeline"),
        _quotes_table(topic.quotes),
        _sources_table(topic.source_details),
    ]


def _reported_by(evidence: FieldEvidence, asked: bool) -> Text:
    """Who reports a field's value: the publishers of the sources cited for the field,
    then, dimmed and headed as such, those of the sources cited for the record alone
    (for the one field asked about, saying in full that none is cited for it alone)."""
    from rich.text import Text  # noqa: PLC0415 (Rich: drawn output only)

    if not evidence.sources:
        return _text("no source given")
    record_only = tuple(
        dict.fromkeys(
            source.publisher for source in evidence.sources if source.cited_for == "record"
        )
    )
    cell = Text()
    if evidence.field_publishers:
        cell.append_text(_text("\n".join(evidence.field_publishers)))
    if record_only:
        heading = FIELD_UNSOURCED if asked and not evidence.field_publishers else RECORD_SOURCES
        if evidence.field_publishers:
            cell.append("\n")
        cell.append_text(_text(heading + "\n" + "\n".join(record_only), "dim"))
    return cell


def why_layout(why: WhyDocument) -> list[RenderableType | None]:
    """The evidence for a record: each field's value and who reports it, the other values
    and theirs, then every source in full."""
    facts = _facts(
        [
            ("record", f"{why.type} {why.id}"),
            ("claimed by", claim_text(why.claimed_by_names) if why.claimed_by_names else None),
            ("status", overdue_text(why.date) if why.overdue and why.date else None),
            ("sourcing", ONE_REPORT if why.one_report else None),
        ]
    )
    rows: list[list[Text]] = []
    for evidence in why.fields:
        value = value_for_people(evidence.field, evidence.value)
        shown = value + (" (shown)" if evidence.disputed else "")
        rows.append(
            [
                _text(evidence.field, "bold"),
                _text(shown),
                _reported_by(evidence, why.asked is not None),
            ]
        )
        rows += [
            [
                _text(""),
                _text(
                    f"{value_for_people(evidence.field, other.value)} "
                    f"({ADVANCE_STANCE if other.reported_before_event else 'alternative'})",
                    CAUTION_STYLE,
                ),
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
        _table("Evidence", EVIDENCE_COLUMNS, rows),
        _sources_table(list(sources.values())),
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
                    ("kept up to", date_for_people(report.as_of or "")),
                    ("last reviewed", date_for_people(report.reviewed or "")),
                    (
                        "records",
                        f"{counted(report.events, 'event')}, "
                        f"{counted(report.people, 'person', 'people')}, "
                        f"{counted(report.organizations, 'organization')}, "
                        f"{counted(report.topics, 'topic')}, {counted(report.quotes, 'quote')}, "
                        f"{counted(report.sources, 'source')} "
                        f"from {counted(report.publishers, 'publisher')}",
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
                        f"{counted(report.disputes, 'disputed field')} in "
                        f"{counted(report.disputed_events, 'event')}",
                    ),
                    ("one-side claims", counted(report.claims, "event")),
                    (
                        "events",
                        f"{date_for_people(report.first_event or '')} to "
                        f"{date_for_people(report.newest_event or '')}",
                    ),
                    ("latest that happened", date_for_people(report.latest_happened or "")),
                    ("overdue", counted(report.overdue, "event")),
                    ("sources reach", date_for_people(report.sources_reach or "") or None),
                ]
            ),
        )
    ]


def between_layout(between: BetweenRow) -> list[RenderableType | None]:
    """The two events as the timeline draws them, then the time between them."""
    if between.events:
        return [
            _events_table(between.events, ""),
            _facts([("interval", between.interval), ("days", between.days)]),
        ]
    return [
        _facts(
            [
                ("from", f"{date_for_people(between.from_date)}  {between.from_title}"),
                ("to", f"{date_for_people(between.to_date)}  {between.to_title}"),
                ("interval", between.interval),
                ("days", between.days),
            ]
        )
    ]


LAYOUTS: dict[type[Document], Callable[[Any], list[RenderableType | None]]] = {
    PersonProfile: person_layout,
    EventDocument: event_layout,
    TopicDocument: topic_layout,
    WhyDocument: why_layout,
    CoverageReport: coverage_layout,
    BetweenRow: between_layout,
}
"""The terminal layout of each type of document."""


def draw_document(document: Document, options: OutputOptions, stream: TextIO) -> None:
    console = make_console(stream, options.color, options.width)
    for renderable in LAYOUTS[type(document)](document):
        if renderable is not None:
            console.print(renderable)
