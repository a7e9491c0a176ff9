"""Read dataset files, merge them, and check every record and reference.

The bundled dataset comes first, then each overlay file in order. Each file is
decoded by spacetalks.dataset.decode and the records checked across files by
spacetalks.dataset.merge; every problem in every file is collected into one DatasetError, so
a user can fix them all in one pass. A large dataset goes through the cache
(spacetalks.store.cache); a read for a window of days is a DatasetWindow. Nothing here
prints.
"""

from __future__ import annotations

import os
import stat
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from itertools import compress, repeat
from operator import attrgetter, ge
from pathlib import Path

import msgspec

from spacetalks.dataset.decode import FileReading, decode_dataset_file
from spacetalks.dataset.merge import Partial, merge_and_check
from spacetalks.dataset.model import (
    Dataset,
    DatasetInfo,
    DatasetWindow,
    DayWindow,
    Event,
    WantedEvents,
)
from spacetalks.dataset.problems import DatasetError, Problem
from spacetalks.dataset.reach import event_reach
from spacetalks.store import cache

BUNDLED_NAME = "spacetalks.json"
DATA_PATH_VARIABLE = "SPACETALKS_DATA"
EMPTY_PATH_LABEL = "''"
"""How an empty path given to --data is named in messages."""
RECORD_ID = attrgetter("id")
FIRST_DAY = attrgetter("first_day")
LAST_DAY = attrgetter("last_day")


class DataFile(msgspec.Struct, frozen=True):
    """A dataset file to read: a path on disk, or the bundled dataset."""

    label: str
    path: Path | None = None
    """None for the bundled dataset, which is read as a package resource."""


def bundled_data_file() -> DataFile:
    return DataFile(label=f"bundled dataset ({BUNDLED_NAME})")


def data_files(paths: Iterable[str], include_bundled: bool) -> list[DataFile]:
    """The files to load: the bundled dataset unless left out, then each path given."""
    files = [bundled_data_file()] if include_bundled else []
    files += [DataFile(label=path or EMPTY_PATH_LABEL, path=Path(path)) for path in paths]
    return files


def paths_from_environment(environ: dict[str, str] | os._Environ[str]) -> list[str]:
    """Overlay paths from SPACETALKS_DATA, separated by ':' (empty entries skipped)."""
    return [part for part in environ.get(DATA_PATH_VARIABLE, "").split(os.pathsep) if part]


def read_bundled_bytes() -> bytes:
    """The bundled dataset, read from inside the installed package."""
    path = bundled_path()
    if path is not None:
        return path.read_bytes()
    from importlib.resources import files  # noqa: PLC0415 (about 9 ms: only a zipped install needs it)

    return files("spacetalks").joinpath("data", BUNDLED_NAME).read_bytes()


class _MetaOnly(msgspec.Struct):
    """A dataset file read for its ``meta`` alone (the other arrays are skipped)."""

    meta: DatasetInfo | None = None


def bundled_info() -> DatasetInfo | None:
    """The bundled dataset's ``meta``: its version and when it was last reviewed."""
    try:
        return msgspec.json.decode(read_bundled_bytes(), type=_MetaOnly).meta
    except (OSError, msgspec.DecodeError):
        return None


def bundled_path() -> Path | None:
    """The bundled dataset's place on disk inside the package, where it has one (not
    inside a zip)."""
    candidate = Path(__file__).resolve().parent.parent / "data" / BUNDLED_NAME
    return candidate if candidate.is_file() else None


def _read_bytes(data_file: DataFile) -> bytes:
    if data_file.path is None:
        return read_bundled_bytes()
    if data_file.label == EMPTY_PATH_LABEL:
        raise _UnreadableFileError("an empty path was given; name a JSON dataset file")
    if data_file.label == "-":
        raise _UnreadableFileError(
            "a dataset cannot be read from standard input; save it to a file and give its path"
        )
    path = data_file.path
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise _UnreadableFileError("no such file") from None
    except PermissionError:
        raise _UnreadableFileError("permission denied") from None
    except OSError as error:
        raise _UnreadableFileError(f"cannot read it: {error.strerror or error}") from None
    if stat.S_ISDIR(mode):
        raise _UnreadableFileError("is a directory; give the path of a JSON dataset file")
    if not stat.S_ISREG(mode):
        raise _UnreadableFileError(
            "is not a regular file (a pipe, socket or device); give the path of a JSON file"
        )
    try:
        return path.read_bytes()
    except OSError as error:
        raise _UnreadableFileError(f"cannot read it: {error.strerror or error}") from None


