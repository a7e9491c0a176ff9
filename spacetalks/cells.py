"""How a value reads for people: the text of one cell, and control characters made
visible; and the options every renderer takes.

Nested records (a role, a participant, a dispute) read by their type, as declared in
spacetalks.contract.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import msgspec

from spacetalks.contract import (
    AlternativeRow,
    Contact,
    DisputeRow,
    EventSummary,
    Participant,
    QuoteRow,
    RelatedTopic,
    RoleRow,
    Row,
    SourceRow,
    field_names,
    value_of,
)


class OutputOptions(msgspec.Struct, frozen=True):
    fields: tuple[str, ...] | None = None
    header: bool = True
    color: bool = False
    csv_raw: bool = False


# Control characters (C0, DEL, C1) and the Unicode format characters that reorder or
# hide text; shown as escapes instead.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_FLAT_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_FLAT_UNSAFE = re.compile(r"\\|" + _UNSAFE.pattern)


def _escape_char(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep_newlines: bool = False) -> str:
    """Text with control and format characters shown as escapes (``\\x1b``)."""

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        if keep_newlines and char == "\n":
            return char
        return _escape_char(char)

    return _UNSAFE.sub(replace, text)


def flat_visible(text: str) -> str:
    """Text for one tab-separated cell: tabs, newlines and backslashes escaped too."""
    return _FLAT_UNSAFE.sub(
        lambda match: _FLAT_ESCAPES.get(match.group()) or _escape_char(match.group()), text
    )


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


def span_text(start: str | None, end: str | None) -> str:
    """A role's span: "2018-05-24 to 2022-07-15", "since 2025-02-06", "until 2019"."""
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"since {start}"
    return f"until {end}" if end else ""


def role_text(role: RoleRow) -> str:
    span = span_text(role.start, role.end)
    text = f"{role.title}, {role.organization_name}"
    return f"{text} ({span})" if span else text


def _participant_text(person: Participant) -> str:
    held = "; ".join(f"{role.title}, {role.organization_name}" for role in person.roles)
    return f"{person.name} ({held})" if held else person.name


def _dispute_text(dispute: DisputeRow) -> str:
    shown = " / ".join(alternative.value for alternative in dispute.alternatives)
    return f"{dispute.field}: {shown}"


def _dated(date: str | None, text: str) -> str:
    return f"{cell_text(date)} {text}"


ROW_TEXT: dict[type[Row], Callable[[Any], str]] = {
    RoleRow: role_text,
    Participant: _participant_text,
    DisputeRow: _dispute_text,
    AlternativeRow: lambda alternative: alternative.value,
    EventSummary: lambda event: _dated(event.date, event.title),
    QuoteRow: lambda quote: _dated(quote.date, quote.text),
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
