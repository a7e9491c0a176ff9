"""The catalogue of bad inputs: each gets a clear message and a stable exit code.

The same catalogue is the troubleshooting table of docs/troubleshooting.md; a test keeps
them equal.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import SMALL_DATASET, Invoke, Result, event, one_line, source
from terminal import clean_environment, run_into_head, run_piped, spacetalks_command

from spacetalks.cli.messages import LONGEST_LINE
from spacetalks.interchange.datapackage_read import LARGEST_PACKAGE_FILE
from spacetalks.store.load import bundled_path

ROOT = Path(__file__).resolve().parent.parent


def valid_with(**changes: object) -> bytes:
    """A small valid dataset with one event's fields changed."""
    record = event("e1", "2020")
    record.update(changes)
    return json.dumps({"sources": [source()], "events": [record]}).encode()


@dataclass(frozen=True)
class BadInput:
    """One catalogue entry: what was given, what spacetalks says, and its exit code."""

    name: str
    message: str
    code: int
    content: bytes | None = None
    """A dataset file to give with --no-bundled --data."""
    args: tuple[str, ...] = ()
    """Arguments after 'spacetalks' (the file's path replaces FILE; see materialize)."""
    kind: str = field(default="file")
    shows: str = ""
    """Text stdout must hold: how an accepted input is shown."""
    never_shows: str = ""
    """Characters (a regular expression's class body) stdout must not hold."""
    env: tuple[tuple[str, str], ...] = ()
    """Environment variables for the run (FILE in a value is the file's path)."""
    redirect: str = ""
    """A shell redirection of the standard streams: the case runs in a real subprocess."""
    package: Callable[[Path], None] | None = None
    """Changes a data package exported from SMALL_DATASET (its directory is PACKAGE in
    args, and TMP is the directory it is in)."""


def file_case(name: str, content: bytes, message: str, code: int = 3) -> BadInput:
    return BadInput(name, message, code, content, ("--no-bundled", "--data", "FILE", "timeline"))


def argument_case(name: str, args: tuple[str, ...], message: str, code: int = 2) -> BadInput:
    return BadInput(name, message, code, None, args, kind="argument")


CONTROLS = "\\x00-\\x09\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f"
"""Control characters but line ends, as a regular expression's class body."""


def stream_case(
    name: str, args: tuple[str, ...], redirect: str, message: str, code: int, shows: str = ""
) -> BadInput:
    """A run whose standard streams are closed or full (by a shell redirection)."""
    return BadInput(name, message, code, None, args, shows=shows, redirect=redirect)


def columns_case(value: str) -> BadInput:
    """A COLUMNS too narrow to draw in: the table is drawn at a sane width instead."""
    args = ("timeline", "-f", "table", "--on", "2018-10-10", "--kind", "meeting")
    return BadInput(f"COLUMNS={value}", "", 0, None, args, shows="date ", env=(("COLUMNS", value),))


def shown_case(
    name: str, title: str, args: tuple[str, ...], shows: str, never_shows: str = CONTROLS
) -> BadInput:
    """Hostile text in an event's title, and how one output shows it."""
    content = valid_with(title=title, date="2020-05-06")
    data = ("--no-bundled", "--data", "FILE")
    return BadInput(name, "", 0, content, (*data, *args), shows=shows, never_shows=never_shows)


def url_case(name: str, url: str, args: tuple[str, ...], shows: str, never_shows: str) -> BadInput:
    """Hostile text in a source's URL, and how one output shows it."""
    content = json.dumps({"sources": [{**source(), "url": url}], "events": []}).encode()
    data = ("--no-bundled", "--data", "FILE")
    return BadInput(name, "", 0, content, (*data, *args), shows=shows, never_shows=never_shows)


def completion_case(name: str, shell: str, person: str, shows: str) -> BadInput:
    """A person's name completed by a shell: what the shell is given instead."""
    content = json.dumps(
        {"sources": [source()], "people": [{"id": "evil", "name": person}]}
    ).encode()
    env = (
        ("SPACETALKS_DATA", "FILE"),
        ("_SPACETALKS_COMPLETE", f"complete_{shell}"),
        ("_TYPER_COMPLETE_ARGS", "spacetalks who ev"),
        ("_TYPER_COMPLETE_FISH_ACTION", "get-args"),
    )
    never = "$`\\\\\\[" + CONTROLS.replace("\\x09", "\\x08")  # fish separates by a tab
    return BadInput(
        name, "", 0, content, ("--no-bundled",), shows=shows, never_shows=never, env=env
    )


