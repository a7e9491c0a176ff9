"""How a value reads for people: the text of one cell; and the options every renderer
takes. Control characters are made visible by spacetalks.output.safe_text (re-exported here).

Nested records (a role, a participant, a dispute) read by their type, as declared in
spacetalks.answers.contract.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import msgspec

from spacetalks.answers.contract import (
    EVIDENCED,
    AlternativeRow,
    Contact,
    DisputeRow,
    EventFacts,
    EventSummary,
    Participant,
    QuoteRow,
    RelatedTopic,
    RoleRow,
    Row,
    SourceRow,
    column_of,
    field_names,
    value_of,
)
from spacetalks.answers.rows import role_text
from spacetalks.output.safe_text import flat_visible, visible

__all__ = [
    "OutputOptions",
    "cell_text",
    "claim_text",
    "evidence_note",
    "flat_visible",
    "row_text",
    "visible",
]


class OutputOptions(msgspec.Struct, frozen=True):
    fields: tuple[str, ...] | None = None
    header: bool = True
    color: bool = False
    csv_raw: bool = False
    width: int | None = None
    """The columns a drawn view (table, layout) may use; None for the terminal's own."""


def cell_text(value: object) -> str:
    """A value as the text of one cell: lists joined by ', ', absent as empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(item) for item in value)
    if isinstance(value, Row):
        return row_text(value)
    return str(value)


def _participant_text(person: Participant) -> str:
    held = "; ".join(f"{role.title}, {role.organization_name}" for role in person.roles)
    return f"{person.name} ({held})" if held else person.name


ADVANCE_STANCE = "reported before the event"
"""How a value that only reports written before the event give is shown: a plan that
changed, not a disagreement about what happened."""
FIELD_UNSOURCED = "no source is cited for this field alone; the record's sources:"
"""What ``why ID FIELD`` says when the dataset cites no source for the field itself."""
RECORD_SOURCES = "cited for the record:"
"""The heading of a field's sources that are cited for the record as a whole."""
ONE_REPORT = "one report"
"""How a quote (or a record) whose sources all come from one publisher is marked."""


def overdue_text(date: str) -> str:
    """How an event still scheduled or planned after its date is marked:
    "overdue: no report since Jun 2026"."""
    return f"overdue: no report since {date_for_people(date)}"


def advance_alternatives(dispute: DisputeRow) -> list[AlternativeRow]:
    """The values of a dispute, other than the one shown, that only reports written
    before the event give; none when no value rests on a report of the event itself
    (then the advance reports disagree among themselves)."""
    if all(alternative.reported_before_event for alternative in dispute.alternatives):
        return []
    return [
        alternative
        for alternative in dispute.alternatives
        if alternative.reported_before_event and alternative.value != dispute.value
    ]


def contested_alternatives(dispute: DisputeRow) -> list[AlternativeRow]:
    """The values of a dispute that sources of (or after) the event give: the
    disagreement proper, without the advance reports."""
    advance = advance_alternatives(dispute)
    return [alternative for alternative in dispute.alternatives if alternative not in advance]


def is_disagreement(dispute: DisputeRow) -> bool:
    """True when sources of (or after) the event give more than one value: a dispute
    whose other values are all advance reports is a plan that changed."""
    return len(contested_alternatives(dispute)) > 1


def alternative_text(alternative: AlternativeRow, field: str = "") -> str:
    """A value and whose reporting gives it: "Houston, Texas (News Circuit, News.Az)";
    given the field, a date as people write it."""
    return f"{value_for_people(field, alternative.value)} ({', '.join(alternative.publishers)})"


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")


def date_for_people(text: str) -> str:
    """A dataset date as people write it, at its own precision: ``2018``, ``Oct 2018``,
    ``2018-10-10``, ``2025-08-01 15:43 UTC``. Machine formats keep ISO 8601."""
    month = _MONTH.fullmatch(text)
    if month is not None and 1 <= int(month.group(2)) <= 12:
        return f"{MONTHS[int(month.group(2)) - 1]} {month.group(1)}"
    timed = _TIME.fullmatch(text)
    if timed is not None:
        zone = timed.group(3)
        return f"{timed.group(1)} {timed.group(2)} {'UTC' if zone in (None, 'Z') else zone}"
    return text


def value_for_people(field: str, value: str) -> str:
    """A field's value in a view for people: a date as people write it."""
    return date_for_people(value) if column_of(None, field).date else value


def _dispute_text(dispute: DisputeRow) -> str:
    shown = " / ".join(alternative_text(alternative) for alternative in dispute.alternatives)
    return f"{dispute.field}: {shown}"


def _per(field: str, alternatives: Sequence[AlternativeRow]) -> str:
    return "; ".join(
        f"{value_for_people(field, alternative.value)} per {', '.join(alternative.publishers)}"
        for alternative in alternatives
    )


def other_values(dispute: DisputeRow) -> str:
    """The values a dispute's other side gives, with their publishers, for the line that
    shows the value: "Houston, Texas per News Circuit, News.Az"."""
    others = [
        alternative for alternative in dispute.alternatives if alternative.value != dispute.value
    ]
    return _per(dispute.field, others or dispute.alternatives)


def disputed_value(value: str, dispute: DisputeRow | None) -> str:
    """A value as a line shows it, saying so where the sources dispute it:
    "Kennedy Space Center, Florida (disputed: Houston, Texas per News Circuit, News.Az)";
    values only reports written before the event give are no dispute:
    "Kennedy Space Center, Florida (reported before the event: Houston, Texas per ...)"."""
    if dispute is None or not value:
        return value
    advance = advance_alternatives(dispute)
    others = [
        alternative
        for alternative in contested_alternatives(dispute)
        if alternative.value != dispute.value
    ]
    parts = [f"disputed: {_per(dispute.field, others)}"] if others else []
    if advance:
        parts.append(f"{ADVANCE_STANCE}: {_per(dispute.field, advance)}")
    return (
        f"{value} ({'; '.join(parts)})" if parts else f"{value} (disputed: {other_values(dispute)})"
    )


