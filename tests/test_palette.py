"""Colours that read on dark and light terminals and on a white page, and kinds that can
be told apart without colour."""

from __future__ import annotations

import json
import re

import pytest
from conftest import Invoke
from rich.cells import cell_len
from rich.color import Color, ColorSystem
from rich.style import Style
from terminal import clean_environment, run_on_terminal

from spacetalks.dataset.model import KNOWN_KINDS
from spacetalks.output.terminal.palette import (
    CAUTION_STYLE,
    COLUMN_STYLES,
    KIND_LOOKS,
    MARK_STYLE,
    OTHER_KIND,
    STATUS_STYLES,
)

WHITE = (255, 255, 255)
NEAR_BLACK = (30, 30, 30)
"""A dark terminal's background (most are between black and this)."""
WHITE_OR_BLACK = {0, 7, 8, 15}
"""The standard colours black, white (light grey), bright black (grey), bright white."""


def luminance(rgb: tuple[int, int, int]) -> float:
    def linear(value: int) -> float:
        channel = value / 255
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """WCAG's contrast ratio."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


ALL_STYLES = [
    *(look.style for look in KIND_LOOKS.values()),
    OTHER_KIND.style,
    *STATUS_STYLES.values(),
    *COLUMN_STYLES.values(),
    CAUTION_STYLE,
    MARK_STYLE,
]


@pytest.mark.parametrize("style", sorted(set(ALL_STYLES)))
def test_every_colour_reads_on_dark_and_light_backgrounds(style: str) -> None:
    color = Style.parse(style).color
    if color is None:
        return  # bold, italic, dim: the terminal's own foreground
    rgb = tuple(color.get_truecolor())
    assert contrast(rgb, WHITE) >= 3, style  # type: ignore[arg-type]
    assert contrast(rgb, NEAR_BLACK) >= 3, style  # type: ignore[arg-type]
    assert color.downgrade(ColorSystem.STANDARD).number not in WHITE_OR_BLACK, style


def test_every_kind_the_bundled_dataset_uses_is_a_known_kind() -> None:
    """So that the chart of the bundled dataset tells every kind apart by its glyph."""
    from spacetalks.store.load import read_bundled_bytes

    data = json.loads(read_bundled_bytes())
    assert {event["kind"] for event in data["events"]} <= set(KNOWN_KINDS)


def test_every_known_kind_has_its_own_glyph_in_unicode_and_ascii() -> None:
    assert set(KIND_LOOKS) == set(KNOWN_KINDS)
    looks = [*KIND_LOOKS.values(), OTHER_KIND]
    for field in ("glyph", "ascii"):
        glyphs = [getattr(look, field) for look in looks]
        assert len(set(glyphs)) == len(glyphs), field
        assert all(cell_len(glyph) == 1 for glyph in glyphs), field
    assert all(look.ascii.isascii() for look in looks)


SGR = re.compile(r"\x1b\[([0-9;]*)m")


def foregrounds(text: str) -> list[tuple[int, int, int] | int]:
    """Every foreground colour an SGR sequence sets: a standard colour's number (0-15), or
    the RGB of a 256-colour or true-colour one."""
    found: list[tuple[int, int, int] | int] = []
    for match in SGR.finditer(text):
        codes = [int(code) if code else 0 for code in match.group(1).split(";")]
        index = 0
        while index < len(codes):
            code = codes[index]
            if 30 <= code <= 37:
                found.append(code - 30)
            elif 90 <= code <= 97:
                found.append(code - 90 + 8)
            elif code == 38 and codes[index + 1] == 5:
                number = codes[index + 2]
                red, green, blue = Color.from_ansi(number).get_truecolor()
                found.append(number if number < 16 else (red, green, blue))
                index += 2
            elif code == 38 and codes[index + 1] == 2:
                red, green, blue = codes[index + 2 : index + 5]
                found.append((red, green, blue))
                index += 4
            elif code in (48, 58):  # a background or underline colour: skip its arguments
                index += 2 if codes[index + 1] == 5 else 4
            index += 1
    return found


def white_or_black(colour: tuple[int, int, int] | int) -> bool:
    if isinstance(colour, int):
        return colour in WHITE_OR_BLACK
    return contrast(colour, WHITE) < 3 or contrast(colour, NEAR_BLACK) < 3


VIEWS = [
    ("timeline",),
    ("timeline", "--chart"),
    ("who", "Bakanov"),
    ("show", "Bakanov and Duffy"),
    ("topics",),
    ("topics", "cross-flights"),
    ("why", "2025-07-31-bakanov-duffy-talks"),
    ("sources",),
    ("stats",),
]


@pytest.mark.parametrize(
    "terminal",
    [{"TERM": "xterm"}, {"TERM": "xterm-256color"}, {"COLORTERM": "truecolor"}],
    ids=["16 colours", "256 colours", "true colour"],
)
def test_no_view_sets_a_white_or_black_foreground(terminal: dict[str, str]) -> None:
    env = clean_environment(**{"TERM": "xterm-256color", **terminal})
    seen = 0
    for args in VIEWS:
        run = run_on_terminal(*args, columns=120, env=env)
        assert run.exit_code == 0, (args, run.stderr)
        colours = foregrounds(run.screen)
        seen += len(colours)
        assert not [colour for colour in colours if white_or_black(colour)], args
    assert seen > 50  # the views are coloured at all


def test_the_parser_finds_white_and_black() -> None:
    assert white_or_black(foregrounds("\x1b[1;97mx")[0])
    assert white_or_black(foregrounds("\x1b[38;5;16mx")[0])
    assert white_or_black(foregrounds("\x1b[38;2;250;250;250mx")[0])
    assert not white_or_black(foregrounds("\x1b[38;5;31mx")[0])


def legend_of(screen: str) -> list[str]:
    """The chart's legend: the lines after its last blank line."""
    lines = screen.splitlines()
    start = max(index for index, line in enumerate(lines) if line.strip() == "") + 1
    return [line.rstrip() for line in lines[start:] if line.strip()]


