"""The colours and glyphs of every drawn view (tables, layouts, the chart, HTML and SVG).

Colours have to read on a dark terminal, a light one, and a white page. So there is no
white or black foreground (each vanishes on one background), no bright or pale colour
(bright green or yellow on white), and no plain ANSI blue (dark blue on black). Every
colour is a mid-tone of the 256-colour palette whose contrast is at least 3:1 both
against white and against a near-black background; on a 16-colour terminal Rich shows
the nearest standard colour, which is never white, grey or black (a test checks both).

Colour alone cannot tell fifteen kinds apart, and not everyone sees it, so each kind
also has a glyph: the chart draws an event as its kind's glyph, and the legend pairs
each glyph with its kind, with or without colour. Each glyph has an ASCII stand-in for
outputs that cannot carry it.
"""

from __future__ import annotations

import msgspec


class KindLook(msgspec.Struct, frozen=True):
    """How an event kind is drawn."""

    style: str
    glyph: str
    ascii: str


KIND_LOOKS: dict[str, KindLook] = {
    "meeting": KindLook("bold color(31)", "◆", "M"),
    "visit": KindLook("color(30)", "◇", "V"),
    "launch": KindLook("color(28)", "▲", "^"),
    "docking": KindLook("color(32)", "⊕", ">"),
    "undocking": KindLook("color(63)", "⊖", "<"),
    "landing": KindLook("color(164)", "▼", "v"),
    "abort": KindLook("bold color(196)", "⊗", "X"),
    "scrub": KindLook("color(160)", "⊘", "/"),
    "appointment": KindLook("color(136)", "■", "A"),
    "agreement": KindLook("bold color(29)", "★", "&"),
    "contract": KindLook("color(64)", "☆", "C"),
    "announcement": KindLook("color(99)", "▣", "!"),
    "statement": KindLook("color(132)", "□", "S"),
    "milestone": KindLook("color(97)", "◈", "@"),
    "plan": KindLook("italic", "△", "P"),
    "call": KindLook("color(33)", "◎", "T"),
    "invitation": KindLook("color(168)", "▷", "I"),
    "incident": KindLook("color(166)", "◉", "%"),
    "handover": KindLook("color(100)", "⇄", "="),
}
"""Every kind the dataset's schema names (model.KNOWN_KINDS)."""

OTHER_KIND = KindLook("", "●", "*")
"""A kind of a user's own, outside KNOWN_KINDS."""


KIND_BY_GLYPH: dict[str, str] = {
    sign: kind for kind, look in KIND_LOOKS.items() for sign in (look.glyph, look.ascii)
}
"""The kind a glyph (or its ASCII stand-in) stands for, to colour a cell that shows it."""


def kind_look(kind: str) -> KindLook:
    return KIND_LOOKS.get(kind, OTHER_KIND)


def kind_style(kind: str) -> str:
    return kind_look(kind).style


STATUS_STYLES = {
    "scheduled": "italic",
    "planned": "italic dim",
    "scrubbed": "color(160)",
    "cancelled": "color(160) strike",
    "overdue": "color(130)",
}
COLUMN_STYLES = {"date": "bold", "id": "dim", "gap": "dim"}

CAUTION_STYLE = "color(130)"
"""Disputed and rescheduled: a dark orange that reads on both backgrounds."""
MARK_STYLE = f"bold {CAUTION_STYLE}"
"""The style of a footnote mark on a disputed or one-side cell, and of its footnote's mark."""

PAGE_COLOURS: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    "light": ((255, 255, 255), (0, 0, 0)),
    "dark": ((13, 17, 23), (201, 209, 217)),
}
"""The background and text colour of an exported picture, by ``--background``: a white
page, or a near-black one like a dark terminal's (the colours above read on both)."""
