"""Colour (--color, NO_COLOR, FORCE_COLOR) and the pager, through real terminals and pipes."""

from __future__ import annotations

import re
import signal
from pathlib import Path

import pytest
from conftest import Invoke
from terminal import clean_environment, run_on_terminal, run_piped

SGR = re.compile(r"\x1b\[[0-9;]*m")
COLOURED = re.compile(r"\x1b\[[0-9;]*3[0-9][;m]")
"""An SGR sequence that sets a foreground colour (a kind's colour, for one)."""


def coloured(text: str) -> bool:
    return COLOURED.search(text) is not None


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ([], {}, True),
        (["--color", "never"], {}, False),
        (["--no-color"], {}, False),
        ([], {"NO_COLOR": "1"}, False),
        ([], {"NO_COLOR": ""}, True),  # an empty NO_COLOR is not set (no-color.org)
        (["--color", "always"], {"NO_COLOR": "1"}, True),  # the command line wins
        ([], {"TERM": "dumb"}, False),
        ([], {"TERM": "dumb", "FORCE_COLOR": "1"}, True),
        ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        (["--color", "ALWAYS", "--no-color"], {}, False),  # --no-color is --color never
    ],
    ids=str,
)
def test_colour_on_a_terminal(args: list[str], env: dict[str, str], expected: bool) -> None:
    environment = clean_environment(**{"TERM": "xterm-256color", **env})
    run = run_on_terminal(*args, "timeline", "--limit", "3", env=environment)
    assert run.exit_code == 0, run.stderr
    assert "Bridenstine" in run.screen
    assert coloured(run.screen) is expected


def test_color_always_colours_a_pipe_with_the_table() -> None:
    result = run_piped("--color", "always", "timeline", "--limit", "3")
    assert result.returncode == 0
    text = result.stdout.decode()
    assert coloured(text)
    assert "───" in text  # the view a terminal gets, for less -R


def test_color_always_after_the_command() -> None:
    result = run_piped("timeline", "--limit", "3", "--color", "always")
    assert coloured(result.stdout.decode())


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["-f", "table"], {}, False),
        (["-f", "table"], {"FORCE_COLOR": "1"}, True),
        (["-f", "table"], {"FORCE_COLOR": ""}, False),
        (["--chart"], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "1"}, False),  # plain stays plain: scripts read it
    ],
)
def test_force_color_through_a_pipe(args: list[str], env: dict[str, str], expected: bool) -> None:
    result = run_piped("timeline", "--limit", "3", *args, env=clean_environment(**env))
    assert result.returncode == 0
    assert coloured(result.stdout.decode()) is expected


def test_plain_output_never_carries_escapes_even_with_color_always() -> None:
    result = run_piped("--color", "always", "timeline", "--limit", "3", "-f", "plain")
    assert b"\x1b" not in result.stdout
    assert all(line.count("\t") == 7 for line in result.stdout.decode().splitlines())


def test_an_unknown_colour_mode_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("--color", "sometimes", "timeline")
    assert result.exit_code == 2
    assert "auto" in result.stderr
    assert "always" in result.stderr


# The pager ---------------------------------------------------------------------------


@pytest.fixture
def fake_pager(tmp_path: Path) -> tuple[str, Path, Path]:
    """A pager that records it was run and what it was given, and shows nothing."""
    used, received = tmp_path / "used", tmp_path / "received"
    script = tmp_path / "pager.sh"
    script.write_text(f'#!/bin/sh\necho "$LESS" >> "{used}"\ncat > "{received}"\n')
    script.chmod(0o755)
    return str(script), used, received


def test_output_taller_than_the_terminal_goes_to_the_pager(
    fake_pager: tuple[str, Path, Path],
) -> None:
    pager, used, received = fake_pager
    run = run_on_terminal(
        "timeline", columns=80, rows=20, env=clean_environment(SPACETALKS_PAGER=pager)
    )
    assert run.exit_code == 0, run.stderr
    assert used.read_text() == "FRX\n"  # LESS gets git's default where the user has none
    paged = received.read_text()
    assert "Bridenstine" in paged
    assert coloured(paged)
    assert max(len(SGR.sub("", line)) for line in paged.splitlines()) <= 80
    assert "Bridenstine" not in run.screen  # the pager showed it, not spacetalks


def test_output_that_fits_is_not_paged(fake_pager: tuple[str, Path, Path]) -> None:
    pager, used, _ = fake_pager
    run = run_on_terminal(
        "timeline", "--limit", "1", rows=40, env=clean_environment(SPACETALKS_PAGER=pager)
    )
    assert "Bridenstine" in run.screen
    assert not used.exists()


