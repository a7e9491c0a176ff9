"""``browse`` shows a stranger's dataset as text: a name or a URL that holds Textual markup
neither crashes the app nor becomes an action, in notifications (``o``, a filter's
did-you-mean) as everywhere else."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Awaitable, Callable
from pathlib import Path

import msgspec
import pytest
from conftest import SMALL_DATASET
from rich.text import Text
from test_browse import browse_app, timeline_ids, type_answer
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._toast import Toast

from spacetalks.browse.app import BrowseApp
from spacetalks.browse.screens import TimelineScreen
from spacetalks.dataset.model import Dataset
from spacetalks.store.load import data_files, load_dataset

CLICK = "[@click=app.screenshot('x.svg','/tmp')]look[/]"


def dataset_with(tmp_path: Path, url: str, name: str = "Anna Petrova") -> Dataset:
    document = copy.deepcopy(SMALL_DATASET)
    for source in document["sources"]:  # type: ignore[attr-defined]
        source["url"] = url
    document["people"][0]["name"] = name  # type: ignore[index]
    path = tmp_path / "dataset.json"
    path.write_bytes(msgspec.json.encode(document))
    return load_dataset(data_files([str(path)], False))


def drive(app: BrowseApp, steps: Callable[[Pilot[None]], Awaitable[None]]) -> None:
    """Run the app with the pilot, notifications shown as on a terminal."""

    async def run() -> None:
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await pilot.pause()
            await steps(pilot)

    asyncio.run(run())


def toasts(pilot: Pilot[None]) -> list[str]:
    """The notifications on the screen, as the reader sees them."""
    return [str(toast.render()) for toast in pilot.app.screen.query(Toast)]


@pytest.mark.parametrize(
    ("url", "opened"),
    [
        ("https://x.test/[/]", "https://x.test/%5B/%5D"),
        (
            f"https://x.test/{CLICK}",
            "https://x.test/%5B@click=app.screenshot('x.svg','/tmp')%5Dlook%5B/%5D",
        ),
    ],
)
def test_o_on_a_url_holding_markup_opens_it_and_says_it_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, opened: str
) -> None:
    seen: list[str] = []

    class Browser:
        background = True

        def open(self, address: str) -> bool:
            seen.append(address)
            return True

    monkeypatch.setattr("webbrowser.get", Browser)
    app = browse_app(dataset_with(tmp_path, url))

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("o")
        await pilot.pause()
        assert any(opened in toast for toast in toasts(pilot)), toasts(pilot)

    drive(app, steps)
    assert seen == [opened]
    assert app.return_code in (None, 0)


@pytest.mark.parametrize("name", ["Ivan [/] Petrov", f"Ivan {CLICK} Petrov", "Ivan [b]Petrov"])
def test_a_name_holding_markup_is_text_in_a_filter_s_did_you_mean(
    tmp_path: Path, name: str
) -> None:
    app = browse_app(dataset_with(tmp_path, "https://x.test/", name=name))

    async def steps(pilot: Pilot[None]) -> None:
        before = timeline_ids(app)
        await type_answer(pilot, "f", "--person Ivna")
        timeline = app.screen_stack[0]
        assert isinstance(timeline, TimelineScreen)
        assert [event.id for event in timeline.shown] == before
        shown = toasts(pilot)
        assert any(name in toast for toast in shown), shown
        problem = app.screen.query_one("#problem", Static).content  # asked again
        assert isinstance(problem, Text)
        assert name in problem.plain

    drive(app, steps)
    assert app.return_code in (None, 0)


def test_a_notification_holds_no_control_character(tmp_path: Path) -> None:
    name = "Ivan \x1b]52;c;eA==\x07 Petrov"
    app = browse_app(dataset_with(tmp_path, "https://x.test/", name=name))

    async def steps(pilot: Pilot[None]) -> None:
        await type_answer(pilot, "f", "--person Ivna")
        shown = "".join(toasts(pilot))
        assert "Ivan" in shown
        assert "\x1b" not in shown
        assert "\x07" not in shown

    drive(app, steps)
