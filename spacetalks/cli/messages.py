"""Talking to the user outside the data: messages on stderr, exit codes, a closed pipe.

Exit codes: 0 ok, 1 nothing found, 2 usage error, 3 invalid dataset, 70 internal
error, 74 output could not be written (sysexits' EX_IOERR), 130 interrupted.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import NoReturn

import typer
from typer._click.exceptions import ClickException  # Typer 0.28 carries Click as _click

from spacetalks.cli.streams import OutputError
from spacetalks.output.cells import visible

EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_INVALID_DATASET = 3
EXIT_INTERNAL = 70
EXIT_IO = 74
EXIT_INTERRUPTED = 130


def say(message: str) -> None:
    """A message on stderr, with any control characters in it made visible and each line
    cut to LONGEST_LINE characters."""
    lines = visible(message, keep_newlines=True).split("\n")
    sys.stderr.write("\n".join(map(cut_line, lines)) + "\n")


LONGEST_LINE = 500
"""Characters of one line of a message: a 120,000-character path, a 5,000-digit number
or a 200,000-character name is cut in the middle, keeping both ends."""


def cut_line(line: str, limit: int = LONGEST_LINE) -> str:
    """A line cut in the middle when longer than the limit, saying how much went."""
    if len(line) <= limit:
        return line
    head, tail = limit * 3 // 5, limit // 5
    return f"{line[:head]}… ({len(line) - head - tail:,} characters left out) …{line[-tail:]}"


@contextlib.contextmanager
def short_usage_errors() -> Iterator[None]:
    """Usage errors Click words itself (an option's value in "Invalid value for ..."), cut
    like every message."""
    try:
        yield
    except ClickException as error:
        error.message = "\n".join(map(cut_line, error.message.split("\n")))
        raise


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
        "\n".join(map(cut_line, visible(message, keep_newlines=True).split("\n"))),
        param_hint=f"'{option}'" if option else None,
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
