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
from dataclasses import dataclass
from pathlib import Path

import msgspec

from spacetalks.dates import DATE_EXAMPLES, DATE_PATTERN, InvalidDateError, PartialDate, parse_date
from spacetalks.model import (
    RECORD_TYPES,
    STATUSES,
    Dataset,
    DatasetFile,
    DatasetInfo,
    Event,
    Organization,
    Person,
    Quote,
    Record,
    Source,
    Topic,
)

BUNDLED_NAME = "spacetalks.json"
DATA_PATH_VARIABLE = "SPACETALKS_DATA"
_BYTE_OFFSET = re.compile(r"\s*\(byte (\d+)\)$")
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a dataset, and where."""

    file: str
    where: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.where}: {self.message}"
            if self.where
            else (f"{self.file}: {self.message}")
        )


class DatasetError(Exception):
    """A dataset that cannot be used, with every problem found in it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the dataset")
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class DataFile:
    """A dataset file to read: a path on disk, or the bundled dataset."""

    label: str
    path: Path | None = None
    """None for the bundled dataset, which is read as a package resource."""


def bundled_data_file() -> DataFile:
    return DataFile(label=f"bundled dataset ({BUNDLED_NAME})")


def data_files(paths: Iterable[str], include_bundled: bool) -> list[DataFile]:
    """The files to load: the bundled dataset unless left out, then each path given."""
    files = [bundled_data_file()] if include_bundled else []
    files += [DataFile(label=path, path=Path(path)) for path in paths]
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
    # Running from a source checkout without an install: data/ sits beside the package.
    return (Path(__file__).resolve().parent.parent / "data" / BUNDLED_NAME).read_bytes()


def _read_bytes(data_file: DataFile) -> bytes:
    if data_file.path is None:
        return read_bundled_bytes()
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


def _syntax_problem(label: str, data: bytes, error: msgspec.DecodeError) -> Problem:
    message = str(error).removeprefix("JSON is malformed: ")
    found = _BYTE_OFFSET.search(message)
    if found is not None:
        offset, message = int(found.group(1)), message[: found.start()]
    elif "truncated" in message:
        offset, message = len(data.rstrip()), "the file ends in the middle of a value (truncated)"
    else:
        return Problem(label, "", f"not valid JSON: {message}")
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Problem(label, f"line {line}, column {column}", f"not valid JSON: {message}")


def _validation_problems(label: str, data: bytes) -> list[Problem]:
    """Check each record on its own, so that every bad record is reported."""
    try:
        document = msgspec.json.decode(data)
    except msgspec.DecodeError as error:
        return [_syntax_problem(label, data, error)]
    except RecursionError:
        return [Problem(label, "", "JSON is nested too deeply to read")]
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


@dataclass(frozen=True, slots=True)
class _Located:
    """A record and where it was defined, for messages about it."""

    record: Record
    file: str
    path: str


def load_dataset(files: Sequence[DataFile]) -> Dataset:
    """Read, merge and check the files; raise DatasetError listing every problem."""
    problems: list[Problem] = []
    infos: list[DatasetInfo] = []
    located: dict[str, dict[str, _Located]] = {name: {} for name in RECORD_TYPES}
    for data_file in files:
        content, file_problems = read_dataset_file(data_file)
        problems += file_problems
        if content is None:
            continue
        if content.meta is not None:
            infos.append(content.meta)
        for name in RECORD_TYPES:
            by_id = located[name]
            for index, record in enumerate(getattr(content, name)):
                record_id: str = record.id
                path = f"$.{name}[{index}] (id {record_id!r})"
                earlier = by_id.get(record_id)
                if earlier is not None:
                    problems.append(
                        Problem(
                            data_file.label,
                            path,
                            f"duplicate id {record_id!r}: already defined in "
                            f"{earlier.file} at {earlier.path.split(' ')[0]}",
                        )
                    )
                    continue
                by_id[record_id] = _Located(record, data_file.label, path)
    if problems:
        raise DatasetError(problems)
    checker = _ReferenceChecker(located)
    problems = checker.check()
    if problems:
        raise DatasetError(problems)
    return _assemble(located, infos, tuple(f.label for f in files), checker)


