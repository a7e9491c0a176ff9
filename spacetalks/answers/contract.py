"""The presentation contract: the typed rows and documents that ``rows`` and
``documents`` build and every renderer reads.

A command's answer is either a Listing (rows of one type, the fields they have, the
columns a table shows) or one Document (a profile, an event in full, a topic). JSON
output is exactly these structs' builtins, so their field names (``encode_name``) are
the documented keys and what ``--fields`` chooses among. A field that is ``UNSET`` is
left out of JSON (an event's ``end`` where it has none) and shown as empty elsewhere.
Renderers pick a layout by a value's type, never by which keys it has.

This module imports nothing else of spacetalks but the reader of its own field
docstrings: rows build these types and renderers read them, so both import it and it
imports neither.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Sequence
from operator import attrgetter
from typing import ClassVar, Literal

from msgspec import UNSET, Struct, UnsetType, field, structs

from spacetalks.dataset.field_docs import field_docstrings

Wrap = Literal["words", "never", "shorten"]
Compact = Literal["drop", "day", "glyph", "fold"]


class Column(Struct, frozen=True, kw_only=True):
    """How a field reads as a column of a table meant for people (a terminal, a picture):
    its share of a narrow terminal, its place among the columns to keep, how its text
    breaks, and what it shows. Machine formats (plain, tsv, csv, json, markdown) ignore
    it and write the field's own value."""

    minimum: int = 10
    """Columns the text is never squeezed below (unless the table keeps it alone)."""
    priority: int = 3
    """1 is kept longest: when the terminal is too narrow for every column, the columns
    with the highest number are left out first (the rightmost among equals)."""
    wrap: Wrap = "words"
    """``words``: wrapped between words, a word split only when it is wider than the
    column; ``never``: one line (a kind, a count); ``shorten``: one line, cut with an
    ellipsis (ids, URLs)."""
    shows: str | None = None
    """The field a table shows in this column: a name for an id (``organization_name``
    for ``organization``)."""
    date: bool = False
    """A date of the dataset, shown as people write it (``Oct 2018``, ``2025-08-01 15:43
    UTC``)."""
    link: str | None = None
    """The field holding a URL that the cell links to, on terminals that follow links."""
    label: str | None = None
    """The column's heading, where it is not the field's name."""
    main: bool = False
    """The column a listing is read by (a title, a name, a quote): a table for people
    gives it the room first, giving way in the other columns (see gives_way)."""
    gives_way: int = 0
    """Where it is short of room, a table for people gives this column's way of being
    drawn up in this order (1 first; 0 never): see compact."""
    compact: Compact | None = None
    """How the column gives way: ``drop`` (left out), ``day`` (a date without its time
    of day), ``glyph`` (a kind as its glyph), ``fold`` (a status as a word before the
    main column's text, where it is not ``quiet``)."""
    keep_share: float = 0.65
    """Its generous form is kept while the main column still gets this share of the
    width (or its longest text, where that needs less)."""
    keep_lines: float | None = None
    """Its generous form is kept only while the main column's text, wrapped, takes at
    most this many lines a row on average (None: not counted)."""
    quiet: str | None = None
    """The value a table for people leaves blank (``happened``): the default that goes
    without saying. A column of nothing but quiet values is left out."""
    quoted: bool = False
    """Words someone said, verbatim: a table for people sets them in quotation marks."""


