"""The explorer's colours, computed from the theme so that they read on it.

Textual's built-in themes leave some colours faint on their own background (on
textual-light the accent orange is 1.5:1 on the page, the footer's keys 2.9:1), and the
tables' kind colours (spacetalks.output.terminal.palette) are mid-tones chosen for a white
page or a black one, not for a grey one. So the colours the explorer draws with are
derived from the theme in use: each is the theme's own colour, darkened on a light
background or lightened on a dark one until its WCAG contrast ratio reaches
READABLE. The chrome's colours are CSS variables (``theme_variables``); the dataset's
colours inside the lists and the detail are made readable where they are drawn, against
the background they are drawn on (``ReadableColours``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter
from textual.theme import Theme

READABLE = 4.5
"""WCAG AA for text: every word the explorer draws reads at this contrast or more."""


def luminance(colour: Color) -> float:
    """WCAG 2 relative luminance."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = colour.rgb
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: Color, second: Color) -> float:
    """The WCAG 2 contrast ratio of two opaque colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@lru_cache(maxsize=4096)
def readable(colour: Color, background: Color, minimum: float = READABLE) -> Color:
    """The colour, darkened on a light background or lightened on a dark one, in small
    steps until it reaches the minimum contrast (black or white if nothing less does)."""
    if contrast(colour, background) >= minimum:
        return colour
    light_background = luminance(background) > 0.18
    for step in range(1, 21):
        amount = step * 0.05
        moved = colour.darken(amount) if light_background else colour.lighten(amount)
        if contrast(moved, background) >= minimum:
            return moved
    return Color(0, 0, 0) if light_background else Color(255, 255, 255)


def theme_variables(theme: Theme) -> dict[str, str]:
    """The explorer's own CSS variables for a theme: a pane's colour (its border and
    title), the focused pane's, the footer's key colour and the cursor's, each readable
    on what it is drawn on."""
    colours = theme.to_color_system().generate()
    background = Color.parse(colours["background"])
    footer = Color.parse(colours["footer-background"])
    primary = Color.parse(colours["primary"])
    foreground = Color.parse(colours["foreground"])
    cursor_text = foreground if theme.dark else background  # the light one, as Textual's
    return {
        "browse-pane": readable(primary, background).hex,
        "browse-focus": readable(Color.parse(colours["accent"]), background).hex,
        "browse-footer-key": readable(Color.parse(colours["footer-key-foreground"]), footer).hex,
        "browse-cursor-foreground": cursor_text.hex,
        "browse-cursor-background": readable(primary, cursor_text).hex,
    }


class ReadableColours(LineFilter):
    """Every coloured word of a widget made readable on the background it is drawn on
    (a kind's colour, a footnote mark, a status): the same hue, darker on a light theme,
    lighter on a dark one. Dim text is drawn as a readable colour instead, as a terminal
    dims it past reading."""

    def __init__(self, minimum: float = READABLE, enabled: bool = True) -> None:
        super().__init__(enabled)
        self.minimum = minimum

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(text, _readable_style(style, background, self.minimum), control)
            if style is not None and style.color is not None
            else Segment(text, style, control)
            for text, style, control in segments
        ]


@lru_cache(maxsize=4096)
def _readable_style(style: Style, background: Color, minimum: float) -> Style:
    assert style.color is not None
    if style.color.is_default:
        return style
    behind = (
        Color.from_rich_color(style.bgcolor)
        if style.bgcolor is not None and not style.bgcolor.is_default
        else background
    )
    colour = Color.from_rich_color(style.color)
    if style.dim:
        colour = behind.blend(colour, 0.6)
    made = readable(colour, behind, minimum)
    if made == colour and not style.dim:
        return style
    return style + Style(color=RichColor.from_rgb(*made.rgb), dim=False)


def with_readable_colours(filters: Sequence[LineFilter], no_color: bool) -> list[LineFilter]:
    """A widget's line filters with ReadableColours last (none under NO_COLOR, where the
    app draws without colour)."""
    return [*filters] if no_color else [*filters, _READABLE_COLOURS]


_READABLE_COLOURS = ReadableColours()
