"""The terminal chart of a timeline: a vertical time axis drawn with Rich.

Each event is drawn as its kind's glyph in its kind's colour
(spacetalks.output.terminal.palette), so
the chart reads the same without colour: ◆ meeting, ▲ launch, ■ appointment... Beside
it, ○ marks an event scheduled or planned, ✕ one scrubbed or cancelled, ‡ a disputed
event and ↻ one that happened on another date than announced. Where the output cannot
carry these characters, ASCII stands in.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, TextIO

import msgspec

from spacetalks.answers.rows import event_evidence
from spacetalks.dataset.dates import parse_date
from spacetalks.dataset.model import Dataset, Event
from spacetalks.output.cells import date_for_people, evidence_note
from spacetalks.output.evidence import source_groups
from spacetalks.output.safe_link import link_target
from spacetalks.output.safe_text import CELL_LIMIT, readable, shortened, visible
from spacetalks.output.terminal.axis import AxisLine, LineKind, lay_out_axis
from spacetalks.output.terminal.palette import (
    CAUTION_STYLE,
    MARK_STYLE,
    STATUS_STYLES,
    kind_look,
    kind_style,
)
from spacetalks.output.terminal.table import Flow, OneLine, footnotes, make_console

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.text import Text

GUTTER = 5
MIN_WIDTH = 60


class Glyphs(msgspec.Struct, frozen=True):
    axis: str
    year: str
    empty: str
    fold: str
    pending: str
    failed: str
    disputed: str
    moved: str
    ascii: bool
    """Kinds drawn with their ASCII stand-ins."""
    encoding: str = "utf-8"
    """What the output can carry: text it cannot is written in its readable form."""

    def kind(self, kind: str) -> str:
        look = kind_look(kind)
        return look.ascii if self.ascii else look.glyph

    def text(self, text: str) -> str:
        """Dataset text as this output shows it: escaped, and readable in its encoding."""
        return readable(visible(text), self.encoding)


UNICODE = Glyphs("│", "┼", "┊", "⋮", "○", "✕", "‡", "↻", ascii=False)
ASCII = Glyphs("|", "+", ":", ":", "o", "x", "#", "~", ascii=True)


def glyphs_for(stream: TextIO) -> Glyphs:
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    if encoding in {"utf-8", "utf8"}:
        return UNICODE
    return msgspec.structs.replace(ASCII, encoding=encoding)


def _status(event: Event, glyphs: Glyphs) -> str:
    if event.status in {"scrubbed", "cancelled"}:
        return glyphs.failed
    if event.status in {"scheduled", "planned"}:
        return glyphs.pending
    return " "


def _event_lead(line: AxisLine, glyphs: Glyphs, mark: str) -> Text:
    """What comes before an event's title: the axis, its kind, marks and date."""
    from rich.text import Text  # noqa: PLC0415 (Rich: drawn output only)

    event = line.event
    assert event is not None
    text = Text()
    text.append(f"{line.label:>{GUTTER - 1}} ", style="bold" if line.starts_year else "dim")
    text.append(glyphs.year if line.starts_year else glyphs.axis, style="dim")
    text.append(f" {glyphs.kind(event.kind)}", style=kind_style(event.kind))
    text.append(_status(event, glyphs), style=STATUS_STYLES.get(event.status, ""))
    moved = rescheduled(event)
    flags = (glyphs.disputed if event.disputes else " ") + (glyphs.moved if moved else " ")
    text.append(flags, style=CAUTION_STYLE)
    text.append(f" {chart_date(event.date):<16} ", style="bold")
    if mark:
        text.append(f"{mark} ", style=MARK_STYLE)
    return text


def _event_line(line: AxisLine, glyphs: Glyphs, mark: str) -> OneLine:
    event = line.event
    assert event is not None
    text = _event_lead(line, glyphs, mark)
    text.append(glyphs.text(shortened(event.title, CELL_LIMIT)))
    if rescheduled(event):
        text.append(f"  (scheduled {chart_date(event.scheduled or '')})", style=CAUTION_STYLE)
    return OneLine(text)


def _event_lines(dataset: Dataset, line: AxisLine, glyphs: Glyphs, mark: str) -> RenderableType:
    """An event for a page: its whole title, then its sources, both wrapped under the
    title's first character with the axis drawn beside them."""
    from rich.console import Group  # noqa: PLC0415 (Rich: drawn output only)
    from rich.style import Style  # noqa: PLC0415 (Rich: drawn output only)
    from rich.text import Text  # noqa: PLC0415 (Rich: drawn output only)

    event = line.event
    assert event is not None
    lead = _event_lead(line, glyphs, mark)
    below = Text(f"{'':>{GUTTER - 1}} ", style="dim")
    below.append(glyphs.axis, style="dim")
    below.append(" " * (lead.cell_len - below.cell_len))
    title = Text(glyphs.text(event.title))
    if rescheduled(event):
        title.append(f"  (scheduled {chart_date(event.scheduled or '')})", style=CAUTION_STYLE)
    sources = Text("sources: ", style="dim")
    named = [source for group in source_groups(dataset, event) for source in group.sources]
    seen: set[str] = set()
    for number, source in enumerate(dict.fromkeys(named)):
        label = glyphs.text(source.publisher)
        if label in seen and source.date:
            label = f"{label} ({date_for_people(source.date)})"
        seen.add(label)
        if number:
            sources.append(" · ", style="dim")
        target = link_target(source.url)
        sources.append(label, style=Style(link=target, underline=True) if target else "dim")
    parts = [Hanging(lead, below, title)]
    if named:
        parts.append(Hanging(below, below, sources))
    return Group(*parts)


