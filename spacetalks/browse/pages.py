"""What each page of the explorer shows: the command line's documents and layouts, and
the links a reader can follow from them.

A page is the body that ``show``, ``who``, ``topics TOPIC`` or ``why`` draws on a
terminal (the same document from spacetalks.answers.documents, drawn by the same layout from
spacetalks.output.terminal.layouts), and a list of links to the records it names. Nothing here knows
about Textual: the app (spacetalks.browse.app) draws pages and follows links.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import msgspec
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from spacetalks.answers.contract import EventFacts, EventSummary, Row, SearchRow, SourceRef
from spacetalks.answers.documents import (
    event_document,
    event_summary,
    person_document,
    topic_document,
    why_document,
)
from spacetalks.answers.rows import role_row, search_listing, span_text
from spacetalks.dataset.model import Dataset, Event, Organization, Person, Quote, Source, Topic
from spacetalks.output.cells import date_for_people, evidence_marks, is_disagreement, visible
from spacetalks.output.safe_text import shortened
from spacetalks.output.terminal.layouts import (
    LAYOUT_ROWS,
    event_layout,
    person_layout,
    topic_layout,
    why_layout,
)
from spacetalks.output.terminal.palette import MARK_STYLE, kind_style
from spacetalks.query.citing import CitableRecord
from spacetalks.query.records import SEARCH_TYPES, AnyRecord, events_on_topic, search
from spacetalks.query.selection import EventFilter, select_events

LINK_KINDS = ("event", "person", "organization", "topic", "quote", "source", "why")


class Target(msgspec.Struct, frozen=True):
    """Where a link leads: a record by its kind and id, or (``why``) a record's evidence."""

    kind: str
    """One of LINK_KINDS."""
    id: str


@dataclass(frozen=True)
class Link:
    """A line of a page's list: a link to a record, or (without a target) a heading."""

    label: Text
    target: Target | None
    matched: RenderableType | None = None
    """What the detail shows above the linked record while the link is highlighted (a
    search result's matching text)."""


@dataclass(frozen=True)
class Page:
    """One record as the explorer shows it."""

    title: str
    body: list[RenderableType]
    links: list[Link]
    target: Target
    """The record the page is about: what y cites and o opens when no link is chosen."""
    events: list[Event] = field(default_factory=list)
    """The events the page shows: what e exports."""
    preview: bool = False
    """Whether the detail shows the highlighted link's record (search results) rather
    than the body, which then only heads the page."""


class Records:
    """The dataset with its events by id, which pages and links look records up in."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.events = {event.id: event for event in dataset.events}
        self._tables: dict[str, Mapping[str, CitableRecord]] = {
            "event": self.events,
            "person": dataset.people,
            "organization": dataset.organizations,
            "topic": dataset.topics,
            "quote": dataset.quotes,
            "source": dataset.sources,
        }

    def record(self, target: Target) -> CitableRecord | None:
        """The record a target names (a ``why`` target names the record it explains)."""
        if target.kind == "why":
            return next(
                (table[target.id] for table in self._tables.values() if target.id in table), None
            )
        return self._tables.get(target.kind, {}).get(target.id)


def text(value: str, style: str = "") -> Text:
    """Dataset text as a Text (never markup), control characters made visible."""
    return Text(visible(shortened(value, 1000)), style=style)


def heading(label: str) -> Text:
    return Text(label, style="bold underline")


# Links ----------------------------------------------------------------------------


def more(count: int, shown: int, what: str) -> list[Link]:
    """The line that ends a list cut at ``shown`` of ``count`` entries (none when whole)."""
    if count <= shown:
        return []
    return [Link(Text(f"… and {count - shown:,} more {what}", style="italic"), None)]


def event_links(rows: Sequence[EventSummary]) -> list[Link]:
    """Events as links: date, kind and title, with the tables' dispute and claim marks; at
    most LAYOUT_ROWS of them, as a layout lists (e exports every one)."""
    marks, _ = evidence_marks(rows, ("date", "title"))
    links = []
    for index, row in enumerate(rows[:LAYOUT_ROWS]):
        label = Text.assemble(
            text(date_for_people(row.date), "bold"),
            "  ",
            text(row.kind, kind_style(row.kind)),
            "  ",
            text(row.title),
        )
        mark = marks.get((index, "title")) or marks.get((index, "date"))
        if mark:
            label.append(f" {mark}", style=MARK_STYLE)
        links.append(Link(label, Target("event", row.id)))
    return [*links, *more(len(rows), LAYOUT_ROWS, "(e exports every one)")]


def source_link(source: SourceRef) -> Link:
    label = Text.assemble(
        text(source.publisher, "bold"),
        text(f", {source.date}" if source.date else ""),
        ": ",
        text(source.title),
    )
    if source.url:
        label.append("\n")
        label.append(text(source.url, "underline"))
    return Link(label, Target("source", source.id))


def organization_links(dataset: Dataset, refs: Iterable[str]) -> list[Link]:
    """Organizations as links, each once."""
    return [
        Link(text(dataset.organizations[ref].name), Target("organization", ref))
        for ref in dict.fromkeys(refs)
    ]


def evidence_link(record_id: str) -> Link:
    return Link(
        Text("How we know: the evidence, field by field (why)", style="bold"),
        Target("why", record_id),
    )


def footnotes(rows: Sequence[Row], columns: Sequence[str]) -> list[RenderableType]:
    """The tables' footnotes for marked rows: what is disputed, whose claim it is."""
    _, notes = evidence_marks(rows, columns)
    return [Text.assemble((mark, MARK_STYLE), " ", text(note)) for mark, note in notes]