HANDLE_COLUMN = Column(
    minimum=8, priority=2, wrap="never", gives_way=5, compact="drop", keep_share=0.5
)
"""A name the next command accepts (an event's handle, a person's id): never cut; left
out last, when the main column would get less than half the width."""
LIST_HANDLE = structs.replace(HANDLE_COLUMN, keep_lines=2.0)
"""An event's handle in a list inside a record's layout (who, topics TOPIC, between):
also left out where its titles would take more than two lines a row (a short list's
few long titles wrapped onto a third line at 80 columns). Such a list has at most
LAYOUT_ROWS rows, so counting its lines costs little; the timeline does not count."""
ID_HANDLE = Column(
    minimum=8, priority=2, wrap="never", gives_way=5, compact="drop", keep_share=0.3, label="id"
)
"""A record's id shown as its handle (people, organizations, topics, quotes, sources)."""
DATE_COLUMN = Column(minimum=10, priority=1, date=True, gives_way=2, compact="day")
COLUMNS_BY_FIELD: dict[str, Column] = {
    "date": DATE_COLUMN,
    "first": Column(minimum=10, priority=3, date=True, gives_way=2, compact="day"),
    "last": Column(minimum=10, priority=3, date=True, gives_way=2, compact="day"),
    "from": Column(minimum=10, priority=2, date=True),
    "to": Column(minimum=10, priority=2, date=True),
    "from_date": Column(minimum=10, priority=1, date=True, label="from"),
    "to_date": Column(minimum=10, priority=1, date=True, label="to"),
    "end": Column(minimum=10, priority=3, date=True),
    "scheduled": Column(minimum=10, priority=3, date=True),
    "born": Column(minimum=7, priority=4, date=True),
    "gap": Column(minimum=9, priority=2),
    "gap_days": Column(minimum=8, priority=4, wrap="never", label="days"),
    "title": Column(minimum=18, priority=1, main=True),
    "name": Column(minimum=12, priority=1, main=True),
    "snippet": Column(minimum=20, priority=1, main=True),
    "text": Column(minimum=20, priority=1, main=True),
    "interval": Column(minimum=12, priority=1),
    "value": Column(minimum=14, priority=1),
    "kind": Column(minimum=7, priority=3, wrap="never", gives_way=3, compact="glyph"),
    "status": Column(
        minimum=8, priority=4, wrap="never", gives_way=4, compact="fold", quiet="happened"
    ),
    "handle": HANDLE_COLUMN,
    "type": Column(minimum=5, priority=2, wrap="never"),
    "field": Column(minimum=5, priority=2, wrap="never"),
    "stance": Column(minimum=5, priority=4, wrap="never"),
    "cited_for": Column(minimum=6, priority=4, wrap="never", label="cited for"),
    "place": Column(minimum=12, priority=5, gives_way=1, compact="drop"),
    "publisher": Column(minimum=10, priority=2),
    "speaker_name": Column(minimum=10, priority=2, label="speaker"),
    "role": Column(minimum=12, priority=2),
    "organization": Column(minimum=10, priority=3, shows="organization_name"),
    "abbreviation": Column(minimum=5, priority=4, wrap="never", label="abbr."),
    "country": Column(minimum=8, priority=4),
    "native_name": Column(minimum=10, priority=5, label="native name"),
    "people": Column(minimum=12, priority=4, shows="people_names"),
    "events": Column(minimum=6, priority=2, wrap="never"),
    "citations": Column(minimum=5, priority=4, wrap="never", label="cited"),
    "days": Column(minimum=4, priority=2, wrap="never"),
    "id": Column(minimum=12, priority=6, wrap="shorten"),
    "url": Column(minimum=16, priority=6, wrap="shorten"),
    "source": Column(minimum=12, priority=6, wrap="shorten"),
}
"""The column each field makes, by the field's name; a row type's TABLE overrides these."""
OTHER_COLUMN = Column()


class Row(Struct, frozen=True, kw_only=True, gc=False):
    """Base of every row and document: a record as output shows it."""

    TABLE: ClassVar[dict[str, Column]] = {}
    """The columns of this row type that read otherwise than COLUMNS_BY_FIELD says."""


def column_of(row_type: type[Row] | None, name: str) -> Column:
    """How the field of this row type reads as a table column (see Column)."""
    own = row_type.TABLE.get(name) if row_type is not None else None
    return own or COLUMNS_BY_FIELD.get(name, OTHER_COLUMN)


def field_names(row_type: type[Row]) -> tuple[str, ...]:
    """The keys of a row type, as JSON writes them, in order."""
    return tuple(info.encode_name for info in structs.fields(row_type))


class FieldDoc(Row, frozen=True, kw_only=True):
    """One field of a command's output, as ``--fields help`` lists it."""

    TABLE: ClassVar[dict[str, Column]] = {
        "field": Column(minimum=12, priority=1, wrap="never"),
        "type": Column(minimum=12, priority=2),
        "description": Column(minimum=24, priority=1),
    }

    field: str
    """The field's name: a JSON key, and a column for ``--fields``."""
    type: str
    """What its values are: text, integer, a list of text, an object with these keys..."""
    description: str
    """What it holds, from the docstring under the field in spacetalks/contract.py."""


