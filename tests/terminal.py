"""Run the installed spacetalks in a real subprocess: through a pipe or on a pty."""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import sys
import termios
from dataclasses import dataclass
from pathlib import Path


def spacetalks_command() -> list[str]:
    """The installed console script, beside this interpreter."""
    script = Path(sys.executable).parent / "spacetalks"
    return [str(script)] if script.exists() else [sys.executable, "-m", "spacetalks"]


USER_SETTINGS = {
    "NO_COLOR",
    "FORCE_COLOR",
    "SPACETALKS_DATA",
    "SPACETALKS_DATE_ORDER",
    "COLUMNS",
    "LINES",
    "PAGER",
    "SPACETALKS_PAGER",
    "LESS",
}


def clean_environment(**overrides: str) -> dict[str, str]:
    """The environment without the user's settings; no pager unless a test names one
    (a real pager would wait for keys on the test's terminal)."""
    env = {key: value for key, value in os.environ.items() if key not in USER_SETTINGS}
    env["SPACETALKS_PAGER"] = ""
    env.update(overrides)
    return env


def run_piped(
    *args: str, env: dict[str, str] | None = None, input_text: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*spacetalks_command(), *args],
        capture_output=True,
        env=env or clean_environment(),
        input=input_text.encode() if input_text is not None else None,
        timeout=60,
        check=False,
    )


@dataclass(frozen=True)
class TerminalRun:
    exit_code: int
    screen: str
    stderr: str


def run_on_terminal(
    *args: str,
    columns: int = 120,
    env: dict[str, str] | None = None,
    rows: int = 50,
    stderr_too: bool = False,
    cwd: Path | None = None,
) -> TerminalRun:
    """Run with stdout on a pseudo-terminal of the given size; stderr is piped, or on the
    terminal too (then the screen has both, and ``stderr`` is empty)."""
    controller, terminal = os.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(
        [*spacetalks_command(), *args],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal if stderr_too else subprocess.PIPE,
        env=env or clean_environment(TERM="xterm-256color"),
        cwd=cwd,
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    exit_code = process.wait(timeout=60)
    os.close(controller)
    return TerminalRun(exit_code, b"".join(chunks).decode("utf-8", "replace"), stderr)


def run_into_head(*args: str, head: str = "-1") -> subprocess.CompletedProcess[bytes]:
    """Run spacetalks with its stdout piped into ``head``, which closes the pipe early."""
    import shlex

    command = " ".join(shlex.quote(part) for part in (*spacetalks_command(), *args))
    return subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command} | head {head}"],
        capture_output=True,
        env=clean_environment(),
        check=False,
    )
