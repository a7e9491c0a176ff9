"""Exports of a timeline for other tools: iCalendar, TimelineJS, Graphviz, SVG, HTML.

One exporter per format in one registry. Each takes the dataset and the selected
events and returns the file's text; the command line writes it. Dataset text is
escaped for each target: HTML for TimelineJS, quoted strings for DOT, and the
icalendar library's own escaping for ICS.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

import msgspec

from spacetalks.answers.contract import DisputeRow
from spacetalks.answers.rows import event_evidence, timeline_listing
from spacetalks.dataset.dates import PartialDate, Precision
from spacetalks.dataset.model import Dataset, Event, Source
from spacetalks.interchange.datapackage_write import datapackage_files
from spacetalks.interchange.jsonld import jsonld_script, jsonld_text
from spacetalks.interchange.sqlite_database import sqlite_database
from spacetalks.output.cells import (
    ADVANCE_STANCE,
    MONTHS,
    advance_alternatives,
    claim_text,
    contested_alternatives,
    disputed_value,
    is_disagreement,
    overdue_text,
)
from spacetalks.output.evidence import best_source, evidence_lines, source_groups
from spacetalks.output.safe_link import link_target
from spacetalks.output.safe_text import json_safe, visible
from spacetalks.output.terminal.chart import UNICODE, chart_renderable
from spacetalks.output.terminal.palette import PAGE_COLOURS
from spacetalks.output.terminal.scanning import ScanningTable
from spacetalks.output.terminal.table import make_console
from spacetalks.query.reporting import event_overdue

if TYPE_CHECKING:
    from rich.console import Console
    from rich.segment import Segment
    from rich.terminal_theme import TerminalTheme


class ExportFormat(StrEnum):
    ics = "ics"
    timelinejs = "timelinejs"
    dot = "dot"
    svg = "svg"
    html = "html"
    jsonld = "jsonld"
    datapackage = "datapackage"
    sqlite = "sqlite"


class TimelineGroups(StrEnum):
    """What TimelineJS groups the events by (``--group-by``)."""

    topic = "topic"
    organization = "organization"


class PageBackground(StrEnum):
    """The page behind an exported picture (``--background``): a key of
    ``palette.PAGE_COLOURS``."""

    light = "light"
    dark = "dark"


class ExportOptions(msgspec.Struct, frozen=True):
    group_by: TimelineGroups = TimelineGroups.topic
    """TimelineJS groups: by topic or by organization."""
    table: bool = False
    """SVG and HTML: the timeline table instead of the chart."""
    width: int = 100
    """SVG and HTML: the width of the picture, in terminal columns."""
    title: str = "spacetalks timeline"
    background: PageBackground = PageBackground.light
    """SVG and HTML: the page behind the picture."""


class Export(msgspec.Struct):
    """The text of an exported file (or the files of an exported directory), and what
    was left out of it and why."""

    text: str
    notes: list[str] = msgspec.field(default_factory=list)
    files: dict[str, str] = msgspec.field(default_factory=dict)
    """A directory's files by name; when there are any, ``text`` is empty."""
    data: bytes | None = None
    """A binary file's bytes (a database); when there are any, ``text`` is empty."""


def _source_text(source: Source) -> str:
    line = f"{source.publisher}: {source.title}"
    if source.date:
        line += f" ({source.date})"
    if source.url:
        line += f" {source.url}"
    return line


def _sources_text(dataset: Dataset, event: Event) -> list[str]:
    """The sources, grouped by the disputed value each supports, with their addresses."""
    lines = []
    for group in source_groups(dataset, event):
        lines += [f"{group.label}:", *(_source_text(source) for source in group.sources)]
    return lines


ICS_STATUS = {
    "happened": "CONFIRMED",
    "scheduled": "TENTATIVE",
    "planned": "TENTATIVE",
    "scrubbed": "CANCELLED",
    "cancelled": "CANCELLED",
}