class _UnreadableFileError(Exception):
    """A file that cannot be read at all."""


def read_dataset_file(data_file: DataFile, check_keys: bool = True) -> FileReading:
    """Read and decode one file: the records, or every problem found in it (see
    spacetalks.dataset.decode)."""
    try:
        data = _read_bytes(data_file)
    except _UnreadableFileError as problem:
        label = data_file.label
        return FileReading(label, None, [Problem(label, "", str(problem))])
    return decode_dataset_file(data_file.label, data, check_keys)


CacheWriter = Callable[[Callable[[], None]], None]
"""What is done with the writing of a cache entry: run it at once (``_write_now``), or
keep it for after the answer (see spacetalks.cli.program.leave)."""


def _write_now(write: Callable[[], None]) -> None:
    write()


def load_dataset(
    files: Sequence[DataFile],
    cache_directory: Path | None = None,
    write_cache: CacheWriter = _write_now,
) -> Dataset:
    """Read, merge and check the files; raise DatasetError listing every problem.

    With a cache directory, a large dataset is taken from the cache while its files
    and the code are unchanged, and stored there after it is read (see spacetalks.store.cache)
    by write_cache.
    """
    key = _cache_key(files) if cache_directory is not None else None
    cached = cache.read_entry(cache_directory, key) if cache_directory and key else None
    return cached or _read_and_cache(files, cache_directory, key, write_cache)


def load_window(
    files: Sequence[DataFile],
    window: DayWindow,
    cache_directory: Path | None = None,
    write_cache: CacheWriter = _write_now,
    reach: bool = False,
) -> DatasetWindow:
    """The dataset with only the events that touch a window of days (see DatasetWindow),
    or with reach those that can touch it as known at some day (see
    spacetalks.dataset.reach); the same whether it comes from the files or from the
    cache, where only those events are decoded."""
    key = _cache_key(files) if cache_directory is not None else None
    cached = (
        cache.read_window(cache_directory, key, window, reach) if cache_directory and key else None
    )
    if cached is not None:
        return cached
    whole = _read_and_cache(files, cache_directory, key, write_cache)
    return reach_of_window(whole, window) if reach else window_of(whole, window)


def load_selection(
    files: Sequence[DataFile],
    choose: Callable[[Dataset], WantedEvents],
    cache_directory: Path | None = None,
    write_cache: CacheWriter = _write_now,
) -> Dataset:
    """The dataset with at least the events choose wants (see DatasetSelection): choose
    is given the dataset, whose events it must not read (from the cache, they are not
    yet decoded), and says which events it wants. From the files, every event is there."""
    key = _cache_key(files) if cache_directory is not None else None
    cached = cache.read_selection(cache_directory, key, choose) if cache_directory and key else None
    return cached or _read_and_cache(files, cache_directory, key, write_cache)


def validate_dataset(files: Sequence[DataFile]) -> Dataset:
    """Like load_dataset, for a judgement of the files: never from the cache, and every
    check on every file (the bundled one's keys included)."""
    return _read_and_check(files, thorough=True)


def _read_and_cache(
    files: Sequence[DataFile],
    cache_directory: Path | None,
    key: cache.CacheKey | None,
    write_cache: CacheWriter,
) -> Dataset:
    dataset = _read_and_check(files)
    if cache_directory is not None and key is not None:
        directory, entry_key = cache_directory, key
        write_cache(lambda: cache.write_entry(directory, entry_key, dataset))
    return dataset


