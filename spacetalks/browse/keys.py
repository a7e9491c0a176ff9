"""What the explorer's keys do that a command also does, done by that command's own code.

``y`` copies what ``cite RECORD`` prints (spacetalks.query.citing, citation_formats), and
``o`` opens the source ``export`` links an event to (spacetalks.output.evidence). ``f`` reads
filters with the options ``timeline`` declares and resolves them as it does
(spacetalks.cli.filters); ``e`` exports with ``export``'s registry and writes the file
as ``--output`` does (spacetalks.cli.output). Those functions report a problem as the
command line does, on stderr and with an exit; here that becomes a RefusedError with
the same message, for the app to show.
"""

from __future__ import annotations

import contextlib
import io
import shlex
from collections.abc import Iterator, Sequence

import typer
from typer._click.exceptions import ClickException  # Typer 0.28 carries Click as _click

from spacetalks.browse.pages import Records, Target
from spacetalks.cli.filters import EventFilters, event_criteria, parse_filters
from spacetalks.cli.output import write_directory, write_output
from spacetalks.dataset.model import Dataset, Event, Source
from spacetalks.dataset.problems import quoted
from spacetalks.interchange.references import CITATION_WRITERS, CitationStyle, csl_items
from spacetalks.interchange.timeline_formats import EXPORTERS, ExportFormat, ExportOptions
from spacetalks.output.evidence import best_source, is_link
from spacetalks.query.citing import cited_record, sources_behind
from spacetalks.query.selection import EventFilter

EXPORT_FORMATS = ", ".join(ExportFormat)


class RefusedError(Exception):
    """What the command line would have said before exiting with an error."""


@contextlib.contextmanager
def as_refusal() -> Iterator[None]:
    """Run command-line code: its usage errors and its messages before an exit become a
    RefusedError carrying them; what it says on the way (a note) is dropped."""
    said = io.StringIO()
    try:
        with contextlib.redirect_stderr(said):
            yield
    except ClickException as error:
        raise RefusedError(error.format_message()) from None
    except typer.Exit:
        message = said.getvalue().strip().removeprefix("spacetalks: ")
        raise RefusedError(message or "that did not work") from None


def words(typed: str) -> list[str]:
    """What was typed, split as a shell would split it."""
    try:
        return shlex.split(typed)
    except ValueError as error:
        raise RefusedError(f"cannot read {quoted(typed)}: {error}") from None


def read_filters(dataset: Dataset, typed: str) -> tuple[EventFilters, EventFilter]:
    """Filters typed as on the command line, checked and resolved as ``timeline`` does."""
    with as_refusal():
        filters = parse_filters(words(typed))
        return filters, event_criteria(dataset, filters)


def export(dataset: Dataset, events: Sequence[Event], typed: str, protected: list[str]) -> str:
    """``FORMAT FILE``: the events exported as ``export FORMAT --output FILE`` would write
    them; what was written, and any note the export makes."""
    parts = words(typed)
    if len(parts) != 2:
        raise RefusedError(
            f"give a format and a file, such as: ics spacetalks.ics ({EXPORT_FORMATS})"
        )
    name, path = parts
    if name.lower() not in set(ExportFormat):
        raise RefusedError(f"{quoted(name)} is not an export format: {EXPORT_FORMATS}")
    if path == "-":
        raise RefusedError("the screen is in use: give a file to write")
    export_format = ExportFormat(name.lower())
    result = EXPORTERS[export_format](dataset, events, ExportOptions())
    with as_refusal():
        if result.files:
            write_directory(result.files, path)
        else:
            write_output(result.text, path, protected)
    count = len(events)
    wrote = f"wrote {count} event{'s' if count != 1 else ''} as {export_format} to {path}"
    return "; ".join([wrote, *result.notes])


def citation(records: Records, target: Target) -> str | None:
    """The reference list ``spacetalks cite RECORD`` prints for a record (its text style);
    None when the record cites nothing."""
    record = records.record(target)
    if record is None:
        return None
    source_ids = sources_behind([cited_record(record)])
    if not source_ids:
        return None
    return CITATION_WRITERS[CitationStyle.text](csl_items(records.dataset, source_ids))


def web_address(records: Records, target: Target) -> str | None:
    """The address to open for a record: a source's own; for an event, the source that
    export links it to; otherwise the first of the record's sources with one."""
    record = records.record(target)
    match record:
        case Source():
            return record.url if is_link(record.url) else None
        case Event():
            source = best_source(records.dataset, record)
            return source.url if source is not None else None
        case None:
            return None
    for source_id in cited_record(record).sources:
        url = records.dataset.sources[source_id].url
        if is_link(url):
            return url
    return None