def package_case(
    name: str,
    change: Callable[[Path], None],
    message: str,
    code: int = 3,
    args: tuple[str, ...] = ("import", "PACKAGE"),
    shows: str = "",
) -> BadInput:
    """A data package from a stranger, changed, and what ``import`` says of it."""
    content = json.dumps(SMALL_DATASET).encode()
    return BadInput(name, message, code, content, args, shows=shows, package=change)


def edit_descriptor(change: Callable[[dict[str, Any]], object]) -> Callable[[Path], None]:
    """A package change that edits the descriptor's JSON (the first resource, events,
    is the one most cases change)."""

    def edit(package: Path) -> None:
        descriptor = package / "datapackage.json"
        document = json.loads(descriptor.read_text())
        assert document["resources"][0]["name"] == "sources"
        change(document)
        descriptor.write_text(json.dumps(document))

    return edit


def resource_path(path: str) -> Callable[[Path], None]:
    def change(document: dict[str, Any]) -> None:
        document["resources"][0]["path"] = path

    return edit_descriptor(change)


def replace_table(
    make: Callable[[Path], object], table: str = "events.csv"
) -> Callable[[Path], None]:
    """A package change that puts something else where one table's file was."""

    def change(package: Path) -> None:
        (package / table).unlink()
        make(package / table)

    return change


def symlink_to(target: str) -> Callable[[Path], object]:
    def make(path: Path) -> None:
        (path.parent.parent / "secret.csv").write_text("id,title\nsecret,Secret\n")
        path.symlink_to(target)

    return make


def device(path: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 5))  # /dev/zero's numbers
    except OSError:
        pytest.skip("cannot make a device node here")


def larger_than_the_cap(path: Path) -> None:
    with path.open("wb") as stream:  # sparse: no disk is used
        stream.truncate(LARGEST_PACKAGE_FILE + 1)


