"""``spacetalks cite`` and ``spacetalks import``: references for reference managers, and
data packages read back into a dataset file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import msgspec
import typer

from spacetalks.cli.completion import complete_event
from spacetalks.cli.filters import choose_events, with_event_filters
from spacetalks.cli.output import write_output
from spacetalks.cli.program import app, load_from, settings_of
from spacetalks.dataset.problems import DatasetError, quoted
from spacetalks.errors import EXIT_NOT_FOUND, SpacetalksError, usage_error
from spacetalks.interchange.datapackage_read import package_files, read_datapackage
from spacetalks.interchange.references import CITATION_WRITERS, CitationStyle, csl_items
from spacetalks.output.destination import dataset_paths, same_file
from spacetalks.query.citing import (
    cited_record,
    fields_cited_for,
    find_cited,
    sources_behind,
    sources_behind_events,
)
from spacetalks.query.selection import NoMatchError
from spacetalks.query.typed_filters import EventFilters


@app.command()
@with_event_filters
def cite(
    ctx: typer.Context,
    records: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[RECORD]...",
            help="Ids or names of events, people, quotes, topics, organizations or sources.",
            autocompletion=complete_event,
            show_default=False,
        ),
    ] = None,
    style: Annotated[
        CitationStyle,
        typer.Option(
            "--style",
            "-s",
            metavar="STYLE",
            case_sensitive=False,
            help="csl-json (Zotero, Pandoc, citeproc), bibtex (biblatex @online), ris, "
            "or text (a reference list).",
        ),
    ] = CitationStyle.text,
    *,
    filters: EventFilters,
) -> None:
    """The sources behind records, as references for a reference manager.

    Example: spacetalks cite bakanov-duffy --style bibtex > talks.bib

    \b
    More examples:
      spacetalks cite crew-11-launch soyuz-ms-10
      spacetalks cite --topic cross-flights --style ris

    With RECORDs, the sources each cites (an event's disputed alternatives and a
    person's roles included), without repeats. Without them, the sources behind
    every event the timeline filters choose.
    """
    settings = settings_of(ctx)
    if records:
        if filters != EventFilters():
            raise usage_error("give records or timeline filters, not both", "RECORD")
        dataset = load_from(settings)
        cited = []
        for query in records:
            try:
                found = find_cited(dataset, query)
            except NoMatchError as error:
                hint = (
                    f"; did you mean {' or '.join(error.suggestions)}?" if error.suggestions else ""
                )
                raise SpacetalksError(
                    f"no record matches {quoted(query)}{hint}", EXIT_NOT_FOUND
                ) from None
            if len(found) > 1:
                listed = "\n  ".join(
                    f"{record.id}  ({record.kind}: {record.label})" for record in found[:20]
                )
                more = f"\n  ... and {len(found) - 20} more" if len(found) > 20 else ""
                raise usage_error(
                    f"{quoted(query)} matches {len(found)} records; give one of these ids:"
                    f"\n  {listed}{more}",
                    "RECORD",
                )
            cited.extend(found)
        source_ids = sources_behind(cited)
    else:
        dataset, events = choose_events(settings, filters)
        source_ids = sources_behind_events(events)
        cited = [cited_record(event) for event in events]
    if not source_ids:
        raise SpacetalksError("no sources: no event matches these filters", EXIT_NOT_FOUND)
    items = csl_items(dataset, source_ids, fields_cited_for(cited))
    write_output(CITATION_WRITERS[style](items), None)


@app.command("import")
def import_package(
    ctx: typer.Context,
    package: Annotated[
        str,
        typer.Argument(
            metavar="PACKAGE",
            help="A data package's directory or its datapackage.json.",
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout."),
    ] = None,
) -> None:
    """Read a data package (from export datapackage) back into a dataset file.

    Example: spacetalks import cross-flights-package --output cross-flights.json

    The dataset file it writes loads with --data and checks with validate. Every
    problem in the package (a missing file or column, rows that are not valid
    records) is reported, and the exit code is 3. Only the package's own files are
    read (no absolute paths, '..', links out of its directory, devices or FIFOs), and
    --output may not name one of them.
    """
    if output is not None and output != "-" and same_file(output, package_files(Path(package))):
        raise usage_error(
            f"{output} is a file of the package being imported; writing to it would destroy it",
            "--output",
        )
    try:
        content = read_datapackage(Path(package))
    except DatasetError as error:
        raise DatasetError(error.problems, "the data package") from None
    text = msgspec.json.format(msgspec.json.encode(content), indent=2).decode() + "\n"
    write_output(text, output, dataset_paths(settings_of(ctx).data_paths))