def mark_explained(mark: str, row: EventFacts | EventSummary, note: str) -> Table:
    """What a list's footnote mark on an event means, said in words for the detail: which
    doubt it marks (sources that disagree, a plan that changed, one side's claim, a plan
    overdue), then the footnote the tables print for it."""
    reasons = [
        f"the sources disagree on its {dispute.field}"
        if is_disagreement(dispute)
        else f"its {dispute.field} changed after reports written before the event"
        for dispute in row.disputes
    ]
    if names := row.claimed_by_names:
        reasons.append(
            f"only {' and '.join(names)} report{'s' if len(names) == 1 else ''} it, "
            "one side's claim that no other source confirms"
        )
    if row.overdue:
        reasons.append(
            f"it is still {row.status} for a date now past, and nothing since says it took place"
        )
    explained = Table.grid(padding=(0, 1))
    explained.add_column(no_wrap=True)
    explained.add_column()
    explained.add_row(
        Text(mark, style=MARK_STYLE),
        Group(Text(f"in the list means: {'; '.join(reasons)}."), text(note, "italic")),
    )
    return explained


def sections(*groups: tuple[str, list[Link]]) -> list[Link]:
    """Groups of links, each under its heading; a group without links is left out."""
    return [line for name, links in groups if links for line in (Link(heading(name), None), *links)]


# Pages ----------------------------------------------------------------------------


def _body(parts: Iterable[RenderableType | None]) -> list[RenderableType]:
    return [part for part in parts if part is not None]


def event_page(records: Records, event: Event) -> Page:
    """An event as ``show`` draws it; links to its evidence, people, organizations,
    topics and sources."""
    dataset = records.dataset
    document = event_document(dataset, event)
    people = [
        Link(
            Text.assemble(
                text(person.name, "bold"),
                text("".join(f"  {role.title}, {role.organization_name}" for role in person.roles)),
            ),
            Target("person", person.id),
        )
        for person in document.participants
    ]
    organizations = organization_links(dataset, event.organizations)
    topics = [Link(text(dataset.topics[ref].name), Target("topic", ref)) for ref in event.topics]
    sources = [source_link(source) for source in document.source_details]
    return Page(
        title=event.title,
        body=_body(event_layout(document)),
        links=[
            evidence_link(event.id),
            *sections(
                ("People", people),
                ("Organizations", organizations),
                ("Topics", topics),
                ("Sources", sources),
            ),
        ],
        target=Target("event", event.id),
        events=[event],
    )


def person_page(records: Records, person: Person) -> Page:
    """A person as ``who`` draws them; links to their organizations, events and people met."""
    dataset = records.dataset
    document = person_document(dataset, person, None)
    organizations = organization_links(dataset, [role.organization for role in person.roles])
    met = [Link(text(contact.name), Target("person", contact.id)) for contact in document.met]
    events = [records.events[row.id] for row in document.events]
    return Page(
        title=person.name,
        body=_body(person_layout(document)),
        links=[
            evidence_link(person.id),
            *sections(
                ("Organizations", organizations),
                ("Events", event_links(document.events)),
                ("Met", met),
            ),
        ],
        target=Target("person", person.id),
        events=events,
    )


def organization_page(records: Records, organization: Organization) -> Page:
    """An organization: its names and summary, who held which role there and when, and
    its events (as ``timeline --org`` chooses them)."""
    dataset = records.dataset
    events = select_events(dataset, EventFilter(organizations=frozenset({organization.id})))
    holders = sorted(
        (
            (role.start or role.end or "", person, role)
            for person in dataset.people.values()
            for role in person.roles
            if role.organization == organization.id
        ),
        key=lambda item: item[0],
    )
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    for label, value in (
        ("abbreviation", organization.abbreviation),
        ("native name", organization.native_name),
        ("country", organization.country),
        ("also", ", ".join(organization.aliases)),
    ):
        if value:
            facts.add_row(label, text(value))
    roles = Table(title="Roles", title_justify="left", title_style="bold")
    for column in ("name", "title", "when"):
        roles.add_column(column, overflow="fold")
    for _, person, role in holders:
        row = role_row(dataset, role)
        roles.add_row(text(person.name), text(row.title), text(span_text(row.start, row.end)))
    summaries = [event_summary(dataset, event) for event in events]
    people = [
        Link(text(person.name), Target("person", person.id))
        for person in dict.fromkeys(person for _, person, _ in holders)
    ]
    panel = Panel(
        Group(facts, text(organization.summary)),
        title=text(organization.name, "bold"),
        expand=False,
    )
    return Page(
        title=organization.name,
        body=_body([panel, roles if holders else None, *footnotes(summaries, ("title",))]),
        links=[
            evidence_link(organization.id),
            *sections(("People", people), ("Events", event_links(summaries))),
        ],
        target=Target("organization", organization.id),
        events=events,
    )