class Hanging:
    """A line whose body wraps under its own first character, each line after the
    first led by ``lead`` (the axis and blank space) instead of ``first``."""

    def __init__(self, first: Text, lead: Text, body: Text) -> None:
        self.first = first
        self.lead = lead
        self.body = body

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        from rich.text import Text  # noqa: PLC0415 (Rich: drawn output only)

        width = max(options.max_width - self.first.cell_len, 20)
        for number, part in enumerate(self.body.wrap(console, width)):
            part.rstrip()
            yield Text.assemble(self.first if number == 0 else self.lead, part)


def rescheduled(event: Event) -> bool:
    """True when the event happened on another day than the one announced."""
    if not event.scheduled:
        return False
    return parse_date(event.scheduled).first_day != parse_date(event.date).first_day


def chart_date(text: str) -> str:
    """A dataset date as people write it, for the chart, whose legend says times are
    UTC: "2025-08-01 15:43", "Oct 2018", "2018"."""
    return date_for_people(text).removesuffix(" UTC")


def _plain_line(line: AxisLine, glyphs: Glyphs) -> Text:
    from rich.text import Text  # noqa: PLC0415 (Rich: drawn output only)

    if line.kind is LineKind.BREAK:
        return Text(
            f"{'':>{GUTTER}}{glyphs.fold} {line.text} {glyphs.fold}", style="italic", no_wrap=True
        )
    axis = glyphs.year if line.starts_year else glyphs.empty
    text = Text(no_wrap=True)
    text.append(f"{line.label:>{GUTTER - 1}} ", style="bold" if line.starts_year else "dim")
    text.append(axis, style="dim")
    return text


def legend(events: Sequence[Event], glyphs: Glyphs) -> list[RenderableType]:
    """The kinds drawn, each glyph beside its name; then what the other marks mean.
    Lines wrap between items, never inside one."""
    from rich.text import Text  # noqa: PLC0415 (Rich: drawn output only)

    kinds = [
        Text.assemble((glyphs.kind(kind), kind_style(kind)), " ", glyphs.text(kind))
        for kind in sorted({event.kind for event in events})
    ]
    marks = [
        Text(f"{glyph} {meaning}", style="dim")
        for glyph, meaning in (
            (glyphs.pending, "scheduled or planned"),
            (glyphs.failed, "scrubbed or cancelled"),
            (glyphs.disputed, "disputed"),
            (glyphs.moved, "not on the announced date"),
        )
    ]
    marks.append(Text("(times UTC)", style="dim"))
    return [Text(), Flow(kinds), Flow(marks)]


def chart_renderable(
    dataset: Dataset, events: Sequence[Event], glyphs: Glyphs, page: bool = False
) -> RenderableType:
    """The chart: a line a month or event, then a footnote for each event marked as
    disputed or one side's claim (so no width cuts what is disputed), then the legend.
    For a ``page`` (an exported picture, read once rather than scanned) each title is
    whole, wrapped under itself, and the event's sources follow it, each linked where
    its URL may be a link."""
    from rich.console import Group  # noqa: PLC0415 (Rich: drawn output only)
    from rich.text import Text  # noqa: PLC0415 (Rich: drawn output only)

    lines: list[RenderableType] = []
    notes: list[tuple[str, str]] = []
    for line in lay_out_axis(dataset, events):
        if line.kind is not LineKind.EVENT or line.event is None:
            lines.append(_plain_line(line, glyphs))
            continue
        evidence = event_evidence(dataset, line.event)
        mark = ""
        if evidence["disputes"] or evidence["claimed_by_names"]:
            mark = f"[{len(notes) + 1}]"
            note = evidence_note(evidence["claimed_by_names"], evidence["disputes"])
            note = f"{chart_date(line.event.date)} {line.event.title}: {note}"
            notes.append((mark, glyphs.text(note)))
        if page:
            lines.append(_event_lines(dataset, line, glyphs, mark))
        else:
            lines.append(_event_line(line, glyphs, mark))
    below = footnotes(notes)
    if below is not None:
        lines += [Text(), below]
    return Group(*lines, *legend(events, glyphs))


def chart_console(
    stream: TextIO, color: bool, width: int | None = None, record: bool = False
) -> Console:
    console = make_console(stream, color)
    if width is not None or console.width < MIN_WIDTH:
        console.width = max(width or console.width, MIN_WIDTH)
    if record:
        console.record = True
    return console


def draw_chart(
    dataset: Dataset, events: Sequence[Event], stream: TextIO, color: bool, width: int | None = None
) -> None:
    console = chart_console(stream, color, width)
    console.print(chart_renderable(dataset, events, glyphs_for(stream)))
