"""The typed records of a spacetalks dataset: one definition, from which the JSON Schema
in spacetalks/data/schema.json is generated. No I/O here.

Records are frozen msgspec structs; they refer to each other by ``id``. Unknown
fields are rejected, so a typo in a field name is reported instead of dropped.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta, Struct, field

from spacetalks.dataset.dates import DATE_EXAMPLES, DATE_PATTERN, PartialDate

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
KIND_PATTERN = r"^[a-z][a-z0-9-]*$"
WIKIDATA_PATTERN = r"^Q[1-9][0-9]*$"
# Ids, kinds, references and dates carry their pattern in the schema only, and are
# checked on load by spacetalks.dataset.merge: ids and kinds against these patterns, every
# reference against the ids defined, every date by spacetalks.dataset.dates (which knows the
# calendar: 2025-02-30 has the right shape and is still wrong). A regular expression
# per string while decoding would nearly double the time to read a large dataset.
Id = Annotated[
    str,
    Meta(
        description="A stable slug naming a record: letters, digits, '.', '_' and '-'.",
        examples=["dmitry-bakanov", "2025-07-31-bakanov-duffy-talks"],
        extra_json_schema={"pattern": ID_PATTERN},
    ),
]
Ref = Annotated[
    str,
    Meta(
        description="The id of another record.",
        extra_json_schema={"pattern": ID_PATTERN},
    ),
]
DateText = Annotated[
    str,
    Meta(
        description="ISO 8601 at the precision known: a year, a month, a day, or a UTC date-time.",
        examples=list(DATE_EXAMPLES),
        extra_json_schema={"pattern": DATE_PATTERN},
    ),
]
SourceIds = Annotated[
    tuple[Ref, ...],
    Meta(min_length=1, description="The sources that report this, by id (at least one)."),
]
Text = Annotated[str, Meta(min_length=1)]
WikidataId = Annotated[
    str,
    Meta(
        description="The Wikidata item id (Q-number), read on a Wikidata or Wikipedia page.",
        examples=["Q23548"],
        pattern=WIKIDATA_PATTERN,
    ),
]

Status = Literal["happened", "scheduled", "planned", "scrubbed", "cancelled"]
STATUSES: tuple[str, ...] = ("happened", "scheduled", "planned", "scrubbed", "cancelled")

KNOWN_KINDS: tuple[str, ...] = (
    "meeting",
    "visit",
    "launch",
    "docking",
    "undocking",
    "landing",
    "abort",
    "scrub",
    "appointment",
    "agreement",
    "contract",
    "announcement",
    "statement",
    "milestone",
    "plan",
    "call",
    "invitation",
    "incident",
    "handover",
)


class Record(
    Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, omit_defaults=True, gc=False
):
    """Base of every record: fields are keyword-only, unknown fields rejected."""


class Source(Record, frozen=True, kw_only=True):
    """Where a fact was reported."""

    id: Id
    title: Text
    publisher: Text
    """Whose reporting this is: the wire service or outlet that wrote it, also when the copy
    read is a syndicated, relayed or archived one. Distinct publishers are counted by it."""
    via: str | None = None
    """Where the copy read is published, when that is not the publisher (a syndicating
    site, a mirror, an archive, an outlet relaying the report)."""
    date: DateText | None = None
    """Publication date, at the precision known."""
    url: str | None = None
    note: str | None = None
    """What the source is, when the title does not say (a syndicated copy, a translation)."""


class FieldEvidence(Record, frozen=True, kw_only=True):
    """The sources cited for one field of a record, beside those cited for the record as a
    whole: which reports state its date and time, its place, its status..."""

    field: Text
    """The record's field these sources state, such as ``date``, ``place`` or ``status``."""
    sources: SourceIds
    note: str = ""
    """What the sources say of the field, where it helps ("gives 08:40 UTC")."""


class Organization(Record, frozen=True, kw_only=True):
    """An agency, company, government body or university."""

    id: Id
    name: Text
    abbreviation: str | None = None
    native_name: str | None = None
    """The name in its own language and script (Роскосмос)."""
    country: str | None = None
    aliases: tuple[str, ...] = ()
    summary: str = ""
    wikidata: WikidataId | None = None
    sources: tuple[Ref, ...] = ()


