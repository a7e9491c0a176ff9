"""``spacetalks why``: the evidence for one record, field by field."""

from __future__ import annotations

from typing import Annotated

import typer

from spacetalks.answers.contract import WhyDocument
from spacetalks.answers.documents import record_field_names, why_document
from spacetalks.cli.completion import complete_event
from spacetalks.cli.explore import emit_match, require_text
from spacetalks.cli.output import OutputRequest, with_output_options
from spacetalks.cli.program import app, load_from, settings_of
from spacetalks.dataset.problems import quoted
from spacetalks.errors import usage_error
from spacetalks.query.records import AnyRecord, find_any, suggest_any


@app.command()
@with_output_options
def why(
    ctx: typer.Context,
    record: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="An event, person, quote or organization: an id, or part of a title or name.",
            autocompletion=complete_event,
        ),
    ],
    field: Annotated[
        str | None,
        typer.Argument(metavar="[FIELD]", help="Only this field (place, date, roles...)."),
    ] = None,
    *,
    output: OutputRequest,
) -> None:
    """How we know: the evidence for one record, field by field.

    Example: spacetalks why bakanov-duffy place

    For each field: the value shown and the sources that give it (publisher, title,
    date, URL); where the sources disagree, each other value with its sources; and
    whose claim alone the record is. Piped: one row per field, value and source. A
    name that matches several records exits with 2, listing them with their ids; none
    exits with 1.
    """
    require_text(record, "ID")
    settings = settings_of(ctx)
    dataset = load_from(settings)

    def evidence(found: AnyRecord) -> WhyDocument:
        if field is not None and field not in record_field_names(dataset, found):
            known = ", ".join(record_field_names(dataset, found))
            raise usage_error(
                f"{quoted(field)} is not a field of {found.id}; its fields: {known}", "FIELD"
            )
        return why_document(dataset, found, field)

    emit_match(
        settings,
        output,
        dataset,
        record,
        "record",
        find_any(dataset, record),
        lambda: suggest_any(dataset, record),
        evidence,
    )
