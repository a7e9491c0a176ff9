"""Hypothesis strategies for whole datasets: every record type and every optional field.

``datasets()`` draws a valid dataset (unique ids, every reference defined, every date
real and in order); ``rule_breaking_datasets()`` draws one and then breaks it the ways
the checker looks for (unknown or repeated references, impossible dates, dates out of
order, ids and kinds of the wrong shape, a dispute about a field that does not exist).
"""

from __future__ import annotations

import string
from typing import Any

from hypothesis import strategies as st
from test_dates import dataset_dates

from spacetalks.dataset.dates import parse_date

slugs = st.text(alphabet=string.ascii_lowercase + string.digits + "-", min_size=1, max_size=12).map(
    lambda text: "x" + text
)
any_text = st.text(max_size=40)
some_text = any_text.filter(bool)
STATUSES = ["happened", "scheduled", "planned", "scrubbed", "cancelled"]
KINDS = ["meeting", "launch", "plan", "docking"]
DISPUTED_FIELDS = ["place", "date", "title", "people", "end", "scheduled"]
wikidata_ids = st.integers(min_value=1, max_value=10**8).map(lambda number: f"Q{number}")


def some_of(draw: st.DrawFn, ids: list[str], min_size: int = 0) -> list[str]:
    if not ids:
        return []
    return draw(st.lists(st.sampled_from(ids), min_size=min_size, max_size=4, unique=True))


def maybe(draw: st.DrawFn, record: dict[str, Any], key: str, value: st.SearchStrategy[Any]) -> None:
    """Set an optional field, or leave it out."""
    if draw(st.booleans()):
        record[key] = draw(value)


def ordered_dates(draw: st.DrawFn) -> tuple[str, str]:
    """Two dates, the second not ending before the first begins."""
    first, second = draw(dataset_dates()), draw(dataset_dates())
    if parse_date(second).last_day < parse_date(first).first_day:
        first, second = second, first
    return first, second