def describe_fields(row_type: type[Row]) -> tuple[FieldDoc, ...]:
    """Every field of a row type with its type and a one-line description."""
    hints = typing.get_type_hints(row_type)
    docs = _field_docstrings(row_type)
    return tuple(
        FieldDoc(
            field=info.encode_name,
            type=type_label(hints[info.name]),
            description=docs.get(info.name, ""),
        )
        for info in structs.fields(row_type)
    )


_SCALARS = {str: "text", int: "integer", float: "number", bool: "true or false"}


def type_label(annotation: object) -> str:
    """A field's type as people read it: ``text or null``, ``list of text``, ``list of
    {field, value, note, alternatives}``."""
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    if isinstance(annotation, type) and issubclass(annotation, Row):
        return "{" + ", ".join(field_names(annotation)) + "}"
    arguments = typing.get_args(annotation)
    if typing.get_origin(annotation) is tuple:
        return f"list of {type_label(arguments[0])}"
    chosen = [argument for argument in arguments if argument not in (type(None), UnsetType)]
    label = " or ".join(type_label(argument) for argument in chosen)
    return f"{label} or null" if type(None) in arguments else label


@functools.cache
def _field_docstrings(row_type: type[Row]) -> dict[str, str]:
    """The docstring under each field of a row type and of the row types it extends."""
    docs: dict[str, str] = {}
    for klass in reversed(row_type.__mro__):
        if isinstance(klass, type) and issubclass(klass, Row):
            docs.update(field_docstrings(klass))
    return {name: doc.replace("``", "") for name, doc in docs.items()}


@functools.cache
def _attributes(row_type: type[Row]) -> dict[str, str]:
    return {info.encode_name: info.name for info in structs.fields(row_type)}


def value_of(row: Row, name: str) -> object:
    """The value of a row's field by its JSON key; None where the row has no such value."""
    attribute = _attributes(type(row)).get(name)
    value = getattr(row, attribute) if attribute is not None else None
    return None if value is UNSET else value


def column_values(rows: Sequence[Row], name: str) -> list[object]:
    """value_of of each row, for one field: rows of one type (a listing's) are read with
    one getter, some five times faster than a call of value_of a row."""
    row_types = set(map(type, rows))
    if len(row_types) != 1:
        return [value_of(row, name) for row in rows]
    attribute = _attributes(row_types.pop()).get(name)
    if attribute is None:
        return [None] * len(rows)
    return [None if value is UNSET else value for value in map(attrgetter(attribute), rows)]


# Nested parts of rows ------------------------------------------------------------


class AlternativeRow(Row, frozen=True, kw_only=True):
    """One value that some sources give for a disputed field."""

    value: str
    sources: tuple[str, ...]
    """The sources that give this value, by id."""
    publishers: tuple[str, ...]
    """Whose reporting gives this value: the distinct publishers of those sources."""
    reported_before_event: bool = False
    """True when every one of those sources was published before the event: what was
    expected (a plan that changed), not a report of what happened."""


class DisputeRow(Row, frozen=True, kw_only=True):
    """A field whose value the sources disagree on, with each value and its sources."""

    field: str
    value: str | None
    """The value the record shows for the field."""
    note: str
    alternatives: tuple[AlternativeRow, ...]


class RoleRow(Row, frozen=True, kw_only=True):
    """A title a person held at an organization, over a span of time."""

    title: str
    organization: str
    organization_name: str
    start: str | None = field(name="from")
    end: str | None = field(name="to")
    sources: tuple[str, ...]


class Participant(Row, frozen=True, kw_only=True):
    """A person at an event, with the roles they held on its date."""

    id: str
    name: str
    roles: tuple[RoleRow, ...]


class Contact(Row, frozen=True, kw_only=True):
    """Someone a person met: in how many meetings, and when first and last."""

    id: str
    name: str
    meetings: int
    first: str
    last: str


class EventSummary(Row, frozen=True, kw_only=True):
    """The short form of an event inside another record, with its evidence."""

    TABLE: ClassVar[dict[str, Column]] = {"handle": LIST_HANDLE}

    id: str
    handle: str
    """A short name for it that every command accepts in place of the id (see
    EventFacts.handle)."""
    date: str
    title: str
    kind: str
    status: str
    overdue: bool = False
    """True when it is still scheduled or planned although its date has passed by the
    dataset's ``as_of``: no report of what became of it."""
    place: str | None
    claimed_by: tuple[str, ...]
    disputes: tuple[DisputeRow, ...]
    disputed: tuple[str, ...]
    claimed_by_names: tuple[str, ...]


