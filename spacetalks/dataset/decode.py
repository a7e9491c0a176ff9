"""Decode one dataset file's bytes into typed records, or say everything wrong with them.

Each problem names the file and the place: a JSON path with the record's id
(``$.events[3] (id 'x')``), or a line and column for a syntax error. Records are
checked one by one when the file does not match the model, so that every malformed
record is reported and the well-formed ones can still be checked across files
(spacetalks.dataset.merge). No I/O here.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

import msgspec

from spacetalks.dataset.dates import DATE_EXAMPLES, DATE_PATTERN
from spacetalks.dataset.model import RECORD_TYPES, STATUSES, DatasetFile, DatasetInfo
from spacetalks.dataset.problems import Problem, did_you_mean, quoted

_BYTE_OFFSET = re.compile(r"\s*\(byte (\d+)\)$")
_UTF8_BOM = b"\xef\xbb\xbf"
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")
"""UTF-16 byte-order marks (the UTF-32 ones begin with them too)."""


class FileReading(msgspec.Struct, frozen=True):
    """What one file gave: its records, or those of them that could be read, and every
    problem found in it."""

    label: str
    content: DatasetFile | None
    """None when nothing in the file could be read."""
    problems: list[Problem]
    unreadable_ids: dict[str, list[str]] = {}
    """The ids of records too malformed to read, by array: they exist, so a reference to
    one is not reported as unknown."""
    positions: dict[str, list[int]] = {}
    """Where only some records were read: by array, each one's place in the file."""


