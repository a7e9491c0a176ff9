"""Shell completion of record ids: people, topics, organizations, events.

Completion runs the program on every Tab press, so a dataset that cannot be loaded
completes nothing rather than printing errors into the shell.

A completion only completes: what it prints is read, and in zsh evaluated, by the
user's shell, so nothing from a dataset reaches it as it is. Candidates are ids,
and only ids of the id shape (letters, digits, ``.``, ``_``, ``-``) are offered; the
description beside each (a name or a title) keeps only letters, digits, spaces and
harmless punctuation (spacetalks.output.safe_text.completion_text) and is cut short enough
that Typer's Rich rendering never wraps it into a second line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable

import typer

from spacetalks.cli.program import files_and_cache, settings_from
from spacetalks.dataset.model import ID_PATTERN, Dataset
from spacetalks.dataset.problems import DatasetError
from spacetalks.output.safe_text import completion_text
from spacetalks.store.load import load_dataset

ID_SHAPE = re.compile(ID_PATTERN)
LONGEST_DESCRIPTION = 48
"""Characters of a name or title shown beside a candidate; narrower than any terminal."""


def _description_limit() -> int:
    """At most LONGEST_DESCRIPTION, and less than the width Typer's Rich rendering wraps
    at (TERMINAL_WIDTH, else COLUMNS, else 80), so a description stays on one line."""
    for name in ("TERMINAL_WIDTH", "COLUMNS"):
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            return max(1, min(LONGEST_DESCRIPTION, int(value) - 1))
    return LONGEST_DESCRIPTION


def _dataset(ctx: typer.Context) -> Dataset | None:
    """The dataset a command would load with the options typed so far (the global ones
    before or after the command), read through the cache as a command would."""
    files, cache = files_and_cache(settings_from(ctx.find_root().params))
    try:
        return load_dataset(files, cache)
    except (DatasetError, OSError):
        return None


def _completer(
    records: Callable[[Dataset], Iterable[tuple[str, str]]],
) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        dataset = _dataset(ctx)
        if dataset is None:
            return []
        limit = _description_limit()
        return [
            (key, completion_text(help_text, limit))
            for key, help_text in records(dataset)
            if key.startswith(incomplete) and ID_SHAPE.fullmatch(key)
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
