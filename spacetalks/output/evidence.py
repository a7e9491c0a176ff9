"""What the sources say about one event, for the exports: what is disputed and who
says which, whose claim alone it is, the sources grouped by the value they support,
and the source to link to.

The wording is the tables' and the chart's (spacetalks.output.cells); the facts come from
the rows' one evidence model (spacetalks.answers.rows.event_evidence).
"""

from __future__ import annotations

import msgspec

from spacetalks.answers.rows import event_evidence, shown_value
from spacetalks.dataset.model import Dataset, Event, Source
from spacetalks.output.cells import claim_text, evidence_note, overdue_text
from spacetalks.output.safe_link import is_link
from spacetalks.query.reporting import event_overdue


class SourceGroup(msgspec.Struct, frozen=True):
    """Sources that support one value of a disputed field, or the rest of an event's."""

    label: str
    """``place "Houston, Texas"``, or ``Sources`` for the sources not in a dispute."""
    sources: tuple[Source, ...]


def evidence_lines(dataset: Dataset, event: Event) -> list[str]:
    """A line a dispute (each value and its publishers, values only reports written
    before the event give marked so, then the dataset's note), a line for a one-side
    claim, and one for an event overdue; none when the sources agree."""
    evidence = event_evidence(dataset, event)
    lines = [
        evidence_note((), (dispute,)) + (f". {dispute.note}" if dispute.note else "")
        for dispute in evidence["disputes"]
    ]
    if evidence["claimed_by_names"]:
        lines.append(
            f"Claim: {claim_text(evidence['claimed_by_names'])}; no other side reports it."
        )
    if event_overdue(dataset, event):
        lines.append(overdue_text(event.date).capitalize() + ".")
    return lines


def source_groups(dataset: Dataset, event: Event) -> list[SourceGroup]:
    """The event's sources grouped by the value of each disputed field they support,
    then the others (all of them, when nothing is disputed)."""
    groups = []
    listed: set[str] = set()
    for dispute in event.disputes:
        for alternative in dispute.alternatives:
            groups.append(
                SourceGroup(
                    f'{dispute.field} "{alternative.value}"',
                    tuple(dataset.sources[source_id] for source_id in alternative.sources),
                )
            )
            listed.update(alternative.sources)
    rest = tuple(
        dataset.sources[source_id] for source_id in event.sources if source_id not in listed
    )
    if rest:
        groups.append(SourceGroup("Other sources" if groups else "Sources", rest))
    return groups


def best_source(dataset: Dataset, event: Event) -> Source | None:
    """The source to link an event to: the first with a web address among those that
    support the value the event shows for a disputed field, else among its own sources
    (the dataset lists the main report first)."""
    shown = [
        source_id
        for dispute in event.disputes
        for alternative in dispute.alternatives
        if alternative.value == shown_value(event, dispute.field)
        for source_id in alternative.sources
    ]
    for source_id in (*shown, *event.sources):
        if is_link(dataset.sources[source_id].url):
            return dataset.sources[source_id]
    return None
