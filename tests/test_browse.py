"""``spacetalks browse``: its guards through a real process, and the app driven with
Textual's pilot, each answer checked against the command that gives it on the command
line."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
import textwrap
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from conftest import Invoke
from terminal import clean_environment, run_piped, spacetalks_command
from textual.pilot import Pilot
from textual.widgets import Input, Static

from spacetalks.browse.app import BrowseApp
from spacetalks.browse.dialogs import Ask, KeyReference
from spacetalks.browse.event_list import EventList
from spacetalks.browse.pages import Target
from spacetalks.browse.screens import PageScreen, TimelineScreen
from spacetalks.cli.browse import NOT_A_TERMINAL, TUI_MISSING
from spacetalks.dataset.model import Dataset
from spacetalks.query.selection import EventFilter
from spacetalks.query.typed_filters import EventFilters, parse_filters
from spacetalks.store.load import data_files, load_dataset


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_dataset(data_files([], True))


def drive(app: BrowseApp, steps: Callable[[Pilot[None]], Awaitable[None]]) -> None:
    """Run the app 80 columns by 24 lines with the pilot and take the steps."""

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await steps(pilot)

    asyncio.run(run())


def browse_app(dataset: Dataset, filters: EventFilters | None = None) -> BrowseApp:
    from spacetalks.query.typed_filters import event_criteria

    filters = filters or EventFilters()
    return BrowseApp(dataset, filters, event_criteria(dataset, filters))


async def type_answer(pilot: Pilot[None], key: str, answer: str) -> None:
    """Press a key that asks for a line, type the answer, and press Enter."""
    await pilot.press(key)
    await pilot.pause()
    pilot.app.screen.query_one(Input).value = answer
    await pilot.press("enter")
    await pilot.pause()


def timeline_ids(app: BrowseApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, TimelineScreen)
    return [event.id for event in screen.shown]


def page(app: BrowseApp) -> PageScreen:
    assert isinstance(app.screen, PageScreen), type(app.screen)
    return app.screen


async def move_to(pilot: Pilot[None], target: Target) -> None:
    """Press j until the page's highlighted link leads to the target."""
    screen = page(pilot.app)  # type: ignore[arg-type]
    for _ in screen.page.links:
        if screen.selected() == target:
            return
        await pilot.press("j")
    assert screen.selected() == target


def detail_text(app: BrowseApp, selector: str) -> str:
    """The text a Static of the screen shows, drawn 200 columns wide."""
    from rich.console import Console

    console = Console(width=200, record=True, file=io.StringIO())
    console.print(app.screen.query_one(selector, Static).content)
    return console.export_text()


# The guards, through a real process -------------------------------------------------


