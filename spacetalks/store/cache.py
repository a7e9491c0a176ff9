"""A cache of loaded datasets, so a large file is parsed and checked once, not every run.

An entry holds the merged, checked records in msgpack, under the user's cache
directory (``$XDG_CACHE_HOME/spacetalks`` when that is an absolute path, else
``~/.cache/spacetalks``), with each event stored on its own and an index of the events
(spacetalks.store.entry_index), so that a question reads only the events it needs: those in
a window of days, or those the index finds for a person, a topic or a text. An entry is
used only when everything that shapes what it holds is unchanged: each file's path,
device, inode, size, modification and change times, and the code that decodes, checks
and indexes it (a fingerprint of those modules' source, with the msgspec and Python
versions). The files are always the truth, and nothing that judges a dataset
(``validate``) reads the cache.

Nothing found in the cache is trusted: the directory is used only when it is the
user's own and no one else can write to it (it is created 0700); an entry must be a
regular file of the user's, each part of it that is read must pass its checksum (see
spacetalks.store.entry_file), and what is read must be consistent (each event's dates are
read again and must agree with the days stored for it), or the entry is ignored and
rebuilt, never a crash. Entries are written to a temporary file and renamed into
place; a temporary file is removed when the write fails or the process is stopped by
SIGTERM or SIGHUP, and ``spacetalks cache clear`` removes any left by a crash. Small
datasets are not cached: reading them is as fast as reading an entry.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import cache
from itertools import compress, repeat
from operator import attrgetter, eq, ge, gt
from pathlib import Path
from typing import Any

import msgspec

from spacetalks.dataset.dates import PartialDate, sort_key_of
from spacetalks.dataset.model import (
    Dataset,
    DatasetInfo,
    DatasetSelection,
    DatasetWindow,
    DayWindow,
    Event,
    Organization,
    Person,
    Quote,
    Source,
    Topic,
    TopicSummary,
    WantedEvents,
)
from spacetalks.store import entry_index as event_index
from spacetalks.store.entry_file import EntryFile, entry_bytes, open_entry
from spacetalks.store.private_directory import (
    Contents,
    clear,
    contents,
    make_directory,
    own_directory,
    write_atomically,
)

SMALLEST_CACHED = 1_000_000
"""Datasets whose own files hold fewer bytes than this are read directly."""
CODE_MODULES = (
    "dataset/model",
    "dataset/dates",
    "dataset/problems",
    "dataset/decode",
    "dataset/rules",
    "dataset/merge",
    "dataset/words",
    "store/load",
    "store/cache",
    "store/entry_file",
    "store/entry_index",
)
"""The modules whose source shapes what an entry holds; any change to one retires every
entry."""
ENTRY_SUFFIX = ".msgpack"
TOPIC_SUMMARIES = "summaries.topics"
"""The section holding every topic's summary (event_index.topic_summaries)."""

FileKey = tuple[str, int, int, int, int, int]
"""A file's absolute path, device, inode, size in bytes, and modification and change times
in nanoseconds."""
RECORD_ID = attrgetter("id")
FIRST_DAY = attrgetter("first_day")
LAST_DAY_OF = attrgetter("last_day")
SORT_KEY = attrgetter("sort_key")
TEXT = attrgetter("text")
PRECISION, SECONDS = attrgetter("precision"), attrgetter("seconds")
EVENT_DATE = attrgetter("date")
FIRST_DAYS, LAST_DAYS = "first_days", "last_days"
"""Each event's first day, and its last (its end's, if it has one)."""
DATES = "dates"
"""Every date and end of an event, once each."""
DATE_NUMBERS, END_NUMBERS = "date_numbers", "end_numbers"
"""Each event's date and end, by their place among the dates (-1: no end)."""
DAY = "i"
"""The array type of days (4 bytes)."""
RECORDS = "records"


class CacheKey(msgspec.Struct, frozen=True, array_like=True):
    """What an entry must match to be used: the code that made it and each file as it is."""

    code: str
    files: tuple[FileKey, ...]


class Records(msgspec.Struct, array_like=True, gc=False):
    """The merged, checked records of an entry but its events, which are stored one by
    one (see spacetalks.store.entry_file)."""

    files: list[str]
    info: DatasetInfo | None
    sources: list[Source]
    organizations: list[Organization]
    people: list[Person]
    topics: list[Topic]
    quotes: list[Quote]
    kinds: list[str]
    """Every event kind."""


