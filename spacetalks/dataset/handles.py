"""Event handles among the events alone: the short name of each event that no other
event's id shares, worked out once over every event of a dataset.

A listing shows a handle on each row and every command accepts it (see
spacetalks.query.records.event_handles, which also keeps a handle clear of the names
of people, organizations, topics and quotes). The part that depends on the other
events is worked out here, over the whole dataset as it is loaded, and kept with it
(and in the cache), so that a run reading a window of days gives each event the same
handle as a run reading every event.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise

_LEADING_DATE = re.compile(r"\d{4}(?:-\d{2}){0,2}-(?=.)")
HANDLE_WORDS = 2
"""The fewest words of an id a handle keeps (the whole id where it has fewer)."""


def id_without_date(event_id: str) -> str:
    """An event's id without the date it starts with: ``crew-11-launch`` for
    ``2025-07-31-crew-11-launch``."""
    return _LEADING_DATE.sub("", event_id, count=1)


def _shared_words(first: list[str], second: list[str]) -> int:
    """How many words two ids without their dates begin with in common."""
    shared = 0
    for one, other in zip(first, second, strict=False):
        if one != other:
            break
        shared += 1
    return shared


def handles_among_events(event_ids: Iterable[str]) -> dict[str, str]:
    """Each event's handle among the events alone: its id without the leading date, cut
    to the fewest words (at least HANDLE_WORDS) that no other event's id-without-date
    begins with, as git shortens a hash (``soyuz-ms-10`` for
    ``2018-10-11-soyuz-ms-10-launch-abort``); else the whole id without its date where
    no other event's is the same; else the id.

    The ids are sorted by their words, so that the most words an id shares with any
    other is the most it shares with one of its two neighbours."""
    ids = list(event_ids)
    slugs = [id_without_date(event_id) for event_id in ids]
    words = [slug.split("-") for slug in slugs]
    order = sorted(range(len(ids)), key=words.__getitem__)
    shared = [0] * len(ids)
    for before, after in pairwise(order):
        common = _shared_words(words[before], words[after])
        shared[before] = max(shared[before], common)
        shared[after] = max(shared[after], common)
    same = Counter(slugs)
    handles: dict[str, str] = {}
    for index, event_id in enumerate(ids):
        count = max(min(HANDLE_WORDS, len(words[index])), shared[index] + 1)
        if count < len(words[index]):
            handles[event_id] = "-".join(words[index][:count])
        elif same[slugs[index]] == 1:
            handles[event_id] = slugs[index]
        else:
            handles[event_id] = event_id
    return handles
