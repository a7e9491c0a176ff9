"""``spacetalks browse`` reads on a light and a dark background: the contrast of what the
running app draws, computed from the colours Textual resolves for each theme.

Each screen is run with the pilot, and its lines are taken as the compositor draws them
(each character's foreground and background as resolved from the theme); the WCAG 2
contrast ratio of every word is computed here, independently of the app's own sums.
Text reads at 4.5:1 or more (WCAG AA); pane titles, the footer's keys and the kinds'
colours at 3:1 or more (the brief for large text and interface parts).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import event, source
from rich.color import Color
from textual.pilot import Pilot

from spacetalks.browse.app import BrowseApp
from spacetalks.output.terminal.palette import KIND_LOOKS
from spacetalks.query.typed_filters import EventFilters, event_criteria
from spacetalks.store.load import data_files, load_dataset

THEMES = ("textual-light", "textual-dark")
TEXT = 4.5
PARTS = 3.0
FOOTER_KEYS = {"esc", "w", "/", "f", "e", "y", "o", "?", "q"}
NOT_WORDS = set("─│╭╮╰╯━┃▁▂▃▄▅▆▇█▔▕▏▎▍▌▋▊▉ ")
"""Borders and scroll bars: lines, not words."""


def relative_luminance(colour: Color) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = colour.get_truecolor()
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_ratio(first: Color, second: Color) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


class Word(NamedTuple):
    line: int
    text: str
    ratio: float


def drawn_words(app: BrowseApp) -> list[Word]:
    """Every run of text the screen draws, with its contrast against its background."""
    words = []
    for line, strip in enumerate(app.screen._compositor.render_strips()):
        for segment in strip:
            text = segment.text.strip()
            if not text or set(text) <= NOT_WORDS:
                continue
            style = segment.style
            assert style is not None, (line, text)
            assert style.color is not None, (line, text, style)
            assert style.bgcolor is not None, (line, text, style)
            words.append(Word(line, text, contrast_ratio(style.color, style.bgcolor)))
    return words


async def settled(pilot: Pilot[None]) -> None:
    """Wait until what a key or a theme set off is drawn (on a busy machine it takes a
    few rounds of messages)."""
    await pilot.wait_for_scheduled_animations()
    for _ in range(3):
        await pilot.pause()


@pytest.fixture
def every_kind(write_json: Callable[..., Path]) -> BrowseApp:
    """One event of each kind the palette colours, the first one disputed (a mark)."""
    events = [
        event(f"k-{kind}", f"2020-01-{number + 1:02}", kind=kind, title=f"A {kind} event")
        for number, kind in enumerate(KIND_LOOKS)
    ]
    events[1]["claimed_by"] = ["agency-x"]
    content = {
        "sources": [source()],
        "organizations": [{"id": "agency-x", "name": "Agency X"}],
        "events": events,
    }
    dataset = load_dataset(data_files([str(write_json(content))], False))
    return BrowseApp(dataset, EventFilters(), event_criteria(dataset, EventFilters()))


def screens(app: BrowseApp, theme: str, size: tuple[int, int]) -> dict[str, list[Word]]:
    """The words of the timeline with the list focused, then with the detail focused,
    then of an event's page, in a theme."""
    seen: dict[str, list[Word]] = {}

    async def run() -> None:
        app.theme = theme  # before the first screen is drawn
        async with app.run_test(size=size) as pilot:
            await settled(pilot)
            assert app.current_theme.name == theme
            seen["list focused"] = drawn_words(app)
            await pilot.press("tab")
            await settled(pilot)
            seen["detail focused"] = drawn_words(app)
            await pilot.press("shift+tab", "enter")
            await settled(pilot)
            seen["event page"] = drawn_words(app)

    asyncio.run(run())
    return seen


@pytest.mark.parametrize("size", [(80, 24), (140, 32)], ids=["80x24", "140x32"])
@pytest.mark.parametrize("theme", THEMES)
def test_every_word_reads_on_light_and_dark(
    every_kind: BrowseApp, theme: str, size: tuple[int, int]
) -> None:
    height = size[1]
    for name, words in screens(every_kind, theme, size).items():
        titles = {"Timeline", "Event", "Links", "Record"}
        kinds = {word for word in words if word.text in KIND_LOOKS}
        parts = {
            word
            for word in words
            if word.text in titles or (word.line == height - 1 and word.text in FOOTER_KEYS)
        }
        assert {"esc", "q"} <= {word.text for word in parts}
        assert any(word.text in titles for word in parts)
        if name != "event page":  # every kind where the list has room for them all
            assert len({word.text for word in kinds}) >= (len(KIND_LOOKS) if height > 30 else 5)
            assert any(word.text.startswith("[1]") for word in words)  # a footnote mark
        faint = [word for word in parts | kinds if word.ratio < PARTS]
        assert not faint, (name, faint)
        faint = [word for word in set(words) - parts - kinds if word.ratio < TEXT]
        assert not faint, (name, faint)


@pytest.mark.parametrize("theme", THEMES)
def test_the_focused_pane_is_told_apart_from_the_other(every_kind: BrowseApp, theme: str) -> None:
    """The focused pane's title is drawn in another colour than the unfocused one's."""
    colours: list[tuple[str, str]] = []

    def title_colours(app: BrowseApp) -> tuple[str, str]:
        found = {}
        for strip in app.screen._compositor.render_strips():
            for segment in strip:
                if segment.text.strip() in {"Timeline", "Event"} and segment.style is not None:
                    found[segment.text.strip()] = str(segment.style.color)
        return found["Timeline"], found["Event"]

    async def run() -> None:
        every_kind.theme = theme
        async with every_kind.run_test(size=(140, 32)) as pilot:
            await settled(pilot)
            colours.append(title_colours(every_kind))
            await pilot.press("tab")
            await settled(pilot)
            colours.append(title_colours(every_kind))

    asyncio.run(run())
    (list_focused, detail_plain), (list_plain, detail_focused) = colours
    assert list_focused != list_plain
    assert list_focused == detail_focused
    assert detail_plain == list_plain