def cache_directory(environ: dict[str, str] | os._Environ[str] = os.environ) -> Path | None:
    """Where the cache lives, or None when no absolute place can be found.

    A relative ``XDG_CACHE_HOME`` is ignored, as the XDG specification says; an empty or
    relative ``HOME`` falls back to the user's home directory in the password database.
    """
    base = environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = environ.get("HOME", "")
        if not os.path.isabs(home):
            home = _home_from_password_database()
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "spacetalks"


def _home_from_password_database() -> str:
    try:
        import pwd  # noqa: PLC0415 (Unix only; needed only when HOME is unusable)

        return pwd.getpwuid(os.geteuid()).pw_dir
    except (ImportError, KeyError, OSError):
        return ""


def worth_caching(paths: Sequence[Path]) -> bool:
    """True when the files hold enough bytes for an entry to be faster than reading them."""
    try:
        return sum(os.stat(path).st_size for path in paths) >= SMALLEST_CACHED
    except OSError:
        return False


def _fingerprint(data: bytes) -> str:
    """64 bits that change with any change to the data (CRC-32 and Adler-32: an accidental
    match is about one in 10**19). Not a defence against forgery, which the directory's
    ownership is; hashlib would cost a cached run about 2.5 ms to import."""
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


@cache
def code_key() -> str:
    """A fingerprint of everything in the code that shapes an entry."""
    package = Path(__file__).resolve().parent.parent
    sources = b"".join((package / f"{name}.py").read_bytes() for name in CODE_MODULES)
    return f"msgspec {msgspec.__version__}, Python {sys.version}, {_fingerprint(sources)}"


def cache_key(paths: Sequence[Path]) -> CacheKey | None:
    """The key of a set of files as they are now, or None when one cannot be read."""
    files = []
    try:
        code = code_key()
        for path in paths:
            status = path.stat()
            if not stat.S_ISREG(status.st_mode):
                return None
            files.append(
                (
                    str(path.resolve()),
                    status.st_dev,
                    status.st_ino,
                    status.st_size,
                    status.st_mtime_ns,
                    status.st_ctime_ns,
                )
            )
    except OSError:
        return None
    return CacheKey(code=code, files=tuple(files))


def entry_path(directory: Path, key: CacheKey) -> Path:
    """One entry for each set of files (a new one replaces the old)."""
    names = "\0".join(file[0] for file in key.files)
    return directory / f"{_fingerprint(names.encode())}{ENTRY_SUFFIX}"


ReadT = Any


def _read(directory: Path, key: CacheKey, read: Callable[[EntryFile], ReadT]) -> ReadT | None:
    """What read takes from the entry for this key, when there is one to trust; None
    when there is none, or it is of other files or code, or read finds fault with it."""
    if not own_directory(directory):
        return None
    try:
        with open_entry(entry_path(directory, key)) as entry:
            if entry is None or msgspec.msgpack.decode(entry.head.key, type=CacheKey) != key:
                return None
            return read(entry)
    except Exception:  # any doubt about an entry: rebuild it
        return None


def read_entry(directory: Path, key: CacheKey) -> Dataset | None:
    """The cached dataset for exactly these files and this code, if there is one to trust."""
    dataset: Dataset | None = _read(
        directory, key, lambda entry: _dataset(entry, _records(entry), range(entry.count), Dataset)
    )
    return dataset


def read_window(directory: Path, key: CacheKey, window: DayWindow) -> DatasetWindow | None:
    """Like read_entry, with only the events that touch the window decoded."""

    def read(entry: EntryFile) -> DatasetWindow:
        records = _records(entry)
        window_read: DatasetWindow = _dataset(
            entry,
            records,
            _in_window(entry, window),
            DatasetWindow,
            window=window,
            kinds=frozenset(records.kinds),
        )
        return window_read

    window_read: DatasetWindow | None = _read(directory, key, read)
    return window_read