class Role(Record, frozen=True, kw_only=True):
    """A title a person held at an organization, over a span of time."""

    title: Text
    organization: Ref
    start: DateText | None = field(default=None, name="from")
    """When the role began; absent when unknown."""
    end: DateText | None = field(default=None, name="to")
    """When it ended; absent while it continues or when unknown."""
    sources: SourceIds


class Person(Record, frozen=True, kw_only=True):
    """Someone who took part in an event or was quoted."""

    id: Id
    name: Text
    native_name: str | None = None
    """The name in its own script (Дмитрий Баканов)."""
    aliases: tuple[str, ...] = ()
    born: DateText | None = None
    summary: str = ""
    wikidata: WikidataId | None = None
    roles: tuple[Role, ...] = ()
    sources: tuple[Ref, ...] = ()
    evidence: tuple[FieldEvidence, ...] = ()
    """Sources cited for single fields (``born``, ``native_name``...)."""


class Topic(Record, frozen=True, kw_only=True):
    """A subject the agencies discuss (ISS life extension, cross-flights, ROSS...)."""

    id: Id
    name: Text
    aliases: tuple[str, ...] = ()
    summary: str = ""
    status: str | None = None
    """Where the topic stands, as of the dataset's date."""
    related: tuple[Ref, ...] = ()
    sources: tuple[Ref, ...] = ()


class Alternative(Record, frozen=True, kw_only=True):
    """One value that some sources give for a disputed field."""

    value: Text
    sources: SourceIds


class Dispute(Record, frozen=True, kw_only=True):
    """A field whose value the sources disagree on."""

    field: Text
    """The event field in question, such as ``place`` or ``date``."""
    note: str = ""
    alternatives: Annotated[tuple[Alternative, ...], Meta(min_length=2)]


class Event(Record, frozen=True, kw_only=True):
    """Something that happened, or was scheduled or planned, on a date."""

    id: Id
    date: DateText
    """When it happened (or is to happen), at the precision known."""
    title: Text
    kind: Annotated[
        str,
        Meta(
            min_length=1,
            extra_json_schema={"pattern": KIND_PATTERN},
            description="What sort of event: " + ", ".join(KNOWN_KINDS) + ", or another word.",
        ),
    ]
    status: Status
    place: str | None = None
    people: tuple[Ref, ...] = ()
    organizations: tuple[Ref, ...] = ()
    topics: tuple[Ref, ...] = ()
    sources: SourceIds
    summary: str = ""
    end: DateText | None = None
    """The last day of an event that spans time."""
    scheduled: DateText | None = None
    """The date that had been announced, where it differs from ``date``."""
    claimed_by: tuple[Ref, ...] = ()
    """Organizations or people whose claim alone this is (reported by one side only)."""
    disputes: tuple[Dispute, ...] = ()
    evidence: tuple[FieldEvidence, ...] = ()
    """Sources cited for single fields (``date``, ``place``, ``status``...), each among the
    event's own sources or a dispute's."""


class Quote(Record, frozen=True, kw_only=True):
    """Words someone said, verbatim."""

    id: Id
    speaker: Ref
    text: Text
    date: DateText | None = None
    event: Ref | None = None
    topics: tuple[Ref, ...] = ()
    context: str | None = None
    sources: SourceIds


class DatasetInfo(Record, frozen=True, kw_only=True):
    """About the dataset as a whole."""

    version: Text
    as_of: DateText
    """The date up to which the dataset is kept."""
    reviewed: DateText | None = None
    """When the dataset's facts were last checked against their sources."""
    sources_reach: DateText | None = None
    """The date of the newest source: what happened after it, the dataset cannot know."""
    title: str | None = None
    description: str | None = None


