"""The Typer app, its global options, loading the dataset, and running a command.

Commands load lazily: the app's group (LazyCommands, Click's documented lazy group
given to Typer as its group class) imports a command's module and builds its Click
command only when the command is named, so a run builds one command, not all of them;
help and completion ask for each. Every speed trick of a run (the garbage collector,
the fast exit) is in ``main`` and nowhere else. Errors become exit codes here (see
spacetalks.cli.messages), and anything unexpected becomes one line and exit 70,
never a traceback.
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
import difflib
import gc
import inspect
import os
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum
from importlib import import_module
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeAlias, TypeVar

import msgspec
import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

from spacetalks.cli.help import readable_help
from spacetalks.cli.messages import (
    output_failed,
    quiet_closed_stdout,
    report,
    short_usage_errors,
)
from spacetalks.cli.streams import OutputError, guard_standard_streams
from spacetalks.dataset.model import (
    Dataset,
    DatasetSelection,
    DatasetWindow,
    DayWindow,
    WantedEvents,
)
from spacetalks.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, SpacetalksError
from spacetalks.query.arguments import read_date
from spacetalks.query.known_at import known_at
from spacetalks.store.cache import cache_directory
from spacetalks.store.load import (
    CacheWriter,
    DataFile,
    bundled_info,
    data_files,
    load_dataset,
    load_selection,
    load_window,
    paths_from_environment,
    validate_dataset,
    window_of,
)

Context: TypeAlias = Any
Command: TypeAlias = Any
Parameter: TypeAlias = Any
"""Click's Context, Command and Parameter, which Typer 0.28 carries privately (as
typer._click) and does not name in its public API: the overrides below take them as
they come."""

COMMAND_MODULES = {
    "timeline": "timeline",
    "who": "explore",
    "people": "explore",
    "orgs": "explore",
    "topics": "explore",
    "show": "explore",
    "quotes": "explore",
    "sources": "explore",
    "search": "explore",
    "between": "explore",
    "why": "why",
    "export": "export",
    "cite": "interchange",
    "import": "interchange",
    "validate": "dataset",
    "stats": "dataset",
    "cache": "dataset",
    "browse": "browse",
}
"""Each command, in help order, and the module under spacetalks.cli that defines it."""
NO_FAST_EXIT_VARIABLE = "SPACETALKS_NO_FAST_EXIT"


class LazyCommands(TyperGroup):
    """The app's group: Click's lazy group ("Lazily Loading Subcommands" in Click's
    documentation), given to Typer through ``typer.Typer(cls=...)``.

    A command's module is imported, and its Click command built, when the command is
    named. Each command also accepts the global options after its own arguments (hidden
    from its help, which the top-level help already shows): copies of the group's own
    options, so that a new global option needs nothing here.
    """

    def list_commands(self, ctx: Context) -> list[str]:
        return list(COMMAND_MODULES)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        command = self.commands.get(cmd_name)
        if command is None:
            command = _build_command(cmd_name)
            if command is None:
                return None
            self.add_command(command, cmd_name)
        # The app's own global options (the callback's), not Typer's completion installers.
        options = [param for param in self.params if param.name in _global_option_names()]
        readable_help(command)
        own = {param.name for param in command.params}
        if own.isdisjoint(param.name for param in options):
            command.params.extend(_after_the_command(param) for param in options)
        return command

    def make_context(self, *args: Any, **kwargs: Any) -> Context:
        with short_usage_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Context) -> Any:
        with short_usage_errors():
            try:
                return super().invoke(ctx)
            except SpacetalksError as error:
                report(error, ctx)

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        if args and args[0] not in COMMAND_MODULES:
            # Not a command: the closest ones are suggested from every command built.
            for name in COMMAND_MODULES:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)


def _global_option_names() -> set[str]:
    """The parameters of the app's callback, global_options: its global options."""
    return set(inspect.signature(global_options).parameters) - {"ctx"}


def _build_command(name: str) -> Command | None:
    module = COMMAND_MODULES.get(name)
    if module is None:
        return None
    import_module(f"spacetalks.cli.{module}")
    for info in app.registered_commands:
        if (info.name or (info.callback.__name__ if info.callback else "")) == name:
            return typer.main.get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
    return None


def _after_the_command(option: Parameter) -> Parameter:
    """A global option as a command takes it: hidden, and merged into the run's settings."""
    copied = copy.copy(option)
    copied.hidden = True
    copied.expose_value = False
    if not option.is_eager:  # --version acts at once, wherever it is
        copied.callback = _merge_global_option
    return copied


