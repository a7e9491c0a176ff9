"""The standard streams, made dependable before a command runs.

- A closed standard stream (``>&-``, ``2>&-``, ``<&-``) is reopened on /dev/null, so
  that no file spacetalks opens later (an ``--output`` file, a cache entry) can take
  its number and receive what was meant for the terminal. A closed stdout is reopened
  read-only, so writing to it still fails, and says so.
- Writing the output can fail (a closed stdout, a full disk, an I/O error): that is
  not an internal error. The write raises OutputError, which the program reports in
  one line and ends with exit 74 (EX_IOERR). A reader that goes away early
  (``| head -1``) is still a BrokenPipeError, and still quiet.
- Messages are written as well as they can be: when stderr cannot take them (closed,
  or a full disk), they are dropped, and the exit code still says what happened.
- What the streams' encoding cannot hold (``LC_ALL=C``) is written in its readable form
  (safe_text.readable: an ellipsis as ``...``, a dash as ``-``), not as ``?``.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import sys
from typing import IO, Any

from spacetalks.output.safe_text import READABLE_ERRORS, readable_errors

codecs.register_error(READABLE_ERRORS, readable_errors)


class OutputError(Exception):
    """The command's output could not be written."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Output(io.TextIOWrapper):
    """stdout whose write failures are OutputError (a closed pipe stays BrokenPipeError)."""

    closed_at_start = False

    def _failed(self, error: OSError) -> OutputError:
        if self.closed_at_start:
            return OutputError("standard output is closed")
        return OutputError(error.strerror or str(error))

    def write(self, text: str) -> int:
        try:
            return super().write(text)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise self._failed(error) from None

    def flush(self) -> None:
        try:
            super().flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise self._failed(error) from None


class _Messages(io.TextIOWrapper):
    """stderr that drops what it cannot write instead of failing the run."""

    def write(self, text: str) -> int:
        try:
            return super().write(text)
        except OSError:
            return len(text)

    def flush(self) -> None:
        with contextlib.suppress(OSError):
            super().flush()


def _is_open(descriptor: int) -> bool:
    try:
        os.fstat(descriptor)
    except OSError:
        return False
    return True


def _reserve(descriptor: int, flags: int) -> None:
    """Put /dev/null on a closed standard descriptor."""
    opened = os.open(os.devnull, flags)
    if opened != descriptor:
        os.dup2(opened, descriptor)
        os.close(opened)


def _wrapped(kind: type[io.TextIOWrapper], descriptor: int, current: IO[Any] | None) -> Any:
    encoding = getattr(current, "encoding", None) or "utf-8"
    line_buffering = bool(getattr(current, "line_buffering", False))
    if current is not None:
        with contextlib.suppress(OSError, ValueError):
            current.flush()
    raw = open(descriptor, "wb", closefd=False)  # noqa: SIM115  (lives as long as the run)
    return kind(raw, encoding=encoding, errors=READABLE_ERRORS, line_buffering=line_buffering)


def guard_standard_streams() -> None:
    """Reopen closed standard streams on /dev/null and wrap stdout and stderr (see the
    module's docstring). Called once, first thing in a real run."""
    stdout_closed = not _is_open(1)
    for descriptor, flags in ((0, os.O_RDONLY), (1, os.O_RDONLY), (2, os.O_WRONLY)):
        if not _is_open(descriptor):
            _reserve(descriptor, flags)
    output = _wrapped(_Output, 1, sys.stdout)
    output.closed_at_start = stdout_closed
    sys.stdout = output
    sys.stderr = _wrapped(_Messages, 2, sys.stderr)