def test_the_chart_and_documents_are_paged_too(fake_pager: tuple[str, Path, Path]) -> None:
    pager, used, received = fake_pager
    for args in (("timeline", "--chart"), ("who", "Bakanov")):
        run_on_terminal(*args, rows=10, env=clean_environment(SPACETALKS_PAGER=pager))
    assert len(used.read_text().splitlines()) == 2
    assert "Bakanov" in received.read_text()


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--no-pager", "timeline"], {}),
        (["timeline", "--no-pager"], {}),
        (["timeline"], {"SPACETALKS_PAGER": "cat"}),
        (["timeline"], {"SPACETALKS_PAGER": ""}),
    ],
    ids=["--no-pager", "--no-pager after", "cat", "empty"],
)
def test_the_pager_can_be_turned_off(
    fake_pager: tuple[str, Path, Path], args: list[str], env: dict[str, str]
) -> None:
    pager, used, _ = fake_pager
    run = run_on_terminal(*args, rows=10, env=clean_environment(**{"PAGER": pager, **env}))
    assert run.exit_code == 0
    assert "Bridenstine" in run.screen
    assert not used.exists()


def test_pager_variable_is_used_when_spacetalks_pager_is_not_set(
    fake_pager: tuple[str, Path, Path],
) -> None:
    pager, used, _ = fake_pager
    env = clean_environment(PAGER=pager, LESS="-R")
    env.pop("SPACETALKS_PAGER")
    run_on_terminal("timeline", rows=10, env=env)
    assert used.read_text() == "-R\n"  # the user's LESS is kept


def test_spacetalks_pager_wins_over_pager(fake_pager: tuple[str, Path, Path]) -> None:
    pager, used, _ = fake_pager
    run = run_on_terminal(
        "timeline", rows=10, env=clean_environment(SPACETALKS_PAGER=pager, PAGER="false")
    )
    assert run.exit_code == 0
    assert used.exists()


def test_a_pager_that_cannot_be_found_leaves_the_output_on_the_terminal() -> None:
    run = run_on_terminal(
        "timeline", rows=10, env=clean_environment(SPACETALKS_PAGER="no-such-pager-here")
    )
    assert run.exit_code == 0
    assert "Bridenstine" in run.screen


def test_never_paged_when_piped(fake_pager: tuple[str, Path, Path]) -> None:
    pager, used, _ = fake_pager
    for args in (("timeline",), ("--color", "always", "timeline"), ("timeline", "--chart")):
        result = run_piped(*args, env=clean_environment(SPACETALKS_PAGER=pager, LINES="5"))
        assert result.returncode == 0
        assert b"2018" in result.stdout
    assert not used.exists()


def test_ctrl_c_stops_the_pager(tmp_path: Path) -> None:
    """The pager starts with SIGINT at its default (as git starts it), not ignored as
    spacetalks ignores it while the pager runs: Ctrl-C stops ``PAGER=more``. The pager
    here interrupts itself, as Ctrl-C on the terminal would, and says if it lived on."""
    started, survived = tmp_path / "started", tmp_path / "survived"
    script = tmp_path / "pager.sh"
    script.write_text(
        f'#!/bin/sh\ntouch "{started}"\nkill -INT $$\ntouch "{survived}"\ncat > /dev/null\n'
    )
    script.chmod(0o755)
    run = run_on_terminal("timeline", rows=10, env=clean_environment(SPACETALKS_PAGER=str(script)))
    assert run.exit_code == 0, run.stderr
    assert started.exists()
    assert not survived.exists()
    assert "Traceback" not in run.stderr


def test_the_pager_sees_sigint_at_its_default(tmp_path: Path) -> None:
    """What the pager inherits, read from the kernel: SIGINT (signal 2) is not in the
    mask of ignored signals (SigIgn in /proc/self/status)."""
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc (Linux)")
    seen = tmp_path / "seen"
    script = tmp_path / "pager.sh"
    script.write_text(f'#!/bin/sh\ngrep SigIgn /proc/$$/status > "{seen}"\ncat > /dev/null\n')
    script.chmod(0o755)
    run = run_on_terminal("timeline", rows=10, env=clean_environment(SPACETALKS_PAGER=str(script)))
    assert run.exit_code == 0, run.stderr
    ignored = int(seen.read_text().split()[1], 16)
    assert not ignored & (1 << (signal.SIGINT - 1))
