"""One cache entry on disk: a head naming its key and sections, then the sections, each
read on its own and checked against its CRC-32 before it is used.

The events are one section, each event encoded on its own with its own checksum, so a
read of a few events reads and checks only their bytes. Reading goes by ``os.pread``
on an open descriptor: nothing is mapped into memory, so a file changed under a run
cannot crash it, and nothing is read that a question does not need. Any doubt (a
short file, a section past its end, a failed checksum) is a ValueError, for which the
caller rebuilds the entry. No I/O but the reads of one open file.
"""

from __future__ import annotations

import os
import zlib
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import accumulate, repeat
from operator import add, sub
from pathlib import Path

import msgspec

from spacetalks.store.private_directory import open_own_file

MAGIC = b"spacetalks cache entry 2\n"
"""The start of every entry, naming its layout."""
HEAD_LENGTH_BYTES = 4
EVENTS = "events"
OFFSETS = "event_offsets"
"""Where each event begins in the events section, and where the last one ends."""
CHECKSUMS = "event_checksums"
"""Each event's CRC-32."""
OFFSET, CHECKSUM = "q", "I"
"""The array types of offsets (8 bytes) and checksums (4 bytes, unsigned)."""
ARRAY_HEADER = b"\xdd"
"""A msgpack array of up to 2**32 - 1 items, its length following in 4 bytes."""
DENSE = 4
"""Events are read in one piece from the first chosen to the last when at least one in
this many of them is chosen; otherwise run by run."""


class Section(msgspec.Struct, array_like=True, frozen=True):
    """Where a section is in the body (after the head), and its CRC-32."""

    offset: int
    length: int
    checksum: int


class Head(msgspec.Struct, array_like=True, frozen=True):
    """An entry's key (whatever the caller keys it by), its event count, its sections."""

    key: msgspec.Raw
    count: int
    sections: dict[str, Section]


def entry_bytes(key: bytes, events: Sequence[bytes], sections: dict[str, bytes]) -> bytes:
    """An entry: the encoded key, each event encoded on its own, and other sections."""
    offsets = array(OFFSET, accumulate(map(len, events), initial=0))
    checksums = array(CHECKSUM, map(zlib.crc32, events))
    parts = {
        **sections,
        OFFSETS: offsets.tobytes(),
        CHECKSUMS: checksums.tobytes(),
        EVENTS: b"".join(events),
    }
    placed: dict[str, Section] = {}
    offset = 0
    for name, data in parts.items():
        checksum = 0 if name == EVENTS else zlib.crc32(data)
        placed[name] = Section(offset, len(data), checksum)
        offset += len(data)
    head = msgspec.msgpack.encode(Head(msgspec.Raw(key), len(events), placed))
    length = len(head).to_bytes(HEAD_LENGTH_BYTES, "little")
    return b"".join([MAGIC, length, head, *parts.values()])


class EntryFile:
    """An entry open for reading."""

    def __init__(self, descriptor: int, size: int) -> None:
        """ValueError when the file does not begin as an entry or is shorter than its head
        says."""
        self.descriptor = descriptor
        start = os.pread(descriptor, len(MAGIC) + HEAD_LENGTH_BYTES, 0)
        if len(start) != len(MAGIC) + HEAD_LENGTH_BYTES or not start.startswith(MAGIC):
            raise ValueError("not a cache entry")
        head_length = int.from_bytes(start[len(MAGIC) :], "little")
        self.body = len(start) + head_length
        self.head = msgspec.msgpack.decode(self._read(len(start), head_length), type=Head)
        if self.head.count < 0 or any(
            section.offset < 0
            or section.length < 0
            or self.body + section.offset + section.length > size
            for section in self.head.sections.values()
        ):
            raise ValueError("a section is outside the file")
        self.count = self.head.count
        self._offsets: array[int] | None = None
        self._checksums: array[int] | None = None

    def _read(self, offset: int, length: int) -> bytes:
        data = os.pread(self.descriptor, length, offset)
        if len(data) != length:
            raise ValueError("the file is shorter than it says")
        return data

    def _place(self, name: str) -> Section:
        section = self.head.sections.get(name)
        if section is None:
            raise ValueError(f"no section {name!r}")
        return section

    def section(self, name: str) -> bytes:
        """A section's bytes, checked."""
        section = self._place(name)
        data = self._read(self.body + section.offset, section.length)
        if zlib.crc32(data) != section.checksum:
            raise ValueError(f"the section {name!r} fails its checksum")
        return data

    def array(self, name: str, typecode: str, length: int | None = None) -> array[int]:
        """A section holding an array, of the length given (by default, one an event)."""
        values = array(typecode, self.section(name))
        if len(values) != (self.count if length is None else length):
            raise ValueError(f"the section {name!r} has the wrong length")
        return values

    def events(self, positions: Sequence[int]) -> bytes:
        """The events at these positions (in order, each once), as one msgpack array,
        each event checked."""
        if self._offsets is None or self._checksums is None:
            self._offsets = self.array(OFFSETS, OFFSET, self.count + 1)
            self._checksums = self.array(CHECKSUMS, CHECKSUM)
        offsets, checksums = self._offsets, self._checksums
        parts: list[bytes | memoryview] = [ARRAY_HEADER, len(positions).to_bytes(4, "big")]
        base = self.body + self._place(EVENTS).offset
        for run in _runs(positions, len(positions) * DENSE):
            first, last = run[0], run[-1]
            start = offsets[first]
            view = memoryview(self._read(base + start, offsets[last + 1] - start))
            if last - first + 1 == len(run):  # every event from first to last
                begins, ends = offsets[first : last + 1], offsets[first + 1 : last + 2]
                expected = checksums[first : last + 1]
            else:
                begins = array(OFFSET, map(offsets.__getitem__, run))
                ends = array(OFFSET, map(offsets.__getitem__, map(add, run, repeat(1))))
                expected = array(CHECKSUM, map(checksums.__getitem__, run))
            pieces = list(
                map(
                    view.__getitem__,
                    map(slice, map(sub, begins, repeat(start)), map(sub, ends, repeat(start))),
                )
            )
            if array(CHECKSUM, map(zlib.crc32, pieces)) != expected:
                raise ValueError("an event fails its checksum")
            parts.extend([view] if last - first + 1 == len(run) else pieces)
        return b"".join(parts)


def _runs(positions: Sequence[int], dense_span: int) -> Iterator[Sequence[int]]:
    """The positions in pieces to read at once: all of them when they span no more than
    dense_span positions, else each run of consecutive ones."""
    if not positions:
        return
    if positions[-1] - positions[0] < dense_span:
        yield positions
        return
    start = 0
    for index in range(1, len(positions)):
        if positions[index] != positions[index - 1] + 1:
            yield positions[start:index]
            start = index
    yield positions[start:]


@contextmanager
def open_entry(path: Path) -> Iterator[EntryFile | None]:
    """The entry at this path, open, when it is a regular file of the user's that no one
    else can write; else None. ValueError when it is not an entry."""
    opened = open_own_file(path)
    if opened is None:
        yield None
        return
    descriptor, size = opened
    try:
        yield EntryFile(descriptor, size)
    finally:
        os.close(descriptor)