def export_ics(dataset: Dataset, events: Sequence[Event], options: ExportOptions) -> Export:
    """iCalendar: day-precision events all day, timed ones in UTC; coarser ones left out."""
    from icalendar import Calendar  # noqa: PLC0415 (only export ics)
    from icalendar import Event as CalendarEvent  # noqa: PLC0415 (only export ics)

    calendar = Calendar()
    calendar.add("prodid", "-//spacetalks//NASA-Roscosmos timeline//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", visible(options.title))
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    left_out = 0
    for event in events:
        date = dataset.event_dates[event.id]
        if date.precision < Precision.DAY:
            left_out += 1
            continue
        entry = CalendarEvent()
        entry.add("uid", f"{event.id}@spacetalks")
        entry.add("dtstamp", stamp)
        entry.add("summary", visible(event.title, keep_newlines=True))
        if date.precision == Precision.TIME:
            entry.add("dtstart", date.start_datetime().replace(tzinfo=dt.UTC))
        else:
            end = dataset.event_ends.get(event.id, date)
            entry.add("dtstart", date.start)
            if end.end < dt.date.max:
                entry.add("dtend", end.end + dt.timedelta(days=1))
            else:  # no day after 9999-12-31 to end on: the same span as a duration
                entry.add("duration", dt.timedelta(days=end.last_day - date.first_day + 1))
        if event.place:
            entry.add("location", visible(event.place, keep_newlines=True))
        paragraphs = [event.summary, "\n".join(evidence_lines(dataset, event))]
        paragraphs.append("\n".join(_sources_text(dataset, event)))
        description = "\n\n".join(text for text in paragraphs if text)
        entry.add("description", visible(description, keep_newlines=True))
        link = best_source(dataset, event)
        if link is not None and (target := link_target(link.url)):
            entry.add("url", target)
        entry.add("categories", [event.kind])
        entry.add("status", ICS_STATUS.get(event.status, "CONFIRMED"))
        calendar.add_component(entry)
    notes = []
    if left_out:
        notes.append(
            f"left out {left_out} event{'s' if left_out != 1 else ''} dated only to the month "
            "or year: a calendar entry needs a day"
        )
    return Export(calendar.to_ical().decode("utf-8"), notes)


