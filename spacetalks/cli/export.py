"""``spacetalks export``: the timeline as a calendar, a web timeline, a graph or a picture."""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, TypeVar

import typer

from spacetalks.cli.filters import choose_events, with_event_filters
from spacetalks.cli.messages import say
from spacetalks.cli.output import write_output
from spacetalks.cli.program import app, settings_of
from spacetalks.dataset.problems import quoted
from spacetalks.errors import usage_error
from spacetalks.interchange.timeline_formats import (
    EXPORTERS,
    ExportFormat,
    ExportOptions,
    PageBackground,
    TimelineGroups,
)
from spacetalks.output.destination import (
    check_destination,
    dataset_paths,
    write_directory,
    write_new_file,
)
from spacetalks.query.typed_filters import EventFilters

FixedT = TypeVar("FixedT", bound=StrEnum)


def fixed_value(kind: type[FixedT], choices: str) -> Callable[[str], FixedT]:
    """Read an option's value as one of an enum's; another is a usage error naming the
    choices (``'grey' is not light or dark``)."""

    def read(text: str | FixedT) -> FixedT:
        try:
            return kind(text)
        except ValueError:
            raise typer.BadParameter(f"{quoted(str(text))} is not {choices}") from None

    return read


@app.command()
@with_event_filters
def export(
    ctx: typer.Context,
    export_format: Annotated[
        ExportFormat,
        typer.Argument(
            metavar="FORMAT",
            help="ics, timelinejs, dot, svg, html, jsonld, datapackage or sqlite.",
            case_sensitive=False,
            show_choices=True,
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (atomically) instead of stdout; datapackage: a new "
            "directory; sqlite: a new file.",
        ),
    ] = None,
    group_by: Annotated[
        TimelineGroups,
        typer.Option(
            "--group-by",
            metavar="topic|organization",
            help="TimelineJS groups (default topic).",
            parser=fixed_value(TimelineGroups, "topic or organization"),
        ),
    ] = TimelineGroups.topic,
    table: Annotated[
        bool, typer.Option("--table", help="svg and html: the timeline table, not the chart.")
    ] = False,
    width: Annotated[
        int,
        typer.Option(min=60, max=400, metavar="COLUMNS", help="svg and html: picture width."),
    ] = 100,
    background: Annotated[
        PageBackground,
        typer.Option(
            "--background",
            metavar="light|dark",
            help="svg and html: a white page (default) or a dark one.",
            parser=fixed_value(PageBackground, "light or dark"),
        ),
    ] = PageBackground.light,
    *,
    filters: EventFilters,
) -> None:
    """Export the timeline for a calendar, a web page or a graph.

    Example: spacetalks export ics --since 2025 --output spacetalks.ics

    \b
    More examples:
      spacetalks export html --table --output timeline.html
      spacetalks export datapackage --topic cross-flights --output cross-flights-package

    ics: iCalendar (day-precision events all day, timed ones in UTC; month- and
    year-precision events are left out, with a note). timelinejs: Knight Lab
    TimelineJS3 JSON. dot: Graphviz (render with dot -Tsvg). svg, html: the chart,
    or with --table the table, as a picture on a white page or, with --background
    dark, a dark one (html with the events' JSON-LD). jsonld:
    schema.org Events. datapackage: a Frictionless Data Package (a CSV per table and
    datapackage.json) written to a new directory with --output; spacetalks import
    reads it back. sqlite: a SQLite database for Datasette and sqlite-utils (the same
    tables, with primary and foreign keys, an FTS5 index of events and quotes, and
    column descriptions in _columns) written to a new file with --output. Takes every
    timeline filter.
    """
    if export_format is ExportFormat.datapackage and output is None:
        raise usage_error("datapackage writes a directory: give --output DIR", "--output")
    if export_format is ExportFormat.sqlite and output is None:
        raise usage_error("sqlite writes a database: give --output FILE (a new file)", "--output")
    settings = settings_of(ctx)
    protected = dataset_paths(settings.data_paths)
    if export_format is ExportFormat.sqlite and output is not None and os.path.lexists(output):
        raise usage_error(f"{output} exists; give the name of a new file", "--output")
    if output is not None and export_format not in {ExportFormat.datapackage, ExportFormat.sqlite}:
        check_destination(output, protected)
    dataset, events = choose_events(settings, filters)
    options = ExportOptions(group_by=group_by, table=table, width=width, background=background)
    result = EXPORTERS[export_format](dataset, events, options)
    for note in result.notes:
        say(f"spacetalks: {note}")
    if result.data is not None:
        assert output is not None
        write_new_file(result.data, output)
    elif result.files:
        assert output is not None
        write_directory(result.files, output)
    else:
        write_output(result.text, output, protected)