def window_of(dataset: Dataset, window: DayWindow) -> DatasetWindow:
    """The events of a whole dataset that touch the window, with every other record."""
    since, until = window
    dates, ends = dataset.event_dates, dataset.event_ends
    if since is None and until is None:
        return _with_events(dataset, dataset.events, window)
    ids = list(map(RECORD_ID, dataset.events))
    # A dataset read from its files has its dates in the order of its events (see
    # merge_and_check): then they are taken in order, not looked up one by one.
    in_order = list(dates) == ids
    starts = list(dates.values()) if in_order else list(map(dates.__getitem__, ids))
    # In order of first day: none after the last one up to `until` touches the window.
    stop = len(ids) if until is None else bisect_right(starts, until, key=FIRST_DAY)
    chosen: Sequence[int] = range(stop)
    if since is not None:
        lasts = list(map(LAST_DAY, starts[:stop]))
        if ends:
            lasts = [
                ends[event_id].last_day if event_id in ends else last
                for event_id, last in zip(ids, lasts, strict=False)
            ]
        chosen = list(compress(chosen, map(ge, lasts, repeat(since))))
    return _with_events(dataset, list(map(dataset.events.__getitem__, chosen)), window)


def reach_of_window(dataset: Dataset, window: DayWindow) -> DatasetWindow:
    """The events of a whole dataset that can touch the window as known at some day (see
    spacetalks.dataset.reach), with every other record: what the cache reads for it."""
    since, until = window
    dates, ends = dataset.event_dates, dataset.event_ends
    chosen = []
    for event in dataset.events:
        first, last = event_reach(event, dates[event.id], ends.get(event.id))
        if (until is None or first <= until) and (since is None or last >= since):
            chosen.append(event)
    return _with_events(dataset, chosen, window)


def _with_events(dataset: Dataset, events: list[Event], window: DayWindow) -> DatasetWindow:
    """The dataset as a window holding these of its events (in its order)."""
    whole = events is dataset.events
    dates = (
        dataset.event_dates
        if whole
        else {event.id: dataset.event_dates[event.id] for event in events}
    )
    return DatasetWindow(
        info=dataset.info,
        files=dataset.files,
        sources=dataset.sources,
        organizations=dataset.organizations,
        people=dataset.people,
        topics=dataset.topics,
        events=events,
        quotes=dataset.quotes,
        event_dates=dates,
        event_ends=(
            dataset.event_ends
            if whole
            else {key: end for key, end in dataset.event_ends.items() if key in dates}
        ),
        event_handles=(
            dataset.event_handles if whole else {key: dataset.event_handles[key] for key in dates}
        ),
        window=window,
        kinds=frozenset(map(attrgetter("kind"), dataset.events)),
    )


def _cache_key(files: Sequence[DataFile]) -> cache.CacheKey | None:
    """The cache key of the files, when they are on disk and large enough to cache."""
    if not cache.worth_caching([data_file.path for data_file in files if data_file.path]):
        return None
    paths = [data_file.path or bundled_path() for data_file in files]
    return cache.cache_key([path for path in paths if path is not None]) if all(paths) else None


def _read_and_check(files: Sequence[DataFile], thorough: bool = False) -> Dataset:
    """Read and check every file. Problems in some records do not hide those in others:
    the records that could be read are checked across files as well (unless a whole file
    could not be read, when references into it would look unknown)."""
    readings = [
        read_dataset_file(data_file, check_keys=thorough or data_file.path is not None)
        for data_file in files
    ]
    problems = [problem for reading in readings for problem in reading.problems]
    contents = [(reading.label, reading.content) for reading in readings if reading.content]
    unreadable: dict[str, list[str]] = {}
    for reading in readings:
        for name, ids in reading.unreadable_ids.items():
            unreadable.setdefault(name, []).extend(ids)
    if not problems:
        return merge_and_check(contents)
    if len(contents) == len(readings):
        partial = Partial(unreadable, [reading.positions for reading in readings])
        try:
            merge_and_check(contents, partial)
        except DatasetError as error:
            problems += error.problems
    raise DatasetError(problems)
