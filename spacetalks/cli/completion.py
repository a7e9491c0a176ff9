"""Shell completion of record ids: people, topics, organizations, events.

Completion runs the program on every Tab press, so a dataset that cannot be loaded
completes nothing rather than printing errors into the shell.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from spacetalks.model import Dataset


def _dataset(ctx: typer.Context) -> Dataset | None:
    from spacetalks.load import data_files, load_dataset, paths_from_environment
    from spacetalks.problems import DatasetError

    root = ctx.find_root()
    extra = root.params.get("data") or ()
    include_bundled = not root.params.get("no_bundled", False)
    paths = [*paths_from_environment(os.environ), *extra]
    try:
        return load_dataset(data_files(paths, include_bundled))
    except (DatasetError, OSError):
        return None


def _completer(
    records: Callable[[Dataset], Iterable[tuple[str, str]]],
) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        dataset = _dataset(ctx)
        if dataset is None:
            return []
        return [
            (key, help_text) for key, help_text in records(dataset) if key.startswith(incomplete)
        ]

    return complete


complete_person = _completer(
    lambda dataset: ((person.id, person.name) for person in dataset.people.values())
)
complete_topic = _completer(
    lambda dataset: ((topic.id, topic.name) for topic in dataset.topics.values())
)
complete_org = _completer(
    lambda dataset: ((org.id, org.name) for org in dataset.organizations.values())
)
complete_event = _completer(lambda dataset: ((event.id, event.title) for event in dataset.events))