def edit_table(table: str, edit: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def change(package: Path) -> None:
        (package / table).write_bytes(edit((package / table).read_bytes()))

    return change


def nested_descriptor(package: Path) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    (package / "datapackage.json").write_bytes(b'{"x": ' + deep + b', "resources": []}')


def huge_position(table: bytes) -> bytes:
    header, first, rest = table.split(b"\r\n", 2)
    cells = first.split(b",")
    cells[header.split(b",").index(b"position")] = b"9" * 5_000
    return b"\r\n".join([header, b",".join(cells), rest])


def link_to_a_table(package: Path) -> None:
    (package.parent / "link.csv").symlink_to(package / "quotes.csv")


CATALOGUE = [
    file_case(
        "truncated JSON",
        b'{"events": [',
        "line 1, column 13: not valid JSON: the file ends in the middle of a value (truncated)",
    ),
    file_case(
        "a syntax error on line 3",
        b'{\n  "events": [\n    {"id": "x",}\n  ]\n}',
        "line 3, column 16: not valid JSON: trailing comma in object",
    ),
    file_case("a trailing comma", b'{"events": [],}', "not valid JSON: trailing comma in object"),
    file_case("a UTF-8 byte-order mark", b"\xef\xbb\xbf" + valid_with(), "", 0),
    file_case("invalid UTF-8", b'{"events": [{"id": "\xff"}]}', "not UTF-8 text: byte 0xff"),
    file_case("random binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not valid JSON"),
    file_case(
        "an array nested 100,000 deep",
        b'{"events": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "JSON is nested too deeply to read",
    ),
    file_case("null where text belongs", valid_with(title=None), "expected `str`, got `null`"),
    file_case("a number where text belongs", valid_with(title=5), "expected `str`, got `int`"),
    file_case(
        "an object where a list belongs", valid_with(people={}), "expected `array`, got `object`"
    ),
    file_case("an unknown field", valid_with(colour="red"), "unknown field `colour`"),
    file_case("the date 2025-02-30", valid_with(date="2025-02-30"), "is not a day of the calendar"),
    file_case("the date 0000-01-01", valid_with(date="0000-01-01"), "has year 0000"),
    file_case("the date 99999-01-01", valid_with(date="99999-01-01"), "is not a date; expected"),
    file_case("the date 2025-13", valid_with(date="2025-13"), "has month 13"),
    file_case("an empty date", valid_with(date=""), "'' is not a date"),
    file_case("an unknown reference", valid_with(people=["nobody"]), "unknown person 'nobody'"),
    file_case(
        "an id defined twice",
        json.dumps({"sources": [source(), source()]}).encode(),
        "duplicate id 'src-a'",
    ),
    file_case(
        "a reference listed twice",
        valid_with(sources=["src-a", "src-a"]),
        "sources: 'src-a' given more than once",
    ),
    file_case(
        "a key given twice",
        b'{"events": [], "events": []}',
        "the key 'events' is given more than once in this object",
    ),
    file_case(
        "a misspelt field",
        valid_with(sumary="x"),
        "unknown field `sumary`; did you mean 'summary'?",
    ),
    file_case(
        "a dispute about a field that does not exist",
        valid_with(
            disputes=[
                {
                    "field": "colour",
                    "alternatives": [
                        {"value": "red", "sources": ["src-a"]},
                        {"value": "blue", "sources": ["src-a"]},
                    ],
                }
            ]
        ),
        "disputes[0].field: 'colour' is not a field of an event",
    ),
    file_case("an empty file", b"", "the file is empty"),
    file_case("a file of blanks", b"   \n", "the file is empty"),
    file_case("a top-level array", b"[]", "the top level is an array"),
    file_case("a top-level string", b'"text"', "the top level is a string"),
    file_case(
        "an object where an array belongs", b'{"events": {}}', "must be an array, not an object"
    ),
    file_case(
        "an unknown top-level field",
        b'{"events": [], "extra": []}',
        "unknown top-level field 'extra'",
    ),
    file_case(
        "UTF-16 text",
        '{"events": []}'.encode("utf-16"),
        "the file is UTF-16 or UTF-32 text; a dataset is UTF-8: save it as UTF-8",
    ),
    file_case(
        "a number too large",
        valid_with(title="TITLE").replace(b'"TITLE"', b"1e400"),
        "$.events[0].title (id 'e1'): a number too large to read",
    ),
    BadInput(
        "an overlay redefining a bundled id",
        "duplicate id 'dmitry-bakanov'",
        3,
        json.dumps({"people": [{"id": "dmitry-bakanov", "name": "X"}]}).encode(),
        ("--data", "FILE", "timeline"),
    ),
    BadInput("a FIFO", "is not a regular file", 3, None, ("--data", "FIFO", "timeline")),
    BadInput("a directory", "is a directory", 3, None, ("--data", "DIRECTORY", "timeline")),
    BadInput("a missing file", "no such file", 3, None, ("--data", "MISSING", "timeline")),
    BadInput(
        "--data - (standard input)",
        "a dataset cannot be read from standard input",
        3,
        None,
        ("--data", "-", "timeline"),
    ),
    BadInput(
        "an empty --data path", "an empty path was given", 3, None, ("--data", "", "timeline")
    ),
    argument_case("an empty name", ("who", ""), "NAME is empty"),
    argument_case("an empty --person", ("timeline", "--person", ""), "no person matches ''"),
    argument_case("an empty --since", ("timeline", "--since", ""), "cannot read '' as a date"),
    argument_case(
        "a 100,000-character argument",
        ("timeline", "--person", "x" * 100_000),
        "(100,000 characters)",
    ),
    argument_case(
        "control characters in an argument",
        ("timeline", "--person", "\x1b[2J\x07"),
        "no person matches '\\x1b[2J\\x07'",
    ),
    argument_case("--limit -1", ("timeline", "--limit", "-1"), "not in the range x>=0"),
    argument_case("--limit 0", ("timeline", "--limit", "0", "--json"), "", 0),
    argument_case(
        "--since after --until",
        ("timeline", "--since", "2025", "--until", "2018"),
        "--since 2025 is after --until 2018; no event can match",
        0,
    ),
    argument_case("an unknown --fields name", ("timeline", "--fields", "colour"), "unknown field"),
    argument_case("an unknown --format", ("timeline", "--format", "yaml"), "'yaml' is not one of"),
    # --output writes like the shell's >, and never onto a dataset.
    argument_case(
        "--output onto the bundled dataset",
        ("export", "ics", "--output", "BUNDLED"),
        "is a dataset file spacetalks reads; writing to it would destroy it",
    ),
    BadInput(
        "--output onto a --data file",
        "is a dataset file spacetalks reads",
        2,
        valid_with(),
        ("--no-bundled", "--data", "FILE", "export", "ics", "--output", "FILE"),
    ),
    argument_case(
        "--output onto a directory",
        ("export", "ics", "--output", "DIRECTORY"),
        "is a directory; give a file",
    ),
    argument_case(
        "--output on a full disk",
        ("export", "ics", "--output", "FULL"),
        "No space left on device",
        74,
    ),
    argument_case(
        "--output into a missing directory",
        ("export", "ics", "--output", "MISSING/out.ics"),
        "No such file or directory",
    ),
    # Dataset text never drives a terminal or a shell (spacetalks.output.safe_text).
    shown_case(
        "an OSC 52 clipboard write in a title, as csv",
        "\x1b]52;c;ZXZpbA==\x07",
        ("timeline", "-f", "csv", "--fields", "title"),
        "\\x1b]52;c;ZXZpbA==\\x07",
    ),
    shown_case(
        "a carriage return and backspace in a title, as csv",
        "a\rb\bc",
        ("timeline", "-f", "csv", "--fields", "title"),
        "a\\rb\\x08c",
    ),
    shown_case(
        "a C1 control in a title, as json",
        "a\x9b2Jb",
        ("timeline", "--json"),
        "a\\u009b2Jb",
    ),
    shown_case(
        "a bidi override in a title, as jsonl",
        "a\u202eb",
        ("timeline", "-f", "jsonl"),
        "a\\u202eb",
        never_shows="\u202e",
    ),
    shown_case(
        "DEL in a title, as TimelineJS",
        "a\x7fb",
        ("export", "timelinejs"),
        "a\\u007fb",
    ),
    shown_case(
        "a line separator in a title, as tsv",
        "a\u2028b",
        ("timeline", "-f", "tsv", "--fields", "title"),
        "a\\u2028b",
        never_shows="\u2028",
    ),
    shown_case(
        "an escape sequence in a title, as ics",
        "a\x1b[2Jb",
        ("export", "ics"),
        "SUMMARY:a\\\\x1b[2Jb",
    ),
    shown_case(
        "a Hangul filler in a title, as plain",
        "a\u3164b",
        ("timeline", "--fields", "title"),
        "a\\u3164b",
        never_shows="\u3164",
    ),
    shown_case(
        "a tag character in a title, as a table",
        "a\U000e0041b",
        ("timeline", "-f", "table", "--fields", "title"),
        "a\\U000e0041b",
        never_shows="\U000e0041",
    ),
    url_case(
        "a URL that closes a BibTeX field and adds fields, as bibtex",
        "https://x.test/x},author={Mallory},addendum={\\input{/etc/passwd}",
        ("cite", "src-a", "--style", "bibtex"),
        "url = {https://x.test/x%7D,author=%7BMallory%7D,addendum=%7B%5Cinput%7B/etc/passwd%7D}",
        never_shows="\\\\",
    ),
    url_case(
        "a lone brace in a URL, as bibtex",
        "https://x.test/{",
        ("cite", "src-a", "--style", "bibtex"),
        "url = {https://x.test/%7B}",
        never_shows="\\\\",
    ),
    url_case(
        "a space in a URL, as bibtex",
        "https://x.test/x}, author = {Mallory}",
        ("cite", "src-a", "--style", "bibtex"),
        "year = {2020}\n}",
        never_shows="\\\\",
    ),
    shown_case(
        "a script end and a comment in a title, as JSON-LD",
        "</script><!--",
        ("export", "jsonld"),
        "\\u003c/script\\u003e\\u003c!--",
        never_shows="<>",
    ),
    shown_case(
        "Markdown in a title, as markdown",
        "*lunar* | <b>x</b>",
        ("timeline", "-f", "markdown", "--fields", "title"),
        "\\*lunar\\* \\| \\<b\\>x\\</b\\>",
    ),
    argument_case(
        "--no-header with markdown",
        ("timeline", "-f", "markdown", "--no-header"),
        "a Markdown table cannot be read without its header row",
    ),
    completion_case(
        "shell code in a name, completed in zsh",
        "zsh",
        "\\$(touch owned) `id`",
        '"evil":"(touch owned) id"',
    ),
    completion_case("Rich markup in a name, completed in fish", "fish", "[/] [bold]x", "/ bold x"),
    completion_case(
        "a newline in a name, completed in fish", "fish", "first\nsecond", "first second"
    ),
    # Dates: no fragment is completed from today, offsets become UTC, every date exports.
    argument_case("--on 5", ("timeline", "--on", "5"), "'5' is a bare number, not a date"),
    argument_case("--on -1", ("timeline", "--on", "-1"), "'-1' is a bare number, not a date"),
    argument_case(
        "--on 10:00", ("timeline", "--on", "10:00"), "'10:00' is a time of day without its date"
    ),
    argument_case(
        "--on 12th",
        ("timeline", "--on", "12th"),
        "'12th' is a day of the month without its month",
    ),
    argument_case(
        "--on '3rd of'",
        ("timeline", "--on", "3rd of"),
        "'3rd of' is a day of the month without its month",
    ),
    argument_case(
        "--on Monday", ("timeline", "--on", "Monday"), "'Monday' is a weekday, not a date"
    ),
    BadInput(
        "--on with a UTC offset",
        "",
        0,
        None,
        ("timeline", "--on", "2025-07-31T02:00+14:00", "--fields", "date,title"),
        shows="2025-07-30\tBakanov meets the Crew-11 crew",
        never_shows="\u2013",  # not the heads' meeting of 31 July (UTC)
    ),
    BadInput(
        "an event ending 9999-12-31, as ics",
        "",
        0,
        valid_with(date="2020-01-01", end="9999-12-31"),
        ("--no-bundled", "--data", "FILE", "export", "ics"),
        shows="DURATION:P2914635D",
    ),
    # Views for people stay bounded; machine formats keep everything.
    BadInput(
        "a 5 MB title, as a table",
        "",
        0,
        valid_with(title="x" * 5_000_000),
        ("--no-bundled", "--data", "FILE", "timeline", "-f", "table", "--fields", "title"),
        shows="more characters)",
    ),
    BadInput(
        "an event with 1,200 sources, as a table",
        "",
        0,
        json.dumps(
            {
                "sources": [source(f"s{index}") for index in range(1_200)],
                "events": [event("e1", "2020", sources=[f"s{index}" for index in range(1_200)])],
            }
        ).encode(),
        ("--no-bundled", "--data", "FILE", "show", "e1", "-f", "table"),
        shows="… and 700 more (every one with --json or -f plain)",
    ),
    # Messages stay short whatever was given, and snippets find their match.
    argument_case(
        "a 120,000-character --data path",
        ("--data", "/tmp/" + "a" * 120_000, "timeline"),
        "characters left out",
        3,
    ),
    argument_case(
        "a 5,000-digit --limit", ("timeline", "--limit", "9" * 5_000), "characters left out"
    ),
    BadInput(
        "two 200,000-character names matching --person",
        "characters left out",
        2,
        json.dumps(
            {
                "people": [
                    {"id": "a", "name": "Bakanov " + "x" * 200_000},
                    {"id": "b", "name": "Bakanov " + "y" * 200_000},
                ]
            }
        ).encode(),
        ("--no-bundled", "--data", "FILE", "timeline", "--person", "bakanov"),
    ),
    BadInput(
        "a search match after ß, ﬁ and Hangul",
        "",
        0,
        valid_with(title="ß" * 100 + " ﬁ" * 50 + " 한국어" * 20 + " Baikonur at last"),
        ("--no-bundled", "--data", "FILE", "search", "baikonur", "--fields", "snippet"),
        shows="Baikonur at last",
    ),
    # Closed and full streams: a failed write is exit 74, never an internal error.
    stream_case(
        "stdout closed (>&-)",
        ("timeline",),
        ">&-",
        "cannot write the output: standard output is closed",
        74,
    ),
    stream_case(
        "stdout on a full disk (>/dev/full)",
        ("who", "Bakanov"),
        ">/dev/full",
        "cannot write the output: No space left on device",
        74,
    ),
    stream_case("--help on a full disk", ("--help",), ">/dev/full", "No space left on device", 74),
    stream_case(
        "--version with stdout closed", ("--version",), ">&-", "standard output is closed", 74
    ),
    stream_case("stderr closed (2>&-)", ("timeline", "--limit", "1"), "2>&-", "", 0, "Bridenstine"),
    stream_case("stderr closed, and a usage error", ("timeline", "--since", "xx"), "2>&-", "", 2),
    stream_case("stdin closed (<&-)", ("timeline", "--limit", "1"), "<&-", "", 0, "Bridenstine"),
    *(columns_case(value) for value in ("0", "1")),
    # import reads only the package's own files (Frictionless forbids '..' and absolute
    # paths), and never writes onto them.
    package_case(
        "import: a resource path ../../secret.csv",
        resource_path("../../secret.csv"),
        "'../../secret.csv' has a '..' segment; a package names only files inside it",
    ),
    package_case(
        "import: an absolute resource path",
        resource_path("/etc/passwd"),
        "$.resources[0].path: '/etc/passwd' is absolute",
    ),
    package_case(
        "import: a resource path that is a URL",
        resource_path("https://example.com/sources.csv"),
        "is a URL; import reads only files inside the package",
    ),
    package_case(
        "import: a table that is a symbolic link out of the package",
        replace_table(symlink_to("../secret.csv"), "sources.csv"),
        "'sources.csv' leads out of the package's directory through a symbolic link",
    ),
    package_case(
        "import: a table linked to /dev/zero",
        replace_table(symlink_to("/dev/zero")),
        "'events.csv' leads out of the package's directory",
    ),
    package_case(
        "import: a table that is a FIFO",
        replace_table(os.mkfifo),
        "'events.csv' is a FIFO, not a regular file",
    ),
    package_case(
        "import: a table that is a device",
        replace_table(device),
        "'events.csv' is a character device, not a regular file",
    ),
    package_case(
        "import: a table over 256 MiB",
        replace_table(larger_than_the_cap),
        "'events.csv' is larger than 256 MiB",
    ),
    package_case(
        "import /dev/zero",
        lambda package: None,
        "/dev/zero: the descriptor is a character device, not a regular file",
        args=("import", "/dev/zero"),
    ),
    package_case(
        "import: a resource name that is a list",
        edit_descriptor(lambda document: document["resources"][0].update(name=["sources"])),
        "datapackage.json: $.resources[0].name: expected `str`, got `array`",
    ),
    package_case(
        "import: a descriptor nested 100,000 deep",
        nested_descriptor,
        "datapackage.json: JSON is nested too deeply to read",
    ),
    package_case(
        "import: a 5,000-digit number in the descriptor",
        edit_table(
            "datapackage.json",
            lambda descriptor: descriptor.replace(
                b'"version": "test"', b'"version": ' + b"9" * 5_000
            ),
        ),
        "datapackage.json: $.spacetalks_meta.version: number out of range",
    ),
    package_case(
        "import: a 5,000-digit number in a CSV",
        edit_table("events_sources.csv", huge_position),
        "events_sources.csv: row 2, column 'position':",
    ),
    package_case(
        "import: a CSV with a UTF-8 byte-order mark",
        edit_table("events.csv", lambda table: b"\xef\xbb\xbf" + table),
        "",
        0,
        shows='"id": "d2018-10-10"',
    ),
    package_case(
        "import: an unknown CSV column",
        edit_table("topics.csv", lambda table: table.replace(b"summary", b"sumary", 1)),
        "topics.csv: header: unknown column 'sumary'; did you mean 'summary'?",
    ),
    package_case(
        "import --output onto a table of the package",
        lambda package: None,
        "is a file of the package being imported; writing to it would destroy it",
        2,
        args=("import", "PACKAGE", "--output", "PACKAGE/events.csv"),
    ),
    package_case(
        "import --output onto ./datapackage.json",
        lambda package: None,
        "is a file of the package being imported",
        2,
        args=("import", "PACKAGE/datapackage.json", "--output", "PACKAGE/./datapackage.json"),
    ),
    package_case(
        "import --output through a link to a table",
        link_to_a_table,
        "is a file of the package being imported",
        2,
        args=("import", "PACKAGE", "--output", "TMP/link.csv"),
    ),
    # Dates the calendar cannot hold are usage errors; periods ending on its last day work.
    argument_case(
        "--since 9999-W52 (ends in 10000)",
        ("timeline", "--since", "9999-W52"),
        "'9999-W52' ends after 31 December 9999, the last day spacetalks can read",
    ),
    argument_case(
        "--until 10000-01-01",
        ("timeline", "--until", "10000-01-01"),
        "cannot read '10000-01-01' as a date",
    ),
    argument_case("--since 0000-Q1", ("timeline", "--since", "0000-Q1"), "has year 0000"),
    argument_case("--since 9999-Q4", ("timeline", "--since", "9999-Q4", "--json"), "", 0),
    argument_case("--on 9999-H2", ("timeline", "--on", "9999-H2", "--json"), "", 0),
]


def materialize(case: BadInput, tmp_path: Path) -> list[str]:
    """The arguments of a case, with its files created."""
    dataset = tmp_path / "dataset.json"
    dataset.write_bytes(case.content or b"")
    fifo = tmp_path / "fifo.json"
    if "FIFO" in case.args:
        os.mkfifo(fifo)
    places = {
        "FILE": str(dataset),
        "FIFO": str(fifo),
        "DIRECTORY": str(tmp_path),
        "MISSING": str(tmp_path / "missing.json"),
        "MISSING/out.ics": str(tmp_path / "missing" / "out.ics"),
        "BUNDLED": str(bundled_path()),
    }
    if "FULL" in case.args:  # a private /dev/full, so a failure cannot replace the real one
        places["FULL"] = str(tmp_path / "full")
        try:
            os.mknod(places["FULL"], stat.S_IFCHR | 0o666, os.makedev(1, 7))
        except OSError:
            pytest.skip("cannot make a device node here")
    package = tmp_path / "package"
    return [
        places.get(arg, arg).replace("PACKAGE", str(package)).replace("TMP/", f"{tmp_path}/")
        for arg in case.args
    ]


@pytest.mark.parametrize("case", CATALOGUE, ids=[case.name for case in CATALOGUE])
def test_bad_input_gets_its_message_and_exit_code(
    invoke: Invoke, tmp_path: Path, case: BadInput
) -> None:
    env = {name: value.replace("FILE", str(tmp_path / "dataset.json")) for name, value in case.env}
    args = materialize(case, tmp_path)
    if case.package is not None:
        exported = invoke(
            "--no-bundled",
            "--data",
            str(tmp_path / "dataset.json"),
            "export",
            "datapackage",
            "--output",
            str(tmp_path / "package"),
        )
        assert exported.exit_code == 0, exported.stderr
        case.package(tmp_path / "package")
    if case.redirect:
        result = run_redirected(args, case.redirect, env)
    else:
        result = invoke(*args, env=env or None)
    assert result.exit_code == case.code, result.stderr
    assert one_line(case.message) in result.said()
    assert "Traceback" not in result.stderr
    assert max(map(len, result.stderr.splitlines()), default=0) <= LONGEST_LINE + 100
    if case.code:
        assert result.stdout == ""
    assert case.shows in result.stdout
    if case.never_shows:
        assert not re.search(f"[{case.never_shows}]", result.stdout)


def run_redirected(args: list[str], redirect: str, env: dict[str, str]) -> Result:
    """spacetalks in a real subprocess, its standard streams redirected by bash."""
    command = " ".join(shlex.quote(part) for part in (*spacetalks_command(), *args))
    completed = subprocess.run(
        ["bash", "-c", f"{command} {redirect}"],
        capture_output=True,
        env=clean_environment(**env),
        timeout=60,
        check=False,
    )
    return Result(
        completed.returncode,
        completed.stdout.decode("utf-8", "replace"),
        completed.stderr.decode("utf-8", "replace"),
    )


def troubleshooting_row(case: BadInput) -> str:
    """The troubleshooting table's line for a case: the message as inline code (doubled
    backticks when it holds backticks itself)."""
    if not case.message and case.code:
        return f"| {case.name} | (nothing: stderr is closed) | {case.code} |"
    if not case.message:
        shown = f"; shown as {inline_code(case.shows)}" if case.shows else ""
        return f"| {case.name} | (accepted{shown}) | {case.code} |"
    return f"| {case.name} | {inline_code(case.message)} | {case.code} |"


def inline_code(text: str) -> str:
    text = text.replace("|", "\\|")
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def test_a_5_mb_string_is_accepted_and_shown_whole(
    invoke: Invoke, write_json: Callable[..., Path]
) -> None:
    long_title = "é" * 2_500_000 + "x" * 2_500_000
    path = write_json({"sources": [source()], "events": [event("e1", "2020", title=long_title)]})
    result = invoke("--no-bundled", "--data", str(path), "timeline", "--json")
    assert result.exit_code == 0
    assert result.json()[0]["title"] == long_title


def test_an_unexpected_error_is_one_line_and_exit_70(tmp_path: Path) -> None:
    program = (
        "import spacetalks.cli.program as cli\n"
        "def broken(**_):\n"
        "    raise RuntimeError('simulated failure')\n"
        "cli.app = broken\n"
        "cli.main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        env=clean_environment(),
        check=False,
    )
    assert result.returncode == 70
    assert result.stderr.splitlines() == [
        "spacetalks: internal error: RuntimeError: simulated failure",
        "Run again with SPACETALKS_DEBUG=1 to see the details.",
    ]
    debug = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        env=clean_environment(SPACETALKS_DEBUG="1"),
        check=False,
    )
    assert "Traceback" in debug.stderr