@st.composite
def datasets(draw: st.DrawFn) -> dict[str, Any]:  # noqa: PLR0915 (one record type after another)
    """A valid dataset with every record type, each optional field present or not."""
    source_ids = draw(st.lists(slugs, min_size=1, max_size=4, unique=True))
    ids = draw(st.lists(slugs, max_size=20, unique=True))
    org_ids, person_ids, topic_ids = ids[0:3], ids[3:8], ids[8:11]
    event_ids, quote_ids = ids[11:17], ids[17:20]

    sources = []
    for source_id in source_ids:
        source: dict[str, Any] = {"id": source_id, "title": draw(some_text), "publisher": "P"}
        maybe(draw, source, "via", any_text)
        maybe(draw, source, "date", dataset_dates())
        maybe(draw, source, "url", any_text)
        maybe(draw, source, "note", any_text)
        sources.append(source)

    organizations = []
    for org_id in org_ids:
        org: dict[str, Any] = {"id": org_id, "name": draw(some_text)}
        for key in ("abbreviation", "native_name", "country", "summary"):
            maybe(draw, org, key, any_text)
        maybe(draw, org, "aliases", st.lists(any_text, max_size=2))
        maybe(draw, org, "wikidata", wikidata_ids)
        org["sources"] = some_of(draw, source_ids)
        organizations.append(org)

    people = []
    for person_id in person_ids:
        person: dict[str, Any] = {"id": person_id, "name": draw(some_text)}
        for key in ("native_name", "summary"):
            maybe(draw, person, key, any_text)
        maybe(draw, person, "aliases", st.lists(any_text, max_size=2))
        maybe(draw, person, "born", dataset_dates())
        maybe(draw, person, "wikidata", wikidata_ids)
        roles = []
        for _ in range(draw(st.integers(0, 2)) if org_ids else 0):
            role: dict[str, Any] = {
                "title": draw(some_text),
                "organization": draw(st.sampled_from(org_ids)),
                "sources": some_of(draw, source_ids, min_size=1),
            }
            start, end = ordered_dates(draw)
            maybe(draw, role, "from", st.just(start))
            maybe(draw, role, "to", st.just(end))
            roles.append(role)
        person["roles"] = roles
        person["sources"] = some_of(draw, source_ids)
        people.append(person)

    topics = []
    for topic_id in topic_ids:
        topic: dict[str, Any] = {"id": topic_id, "name": draw(some_text)}
        for key in ("summary", "status"):
            maybe(draw, topic, key, any_text)
        maybe(draw, topic, "aliases", st.lists(any_text, max_size=2))
        topic["related"] = some_of(draw, topic_ids)
        topic["sources"] = some_of(draw, source_ids)
        topics.append(topic)

    events = []
    for event_id in event_ids:
        date, end = ordered_dates(draw)
        event: dict[str, Any] = {
            "id": event_id,
            "date": date,
            "title": draw(some_text),
            "kind": draw(st.sampled_from(KINDS)),
            "status": draw(st.sampled_from(STATUSES)),
            "people": some_of(draw, person_ids),
            "organizations": some_of(draw, org_ids),
            "topics": some_of(draw, topic_ids),
            "sources": some_of(draw, source_ids, min_size=1),
            "summary": draw(any_text),
        }
        maybe(draw, event, "place", any_text)
        maybe(draw, event, "end", st.just(end))
        maybe(draw, event, "scheduled", dataset_dates())
        event["claimed_by"] = some_of(draw, org_ids + person_ids)
        event["disputes"] = [
            {
                "field": draw(st.sampled_from(DISPUTED_FIELDS)),
                "note": draw(any_text),
                "alternatives": [
                    {"value": draw(some_text), "sources": some_of(draw, source_ids, min_size=1)}
                    for _ in range(draw(st.integers(2, 3)))
                ],
            }
            for _ in range(draw(st.integers(0, 1)))
        ]
        events.append(event)

    quotes = []
    for quote_id in quote_ids if person_ids else ():
        quote: dict[str, Any] = {
            "id": quote_id,
            "speaker": draw(st.sampled_from(person_ids)),
            "text": draw(some_text),
            "topics": some_of(draw, topic_ids),
            "sources": some_of(draw, source_ids, min_size=1),
        }
        maybe(draw, quote, "date", dataset_dates())
        if event_ids:
            maybe(draw, quote, "event", st.sampled_from(event_ids))
        maybe(draw, quote, "context", any_text)
        quotes.append(quote)

    meta: dict[str, Any] = {"version": "1", "as_of": draw(dataset_dates())}
    maybe(draw, meta, "reviewed", dataset_dates())
    maybe(draw, meta, "title", any_text)
    return {
        "meta": meta,
        "sources": sources,
        "organizations": organizations,
        "people": people,
        "topics": topics,
        "events": events,
        "quotes": quotes,
    }


BAD_TEXTS = [
    "x-nobody",
    "2025-02-30",
    "2025-13",
    "0000",
    "1900",
    "2100-12-31",
    "Bad Kind",
    "bad id",
    "-dash",
    "colour",
    "line\nbreak",
    "ends-in-a-line-break\n",
    "\n",
]


CHECKED_KEYS = {
    *("id", "kind", "date", "end", "scheduled", "born", "from", "to", "as_of", "reviewed"),
    *("people", "organizations", "topics", "sources", "claimed_by", "related"),
    *("speaker", "event", "organization", "field"),
}
"""The keys whose values the checker judges (beyond their JSON type)."""


def text_nodes(document: Any) -> list[tuple[Any, Any]]:
    """Every place in a JSON document that holds a string or a list of strings."""
    places: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            if isinstance(value, str) or (
                isinstance(value, list) and all(isinstance(item, str) for item in value)
            ):
                places.append((node, key))
            if isinstance(value, dict | list):
                walk(value)

    walk(document)
    return places


@st.composite
def rule_breaking_datasets(draw: st.DrawFn) -> dict[str, Any]:
    """A valid dataset with a few strings, or lists of ids, replaced by ones that break
    the checker's rules (or that happen to keep them)."""
    document = draw(datasets())
    places = [(parent, key) for parent, key in text_nodes(document) if key in CHECKED_KEYS]
    if not places:
        return document
    ids = [
        record["id"]
        for name in ("sources", "organizations", "people", "topics", "events", "quotes")
        for record in document[name]
    ]
    for _ in range(draw(st.integers(1, 4))):
        parent, key = draw(st.sampled_from(places))
        if isinstance(parent[key], list):
            choices = BAD_TEXTS + ids + parent[key]
            parent[key] = draw(st.lists(st.sampled_from(choices), max_size=4))
        else:
            parent[key] = draw(st.sampled_from(BAD_TEXTS + ids))
    return document
