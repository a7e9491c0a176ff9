"""What a run imports: each view's modules only when it is asked for, and every command
still works in a fresh process, where a module imported late is imported for the first
time (in the test process, another test has usually imported it already)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from terminal import clean_environment, run_piped

from spacetalks.cli.program import COMMAND_MODULES

pytestmark = pytest.mark.slow

IMPORTED_BY_A_RUN = """
import atexit, sys
import spacetalks.cli.program as program

def report():
    sys.stderr.write("modules=" + ",".join(sorted(sys.modules)) + "\\n")

atexit.register(report)
sys.argv = ["spacetalks", *{args!r}]
program.main()
"""


def modules_of_a_run(*args: str) -> set[str]:
    """The modules a fresh process has imported when a command has run (piped)."""
    result = subprocess.run(
        [sys.executable, "-c", IMPORTED_BY_A_RUN.format(args=list(args))],
        capture_output=True,
        text=True,
        env=clean_environment(SPACETALKS_NO_FAST_EXIT="1"),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return set(result.stderr.rsplit("modules=", 1)[1].split()[0].split(","))


def modules_of_the_dependencies() -> set[str]:
    """The modules a fresh process has imported once Typer and msgspec are imported: what
    any run pays, whatever spacetalks imports (msgspec 0.18 imports json, for one)."""
    result = subprocess.run(
        [sys.executable, "-c", "import sys, typer, msgspec; print(','.join(sys.modules))"],
        capture_output=True,
        text=True,
        env=clean_environment(),
        check=True,
    )
    return set(result.stdout.strip().split(","))


def test_a_piped_timeline_imports_nothing_another_format_needs() -> None:
    modules = modules_of_a_run("timeline")
    drawing = {name for name in modules if name.startswith("spacetalks.output.terminal.")}
    assert drawing == set()
    assert {"rich", "csv", "json"} & modules <= modules_of_the_dependencies()


def test_a_table_asked_for_in_a_pipe_imports_what_draws_it() -> None:
    modules = modules_of_a_run("timeline", "--format", "table", "--limit", "2")
    assert {"spacetalks.output.terminal.table", "rich"} <= modules


@pytest.mark.parametrize("command", list(COMMAND_MODULES))
def test_every_command_has_help_in_a_fresh_process(command: str) -> None:
    result = run_piped(command, "--help")
    assert result.returncode == 0, result.stderr
    assert f"spacetalks {command}" in result.stdout.decode()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["timeline", "--format", "table", "--limit", "2"], "2 of "),
        (["timeline", "--chart", "--since", "2025"], "2025"),
        (["show", "2025-07-31-bakanov-duffy-talks", "--format", "table"], "Bakanov"),
        (["who", "Bakanov", "--format", "table"], "Bakanov"),
    ],
)
def test_each_drawn_view_works_in_a_fresh_process(args: list[str], expected: str) -> None:
    result = run_piped(*args)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout.decode()


def test_other_formats_work_in_a_fresh_process() -> None:
    csv = run_piped("timeline", "--format", "csv", "--limit", "2")
    assert csv.returncode == 0, csv.stderr
    assert csv.stdout.count(b"\r\n") == 3  # the header and two events
    ascii_json = run_piped(
        "who", "Bakanov", "--json", env=clean_environment(PYTHONIOENCODING="ascii")
    )
    assert ascii_json.returncode == 0, ascii_json.stderr
    assert ascii_json.stdout.isascii()
    assert json.loads(ascii_json.stdout)["native_name"] == "Дмитрий Баканов"


def test_an_unknown_option_gets_a_suggestion_in_a_fresh_process() -> None:
    result = run_piped("timeline", "--sinse", "2020")
    assert result.returncode == 2
    assert "did you mean --since?" in result.stderr.decode()