OUTPUT_FORMATS = ["table", "plain", "tsv", "csv", "json", "jsonl", "markdown"]
ALL_COMMANDS = [
    ["timeline"],
    ["timeline", "--chart"],
    ["who", "Bakanov"],
    ["people"],
    ["orgs"],
    ["topics"],
    ["topics", "ross"],
    ["show", "Bakanov and Duffy"],
    ["quotes"],
    ["sources"],
    ["search", "ISS"],
    ["between", "Bridenstine and Rogozin", "Bakanov and Duffy"],
    ["validate"],
    ["export", "ics"],
    ["export", "timelinejs"],
    ["export", "dot"],
    ["export", "svg"],
    ["export", "html"],
]


def test_the_bundled_dataset_is_never_written(invoke: Invoke) -> None:
    from spacetalks.store.load import read_bundled_bytes

    before = hashlib.sha256(read_bundled_bytes()).hexdigest()
    for args in ALL_COMMANDS:
        assert invoke(*args).exit_code == 0, args
    assert hashlib.sha256(read_bundled_bytes()).hexdigest() == before


PIPED = [*ALL_COMMANDS, *(["timeline", "-f", name] for name in OUTPUT_FORMATS)]
"""Every command, and the timeline in every output format: run piped, in a subprocess."""


@pytest.mark.slow
@pytest.mark.parametrize("args", PIPED, ids=[" ".join(args) for args in PIPED])
@pytest.mark.parametrize("encoding", ["LC_ALL=C", "ascii", "latin-1"])
def test_every_command_survives_narrow_encodings(args: list[str], encoding: str) -> None:
    env = (
        clean_environment(LC_ALL="C", LANG="C")
        if encoding == "LC_ALL=C"
        else clean_environment(PYTHONIOENCODING=encoding)
    )
    result = run_piped(*args, env=env)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("args", PIPED, ids=[" ".join(args) for args in PIPED])