def read_selection(
    directory: Path, key: CacheKey, choose: Callable[[Dataset], WantedEvents]
) -> DatasetSelection | None:
    """Like read_entry, with only the events chosen decoded: choose is given the dataset
    without its events, and says which it wants; the entry's index finds them."""

    def read(entry: EntryFile) -> DatasetSelection:
        records = _records(entry)
        wanted = choose(_dataset(entry, records, (), Dataset))
        index = event_index.EventIndex(
            entry.count,
            {
                name: event_index.Lookup(
                    msgspec.msgpack.decode(
                        entry.section(f"index.{name}"), type=event_index.Postings
                    ),
                    entry.count if name != "words" else -(-entry.count // event_index.WORD_BLOCK),
                )
                for name in _indexes_for(wanted)
            },
        )
        summaries = _topic_summaries(entry, records) if wanted.topic_summaries else None
        selection: DatasetSelection = _dataset(
            entry, records, index.positions(wanted), DatasetSelection, topic_summaries=summaries
        )
        return selection

    selection: DatasetSelection | None = _read(directory, key, read)
    return selection


def _topic_summaries(entry: EntryFile, records: Records) -> tuple[TopicSummary, ...]:
    """The topics' summaries, which must be those of the entry's topics, in their order,
    naming its people, and counting no more events than it holds (else ValueError)."""
    summaries = msgspec.msgpack.decode(
        entry.section(TOPIC_SUMMARIES), type=tuple[TopicSummary, ...]
    )
    people = {person.id for person in records.people}
    if [summary.topic_id for summary in summaries] != [topic.id for topic in records.topics]:
        raise ValueError("the summaries are not of the entry's topics")
    if any(
        not 0 <= summary.events <= entry.count or not people.issuperset(summary.people)
        for summary in summaries
    ):
        raise ValueError("a summary that the entry's records do not hold")
    return summaries


def _indexes_for(wanted: WantedEvents) -> list[str]:
    """The indexes a question uses."""
    used = [name for name in event_index.REFERENCES if getattr(wanted, name)]
    return [*used, "words"] if wanted.texts else used


def _records(entry: EntryFile) -> Records:
    return msgspec.msgpack.decode(entry.section(RECORDS), type=Records)


def _in_window(entry: EntryFile, window: DayWindow) -> Sequence[int]:
    """Positions of the events that touch the window, in order."""
    since, until = window
    first_days = entry.array(FIRST_DAYS, DAY)
    stop = len(first_days) if until is None else bisect_right(first_days, until)
    if since is None:
        return range(stop)
    last_days = entry.array(LAST_DAYS, DAY)
    return list(compress(range(stop), map(ge, last_days[:stop], repeat(since))))


def _dataset(
    entry: EntryFile, records: Records, positions: Sequence[int], kind: type[Dataset], **extra: Any
) -> Any:
    """The records as a dataset of the kind asked for, with the events at these positions;
    ValueError (or another error) when the entry does not hold together."""
    events = msgspec.msgpack.decode(entry.events(positions), type=list[Event]) if positions else []
    event_dates, event_ends = _dates(entry, events, positions) if events else ({}, {})
    return kind(
        info=records.info,
        files=tuple(records.files),
        sources=_by_id(records.sources),
        organizations=_by_id(records.organizations),
        people=_by_id(records.people),
        topics=_by_id(records.topics),
        events=events,
        quotes=_by_id(records.quotes),
        event_dates=event_dates,
        event_ends=event_ends,
        **extra,
    )


LAST_DAY = dt.date.max.toordinal()


def _dates(
    entry: EntryFile, events: list[Event], positions: Sequence[int]
) -> tuple[dict[str, PartialDate], dict[str, PartialDate]]:
    """The events' dates and ends, as stored; ValueError when a stored date is not a span
    of calendar days in its order, or is not the text of its event's date (or end), or
    does not begin and end on the days stored for the event, or an event is there twice."""
    table = msgspec.msgpack.decode(entry.section(DATES), type=list[PartialDate])
    date_numbers = list(map(entry.array(DATE_NUMBERS, DAY).__getitem__, positions))
    starts = list(map(table.__getitem__, date_numbers))
    end_numbers = entry.array(END_NUMBERS, DAY)
    ended = [
        (event.id, end_numbers[position])
        for event, position in zip(events, positions, strict=True)
        if event.end is not None
    ]
    ends = {event_id: table[number] for event_id, number in ended}
    used = list(map(table.__getitem__, {*date_numbers, *(number for _, number in ended)}))
    firsts, lasts = list(map(FIRST_DAY, used)), list(map(LAST_DAY_OF, used))
    if (
        min(firsts) < 1
        or max(lasts) > LAST_DAY
        or any(map(gt, firsts, lasts))
        or list(map(SORT_KEY, used))
        != list(map(sort_key_of, firsts, map(PRECISION, used), map(SECONDS, used)))
    ):
        raise ValueError("a stored date is not a span of calendar days in its order")
    first_days, last_days = entry.array(FIRST_DAYS, DAY), entry.array(LAST_DAYS, DAY)
    expected_lasts = list(map(LAST_DAY_OF, starts))
    if ends:
        expected_lasts = [
            ends[event.id].last_day if event.end is not None else last
            for event, last in zip(events, expected_lasts, strict=True)
        ]
    if not (
        all(map(eq, map(TEXT, starts), map(EVENT_DATE, events)))
        and [end.text for end in ends.values()]
        == [event.end for event in events if event.end is not None]
        and all(map(eq, map(FIRST_DAY, starts), map(first_days.__getitem__, positions)))
        and all(map(eq, expected_lasts, map(last_days.__getitem__, positions)))
    ):
        raise ValueError("the events do not agree with their stored dates")
    event_dates = dict(zip(map(RECORD_ID, events), starts, strict=True))
    if len(event_dates) != len(events):
        raise ValueError("an event is stored twice")
    return event_dates, ends


def _by_id(records: list[Any]) -> dict[str, Any]:
    by_id = dict(zip(map(RECORD_ID, records), records, strict=True))
    if len(by_id) != len(records):
        raise ValueError("a record id is stored twice")
    return by_id


def write_entry(directory: Path, key: CacheKey, dataset: Dataset) -> None:
    """Store the dataset for these files, with its index; any failure leaves the cache as
    it was."""
    if isinstance(dataset, DatasetWindow | DatasetSelection):
        raise TypeError("only a whole dataset can be cached")
    encode = msgspec.msgpack.Encoder().encode
    events = dataset.events
    starts = list(map(dataset.event_dates.__getitem__, map(RECORD_ID, events)))
    ends = dataset.event_ends
    last_days = [start.last_day for start in starts]
    if ends:
        last_days = [
            ends[event.id].last_day if event.id in ends else last
            for event, last in zip(events, last_days, strict=True)
        ]
    records = Records(
        files=list(dataset.files),
        info=dataset.info,
        sources=list(dataset.sources.values()),
        organizations=list(dataset.organizations.values()),
        people=list(dataset.people.values()),
        topics=list(dataset.topics.values()),
        quotes=list(dataset.quotes.values()),
        kinds=sorted({event.kind for event in events}),
    )
    numbers: dict[str, int] = {}
    table: list[PartialDate] = []
    for date in (*starts, *ends.values()):
        if numbers.setdefault(date.text, len(numbers)) == len(table):
            table.append(date)
    sections = {
        RECORDS: encode(records),
        FIRST_DAYS: array(DAY, map(FIRST_DAY, starts)).tobytes(),
        LAST_DAYS: array(DAY, last_days).tobytes(),
        DATES: encode(table),
        DATE_NUMBERS: array(DAY, map(numbers.__getitem__, map(EVENT_DATE, events))).tobytes(),
        END_NUMBERS: array(
            DAY, (numbers[event.end] if event.end is not None else -1 for event in events)
        ).tobytes(),
        **{
            f"index.{name}": encode(event_index.by_reference(events, references))
            for name, references in event_index.REFERENCES.items()
        },
        "index.words": encode(event_index.by_word(events)),
        TOPIC_SUMMARIES: encode(event_index.topic_summaries(events, dataset.topics)),
    }
    data = entry_bytes(encode(key), list(map(encode, events)), sections)
    if make_directory(directory):
        write_atomically(directory, entry_path(directory, key), data)


def cache_contents(directory: Path) -> Contents:
    """The entries in the cache directory, and the temporary files crashes left there."""
    return contents(directory, ENTRY_SUFFIX)


def clear_cache(directory: Path) -> tuple[int, int, int]:
    """Remove every entry and temporary file: the entries and temporary files removed, and
    the bytes freed."""
    return clear(directory, ENTRY_SUFFIX)
