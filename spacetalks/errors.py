"""The one error spacetalks raises: what went wrong, in words for a person, and how a run
that meets it ends.

Every layer raises SpacetalksError and none prints or exits: the command line turns it
into a message on stderr and an exit code in one place (spacetalks.cli.program), and the
explorer into a notification (spacetalks.browse). This module is the floor of the
package: every layer may import it, and it imports nothing of the package.

Exit codes: 0 ok, 1 nothing found, 2 usage error, 3 invalid dataset, 70 internal error,
74 output could not be written (sysexits' EX_IOERR), 130 interrupted.
"""

from __future__ import annotations

from collections.abc import Sequence

EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_INVALID_DATASET = 3
EXIT_INTERNAL = 70
EXIT_IO = 74
EXIT_INTERRUPTED = 130


class SpacetalksError(Exception):
    """A problem to tell the user, and the exit code it ends a command with.

    ``option`` names what the user typed wrong (``--since``, ``RECORD``): the command
    line then shows the message as a usage error about that option, with the usage.
    ``details`` are said before the message (each problem of an invalid dataset:
    spacetalks.dataset.problems.DatasetError),
    ``candidates`` after it (the records an ambiguous name matches, as the rows the
    command line lists), and then ``hint``.
    """

    def __init__(
        self,
        message: str,
        exit_code: int = EXIT_USAGE,
        *,
        option: str | None = None,
        hint: str | None = None,
        details: Sequence[str] = (),
        candidates: object = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.option = option
        self.hint = hint
        self.details = tuple(details)
        self.candidates = candidates

    def __str__(self) -> str:
        """The message as one sentence, naming the option as the usage error does."""
        said = f"Invalid value for '{self.option}': {self.message}" if self.option else self.message
        return f"{said}\n{self.hint}" if self.hint else said


def usage_error(message: str, option: str | None = None) -> SpacetalksError:
    """A value the user gave that cannot be used (exit 2), naming the option it was
    given to."""
    return SpacetalksError(message, EXIT_USAGE, option=option)
