"""Read a data package written by ``export datapackage`` back into a dataset file.

The descriptor names each table's CSV file; the tables are those of
``spacetalks.interchange.datapackage_tables``. Every problem (a missing file, a missing or
unknown column, a cell that is not a whole number, rows that do not make valid records)
is reported, with the file it is in and, where there is one, its row and column.

A package may come from a stranger, so a resource's ``path`` is read only when it names a
regular file inside the package's directory (see ``read_member``), and no file is read
past ``LARGEST_PACKAGE_FILE``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from pathlib import Path

import msgspec

from spacetalks.dataset.model import DatasetFile, DatasetInfo
from spacetalks.dataset.problems import DatasetError, Problem, did_you_mean, quoted
from spacetalks.interchange.datapackage_tables import (
    Row,
    TableLayout,
    file_from_tables,
    table_layouts,
)
from spacetalks.interchange.datapackage_write import DESCRIPTOR, META_PROPERTY

LARGEST_PACKAGE_FILE = 256 * 1024 * 1024
"""The most bytes read from one file of a package (the descriptor or a table): a larger
file (or ``/dev/zero`` behind a name) is refused instead of filling the memory."""

_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
"""A position or an index: a table of a billion rows is no package this reads."""


class PackageResource(msgspec.Struct, frozen=True):
    """One resource of the descriptor: the only fields ``import`` reads."""

    name: str
    path: str | None = None


class PackageDescriptor(msgspec.Struct, frozen=True):
    """A descriptor as ``import`` reads it; other properties are left unread."""

    resources: tuple[PackageResource, ...]
    meta: DatasetInfo | None = msgspec.field(default=None, name=META_PROPERTY)


class PackageFileError(Exception):
    """A file of a package that is not read: why (its path is the caller's to say)."""


def descriptor_path(path: Path) -> Path:
    """The descriptor of a package given as its directory or as the descriptor itself."""
    return path / DESCRIPTOR if path.is_dir() else path


def _kind_of(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISLNK, "a symbolic link"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def read_regular_file(path: str, follow_links: bool = True) -> bytes:
    """The bytes of a regular file of at most LARGEST_PACKAGE_FILE; PackageFileError for
    anything else. Opened without blocking (a FIFO cannot hang the read) and looked at
    before it is read (a device is never read)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    if not follow_links:
        flags |= os.O_NOFOLLOW
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if error.errno == getattr(os, "ELOOP", None) and not follow_links:
            raise PackageFileError("is a symbolic link") from None
        raise PackageFileError(f"cannot be read: {error.strerror or error}") from None
    with open(descriptor, "rb", closefd=True) as stream:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise PackageFileError(f"is {_kind_of(status.st_mode)}, not a regular file")
        if status.st_size > LARGEST_PACKAGE_FILE:
            raise PackageFileError(f"is larger than {LARGEST_PACKAGE_FILE // 2**20} MiB")
        try:
            data = stream.read(LARGEST_PACKAGE_FILE + 1)
        except OSError as error:
            raise PackageFileError(f"cannot be read: {error.strerror or error}") from None
    if len(data) > LARGEST_PACKAGE_FILE:
        raise PackageFileError(f"is larger than {LARGEST_PACKAGE_FILE // 2**20} MiB")
    return data


def member_path(directory: Path, relative: str) -> Path:
    """The file a resource's ``path`` names inside the package's directory, resolved;
    PackageFileError when it could name anything outside it.

    The Frictionless Data Resource specification requires a path to be a relative POSIX
    path that neither starts with ``/`` nor contains ``..`` ("for security reasons");
    a symbolic link (anywhere along the path) that leads out of the directory is
    refused as well, and so is a URL: only files of the package are read.
    """
    if not relative:
        raise PackageFileError("is empty")
    if re.search(r"[\x00-\x1f\x7f]", relative):
        raise PackageFileError("holds control characters")
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", relative):
        raise PackageFileError("is a URL; import reads only files inside the package")
    if relative.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", relative):
        raise PackageFileError("is absolute; a package names its files relative to itself")
    if ".." in re.split(r"[/\\]", relative):
        raise PackageFileError("has a '..' segment; a package names only files inside it")
    base = os.path.realpath(directory)
    resolved = os.path.realpath(os.path.join(base, relative))
    if os.path.commonpath([base, resolved]) != base:
        raise PackageFileError("leads out of the package's directory through a symbolic link")
    return Path(resolved)


def read_member(directory: Path, relative: str) -> bytes:
    """A file of the package (see ``member_path``): a regular file, read whole."""
    return read_regular_file(str(member_path(directory, relative)), follow_links=False)


def read_descriptor(path: Path) -> tuple[Path, PackageDescriptor]:
    """The descriptor's path and what it says; DatasetError saying what is wrong."""
    descriptor_file = descriptor_path(path)
    label = str(descriptor_file)
    try:
        data = read_regular_file(label)
        return descriptor_file, msgspec.json.decode(
            data.removeprefix(b"\xef\xbb\xbf"), type=PackageDescriptor
        )
    except PackageFileError as error:
        raise DatasetError([Problem(label, "", f"the descriptor {error}")]) from None
    except msgspec.ValidationError as error:
        message, _, where = str(error).partition(" - at `")
        problem = Problem(label, where.rstrip("`") or "$", _lowered(message))
    except msgspec.DecodeError as error:
        problem = Problem(label, "", f"not valid JSON: {_lowered(str(error))}")
    except RecursionError:
        problem = Problem(label, "", "JSON is nested too deeply to read")
    raise DatasetError([problem])


def _lowered(message: str) -> str:
    return message[:1].lower() + message[1:]


def package_files(path: Path) -> list[Path]:
    """The files a package is made of, as far as they can be told: its descriptor and the
    file each resource names (read or not). Never raises."""
    try:
        descriptor_file, descriptor = read_descriptor(path)
    except DatasetError:
        return [descriptor_path(path)]
    named = [resource.path for resource in descriptor.resources if resource.path]
    return [descriptor_file, *(descriptor_file.parent / relative for relative in named)]


def read_datapackage(path: Path) -> DatasetFile:
    """The dataset file a data package holds; DatasetError listing every problem."""
    descriptor_file, descriptor = read_descriptor(path)
    label = str(descriptor_file)
    paths: dict[str, tuple[int, str | None]] = {}
    for number, resource in enumerate(descriptor.resources):
        paths.setdefault(resource.name, (number, resource.path))
    problems: list[Problem] = []
    tables: dict[str, list[Row]] = {}
    for layout in table_layouts():
        number, relative = paths.get(layout.name, (-1, None))
        if relative is None:
            problems.append(Problem(label, "$.resources", f"no resource named {layout.name!r}"))
            continue
        try:
            data = read_member(descriptor_file.parent, relative)
        except PackageFileError as error:
            where = f"$.resources[{number}].path"
            problems.append(Problem(label, where, f"{quoted(relative)} {error}"))
            continue
        rows, found = _read_table(str(descriptor_file.parent / relative), data, layout)
        problems += found
        tables[layout.name] = rows
    if problems:
        raise DatasetError(problems)
    try:
        return file_from_tables(tables, descriptor.meta)
    except KeyError as error:
        message = f"rows do not make a dataset: a row names a row no table holds: {error}"
        raise DatasetError([Problem(label, "tables", message)]) from None
    except (msgspec.ValidationError, ValueError) as error:
        message = f"rows do not make a dataset: {error}"
        raise DatasetError([Problem(label, "tables", message)]) from None


MOST_PROBLEMS_PER_TABLE = 20
"""A table with more problems than this reports the first ones and how many more."""


def _read_table(label: str, data: bytes, layout: TableLayout) -> tuple[list[Row], list[Problem]]:
    """The rows of one table's CSV file (a UTF-8 byte-order mark, as spreadsheets save
    it, is allowed), and every problem with its header or cells."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        return [], [Problem(label, f"line {line}", f"not UTF-8 text: byte 0x{byte:02x}")]
    known = [column.name for column in layout.columns]
    integers = [column.name for column in layout.columns if column.integer]
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[Problem] = []
    rows: list[Row] = []
    try:
        header = next(reader, None)
        if header is None:
            return [], [Problem(label, "", "the file is empty: no header row")]
        problems += [
            Problem(label, "header", f"unknown column {quoted(name)}{did_you_mean(name, known)}")
            for name in header
            if name not in known
        ]
        problems += [
            Problem(label, "header", f"column {quoted(name)} is given more than once")
            for name in dict.fromkeys(name for name in header if header.count(name) > 1)
        ]
        missing = [name for name in known if name not in header]
        if missing:
            problems.append(Problem(label, "header", f"missing columns {', '.join(missing)}"))
        if problems:
            return [], problems
        for number, cells in enumerate(reader, start=2):
            if len(cells) != len(header):
                where = f"row {number}"
                message = f"{len(cells)} cells, where the header has {len(header)}"
                problems.append(Problem(label, where, message))
                continue
            row = dict(zip(header, cells, strict=True))
            for name in integers:
                if not _WHOLE_NUMBER.fullmatch(row[name]):
                    where = f"row {number}, column {name!r}"
                    message = f"{quoted(row[name])} is not a whole number"
                    problems.append(Problem(label, where, message))
            rows.append(row)
    except csv.Error as error:
        problems.append(Problem(label, f"line {reader.line_num}", f"not valid CSV: {error}"))
    if len(problems) > MOST_PROBLEMS_PER_TABLE:
        more = len(problems) - MOST_PROBLEMS_PER_TABLE
        problems = [
            *problems[:MOST_PROBLEMS_PER_TABLE],
            Problem(label, "", f"... and {more} more problems"),
        ]
    return rows, problems
