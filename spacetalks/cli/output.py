"""The output options every listing command takes, and the way data reaches stdout.

Rendering goes through the renderer registry (spacetalks.render); this module
decides the format (a table on a terminal, plain otherwise), the colour, and what
happens when the reader goes away.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Annotated, TextIO

import msgspec
import typer

from spacetalks.cells import OutputOptions
from spacetalks.cli.grouped import grouped_options
from spacetalks.cli.messages import EXIT_USAGE, fail, quiet_closed_stdout, usage_error
from spacetalks.contract import Output
from spacetalks.render import Format, UnknownFieldError, parse_fields, render

if TYPE_CHECKING:
    from spacetalks.cli.program import Settings


# Output options, declared once and taken by every command.
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: table on a terminal, plain (tab-separated) otherwise.",
        case_sensitive=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
FieldsOption = Annotated[
    str | None,
    typer.Option("--fields", metavar="A,B,C", help="Columns or keys to show, in this order."),
]
NoHeaderOption = Annotated[
    bool, typer.Option("--no-header", help="Leave out the header row (tsv, csv, table, markdown).")
]
CsvRawOption = Annotated[
    bool,
    typer.Option(
        "--csv-raw",
        help="In csv, keep cells that start with = + - @ as they are "
        "(by default they get a leading ' so spreadsheets do not run them).",
    ),
]


class OutputRequest(msgspec.Struct, frozen=True):
    """The output options a command was given."""

    output_format: Format | None = None
    json: bool = False
    fields: str | None = None
    no_header: bool = False
    csv_raw: bool = False


with_output_options = grouped_options(
    "output",
    (
        ("output_format", FormatOption, None),
        ("json", JsonOption, False),
        ("fields", FieldsOption, None),
        ("no_header", NoHeaderOption, False),
        ("csv_raw", CsvRawOption, False),
    ),
    OutputRequest,
)
"""Give a command the output options; it receives them as ``output: OutputRequest``."""


def use_color(settings: Settings) -> bool:
    return (
        not settings.no_color
        and not os.environ.get("NO_COLOR")
        and os.environ.get("TERM") != "dumb"
        and sys.stdout.isatty()
    )


def emit(settings: Settings, output: Output, request: OutputRequest) -> None:
    """Render a listing or a document to stdout in the requested format."""
    output_format = Format.json if request.json else request.output_format
    if output_format is None:
        output_format = Format.table if sys.stdout.isatty() else Format.plain
    try:
        fields = parse_fields(request.fields, output) if request.fields is not None else None
    except UnknownFieldError as error:
        usage_error(str(error), "--fields")
    options = OutputOptions(
        fields=fields,
        header=not request.no_header,
        color=use_color(settings),
        csv_raw=request.csv_raw,
    )
    try:
        render(output, output_format, options, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_closed_stdout()
        raise typer.Exit(0) from None


def draw(settings: Settings, picture: Callable[[TextIO, bool], None]) -> None:
    """Draw a picture (a chart) on stdout, in colour where colour is allowed."""
    try:
        picture(sys.stdout, use_color(settings))
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_closed_stdout()
        raise typer.Exit(0) from None


def write_output(text: str, path: str | None, protected: Iterable[str] = ()) -> None:
    """Text to stdout, or to the file at path as ``>`` would write it, atomically, and
    never onto a protected (dataset) file: see spacetalks.cli.destination."""
    if path is None or path == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_closed_stdout()
            raise typer.Exit(0) from None
        return
    from spacetalks.cli.destination import write_file

    write_file(text, path, protected)


def write_directory(files: dict[str, str], path: str) -> None:
    """Files into a new directory, all or nothing: written into a temporary directory
    beside it, then renamed into place. An existing file, or a directory that is not
    empty, is a usage error; nothing is replaced."""
    import shutil
    import tempfile

    from spacetalks.cli.destination import umask

    target = os.path.abspath(path)
    if os.path.lexists(target) and not (os.path.isdir(target) and not os.listdir(target)):
        what = "a directory that is not empty" if os.path.isdir(target) else "a file"
        usage_error(f"{path} is {what}; give a new or empty directory", "--output")
    try:
        temporary = tempfile.mkdtemp(
            prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=os.path.dirname(target)
        )
    except OSError as error:
        fail(f"cannot write {path}: {error.strerror or error}", EXIT_USAGE)
    try:
        for name, text in files.items():
            with open(os.path.join(temporary, name), "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
        os.chmod(temporary, 0o777 & ~umask())
        if os.path.isdir(target):
            os.rmdir(target)
        os.rename(temporary, target)
    except BaseException as error:
        shutil.rmtree(temporary, ignore_errors=True)
        if isinstance(error, OSError):
            fail(f"cannot write {path}: {error.strerror or error}", EXIT_USAGE)
        raise