def test_every_command_is_quiet_when_the_pipe_closes(args: list[str]) -> None:
    result = run_into_head(*args, head="-c 1")
    for noise in (b"Traceback", b"BrokenPipe", b"Exception ignored", b"Error"):
        assert noise not in result.stderr
    assert result.returncode == 0
    assert len(result.stdout) == 1


@pytest.mark.parametrize("output_format", ["json", "jsonl"])
def test_json_stays_complete_on_an_ascii_stream(output_format: str) -> None:
    result = run_piped(
        "timeline", "-f", output_format, env=clean_environment(PYTHONIOENCODING="ascii")
    )
    assert result.returncode == 0, result.stderr
    assert "\\u2013" in result.stdout.decode("ascii")  # an en dash, escaped: nothing lost


def test_json_escapes_what_an_ascii_stream_cannot_carry() -> None:
    result = run_piped("who", "Bakanov", "--json", env=clean_environment(PYTHONIOENCODING="ascii"))
    profile = json.loads(result.stdout.decode("ascii"))
    assert profile["native_name"] == "Дмитрий Баканов"


def test_small_dataset_fixture_is_valid(invoke: Invoke, small: list[str]) -> None:
    """The catalogue's good baseline really is good."""
    assert invoke(*small, "validate").exit_code == 0
    assert SMALL_DATASET["events"]
