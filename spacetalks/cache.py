"""A cache of loaded datasets, so a large file is parsed and checked once, not every run.

An entry holds the merged, checked records in msgpack, under the user's cache
directory (``$XDG_CACHE_HOME/spacetalks`` when that is an absolute path, else
``~/.cache/spacetalks``). It is used only when everything that shapes what it holds
is unchanged: each file's path, device, inode, size, modification and change times,
and the code that decodes and checks it (a fingerprint of those modules' source, with
the msgspec and Python versions). The files are always the truth, and nothing that
judges a dataset (``validate``) reads the cache.

Nothing found in the cache is trusted: the directory is used only when it is the
user's own and no one else can write to it (it is created 0700); an entry must be a
regular file of the user's, pass its checksum and be consistent, or it is ignored
and rebuilt, never a crash. Entries are written to a temporary file and renamed into
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
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from operator import attrgetter, gt
from pathlib import Path
from typing import Any

import msgspec

from spacetalks.dates import PartialDate, Precision, partial_date
from spacetalks.model import (
    Dataset,
    DatasetInfo,
    DatasetWindow,
    DayWindow,
    Event,
    Organization,
    Person,
    Quote,
    Source,
    Topic,
)
from spacetalks.private_directory import (
    Contents,
    clear,
    contents,
    make_directory,
    own_directory,
    read_own_file,
    write_atomically,
)

SMALLEST_CACHED = 1_000_000
"""Datasets whose own files hold fewer bytes than this are read directly."""
CODE_MODULES = ("model", "dates", "problems", "decode", "rules", "check", "load", "cache")
"""The modules whose source shapes what an entry holds; any change to one retires every
entry."""
ENTRY_SUFFIX = ".msgpack"

PRECISIONS = {int(precision): precision for precision in Precision}
FileKey = tuple[str, int, int, int, int, int]
"""A file's absolute path, device, inode, size in bytes, and modification and change times
in nanoseconds."""
RECORD_ID = attrgetter("id")
EVENT_DATE = attrgetter("date")


class CacheKey(msgspec.Struct, frozen=True, array_like=True):
    """What an entry must match to be used: the code that made it and each file as it is."""

    code: str
    files: tuple[FileKey, ...]


class Records(msgspec.Struct, array_like=True, gc=False):
    """The merged, checked records of an entry, with each event stored on its own."""

    files: list[str]
    info: DatasetInfo | None
    sources: list[Source]
    organizations: list[Organization]
    people: list[Person]
    topics: list[Topic]
    quotes: list[Quote]
    events: list[msgspec.Raw]
    """Each event encoded on its own, in date order, decoded only when wanted."""
    first_days: list[int]
    """Each event's first day, in the same order (so, ascending)."""
    last_days: list[int]
    """Each event's last day, its end included."""
    kinds: list[str]
    """Every event kind."""
    ends: dict[str, str]
    """The ``end`` of each event that has one, by event id."""
    dates: dict[str, tuple[int, int, int, int]]
    """Each event date and end text: precision, first day, last day, seconds."""


class Entry(msgspec.Struct, array_like=True):
    """One cache file: its key, then the records and their checksum."""

    key: CacheKey
    checksum: int
    """CRC-32 of ``records`` as stored."""
    records: msgspec.Raw


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
    package = Path(__file__).resolve().parent
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


def _records(directory: Path, key: CacheKey) -> Records | None:
    """The records of the entry for this key, when there is one to trust."""
    if not own_directory(directory):
        return None
    data = read_own_file(entry_path(directory, key))
    if data is None:
        return None
    entry = msgspec.msgpack.decode(data, type=Entry)
    if entry.key != key or zlib.crc32(entry.records) != entry.checksum:
        return None
    records = msgspec.msgpack.decode(entry.records, type=Records)
    count = len(records.events)
    if len(records.first_days) != count or len(records.last_days) != count:
        return None
    return records


def read_entry(directory: Path, key: CacheKey) -> Dataset | None:
    """The cached dataset for exactly these files and this code, if there is one to trust."""
    try:
        records = _records(directory, key)
        if records is None:
            return None
        dataset: Dataset = _dataset(records, range(len(records.events)), Dataset)
    except Exception:  # any doubt about an entry: rebuild it
        return None
    return dataset


def read_window(directory: Path, key: CacheKey, window: DayWindow) -> DatasetWindow | None:
    """Like read_entry, with only the events that touch the window decoded."""
    try:
        records = _records(directory, key)
        if records is None:
            return None
        window_read: DatasetWindow = _dataset(
            records,
            _in_window(records, window),
            DatasetWindow,
            window=window,
            kinds=frozenset(records.kinds),
        )
    except Exception:  # any doubt about an entry: rebuild it
        return None
    return window_read


