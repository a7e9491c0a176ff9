"""Talking to the user outside the data: messages on stderr, the exit a SpacetalksError
asks for, a closed pipe.

Exit codes are spacetalks.errors'; ``report`` is the one place where an error becomes
what the command line says and the code it exits with.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterator
from typing import Any, NoReturn

import msgspec
import typer

from spacetalks.answers.contract import Listing
from spacetalks.cli.streams import OutputError
from spacetalks.errors import EXIT_IO, SpacetalksError
from spacetalks.output.cells import OutputOptions, visible
from spacetalks.output.render import Format, render


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
    """Usage errors Click words itself (an option's value in "Invalid value for ...", an
    unknown option), cut like every message.

    Typer names none of Click's exception classes but BadParameter in its public API,
    so they are known by what every one of them has: a ``message`` to show and
    ``format_message``.
    """
    try:
        yield
    except Exception as error:
        message = getattr(error, "message", None)
        if isinstance(message, str) and callable(getattr(error, "format_message", None)):
            error.message = "\n".join(map(cut_line, message.split("\n")))  # type: ignore[attr-defined]
        raise


CANDIDATES_SHOWN = 20
"""Candidates listed when a name matches several records; the rest are counted."""


def report(error: SpacetalksError, ctx: Any) -> NoReturn:
    """End the command with what the error says, on stderr, and its exit code.

    An error about an option (or argument) the user gave is Click's usage error, with
    the usage and the option named. Otherwise: the error's details, then
    ``spacetalks: MESSAGE``, then the candidates of an ambiguous name (a small table on
    a terminal, else one tab-separated line each: id, then type, date and name where
    they tell the candidates apart), then the hint.
    """
    if error.option is not None:
        text = "\n".join(map(cut_line, visible(error.message, keep_newlines=True).split("\n")))
        raise typer.BadParameter(text, ctx=ctx, param_hint=f"'{error.option}'") from None
    for line in error.details:
        say(line)
    say(f"spacetalks: {error.message}")
    if isinstance(error.candidates, Listing):
        show_candidates(error.candidates)
    if error.hint:
        say(error.hint)
    raise typer.Exit(error.exit_code)


def show_candidates(candidates: Listing) -> None:
    """The records an ambiguous name matches, on stderr (at most CANDIDATES_SHOWN)."""
    count = len(candidates.rows)
    shown = msgspec.structs.replace(candidates, rows=candidates.rows[:CANDIDATES_SHOWN])
    on_terminal = sys.stderr.isatty()
    options = OutputOptions(width=shutil.get_terminal_size().columns if on_terminal else None)
    with contextlib.suppress(OSError):
        render(shown, Format.table if on_terminal else Format.plain, options, sys.stderr)
    if count > CANDIDATES_SHOWN:
        say(f"... and {count - CANDIDATES_SHOWN} more: give more of the name")


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
