"""The output options every listing command takes, and the way data reaches stdout.

Rendering goes through the renderer registry (spacetalks.output.render); this module
decides the format (a table on a terminal, plain otherwise), the colour (--color,
NO_COLOR, FORCE_COLOR), the width, whether a pager shows it (on a terminal, when it
would not fit), and what happens when the reader goes away.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, TextIO

import msgspec
import typer

from spacetalks.answers.contract import (
    BetweenRow,
    CoverageReport,
    EventDocument,
    EventRow,
    EvidenceLine,
    FieldDoc,
    Listing,
    OrganizationRow,
    Output,
    PersonProfile,
    PersonRow,
    QuoteRow,
    Row,
    SearchRow,
    SourceRow,
    TopicDocument,
    TopicRow,
    describe_fields,
    field_names,
)
from spacetalks.answers.ordering import ListingOrder
from spacetalks.cli.grouped import grouped_options
from spacetalks.cli.messages import quiet_closed_stdout
from spacetalks.cli.program import ColorMode, Settings, settings_of
from spacetalks.dataset.problems import quoted
from spacetalks.errors import EXIT_USAGE, SpacetalksError, usage_error
from spacetalks.output.cells import OutputOptions
from spacetalks.output.destination import write_file
from spacetalks.output.render import Format, UnknownFieldError, has_flat_view, parse_fields, render
from spacetalks.output.safe_text import READABLE_ERRORS

# Output options, declared once and taken by every command.
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table (the default on a terminal), plain (tab-separated, the default "
        "otherwise), tsv, csv, json, jsonl or markdown.",
        case_sensitive=False,
        is_eager=True,  # read before --fields, so that --fields help lists in this format
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Shorthand for --format json.", is_eager=True)
]


def fields_help(ctx: typer.Context, value: str | None) -> str | None:
    """``--fields help``: list the command's fields, with their types and descriptions,
    in the format asked for, and exit 0; any other value is left for the command.

    Options are read before arguments (and eager ones first), so this runs before a
    missing argument is missed: ``spacetalks show --fields help`` needs no EVENT."""
    if value is None or value.strip().casefold() != "help":
        return value
    name = ctx.info_name or ""
    row_type = fields_of(name, ctx.params)
    if row_type is None:
        return value
    listing = Listing(
        describe_fields(row_type),
        field_names(FieldDoc),
        field_names(FieldDoc),
        title=f"Fields of spacetalks {name}",
    )
    request = OutputRequest(
        output_format=ctx.params.get("output_format"), json=bool(ctx.params.get("json"))
    )
    emit(settings_of(ctx), listing, request)
    raise typer.Exit(0)


FIELD_ROWS: dict[str, type[Row]] = {
    "timeline": EventRow,
    "who": PersonProfile,
    "people": PersonRow,
    "orgs": OrganizationRow,
    "topics": TopicRow,
    "show": EventDocument,
    "quotes": QuoteRow,
    "sources": SourceRow,
    "search": SearchRow,
    "between": BetweenRow,
    "why": EvidenceLine,
    "stats": CoverageReport,
}
"""The rows (or document) whose fields each command's ``--fields`` chooses among."""


def fields_of(command: str, params: Mapping[str, object]) -> type[Row] | None:
    """The row type whose fields a command's ``--fields`` chooses among; ``topics TOPIC``
    (its TOPIC argument is read first, being eager) tells one topic in full."""
    if command == "topics" and params.get("topic") is not None:
        return TopicDocument
    return FIELD_ROWS.get(command)


FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="A,B,C",
        help="Columns or keys to show, in this order; 'all' for every field, 'help' to "
        "list them with their types and what they hold.",
        callback=fields_help,
    ),
]
NoHeaderOption = Annotated[
    bool, typer.Option("--no-header", help="Leave out the header row (tsv, csv, table).")
]
LimitOption = Annotated[
    int | None,
    typer.Option("--limit", min=0, metavar="N", help="Show at most N rows (0 shows none)."),
]
"""Taken by every listing command (never by a single record's)."""