class RelatedTopic(Row, frozen=True, kw_only=True):
    """A topic related to another, by id and name."""

    id: str
    name: str


# Rows of listings ------------------------------------------------------------------


class EventFacts(Row, frozen=True, kw_only=True):
    """An event as every output shows it; dates exactly as in the dataset."""

    id: str
    """The event's stable id."""
    handle: str
    """A short name for it that every command accepts in place of the id: the id
    without its leading date, cut to the fewest words (at least two) that no other
    record's id or name starts with. It can grow longer as records are added; scripts
    keep ``id``."""
    date: str
    """When it happened or is planned: ISO 8601 exactly as in the dataset (2018, 2018-10,
    2018-10-10 or 2025-08-01T15:43:00Z)."""
    precision: str
    """How much of the date is known: year, month, day or time."""
    title: str
    """What happened, in one line."""
    kind: str
    """meeting, visit, launch, docking... (or another kind the dataset uses)."""
    status: str
    """happened, scheduled, planned, scrubbed or cancelled."""
    overdue: bool = False
    """True when it is still scheduled or planned although its date has passed by the
    dataset's ``as_of`` (meta): the dataset has no report of what became of it."""
    place: str | None
    """Where it happened; null when unknown."""
    people: tuple[str, ...]
    """The people taking part, by id."""
    organizations: tuple[str, ...]
    """The organizations taking part, by id."""
    topics: tuple[str, ...]
    """The topics it concerns, by id."""
    sources: tuple[str, ...]
    """The sources that report it, by id."""
    summary: str
    """A few sentences on what happened (may be empty)."""
    end: str | None = None
    """The last day of an event that spans time; null for one that does not."""
    scheduled: str | None = None
    """The date that had been announced, where it differs; null otherwise."""
    claimed_by: tuple[str, ...]
    """The ids of the side whose claim alone this is (empty when no one side's)."""
    disputes: tuple[DisputeRow, ...]
    """The fields the sources disagree on: each with the value shown, the dataset's note,
    and its alternatives ({value, sources, publishers}: each value with its source ids and
    distinct publishers); empty when none."""
    disputed: tuple[str, ...]
    """The names of the disputed fields."""
    claimed_by_names: tuple[str, ...]
    """The names of the side whose claim alone this is, as people read them."""
    people_names: tuple[str, ...]
    """The names of ``people``, in the same order."""
    organization_names: tuple[str, ...]
    """The names of ``organizations`` as people read them (NASA), in the same order."""
    topic_names: tuple[str, ...]
    """The names of ``topics``, in the same order."""


class EventRow(EventFacts, frozen=True, kw_only=True):
    """An event in a timeline; with ``--gaps``, the time since the previous row."""

    gap: str | UnsetType | None = UNSET
    """With --gaps: the time since the previous row, in words; null for the first."""
    gap_days: int | UnsetType | None = UNSET
    """With --gaps: the time since the previous row, in days; null for the first."""


class PersonRow(Row, frozen=True, kw_only=True):
    """A person in a listing: names, latest role and organization, number of events."""

    TABLE: ClassVar[dict[str, Column]] = {"id": ID_HANDLE}

    id: str
    """The person's stable id."""
    name: str
    """The name as English-language sources write it."""
    native_name: str | None
    """The name in its own script (Дмитрий Баканов); null when none."""
    aliases: tuple[str, ...]
    """Other names and spellings the person is found by."""
    role: str | None
    """The title of the role that began last."""
    organization: str | None
    """The id of the organization of that role; null when none."""
    organization_name: str | None
    """The organization's name, as people read it (its abbreviation where it has one)."""
    events: int
    """How many events the person takes part in."""


class OrganizationRow(Row, frozen=True, kw_only=True):
    """An organization in a listing: names, country, its people, number of events."""

    TABLE: ClassVar[dict[str, Column]] = {"id": ID_HANDLE}

    id: str
    """The organization's stable id."""
    name: str
    """Its full name."""
    abbreviation: str | None
    """Its short name (NASA); null when none."""
    native_name: str | None
    """Its name in its own language and script; null when none."""
    country: str | None
    """The country it belongs to; null for an international one."""
    people: tuple[str, ...]
    """The ids of the people who held a role there."""
    people_names: tuple[str, ...]
    """The names of ``people``, in the same order."""
    events: int
    """How many events it takes part in."""


