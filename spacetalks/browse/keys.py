"""What the explorer's keys do that a command also does, done by that command's own code.

``y`` copies what ``cite RECORD`` prints (spacetalks.query.citing, citation_formats), and
``o`` opens the source ``export`` links an event to (spacetalks.output.evidence). ``f`` reads
filters as ``timeline`` takes them and resolves them as it does
(spacetalks.query.typed_filters); ``e`` exports with ``export``'s registry and writes the
file as ``--output`` does (spacetalks.output.destination). A problem is the
SpacetalksError the command line would report, for the app to show.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence

from spacetalks.browse.pages import Records, Target
from spacetalks.dataset.model import Dataset, Event, Source
from spacetalks.dataset.problems import quoted
from spacetalks.errors import SpacetalksError
from spacetalks.interchange.references import CITATION_WRITERS, CitationStyle, csl_items
from spacetalks.interchange.timeline_formats import EXPORTERS, ExportFormat, ExportOptions
from spacetalks.output.destination import write_directory, write_file
from spacetalks.output.evidence import best_source
from spacetalks.output.safe_link import link_target
from spacetalks.query.citing import cited_record, sources_behind
from spacetalks.query.selection import EventFilter
from spacetalks.query.typed_filters import EventFilters, event_criteria, parse_filters

EXPORT_FORMATS = ", ".join(ExportFormat)


def words(typed: str) -> list[str]:
    """What was typed, split as a shell would split it."""
    try:
        return shlex.split(typed)
    except ValueError as error:
        raise SpacetalksError(f"cannot read {quoted(typed)}: {error}") from None


def read_filters(dataset: Dataset, typed: str) -> tuple[EventFilters, EventFilter]:
    """Filters typed as on the command line, checked and resolved as ``timeline`` does."""
    filters = parse_filters(words(typed))
    return filters, event_criteria(dataset, filters)


def export(dataset: Dataset, events: Sequence[Event], typed: str, protected: list[str]) -> str:
    """``FORMAT FILE``: the events exported as ``export FORMAT --output FILE`` would write
    them; what was written, and any note the export makes."""
    parts = words(typed)
    if len(parts) != 2:
        raise SpacetalksError(
            f"give a format and a file, such as: ics spacetalks.ics ({EXPORT_FORMATS})"
        )
    name, path = parts
    if name.lower() not in set(ExportFormat):
        raise SpacetalksError(f"{quoted(name)} is not an export format: {EXPORT_FORMATS}")
    if path == "-":
        raise SpacetalksError("the screen is in use: give a file to write")
    export_format = ExportFormat(name.lower())
    result = EXPORTERS[export_format](dataset, events, ExportOptions())
    if result.files:
        write_directory(result.files, path)
    else:
        write_file(result.text, path, protected)
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
    export links it to; otherwise the first of the record's sources with one (each as
    link_target gives it)."""
    record = records.record(target)
    match record:
        case Source():
            return link_target(record.url)
        case Event():
            source = best_source(records.dataset, record)
            return link_target(source.url) if source is not None else None
        case None:
            return None
    for source_id in cited_record(record).sources:
        if address := link_target(records.dataset.sources[source_id].url):
            return address
    return None
