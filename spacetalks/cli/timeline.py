"""``spacetalks timeline`` and ``spacetalks validate``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from spacetalks.cli.app import (
    CsvRawOption,
    FieldsOption,
    FormatOption,
    JsonOption,
    NoHeaderOption,
    OutputRequest,
    app,
    emit,
    load_from,
    settings_of,
)
from spacetalks.cli.arguments import check_values, read_date, resolve_ids
from spacetalks.cli.completion import complete_org, complete_person, complete_topic

if TYPE_CHECKING:
    from spacetalks.model import Dataset
    from spacetalks.query import EventFilter


@app.command()
def timeline(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="Events from this date on (2018, 'Aug 2025')."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Events up to the end of this date (2018 = through 31 Dec)."
        ),
    ] = None,
    on: Annotated[
        list[str] | None, typer.Option(metavar="DATE", help="Events overlapping this date.")
    ] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            metavar="TOPIC",
            help="A topic id, name or part of one.",
            autocompletion=complete_topic,
        ),
    ] = None,
    person: Annotated[
        list[str] | None,
        typer.Option(
            metavar="PERSON",
            help="A person's id, name, alias or native name, or part.",
            autocompletion=complete_person,
        ),
    ] = None,
    org: Annotated[
        list[str] | None,
        typer.Option(
            metavar="ORG",
            help="An organization's id, name or abbreviation.",
            autocompletion=complete_org,
        ),
    ] = None,
    kind: Annotated[
        list[str] | None, typer.Option(metavar="KIND", help="meeting, launch, docking...")
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(metavar="STATUS", help="happened, scheduled, planned, scrubbed, cancelled."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=0, metavar="N", help="Show at most N events.")
    ] = None,
    reverse: Annotated[bool, typer.Option("--reverse", help="Newest first.")] = False,
    gaps: Annotated[
        bool, typer.Option("--gaps", help="Add the time since the previous event.")
    ] = False,
    output_format: FormatOption = None,
    json: JsonOption = False,
    fields: FieldsOption = None,
    no_header: NoHeaderOption = False,
    csv_raw: CsvRawOption = False,
) -> None:
    """Events in date order, filtered.

    Example: spacetalks timeline --since 2018 --person Bakanov

    A repeated option matches any of its values; different options must all match.
    """
    settings = settings_of(ctx)
    dataset = load_from(settings)
    criteria = build_filter(
        dataset, since, until, on, topic, person, org, kind, status, limit, reverse
    )
    if criteria.is_empty_range:
        import sys

        sys.stderr.write(
            f"spacetalks: --since {since} is after --until {until}; no event can match\n"
        )
    from spacetalks.query import gaps as gaps_between
    from spacetalks.query import select_events
    from spacetalks.rows import timeline_listing

    events = select_events(dataset, criteria)
    listing = timeline_listing(dataset, events, gaps_between(dataset, events) if gaps else None)
    emit(settings, listing, OutputRequest(output_format, json, fields, no_header, csv_raw))


def build_filter(
    dataset: Dataset,
    since: str | None,
    until: str | None,
    on: list[str] | None,
    topic: list[str] | None,
    person: list[str] | None,
    org: list[str] | None,
    kind: list[str] | None,
    status: list[str] | None,
    limit: int | None,
    reverse: bool,
) -> EventFilter:
    from spacetalks.model import KNOWN_KINDS, STATUSES
    from spacetalks.query import EventFilter, organization_index, people_index, topic_index

    kinds_present = sorted({*KNOWN_KINDS, *(event.kind for event in dataset.events)})
    return EventFilter(
        since=read_date(since, "--since") if since is not None else None,
        until=read_date(until, "--until") if until is not None else None,
        on=tuple(read_date(day, "--on") for day in on or ()),
        topics=resolve_ids(topic_index, dataset, topic, "--topic"),
        people=resolve_ids(people_index, dataset, person, "--person"),
        organizations=resolve_ids(organization_index, dataset, org, "--org"),
        kinds=check_values(kind, kinds_present, "--kind"),
        statuses=check_values(status, STATUSES, "--status"),
        limit=limit,
        reverse=reverse,
    )


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
    point into it); give --no-bundled before the command to check them alone.
    """
    settings = settings_of(ctx)
    dataset = load_from(settings, tuple(files or ()))
    counts = ", ".join(f"{count} {name}" for name, count in dataset.counts().items())
    typer.echo(
        f"valid: {counts} ({len(dataset.files)} file{'s' if len(dataset.files) != 1 else ''})"
    )