def _in_window(records: Records, window: DayWindow) -> Sequence[int]:
    """Positions of the events that touch the window, in order."""
    first_days, last_days = records.first_days, records.last_days
    since, until = window
    stop = len(first_days) if until is None else bisect_right(first_days, until)
    if since is None:
        return range(stop)
    return [index for index in range(stop) if last_days[index] >= since]


def _dataset(records: Records, positions: Sequence[int], kind: type[Dataset], **extra: Any) -> Any:
    """The records as a dataset of the kind asked for, with the events at these positions;
    ValueError (or another error) when the entry does not hold together."""
    dates = _dates(records.dates)
    stored = records.events
    # Encoding a list of Raw items writes their array around them as they are, so the
    # chosen events decode in one call.
    events = msgspec.msgpack.decode(
        msgspec.msgpack.encode([stored[index] for index in positions]), type=list[Event]
    )
    starts = list(map(dates.__getitem__, map(EVENT_DATE, events)))
    event_dates = dict(zip(map(RECORD_ID, events), starts, strict=True))
    event_ends = {
        event_id: dates[end] for event_id, end in records.ends.items() if event_id in event_dates
    }
    first_days, last_days = records.first_days, records.last_days
    if (
        len(event_dates) != len(events)
        or [start.first_day for start in starts] != [first_days[index] for index in positions]
        or [
            event_ends[event.id].last_day if event.id in event_ends else start.last_day
            for event, start in zip(events, starts, strict=True)
        ]
        != [last_days[index] for index in positions]
    ):
        raise ValueError("the events do not agree with their stored days")
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


def _dates(stored: dict[str, tuple[int, int, int, int]]) -> dict[str, PartialDate]:
    """The stored dates, parsed; ValueError when one is not a span of calendar days."""
    spans = list(stored.values())
    firsts = [span[1] for span in spans]
    lasts = [span[2] for span in spans]
    if spans and (min(firsts) < 1 or max(lasts) > LAST_DAY or any(map(gt, firsts, lasts))):
        raise ValueError("a stored date is not a span of calendar days")
    return {
        text: partial_date(text, PRECISIONS[precision], first, last, seconds)
        for text, (precision, first, last, seconds) in stored.items()
    }


def _by_id(records: list[Any]) -> dict[str, Any]:
    by_id = dict(zip(map(RECORD_ID, records), records, strict=True))
    if len(by_id) != len(records):
        raise ValueError("a record id is stored twice")
    return by_id


def write_entry(directory: Path, key: CacheKey, dataset: Dataset) -> None:
    """Store the dataset for these files; any failure leaves the cache as it was."""
    if isinstance(dataset, DatasetWindow):
        raise TypeError("only a whole dataset can be cached")
    dates: dict[str, tuple[int, int, int, int]] = {}
    for date in (*dataset.event_dates.values(), *dataset.event_ends.values()):
        dates[date.text] = (int(date.precision), date.first_day, date.last_day, date.seconds)
    encode = msgspec.msgpack.Encoder().encode
    events = dataset.events
    starts = [dataset.event_dates[event.id] for event in events]
    ends = dataset.event_ends
    records = Records(
        files=list(dataset.files),
        info=dataset.info,
        sources=list(dataset.sources.values()),
        organizations=list(dataset.organizations.values()),
        people=list(dataset.people.values()),
        topics=list(dataset.topics.values()),
        quotes=list(dataset.quotes.values()),
        events=[msgspec.Raw(encode(event)) for event in events],
        first_days=[start.first_day for start in starts],
        last_days=[
            ends[event.id].last_day if event.id in ends else start.last_day
            for event, start in zip(events, starts, strict=True)
        ],
        kinds=sorted({event.kind for event in events}),
        ends={event_id: end.text for event_id, end in ends.items()},
        dates=dates,
    )
    stored = encode(records)
    entry = Entry(key=key, checksum=zlib.crc32(stored), records=msgspec.Raw(stored))
    if make_directory(directory):
        write_atomically(directory, entry_path(directory, key), encode(entry))


def cache_contents(directory: Path) -> Contents:
    """The entries in the cache directory, and the temporary files crashes left there."""
    return contents(directory, ENTRY_SUFFIX)


def clear_cache(directory: Path) -> tuple[int, int, int]:
    """Remove every entry and temporary file: the entries and temporary files removed, and
    the bytes freed."""
    return clear(directory, ENTRY_SUFFIX)
