"""How well a dataset is sourced: the figures of ``spacetalks stats``. Pure functions.

A fact-bearing record (an event, a role, a quote) rests on its sources. It rests on
one publisher when every source it cites has the same ``publisher`` (two syndicated
copies of a Reuters story are one publisher, Reuters), and on a single report when it
cites one source only.
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from spacetalks.dataset.model import Dataset, Source
from spacetalks.query.selection import count_publishers, event_source_ids, publisher_key


class SourcingFigures(msgspec.Struct, frozen=True):
    """How the records of one type are sourced."""

    record_type: str
    records: int
    one_report: int
    """Records that cite a single source."""
    one_publisher: int
    """Records whose sources all come from one publisher (those citing one source too)."""
    two_or_more_publishers: int


class Coverage(msgspec.Struct, frozen=True):
    """The dataset's size and sourcing."""

    counts: dict[str, int]
    sourcing: tuple[SourcingFigures, ...]
    publishers: int
    """Distinct publishers among all sources."""
    disputes: int
    disputed_events: int
    claims: int
    """Events that one side alone claims."""
    first_event: str | None
    newest_event: str | None
    """The date of the event that starts last, planned ones included."""
    latest_happened: str | None
    """The date of the latest event that happened."""


def _figures(
    record_type: str, sources: Mapping[str, Source], citations: list[tuple[str, ...]]
) -> SourcingFigures:
    publishers = [count_publishers(sources, cited) for cited in citations]
    return SourcingFigures(
        record_type=record_type,
        records=len(citations),
        one_report=sum(1 for cited in citations if len(set(cited)) == 1),
        one_publisher=sum(1 for count in publishers if count == 1),
        two_or_more_publishers=sum(1 for count in publishers if count >= 2),
    )


def dataset_coverage(dataset: Dataset) -> Coverage:
    sources = dataset.sources
    events = dataset.events
    return Coverage(
        counts=dataset.counts(),
        sourcing=(
            _figures("events", sources, [tuple(event_source_ids(event)) for event in events]),
            _figures(
                "roles",
                sources,
                [role.sources for person in dataset.people.values() for role in person.roles],
            ),
            _figures("quotes", sources, [quote.sources for quote in dataset.quotes.values()]),
        ),
        publishers=len({publisher_key(source) for source in sources.values()}),
        disputes=sum(len(event.disputes) for event in events),
        disputed_events=sum(1 for event in events if event.disputes),
        claims=sum(1 for event in events if event.claimed_by),
        first_event=events[0].date if events else None,
        newest_event=events[-1].date if events else None,
        latest_happened=next(
            (event.date for event in reversed(events) if event.status == "happened"), None
        ),
    )
