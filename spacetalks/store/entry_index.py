"""The index of a cached dataset's events: for each person, topic and organization, the
events that name it, and for each word, the blocks of events whose text holds it; so a
question about a few events (who, search, topics TOPIC, between) decodes only those.

An index is built with its cache entry from the checked events, stored in it with a
checksum, and rebuilt with it; it never decides an answer. It chooses which events to
decode, at least those a question can need, and the question is then asked of them as
of the whole dataset (a test shows that the answers are the same). No I/O here.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate, chain
from operator import attrgetter

import msgspec

from spacetalks.dataset.model import Event, TopicSummary, WantedEvents
from spacetalks.dataset.words import query_words, words

WORD_BLOCK = 64
"""Events a word points to at once: a block of events in date order. Finer would
make the index several times larger and slower to build; a rare word still decodes
no more than this many events for each event that holds it."""
POSITION = "I"
"""The array type of positions (unsigned, 4 bytes)."""
REFERENCES = {
    "people": attrgetter("people"),
    "topics": attrgetter("topics"),
    "organizations": attrgetter("organizations"),
}
"""The references each event is indexed by."""


class Postings(msgspec.Struct, array_like=True, frozen=True):
    """Terms, each with the positions (of events, or blocks of them) that hold it."""

    terms: str
    """Every term between line breaks, with one before the first and after the last."""
    starts: bytes
    """Where each term begins in ``terms`` (an array of positions)."""
    ends: bytes
    """Where each term's positions end in ``positions`` (an array, cumulative)."""
    positions: bytes
    """The positions of every term, one term after another (an array)."""


def postings(found: dict[str, list[int]]) -> Postings:
    """Stored postings of terms (none holding a line break) and their positions."""
    terms = list(found)
    starts = accumulate((len(term) + 1 for term in terms[:-1]), initial=1) if terms else ()
    return Postings(
        terms="\n" + "".join(term + "\n" for term in terms),
        starts=array(POSITION, starts).tobytes(),
        ends=array(POSITION, accumulate(map(len, found.values()), initial=0)).tobytes(),
        positions=array(POSITION, chain.from_iterable(found.values())).tobytes(),
    )


def inverted(terms_at: Iterable[Iterable[str]]) -> Postings:
    """The terms found at each position, as each term with the positions that hold it."""
    found: dict[str, list[int]] = {}
    for position, terms in enumerate(terms_at):
        for term in terms:
            holders = found.get(term)
            if holders is None:
                found[term] = [position]
            else:
                holders.append(position)
    return postings(found)


def by_reference(events: Sequence[Event], references: Callable[[Event], Iterable[str]]) -> Postings:
    """Each id an event refers to (a person, a topic...), with the events that do."""
    return inverted(map(references, events))


def searched_text(event: Event) -> str:
    """Everything of an event that search or a title lookup reads: its id, title,
    summary, place and disputes, one to a line."""
    disputes = (
        text
        for dispute in event.disputes
        for text in (dispute.note, *(alternative.value for alternative in dispute.alternatives))
    )
    return "\n".join((event.id, event.title, event.summary, event.place or "", *disputes))


def by_word(events: Sequence[Event]) -> Postings:
    """Each word of the events' text, with the blocks of WORD_BLOCK events that hold it."""
    texts = list(map(searched_text, events))
    blocks = (
        "\n".join(texts[start : start + WORD_BLOCK]) for start in range(0, len(texts), WORD_BLOCK)
    )
    return inverted(map(words, blocks))


class Lookup:
    """Stored postings, read: the positions of a term, or of every term holding a text."""

    def __init__(self, stored: Postings, count: int) -> None:
        """count: the positions there are; ValueError when the postings do not hold
        together."""
        self.terms = stored.terms
        self.starts = array(POSITION, stored.starts)
        self.ends = array(POSITION, stored.ends)
        self.positions = array(POSITION, stored.positions)
        if (
            len(self.ends) != len(self.starts) + 1
            or self.ends[-1] != len(self.positions)
            or (self.positions and max(self.positions) >= count)
            or (self.starts and self.starts[-1] > len(self.terms))
        ):
            raise ValueError("the index does not hold together")

    def _term(self, number: int) -> array[int]:
        return self.positions[self.ends[number] : self.ends[number + 1]]

    def exact(self, term: str) -> array[int]:
        """The positions of one term (none when it is not there)."""
        found = self.terms.find(f"\n{term}\n")
        if found < 0:
            return array(POSITION)
        return self._term(bisect_left(self.starts, found + 1))

    def containing(self, text: str) -> set[int]:
        """The positions of every term that holds the text."""
        chosen: set[int] = set()
        terms, starts = self.terms, self.starts
        found = terms.find(text)
        while found >= 0:
            number = bisect_right(starts, found) - 1
            chosen.update(self._term(number))
            if number + 1 == len(starts):
                break
            found = terms.find(text, starts[number + 1])  # the next term on
        return chosen


class EventIndex:
    """The stored index of a dataset's events, read."""

    def __init__(self, count: int, lookups: dict[str, Lookup]) -> None:
        self.count = count
        self.lookups = lookups

    def positions(self, wanted: WantedEvents) -> Sequence[int]:
        """The positions of at least the events wanted, in order."""
        chosen: set[int] = set()
        for name, ids in (
            ("people", wanted.people),
            ("topics", wanted.topics),
            ("organizations", wanted.organizations),
        ):
            for record_id in ids:
                chosen.update(self.lookups[name].exact(record_id))
        for text in wanted.texts:
            blocks = self._blocks(text)
            if blocks is None:
                return range(self.count)
            for block in blocks:
                start = block * WORD_BLOCK
                chosen.update(range(start, min(start + WORD_BLOCK, self.count)))
        return sorted(chosen)

    def _blocks(self, text: str) -> set[int] | None:
        """The blocks that may hold the text: each holds every word of it inside one of
        its words (None, every block, when the text has no word)."""
        query = query_words(text)
        if not query:
            return None
        words_lookup = self.lookups["words"]
        blocks = words_lookup.containing(query[0])
        for word in query[1:]:
            if not blocks:
                break
            blocks &= words_lookup.containing(word)
        return blocks


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
