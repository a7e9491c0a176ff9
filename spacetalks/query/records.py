"""Questions about one record: a person's roles and contacts, a topic's course, an
event's participants, text search, and the time between two events. Pure functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import Any

import msgspec

from spacetalks.dataset.dates import Interval, PartialDate, interval_between, parse_date
from spacetalks.dataset.handles import id_without_date, ids_without_dates
from spacetalks.dataset.model import (
    Dataset,
    DatasetSelection,
    Event,
    Organization,
    Person,
    Quote,
    Role,
    TopicSummary,
)
from spacetalks.dataset.words import normalize
from spacetalks.query.selection import NameIndex, organization_index, people_index, topic_index
from spacetalks.store.full_text import matching
from spacetalks.store.topic_summaries import topic_summaries


def role_held_on(role: Role, day: PartialDate) -> bool:
    """True when the role's span overlaps the date; an unknown start or end is open."""
    if role.start is not None and parse_date(role.start).first_day > day.last_day:
        return False
    return role.end is None or parse_date(role.end).last_day >= day.first_day


def roles_on(person: Person, day: PartialDate | None) -> tuple[Role, ...]:
    """The roles a person held on a date (all of them when no date is given)."""
    if day is None:
        return person.roles
    return tuple(role for role in person.roles if role_held_on(role, day))


def latest_role(person: Person) -> Role | None:
    """The role that began last (a role with no start counts as earliest)."""
    if not person.roles:
        return None
    return max(
        person.roles,
        key=lambda role: parse_date(role.start).sort_key if role.start else -1,
    )


def events_with_person(dataset: Dataset, person_id: str) -> list[Event]:
    return [event for event in dataset.events if person_id in event.people]


def quotes_by(dataset: Dataset, person_id: str) -> list[Quote]:
    return sorted_quotes(quote for quote in dataset.quotes.values() if quote.speaker == person_id)


def sorted_quotes(quotes: Iterable[Quote]) -> list[Quote]:
    """Quotes in date order; undated ones last."""
    return sorted(
        quotes,
        key=lambda quote: parse_date(quote.date).sort_key if quote.date else 1 << 62,
    )


class Contact(msgspec.Struct, frozen=True):
    """Someone a person met: in how many meetings, and when first and last."""

    person: Person
    meetings: int
    first: str
    last: str


def people_met(dataset: Dataset, person_id: str) -> list[Contact]:
    """Co-participants of the person's meetings, most meetings first."""
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    last: dict[str, str] = {}
    for event in dataset.events:
        if event.kind != "meeting" or person_id not in event.people:
            continue
        for other in event.people:
            if other == person_id:
                continue
            counts[other] += 1
            first.setdefault(other, event.date)
            last[other] = event.date
    return [
        Contact(dataset.people[other], count, first[other], last[other])
        for other, count in sorted(counts.items(), key=lambda item: (-item[1], first[item[0]]))
    ]


def sources_cited(*citations: Iterable[str]) -> list[str]:
    """Source ids in the order first cited, without repeats."""
    return list(dict.fromkeys(source for group in citations for source in group))


def person_citations(dataset: Dataset, person: Person) -> list[str]:
    return sources_cited(
        person.sources,
        *(role.sources for role in person.roles),
        *(quote.sources for quote in quotes_by(dataset, person.id)),
    )


def events_on_topic(dataset: Dataset, topic_id: str) -> list[Event]:
    return [event for event in dataset.events if topic_id in event.topics]


def summarize_topics(dataset: Dataset) -> list[TopicSummary]:
    """One summary a topic: those a cache entry keeps, else worked out from the events."""
    if isinstance(dataset, DatasetSelection) and dataset.topic_summaries is not None:
        return list(dataset.topic_summaries)
    return topic_summaries(dataset.events, dataset.topics)


def find_events(dataset: Dataset, query: str) -> list[Event]:
    """The events a query names: the one with that id, else those whose title matches."""
    wanted = query.strip()
    exact = [event for event in dataset.events if event.id == wanted]
    return exact or event_index(dataset).find(query)


def event_index(dataset: Dataset) -> NameIndex[Event]:
    """Events found by id, by handle (see event_handles), by the id without its leading
    date, or by a part of their title."""
    handles = event_handles(dataset)
    return NameIndex.build(
        "event",
        {event.id: event for event in dataset.events},
        lambda event: (handles[event.id], id_without_date(event.id), event.title),
        lambda event: f"{event.date} {event.title}",
    )


