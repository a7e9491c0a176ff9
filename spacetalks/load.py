"""Read dataset files, merge them, and check every record and reference.

The bundled dataset comes first, then each overlay file in order. Every problem in
every file is collected into one DatasetError, each naming the file and the record
(or JSON path, or line and column), so a user can fix them all in one pass.
Nothing here prints.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Sequence
from operator import attrgetter
from pathlib import Path

import msgspec

from spacetalks import cache
from spacetalks.check import merge_and_check
from spacetalks.dates import DATE_EXAMPLES, DATE_PATTERN
from spacetalks.model import (
    RECORD_TYPES,
    STATUSES,
    Dataset,
    DatasetFile,
    DatasetInfo,
    DatasetWindow,
    DayWindow,
    Record,
)
from spacetalks.problems import DatasetError, Problem

BUNDLED_NAME = "spacetalks.json"
DATA_PATH_VARIABLE = "SPACETALKS_DATA"
_BYTE_OFFSET = re.compile(r"\s*\(byte (\d+)\)$")
_UTF8_BOM = b"\xef\xbb\xbf"
EMPTY_PATH_LABEL = "''"
"""How an empty path given to --data is named in messages."""


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
    from importlib.resources import files

    resource = files("spacetalks").joinpath("data", BUNDLED_NAME)
    if resource.is_file():
        return resource.read_bytes()
    return _source_checkout_path().read_bytes()


def bundled_path() -> Path | None:
    """The bundled dataset's place on disk, where it has one (not inside a zip)."""
    from importlib.resources import files

    resource = files("spacetalks").joinpath("data", BUNDLED_NAME)
    if isinstance(resource, Path) and resource.is_file():
        return resource
    fallback = _source_checkout_path()
    return fallback if fallback.is_file() else None


def _source_checkout_path() -> Path:
    """Running from a source checkout without an install: data/ sits beside the package."""
    return Path(__file__).resolve().parent.parent / "data" / BUNDLED_NAME


def _read_bytes(data_file: DataFile) -> bytes:
    if data_file.path is None:
        return read_bundled_bytes()
    if data_file.label == EMPTY_PATH_LABEL:
        raise _UnreadableFileError("an empty path was given; name a JSON dataset file")
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


def read_dataset_file(data_file: DataFile) -> tuple[DatasetFile | None, list[Problem]]:
    """Decode and validate one file: the records, or every problem found in it."""
    label = data_file.label
    try:
        data = _read_bytes(data_file)
    except _UnreadableFileError as problem:
        return None, [Problem(label, "", str(problem))]
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    if not data.strip():
        return None, [
            Problem(label, "", 'the file is empty; a dataset is a JSON object, e.g. {"events": []}')
        ]
    try:
        return msgspec.json.decode(data, type=DatasetFile), []
    except msgspec.ValidationError:
        return None, _validation_problems(label, data)
    except msgspec.DecodeError as error:
        return None, [_syntax_problem(label, data, error)]
    except RecursionError:
        return None, [Problem(label, "", "JSON is nested too deeply to read")]
    except UnicodeDecodeError:
        return None, [_encoding_problem(label, data)]


def _encoding_problem(label: str, data: bytes) -> Problem:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        where, byte = _line_and_column(data, error.start), data[error.start]
        return Problem(label, where, f"not UTF-8 text: byte 0x{byte:02x} cannot be read here")
    return Problem(label, "", "not UTF-8 text")


def _syntax_problem(label: str, data: bytes, error: msgspec.DecodeError) -> Problem:
    message = str(error).removeprefix("JSON is malformed: ")
    found = _BYTE_OFFSET.search(message)
    if found is not None:
        offset, message = int(found.group(1)), message[: found.start()]
    elif "truncated" in message:
        offset, message = len(data.rstrip()), "the file ends in the middle of a value (truncated)"
    else:
        return Problem(label, "", f"not valid JSON: {message}")
    return Problem(label, _line_and_column(data, offset), f"not valid JSON: {message}")


