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
from itertools import compress, repeat
from operator import eq, not_

_LEADING_DATE = re.compile(r"^\d{4}(?:-\d{2}){0,2}-(?=.)")
_LEADING_DATE_OF_LINE = re.compile(_LEADING_DATE.pattern, re.MULTILINE)
HANDLE_WORDS = 2
"""The fewest words of an id a handle keeps (the whole id where it has fewer)."""
_FIRST_WORDS_OF_LINE = re.compile(r"^[^-\n]*" + r"(?:-[^-\n]*)?" * (HANDLE_WORDS - 1), re.MULTILINE)
"""The first HANDLE_WORDS words of each line, or all of them where it has fewer."""


def id_without_date(event_id: str) -> str:
    """An event's id without the date it starts with: ``crew-11-launch`` for
    ``2025-07-31-crew-11-launch``."""
    return _LEADING_DATE.sub("", event_id, count=1)


def ids_without_dates(event_ids: list[str]) -> list[str]:
    """id_without_date of each id (an id that does not begin with a digit is kept as it
    is, with no call of the pattern)."""
    cut = _LEADING_DATE.sub
    return [
        cut("", event_id, count=1) if event_id[:1].isdigit() else event_id for event_id in event_ids
    ]


def _shared_words(first: str, second: str) -> int:
    """How many words (parts between hyphens) two ids without their dates begin with in
    common."""
    shared = start = 0
    while True:
        first_end = first.find("-", start)
        second_end = second.find("-", start)
        if first_end < 0:
            first_end = len(first)
        if second_end < 0:
            second_end = len(second)
        if first_end != second_end or first[start:first_end] != second[start:second_end]:
            return shared
        shared += 1
        if first_end == len(first) or second_end == len(second):
            return shared
        start = first_end + 1


def handles_among_events(event_ids: Iterable[str]) -> dict[str, str]:
    """Each event's handle among the events alone: its id without the leading date, cut
    to the fewest words (at least HANDLE_WORDS) that no other event's id-without-date
    begins with, as git shortens a hash (``soyuz-ms-10`` for
    ``2018-10-11-soyuz-ms-10-launch-abort``); else the whole id without its date where
    no other event's is the same; else the id.

    Most ids begin with two words no other id begins with, and then those two words are
    the handle, whatever the id's length: those are found at C speed, from the ids
    joined into one text (an id holds no line break, model.ID_PATTERN). Only the others
    need their neighbours compared (handles_by_neighbours); an id's neighbours sharing
    two words with it share its first two words, so they are among those others too."""
    ids = list(event_ids)
    if not ids:
        return {}
    slugs = _LEADING_DATE_OF_LINE.sub("", "\n".join(ids))
    firsts = _FIRST_WORDS_OF_LINE.findall(slugs)
    times = Counter(firsts)
    alone = list(map(eq, map(times.__getitem__, firsts), repeat(1)))
    handles = dict(compress(zip(ids, firsts, strict=True), alone))
    if len(handles) < len(ids):
        shared = list(compress(ids, map(not_, alone)))
        handles.update(handles_by_neighbours(shared))
        handles = dict(zip(ids, map(handles.__getitem__, ids), strict=True))  # in id order
    return handles


def handles_by_neighbours(event_ids: Iterable[str]) -> dict[str, str]:
    """handles_among_events, worked out for every id from the ids next to it in order.

    An id holds only letters, digits, ``.``, ``_`` and ``-`` (model.ID_PATTERN), and
    ``-`` sorts first, so sorted as text the ids are sorted by their words: the most
    words an id shares with any other is the most it shares with one of its two
    neighbours."""
    ids = list(event_ids)
    slugs = ids_without_dates(ids)
    if not ids:
        return {}
    ordered = sorted(slugs)
    commons = list(map(_shared_words, ordered, ordered[1:]))
    most = dict(zip(ordered, map(max, [0, *commons], [*commons, 0]), strict=True))
    same = Counter(slugs)
    handles: dict[str, str] = {}
    for event_id, slug in zip(ids, slugs, strict=True):
        words = slug.count("-") + 1
        count = max(min(HANDLE_WORDS, words), most[slug] + 1)
        if count < words:
            handles[event_id] = "-".join(slug.split("-", count)[:count])
        elif same[slug] == 1:
            handles[event_id] = slug
        else:
            handles[event_id] = event_id
    return handles
