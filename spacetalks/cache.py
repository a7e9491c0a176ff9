"""A cache of loaded datasets, so a large file is parsed and checked once, not every run.

An entry holds the merged, checked records in msgpack, under the user's cache
directory (``$XDG_CACHE_HOME/spacetalks``, else ``~/.cache/spacetalks``). It is keyed
by each file's absolute path, size and modification time, and is used only while
all three still match: the files are always the truth. An entry that is stale,
unreadable or from another format is ignored and rebuilt. Entries are written
atomically (a temporary file, then a rename); a cache directory that cannot be
written is simply not used. Small datasets are not cached: reading them is as
fast as reading an entry.
"""

from __future__ import annotations

import contextlib
import os
from bisect import bisect_right
from collections.abc import Sequence
from operator import attrgetter
from pathlib import Path

import msgspec

from spacetalks.dates import Precision, partial_date
from spacetalks.model import (
    Dataset,
    DatasetInfo,
    DayWindow,
    Event,
    Organization,
    Person,
    Quote,
    Source,
    Topic,
)

CACHE_FORMAT = 4
"""Raised whenever the model or this layout changes, so old entries are rebuilt."""
SMALLEST_CACHED = 1_000_000
"""Datasets smaller than this many bytes in all are read directly."""

PRECISIONS = {int(precision): precision for precision in Precision}
FileKey = tuple[str, int, int]
"""A file's absolute path, size in bytes and modification time in nanoseconds."""


class CachedDataset(msgspec.Struct, array_like=True, gc=False):
    format: int
    key: list[FileKey]
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
    ends: dict[str, str]
    """The ``end`` of each event that has one, by event id."""
    dates: dict[str, tuple[int, int, int, int]]
    """Each event date and end text: precision, first day, last day, seconds."""


def cache_directory(environ: dict[str, str] | os._Environ[str] = os.environ) -> Path:
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "spacetalks"


def file_key(paths: Sequence[Path]) -> list[FileKey] | None:
    """The key of a set of files, or None when they are too small (or unreadable) to cache."""
    key = []
    for path in paths:
        try:
            status = path.stat()
        except OSError:
            return None
        key.append((str(path.resolve()), status.st_size, status.st_mtime_ns))
    return key if sum(size for _, size, _ in key) >= SMALLEST_CACHED else None


def entry_path(directory: Path, key: Sequence[FileKey]) -> Path:
    import hashlib

    names = "\0".join(path for path, _, _ in key)
    return directory / f"{hashlib.sha256(names.encode()).hexdigest()[:32]}.msgpack"


def read_entry(
    directory: Path, key: list[FileKey], window: DayWindow | None = None
) -> Dataset | None:
    """The cached dataset for exactly these files as they are now, if there is one;
    with a window, only the events that touch it are decoded."""
    try:
        data = entry_path(directory, key).read_bytes()
        entry = msgspec.msgpack.decode(data, type=CachedDataset)
        if entry.format != CACHE_FORMAT or [tuple(item) for item in entry.key] != key:
            return None
        return _dataset(entry, window)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError, ValueError, KeyError):
        return None


def _in_window(entry: CachedDataset, window: DayWindow | None) -> list[int]:
    """Positions of the events that touch the window, in order."""
    first_days, last_days = entry.first_days, entry.last_days
    since, until = window if window is not None else (None, None)
    stop = len(first_days) if until is None else bisect_right(first_days, until)
    if since is None:
        return list(range(stop))
    return [index for index in range(stop) if last_days[index] >= since]


def _msgpack_array(items: Sequence[msgspec.Raw]) -> bytes:
    """The msgpack array of already-encoded items: a header, then the items as they are
    (so that they decode in one call)."""
    count = len(items)
    if count < 16:
        header = bytes([0x90 | count])
    elif count < 1 << 16:
        header = b"\xdc" + count.to_bytes(2, "big")
    else:
        header = b"\xdd" + count.to_bytes(4, "big")
    return header + b"".join(items)


def _dataset(entry: CachedDataset, window: DayWindow | None) -> Dataset:
    record_id = attrgetter("id")
    dates = {
        text: partial_date(text, PRECISIONS[precision], first, last, seconds)
        for text, (precision, first, last, seconds) in entry.dates.items()
    }
    raw = entry.events
    chosen = [raw[index] for index in _in_window(entry, window)]
    events = msgspec.msgpack.decode(_msgpack_array(chosen), type=list[Event])
    event_dates = dict(
        zip(
            map(record_id, events),
            map(dates.__getitem__, map(attrgetter("date"), events)),
            strict=True,
        )
    )
    return Dataset(
        info=entry.info,
        files=tuple(entry.files),
        sources=dict(zip(map(record_id, entry.sources), entry.sources, strict=True)),
        organizations=dict(
            zip(map(record_id, entry.organizations), entry.organizations, strict=True)
        ),
        people=dict(zip(map(record_id, entry.people), entry.people, strict=True)),
        topics=dict(zip(map(record_id, entry.topics), entry.topics, strict=True)),
        events=events,
        quotes=dict(zip(map(record_id, entry.quotes), entry.quotes, strict=True)),
        event_dates=event_dates,
        event_ends={
            event_id: dates[end] for event_id, end in entry.ends.items() if event_id in event_dates
        },
        kinds=frozenset(entry.kinds),
    )


def write_entry(directory: Path, key: list[FileKey], dataset: Dataset) -> None:
    """Store the dataset for these files; any failure leaves the cache as it was."""
    dates: dict[str, tuple[int, int, int, int]] = {}
    for date in (*dataset.event_dates.values(), *dataset.event_ends.values()):
        dates[date.text] = (int(date.precision), date.first_day, date.last_day, date.seconds)
    encode = msgspec.msgpack.Encoder().encode
    events = dataset.events
    starts = [dataset.event_dates[event.id] for event in events]
    ends = dataset.event_ends
    entry = CachedDataset(
        format=CACHE_FORMAT,
        key=key,
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
        kinds=sorted(dataset.kinds),
        ends={event_id: end.text for event_id, end in ends.items()},
        dates=dates,
    )
    import tempfile

    target = entry_path(directory, key)
    temporary = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".entry.", suffix=".tmp", dir=directory)
        with os.fdopen(handle, "wb") as stream:
            stream.write(msgspec.msgpack.encode(entry))
        os.replace(temporary, target)
        temporary = None
    except OSError:
        pass
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def clear(directory: Path) -> tuple[int, int]:
    """Remove every entry; the number removed and the bytes freed."""
    removed = freed = 0
    for entry in entries(directory):
        with contextlib.suppress(OSError):
            size = entry.stat().st_size
            entry.unlink()
            removed, freed = removed + 1, freed + size
    return removed, freed


def entries(directory: Path) -> list[Path]:
    try:
        return sorted(directory.glob("*.msgpack"))
    except OSError:
        return []
