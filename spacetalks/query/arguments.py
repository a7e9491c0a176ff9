"""Turning what a user typed into values: dates, names, kinds; a usage error
(SpacetalksError naming the option) otherwise."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence

from spacetalks.dataset.dates import USER_DATE_EXAMPLES, InvalidDateError, PartialDate
from spacetalks.dataset.model import Dataset
from spacetalks.dataset.problems import quoted
from spacetalks.errors import usage_error
from spacetalks.query.date_input import DATE_ORDERS, read_typed_date
from spacetalks.query.selection import AmbiguousMatchError, NameIndex, NoMatchError, RecordT

DATE_ORDER_VARIABLE = "SPACETALKS_DATE_ORDER"


def read_date(text: str, option: str) -> PartialDate:
    """A date the user typed (see spacetalks.query.date_input); a usage error that quotes it
    when it cannot be read, or when its day and month could be swapped and
    SPACETALKS_DATE_ORDER does not say which comes first."""
    typed = os.environ.get(DATE_ORDER_VARIABLE, "").strip().casefold()
    order = next((known for known in DATE_ORDERS if known == typed), None)
    if typed and order is None:
        raise usage_error(
            f"{DATE_ORDER_VARIABLE}={quoted(typed)} is not a date order; give dmy or mdy",
            option,
        )
    try:
        return read_typed_date(text, dt.date.today(), order)
    except InvalidDateError as error:
        raise usage_error(f"{error}. Examples: {', '.join(USER_DATE_EXAMPLES)}", option) from None
    except (OverflowError, ValueError):  # a date the calendar cannot hold (past 9999)
        raise usage_error(
            f"{quoted(text)} falls outside the calendar (years 0001 to 9999)", option
        ) from None


def resolve_ids(
    index_of: Callable[[Dataset], NameIndex[RecordT]],
    dataset: Dataset,
    names: Sequence[str] | None,
    option: str,
) -> frozenset[str]:
    """The ids that names given to an option mean; unknown or ambiguous is a usage error."""
    if not names:
        return frozenset()
    index = index_of(dataset)
    ids = set()
    for name in names:
        try:
            ids.add(index.find_one(name).id)
        except NoMatchError as error:
            hint = f"; did you mean {', '.join(error.suggestions)}?" if error.suggestions else ""
            raise usage_error(f"no {error.kind} matches {quoted(name)}{hint}", option) from None
        except AmbiguousMatchError as error:
            listed = "; ".join(f"{label} ({record_id})" for record_id, label in error.candidates)
            raise usage_error(
                f"{quoted(name)} matches several: {listed}. Be more specific.", option
            ) from None
    return frozenset(ids)


def check_values(values: Sequence[str] | None, known: Sequence[str], option: str) -> frozenset[str]:
    """Values of --kind, --status or --type, in any case (``Meeting``, ``HAPPENED``); one
    that is not known is a usage error suggesting the closest known ones."""
    if not values:
        return frozenset()
    by_folded = {value.casefold(): value for value in known}
    chosen = set()
    for value in values:
        match = by_folded.get(value.strip().casefold())
        if match is None:
            from difflib import get_close_matches  # noqa: PLC0415 (difflib: only for a typo)

            close = [
                by_folded[name]
                for name in get_close_matches(value.strip().casefold(), list(by_folded), n=3)
            ]
            hint = f"did you mean {' or '.join(close)}? " if close else ""
            raise usage_error(
                f"unknown value {quoted(value)}; {hint}Valid: {', '.join(known)}", option
            )
        chosen.add(match)
    return frozenset(chosen)