class TopicRow(Row, frozen=True, kw_only=True):
    """A topic in a listing: its events, their first and last dates, its people."""

    TABLE: ClassVar[dict[str, Column]] = {
        "id": ID_HANDLE,
        "status": Column(minimum=14, priority=5),
        "people": Column(minimum=11, priority=4, shows="people_names"),
    }

    id: str
    """The topic's stable id."""
    name: str
    """The topic's name."""
    events: int
    """How many events concern it."""
    first: str | None
    """The date of its first event; null when it has none."""
    last: str | None
    """The date of its last event; null when it has none."""
    people: tuple[str, ...]
    """The people in most of the topic's events, most first (at most three)."""
    people_names: tuple[str, ...]
    """The names of ``people``, in the same order."""
    status: str | None
    """Where the matter stands, in the dataset's words; null when not said."""


class QuoteRow(Row, frozen=True, kw_only=True):
    """A quote, verbatim, with who said it, when, where and who reports it."""

    TABLE: ClassVar[dict[str, Column]] = {
        "id": ID_HANDLE,
        "text": Column(minimum=20, priority=1, main=True, quoted=True),
    }

    id: str
    """The quote's stable id."""
    date: str | None
    """When it was said; null when unknown."""
    speaker: str
    """The id of the person who said it."""
    speaker_name: str
    """The name of the person who said it."""
    text: str
    """The words, verbatim, in the language they were said in."""
    event: str | None
    """The id of the event where it was said; null when none."""
    topics: tuple[str, ...]
    """The topics it concerns, by id."""
    context: str | None
    """Where and how it was said; null when not said."""
    sources: tuple[str, ...]
    """The sources that report it, by id."""
    topic_names: tuple[str, ...]
    """The names of ``topics``, in the same order."""
    one_report: bool = False
    """True when its sources all come from one publisher: one report, that nothing
    else carries."""


class SourceRow(Row, frozen=True, kw_only=True):
    """A source, with the records that cite it."""

    TABLE: ClassVar[dict[str, Column]] = {
        "title": Column(minimum=18, priority=1, link="url", main=True),
        "id": ID_HANDLE,
        "date": Column(minimum=10, priority=3, date=True),
        "citations": Column(minimum=5, priority=5, wrap="never", label="cited"),
    }

    id: str
    """The source's stable id."""
    title: str
    """The headline or title of the report."""
    publisher: str
    """Whose reporting it is (Reuters for a Reuters story read elsewhere)."""
    via: str | None = None
    """Where the copy read is hosted, when that is not the publisher (AsiaOne for a
    Reuters story read there); null otherwise."""
    date: str | None
    """When it was published; null when unknown."""
    url: str | None
    """Where it can be read; null when not online."""
    note: str | None
    """The dataset's note on the source; null when none."""
    cited_by: tuple[str, ...]
    """The records citing the source, as ``event:ID``, ``person:ID``..."""
    citations: int
    """How many records cite it."""


class SearchRow(Row, frozen=True, kw_only=True):
    """A field of a record that contains the text searched for."""

    type: str
    """The type of the record that matched: event, person, quote, topic, org or source."""
    id: str
    """The id of the record that matched."""
    handle: str
    """The name the next command accepts for it: an event's handle, another record's id."""
    field: str
    """The field that matched (title, summary, name...)."""
    snippet: str
    """The match with a little of the text around it."""
    text: str
    """The whole text of the field that matched."""
    claimed_by: tuple[str, ...]
    """The record's evidence, as an event row has it (empty for other records)."""
    disputes: tuple[DisputeRow, ...]
    """The fields the sources disagree on, as an event row has them."""
    disputed: tuple[str, ...]
    """The names of the disputed fields."""
    claimed_by_names: tuple[str, ...]
    """The names of the side whose claim alone the record is."""