def test_without_colour_the_chart_legend_tells_every_kind_apart() -> None:
    run = run_on_terminal("--no-color", "timeline", "--chart", columns=60)
    assert "\x1b[" not in run.screen
    items = [item for line in legend_of(run.screen) for item in line.split("  ")]
    glyph_of = {name: glyph for glyph, name in (item.split(" ", 1) for item in items)}
    drawn = [kind for kind in KNOWN_KINDS if kind in glyph_of]
    assert len(drawn) >= 10  # the bundled dataset's kinds
    assert [glyph_of[kind] for kind in drawn] == [KIND_LOOKS[kind].glyph for kind in drawn]
    assert len({glyph_of[kind] for kind in drawn}) == len(drawn)


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_the_legend_wraps_between_items(columns: int) -> None:
    run = run_on_terminal("--no-color", "timeline", "--chart", columns=columns)
    legend = legend_of(run.screen)
    glyphs = {look.glyph for look in (*KIND_LOOKS.values(), OTHER_KIND)} | {"○", "✕", "‡", "↻", "("}
    assert len(legend) >= 2
    for line in legend:
        assert len(line) <= columns
        for item in line.split("  "):
            assert item[0] in glyphs, (columns, line)  # every item starts whole on its line


@pytest.mark.parametrize("kind", ["html", "svg"])
@pytest.mark.parametrize("table", [[], ["--table"]], ids=["chart", "table"])
@pytest.mark.parametrize(
    ("background", "page_colour"), [([], "ffffff"), (["--background", "dark"], "0d1117")]
)
def test_exported_pictures_read_on_their_page(
    invoke: Invoke, kind: str, table: list[str], background: list[str], page_colour: str
) -> None:
    page = invoke("export", kind, *table, *background).stdout
    if kind == "html":
        assert f"background-color: #{page_colour}" in page
        colours = re.findall(r'<span[^>]*style="[^"]*(?<!-)color: #([0-9a-f]{6})', page)
    else:
        assert re.search(r'class="[^"]*-matrix"', page) or "<svg" in page
        assert re.search(f'<rect fill="#{page_colour}"', page)  # the page behind the text
        colours = re.findall(r"\{ fill: #([0-9a-f]{6})", page)
    assert colours
    page_rgb = tuple(int(page_colour[index : index + 2], 16) for index in (0, 2, 4))
    rgbs = {tuple(int(code[index : index + 2], 16) for index in (0, 2, 4)) for code in colours}
    assert not [rgb for rgb in rgbs if contrast(rgb, page_rgb) < 3]  # type: ignore[arg-type]


def test_an_unknown_background_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("export", "svg", "--background", "grey")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "light or dark" in result.stderr
