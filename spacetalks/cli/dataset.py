"""Commands about the dataset itself: ``validate`` it, its ``stats``, and the ``cache``."""

from __future__ import annotations

import os
from enum import StrEnum
from typing import Annotated

import typer

from spacetalks.answers.documents import coverage_document
from spacetalks.answers.rows import counted
from spacetalks.cli.messages import say
from spacetalks.cli.output import OutputRequest, emit, with_output_options
from spacetalks.cli.program import app, load_from, settings_of, validate_from
from spacetalks.errors import EXIT_USAGE, SpacetalksError
from spacetalks.query.reporting import open_crew_roles
from spacetalks.store.cache import cache_contents, cache_directory, clear_cache, last_failure
from spacetalks.store.private_directory import own_directory


@app.command()
def validate(
    ctx: typer.Context,
    files: Annotated[
        list[str] | None,
        typer.Argument(metavar="[FILE]...", help="Dataset files; none means the bundled dataset."),
    ] = None,
) -> None:
    """Check dataset files and report every problem, or count their records.

    Example: spacetalks validate

    \b
    More examples:
      spacetalks --no-bundled validate cross-flights.json

    Files are checked together with what every command loads, as overlays on it: the
    bundled dataset (unless --no-bundled) and any --data or SPACETALKS_DATA files, so
    their references may point into those. The cache is never used.
    """
    settings = settings_of(ctx)
    paths = tuple(dict.fromkeys((*settings.data_paths, *(files or ()))))
    dataset = validate_from(settings, paths)
    for warning in open_crew_roles(dataset):
        say(f"warning: {warning}")
    counts = ", ".join(
        counted(count, SINGULAR[name], name) for name, count in dataset.counts().items()
    )
    typer.echo(f"valid: {counts} ({counted(len(dataset.files), 'file')})")


@app.command()
@with_output_options
def stats(ctx: typer.Context, *, output: OutputRequest) -> None:
    """How big the loaded dataset is and how well it is sourced.

    Example: spacetalks stats --json

    Counts by record type; how many events, roles and quotes rest on one publisher
    (copies of one wire story count once) or on a single report; the disputes and
    one-side claims; the dates of the first, newest and latest-happened events.
    """
    settings = settings_of(ctx)
    emit(settings, coverage_document(load_from(settings)), output)


SINGULAR = {
    "events": "event",
    "people": "person",
    "organizations": "organization",
    "topics": "topic",
    "quotes": "quote",
    "sources": "source",
}
"""One of each kind of record, as a count of one names it."""


class CacheAction(StrEnum):
    info = "info"
    clear = "clear"


@app.command()
def cache(
    action: Annotated[
        CacheAction,
        typer.Argument(
            metavar="ACTION", help="info: where the cache is and its size; clear: empty it."
        ),
    ] = CacheAction.info,
) -> None:
    """The cache of large datasets: where it is, how big, or empty it.

    Example: spacetalks cache clear

    Datasets of 1 MB or more are kept, parsed and checked, in $XDG_CACHE_HOME/spacetalks
    (else ~/.cache/spacetalks), and used while their files and spacetalks itself are
    unchanged. --no-cache bypasses it; validate never uses it.
    """
    directory = cache_directory()
    if directory is None:
        raise SpacetalksError(
            "no cache directory: neither XDG_CACHE_HOME nor HOME is an absolute path", EXIT_USAGE
        )
    if action is CacheAction.clear:
        entries, temporary, freed = clear_cache(directory)
        typer.echo(
            f"removed {entries_text(entries)} and {temporary_text(temporary)} "
            f"({freed:,} bytes) from {directory}"
        )
        return
    if os.path.lexists(directory) and not own_directory(directory):
        say(f"spacetalks: {directory} is not used: it is not a directory of yours alone")
    found = cache_contents(directory)
    typer.echo(
        f"{directory}\t{entries_text(len(found.entries))}\t{found.size():,} bytes"
        f"\t{temporary_text(len(found.temporary))}"
    )
    failure = last_failure(directory)
    if failure is not None:
        say(f"spacetalks: the last cache write failed: {failure}")


def entries_text(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"


def temporary_text(count: int) -> str:
    return f"{count} temporary file{'' if count == 1 else 's'}"