def claim_text(claimed_by_names: Sequence[str]) -> str:
    """A one-side claim as people read it: "per Roscosmos (one side's claim)"."""
    return f"per {' and '.join(claimed_by_names)} (one side's claim)"


def _dispute_note(dispute: DisputeRow) -> str:
    """A dispute in a footnote: "place disputed: A (X) or B (Y)"; where the other values
    are only reports written before the event, "place: A (X); reported before the event:
    B (Y)"."""
    advance = advance_alternatives(dispute)
    contested = contested_alternatives(dispute)
    values = " or ".join(alternative_text(alternative, dispute.field) for alternative in contested)
    if not advance:
        return f"{dispute.field} disputed: {values}"
    head = (
        f"{dispute.field} disputed: {values}"
        if len(contested) > 1
        else f"{dispute.field}: {values}"
    )
    earlier = " or ".join(alternative_text(alternative, dispute.field) for alternative in advance)
    return f"{head}; {ADVANCE_STANCE}: {earlier}"


def evidence_note(claimed_by_names: Sequence[str], disputes: Sequence[DisputeRow]) -> str:
    """What is disputed, each value and who says it, and whose claim alone a record is."""
    parts = [_dispute_note(dispute) for dispute in disputes]
    if claimed_by_names:
        parts.append(claim_text(claimed_by_names))
    return "; ".join(parts)


MARK_COLUMNS = ("title", "snippet")
"""Where a record's mark goes when the disputed field is not shown: the first of these,
or else a column of its own at the end, named ``ROW_MARK``."""
ROW_MARK = ""


def evidence_marks(
    rows: Sequence[Row], columns: Sequence[str]
) -> tuple[dict[tuple[int, str], str], list[tuple[str, str]]]:
    """Footnote marks for the rows that carry a dispute, a one-side claim or an overdue
    plan, and for quotes that rest on one report.

    Returns the mark of each marked cell, by row index and column (the disputed field's
    cell where it is shown, else the record's title),
    and one footnote a marked row (one for all the quotes on one report): its mark and
    its text. A mark with the column ``ROW_MARK`` belongs to the row.
    """
    marks: dict[tuple[int, str], str] = {}
    notes: list[tuple[str, str]] = []
    fallback = next((column for column in MARK_COLUMNS if column in columns), ROW_MARK)
    one_report_mark: str | None = None
    for index, row in enumerate(rows):
        if isinstance(row, QuoteRow):
            if row.one_report:  # one footnote for every quote that rests on one report
                if one_report_mark is None:
                    one_report_mark = f"[{len(notes) + 1}]"
                    notes.append((one_report_mark, ONE_REPORT))
                marks[(index, "text" if "text" in columns else fallback)] = one_report_mark
            continue
        overdue = isinstance(row, EventFacts | EventSummary) and row.overdue
        if not isinstance(row, EVIDENCED) or not (row.disputes or row.claimed_by_names or overdue):
            continue
        mark = f"[{len(notes) + 1}]"
        cells = {dispute.field for dispute in row.disputes if dispute.field in columns}
        if row.claimed_by_names or any(dispute.field not in cells for dispute in row.disputes):
            cells.add(fallback)
        if overdue:  # on the title: the status cell is drawn dim, and its mark would be too
            cells.add(fallback)
        marks.update({(index, column): mark for column in cells})
        note = evidence_note(row.claimed_by_names, row.disputes)
        if overdue and isinstance(row, EventFacts | EventSummary):
            note = "; ".join(part for part in (note, overdue_text(row.date)) if part)
        notes.append((mark, note))
    return marks, notes


def _dated(date: str | None, text: str) -> str:
    return f"{cell_text(date)} {text}"


def _event_summary_text(event: EventSummary) -> str:
    """An event inside another record, with what is doubtful about it:
    "2025-07-31 Bakanov says ... (date disputed; per Roscosmos)"."""
    doubts = [
        f"{dispute.field} disputed"
        if is_disagreement(dispute)
        else f"{dispute.field}: plan changed"
        for dispute in event.disputes
    ]
    if event.claimed_by_names:
        doubts.append(f"per {' and '.join(event.claimed_by_names)}")
    if event.overdue:
        doubts.append(overdue_text(event.date))
    text = _dated(event.date, event.title)
    return f"{text} ({'; '.join(doubts)})" if doubts else text


ROW_TEXT: dict[type[Row], Callable[[Any], str]] = {
    RoleRow: role_text,
    Participant: _participant_text,
    DisputeRow: _dispute_text,
    AlternativeRow: lambda alternative: alternative.value,
    EventSummary: _event_summary_text,
    QuoteRow: lambda quote: (
        _dated(quote.date, quote.text) + (f" ({ONE_REPORT})" if quote.one_report else "")
    ),
    SourceRow: lambda source: _dated(source.date, source.title),
    Contact: lambda contact: contact.name,
    RelatedTopic: lambda topic: topic.name,
}
"""The short text of a record nested in a cell, by its type."""


def row_text(row: Row) -> str:
    """A nested record as one cell's text; a type without a short form lists its fields."""
    short = ROW_TEXT.get(type(row))
    if short is not None:
        return short(row)
    return "; ".join(f"{name}={cell_text(value_of(row, name))}" for name in field_names(type(row)))