def event_handles(dataset: Dataset) -> dict[str, str]:
    """Each event's handle: the short name a listing shows and every command accepts.
    It is the event's handle among the events alone (spacetalks.dataset.handles, worked
    out over every event of the files, whatever part of them this run read), lengthened
    a word at a time while it equals the id or a name of another record (a name is found
    by an exact match first); else the whole id without its date where no other record
    has it; else the id."""
    indexes = (people_index(dataset), organization_index(dataset), topic_index(dataset))
    others = {
        *dataset.quotes,
        *(name for index in indexes for names in index.names.values() for name in names),
    }
    handles: dict[str, str] = {}
    ids = [event.id for event in dataset.events]
    for event_id, slug in zip(ids, ids_without_dates(ids), strict=True):
        among_events = dataset.event_handles[event_id]
        handle = event_id
        if among_events != event_id or slug == event_id:
            handle = slug if slug not in others else event_id
        if len(among_events) < len(slug):
            words = slug.split("-")
            handle = next(
                (
                    prefix
                    for count in range(among_events.count("-") + 1, len(words))
                    if (prefix := "-".join(words[:count])) not in others
                ),
                handle,
            )
        handles[event_id] = handle
    return handles


class SearchHit(msgspec.Struct, frozen=True):
    record_type: str
    record_id: str
    field: str
    text: str
    snippet: str | None = None
    """Around what matched, the matched words marked (a full-text search's); else the
    snippet is cut from the text around the text searched for."""


SEARCH_TYPES = ("event", "person", "quote", "topic", "org", "source")


def _dispute_text(event: Event) -> str:
    if not event.disputes:
        return ""
    return " / ".join(
        " / ".join(alternative.value for alternative in dispute.alternatives) + " " + dispute.note
        for dispute in event.disputes
    )


def _joined(field_name: str) -> Callable[[Any], str]:
    return lambda record: ", ".join(getattr(record, field_name))


def _text(field_name: str) -> Callable[[Any], str]:
    return lambda record: getattr(record, field_name) or ""


SEARCH_FIELDS: dict[str, tuple[tuple[str, Callable[[Any], str]], ...]] = {
    "event": (
        ("title", attrgetter("title")),
        ("summary", attrgetter("summary")),
        ("place", _text("place")),
        ("disputes", _dispute_text),
    ),
    "person": (
        ("name", attrgetter("name")),
        ("native_name", _text("native_name")),
        ("aliases", _joined("aliases")),
        ("summary", attrgetter("summary")),
        ("roles", lambda person: ", ".join(role.title for role in person.roles)),
    ),
    "quote": (("text", attrgetter("text")), ("context", _text("context"))),
    "topic": (
        ("name", attrgetter("name")),
        ("aliases", _joined("aliases")),
        ("summary", attrgetter("summary")),
        ("status", _text("status")),
    ),
    "org": (
        ("name", attrgetter("name")),
        ("abbreviation", _text("abbreviation")),
        ("native_name", _text("native_name")),
        ("aliases", _joined("aliases")),
        ("summary", attrgetter("summary")),
    ),
    "source": (
        ("title", attrgetter("title")),
        ("publisher", attrgetter("publisher")),
        ("url", _text("url")),
        ("note", _text("note")),
    ),
}
"""The text fields of each record type that search looks in, in the order shown."""


def _records_of(dataset: Dataset, record_type: str) -> Sequence[Any]:
    if record_type == "event":
        return dataset.events
    records: dict[str, dict[str, Any]] = {
        "person": dataset.people,
        "quote": dataset.quotes,
        "topic": dataset.topics,
        "org": dataset.organizations,
        "source": dataset.sources,
    }
    return list(records[record_type].values())


def normalize_all(texts: list[str]) -> list[str]:
    """normalize() of many texts: case folded at C speed, accents stripped where any."""
    folded = list(map(str.casefold, texts))
    for index, plain in enumerate(map(str.isascii, texts)):
        if not plain:
            folded[index] = normalize(texts[index])
    return folded


def search(
    dataset: Dataset, text: str, record_types: Sequence[str] = SEARCH_TYPES
) -> list[SearchHit]:
    """Every text field containing the text, case- and accent-insensitively.

    One hit per record and field, in record order; a record's id is searched along
    with its title or name. Each field is searched across all records at once.
    """
    wanted = normalize(text.strip())
    if not wanted:
        return []
    hits: list[SearchHit] = []
    for record_type in record_types:
        records = _records_of(dataset, record_type)
        ids = list(map(attrgetter("id"), records))
        found: list[tuple[int, int, str]] = []
        for number, (field_name, value_of) in enumerate(SEARCH_FIELDS[record_type]):
            values = list(map(value_of, records))
            matching = {i for i, value in enumerate(normalize_all(values)) if wanted in value}
            if field_name in {"title", "name"}:
                matching |= {
                    i for i, folded in enumerate(map(str.casefold, ids)) if wanted in folded
                }
            found += [(index, number, values[index]) for index in matching]
        found.sort(key=lambda hit: (hit[0], hit[1]))
        fields = SEARCH_FIELDS[record_type]
        hits += [
            SearchHit(record_type, ids[index], fields[number][0], value)
            for index, number, value in found
        ]
    return hits


