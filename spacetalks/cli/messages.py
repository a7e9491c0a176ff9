"""Talking to the user outside the data: messages on stderr, exit codes, a closed pipe.

Exit codes: 0 ok, 1 nothing found, 2 usage error, 3 invalid dataset, 70 internal
error, 74 output could not be written (sysexits' EX_IOERR), 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import NoReturn

import typer

from spacetalks.cells import visible
from spacetalks.cli.streams import OutputError

EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_INVALID_DATASET = 3
EXIT_INTERNAL = 70
EXIT_IO = 74
EXIT_INTERRUPTED = 130


def say(message: str) -> None:
    """A message on stderr, with any control characters in it made visible."""
    sys.stderr.write(visible(message, keep_newlines=True) + "\n")


def fail(message: str, code: int) -> NoReturn:
    """Print a message on stderr and exit with the code."""
    say(f"spacetalks: {message}")
    raise typer.Exit(code)


def invalid_dataset(problems: Sequence[object], what: str = "the dataset") -> NoReturn:
    """Every problem of an invalid dataset on stderr, then exit 3."""
    for problem in problems:
        say(str(problem))
    count = len(problems)
    fail(
        f"{what} is invalid ({count} problem{'s' if count != 1 else ''}); nothing shown",
        EXIT_INVALID_DATASET,
    )


def usage_error(message: str, option: str | None = None) -> NoReturn:
    raise typer.BadParameter(
        visible(message, keep_newlines=True), param_hint=f"'{option}'" if option else None
    )


def output_failed(error: OutputError) -> int:
    """Say that the output could not be written; the exit code for it (74, EX_IOERR).
    What is still buffered is then dropped (stdout goes to /dev/null), so that the exit
    does not fail a second time."""
    say(f"spacetalks: cannot write the output: {error.reason}")
    quiet_closed_stdout()
    return EXIT_IO


def quiet_closed_stdout() -> None:
    """The reader went away (``| head -1``): stop writing, without a message."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
