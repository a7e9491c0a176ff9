"""A directory of the user's own, for files that no one else may change or plant.

It is created 0700 (with any missing parent) and used only while it belongs to the
user and neither group nor others can write to it; a file in it is read only when it
is a regular file of the user's (never through a symlink) that no one else can write.
``contents`` also counts the files an older version of spacetalks left (its entries
and temporary files), and ``clear`` removes them with the entries.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

import msgspec

TEMPORARY_PREFIX = ".entry."
TEMPORARY_SUFFIX = ".tmp"
LEFT_SUFFIXES = (".msgpack",)
"""Entries of an older version of spacetalks."""
COMPANIONS = ("-wal", "-shm", "-journal")
"""SQLite's files beside a database, counted and removed with it."""
NOT_SHARED = stat.S_IWGRP | stat.S_IWOTH


def own_directory(directory: Path) -> bool:
    """True when the directory is the user's, and no one else can write to it."""
    try:
        status = os.lstat(directory)
    except OSError:
        return False
    return (
        stat.S_ISDIR(status.st_mode)
        and status.st_uid == os.geteuid()
        and not status.st_mode & NOT_SHARED
    )


def make_directory(directory: Path) -> bool:
    """Create the directory (and any missing parent) 0700; True when it is usable."""
    missing = []
    for place in (directory, *directory.parents):
        if os.path.lexists(place):
            break
        missing.append(place)
    for place in reversed(missing):
        with contextlib.suppress(FileExistsError):
            try:
                place.mkdir(mode=0o700)
            except OSError:
                return False
    return own_directory(directory)


def own_file(path: Path) -> bool:
    """True when the path is a regular file of the user's (not a symlink) that no one else
    can write."""
    try:
        status = os.lstat(path)
    except OSError:
        return False
    return (
        stat.S_ISREG(status.st_mode)
        and status.st_uid == os.geteuid()
        and not status.st_mode & NOT_SHARED
    )


class Contents(msgspec.Struct, frozen=True):
    """What the cache directory holds."""

    entries: tuple[Path, ...]
    temporary: tuple[Path, ...]
    """Files left by writes that did not finish, by older versions, and logs."""

    def size(self) -> int:
        total = 0
        companions = (Path(f"{entry}{suffix}") for entry in self.entries for suffix in COMPANIONS)
        for path in (*self.entries, *companions, *self.temporary):
            with contextlib.suppress(OSError):
                total += path.lstat().st_size
        return total


def contents(directory: Path, suffix: str) -> Contents:
    """The files with the suffix and the temporary files in the directory (none when it is
    not the user's own)."""
    if not own_directory(directory):
        return Contents((), ())
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return Contents((), ())
    return Contents(
        entries=tuple(directory / name for name in names if name.endswith(suffix)),
        temporary=tuple(
            directory / name
            for name in names
            if (name.startswith(TEMPORARY_PREFIX) and name.endswith(TEMPORARY_SUFFIX))
            or name.endswith(LEFT_SUFFIXES)
        ),
    )


def clear(directory: Path, suffix: str) -> tuple[int, int, int]:
    """Remove every file with the suffix and every temporary file: how many of each were
    removed, and the bytes freed."""
    found = contents(directory, suffix)
    freed = 0
    removed = {False: 0, True: 0}
    for temporary, path in (
        *((False, path) for path in found.entries),
        *((True, path) for path in found.temporary),
    ):
        with contextlib.suppress(OSError):
            size = path.lstat().st_size
            path.unlink()
            removed[temporary] += 1
            freed += size
        for companion_suffix in () if temporary else COMPANIONS:
            with contextlib.suppress(OSError):
                companion = Path(f"{path}{companion_suffix}")
                size = companion.lstat().st_size
                companion.unlink()
                freed += size
    return removed[False], removed[True], freed