def topic_page(records: Records, topic: Topic) -> Page:
    """A topic as ``topics TOPIC`` draws it; links to its events and related topics."""
    dataset = records.dataset
    events = events_on_topic(dataset, topic.id)
    document = topic_document(dataset, topic, events)
    related = [Link(text(row.name), Target("topic", row.id)) for row in document.related]
    return Page(
        title=topic.name,
        body=_body(topic_layout(document)),
        links=sections(("Events", event_links(document.events)), ("Related", related)),
        target=Target("topic", topic.id),
        events=events,
    )


def why_page(records: Records, record: AnyRecord) -> Page:
    """The evidence for a record, as ``why`` draws it; links to every source it names."""
    document = why_document(records.dataset, record)
    cited = {
        source.id: source
        for evidence in document.fields
        for group in (evidence.sources, *(other.sources for other in evidence.alternatives))
        for source in group
    }
    for_a_field = {
        source.id
        for evidence in document.fields
        for group in (evidence.sources, *(other.sources for other in evidence.alternatives))
        for source in group
        if source.cited_for == "field"
    }
    kind = document.type
    return Page(
        title=f"Evidence: {document.name}",
        body=_body(why_layout(document)),
        links=sections(
            (
                "Sources cited for a field",
                [source_link(source) for source in cited.values() if source.id in for_a_field],
            ),
            (
                "Sources cited for the record",
                [source_link(source) for source in cited.values() if source.id not in for_a_field],
            ),
        ),
        target=Target(kind, record.id),
        events=[record] if isinstance(record, Event) else [],
    )


SEARCH_TARGETS = {"org": "organization"}
"""Search's record types that the explorer names otherwise."""


def search_page(records: Records, wanted: str) -> Page:
    """Every field that matches, as ``search`` finds them, one a line: the record's type,
    the field that matched (with the tables' mark) and the record's title, cut to the
    line; the highlighted one's matching text and mark are told in the detail, above the
    record. Each a link to its record."""
    dataset = records.dataset
    listing = search_listing(dataset, search(dataset, wanted, SEARCH_TYPES), wanted)
    rows = [row for row in listing.rows if isinstance(row, SearchRow)]
    marks, notes = evidence_marks(rows, ("snippet",))
    noted = dict(notes)
    shown = rows[:LAYOUT_ROWS]
    type_width = max((len(row.type) for row in shown), default=4)
    field_width = max(
        (
            len(row.field)
            + len(f" {marks[index, 'snippet']}" if (index, "snippet") in marks else "")
            for index, row in enumerate(shown)
        ),
        default=5,
    )
    links = []
    for index, row in enumerate(shown):
        mark = marks.get((index, "snippet"))
        field_cell = text(row.field, "italic")
        if mark:
            field_cell.append(f" {mark}", style=MARK_STYLE)
        label = Text.assemble(
            text(row.type, "bold"),
            " " * (type_width - len(row.type) + 2),
            field_cell,
            " " * (field_width - field_cell.cell_len + 2),
            text(_name(records, row)),
            no_wrap=True,
            overflow="ellipsis",
        )
        matched = [Text.assemble((f"{row.field}: ", "italic"), text(row.snippet))]
        if mark:
            matched.append(Text.assemble((mark, MARK_STYLE), " ", text(noted[mark])))
        links.append(
            Link(label, Target(SEARCH_TARGETS.get(row.type, row.type), row.id), Group(*matched))
        )
    count = len(rows)
    summary = Text.assemble(
        (f"{count} result{'s' if count != 1 else ''} for ", "bold"), text(wanted, "bold")
    )
    matched_events = [records.events[row.id] for row in rows if row.type == "event"]
    return Page(
        title=f"Search: {wanted}",
        body=[summary],
        links=[*links, *more(count, LAYOUT_ROWS, "results: narrow the search")],
        target=Target("search", wanted),
        events=list(dict.fromkeys(matched_events)),
        preview=True,
    )


def _name(records: Records, row: SearchRow) -> str:
    record = records.record(Target(SEARCH_TARGETS.get(row.type, row.type), row.id))
    match record:
        case Event() | Source():
            return record.title
        case Quote():
            return records.dataset.people[record.speaker].name
        case None:
            return row.id
        case _:
            return record.name


def page_for(records: Records, target: Target) -> Page | None:
    """The page a link opens (None for a source, which opens in the web browser)."""
    record = records.record(target)
    match record:
        case _ if target.kind == "why" and isinstance(
            record, Event | Person | Quote | Organization
        ):
            return why_page(records, record)
        case Event():
            return event_page(records, record)
        case Person():
            return person_page(records, record)
        case Organization():
            return organization_page(records, record)
        case Topic():
            return topic_page(records, record)
        case Quote():
            return why_page(records, record)
    return None