def _imports_textual(code: str) -> bool:
    probe = "\n".join(
        [
            "import sys",
            "try:",
            textwrap.indent(code, "    "),
            "except SystemExit:",
            "    pass",
            "loaded = any(name.split('.')[0] == 'textual' for name in sys.modules)",
            "sys.stderr.write(f'\\nTEXTUAL={loaded}')",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=clean_environment(SPACETALKS_NO_FAST_EXIT="1"),
        check=False,
        timeout=60,
    )
    assert "TEXTUAL=" in done.stderr, done.stderr
    return done.stderr.rsplit("TEXTUAL=", 1)[1].strip() == "True"


@pytest.mark.slow
@pytest.mark.parametrize(
    "arguments",
    [None, ["timeline", "--limit", "3"], ["--help"], ["browse", "--help"]],
    ids=["import", "timeline", "help", "browse-help"],
)
def test_nothing_but_a_browse_session_imports_textual(arguments: list[str] | None) -> None:
    if arguments is None:
        code = "import spacetalks.cli"
    else:
        code = f"sys.argv = ['spacetalks', *{arguments!r}]\nfrom spacetalks.cli import main\nmain()"
    assert not _imports_textual(code)


@pytest.mark.slow
def test_without_textual_browse_says_how_to_install_it(tmp_path: Path) -> None:
    """The installed command, with Textual made unimportable (as where the extra is not
    installed): one line, exit 1; every other command still works."""
    (tmp_path / "sitecustomize.py").write_text("import sys\nsys.modules['textual'] = None\n")
    env = clean_environment(PYTHONPATH=str(tmp_path))
    done = run_piped("browse", env=env)
    assert done.returncode == 1
    assert done.stderr.decode() == f"spacetalks: {TUI_MISSING}\n"
    assert done.stdout == b""
    assert run_piped("timeline", "--limit", "1", env=env).returncode == 0


@pytest.mark.slow
def test_browse_through_a_pipe_is_a_usage_error() -> None:
    done = run_piped("browse")
    assert done.returncode == 2
    assert done.stderr.decode() == f"spacetalks: {NOT_A_TERMINAL}\n"
    assert done.stdout == b""


@pytest.mark.slow
def test_browse_with_stdout_on_a_terminal_and_stdin_not_is_a_usage_error() -> None:
    controller, terminal = os.openpty()
    try:
        done = subprocess.run(
            [*spacetalks_command(), "browse"],
            stdin=subprocess.DEVNULL,
            stdout=terminal,
            stderr=subprocess.PIPE,
            env=clean_environment(TERM="xterm-256color"),
            timeout=60,
            check=False,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert done.returncode == 2
    assert done.stderr.decode() == f"spacetalks: {NOT_A_TERMINAL}\n"


@pytest.mark.slow
def test_on_a_real_terminal_it_draws_and_q_quits_and_gives_the_terminal_back() -> None:
    """The installed command on a pseudo-terminal (standard input, output and error, as a
    shell gives them): the first screen is drawn, q ends it with 0, and the terminal is
    left as it was (the alternate screen closed)."""
    import select
    import time

    controller, terminal = os.openpty()
    process = subprocess.Popen(
        [*spacetalks_command(), "browse", "--since", "2025"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=clean_environment(TERM="xterm-256color"),
    )
    os.close(terminal)
    seen = b""
    started = time.monotonic()
    pressed = False
    try:
        while process.poll() is None and time.monotonic() - started < 60:
            if select.select([controller], [], [], 0.1)[0]:
                try:
                    seen += os.read(controller, 65536)
                except OSError:
                    break
            if not pressed and b"Timeline" in seen:
                os.write(controller, b"q")
                pressed = True
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
    assert pressed, seen[-500:]
    assert b"spacetalks browse" in seen
    assert seen.rfind(b"\x1b[?1049l") > seen.find(b"Timeline")


def test_browse_reads_its_filters_as_timeline_does(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bad filter is the timeline's usage error, said before any screen is drawn."""
    monkeypatch.setattr("spacetalks.cli.browse.on_a_terminal", lambda: True)
    browse = invoke("browse", "--person", "Nobody-At-All")
    timeline = invoke("timeline", "--person", "Nobody-At-All")
    assert browse.exit_code == timeline.exit_code == 2
    assert browse.said() == timeline.said().replace("timeline", "browse")


def test_filters_typed_read_as_on_the_command_line() -> None:
    filters = parse_filters(["--since", "2018", "--person", "Bakanov", "--no-claims"])
    assert filters == EventFilters(since="2018", person=["Bakanov"], no_claims=True)


# The app, with the pilot ------------------------------------------------------------


def test_it_opens_on_the_whole_timeline(bundled: Dataset, invoke: Invoke) -> None:
    app = browse_app(bundled)
    expected = [row["id"] for row in invoke("timeline", "--json").json()]

    async def steps(pilot: Pilot[None]) -> None:
        assert timeline_ids(app) == expected
        assert len(app.screen.query_one(EventList).rows) == len(expected)
        assert f"{len(expected)} events" in detail_text(app, "#title")
        assert bundled.events[0].title in detail_text(app, "#event")

    drive(app, steps)


def test_keys_move_through_the_timeline_and_the_detail_follows(bundled: Dataset) -> None:
    app = browse_app(bundled)

    async def steps(pilot: Pilot[None]) -> None:
        timeline = app.screen.query_one(EventList)
        await pilot.press("j", "j", "down")
        assert timeline.cursor == 3
        await pilot.press("k")
        await pilot.pause()
        assert timeline.cursor == 2
        assert bundled.events[2].title in detail_text(app, "#event")

    drive(app, steps)


def test_open_an_event_then_a_person_and_come_back(bundled: Dataset) -> None:
    event = next(event for event in bundled.events if event.people)
    person = bundled.people[event.people[0]]
    app = browse_app(bundled)

    async def steps(pilot: Pilot[None]) -> None:
        app.screen.query_one(EventList).cursor = bundled.events.index(event)
        await pilot.press("enter")
        await pilot.pause()
        assert page(app).page.target == Target("event", event.id)
        await move_to(pilot, Target("person", person.id))
        await pilot.press("enter")
        await pilot.pause()
        assert page(app).page.target == Target("person", person.id)
        assert person.name in detail_text(app, "#body")
        await pilot.press("escape")
        await pilot.pause()
        assert page(app).page.target == Target("event", event.id)
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        assert app.screen.query_one(EventList).cursor == bundled.events.index(event)
        await pilot.press("escape")  # nothing before the timeline: it stays
        assert isinstance(app.screen, TimelineScreen)

    drive(app, steps)


def test_an_organization_and_the_evidence_open_from_an_event(bundled: Dataset) -> None:
    event = next(event for event in bundled.events if event.organizations and event.disputes)
    organization = bundled.organizations[event.organizations[0]]
    app = browse_app(bundled)

    async def steps(pilot: Pilot[None]) -> None:
        app.screen.query_one(EventList).cursor = bundled.events.index(event)
        await pilot.press("enter", "w")
        await pilot.pause()
        assert page(app).page.title == f"Evidence: {event.title}"
        assert "Evidence" in detail_text(app, "#body")
        await pilot.press("escape")
        await pilot.pause()
        await move_to(pilot, Target("organization", organization.id))
        await pilot.press("enter")
        await pilot.pause()
        assert page(app).page.target == Target("organization", organization.id)
        assert event in page(app).page.events

    drive(app, steps)


def test_search_finds_what_the_search_command_finds(bundled: Dataset, invoke: Invoke) -> None:
    expected = [(row["type"], row["id"]) for row in invoke("search", "Baikonur", "--json").json()]
    app = browse_app(bundled)

    async def steps(pilot: Pilot[None]) -> None:
        await type_answer(pilot, "slash", "Baikonur")
        found = [link.target for link in page(app).page.links]
        kinds = {"org": "organization"}
        assert found == [Target(kinds.get(kind, kind), ref) for kind, ref in expected]
        await pilot.press("enter")
        await pilot.pause()
        assert page(app).page.target == found[0]

    drive(app, steps)


def test_filters_change_the_timeline_as_the_command_line_would(
    bundled: Dataset, invoke: Invoke
) -> None:
    typed = "--since 2025 --kind meeting --kind launch"
    expected = [row["id"] for row in invoke("timeline", *typed.split(), "--json").json()]
    app = browse_app(bundled)

    async def steps(pilot: Pilot[None]) -> None:
        await type_answer(pilot, "f", typed)
        assert timeline_ids(app) == expected
        assert typed in detail_text(app, "#title")

    drive(app, steps)


def test_a_bad_filter_says_what_the_command_line_says(bundled: Dataset, invoke: Invoke) -> None:
    said = invoke("timeline", "--kind", "picnic").said()
    app = browse_app(bundled)

    async def steps(pilot: Pilot[None]) -> None:
        before = timeline_ids(app)
        await type_answer(pilot, "f", "--kind picnic")
        timeline = app.screen_stack[0]
        assert isinstance(timeline, TimelineScreen)
        assert [event.id for event in timeline.shown] == before
        messages = [notification.message for notification in app._notifications]
        assert any(message in said for message in messages), (messages, said)

    drive(app, steps)


def test_export_writes_what_the_export_command_writes(
    bundled: Dataset, invoke: Invoke, tmp_path: Path
) -> None:
    target = tmp_path / "timeline.json"
    invoke("export", "timelinejs", "--person", "Bakanov", "--output", str(tmp_path / "cli.json"))
    app = browse_app(bundled, EventFilters(person=["Bakanov"]))

    async def steps(pilot: Pilot[None]) -> None:
        await type_answer(pilot, "e", f"timelinejs {target}")

    drive(app, steps)
    assert target.read_text() == (tmp_path / "cli.json").read_text()


def test_export_refuses_a_format_it_does_not_know(bundled: Dataset, tmp_path: Path) -> None:
    app = browse_app(bundled)

    async def steps(pilot: Pilot[None]) -> None:
        await type_answer(pilot, "e", f"pdf {tmp_path / 'x.pdf'}")
        messages = [notification.message for notification in app._notifications]
        assert any("not an export format" in message for message in messages)

    drive(app, steps)
    assert not (tmp_path / "x.pdf").exists()


def test_y_copies_the_citation_cite_prints(bundled: Dataset, invoke: Invoke) -> None:
    app = browse_app(bundled)
    expected = invoke("cite", bundled.events[0].id).stdout

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("y")
        assert app.clipboard == expected

    drive(app, steps)


def test_o_opens_the_source_export_links_to(
    bundled: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spacetalks.output.evidence import best_source

    opened: list[str] = []

    class Browser:
        background = True

        def open(self, url: str) -> bool:
            opened.append(url)
            return True

    monkeypatch.setattr("webbrowser.get", Browser)
    app = browse_app(bundled)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("o")

    drive(app, steps)
    best = best_source(bundled, bundled.events[0])
    assert best is not None
    assert opened == [best.url]


def test_the_key_reference_opens_and_q_quits(bundled: Dataset) -> None:
    app = browse_app(bundled)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, KeyReference)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running

    drive(app, steps)
    assert app.return_code == 0


def test_an_empty_selection_says_so(bundled: Dataset) -> None:
    app = BrowseApp(bundled, EventFilters(limit=0), EventFilter(limit=0))

    async def steps(pilot: Pilot[None]) -> None:
        assert timeline_ids(app) == []
        assert "No event matches" in detail_text(app, "#event")
        await pilot.press("enter", "y", "o", "w")

    drive(app, steps)


@pytest.mark.parametrize(
    ("colorfgbg", "dark"), [(None, True), ("15;0", True), ("0;15", False), ("0;default;7", False)]
)
def test_it_starts_light_on_a_terminal_that_says_its_background_is_light(
    bundled: Dataset, monkeypatch: pytest.MonkeyPatch, colorfgbg: str | None, dark: bool
) -> None:
    if colorfgbg is None:
        monkeypatch.delenv("COLORFGBG", raising=False)
    else:
        monkeypatch.setenv("COLORFGBG", colorfgbg)
    app = browse_app(bundled)

    async def steps(pilot: Pilot[None]) -> None:
        assert app.current_theme.dark is dark
        await pilot.press("t")
        assert app.current_theme.dark is not dark

    drive(app, steps)


def test_keys_typed_into_a_question_are_text_not_commands(bundled: Dataset) -> None:
    """q, f, e and / typed into the search are the words searched for."""
    app = browse_app(bundled)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"quef", "backspace", "/", "escape")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, TimelineScreen)
        await pilot.press("slash", *"Baikonur", "enter")
        await pilot.pause()
        assert page(app).page.title == "Search: Baikonur"

    drive(app, steps)


def test_long_lists_stop_at_the_layouts_limit_and_say_how_many_more(
    write_json: Callable[..., Path],
) -> None:
    """A search or a person's events past 500 entries list 500 (as a layout does) and say
    how many more; export still takes every event."""
    from conftest import event, source

    from spacetalks.browse.pages import Records, person_page, search_page
    from spacetalks.output.terminal.layouts import LAYOUT_ROWS

    count = LAYOUT_ROWS + 7
    content = {
        "sources": [source()],
        "people": [{"id": "ann", "name": "Ann"}],
        "events": [
            event(f"e{number:04}", f"2020-01-{1 + number % 28:02}", people=["ann"])
            for number in range(count)
        ],
    }
    dataset = load_dataset(data_files([str(write_json(content))], False))
    records = Records(dataset)
    found = search_page(records, "Event e")
    assert [link.target is None for link in found.links].count(False) == LAYOUT_ROWS
    assert found.links[-1].label.plain == "… and 7 more results: narrow the search"
    assert len(found.events) == count
    profile = person_page(records, dataset.people["ann"])
    events = [link for link in profile.links if link.target and link.target.kind == "event"]
    assert len(events) == LAYOUT_ROWS
    assert profile.links[-1].label.plain == "… and 7 more (e exports every one)"
    assert len(profile.events) == count


@pytest.mark.parametrize(
    ("arguments", "no_color", "told"),
    [
        (["--color", "never"], None, "1"),
        (["--no-color"], None, "1"),
        ([], "1", "1"),
        (["--color", "always"], "1", None),
        ([], None, None),
    ],
)
def test_colour_options_reach_textual_as_no_color(
    invoke: Invoke,
    monkeypatch: pytest.MonkeyPatch,
    arguments: list[str],
    no_color: str | None,
    told: str | None,
) -> None:
    seen: list[str | None] = []
    monkeypatch.setattr("spacetalks.cli.browse.on_a_terminal", lambda: True)
    monkeypatch.setattr(BrowseApp, "run", lambda self: seen.append(os.environ.get("NO_COLOR")))
    monkeypatch.setenv("NO_COLOR", "placeholder")  # so that the test's changes are undone
    if no_color is None:
        monkeypatch.delenv("NO_COLOR")
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert invoke(*arguments, "browse").exit_code == 0
    assert seen == [told]


# Scanning: one line a result, whole titles, marks said in words, filters kept ---------


def screen_lines(app: BrowseApp) -> list[str]:
    """The screen's lines as the compositor draws them."""
    return [
        "".join(segment.text for segment in strip)
        for strip in app.screen._compositor.render_strips()
    ]


def drawn_in(app: BrowseApp, selector: str) -> list[str]:
    """The lines a widget of the screen draws inside its border."""
    region = app.screen.query_one(selector).content_region
    return [line[region.x : region.right] for line in screen_lines(app)[region.y : region.bottom]]


def one_text(lines: list[str]) -> str:
    """Lines as one run of words (a wrapped title read whole), borders left out."""
    return " ".join(" ".join(line.strip(" │╭╮╰╯─▁▂▃▄▅▆▇█").split()) for line in lines)


def test_search_results_are_one_line_each_with_the_field_in_its_column(
    bundled: Dataset, invoke: Invoke
) -> None:
    expected = invoke("search", "Baikonur", "--json").json()
    app = browse_app(bundled)

    async def steps(pilot: Pilot[None]) -> None:
        await type_answer(pilot, "slash", "Baikonur")
        lines = drawn_in(app, "#links")
        assert len(expected) > len(lines) >= 8  # as many as the pane has lines for
        columns = set()
        for line, row in zip(lines, expected, strict=False):
            assert line.split()[:2] == [row["type"], row["field"]], line
            columns.add(line.index(f" {row['field']}"))
        assert len(columns) == 1  # the field in a column of its own
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert page(app).page.target == Target(expected[2]["type"], expected[2]["id"])

    drive(app, steps)


def test_the_highlighted_rows_whole_title_is_in_the_detail(bundled: Dataset) -> None:
    """The longest title, cut in its one line of the list or of the search results, is
    whole in the detail at 80 columns."""
    longest = max(bundled.events, key=lambda event: len(event.title))
    app = browse_app(bundled)

    async def steps(pilot: Pilot[None]) -> None:
        app.screen.query_one(EventList).cursor = bundled.events.index(longest)
        await pilot.pause()
        assert longest.title not in one_text(drawn_in(app, "#timeline"))
        assert longest.title in one_text(drawn_in(app, "#detail"))
        await type_answer(pilot, "slash", longest.title)
        assert longest.title not in one_text(drawn_in(app, "#links"))
        assert longest.title in one_text(drawn_in(app, "#detail"))

    drive(app, steps)


def test_the_lists_marks_are_said_in_words_in_the_detail(bundled: Dataset) -> None:
    app = browse_app(bundled)

    async def steps(pilot: Pilot[None]) -> None:
        timeline = app.screen.query_one(EventList)
        marked = sorted({index: mark for (index, _), mark in timeline.marks.items()}.items())
        claimed = next((i, m) for i, m in marked if timeline.rows[i].claimed_by_names)
        disputed = next((i, m) for i, m in marked[1:] if timeline.rows[i].disputes)
        for index, mark in (claimed, disputed):
            timeline.cursor = index
            await pilot.pause()
            said = detail_text(app, "#event")
            assert f"{mark} in the list means: " in said
            row = timeline.rows[index]
            if row.claimed_by_names:
                assert f"only {row.claimed_by_names[0]}" in said
            else:
                assert f"the sources disagree on its {row.disputes[0].field}" in said
        timeline.cursor = next(i for i in range(len(timeline.rows)) if i not in dict(marked))
        await pilot.pause()
        assert "in the list means" not in detail_text(app, "#event")

    drive(app, steps)


@pytest.mark.parametrize(
    "typed", ["--since 2025-13", "--person Nobodyx --since 2020", "--kind picnic"]
)
def test_a_bad_filter_asks_again_with_what_was_typed(
    bundled: Dataset, invoke: Invoke, typed: str
) -> None:
    said = " ".join(invoke("timeline", *typed.split()).said().split())
    app = browse_app(bundled)

    async def steps(pilot: Pilot[None]) -> None:
        await type_answer(pilot, "f", typed)
        assert isinstance(app.screen, Ask)
        assert app.screen.query_one(Input).value == typed
        problem = " ".join(detail_text(app, "#problem").split())
        assert problem
        assert problem in said
        app.screen.query_one(Input).value = "--since 2025"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        assert "--since 2025" in detail_text(app, "#title")

    drive(app, steps)