class Listing(Struct, frozen=True):
    """What a listing command produces: rows, the fields they have, the default columns."""

    rows: Sequence[Row]
    fields: tuple[str, ...]
    """Every field a row may have, in display order; ``--fields`` chooses among these."""
    columns: tuple[str, ...]
    """The fields a table, plain, tsv, csv or markdown shows when ``--fields`` is not given."""
    title: str = ""
    drawn: tuple[str, ...] | None = None
    """The columns of a table for people where they differ from ``columns`` (a handle
    beside the date; machine formats keep ``columns``, led by the id)."""

    def column(self, name: str) -> Column:
        """How one of the listing's fields reads as a table column."""
        return column_of(type(self.rows[0]) if self.rows else None, name)


# Single-record documents -------------------------------------------------------------


class Document(Row, frozen=True, kw_only=True):
    """One record in full: JSON gives one object, plain gives ``field<TAB>value`` lines,
    and a terminal gets the layout drawn for its type."""

    COLUMNS: ClassVar[tuple[str, ...]] = ()
    """The fields shown when a table or plain output is asked for with ``--fields``."""

    @property
    def heading(self) -> str:
        raise NotImplementedError


class PersonProfile(Document, frozen=True, kw_only=True):
    """Who someone is: names, roles over time (or on a date), events, quotes, contacts."""

    COLUMNS = ("id", "name", "native_name", "roles", "events", "quotes", "met", "sources")

    id: str
    """The person's stable id."""
    name: str
    """The name as English-language sources write it."""
    native_name: str | None
    """The name in its own script; null when none."""
    aliases: tuple[str, ...]
    """Other names and spellings the person is found by."""
    born: str | None
    """The date of birth, as far as known; null when unknown."""
    summary: str
    """Who the person is, in a few sentences (may be empty)."""
    as_of: str | None
    """The date the roles are shown for, if one was asked for."""
    roles: tuple[RoleRow, ...]
    """Titles held at organizations, over time (or on --as-of)."""
    events: tuple[EventSummary, ...]
    """The events the person takes part in, in date order."""
    quotes: tuple[QuoteRow, ...]
    """What the person said, verbatim, with its sources."""
    met: tuple[Contact, ...]
    """The people met in meetings: how many times, first and last."""
    sources: tuple[str, ...]
    """Every source behind the person and their roles, by id."""

    source_details: tuple[SourceRef, ...] = ()
    """Every source in ``sources``, in full."""

    @property
    def heading(self) -> str:
        return self.name


class EventDocument(EventFacts, Document, frozen=True, kw_only=True):
    """Everything about one event, with its participants' roles on that date."""

    COLUMNS = (
        "id",
        "date",
        "title",
        "kind",
        "status",
        "place",
        "participants",
        "sources",
        "disputes",
        "claimed_by",
    )

    participants: tuple[Participant, ...] = ()
    """The people taking part, with the roles they held on its date."""
    quotes: tuple[QuoteRow, ...] = ()
    """What was said at it, verbatim, with sources."""
    source_details: tuple[SourceRef, ...] = ()
    """Every source the event and its disputes cite, in full."""

    @property
    def heading(self) -> str:
        return self.title


class TopicDocument(Document, frozen=True, kw_only=True):
    """A topic's summary and status, its events as a timeline, quotes, related topics."""

    COLUMNS = ("id", "name", "summary", "status", "related", "events", "quotes")

    id: str
    """The topic's stable id."""
    name: str
    """The topic's name."""
    aliases: tuple[str, ...]
    """Other names the topic is found by."""
    summary: str
    """What the topic is about (may be empty)."""
    status: str | None
    """Where the matter stands, in the dataset's words; null when not said."""
    related: tuple[RelatedTopic, ...]
    """Related topics: their ids and names."""
    events: tuple[EventSummary, ...]
    """Its events, in date order."""
    quotes: tuple[QuoteRow, ...]
    """Quotes on it, verbatim, with sources."""
    sources: tuple[str, ...]
    """The sources behind the topic's own text, by id."""

    source_details: tuple[SourceRef, ...] = ()
    """Every source in ``sources``, in full."""

    @property
    def heading(self) -> str:
        return self.name