class DatasetFile(Record, frozen=True, kw_only=True):
    """One dataset file. An overlay file may hold any subset of the arrays."""

    schema: (
        Annotated[
            str,
            Meta(
                description="The JSON Schema this file follows (the path or URL of "
                "spacetalks/data/schema.json), for editors that validate as you type; spacetalks "
                "itself ignores it.",
                examples=["../data/schema.json"],
            ),
        ]
        | None
    ) = field(default=None, name="$schema")
    meta: DatasetInfo | None = None
    sources: tuple[Source, ...] = ()
    organizations: tuple[Organization, ...] = ()
    people: tuple[Person, ...] = ()
    topics: tuple[Topic, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()


RECORD_TYPES: dict[str, type[Record]] = {
    "sources": Source,
    "organizations": Organization,
    "people": Person,
    "topics": Topic,
    "events": Event,
    "quotes": Quote,
}
"""Each array of a dataset file and the record type of its items."""


def dataset_schema() -> dict[str, object]:
    """The JSON Schema of a dataset file, as written to spacetalks/data/schema.json."""
    import inspect  # noqa: PLC0415 (only writing the schema needs it)

    schema = msgspec.json.schema(DatasetFile)
    for definition in schema.get("$defs", {}).values():
        # A class's docstring as its description, indentation removed whatever msgspec's
        # release (0.18 kept it; later releases clean it).
        if isinstance(definition.get("description"), str):
            definition["description"] = inspect.cleandoc(definition["description"])
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "spacetalks dataset"
    return schema


DayWindow = tuple[int | None, int | None]
"""The first and last day (proleptic ordinals) a query can touch; None is open."""


class Dataset(msgspec.Struct, frozen=True, kw_only=True):
    """Every record of the loaded files, merged, checked, and indexed by id.

    ``events`` is in date order: coarser precision first on the same start day,
    so ``2018-10`` comes before ``2018-10-10``. A Dataset always holds every event;
    a read limited to a window of days is a DatasetWindow.
    """

    info: DatasetInfo | None
    files: tuple[str, ...]
    sources: dict[str, Source]
    organizations: dict[str, Organization]
    people: dict[str, Person]
    topics: dict[str, Topic]
    events: list[Event]
    quotes: dict[str, Quote]
    event_dates: dict[str, PartialDate]
    """Each event's date, parsed, by event id."""
    event_ends: dict[str, PartialDate]
    """The parsed ``end`` of the events that have one."""
    event_handles: dict[str, str]
    """Each event's handle among the events alone (spacetalks.dataset.handles), worked
    out over every event of the files: a window or selection keeps those of the whole."""

    def counts(self) -> dict[str, int]:
        return {
            "events": len(self.events),
            "people": len(self.people),
            "organizations": len(self.organizations),
            "topics": len(self.topics),
            "quotes": len(self.quotes),
            "sources": len(self.sources),
        }


class DatasetWindow(Dataset, frozen=True, kw_only=True):
    """A dataset read for a window of days: every record whole except ``events``, which
    holds only the events that touch the window (with their dates and ends).

    It is what a date-filtered view (``timeline``, ``export``) reads, so that a large
    cached dataset decodes only the events it can show; anything that needs every
    event loads a Dataset.
    """

    window: DayWindow
    kinds: frozenset[str]
    """Every event kind in the whole dataset, also those outside the window."""


class WantedEvents(msgspec.Struct, frozen=True, kw_only=True):
    """The events a question needs: those with any of these people, topics or
    organizations, and those whose text may hold any of these texts (in their id, title,
    summary, place or disputes, as search and title lookups read them)."""

    people: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    organizations: frozenset[str] = frozenset()
    texts: tuple[str, ...] = ()
    full_text: tuple[str, ...] = ()
    """Queries in FTS5 syntax: the events whose text (see spacetalks.store.full_text)
    matches one."""
    topic_summaries: bool = False
    """And each topic's summary (see TopicSummary), where a cache entry keeps them."""


class TopicSummary(msgspec.Struct, frozen=True):
    """A topic's events at a glance: how many, the first and last dates, and the people
    in most of them."""

    topic_id: str
    events: int
    first: str | None
    last: str | None
    people: tuple[str, ...]
    """The people in most of the topic's events, most first (at most three)."""


class DatasetSelection(Dataset, frozen=True, kw_only=True):
    """A dataset read for a question: every record whole except ``events``, which holds
    at least the events the question needs (see WantedEvents), in date order, with
    their dates and ends.

    A question that looks only at those events (a person's, a topic's, those a text can
    match) gets the same answer from it as from the whole dataset; a large cached
    dataset decodes only them, found through the cache's index.
    """

    topic_summaries: tuple[TopicSummary, ...] | None = None
    """Every topic's summary, as the cache entry keeps it, when the question asked for
    them; None otherwise (then they are worked out from the events, which are all there)."""
