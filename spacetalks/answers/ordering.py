"""A listing's order and length: ``--sort FIELD``, ``--reverse`` and ``--limit``.

Rows are sorted on their typed values (text without regard to case, numbers as
numbers, lists item by item), records without a value last whichever the direction;
rows that tie keep the listing's own order. The limit applies after the sort, and
the caption says how many of how many are shown ("3 of 112 events").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from msgspec import UNSET, Struct, structs

from spacetalks.answers.contract import Row


class ListingOrder(Struct, frozen=True):
    """How a listing's rows are ordered and how many are shown."""

    sort: str | None = None
    """The field (as ``--fields`` names it) to sort by; None keeps the listing's order."""
    reverse: bool = False
    limit: int | None = None


class UnknownSortFieldError(ValueError):
    def __init__(self, unknown: str, valid: Sequence[str]) -> None:
        super().__init__(
            f"cannot sort by {unknown!r}; sort by one of: {', '.join(valid)} "
            "(--fields help says what each holds)"
        )
        self.unknown = unknown
        self.valid = tuple(valid)


SortKey = tuple[Any, ...]


def value_key(value: object) -> SortKey:
    """A key that orders a row's values of one field: numbers, text (case-insensitive,
    then as written), lists and nested rows item by item."""
    if isinstance(value, bool | int | float):
        return (0, value)
    if isinstance(value, str):
        return (1, value.casefold(), value)
    if isinstance(value, tuple | list):
        return (2, tuple(value_key(item) for item in value))
    if isinstance(value, Struct):
        return (3, tuple(value_key(item) for item in structs.astuple(value)))
    return (5, repr(value))


def attribute_of(row_type: type[Row], field: str) -> str:
    """The attribute that holds a field (JSON may name it differently)."""
    for info in structs.fields(row_type):
        if field in (info.encode_name, info.name):
            return info.name
    raise UnknownSortFieldError(field, [info.encode_name for info in structs.fields(row_type)])


def is_missing(value: object) -> bool:
    return value is None or value is UNSET


def sorted_rows(rows: Sequence[Row], field: str, reverse: bool = False) -> list[Row]:
    """The rows sorted by one field, those without a value last in either direction."""
    if not rows:
        return []
    name = attribute_of(type(rows[0]), field)
    present = [row for row in rows if not is_missing(getattr(row, name))]
    missing = [row for row in rows if is_missing(getattr(row, name))]
    present.sort(key=lambda row: value_key(getattr(row, name)), reverse=reverse)
    return [*present, *missing]


def ordered(rows: Sequence[Row], order: ListingOrder) -> list[Row]:
    """The rows in the order asked for, at most ``order.limit`` of them."""
    if order.sort is not None:
        chosen = sorted_rows(rows, order.sort, order.reverse)
    else:
        chosen = list(reversed(rows)) if order.reverse else list(rows)
    return chosen if order.limit is None else chosen[: order.limit]
