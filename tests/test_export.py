"""Exports (ics, timelinejs, dot, svg, html) and the terminal chart."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import msgspec
import pytest
from conftest import Invoke, event, source
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from terminal import run_on_terminal
from test_dates import dataset_dates
from typer.testing import CliRunner

from spacetalks.cli import load_commands
from spacetalks.dataset.dates import parse_date
from spacetalks.dataset.model import DatasetFile
from spacetalks.output.safe_link import link_target
from spacetalks.store.load import read_bundled_bytes

WriteJson = Callable[..., Path]


def test_ics_round_trips_through_icalendar(invoke: Invoke, small: list[str]) -> None:
    from icalendar import Calendar

    result = invoke(*small, "export", "ics")
    assert result.exit_code == 0
    calendar = Calendar.from_ical(result.stdout)
    entries = {str(entry["uid"]): entry for entry in calendar.walk("VEVENT")}
    # y2018 (a year) and m2018-10 (a month) cannot be calendar entries.
    assert set(entries) == {
        f"{event_id}@spacetalks"
        for event_id in ["d2018-10-10", "d2018-10-10b", "span", "d2025-07-31", "t2025-08-01"]
    }
    assert "left out 2 events dated only to the month or year" in result.stderr
    all_day = entries["d2018-10-10@spacetalks"]
    assert all_day.decoded("dtstart") == dt.date(2018, 10, 10)
    assert all_day.decoded("dtend") == dt.date(2018, 10, 11)
    assert str(all_day["location"]) == "Baikonur"
    span = entries["span@spacetalks"]
    assert span.decoded("dtend") == dt.date(2025, 1, 3)  # the day after the end
    timed = entries["t2025-08-01@spacetalks"]
    assert timed.decoded("dtstart") == dt.datetime(2025, 8, 1, 15, 43, tzinfo=dt.UTC)
    assert "A report" in str(timed["description"])  # the sources
    assert entries["d2025-07-31@spacetalks"]["status"] == "CANCELLED"
    assert all("dtstamp" in entry for entry in entries.values())


def test_ics_uids_are_stable_between_exports(invoke: Invoke) -> None:
    from icalendar import Calendar

    def uids() -> list[str]:
        calendar = Calendar.from_ical(invoke("export", "ics").stdout)
        return [str(entry["uid"]) for entry in calendar.walk("VEVENT")]

    first = uids()
    assert first
    assert first == uids()
    assert len(set(first)) == len(first)


def test_timelinejs_has_the_documented_shape(invoke: Invoke, small: list[str]) -> None:
    document = json.loads(invoke(*small, "export", "timelinejs").stdout)
    assert set(document["title"]["text"]) == {"headline", "text"}
    slides = {slide["unique_id"]: slide for slide in document["events"]}
    assert slides["y2018"]["start_date"] == {"year": "2018", "display_date": "2018"}
    assert slides["m2018-10"]["start_date"] == {
        "year": "2018",
        "month": "10",
        "display_date": "Oct 2018",
    }
    assert slides["t2025-08-01"]["start_date"] == {
        "year": "2025",
        "month": "8",
        "day": "1",
        "hour": "15",
        "minute": "43",
        "display_date": "1 Aug 2025 15:43 UTC",
    }
    assert slides["span"]["end_date"]["day"] == "2"
    assert slides["y2018"]["group"] == "Moon missions"
    assert all(slide["text"]["headline"] for slide in slides.values())
    (era,) = document["eras"]
    assert era["start_date"]["year"] == "2024"


DISPLAY_DATE = re.compile(
    r"(?:(?:[1-9]|[12][0-9]|3[01]) )?(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) )?"
    r"[0-9]{4}(?: [0-2][0-9]:[0-5][0-9] UTC)?"
)


def test_timelinejs_display_dates_have_one_style(invoke: Invoke) -> None:
    """Every date reads as people read dates elsewhere ("31 Jul 2025 08:40 UTC",
    "Jul 2025"), never an ISO form, whatever the precision or the seconds."""
    document = json.loads(invoke("export", "timelinejs").stdout)
    dates = [
        slide[key]
        for slide in [*document["events"], *document.get("eras", [])]
        for key in ("start_date", "end_date")
        if key in slide
    ]
    assert len(dates) > len(document["events"])
    precisions = set()
    for date in dates:
        shown = date["display_date"]
        assert DISPLAY_DATE.fullmatch(shown), shown
        parts = [date["year"]]
        if "month" in date:
            parts.insert(0, MONTH_ABBREVIATIONS[int(date["month"]) - 1])
        if "day" in date:
            parts.insert(0, date["day"])
        if "hour" in date:
            parts.append(f"{int(date['hour']):02d}:{int(date['minute']):02d} UTC")
        assert shown == " ".join(parts)
        precisions.add(len(parts))
    assert precisions == {1, 2, 3, 4}  # the bundled dataset has every precision
    by_id = {slide["unique_id"]: slide["start_date"] for slide in document["events"]}
    # Dated 2022-09-21T13:54:49Z: the minute shown, the second kept for TimelineJS.
    assert by_id["2022-09-21-soyuz-ms-22-launch"]["display_date"] == "21 Sep 2022 13:54 UTC"
    assert by_id["2022-09-21-soyuz-ms-22-launch"]["second"] == "49"


MONTH_ABBREVIATIONS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]


def test_timelinejs_groups_by_organization(invoke: Invoke, small: list[str]) -> None:
    document = json.loads(
        invoke(*small, "export", "timelinejs", "--group-by", "organization").stdout
    )
    groups = {slide["unique_id"]: slide.get("group") for slide in document["events"]}
    assert groups["m2018-10"] == "AX"


@pytest.mark.parametrize(
    ("option", "value", "choices"),
    [
        ("--group-by", "person", "topic or organization"),
        ("--background", "grey", "light or dark"),
    ],
)
def test_a_fixed_value_it_does_not_know_is_a_usage_error_naming_the_others(
    invoke: Invoke, option: str, value: str, choices: str
) -> None:
    result = invoke("export", "svg", option, value)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"Invalid value for '{option}': '{value}' is not {choices}" in result.said()


def test_timelinejs_escapes_html(invoke: Invoke, write_json: WriteJson) -> None:
    data = {
        "sources": [source()],
        "events": [event("e1", "2020", title="<script>alert(1)</script>", summary="a & b")],
    }
    path = write_json(data)
    document = json.loads(
        invoke("--no-bundled", "--data", str(path), "export", "timelinejs").stdout
    )
    (slide,) = document["events"]
    assert slide["text"]["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "a &amp; b" in slide["text"]["text"]


def dot_binary() -> str:
    found = shutil.which("dot")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("graphviz's dot is missing; .ci/run installs it")
        pytest.skip("graphviz is not installed (apt-get install graphviz)")
    return found


def test_dot_renders_with_graphviz(invoke: Invoke) -> None:
    dot = invoke("export", "dot", "--since", "2018", "--until", "2025-08")
    assert dot.exit_code == 0
    rendered = subprocess.run(
        [dot_binary(), "-Tsvg"], input=dot.stdout, capture_output=True, text=True, check=False
    )
    assert rendered.returncode == 0, rendered.stderr
    svg = ElementTree.fromstring(rendered.stdout)
    assert svg.tag.endswith("svg")
    assert "Dmitry Bakanov" in rendered.stdout
    assert "Roscosmos" in rendered.stdout


def test_dot_escapes_every_label(invoke: Invoke, write_json: WriteJson) -> None:
    nasty = 'He said "hi" \\ and left}\n];'
    data = {
        "sources": [source()],
        "organizations": [{"id": "o", "name": nasty}],
        "people": [
            {
                "id": "p",
                "name": nasty,
                "roles": [{"title": nasty, "organization": "o", "sources": ["src-a"]}],
            }
        ],
        "events": [event("e1", "2020", title=nasty, people=["p"], organizations=["o"])],
    }
    path = write_json(data)
    dot = invoke("--no-bundled", "--data", str(path), "export", "dot").stdout
    rendered = subprocess.run(
        [dot_binary(), "-Tsvg"], input=dot, capture_output=True, text=True, check=False
    )
    assert rendered.returncode == 0, rendered.stderr
    assert rendered.stdout.count("He said &quot;hi&quot;") >= 3


@pytest.mark.parametrize(
    ("export_format", "table"), [("svg", False), ("svg", True), ("html", False)]
)
def test_pictures_are_well_formed(
    invoke: Invoke, small: list[str], export_format: str, table: bool
) -> None:
    args = [*small, "export", export_format, *(["--table"] if table else [])]
    result = invoke(*args)
    assert result.exit_code == 0
    if export_format == "svg":
        root = ElementTree.fromstring(result.stdout)
        assert root.tag.endswith("svg")
    else:
        assert result.stdout.lstrip().lower().startswith("<!doctype html>")
    assert "Event&#160;d2018-10-10" in result.stdout or "Event d2018-10-10" in result.stdout


def test_export_writes_the_file_atomically(
    invoke: Invoke, small: list[str], tmp_path: Path
) -> None:
    target = tmp_path / "out.ics"
    target.write_text("old")
    result = invoke(*small, "export", "ics", "--output", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text().startswith("BEGIN:VCALENDAR")
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".out.ics")] == []


def test_failed_export_leaves_no_half_file(
    invoke: Invoke, small: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spacetalks.interchange import timeline_formats as export

    target = tmp_path / "out.json"
    target.write_text("old")

    def broken(*_: object) -> export.Export:
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(export.EXPORTERS, export.ExportFormat.timelinejs, broken)
    with pytest.raises(RuntimeError):
        invoke(*small, "export", "timelinejs", "--output", str(target))
    assert target.read_text() == "old"
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".out.json")] == []


def test_export_to_a_missing_directory_is_an_error(
    invoke: Invoke, small: list[str], tmp_path: Path
) -> None:
    result = invoke(*small, "export", "ics", "--output", str(tmp_path / "no" / "such" / "x.ics"))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_unknown_export_format_lists_the_valid_ones(invoke: Invoke) -> None:
    result = invoke("export", "pdf")
    assert result.exit_code == 2
    for name in ["ics", "timelinejs", "dot", "svg", "html"]:
        assert name in result.stderr


def test_export_takes_the_timeline_filters(invoke: Invoke, small: list[str]) -> None:
    document = json.loads(invoke(*small, "export", "timelinejs", "--person", "Anna").stdout)
    assert [slide["unique_id"] for slide in document["events"]] == ["y2018", "d2018-10-10"]


def test_chart_folds_long_gaps_and_marks_disputes(invoke: Invoke, small: list[str]) -> None:
    result = invoke(*small, "timeline", "--chart")
    assert result.exit_code == 0
    lines = result.lines()
    assert "     ⋮ 6 years 1 month ⋮" in lines
    disputed = next(line for line in lines if "2025-07-31" in line)
    assert "‡" in disputed
    assert "✕" in disputed  # scrubbed
    assert any(line.startswith("2018 ┼") for line in lines)
    assert "✕ scrubbed or cancelled" in result.stdout  # the legend


def test_chart_refuses_output_formats(invoke: Invoke, small: list[str]) -> None:
    assert invoke(*small, "timeline", "--chart", "--json").exit_code == 2


@pytest.mark.parametrize("columns", [60, 100])
def test_chart_fits_the_terminal(columns: int) -> None:
    run = run_on_terminal("timeline", "--chart", columns=columns)
    assert run.exit_code == 0
    import re

    plain = re.sub(r"\x1b\[[0-9;]*m", "", run.screen)
    lines = plain.replace("\r", "").splitlines()
    assert max(len(line) for line in lines) <= columns
    assert "⋮" in plain
    assert "\x1b[" in run.screen


def test_chart_without_colour_on_a_terminal_keeps_its_marks() -> None:
    run = run_on_terminal("--no-color", "timeline", "--chart", columns=80)
    assert "\x1b[" not in run.screen
    assert "◆ meeting" in run.screen  # a kind in the legend, by its glyph
    assert "‡" in run.screen


def test_chart_uses_ascii_where_unicode_cannot_be_written() -> None:
    from terminal import clean_environment, run_piped

    result = run_piped("timeline", "--chart", env=clean_environment(PYTHONIOENCODING="ascii"))
    assert result.returncode == 0
    text = result.stdout.decode("ascii")
    assert "2018 +" in text
    assert "?" not in text.split("\n")[0][:8]


EXTREME_DATES = {
    "sources": [{"id": "s", "title": "t", "publisher": "p", "date": "9999-12-31"}],
    "people": [
        {
            "id": "p",
            "name": "P",
            "born": "0001-01-01",
            "roles": [
                {
                    "title": "x",
                    "organization": "o",
                    "from": "0001",
                    "to": "9999-12-31",
                    "sources": ["s"],
                }
            ],
        }
    ],
    "organizations": [{"id": "o", "name": "O"}],
    "topics": [{"id": "t", "name": "T"}],
    "quotes": [{"id": "q", "speaker": "p", "text": "hi", "date": "9999-12-31", "sources": ["s"]}],
    "events": [
        event("last", "9999-12-31", people=["p"], organizations=["o"], topics=["t"], sources=["s"]),
        event("all-time", "0001-01-01", end="9999-12-31", sources=["s"]),
        event("timed", "9999-12-31T23:59:59Z", scheduled="0001-01-01T00:00Z", sources=["s"]),
        event("first-year", "0001", sources=["s"]),
        event("last-month", "9999-12", sources=["s"]),
    ],
}
"""Every date at the edges of what the validator accepts."""


@pytest.mark.parametrize(
    "args",
    [
        ["export", "ics"],
        ["export", "timelinejs"],
        ["export", "dot"],
        ["export", "svg"],
        ["export", "html"],
        ["export", "jsonld"],
        ["timeline", "--chart"],
        ["timeline", "--gaps", "-f", "table"],
        ["between", "first-year", "last"],
        ["who", "p", "-f", "table"],
        ["show", "all-time", "-f", "table"],
        ["cite", "--style", "bibtex"],
        ["stats"],
    ],
    ids=" ".join,
)
def test_every_date_the_validator_accepts_exports(
    invoke: Invoke, write_json: Callable[..., Path], args: list[str]
) -> None:
    data = ["--no-bundled", "--data", str(write_json(EXTREME_DATES))]
    assert invoke(*data, "validate").exit_code == 0
    result = invoke(*data, *args)
    assert result.exit_code == 0, result.stderr


def test_an_event_ending_on_the_last_day_of_the_calendar_lasts_in_ics(
    invoke: Invoke, write_json: Callable[..., Path]
) -> None:
    from icalendar import Calendar

    path = write_json(EXTREME_DATES)
    text = invoke("--no-bundled", "--data", str(path), "export", "ics").stdout
    assert len(Calendar.from_ical(text).walk("VEVENT")) == 3
    assert "UID:all-time@spacetalks" in text
    assert "DURATION:P3652059D" in text  # 0001-01-01 through 9999-12-31
    assert "DURATION:P1D" in text  # 9999-12-31 alone


valid_dates = dataset_dates() | st.sampled_from(
    ["0001", "0001-01", "0001-01-01", "9999", "9999-12", "9999-12-31", "9999-12-31T23:59:59Z"]
)
"""Any date the validator accepts, the edges of the calendar more often."""


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(valid_dates, min_size=1, max_size=4), st.sampled_from(["ics", "timelinejs"]))
def test_any_valid_dates_export(
    tmp_path_factory: pytest.TempPathFactory, dates: list[str], export_format: str
) -> None:
    """Whatever dates validate, each as an event that also ends on the latest day given."""
    last = max(dates, key=lambda text: parse_date(text).last_day)
    end = parse_date(last).end.isoformat()
    events = [event(f"e{index}", date, end=end) for index, date in enumerate(dates)]
    path = tmp_path_factory.mktemp("dates") / "data.json"
    path.write_text(json.dumps({"sources": [source()], "events": events}), encoding="utf-8")
    result = CliRunner().invoke(
        load_commands(), ["--no-bundled", "--data", str(path), "export", export_format]
    )
    assert result.exit_code == 0, (result.stderr, result.exception)


class _PageLinks(HTMLParser):
    """The links of an HTML page and its text, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self.links.append((self._href, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._href = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._href is not None:
            href, label = self.links[-1]
            self.links[-1] = (href, label + data)


def _svg_links(svg: str) -> tuple[list[tuple[str, str]], str]:
    """The links of an SVG picture and its text, read as XML (as a browser reads SVG)."""
    root = ElementTree.fromstring(svg)
    namespace = "{http://www.w3.org/2000/svg}"
    links = [
        (anchor.get("href") or "", "".join(anchor.itertext()).replace("\xa0", " "))
        for anchor in root.iter(f"{namespace}a")
    ]
    lines: dict[str, list[tuple[float, str]]] = {}
    for text in root.iter(f"{namespace}text"):
        if "-r" in (text.get("class") or ""):
            lines.setdefault(text.get("y") or "", []).append(
                (float(text.get("x") or 0), "".join(text.itertext()).replace("\xa0", " "))
            )
    drawn = "\n".join(
        "".join(piece for _, piece in sorted(pieces))
        for _, pieces in sorted(lines.items(), key=lambda item: float(item[0]))
    )
    return links, drawn


def _page_parts(export_format: str, page: str) -> tuple[list[tuple[str, str]], str]:
    if export_format == "svg":
        return _svg_links(page)
    parser = _PageLinks()
    parser.feed(page)
    return parser.links, "".join(parser.text)


def _unwrapped(text: str) -> str:
    """A picture's text with the axis and the wrapping taken out."""
    return " ".join(text.replace("│", " ").replace("┼", " ").split())


@pytest.mark.parametrize("export_format", ["html", "svg"])
def test_pictures_show_whole_titles_and_link_every_source(
    invoke: Invoke, export_format: str
) -> None:
    window = ["--since", "2025-07", "--until", "2025-08"]
    result = invoke("export", export_format, *window, "--width", "60")
    assert result.exit_code == 0, result.stderr
    links, text = _page_parts(export_format, result.stdout)
    assert "…" not in text
    events = invoke("timeline", *window, "--json").json()
    assert len(events) > 5
    whole = _unwrapped(text)
    for row in events:
        assert _unwrapped(row["title"]) in whole
    bundled = msgspec.json.decode(read_bundled_bytes(), type=DatasetFile)
    sources = {source.id: source for source in bundled.sources}
    records = {record.id: record for record in bundled.events}
    cited = {source_id for row in events for source_id in records[row["id"]].sources}
    cited |= {
        source_id
        for row in events
        for dispute in records[row["id"]].disputes
        for alternative in dispute.alternatives
        for source_id in alternative.sources
    }
    expected = {link_target(sources[source_id].url) for source_id in cited} - {None}
    assert {href for href, _ in links} == expected
    labels: dict[str, str] = {}
    for href, label in links:  # a name wrapped onto two lines is two links to one place
        labels[href] = f"{labels.get(href, '')} {label}".strip()
    for href, label in labels.items():
        publishers = {
            source.publisher
            for source in sources.values()
            if source.url and link_target(source.url) == href
        }
        assert any(" ".join(label.split()).startswith(name) for name in publishers), label


@pytest.mark.parametrize("export_format", ["html", "svg"])
def test_pictures_link_only_clean_web_addresses(
    invoke: Invoke, write_json: WriteJson, export_format: str
) -> None:
    document = {
        "sources": [
            {**source("src-js"), "publisher": "Script", "url": "javascript:alert(1)"},
            {**source("src-amp"), "publisher": "Amp", "url": "https://x.test/a?b=1&copy=2"},
            {**source("src-quote"), "publisher": "Quote", "url": 'https://x.test/"><b>'},
        ],
        "events": [event("e1", "2025-01-01", sources=["src-js", "src-amp", "src-quote"])],
    }
    path = write_json(document)
    result = invoke("--no-bundled", "--data", str(path), "export", export_format)
    assert result.exit_code == 0, result.stderr
    links, text = _page_parts(export_format, result.stdout)
    assert links == [
        ("https://x.test/a?b=1&copy=2", "Amp"),
        ("https://x.test/%22%3E%3Cb%3E", "Quote"),
    ]
    assert "Script" in text  # named, but not a link
    assert "javascript" not in result.stdout