class BetweenRow(Document, frozen=True, kw_only=True):
    """The time between two events, the earlier first: what ``spacetalks between`` gives,
    one object whatever the events."""

    COLUMNS = ("from", "from_date", "to", "to_date", "interval", "days")
    TABLE: ClassVar[dict[str, Column]] = {
        "from": Column(minimum=12, priority=5, wrap="shorten"),
        "to": Column(minimum=12, priority=5, wrap="shorten"),
    }

    start: str = field(name="from")
    """The id of the earlier event."""
    from_date: str
    """The earlier event's date, as in the dataset."""
    from_title: str
    """The earlier event's title."""
    end: str = field(name="to")
    """The id of the later event."""
    to_date: str
    """The later event's date, as in the dataset."""
    to_title: str
    """The later event's title."""
    interval: str
    """The time between, in years, months and days; "about ..." where either date is
    known only to the month or the year."""
    days: int
    """The days from the first day of one date to the first day of the other."""
    approximate: bool
    """True when either date is known only to the month or the year."""
    events: tuple[EventSummary, ...] = ()
    """The two events, the earlier first, as the events of other records are given."""

    @property
    def heading(self) -> str:
        return f"{self.from_title} → {self.to_title}"


class SourceRef(Row, frozen=True, kw_only=True):
    """A source as a reader weighs it: whose reporting, where read, what, when, where."""

    id: str
    """The source's stable id."""
    publisher: str
    """Whose reporting it is (Reuters for a Reuters story read elsewhere)."""
    via: str | None
    """Where the copy read is published, when that is not the publisher."""
    title: str
    """The headline or title of the report."""
    date: str | None
    """When it was published; null when unknown."""
    url: str | None
    """Where it can be read; null when not online."""
    note: str | None = None
    """The dataset's note on the source; null when none."""


CitedFor = Literal["field", "record"]


class CitedSource(SourceRef, frozen=True, kw_only=True):
    """A source as evidence for one field: cited for that field itself, or only for the
    record as a whole (which does not make it support for the field)."""

    cited_for: CitedFor
    """``field`` when the dataset cites the source for this field (field evidence, a
    disputed value, a role); ``record`` when it cites it for the record as a whole."""


class ValueEvidence(Row, frozen=True, kw_only=True):
    """One value of a field and the sources that give it."""

    value: str
    sources: tuple[CitedSource, ...]
    publishers: tuple[str, ...]
    reported_before_event: bool = False
    """True when every one of its sources was published before the event: a plan that
    changed, not a disagreement about what happened."""


class FieldEvidence(Row, frozen=True, kw_only=True):
    """The evidence for one field of a record: the value shown and the sources behind
    it, and where the sources disagree, each other value with its own."""

    field: str
    value: str
    sources: tuple[CitedSource, ...]
    """The sources behind the value shown: those cited for the field first, then those
    cited for the record as a whole (``cited_for`` says which)."""
    publishers: tuple[str, ...]
    """The distinct publishers of ``sources``."""
    field_publishers: tuple[str, ...] = ()
    """The distinct publishers of the sources cited for the field itself."""
    disputed: bool
    note: str
    """The dataset's note on the dispute, and on what the field's own sources say."""
    reported_before_event: bool = False
    """For a disputed field: True when every source of the value shown predates the event."""
    alternatives: tuple[ValueEvidence, ...]
    """The other values sources give, each with its sources."""

    @property
    def field_sourced(self) -> bool:
        """True when some source is cited for this field itself."""
        return any(source.cited_for == "field" for source in self.sources)


class EvidenceLine(Row, frozen=True, kw_only=True):
    """One (field, value, source) of a record's evidence: a row of ``why`` piped."""

    field: str
    """The record's field this line is evidence for."""
    value: str
    """The value the source gives for it."""
    stance: str
    """``shown`` for the value the record shows, ``alternative`` for another,
    ``reported before the event`` for another value that only reports written before the
    event give (a plan that changed)."""
    cited_for: str
    """``field`` when the source is cited for this field, ``record`` when only for the
    record as a whole; empty on the line of a field with no source."""
    publisher: str
    """Whose reporting the source is."""
    title: str
    """The source's title."""
    date: str | None
    """When the source was published; null when unknown."""
    url: str | None
    """Where the source can be read; null when not online."""
    via: str | None
    """Where the copy read is published, when not the publisher; null otherwise."""
    source: str
    """The source's id."""


