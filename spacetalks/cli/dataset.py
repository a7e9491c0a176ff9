"""Commands about the dataset itself: ``validate`` it, and manage the ``cache``."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from spacetalks.cli.program import app, load_from, settings_of


@app.command()
def validate(
    ctx: typer.Context,
    files: Annotated[
        list[str] | None,
        typer.Argument(metavar="[FILE]...", help="Dataset files; none means the bundled dataset."),
    ] = None,
) -> None:
    """Check dataset files and report every problem, or count their records.

    Example: spacetalks validate my-events.json

    Files are checked as overlays on the bundled dataset (their references may
    point into it); give --no-bundled before the command to check them alone. With
    no FILE, the bundled dataset and any --data files are checked.
    """
    settings = settings_of(ctx)
    dataset = load_from(settings, tuple(files) if files else None)
    counts = ", ".join(f"{count} {name}" for name, count in dataset.counts().items())
    typer.echo(
        f"valid: {counts} ({len(dataset.files)} file{'s' if len(dataset.files) != 1 else ''})"
    )


class CacheAction(StrEnum):
    info = "info"
    clear = "clear"


@app.command()
def cache(
    action: Annotated[
        CacheAction, typer.Argument(help="info: where the cache is and its size; clear: empty it.")
    ] = CacheAction.info,
) -> None:
    """The cache of large datasets: where it is, how big, or empty it.

    Example: spacetalks cache clear

    Datasets of 1 MB or more are kept, parsed and checked, in $XDG_CACHE_HOME/spacetalks
    (else ~/.cache/spacetalks), and used while their files are unchanged (same path,
    size and modification time). --no-cache, before any command, bypasses it.
    """
    from spacetalks.cache import cache_directory, clear, entries

    directory = cache_directory()
    if action is CacheAction.clear:
        removed, freed = clear(directory)
        typer.echo(f"removed {entries_text(removed)} ({freed:,} bytes) from {directory}")
        return
    found = entries(directory)
    size = sum(entry.stat().st_size for entry in found)
    typer.echo(f"{directory}\t{entries_text(len(found))}\t{size:,} bytes")


def entries_text(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"