def _timelinejs_date(date: PartialDate) -> dict[str, str]:
    start = date.start
    value = {"year": str(start.year)}
    if date.precision >= Precision.MONTH:
        value["month"] = str(start.month)
    if date.precision >= Precision.DAY:
        value["day"] = str(start.day)
    if date.precision == Precision.TIME:
        value["hour"] = str(date.seconds // 3600)
        value["minute"] = str(date.seconds // 60 % 60)
        if date.seconds % 60:
            value["second"] = str(date.seconds % 60)
    value["display_date"] = display_date(date)
    return value


def display_date(date: PartialDate) -> str:
    """A date as people read dates elsewhere in spacetalks, in one style at every
    precision: "2025", "Jul 2025", "31 Jul 2025", "31 Jul 2025 08:40 UTC" (a time to
    the minute: its seconds stay in the slide's own ``second``)."""
    start = date.start
    text = str(start.year)
    if date.precision >= Precision.MONTH:
        text = f"{MONTHS[start.month - 1]} {text}"
    if date.precision >= Precision.DAY:
        text = f"{start.day} {text}"
    if date.precision == Precision.TIME:
        text += f" {date.seconds // 3600:02d}:{date.seconds // 60 % 60:02d} UTC"
    return text


def _html_paragraphs(*paragraphs: str) -> str:
    return "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs if text)


def _source_html(source: Source) -> str:
    label = html.escape(f"{source.publisher}: {source.title}")
    if target := link_target(source.url):
        label = f'<a href="{html.escape(target, quote=True)}">{label}</a>'
    return f"<li>{label}</li>"


def _sources_html(dataset: Dataset, event: Event) -> str:
    """The sources as lists, one for each disputed value they support, then the rest."""
    return "".join(
        f"<p>{html.escape(group.label)}:</p><ul>{''.join(map(_source_html, group.sources))}</ul>"
        for group in source_groups(dataset, event)
    )


def export_timelinejs(dataset: Dataset, events: Sequence[Event], options: ExportOptions) -> Export:
    """Knight Lab TimelineJS3 JSON: a title slide, events at their precision, eras, groups."""
    slides: list[dict[str, object]] = []
    eras: list[dict[str, object]] = []
    for event in events:
        date = dataset.event_dates[event.id]
        slide: dict[str, object] = {
            "unique_id": event.id,
            "start_date": _timelinejs_date(date),
            "text": {
                "headline": html.escape(event.title),
                "text": _html_paragraphs(
                    disputed_value(event.place or "", _dispute(dataset, event, "place")),
                    event.summary,
                    *evidence_lines(dataset, event),
                )
                + _sources_html(dataset, event),
            },
        }
        group = _group(dataset, event, options.group_by)
        if group:
            slide["group"] = group
        end = dataset.event_ends.get(event.id)
        if end is not None:
            slide["end_date"] = _timelinejs_date(end)
            eras.append(
                {
                    "start_date": _timelinejs_date(date),
                    "end_date": _timelinejs_date(end),
                    "text": {"headline": html.escape(event.title)},
                }
            )
        slides.append(slide)
    info = dataset.info
    title_text = info.description if info and info.description else ""
    document: dict[str, object] = {
        "title": {
            "text": {
                "headline": html.escape(info.title if info and info.title else options.title),
                "text": _html_paragraphs(title_text, f"{len(slides)} events."),
            }
        },
        "events": slides,
    }
    if eras:
        document["eras"] = eras
    return Export(json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n")


def _dispute(dataset: Dataset, event: Event, field: str) -> DisputeRow | None:
    """The dispute over one field of an event, if the sources disagree on it."""
    disputes = event_evidence(dataset, event)["disputes"]
    return next((dispute for dispute in disputes if dispute.field == field), None)


def _group(dataset: Dataset, event: Event, group_by: str) -> str:
    if group_by == "organization":
        return next(
            (
                dataset.organizations[org].abbreviation or dataset.organizations[org].name
                for org in event.organizations
            ),
            "",
        )
    return next((dataset.topics[topic].name for topic in event.topics), "")


def dot_string(text: str) -> str:
    """A DOT quoted string: control and format characters shown as escapes (then read as
    text: backslashes escaped), quotes escaped, line breaks as \\n."""
    escaped = visible(text, keep_newlines=True).replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return (
        '"' + "".join(char if char.isprintable() or char == "\\" else " " for char in escaped) + '"'
    )


def _dot_attributes(attributes: dict[str, str]) -> str:
    return ", ".join(
        f"{name}={dot_string(value) if name == 'label' else value}"
        for name, value in attributes.items()
    )


def _dot_node(key: str, **attributes: str) -> str:
    return f"  {dot_string(key)} [{_dot_attributes(attributes)}];"


def _dot_edge(tail: str, head: str, **attributes: str) -> str:
    attrs = f" [{_dot_attributes(attributes)}]" if attributes else ""
    return f"  {dot_string(tail)} -> {dot_string(head)}{attrs};"


def export_dot(dataset: Dataset, events: Sequence[Event], options: ExportOptions) -> Export:
    """A Graphviz graph: events linked to the people and organizations in them, and
    people to the organizations they held roles at (who met whom, who belongs where)."""
    lines = [
        f"digraph {dot_string(options.title)} {{",
        "  graph [rankdir=LR, fontname=Helvetica];",
        "  node [fontname=Helvetica, fontsize=10];",
        "  edge [fontname=Helvetica, fontsize=9];",
    ]
    people = sorted({person for event in events for person in event.people})
    orgs = list(dict.fromkeys(org for event in events for org in event.organizations))
    roles: dict[str, dict[str, list[str]]] = {}
    for person_id in people:
        held = roles.setdefault(person_id, {})
        for role in dataset.people[person_id].roles:
            held.setdefault(role.organization, []).append(role.title)
            if role.organization not in orgs:
                orgs.append(role.organization)
    for org_id in orgs:
        org = dataset.organizations[org_id]
        label = org.abbreviation or org.name
        lines.append(
            _dot_node(
                f"org:{org_id}", shape="box", style="filled", fillcolor="lightblue", label=label
            )
        )
    for person_id in people:
        lines.append(
            _dot_node(f"person:{person_id}", shape="ellipse", label=dataset.people[person_id].name)
        )
        for org_id, titles in roles[person_id].items():
            label = "; ".join(titles)
            lines.append(
                _dot_edge(f"person:{person_id}", f"org:{org_id}", style="dashed", label=label)
            )
    for event in events:
        shape = "note" if event.kind == "meeting" else "box"
        evidence = event_evidence(dataset, event)
        notes = [
            f"{dispute.field} disputed: "
            f"{' / '.join(alt.value for alt in contested_alternatives(dispute))}"
            if is_disagreement(dispute)
            else f"{dispute.field} {ADVANCE_STANCE}: "
            f"{' / '.join(alt.value for alt in advance_alternatives(dispute))}"
            for dispute in evidence["disputes"]
        ]
        if event_overdue(dataset, event):
            notes.append(overdue_text(event.date))
        if evidence["claimed_by_names"]:
            notes.append(claim_text(evidence["claimed_by_names"]))
        look = DOT_EVIDENCE_STYLES[(bool(evidence["disputes"]), bool(evidence["claimed_by_names"]))]
        label = "\n".join([event.date, event.title, *notes])
        lines.append(_dot_node(f"event:{event.id}", shape=shape, **look, label=label))
        lines += [_dot_edge(f"person:{person}", f"event:{event.id}") for person in event.people]
        lines += [
            _dot_edge(f"event:{event.id}", f"org:{org}", style="dotted")
            for org in event.organizations
        ]
    lines += DOT_LEGEND
    lines.append("}")
    return Export("\n".join(lines) + "\n")


DOT_EVIDENCE_STYLES: dict[tuple[bool, bool], dict[str, str]] = {
    (False, False): {"color": "gray40"},
    (True, False): {"color": "red", "style": "dashed", "penwidth": "2"},
    (False, True): {"color": "darkorange", "style": "dotted", "penwidth": "2"},
    (True, True): {"color": "red", "style": "dotted", "penwidth": "2"},
}
"""An event's outline by (disputed, one side's claim): red dashed where the sources
disagree, orange dotted for a claim no other side reports."""

DOT_LEGEND = [
    "  subgraph cluster_legend {",
    '    label="Legend"; fontname=Helvetica; fontsize=10; color=gray70;',
    *(
        f"  {_dot_node(key, shape='box', **look, label=label)}"
        for key, look, label in (
            ("legend:sourced", DOT_EVIDENCE_STYLES[(False, False)], "event the sources agree on"),
            (
                "legend:disputed",
                DOT_EVIDENCE_STYLES[(True, False)],
                "disputed fact (label says which)",
            ),
            ("legend:claim", DOT_EVIDENCE_STYLES[(False, True)], "one side's claim (per ...)"),
        )
    ),
    "  }",
]


def _picture(
    dataset: Dataset, events: Sequence[Event], options: ExportOptions, kind: str
) -> Export:
    console = make_console(io.StringIO(), color=True)
    console.width = options.width
    console.record = True
    if options.table:
        # The timeline's scanning rows, as a terminal of the picture's width draws them.
        console.print(ScanningTable(timeline_listing(dataset, events), title_justify="center"))
    else:
        console.print(chart_renderable(dataset, events, UNICODE, page=True))
    theme = _page_theme(options.background)
    drawn = _drawn_segments(console)
    if kind == "svg":
        return Export(_svg_links(console.export_svg(title=options.title, theme=theme), drawn))
    page = console.export_html(theme=theme, inline_styles=True, code_format=HTML_PAGE)
    for target in {segment.style.link for segment in drawn if segment.style and segment.style.link}:
        # Rich writes a link's target into href as it is; link_target left no quote or
        # angle bracket in it, but an ampersand must be escaped in an attribute.
        page = page.replace(f'href="{target}"', f'href="{html.escape(target)}"')
    head = f"<title>{html.escape(options.title)}</title>\n{jsonld_script(dataset, events)}"
    return Export(page.replace(HTML_HEAD_MARK, head, 1))


def _drawn_segments(console: Console) -> list[Segment]:
    """The segments a recording console will export, in the order Rich draws them: one
    ``<text>`` in an SVG for each that is not blank."""
    from rich.segment import Segment  # noqa: PLC0415 (Rich: drawn output only)

    segments = list(Segment.filter_control(console._record_buffer))
    return [
        segment
        for line in Segment.split_and_crop_lines(segments, length=console.width)
        for segment in line
        if segment.text != " " * len(segment.text)
    ]


_SVG_TEXT = re.compile(r"<text class=\"[^\"]*-r[0-9]+\"[^>]*>[^<]*</text>")


def _svg_links(svg: str, drawn: Sequence[Segment]) -> str:
    """Rich's SVG with each linked piece of text inside an ``<a href>`` (Rich draws
    links in SVG as plain text). Its ``<text>`` elements follow the drawn segments one
    for one; where they do not, the picture is left without links."""
    found = list(_SVG_TEXT.finditer(svg))
    if len(found) != len(drawn):
        return svg
    pieces = []
    position = 0
    for match, segment in zip(found, drawn, strict=True):
        link = segment.style.link if segment.style else None
        if link:
            pieces += [svg[position : match.start()], f'<a href="{html.escape(link)}">']
            pieces += [match.group(), "</a>"]
            position = match.end()
    return "".join(pieces) + svg[position:]


def _page_theme(background: str) -> TerminalTheme:
    """Rich's default terminal colours (used only where a view names a standard colour)
    on the page of ``background``; the views' own colours are fixed 256-colour ones
    chosen to read on either page (spacetalks.output.terminal.palette)."""
    from rich import terminal_theme  # noqa: PLC0415 (Rich: drawn output only)

    page, text = PAGE_COLOURS[background]
    standard = [terminal_theme.DEFAULT_TERMINAL_THEME.ansi_colors[number] for number in range(16)]
    rgb = [(colour.red, colour.green, colour.blue) for colour in standard]
    return terminal_theme.TerminalTheme(page, text, rgb[:8], rgb[8:])


HTML_HEAD_MARK = "<!-- head -->"
MONOSPACE = "Menlo,'DejaVu Sans Mono',consolas,'Courier New',monospace"
HTML_PAGE = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="UTF-8">
{HTML_HEAD_MARK}
<style>
{{stylesheet}}
body {{{{ color: {{foreground}}; background-color: {{background}}; }}}}
</style>
</head>
<body>
    <pre style="font-family:{MONOSPACE}"><code style="font-family:inherit">{{code}}</code></pre>
</body>
</html>
"""
"""Rich's page, with a title and the events' JSON-LD in its head."""


Exporter = Callable[[Dataset, Sequence[Event], ExportOptions], Export]

EXPORTERS: dict[ExportFormat, Exporter] = {
    ExportFormat.ics: export_ics,
    ExportFormat.timelinejs: export_timelinejs,
    ExportFormat.dot: export_dot,
    ExportFormat.svg: lambda dataset, events, options: _picture(dataset, events, options, "svg"),
    ExportFormat.html: lambda dataset, events, options: _picture(dataset, events, options, "html"),
    ExportFormat.jsonld: lambda dataset, events, options: Export(jsonld_text(dataset, events)),
    ExportFormat.datapackage: lambda dataset, events, options: Export(
        "", files=datapackage_files(dataset, events)
    ),
    ExportFormat.sqlite: lambda dataset, events, options: Export(
        "", data=sqlite_database(dataset, events)
    ),
}
