"""A directory of the user's own, for files that no one else may change or plant.

It is created 0700 (with any missing parent) and used only while it belongs to the
user and neither group nor others can write to it; a file in it is read only when it
is a regular file of the user's (never through a symlink) that no one else can write.
Files are written to a temporary file, then renamed into place: the temporary file is
removed when the write fails, and when SIGTERM or SIGHUP stops the process during the
write; ``contents`` counts any a crash left, and ``clear`` removes them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import msgspec

TEMPORARY_PREFIX = ".entry."
TEMPORARY_SUFFIX = ".tmp"
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


def open_own_file(path: Path) -> tuple[int, int] | None:
    """A descriptor open for reading on a regular file of the user's that no one else can
    write, and the file's size; else None. The caller closes it."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
    except OSError:
        os.close(descriptor)
        return None
    if (
        not stat.S_ISREG(status.st_mode)
        or status.st_uid != os.geteuid()
        or status.st_mode & NOT_SHARED
    ):
        os.close(descriptor)
        return None
    return descriptor, status.st_size


def write_atomically(directory: Path, target: Path, data: bytes) -> None:
    temporary = str(directory / f"{TEMPORARY_PREFIX}{os.urandom(8).hex()}{TEMPORARY_SUFFIX}")
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return
    with _removed_on_signal(temporary):
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, target)
        except BaseException as error:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            if not isinstance(error, OSError):
                raise


STOPPING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def _removed_on_signal(path: str) -> Iterator[None]:
    """While the body runs, SIGTERM or SIGHUP first removes the file, then does what it
    would have done (by default, end the process)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.getsignal(number) for number in STOPPING_SIGNALS}

    def remove_then_stop(number: int, frame: FrameType | None) -> None:
        with contextlib.suppress(OSError):
            os.unlink(path)
        handler = previous[number]
        if callable(handler):
            handler(number, frame)
        elif handler != signal.SIG_IGN:
            signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)

    for number in STOPPING_SIGNALS:
        signal.signal(number, remove_then_stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


class Contents(msgspec.Struct, frozen=True):
    """What the cache directory holds."""

    entries: tuple[Path, ...]
    temporary: tuple[Path, ...]
    """Temporary files left by writes that did not finish."""

    def size(self) -> int:
        total = 0
        for path in (*self.entries, *self.temporary):
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
            if name.startswith(TEMPORARY_PREFIX) and name.endswith(TEMPORARY_SUFFIX)
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
    return removed[False], removed[True], freed