class WhyDocument(Document, frozen=True, kw_only=True):
    """The evidence for one record (event, person, quote, organization), field by field."""

    COLUMNS = ("field", "value", "stance", "cited_for", "publisher", "title", "date", "url")
    """The columns of its flat form: a row per (field, value, source)."""

    type: str
    """``event``, ``person``, ``quote`` or ``organization``."""
    id: str
    """The record's id."""
    name: str
    """The record's title, name or (for a quote) text."""
    claimed_by: tuple[str, ...]
    """The ids of the side whose claim alone it is (empty when none)."""
    claimed_by_names: tuple[str, ...]
    """The names of that side."""
    fields: tuple[FieldEvidence, ...]
    """Each field with the value shown, its sources, and the other values sources give."""
    asked: str | None = None
    """The one field asked about; null when every field is shown."""
    date: str | None = None
    """The event's or quote's date; null for other records."""
    overdue: bool = False
    """For an event: True when it is still scheduled or planned although its date has
    passed by the dataset's ``as_of``."""
    one_report: bool = False
    """True when the record's sources all come from one publisher."""

    @property
    def heading(self) -> str:
        return self.name


class RecordRow(Row, frozen=True, kw_only=True):
    """A record of any type, named: a candidate a lookup lists on stderr when a name
    matches several records."""

    TABLE: ClassVar[dict[str, Column]] = {
        "id": Column(minimum=12, priority=1, wrap="never"),
    }

    id: str
    type: str
    """``event``, ``person``, ``organization``, ``topic`` or ``quote``."""
    date: str | None
    """The event's or quote's date; null for other records."""
    name: str
    """The title, the name or (for a quote) the text."""


class CoverageReport(Document, frozen=True, kw_only=True):
    """How big the dataset is and how well sourced: what ``spacetalks stats`` reports.

    A record rests on one publisher when all its sources come from one publisher
    (copies of one wire story count once), and on one report when it cites one source.
    """

    COLUMNS = (
        "version",
        "as_of",
        "reviewed",
        "events",
        "people",
        "organizations",
        "topics",
        "quotes",
        "sources",
        "publishers",
        "events_two_or_more_publishers",
        "events_two_or_more_publishers_share",
        "events_one_publisher",
        "events_one_report",
        "roles",
        "roles_one_publisher",
        "quotes_one_publisher",
        "disputes",
        "disputed_events",
        "claims",
        "first_event",
        "newest_event",
        "latest_happened",
        "overdue",
        "sources_reach",
    )

    version: str | None
    """The version of the bundled dataset or of the first file that names one."""
    as_of: str | None
    """The date up to which the dataset is kept."""
    reviewed: str | None
    """When its facts were last checked against their sources."""
    events: int
    """Events loaded."""
    people: int
    """People loaded."""
    organizations: int
    """Organizations loaded."""
    topics: int
    """Topics loaded."""
    quotes: int
    """Quotes loaded."""
    sources: int
    """Sources loaded."""
    publishers: int
    """Distinct publishers among the sources."""
    events_two_or_more_publishers: int
    """Events reported by two or more distinct publishers."""
    events_two_or_more_publishers_share: float
    """The share of events reported by two or more publishers, 0 to 1."""
    events_one_publisher: int
    """Events whose sources all come from one publisher."""
    events_one_report: int
    """Events that cite one source only."""
    roles: int
    """Roles held, over all people."""
    roles_one_publisher: int
    """Roles whose sources all come from one publisher."""
    quotes_one_publisher: int
    """Quotes whose sources all come from one publisher."""
    disputes: int
    """Disputed fields, over all events."""
    disputed_events: int
    """Events with at least one disputed field."""
    claims: int
    """Events that one side alone claims."""
    first_event: str | None
    """The date of the earliest event."""
    newest_event: str | None
    """The date of the event that starts last, planned ones included."""
    latest_happened: str | None
    """The date of the latest event that happened."""
    overdue: int = 0
    """Events still scheduled or planned although their date has passed by ``as_of``."""
    sources_reach: str | None = None
    """The date of the newest source (meta): what happened after it, the dataset cannot
    know; null when meta does not say."""

    @property
    def heading(self) -> str:
        return "Dataset coverage"


Output = Listing | Document
"""What a command hands to a renderer."""

Evidenced = EventFacts | EventSummary | SearchRow
"""A row that carries its record's disputes and one-side claims."""
EVIDENCED = (EventFacts, EventSummary, SearchRow)