def _line_and_column(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return f"line {line}, column {column}"


def _validation_problems(label: str, data: bytes) -> list[Problem]:
    """Check each record on its own, so that every bad record is reported."""
    try:
        document = msgspec.json.decode(data)
    except msgspec.DecodeError as error:
        return [_syntax_problem(label, data, error)]
    except RecursionError:
        return [Problem(label, "", "JSON is nested too deeply to read")]
    except UnicodeDecodeError:
        return [_encoding_problem(label, data)]
    if not isinstance(document, dict):
        kind = _json_kind(document)
        return [
            Problem(
                label,
                "$",
                f"the top level is {kind}; a dataset is a JSON object with arrays "
                + ", ".join(f'"{name}"' for name in RECORD_TYPES),
            )
        ]
    problems: list[Problem] = []
    for key, value in document.items():
        if key == "meta":
            problems += _convert_problems(label, "$.meta", value, DatasetInfo, None)
        elif key in RECORD_TYPES:
            if not isinstance(value, list):
                problems.append(
                    Problem(label, f"$.{key}", f"must be an array, not {_json_kind(value)}")
                )
                continue
            record_type = RECORD_TYPES[key]
            for index, item in enumerate(value):
                record_id = item.get("id") if isinstance(item, dict) else None
                problems += _convert_problems(
                    label, f"$.{key}[{index}]", item, record_type, record_id
                )
        else:
            problems.append(
                Problem(
                    label,
                    f"$.{key}",
                    f"unknown top-level field {key!r}; expected meta, " + ", ".join(RECORD_TYPES),
                )
            )
    return problems or [Problem(label, "", "the file does not match the dataset schema")]


def _convert_problems(
    label: str, path: str, value: object, record_type: type[Record], record_id: object
) -> list[Problem]:
    try:
        msgspec.convert(value, record_type)
    except msgspec.ValidationError as error:
        message, _, where = str(error).partition(" - at `$")
        where = path + where.rstrip("`") if where else path
        return [Problem(label, _describe_place(where, record_id), _friendly(message, where))]
    return []


def _friendly(message: str, where: str) -> str:
    """msgspec's message, reworded where a user would need more to act on it."""
    if DATE_PATTERN in message:
        return "not a date; expected one of the forms " + ", ".join(DATE_EXAMPLES)
    if message.startswith("Invalid enum value") and where.endswith(".status"):
        value = message.removeprefix("Invalid enum value ")
        return f"invalid value {value}; expected one of {', '.join(STATUSES)}"
    return (
        message.replace("Expected `", "expected `")
        .replace("Object missing", "missing")
        .replace("Object contains unknown field", "unknown field")
    )


def _describe_place(path: str, record_id: object) -> str:
    if isinstance(record_id, str) and record_id:
        return f"{path} (id {record_id!r})"
    return path


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def load_dataset(files: Sequence[DataFile], cache_directory: Path | None = None) -> Dataset:
    """Read, merge and check the files; raise DatasetError listing every problem.

    With a cache directory, a large dataset is taken from the cache while its files
    and the code are unchanged, and stored there after it is read (see spacetalks.cache).
    """
    key = _cache_key(files) if cache_directory is not None else None
    cached = cache.read_entry(cache_directory, key) if cache_directory and key else None
    return cached or _read_and_cache(files, cache_directory, key)


def load_window(
    files: Sequence[DataFile], window: DayWindow, cache_directory: Path | None = None
) -> DatasetWindow:
    """The dataset with only the events that touch a window of days (see DatasetWindow),
    the same whether it comes from the files or from the cache, where only those events
    are decoded."""
    key = _cache_key(files) if cache_directory is not None else None
    cached = cache.read_window(cache_directory, key, window) if cache_directory and key else None
    return cached or window_of(_read_and_cache(files, cache_directory, key), window)


def _read_and_cache(
    files: Sequence[DataFile], cache_directory: Path | None, key: cache.CacheKey | None
) -> Dataset:
    dataset = _read_and_check(files)
    if cache_directory is not None and key is not None:
        cache.write_entry(cache_directory, key, dataset)
    return dataset


def window_of(dataset: Dataset, window: DayWindow) -> DatasetWindow:
    """The events of a whole dataset that touch the window, with every other record."""
    since, until = window
    dates, ends = dataset.event_dates, dataset.event_ends
    kinds = frozenset(map(attrgetter("kind"), dataset.events))
    if since is None and until is None:
        events, chosen_dates, chosen_ends = dataset.events, dates, ends
    else:
        events = []
        for event in dataset.events:
            date = dates[event.id]
            if until is not None and date.first_day > until:
                break  # in order of first day: none after this touches the window
            last = ends[event.id].last_day if event.id in ends else date.last_day
            if since is None or last >= since:
                events.append(event)
        chosen_dates = {event.id: dates[event.id] for event in events}
        chosen_ends = {key: end for key, end in ends.items() if key in chosen_dates}
    return DatasetWindow(
        info=dataset.info,
        files=dataset.files,
        sources=dataset.sources,
        organizations=dataset.organizations,
        people=dataset.people,
        topics=dataset.topics,
        events=events,
        quotes=dataset.quotes,
        event_dates=chosen_dates,
        event_ends=chosen_ends,
        window=window,
        kinds=kinds,
    )


def _cache_key(files: Sequence[DataFile]) -> cache.CacheKey | None:
    """The cache key of the files, when they are on disk and large enough to cache."""
    if not cache.worth_caching([data_file.path for data_file in files if data_file.path]):
        return None
    paths = [data_file.path or bundled_path() for data_file in files]
    return cache.cache_key([path for path in paths if path is not None]) if all(paths) else None


def _read_and_check(files: Sequence[DataFile]) -> Dataset:
    problems: list[Problem] = []
    contents: list[tuple[str, DatasetFile]] = []
    for data_file in files:
        content, file_problems = read_dataset_file(data_file)
        problems += file_problems
        if content is not None:
            contents.append((data_file.label, content))
    if problems:
        raise DatasetError(problems)
    return merge_and_check(contents)