def _merge_global_option(ctx: Context, param: Parameter, value: Any) -> Any:
    """A global option given after the command: added to those given before it."""
    root = ctx.find_root()
    if param.name is not None and value:
        earlier = root.params.get(param.name)
        multiple = isinstance(value, list | tuple)
        root.params[param.name] = (*(earlier or ()), *value) if multiple else value
        ctx.obj = settings_from(root.params)
    return value


class ReportingCommand(TyperCommand):
    """Every command of the app: a SpacetalksError raised while its options are read or
    while it runs ends the run as spacetalks.cli.messages.report says (a message on
    stderr and its exit code, or Click's usage error naming the option)."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except SpacetalksError as error:
            report(error, ctx)
        except Exception as error:
            suggest_own_option(self, error)
            raise

    def invoke(self, ctx: Context) -> Any:
        kept = _KEPT.set(ctx.meta.setdefault(LOADED, []))
        try:
            return super().invoke(ctx)
        except SpacetalksError as error:
            report(error, ctx)
        finally:
            _KEPT.reset(kept)


def suggest_own_option(command: Command, error: Exception) -> None:
    """An unknown option (Click's NoSuchOption, which has ``option_name`` and
    ``possibilities``) is answered with the closest of the command's own options, where
    one is close: ``timeline --sinse`` means --since, not the global --version."""
    unknown = getattr(error, "option_name", None)
    if not isinstance(unknown, str) or not hasattr(error, "possibilities"):
        return
    own = [
        name
        for param in command.params
        if not getattr(param, "hidden", False)
        for name in param.opts
        if name.startswith("--")
    ]
    closest = difflib.get_close_matches(unknown, own, n=1)
    if closest:
        error.message = f"{error.message}; did you mean {closest[0]}?"  # type: ignore[attr-defined]
        error.possibilities = None


class Commands(typer.Typer):
    """The app: Typer's, whose commands are ReportingCommands unless told otherwise."""

    def command(  # type: ignore[override]
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **options: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return super().command(name, cls=cls or ReportingCommand, **options)


app = Commands(
    name="spacetalks",
    help=(
        "Explore NASA-Roscosmos space diplomacy: who met when, what they discussed, "
        "and how we know.\n\n"
        "Example: spacetalks timeline --since 2018 --person Bakanov\n\n"
        "More examples:\n"
        "  spacetalks who Bakanov\n"
        "  spacetalks show crew-11-launch\n"
        "  spacetalks topics cross-flights\n"
        "  spacetalks timeline --since 2025 --json"
    ),
    cls=LazyCommands,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ColorMode(StrEnum):
    """When to colour: ``auto`` on a terminal unless NO_COLOR or TERM=dumb (or when
    FORCE_COLOR is set), ``always``, or ``never``; see spacetalks.cli.output."""

    auto = "auto"
    always = "always"
    never = "never"


class Settings(msgspec.Struct, frozen=True):
    """The global options of a run (given before or after the command)."""

    data_paths: tuple[str, ...]
    include_bundled: bool
    color: ColorMode = ColorMode.auto
    use_cache: bool = True
    pager: bool = True
    known_at: str | None = None
    """--known-at as typed: the day whose knowledge every command shows."""


def _show_version(ctx: typer.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from importlib.metadata import version as installed_version  # noqa: PLC0415 (about 20 ms)

        info = bundled_info()
        dataset = (
            f"dataset {info.version}"
            + (f", reviewed {info.reviewed}" if info.reviewed else "")
            + (f", sources reach {info.sources_reach}" if info.sources_reach else "")
            if info is not None
            else "no bundled dataset"
        )
        sys.stdout.write(f"spacetalks {installed_version('spacetalks')} ({dataset})\n")
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
    color: Annotated[
        ColorMode | None,
        typer.Option(
            "--color",
            metavar="WHEN",
            help="Colour: auto (on a terminal, unless NO_COLOR is set), always (also "
            "through a pipe) or never. FORCE_COLOR=1 colours where auto would not.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Never use colour.")] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Never page. By default output taller than the terminal goes through "
            "SPACETALKS_PAGER, else PAGER, else less -FRX.",
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Read large datasets afresh instead of from the cache."),
    ] = False,
    known_at_day: Annotated[
        str | None,
        typer.Option(
            "--known-at",
            metavar="DATE",
            help="The dataset as its sources had reported it by the end of DATE: only "
            "sources dated on or before it count, events after it show as expected then. "
            "Same dates as --since (2025-07-30, 'Jul 2025', '30 days ago').",
            show_default=False,
        ),
    ] = None,
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
    ctx.obj = settings_from(ctx.params)


def settings_from(options: Mapping[str, Any]) -> Settings:
    """The settings the global options (by parameter name) and the environment give."""
    return Settings(
        data_paths=(*paths_from_environment(os.environ), *(options.get("data") or ())),
        include_bundled=not options.get("no_bundled"),
        color=ColorMode.never
        if options.get("no_color")
        else ColorMode(options.get("color") or ColorMode.auto),
        use_cache=not options.get("no_cache"),
        pager=not options.get("no_pager"),
        known_at=options.get("known_at_day"),
    )


def settings_of(ctx: typer.Context) -> Settings:
    settings = ctx.obj
    if not isinstance(settings, Settings):  # invoked without the callback (tests of one command)
        settings = Settings(data_paths=(), include_bundled=True)
    return settings


LoadedT = TypeVar("LoadedT", bound=Dataset)
LOADED = "spacetalks.loaded"
"""Where the run's Click context (its ``meta``, shared by every context of a run) holds
what the run loaded."""
_KEPT: contextvars.ContextVar[list[Dataset] | None] = contextvars.ContextVar(LOADED, default=None)
"""The list in the running command's context that keeps what it loads (see
ReportingCommand.invoke)."""


def load_from(settings: Settings, paths: tuple[str, ...] | None = None) -> Dataset:
    """Load the whole dataset the settings name (as known at --known-at, when given); an
    invalid one ends the run with exit 3."""
    return _as_known(settings, _loaded(settings, paths, load_dataset))


def validate_from(settings: Settings, paths: tuple[str, ...]) -> Dataset:
    """Load the dataset for a judgement of its files: never from the cache, every check
    on every file, and never as known at a date; an invalid one ends the run with exit 3."""
    return _loaded(settings, paths, lambda files, _, __: validate_dataset(files))


def load_window_from(settings: Settings, window: DayWindow) -> DatasetWindow:
    """Load the dataset with only the events that touch a window of days (see
    DatasetWindow); an invalid one ends the run with exit 3. With --known-at, the events
    that touch it as known then (their dates may be the ones expected then)."""
    if settings.known_at is not None:
        return _known_window(settings, window)
    return _loaded(
        settings, None, lambda files, cache, write: load_window(files, window, cache, write)
    )


def _known_window(settings: Settings, window: DayWindow) -> DatasetWindow:
    """The events that touch a window of days as known at --known-at: those that can
    (see spacetalks.dataset.reach) are read (from the cache, only they are decoded), taken
    as known then, and kept where their dates as known then touch the window. Every
    event kind of the files is known, as in any window."""
    read = _loaded(
        settings,
        None,
        lambda files, cache, write: load_window(files, window, cache, write, reach=True),
    )
    known = window_of(_as_known(settings, read), window)
    return msgspec.structs.replace(known, kinds=read.kinds)


def load_selection_from(settings: Settings, choose: Callable[[Dataset], WantedEvents]) -> Dataset:
    """Load the dataset with at least the events choose wants, given the dataset without
    reading its events (see load_selection); an invalid one ends the run with exit 3.
    With --known-at, the whole dataset as known then."""
    if settings.known_at is not None:
        return load_from(settings)
    return _loaded(
        settings, None, lambda files, cache, write: load_selection(files, choose, cache, write)
    )


def _as_known(settings: Settings, dataset: Dataset) -> Dataset:
    """The dataset as known at --known-at (see spacetalks.query.known_at), or itself."""
    if settings.known_at is None:
        return dataset
    return known_at(dataset, read_date(settings.known_at, "--known-at"))


def whole_dataset(settings: Settings, dataset: Dataset) -> Dataset:
    """The whole dataset a part of it was loaded from (the dataset itself when whole)."""
    if isinstance(dataset, DatasetSelection | DatasetWindow):
        return load_from(settings)
    return dataset


def files_and_cache(
    settings: Settings, paths: tuple[str, ...] | None = None
) -> tuple[list[DataFile], Path | None]:
    """The files the settings name (or these paths, with the bundled dataset unless left
    out), and the cache directory to read them through, if any."""
    files = data_files(settings.data_paths if paths is None else paths, settings.include_bundled)
    return files, cache_directory() if settings.use_cache else None


def _loaded(
    settings: Settings,
    paths: tuple[str, ...] | None,
    load: Callable[[list[DataFile], Path | None, CacheWriter], LoadedT],
) -> LoadedT:
    files, cache = files_and_cache(settings, paths)
    if not files:
        raise SpacetalksError(
            "no dataset to load: --no-bundled was given without --data", EXIT_USAGE
        )
    write_cache: CacheWriter = AFTER_ANSWER.append if _writes_wait else (lambda write: write())
    with loading_status():
        dataset = load(files, cache, write_cache)
    kept = _KEPT.get()
    if kept is not None:
        kept.append(dataset)
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

    shown: list[Any] = []
    lock = threading.Lock()

    def show() -> None:
        from rich.console import Console  # noqa: PLC0415 (Rich, ~30 ms: only a slow load shows it)

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


def load_commands() -> typer.Typer:
    """The app with every command's module imported (as help and tests see it)."""
    for module in dict.fromkeys(COMMAND_MODULES.values()):
        import_module(f"spacetalks.cli.{module}")
    return app


AFTER_ANSWER: list[Callable[[], None]] = []
"""What a run leaves until its answer is out: the writing of the cache entry of a
dataset it read from its files (when main runs it; see leave)."""
_writes_wait = False
"""Whether the cache is written after the answer (main's runs) or at once (the app run
another way: tests, SPACETALKS_NO_FAST_EXIT)."""


def finish_after_answer(work: list[Callable[[], None]]) -> None:
    """Do the work in a process of its own, with no terminal and no pipe: the shell has
    its prompt back, and a pipe its end, as soon as the answer is out, while the cache
    entry of a large dataset read for the first time is still being written (about a
    second for 100,000 events). The process holds none of the descriptors it inherited
    (a pipe the caller reads is not kept open by it). Where there is no fork, or it
    fails, the work is done here, after the answer. A write that fails is recorded by the
    cache itself (see spacetalks.store.cache.last_failure)."""
    try:
        child = os.fork() if hasattr(os, "fork") else -1
    except OSError:  # no process to spare: write it here, the answer is out already
        child = -1
    if child > 0:
        return
    if child == 0:
        os.setsid()  # out of the terminal's process group: its Ctrl-C is not for this
        nowhere = os.open(os.devnull, os.O_RDWR)
        for stream in (0, 1, 2):
            os.dup2(nowhere, stream)
        # No inherited descriptor is held open: a pipe the caller reads ends with the answer.
        os.closerange(3, _descriptor_limit())
    for task in work:
        with contextlib.suppress(Exception):
            task()
    if child == 0:
        os._exit(0)


def _descriptor_limit() -> int:
    try:
        return max(os.sysconf("SC_OPEN_MAX"), 256)
    except (AttributeError, ValueError, OSError):
        return 65536


def leave(code: object) -> NoReturn:
    """Exit now, without tearing down what the run built.

    Freeing a large dataset object by object takes a noticeable part of a run; the
    operating system reclaims it at once. Output is flushed first, then what the run
    left for after its answer is done (see finish_after_answer).
    """
    status = code if isinstance(code, int) else (0 if code is None else 1)
    if isinstance(code, str):
        sys.stderr.write(code + "\n")
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_closed_stdout()
    except OutputError as error:
        status = output_failed(error)
    except (OSError, ValueError):
        pass
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    if AFTER_ANSWER:
        finish_after_answer(AFTER_ANSWER)
    os._exit(status)


def keep_collecting() -> None:
    """A command that lasts as long as a person uses it (browse) turns the cyclic garbage
    collector back on, which main turns off for runs that last seconds."""
    gc.enable()


def main() -> None:
    """The console script: run the app, and keep tracebacks away from users.

    Every speed trick of a run is here, and only here. A run lasts seconds and builds no
    cycles worth collecting, so the cyclic garbage collector is off (reading 100,000
    events is a tenth faster). And the process ends with ``os._exit`` as soon as the
    command has finished and its output is flushed (see leave): the exit happens while
    the run's Click context, and so everything the run loaded (see load_from), still
    exists, so that nothing is freed object by object; a cache entry to write waits
    until the answer is out (see finish_after_answer). SPACETALKS_NO_FAST_EXIT=1 turns
    all three off, for coverage runs, profilers and atexit handlers.
    """
    global _writes_wait  # noqa: PLW0603 (main alone decides how its run ends)
    fast = not os.environ.get(NO_FAST_EXIT_VARIABLE)
    if fast:
        gc.disable()
        _writes_wait = True
    guard_standard_streams()
    try:
        app(prog_name="spacetalks")
    except SystemExit as stop:
        # Still inside the handler: stop's traceback holds the run's context alive.
        if fast:
            leave(stop.code)
        try:
            sys.stdout.flush()
        except OutputError as error:
            sys.exit(output_failed(error))
        raise
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        quiet_closed_stdout()
        sys.exit(0)
    except OutputError as error:
        sys.exit(output_failed(error))
    except Exception as error:
        if os.environ.get("SPACETALKS_DEBUG"):
            raise
        sys.stderr.write(
            f"spacetalks: internal error: {type(error).__name__}: {error}\n"
            "Run again with SPACETALKS_DEBUG=1 to see the details.\n"
        )
        sys.exit(EXIT_INTERNAL)