def decode_dataset_file(label: str, data: bytes, check_keys: bool = True) -> FileReading:
    """Decode and validate one file's bytes: the records, or every problem found in them.
    With check_keys, a key given twice in one JSON object is a problem too (see
    duplicate_key_problems)."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    if data.startswith(_WIDE_BOMS) or (len(data) > 1 and b"\0" in data[:4]):
        message = "the file is UTF-16 or UTF-32 text; a dataset is UTF-8: save it as UTF-8"
        return FileReading(label, None, [Problem(label, "", message)])
    if not data or data.isspace():  # as `not data.strip()`, without copying the file
        message = 'the file is empty; a dataset is a JSON object, e.g. {"events": []}'
        return FileReading(label, None, [Problem(label, "", message)])
    try:
        content = msgspec.json.decode(data, type=DatasetFile)
    except msgspec.ValidationError:
        reading = _read_record_by_record(label, data)
    except (msgspec.DecodeError, RecursionError, UnicodeDecodeError) as error:
        return _not_json(label, data, error)
    else:
        reading = FileReading(label, content, [])
        if check_keys and _no_key_twice(data, content):
            return reading
    if check_keys:
        reading.problems.extend(duplicate_key_problems(label, data))
    return reading


_ESCAPE = re.compile(rb"\\.", re.DOTALL)
"""A backslash escape in a JSON string (``\\"``, ``\\\\``, ``\\u0041``...)."""


def _string_count(json_text: bytes) -> int:
    """How many strings (keys and values) a JSON text holds: its quotation marks, once
    the escapes (which are inside strings, and may hide one) are taken out, halved."""
    if b"\\" in json_text:
        json_text = _ESCAPE.sub(b"", json_text)
    return json_text.count(b'"') // 2


def _no_key_twice(data: bytes, content: DatasetFile) -> bool:
    """True when the file surely gives no key twice in one object, found at C speed.

    The records, encoded again, write every string the file gave once, except those
    they leave out: a key given twice and the strings of the value it lost to the
    other, and a field given its default value (``"summary": ""``); they add none. So
    the same number of strings means that no key was given twice; another number may
    mean either, and the full check (duplicate_key_problems) decides.
    """
    return _string_count(data) == _string_count(msgspec.json.encode(content))


def duplicate_key_problems(label: str, data: bytes) -> list[Problem]:
    """A problem for each JSON object that has a key more than once (msgspec, like most
    JSON readers, keeps the last and says nothing), naming the key and the object.

    Python's own JSON reader sees every key. A first pass keeps nothing but whether some
    object repeats a key (about twice the time of decoding the typed records, and little
    memory); only then does a second pass keep the document to say where. It runs where
    a file is read afresh, not on a cached one, and on the bundled dataset only in
    ``validate`` (a test keeps that one clean); a file whose records decoded whole is
    first counted (see _no_key_twice), which clears most files in a third of the time.
    """
    import json  # noqa: PLC0415 (about 1 ms; only files read afresh need it)

    repeated = False

    def spot(pairs: list[tuple[str, object]]) -> None:
        nonlocal repeated
        if len(dict(pairs)) != len(pairs):
            repeated = True

    try:
        json.loads(data, object_pairs_hook=spot)
    except (ValueError, RecursionError):
        return []  # not JSON: reported by the typed reading
    if not repeated:
        return []
    keys: dict[int, list[str]] = {}
    kept: list[dict[str, object]] = []

    def gather(pairs: list[tuple[str, object]]) -> dict[str, object]:
        value = dict(pairs)
        if len(value) != len(pairs):
            counts = Counter(key for key, _ in pairs)
            keys[id(value)] = [key for key, times in counts.items() if times > 1]
            kept.append(value)
        return value

    document = json.loads(data, object_pairs_hook=gather)
    return [
        Problem(
            label,
            _describe_place(path, record_id),
            f"the key {quoted(key)} is given more than once in this object; "
            "only the last would be read, so give it once",
        )
        for path, record_id, value in _values(document, "$", None)
        for key in keys.get(id(value), ())
    ]


def _not_json(label: str, data: bytes, error: Exception) -> FileReading:
    """A file that cannot be read as JSON at all: one problem saying why and where.

    Bad UTF-8 is located by Python's own decoder: msgspec reports it differently from one
    release to the next (a UnicodeDecodeError, or a DecodeError with no position)."""
    if _is_about_encoding(error) and not _is_utf8(data):
        problem = _encoding_problem(label, data)
    elif isinstance(error, msgspec.DecodeError):
        problem = _syntax_problem(label, data, error)
    else:
        problem = Problem(label, "", "JSON is nested too deeply to read")
    return FileReading(label, None, [problem])


def _is_about_encoding(error: Exception) -> bool:
    return isinstance(error, UnicodeDecodeError) or "utf-8" in str(error).lower()


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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
    elif message.startswith("Number out of range"):
        return _number_out_of_range(label, data)
    else:
        return Problem(label, "", f"not valid JSON: {message}")
    return Problem(label, _line_and_column(data, offset), f"not valid JSON: {message}")


def _number_out_of_range(label: str, data: bytes) -> Problem:
    """Where a number too large for a float (1e400) is: msgspec's path elides it, Python's
    JSON reader reads it as infinity, which says where."""
    import json  # noqa: PLC0415 (about 1 ms; only this problem needs it)

    message = "a number too large to read (more than about 1.8e308)"
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return Problem(label, "", message)
    for path, record_id, value in _values(document, "$", None):
        if isinstance(value, float) and math.isinf(value):
            return Problem(label, _describe_place(path, record_id), message)
    return Problem(label, "", message)


def _values(value: object, path: str, record_id: object) -> Iterator[tuple[str, object, object]]:
    """Every value in a JSON document (each before what it holds), with its path and the
    id of the record it is in."""
    if isinstance(value, dict) and path.count("[") == 1:
        record_id = value.get("id", record_id)
    yield path, record_id, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _values(item, f"{path}.{key}", record_id)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _values(item, f"{path}[{index}]", record_id)


def _line_and_column(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return f"line {line}, column {column}"


TOP_LEVEL_KEYS = ("$schema", "meta", *RECORD_TYPES)


def _read_record_by_record(label: str, data: bytes) -> FileReading:
    """Check each record on its own, so that every bad record is reported; the records
    that are well formed are kept, so that dates and references are checked too."""
    try:
        document = msgspec.json.decode(data)
    except (msgspec.DecodeError, RecursionError, UnicodeDecodeError) as error:
        return _not_json(label, data, error)
    if not isinstance(document, dict):
        kind = _json_kind(document)
        message = f"the top level is {kind}; a dataset is a JSON object with arrays " + ", ".join(
            f'"{name}"' for name in RECORD_TYPES
        )
        return FileReading(label, None, [Problem(label, "$", message)])
    problems: list[Problem] = []
    records: dict[str, list[Any]] = {}
    positions: dict[str, list[int]] = {}
    unreadable: dict[str, list[str]] = {}
    meta = None
    for key, value in document.items():
        if key == "$schema":
            if not isinstance(value, str):
                problems.append(
                    Problem(label, "$.$schema", f"expected a string, not {_json_kind(value)}")
                )
        elif key == "meta":
            meta, found = _convert(label, "$.meta", value, DatasetInfo)
            problems += found
        elif key in RECORD_TYPES:
            if not isinstance(value, list):
                problems.append(
                    Problem(label, f"$.{key}", f"must be an array, not {_json_kind(value)}")
                )
                continue
            record_type = RECORD_TYPES[key]
            kept = records.setdefault(key, [])
            for index, item in enumerate(value):
                record, found = _convert(label, f"$.{key}[{index}]", item, record_type)
                if record is not None:
                    kept.append(record)
                    positions.setdefault(key, []).append(index)
                elif isinstance(item, dict) and isinstance(item.get("id"), str):
                    unreadable.setdefault(key, []).append(item["id"])
                problems += found
        else:
            problems.append(
                Problem(
                    label,
                    f"$.{key}",
                    f"unknown top-level field {quoted(key)}; expected "
                    + ", ".join(TOP_LEVEL_KEYS)
                    + did_you_mean(key, TOP_LEVEL_KEYS),
                )
            )
    if not problems:
        problems.append(Problem(label, "", "the file does not match the dataset schema"))
    content = DatasetFile(
        meta=meta,
        sources=tuple(records.get("sources", ())),
        organizations=tuple(records.get("organizations", ())),
        people=tuple(records.get("people", ())),
        topics=tuple(records.get("topics", ())),
        events=tuple(records.get("events", ())),
        quotes=tuple(records.get("quotes", ())),
    )
    return FileReading(label, content, problems, unreadable, positions)


RecordT = TypeVar("RecordT", bound=msgspec.Struct)


def _convert(
    label: str, path: str, value: object, record_type: type[RecordT]
) -> tuple[RecordT | None, list[Problem]]:
    record_id = value.get("id") if isinstance(value, dict) else None
    try:
        return msgspec.convert(value, record_type), []
    except msgspec.ValidationError as error:
        message, _, where = str(error).partition(" - at `$")
        inner = where.rstrip("`")
        place = path + inner if where else path
        return None, [
            Problem(
                label,
                _describe_place(place, record_id),
                _friendly(message, place, record_type, inner),
            )
        ]


def _friendly(message: str, where: str, record_type: type[msgspec.Struct], inner: str) -> str:
    """msgspec's message, reworded where a user would need more to act on it."""
    if DATE_PATTERN in message:
        return "not a date; expected one of the forms " + ", ".join(DATE_EXAMPLES)
    if message.startswith("Invalid enum value") and where.endswith(".status"):
        value = message.removeprefix("Invalid enum value ")
        return f"invalid value {value}; expected one of {', '.join(STATUSES)}"
    unknown = _UNKNOWN_FIELD.fullmatch(message)
    if unknown is not None:
        known = field_names(struct_at(record_type, inner))
        return f"unknown field `{unknown.group(1)}`" + did_you_mean(unknown.group(1), known)
    return (
        message.replace("Expected `", "expected `")
        .replace("Object missing", "missing")
        .replace("Object contains unknown field", "unknown field")
    )


_UNKNOWN_FIELD = re.compile(r"Object contains unknown field `(.*)`", re.DOTALL)
_PATH_PART = re.compile(r"\.([^.\[]+)|\[\d+\]")


def field_names(record_type: type[msgspec.Struct] | None) -> list[str]:
    """The JSON names of a record type's fields."""
    if record_type is None:
        return []
    return [field.encode_name for field in msgspec.structs.fields(record_type)]


def struct_at(record_type: type[msgspec.Struct], path: str) -> type[msgspec.Struct] | None:
    """The record type found at a JSON path inside a record (``.roles[0]``: Role)."""
    current: object = record_type
    for part in _PATH_PART.finditer(path):
        current = (
            _item_type(current) if part.group(1) is None else _field_type(current, part.group(1))
        )
    current = _item_type(current) if not _is_struct(current) else current
    return current if _is_struct(current) else None  # type: ignore[return-value]


def _is_struct(kind: object) -> bool:
    return isinstance(kind, type) and issubclass(kind, msgspec.Struct)


def _field_type(kind: object, name: str) -> object:
    if not _is_struct(kind):
        return None
    for field in msgspec.structs.fields(kind):  # type: ignore[arg-type]
        if field.encode_name == name:
            return _unwrapped(field.type)
    return None


def _item_type(kind: object) -> object:
    kind = _unwrapped(kind)
    arguments = get_args(kind)
    return _unwrapped(arguments[0]) if get_origin(kind) is tuple and arguments else kind


def _unwrapped(kind: object) -> object:
    """The type inside Annotated[...] and X | None."""
    while True:
        if get_origin(kind) is Annotated:
            kind = get_args(kind)[0]
        elif isinstance(kind, UnionType) or get_origin(kind) is Union:
            options = [option for option in get_args(kind) if option is not type(None)]
            kind = options[0] if len(options) == 1 else kind
            if len(options) != 1:
                return kind
        else:
            return kind


def _describe_place(path: str, record_id: object) -> str:
    if isinstance(record_id, str) and record_id:
        return f"{path} (id {quoted(record_id)})"
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