def _assemble(
    located: dict[str, dict[str, _Located]],
    infos: list[DatasetInfo],
    labels: tuple[str, ...],
    checker: _ReferenceChecker,
) -> Dataset:
    def records(name: str) -> dict[str, Record]:
        return {record_id: item.record for record_id, item in located[name].items()}

    events: list[Event] = list(records("events").values())  # type: ignore[arg-type]
    event_dates = checker.event_dates
    events.sort(key=lambda event: (event_dates[event.id].sort_key, event.id))
    return Dataset(
        info=infos[-1] if infos else None,
        files=labels,
        sources=records("sources"),  # type: ignore[arg-type]
        organizations=records("organizations"),  # type: ignore[arg-type]
        people=records("people"),  # type: ignore[arg-type]
        topics=records("topics"),  # type: ignore[arg-type]
        events=events,
        quotes=records("quotes"),  # type: ignore[arg-type]
        event_dates=event_dates,
        event_ends=checker.event_ends,
    )


class _ReferenceChecker:
    """Checks dates and references across all files once they are merged."""

    def __init__(self, located: dict[str, dict[str, _Located]]) -> None:
        self.located = located
        self.problems: list[Problem] = []
        self.event_dates: dict[str, PartialDate] = {}
        self.event_ends: dict[str, PartialDate] = {}
        self._current: _Located | None = None

    def check(self) -> list[Problem]:
        for name, by_id in self.located.items():
            for item in by_id.values():
                self._current = item
                self._check_record(name, item.record)
        return self.problems

    def _report(self, message: str) -> None:
        assert self._current is not None
        self.problems.append(Problem(self._current.file, self._current.path, message))

    def _date(self, field_name: str, text: str | None) -> PartialDate | None:
        if text is None:
            return None
        try:
            return parse_date(text)
        except InvalidDateError as error:
            self._report(f"{field_name}: {error}")
            return None

    def _refs(self, field_name: str, ids: Iterable[str], *kinds: str) -> None:
        for ref in ids:
            if not any(ref in self.located[kind] for kind in kinds):
                wanted = " or ".join(_SINGULAR[kind] for kind in kinds)
                self._report(f"{field_name}: unknown {wanted} {ref!r}")

    def _check_record(self, name: str, record: Record) -> None:
        if isinstance(record, Event):
            self._check_event(record)
        elif isinstance(record, Person):
            self._date("born", record.born)
            self._refs("sources", record.sources, "sources")
            for number, role in enumerate(record.roles, 1):
                where = f"roles[{number - 1}]"
                self._refs(f"{where}.organization", (role.organization,), "organizations")
                self._refs(f"{where}.sources", role.sources, "sources")
                start = self._date(f"{where}.from", role.start)
                end = self._date(f"{where}.to", role.end)
                if start and end and end.last_day < start.first_day:
                    self._report(f"{where}: 'to' ({role.end}) is before 'from' ({role.start})")
        elif isinstance(record, Quote):
            self._date("date", record.date)
            self._refs("speaker", (record.speaker,), "people")
            if record.event is not None:
                self._refs("event", (record.event,), "events")
            self._refs("topics", record.topics, "topics")
            self._refs("sources", record.sources, "sources")
        elif isinstance(record, Topic):
            self._refs("related", record.related, "topics")
            self._refs("sources", record.sources, "sources")
        elif isinstance(record, Organization):
            self._refs("sources", record.sources, "sources")
        elif isinstance(record, Source):
            self._date("date", record.date)

    def _check_event(self, event: Event) -> None:
        date = self._date("date", event.date)
        if date is not None:
            self.event_dates[event.id] = date
        end = self._date("end", event.end)
        if end is not None:
            self.event_ends[event.id] = end
            if date is not None and end.last_day < date.first_day:
                self._report(f"end ({event.end}) is before date ({event.date})")
        self._date("scheduled", event.scheduled)
        self._refs("people", event.people, "people")
        self._refs("organizations", event.organizations, "organizations")
        self._refs("topics", event.topics, "topics")
        self._refs("sources", event.sources, "sources")
        self._refs("claimed_by", event.claimed_by, "organizations", "people")
        for number, dispute in enumerate(event.disputes):
            for alternative in dispute.alternatives:
                self._refs(f"disputes[{number}].sources", alternative.sources, "sources")


_SINGULAR = {
    "sources": "source",
    "organizations": "organization",
    "people": "person",
    "topics": "topic",
    "events": "event",
    "quotes": "quote",
}
