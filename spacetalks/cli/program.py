"""The Typer app, its global options, loading the dataset, and running a command.

Errors become exit codes here (see spacetalks.cli.messages), and anything
unexpected becomes one line and exit 70, never a traceback.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import msgspec
import typer

from spacetalks.cli.messages import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    fail,
    invalid_dataset,
    quiet_closed_stdout,
)

if TYPE_CHECKING:
    from spacetalks.load import DataFile
    from spacetalks.model import Dataset, DatasetWindow, DayWindow

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


def settings_of(ctx: typer.Context) -> Settings:
    settings = ctx.obj
    if not isinstance(settings, Settings):  # invoked without the callback (tests of one command)
        settings = Settings(data_paths=(), include_bundled=True, no_color=False)
    return settings


KEPT: list[Dataset] | None = None
"""In a real run (see main), every loaded dataset, kept until the process ends."""

LoadedT = TypeVar("LoadedT", bound="Dataset")


def load_from(settings: Settings, paths: tuple[str, ...] | None = None) -> Dataset:
    """Load the whole dataset the settings name; an invalid one ends the run with exit 3."""
    from spacetalks.load import load_dataset

    return _loaded(settings, paths, load_dataset)


def validate_from(settings: Settings, paths: tuple[str, ...]) -> Dataset:
    """Load the dataset for a judgement of its files: never from the cache, and every
    check on every file; an invalid one ends the run with exit 3."""
    from spacetalks.load import validate_dataset

    return _loaded(settings, paths, lambda files, _: validate_dataset(files))


def load_window_from(settings: Settings, window: DayWindow) -> DatasetWindow:
    """Load the dataset with only the events that touch a window of days (see
    DatasetWindow); an invalid one ends the run with exit 3."""
    from spacetalks.load import load_window

    return _loaded(settings, None, lambda files, cache: load_window(files, window, cache))


def _loaded(
    settings: Settings,
    paths: tuple[str, ...] | None,
    load: Callable[[list[DataFile], Path | None], LoadedT],
) -> LoadedT:
    from spacetalks.cache import cache_directory
    from spacetalks.load import data_files
    from spacetalks.problems import DatasetError

    files = data_files(settings.data_paths if paths is None else paths, settings.include_bundled)
    if not files:
        fail("no dataset to load: --no-bundled was given without --data", EXIT_USAGE)
    try:
        with loading_status():
            dataset = load(files, cache_directory() if settings.use_cache else None)
    except DatasetError as error:
        invalid_dataset(error.problems)
    if KEPT is not None:
        # Kept until the process ends, which does not free it (see leave): freeing a large
        # dataset object by object when the command returns costs a tenth of a run.
        KEPT.append(dataset)
    return dataset


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
    global KEPT  # noqa: PLW0603  (one switch for the whole run)
    KEPT = []
    # A run lasts seconds and builds no cycles worth collecting; without the cyclic
    # collector, reading 100,000 events is a tenth faster.
    gc.disable()
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