def full_text_search(
    dataset: Dataset, query: str, record_types: Sequence[str] = SEARCH_TYPES
) -> list[SearchHit]:
    """Every record whose text matches a query in FTS5 syntax (phrases, prefixes, AND,
    OR, NOT; case and accents folded): record types in the order given, each type's
    records best first, each with the first field holding a match and a snippet of it
    with the matched words marked.

    Matching records are found first, then ranked among themselves, so that the rank
    (FTS5's bm25) depends only on the records that match: the same whether every event
    was loaded or only those the cache found matching. FullTextQueryError (see
    spacetalks.store.full_text) when the query cannot be read.
    """
    rows: list[tuple[str, Any]] = [
        (record_type, record)
        for record_type in record_types
        for record in _records_of(dataset, record_type)
    ]
    texts = [_record_texts(record_type, record) for record_type, record in rows]
    found = sorted(place for place, _, _ in matching(texts, query))
    ranked = matching([texts[place] for place in found], query)
    order = {record_type: number for number, record_type in enumerate(record_types)}
    ranked.sort(key=lambda hit: order[rows[found[hit[0]]][0]])
    hits = []
    for place, field_number, marked in ranked:
        record_type, record = rows[found[place]]
        field_name, value_of = SEARCH_FIELDS[record_type][max(field_number, 1) - 1]
        hits.append(SearchHit(record_type, record.id, field_name, value_of(record), marked))
    return hits


def _record_texts(record_type: str, record: Any) -> list[str]:
    """A record's id, then each field search reads."""
    return [record.id, *(value_of(record) for _, value_of in SEARCH_FIELDS[record_type])]


def snippet(text: str, wanted: str, width: int = 80) -> str:
    """A window of the text around the first match, for display."""
    if len(text) <= width:  # most: no need to find the match
        return text
    position = _original_position(text, normalize(text).find(normalize(wanted)))
    if position < 0:
        return text[: width - 1] + "…"
    start = max(0, position - width // 3)
    if start:
        space = text.find(" ", start, position)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _original_position(text: str, folded_position: int) -> int:
    """Where in the text a position of normalize(text) falls.

    Folding changes lengths ("ß" folds to "ss", "ﬁ" to "fi", a Hangul syllable
    decomposes into its letters, accents go), so the two positions differ after such
    a character; each character's folded length is counted up to the position.
    """
    if folded_position <= 0 or text.isascii():
        return folded_position
    folded = 0
    for index, char in enumerate(text):
        folded += len(normalize(char))
        if folded > folded_position:
            return index
    return len(text)


def time_between(dataset: Dataset, first: Event, second: Event) -> Interval:
    """From the earlier event to the later, whichever order they were given in."""
    a, b = dataset.event_dates[first.id], dataset.event_dates[second.id]
    return interval_between(a, b) if a.sort_key <= b.sort_key else interval_between(b, a)


def citations(dataset: Dataset) -> dict[str, list[str]]:
    """For each source id, the records citing it, as "type:id", in dataset order."""
    cited: dict[str, list[str]] = {source_id: [] for source_id in dataset.sources}

    def cite(record: str, *groups: Iterable[str]) -> None:
        for source_id in sources_cited(*groups):
            cited[source_id].append(record)

    for event in dataset.events:
        alternatives = (alt.sources for dispute in event.disputes for alt in dispute.alternatives)
        cite(f"event:{event.id}", event.sources, *alternatives)
    for person in dataset.people.values():
        cite(f"person:{person.id}", person.sources, *(role.sources for role in person.roles))
    for quote in dataset.quotes.values():
        cite(f"quote:{quote.id}", quote.sources)
    for topic in dataset.topics.values():
        cite(f"topic:{topic.id}", topic.sources)
    for org in dataset.organizations.values():
        cite(f"org:{org.id}", org.sources)
    return cited


AnyRecord = Event | Person | Quote | Organization
"""A record ``why`` can tell the evidence of."""


def record_type(record: AnyRecord) -> str:
    return {Event: "event", Person: "person", Quote: "quote", Organization: "organization"}[
        type(record)
    ]


def find_any(dataset: Dataset, query: str) -> list[AnyRecord]:
    """The records a query names, of any type: the one with that id, else the events whose
    title, and the people and organizations whose names, match it (as ``show``, ``who``
    and ``--org`` find them)."""
    wanted = query.strip()
    by_id: list[AnyRecord] = [event for event in dataset.events if event.id == wanted]
    for records in (dataset.people, dataset.quotes, dataset.organizations):
        record = records.get(wanted)
        if record is not None:
            by_id.append(record)
    if by_id:
        return by_id
    indexes = (event_index(dataset), people_index(dataset), organization_index(dataset))
    exact: list[AnyRecord] = [record for index in indexes for record in index.exact(wanted)]
    return exact or [
        *event_index(dataset).find(query),
        *people_index(dataset).find(query),
        *organization_index(dataset).find(query),
    ]


def suggest_any(dataset: Dataset, query: str) -> list[str]:
    """The names closest to a query that named no record of any type."""
    indexes = (event_index(dataset), people_index(dataset), organization_index(dataset))
    return [name for index in indexes for name in index.suggest(query, limit=2)][:5]
