"""Shared fixtures: an isolated environment, a CLI runner, and small datasets."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner

from spacetalks.cli import load_commands

app = load_commands()


@pytest.fixture(scope="session", autouse=True)
def commands_built_once() -> Iterator[None]:
    """Typer's test runner turns the app into a Click command on every call (about 80 ms,
    most of a short test); a process of the real program does it once. So do the tests."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", functools.cache(typer.main.get_command))
        yield


USER_STATE_VARIABLES = (
    "SPACETALKS_DATA",
    "SPACETALKS_DATE_ORDER",
    "SPACETALKS_DEBUG",
    "SPACETALKS_NO_FAST_EXIT",
    "NO_COLOR",
    "FORCE_COLOR",
    "COLUMNS",
    "LINES",
    "PAGER",
    "SPACETALKS_PAGER",
    "LESS",
    "COLORFGBG",
)


@pytest.fixture(autouse=True)
def isolated_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No user setting, cache or data path leaks into a test."""
    for name in USER_STATE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TERM", "xterm-256color")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


Invoke = Callable[..., "Result"]


class Result:
    """What one CLI run printed and how it ended."""

    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr

    def json(self) -> Any:
        return json.loads(self.stdout)

    def lines(self) -> list[str]:
        return self.stdout.splitlines()

    def said(self) -> str:
        """stderr as one line, without the box Typer draws around usage errors."""
        return one_line(self.stderr)


_CELL_ESCAPE = re.compile(r"\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|.)", re.DOTALL)
_CELL_ESCAPES = {"\\t": "\t", "\\n": "\n", "\\r": "\r", "\\\\": "\\", "\\,": ","}


def cell_value(cell: str) -> str:
    """The text of a plain, tsv or csv cell, its escapes read back (docs/output.md)."""
    return _CELL_ESCAPE.sub(
        lambda match: _CELL_ESCAPES.get(match.group()) or chr(int(match.group()[2:], 16)), cell
    )


def list_items(cell: str) -> list[str]:
    """The items of a list in a plain, tsv or csv cell: split at each ", " whose comma no
    backslash escapes, each item's escapes read back, as a script would read them."""
    if not cell:
        return []
    items, start, at = [], 0, 0
    while at < len(cell):
        if cell[at] == "\\":  # an escape: its next character is part of it
            at += 2
        elif cell.startswith(", ", at):
            items.append(cell[start:at])
            at = start = at + 2
        else:
            at += 1
    return [cell_value(item) for item in [*items, cell[start:]]]


def one_line(text: str) -> str:
    """Text with Rich's box drawing and every run of white space made one space."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", text).split())


@pytest.fixture
def invoke(runner: CliRunner) -> Invoke:
    """Run the app with arguments, as a user would type them after 'spacetalks'."""

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        outcome = runner.invoke(app, list(args), env=env, catch_exceptions=False)
        return Result(outcome.exit_code, outcome.stdout, outcome.stderr)

    return run


def source(source_id: str = "src-a") -> dict[str, object]:
    return {"id": source_id, "title": "A report", "publisher": "Example News", "date": "2020"}


def event(event_id: str, date: str, **fields: object) -> dict[str, object]:
    record: dict[str, object] = {
        "id": event_id,
        "date": date,
        "title": f"Event {event_id}",
        "kind": "meeting",
        "status": "happened",
        "sources": ["src-a"],
    }
    record.update(fields)
    return record


SMALL_DATASET: dict[str, object] = {
    "meta": {"version": "test", "as_of": "2026-01-01"},
    "sources": [source("src-a"), source("src-b")],
    "organizations": [
        {"id": "agency-x", "name": "Agency X", "abbreviation": "AX", "country": "Nowhere"},
        {"id": "agency-y", "name": "Ägency Ÿ", "abbreviation": "AY", "native_name": "Агентство"},
    ],
    "people": [
        {
            "id": "anna-petrova",
            "name": "Anna Petrova",
            "native_name": "Анна Петрова",
            "aliases": ["A. Petrova"],
            "roles": [
                {"title": "Head", "organization": "agency-y", "from": "2019", "sources": ["src-a"]}
            ],
        },
        {"id": "jose-nunez", "name": "José Núñez", "aliases": ["Pepe"]},
        {"id": "john-smith", "name": "John Smith"},
        {"id": "john-stone", "name": "John Stone"},
    ],
    "topics": [
        {"id": "moon", "name": "Moon missions", "summary": "Lunar plans."},
        {"id": "station", "name": "Space station", "related": ["moon"]},
    ],
    "events": [
        event("y2018", "2018", people=["anna-petrova"], topics=["moon"], kind="plan"),
        event("m2018-10", "2018-10", organizations=["agency-x"], status="planned"),
        event(
            "d2018-10-10",
            "2018-10-10",
            people=["anna-petrova", "jose-nunez"],
            organizations=["agency-x", "agency-y"],
            topics=["station"],
            place="Baikonur",
        ),
        event("d2018-10-10b", "2018-10-10", people=["john-smith"], kind="launch"),
        event("t2025-08-01", "2025-08-01T15:43:00Z", kind="launch", topics=["station"]),
        event(
            "d2025-07-31",
            "2025-07-31",
            people=["jose-nunez", "john-stone"],
            scheduled="2025-07-30",
            status="scrubbed",
            kind="scrub",
            disputes=[
                {
                    "field": "place",
                    "note": "Reports differ.",
                    "alternatives": [
                        {"value": "Houston", "sources": ["src-a"]},
                        {"value": "Florida", "sources": ["src-b"]},
                    ],
                }
            ],
        ),
        event("span", "2024-12-30", end="2025-01-02", kind="milestone", topics=["moon"]),
    ],
    "quotes": [
        {
            "id": "q1",
            "speaker": "anna-petrova",
            "text": "We will go.",
            "date": "2018-10-10",
            "event": "d2018-10-10",
            "sources": ["src-a"],
        }
    ],
}


@pytest.fixture
def write_json(tmp_path: Path) -> Callable[..., Path]:
    """Write a JSON value (or raw text/bytes) to a file in the test's directory."""
    counter = iter(range(1000))

    def write(content: object, name: str | None = None) -> Path:
        path = tmp_path / (name or f"data-{next(counter)}.json")
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        return path

    return write


@pytest.fixture
def small(write_json: Callable[..., Path]) -> list[str]:
    """Global options that load only the small dataset."""
    return ["--no-bundled", "--data", str(write_json(SMALL_DATASET))]


def _register_hypothesis_profiles() -> None:
    """'default' for a plain `pytest`; 'ci' (HYPOTHESIS_PROFILE=ci, as .ci/run's full runs
    set it) for more examples; 'fuzz' (HYPOTHESIS_PROFILE=fuzz) for a long one."""
    import os

    from hypothesis import settings

    settings.register_profile("default", max_examples=30, deadline=None)
    settings.register_profile("ci", max_examples=100, deadline=None)
    settings.register_profile("fuzz", max_examples=10_000, deadline=None)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


_register_hypothesis_profiles()
