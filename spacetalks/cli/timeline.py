"""``spacetalks timeline``: events in date order, as a listing or a chart."""

from __future__ import annotations

from typing import Annotated

import typer
from msgspec import structs

from spacetalks.answers.ordering import ListingOrder
from spacetalks.answers.rows import timeline_listing
from spacetalks.cli.filters import choose_events, with_event_filters
from spacetalks.cli.output import OutputRequest, SortOption, draw, emit, with_output_options
from spacetalks.cli.program import app, settings_of
from spacetalks.errors import usage_error
from spacetalks.query.selection import gaps as gaps_between
from spacetalks.query.typed_filters import EventFilters


@app.command()
@with_event_filters
@with_output_options
def timeline(
    ctx: typer.Context,
    gaps: Annotated[
        bool, typer.Option("--gaps", help="Add the time since the previous event.")
    ] = False,
    chart: Annotated[
        bool,
        typer.Option(
            "--chart", help="Draw the events on a vertical time axis instead of listing them."
        ),
    ] = False,
    sort: SortOption = None,
    *,
    filters: EventFilters,
    output: OutputRequest,
) -> None:
    """Events in date order, filtered.

    Example: spacetalks timeline --since 2018 --person Bakanov

    A repeated option matches any of its values; different options must all match.
    With --chart, the events are drawn on a time axis (oldest first) that fits the
    terminal; long quiet stretches fold into one marked break.

    Where the table is short of room, the kind column shows each kind as its glyph:
    ◆ meeting, ◇ visit, ▲ launch, ⊕ docking, ⊖ undocking, ▼ landing, ⊗ abort,
    ⊘ scrub, ■ appointment, ★ agreement, ☆ contract, ▣ announcement, □ statement,
    ◈ milestone, △ plan, ◎ call, ▷ invitation, ◉ incident, ⇄ handover, ● any other.
    A status is shown where it is not "happened"; "overdue" marks a plan whose date
    has passed with no report of what became of it.
    """
    settings = settings_of(ctx)
    if chart:
        if output.output_format is not None or output.json or output.fields is not None or sort:
            raise usage_error(
                "--chart draws a picture; it takes no --format, --json, --fields or --sort",
                "--chart",
            )
        from spacetalks.output.terminal.chart import draw_chart  # noqa: PLC0415 (only --chart)

        dataset, events = choose_events(settings, filters)
        draw(
            settings,
            lambda stream, color, width: draw_chart(dataset, events, stream, color, width),
        )
        return
    # Every event the filters choose is counted ("3 of 112 events"); the gaps are those
    # of date order (newest first under --reverse alone), then --sort and --limit apply.
    order = ListingOrder(sort, filters.reverse and sort is not None, filters.limit)
    dataset, events = choose_events(
        settings, structs.replace(filters, limit=None, reverse=filters.reverse and sort is None)
    )
    between = gaps_between(dataset, events) if gaps else None
    listing = timeline_listing(dataset, events, between, order)
    emit(settings, listing, output)