def sort_field(ctx: typer.Context, value: str | None) -> str | None:
    """``--sort FIELD``: one of the command's fields (those ``--fields help`` lists), or
    a usage error naming them, given before anything is loaded."""
    if value is None:
        return value
    row_type = FIELD_ROWS.get(ctx.info_name or "")
    valid = field_names(row_type) if row_type is not None else ()
    if value not in valid:
        raise usage_error(
            f"cannot sort by {quoted(value)}; sort by one of: {', '.join(valid)}", "--sort"
        )
    return value


SortOption = Annotated[
    str | None,
    typer.Option(
        "--sort",
        metavar="FIELD",
        help="Sort by this field (one of those --fields help lists); rows without it last.",
        callback=sort_field,
    ),
]
ReverseOption = Annotated[
    bool,
    typer.Option("--reverse", help="Reverse the order (events: newest first)."),
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

    def __post_init__(self) -> None:
        check_conflicts(self)


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

with_listing_order = grouped_options(
    "order",
    (("sort", SortOption, None), ("reverse", ReverseOption, False), ("limit", LimitOption, None)),
    ListingOrder,
)
"""Give a listing command --sort, --reverse and --limit, as ``order: ListingOrder``."""


def use_color(settings: Settings, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour: ``--color always``/``never`` decide; under ``auto``, a non-empty
    NO_COLOR turns colour off (no-color.org), then a non-empty FORCE_COLOR turns it on
    (force-color.org), then TERM=dumb turns it off, and otherwise a terminal gets colour."""
    if settings.color is not ColorMode.auto:
        return settings.color is ColorMode.always
    environ = os.environ if environ is None else environ
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return environ.get("TERM") != "dumb" and sys.stdout.isatty()


def emit(settings: Settings, output: Output, request: OutputRequest) -> None:
    """Render a listing or a document to stdout in the requested format."""
    output_format = chosen_format(settings, request)
    if output_format is Format.markdown and request.no_header:
        raise usage_error("a Markdown table cannot be read without its header row", "--no-header")
    if request.fields is not None and output_format in JSON_FORMATS and has_flat_view(output):
        raise usage_error(
            "its JSON is one object; --fields chooses the columns of its lines in "
            "plain, tsv, csv, markdown and table",
            "--fields",
        )
    try:
        fields = parse_fields(request.fields, output) if request.fields is not None else None
    except UnknownFieldError as error:
        raise usage_error(str(error), "--fields") from None
    options = OutputOptions(
        fields=fields,
        header=not request.no_header,
        color=use_color(settings),
        csv_raw=request.csv_raw,
        width=terminal_size().columns if sys.stdout.isatty() else None,
    )
    to_stdout(settings, lambda stream: render(output, output_format, options, stream))


JSON_FORMATS = (Format.json, Format.jsonl)


def chosen_format(settings: Settings, request: OutputRequest) -> Format:
    """The format asked for; without one, a table on a terminal and plain otherwise."""
    output_format = Format.json if request.json else request.output_format
    if output_format is None:
        # --color always asks for the coloured view, through a pipe too (| less -R).
        drawn = sys.stdout.isatty() or settings.color is ColorMode.always
        output_format = Format.table if drawn else Format.plain
    return output_format


def check_conflicts(request: OutputRequest) -> None:
    """Output options that contradict each other are a usage error, never a silent choice
    (checked as the options are gathered, before anything is loaded)."""
    chosen = request.output_format
    if request.json and chosen not in (None, Format.json):
        raise usage_error(f"--json is --format json; it cannot go with --format {chosen}", "--json")
    if request.csv_raw and chosen is not Format.csv:
        raise usage_error("--csv-raw is for --format csv; give both, or neither", "--csv-raw")


def several_match(query: str, kinds: str, candidates: Listing) -> SpacetalksError:
    """A name that matches several records: exit 2, nothing on stdout, and the candidates
    with their ids on stderr (see spacetalks.cli.messages.report)."""
    count = len(candidates.rows)
    return SpacetalksError(
        f"{quoted(query)} matches {count} {kinds}; give one of these ids:",
        EXIT_USAGE,
        candidates=candidates,
    )


def draw(settings: Settings, picture: Callable[[TextIO, bool, int | None], None]) -> None:
    """Draw a picture (a chart) on stdout, in colour where colour is allowed."""
    width = terminal_size().columns if sys.stdout.isatty() else None
    to_stdout(settings, lambda stream: picture(stream, use_color(settings), width))


def to_stdout(settings: Settings, write: Callable[[TextIO], None]) -> None:
    """Write output to stdout, through the pager when it is a terminal that the output
    would not fit (see page); quietly stop when the reader goes away."""
    try:
        command = pager_command(os.environ) if settings.pager and sys.stdout.isatty() else None
        if command is None:
            write(sys.stdout)
        else:
            page(write, command)
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_closed_stdout()
        raise typer.Exit(0) from None


def terminal_size() -> os.terminal_size:
    """The terminal's columns and lines (COLUMNS and LINES, where set, win)."""
    return shutil.get_terminal_size()


DEFAULT_PAGER = "less -FRX"
"""As git and gh page: quit if the text fits (-F), keep colours (-R), leave the screen
as it is (-X)."""


def pager_command(environ: Mapping[str, str]) -> str | None:
    """The pager to use: SPACETALKS_PAGER, else PAGER, else ``less -FRX`` where less is
    installed. An empty value, or ``cat``, means none."""
    for name in ("SPACETALKS_PAGER", "PAGER"):
        if name in environ:
            command = environ[name].strip()
            return command if command and command != "cat" else None
    return DEFAULT_PAGER if shutil.which("less") else None


def page(write: Callable[[TextIO], None], command: str) -> None:
    """Text taller than the terminal goes to the pager (run by the shell, as git runs
    it, with LESS=FRX where LESS is not set); shorter text goes straight to stdout.

    While the pager runs, Ctrl-C is the pager's, not a reason to stop under it: spacetalks
    ignores SIGINT, and the pager starts with SIGINT at its default, as git starts it
    (less -FRX handles it; ``more`` stops). A pager that cannot be found (the shell's
    127) leaves the text on stdout.
    """
    # Written as if to stdout: its encoding decides what a chart may draw and where
    # text falls back to ASCII.
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    buffer = io.BytesIO()
    captured = io.TextIOWrapper(buffer, encoding=encoding, errors=READABLE_ERRORS)
    write(captured)
    captured.flush()
    data = buffer.getvalue()
    text = data.decode(encoding)
    if text.count("\n") < terminal_size().lines:
        sys.stdout.write(text)
        return
    environment = {"LESS": "FRX", "LV": "-c", **os.environ}
    # A caught signal is reset to its default in the new program, an ignored one stays
    # ignored: SIGINT is caught while the pager starts, and ignored only after.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=environment)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        assert pager.stdin is not None
        with contextlib.suppress(BrokenPipeError):  # the reader quit before the end
            pager.stdin.write(data)
        with contextlib.suppress(BrokenPipeError):
            pager.stdin.close()
        status = pager.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    if status == PAGER_NOT_FOUND:
        sys.stdout.write(text)


PAGER_NOT_FOUND = 127
"""The shell's exit status for a command it cannot find."""


def write_output(text: str, path: str | None, protected: Iterable[str] = ()) -> None:
    """Text to stdout, or to the file at path as ``>`` would write it, atomically, and
    never onto a protected (dataset) file: see spacetalks.output.destination."""
    if path is None or path == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_closed_stdout()
            raise typer.Exit(0) from None
        return
    write_file(text, path, protected)
