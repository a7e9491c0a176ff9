"""The Typer app, its global and output options, and the way out: rendering and exit codes.

Errors become exit codes here and nowhere else: 0 ok, 1 nothing found, 2 usage
error, 3 invalid dataset, 70 internal error, 130 interrupted.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO

import msgspec
import typer

from spacetalks.render import Format

if TYPE_CHECKING:
    from spacetalks.model import Dataset
    from spacetalks.render import Listing

EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_INVALID_DATASET = 3
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130

app = typer.Typer(
    name="spacetalks",
    help=(
        "Explore NASA-Roscosmos space diplomacy: who met when, what they discussed, "
        "and how we know.\n\n"
        "Example: spacetalks timeline --since 2018 --person Bakanov\n\n"
        "More: spacetalks who Bakanov | spacetalks show Crew-11 | "
        "spacetalks topics cross-flights | spacetalks timeline --json | jq ."
    ),
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Settings(msgspec.Struct, frozen=True):
    """Global options, given before the command."""

    data_paths: tuple[str, ...]
    include_bundled: bool
    no_color: bool
    use_cache: bool = True


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        sys.stdout.write(f"spacetalks {version('spacetalks')}\n")
        raise typer.Exit()


@app.callback()
def global_options(
    ctx: typer.Context,
    data: Annotated[
        list[str] | None,
        typer.Option(
            "--data",
            metavar="PATH",
            help="A dataset file to load on top of the bundled one (repeatable). "
            "Also read from SPACETALKS_DATA, paths separated by ':'.",
        ),
    ] = None,
    no_bundled: Annotated[
        bool, typer.Option("--no-bundled", help="Leave the bundled dataset out.")
    ] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="Never use colour.")] = False,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Read large datasets afresh instead of from the cache."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", is_eager=True, callback=_show_version
        ),
    ] = False,
) -> None:
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)
    from spacetalks.load import paths_from_environment

    paths = (*paths_from_environment(os.environ), *(data or ()))
    ctx.obj = Settings(
        data_paths=paths, include_bundled=not no_bundled, no_color=no_color, use_cache=not no_cache
    )


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

    format: Format | None = None
    json: bool = False
    fields: str | None = None
    no_header: bool = False
    csv_raw: bool = False


OUTPUT_OPTIONS = (
    ("output_format", FormatOption, None),
    ("json", JsonOption, False),
    ("fields", FieldsOption, None),
    ("no_header", NoHeaderOption, False),
    ("csv_raw", CsvRawOption, False),
)


def with_output_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the output options, declared once here.

    The command takes one keyword-only parameter ``output: OutputRequest``; Typer
    sees the five options (--format/-f, --json, --fields, --no-header, --csv-raw) in
    its place, and the command receives them gathered into that request.
    """
    signature = inspect.signature(command, eval_str=True)
    own = [parameter for name, parameter in signature.parameters.items() if name != "output"]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
        for name, kind, default in OUTPUT_OPTIONS
    ]

    @functools.wraps(command)
    def with_options(*args: Any, **kwargs: Any) -> None:
        request = OutputRequest(
            format=kwargs.pop("output_format", None),
            json=kwargs.pop("json", False),
            fields=kwargs.pop("fields", None),
            no_header=kwargs.pop("no_header", False),
            csv_raw=kwargs.pop("csv_raw", False),
        )
        command(*args, output=request, **kwargs)

    parameters = [*own, *added]
    with_options.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    with_options.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": None}
    return with_options


def settings_of(ctx: typer.Context) -> Settings:
    settings = ctx.obj
    if not isinstance(settings, Settings):  # invoked without the callback (tests of one command)
        settings = Settings(data_paths=(), include_bundled=True, no_color=False)
    return settings


def say(message: str) -> None:
    """A message on stderr, with any control characters in it made visible."""
    from spacetalks.render import visible

    sys.stderr.write(visible(message, keep_newlines=True) + "\n")


def fail(message: str, code: int) -> NoReturn:
    """Print a message on stderr and exit with the code."""
    say(f"spacetalks: {message}")
    raise typer.Exit(code)


def usage_error(message: str, option: str | None = None) -> NoReturn:
    from spacetalks.render import visible

    raise typer.BadParameter(
        visible(message, keep_newlines=True), param_hint=f"'{option}'" if option else None
    )


