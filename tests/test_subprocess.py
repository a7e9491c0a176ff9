"""The installed command in real processes: pipes, terminals, exit codes, encodings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from terminal import (
    clean_environment,
    run_into_head,
    run_on_terminal,
    run_piped,
    spacetalks_command,
)

from spacetalks.store.load import read_bundled_bytes

pytestmark = pytest.mark.slow


def test_piped_timeline_is_plain_tab_separated_text() -> None:
    result = run_piped("timeline")
    assert result.returncode == 0
    lines = result.stdout.decode().splitlines()
    assert len(lines) > 10
    assert all(line.count("\t") == 7 for line in lines)  # id, the five, disputed, claimed_by
    assert b"\x1b" not in result.stdout
    assert result.stderr == b""


def test_python_dash_m_runs_the_same_tool() -> None:
    module = subprocess.run(
        [sys.executable, "-m", "spacetalks", "timeline", "--limit", "3"],
        capture_output=True,
        check=False,
        env=clean_environment(),
    )
    assert module.returncode == 0
    assert module.stdout == run_piped("timeline", "--limit", "3").stdout


def test_version_comes_from_the_package_metadata_and_the_dataset() -> None:
    from importlib.metadata import version

    meta = json.loads(read_bundled_bytes())["meta"]
    result = run_piped("--version")
    assert result.stdout.decode() == (
        f"spacetalks {version('spacetalks')} "
        f"(dataset {meta['version']}, reviewed {meta['reviewed']}"
        + (f", sources reach {meta['sources_reach']}" if meta.get("sources_reach") else "")
        + ")\n"
    )


def test_terminal_gets_a_coloured_table() -> None:
    run = run_on_terminal("timeline", "--since", "2025-07-31", "--until", "2025-07-31")
    assert run.exit_code == 0
    assert "───" in run.screen  # the rule under the table's header
    assert "\x1b[" in run.screen
    assert "Bakanov" in run.screen


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--no-color"], {}),
        ([], {"NO_COLOR": "1"}),
        ([], {"TERM": "dumb"}),
    ],
)
def test_colour_can_be_turned_off(args: list[str], env: dict[str, str]) -> None:
    environment = clean_environment(TERM="xterm-256color")
    environment.update(env)
    run = run_on_terminal(*args, "timeline", "--limit", "3", env=environment)
    assert run.exit_code == 0
    assert "\x1b[" not in run.screen
    assert "───" in run.screen or "---" in run.screen


def write_many_events(path: Path, count: int, title: str = "t") -> Path:
    """A valid dataset of many identical-looking events, large enough to take a while."""
    events = [
        {
            "id": f"e{number}",
            "date": "2020",
            "title": title,
            "kind": "meeting",
            "status": "happened",
            "sources": ["s"],
        }
        for number in range(count)
    ]
    source = {"id": "s", "title": "t", "publisher": "p"}
    path.write_text(json.dumps({"sources": [source], "events": events}))
    return path


def test_closing_the_pipe_early_is_quiet_on_a_large_dataset(tmp_path: Path) -> None:
    path = write_many_events(tmp_path / "big.json", 20000, title="x" * 200)
    result = run_into_head("--no-bundled", "--data", str(path), "timeline")
    assert result.stderr == b""
    assert result.returncode == 0


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["timeline"], 0),
        (["timeline", "--since", "nonsense"], 2),
        (["timeline", "--bogus"], 2),
        (["nonsense-command"], 2),
        (["--data", "/nonexistent/file.json", "timeline"], 3),
    ],
)
def test_exit_codes(args: list[str], code: int) -> None:
    result = run_piped(*args)
    assert result.returncode == code
    assert b"Traceback" not in result.stderr
    if code:
        assert result.stdout == b""
        assert result.stderr


def reads(pid: int, path: Path) -> bool:
    """Whether a process has a file open (from /proc: Linux; elsewhere, after a moment)."""
    descriptors = Path(f"/proc/{pid}/fd")
    if not descriptors.is_dir():
        time.sleep(0.4)
        return True
    try:
        return any(os.path.realpath(link) == str(path) for link in descriptors.iterdir())
    except OSError:
        return False


@pytest.mark.skipif(sys.platform == "win32", reason="no SIGINT to send")
def test_interrupt_exits_130_without_traceback(tmp_path: Path) -> None:
    """SIGINT while the dataset is read: exit 130, no traceback."""
    import signal

    path = write_many_events(tmp_path / "big.json", 300000).resolve()
    process = subprocess.Popen(
        [*spacetalks_command(), "--no-bundled", "--data", str(path), "timeline", "-f", "jsonl"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=clean_environment(),
    )
    # The signal is sent once the run has opened the dataset (it is then reading it), not
    # after a fixed delay, which a busy machine can spend on imports alone.
    deadline = time.monotonic() + 30
    while process.poll() is None and time.monotonic() < deadline:
        if reads(process.pid, path):
            break
        time.sleep(0.002)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("finished before the signal arrived")
    assert process.returncode == 130
    assert b"Traceback" not in stderr


@pytest.mark.slow
def test_a_table_larger_than_the_pipe_stops_quietly_when_the_reader_goes(
    tmp_path: Path,
) -> None:
    # Rich answers a closed pipe with exit 1; the command line's answer is exit 0.
    from terminal import run_into_head

    path = write_many_events(tmp_path / "many.json", 3000, title="a long title " * 5)
    result = run_into_head("--no-bundled", "--data", str(path), "timeline", "-f", "table")
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""


def test_a_search_without_result_draws_no_empty_table() -> None:
    run = run_on_terminal("search", "zzzz", "--no-color")
    assert run.exit_code == 1
    assert run.screen.strip() == ""
    assert "nothing matches 'zzzz'" in run.stderr
