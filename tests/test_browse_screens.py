"""Screens of ``spacetalks browse`` at 80 columns by 24 lines (dark and light) and on a
wide terminal, compared with the SVG snapshots committed beside this file
(pytest-textual-snapshot).

After a change that alters what a screen shows, look at the report pytest prints, then
regenerate with ``pytest tests/test_browse_screens.py --snapshot-update`` and review the
new SVGs in the diff.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SMALL_DATASET
from textual.pilot import Pilot
from textual.widgets import Input

from spacetalks.browse.app import BrowseApp
from spacetalks.query.typed_filters import EventFilters, event_criteria
from spacetalks.store.load import data_files, load_dataset

SnapCompare = Callable[..., bool]


@pytest.fixture
def app(write_json: Callable[..., Path]) -> BrowseApp:
    """The explorer over the tests' small dataset, which only a test changes."""
    dataset = load_dataset(data_files([str(write_json(SMALL_DATASET))], False))
    return BrowseApp(dataset, EventFilters(), event_criteria(dataset, EventFilters()))


DISPUTED_EVENT = ["down"] * 5
"""From the first event to the one whose place the sources dispute."""


def test_the_timeline(snap_compare: SnapCompare, app: BrowseApp) -> None:
    assert snap_compare(app, press=DISPUTED_EVENT, terminal_size=(80, 24))


def test_the_timeline_in_light_colours(snap_compare: SnapCompare, app: BrowseApp) -> None:
    assert snap_compare(app, press=[*DISPUTED_EVENT, "t"], terminal_size=(80, 24))


def test_a_disputed_event_opened(snap_compare: SnapCompare, app: BrowseApp) -> None:
    assert snap_compare(app, press=[*DISPUTED_EVENT, "enter"], terminal_size=(80, 24))


def test_its_evidence(snap_compare: SnapCompare, app: BrowseApp) -> None:
    assert snap_compare(app, press=[*DISPUTED_EVENT, "w"], terminal_size=(80, 24))


def test_a_person_side_by_side_on_a_wide_terminal(
    snap_compare: SnapCompare, app: BrowseApp
) -> None:
    """The first event's first participant, Anna Petrova."""
    assert snap_compare(app, press=["enter", "down", "enter"], terminal_size=(140, 32))


def test_the_key_reference(snap_compare: SnapCompare, app: BrowseApp) -> None:
    assert snap_compare(app, press=["question_mark"], terminal_size=(80, 24))


def test_search_results_one_line_each(snap_compare: SnapCompare, app: BrowseApp) -> None:
    assert snap_compare(app, press=["slash", *"event", "enter", "down"], terminal_size=(80, 24))


def test_a_filter_mistake_kept_to_mend(snap_compare: SnapCompare, app: BrowseApp) -> None:
    typed = [*"--since", "space", *"2025", "minus", *"13"]

    async def steady(pilot: Pilot[None]) -> None:
        """The box's cursor shown, not blinking (a blink would make the picture vary)."""
        await pilot.press("f", "ctrl+u", *typed, "enter")
        await pilot.pause()
        answer = pilot.app.screen.query_one(Input)
        answer.cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, run_before=steady, terminal_size=(80, 24))
