"""Event handles: the same for an event whatever part of the dataset a run reads (a
window of days, the cache's selection, --known-at), and each found by show."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import Invoke
from hypothesis import given
from hypothesis import strategies as st

from spacetalks.dataset.handles import (
    HANDLE_WORDS,
    handles_among_events,
    handles_by_neighbours,
    id_without_date,
)


def counted_handles(event_ids: list[str]) -> dict[str, str]:
    """The definition, counted out word prefix by word prefix: the fewest words (at least
    HANDLE_WORDS) that no other event's id-without-date begins with; else the id
    without its date where it is unique; else the id."""
    slugs = {event_id: id_without_date(event_id) for event_id in event_ids}
    starting: Counter[str] = Counter()
    for slug in slugs.values():
        words = slug.split("-")
        for count in range(1, len(words) + 1):
            starting["-".join(words[:count])] += 1
    same = Counter(slugs.values())
    handles = {}
    for event_id, slug in slugs.items():
        words = slug.split("-")
        handles[event_id] = next(
            (
                prefix
                for count in range(min(HANDLE_WORDS, len(words)), len(words))
                if starting[prefix := "-".join(words[:count])] == 1
            ),
            slug if same[slug] == 1 else event_id,
        )
    return handles


WORDS = st.sampled_from(["crew", "11", "launch", "soyuz", "ms", "a", "", "2025"])
IDS = st.lists(
    st.tuples(
        st.sampled_from(["", "2025-", "2025-07-", "2025-07-31-", "1999-01-"]),
        st.lists(WORDS, min_size=1, max_size=5),
    ).map(lambda parts: parts[0] + "-".join(parts[1]) or "x"),
    unique=True,
    max_size=30,
)


@given(IDS)
def test_handles_among_events_are_the_counted_ones(event_ids: list[str]) -> None:
    assert handles_among_events(event_ids) == counted_handles(event_ids)


@pytest.mark.parametrize("since", ["2025-07-30", "2026-01", "2026-02-14"])
def test_a_window_gives_each_event_the_handle_the_whole_dataset_gives(
    invoke: Invoke, since: str
) -> None:
    whole = {row["id"]: row["handle"] for row in invoke("timeline", "--json").json()}
    window = invoke("timeline", "--since", since, "--json").json()
    assert window
    for row in window:
        assert row["handle"] == whole[row["id"]], row["id"]
        shown = invoke("show", row["handle"], "--json")
        assert shown.exit_code == 0, (row["handle"], shown.stderr)
        assert shown.json()["id"] == row["id"]


def test_known_at_keeps_each_event_s_handle(invoke: Invoke) -> None:
    whole = {row["id"]: row["handle"] for row in invoke("timeline", "--json").json()}
    known = invoke("--known-at", "2025-08-01", "timeline", "--json").json()
    assert known
    assert all(row["handle"] == whole[row["id"]] for row in known)


@given(IDS)
def test_handles_found_alone_are_those_the_neighbours_give(event_ids: list[str]) -> None:
    """The ids whose first two words are their own take them as handles without a
    comparison with their neighbours: the same handles, in the same order."""
    found = handles_among_events(event_ids)
    compared = handles_by_neighbours(event_ids)
    assert found == compared
    assert list(found) == list(compared)
