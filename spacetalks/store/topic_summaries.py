"""Every topic's summary, worked out in one pass over the events: what ``topics`` shows,
kept in a cache entry so that it decodes no event. No I/O here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain
from operator import attrgetter

from spacetalks.dataset.model import Event, TopicSummary


def topic_summaries(events: Sequence[Event], topic_ids: Iterable[str]) -> list[TopicSummary]:
    """One summary a topic, in one pass over the events (which are in date order); kept
    in a cache entry, so that ``topics`` decodes no event."""
    first: dict[str, str] = {}
    last: dict[str, str] = {}
    ids = list(topic_ids)
    people: dict[str, list[str]] = {topic_id: [] for topic_id in ids}
    for event in events:
        for topic_id in event.topics:
            first.setdefault(topic_id, event.date)
            last[topic_id] = event.date
            people[topic_id] += event.people
    counts = Counter(chain.from_iterable(map(attrgetter("topics"), events)))
    return [
        TopicSummary(
            topic_id,
            counts[topic_id],
            first.get(topic_id),
            last.get(topic_id),
            tuple(person for person, _ in Counter(people[topic_id]).most_common(3)),
        )
        for topic_id in ids
    ]