def load_from(settings: Settings, paths: tuple[str, ...] | None = None) -> Dataset:
    """Load the dataset the settings name; an invalid one ends the run with exit 3."""
    from spacetalks.load import data_files, load_dataset
    from spacetalks.problems import DatasetError

    files = data_files(settings.data_paths if paths is None else paths, settings.include_bundled)
    if not files:
        fail("no dataset to load: --no-bundled was given without --data", EXIT_USAGE)
    cache = None
    if settings.use_cache:
        from spacetalks.cache import cache_directory

        cache = cache_directory()
    try:
        with loading_status():
            return load_dataset(files, cache)
    except DatasetError as error:
        for problem in error.problems:
            say(str(problem))
        count = len(error.problems)
        fail(
            f"the dataset is invalid ({count} problem{'s' if count != 1 else ''}); nothing shown",
            EXIT_INVALID_DATASET,
        )


@contextlib.contextmanager
def loading_status(delay: float = 0.5) -> Iterator[None]:
    """A transient "Loading…" on a terminal's stderr when loading takes longer than the delay.

    Nothing at all when stderr is not a terminal, and Rich is imported only if the
    status is shown.
    """
    if not sys.stderr.isatty():
        yield
        return
    import threading

    shown: list[Any] = []
    lock = threading.Lock()

    def show() -> None:
        from rich.console import Console

        with lock:
            status = Console(stderr=True).status("Loading the dataset…")
            status.start()
            shown.append(status)

    timer = threading.Timer(delay, show)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            for status in shown:
                status.stop()


def use_color(settings: Settings) -> bool:
    return (
        not settings.no_color
        and not os.environ.get("NO_COLOR")
        and os.environ.get("TERM") != "dumb"
        and sys.stdout.isatty()
    )


def emit(settings: Settings, listing: Listing, request: OutputRequest) -> None:
    """Render a listing to stdout in the requested format."""
    from spacetalks.render import OutputOptions, UnknownFieldError, parse_fields, render

    output_format = Format.json if request.json else request.format
    if output_format is None:
        output_format = Format.table if sys.stdout.isatty() else Format.plain
    try:
        fields = parse_fields(request.fields, listing) if request.fields is not None else None
    except UnknownFieldError as error:
        usage_error(str(error), "--fields")
    options = OutputOptions(
        fields=fields,
        header=not request.no_header,
        color=use_color(settings),
        csv_raw=request.csv_raw,
    )
    try:
        render(listing, output_format, options, sys.stdout)
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


def write_output(text: str, path: str | None) -> None:
    """Text to stdout, or to a file atomically: a temporary file beside it, then a rename,
    so a failed export never leaves half a file."""
    if path is None or path == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_closed_stdout()
            raise typer.Exit(0) from None
        return
    import tempfile

    target = os.path.abspath(path)
    directory = os.path.dirname(target)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=directory
        )
    except OSError as error:
        fail(f"cannot write {path}: {error.strerror or error}", EXIT_USAGE)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            fail(f"cannot write {path}: {error.strerror or error}", EXIT_USAGE)
        raise


def quiet_closed_stdout() -> None:
    """The reader went away (``| head -1``): stop writing, without a message."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


GLOBAL_OPTIONS_WITH_VALUES = {"--data"}


def named_command(args: list[str]) -> str | None:
    """The command a command line names: the first word that is not a global option."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in GLOBAL_OPTIONS_WITH_VALUES:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def only_the_named_command() -> typer.Typer:
    """The app with just the command this run names, when it names a known one.

    Typer turns every registered command into a Click command on each run; building
    one instead of all of them, and importing one command module, keeps start-up near
    the floor. Help, shell completion and unknown commands get every command.
    """
    from spacetalks.cli import COMMAND_MODULES, load_commands

    command = named_command(sys.argv[1:])
    completing = any(name.startswith("_SPACETALKS_COMPLETE") for name in os.environ)
    if completing or command not in COMMAND_MODULES:
        return load_commands()
    load_commands(command)
    app.registered_commands = [
        info
        for info in app.registered_commands
        if (info.name or (info.callback.__name__ if info.callback else "")) == command
    ]
    return app


def leave(code: object) -> NoReturn:
    """Exit now, without tearing down what the run built.

    Freeing a large dataset object by object takes a noticeable part of a run; the
    operating system reclaims it at once. Output is flushed first.
    """
    status = code if isinstance(code, int) else (0 if code is None else 1)
    if isinstance(code, str):
        sys.stderr.write(code + "\n")
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_closed_stdout()
    except (OSError, ValueError):
        pass
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(status)


def main() -> None:
    """The console script: run the app, and keep tracebacks away from users."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    try:
        only_the_named_command()(prog_name="spacetalks")
    except SystemExit as stop:
        leave(stop.code)
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        quiet_closed_stdout()
        sys.exit(0)
    except Exception as error:
        if os.environ.get("SPACETALKS_DEBUG"):
            raise
        sys.stderr.write(
            f"spacetalks: internal error: {type(error).__name__}: {error}\n"
            "Run again with SPACETALKS_DEBUG=1 to see the details.\n"
        )
        sys.exit(EXIT_INTERNAL)
