"""`spacetalks browse`: the README's screenshot, and how long the explorer takes to start.

Usage:
    python benchmarks/browse.py screenshot [--output docs/browse.svg] [--light]
    python benchmarks/browse.py startup [--runs 5] [-- BROWSE ARGUMENTS...]

``screenshot`` runs the app headless over the bundled dataset (``--since 2025``, the
first NASA-Roscosmos heads meeting since 2018 highlighted) at 120x32 and saves the
screen as SVG with Textual's own ``save_screenshot`` (``--light``: in textual-light, for
docs/browse-light.svg). ``startup`` runs the installed
``spacetalks browse`` on a pseudo-terminal, times how long it takes until the first
screen is drawn (the timeline's title is on the terminal), presses q, and prints the
median of the runs. Needs the tui extra.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import select
import statistics
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Sequence
from pathlib import Path

from spacetalks.browse.app import BrowseApp
from spacetalks.browse.event_list import EventList
from spacetalks.query.typed_filters import EventFilters, event_criteria
from spacetalks.store.load import data_files, load_dataset

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "docs" / "browse.svg"
HIGHLIGHTED = "2025-07-31-bakanov-duffy-talks"
SIZE = (120, 32)


def screenshot(output: Path, light: bool = False) -> None:
    dataset = load_dataset(data_files([], True))
    filters = EventFilters(since="2025")
    app = BrowseApp(dataset, filters, event_criteria(dataset, filters))

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            app.theme = "textual-light" if light else "textual-dark"
            await pilot.pause()
            timeline = app.screen.query_one(EventList)
            ids = [row.id for row in timeline.rows]
            timeline.cursor = ids.index(HIGHLIGHTED) if HIGHLIGHTED in ids else 0
            await pilot.pause()
            app.save_screenshot(filename=output.name, path=str(output.parent))

    asyncio.run(run())
    print(f"wrote {output}")


def spacetalks_command() -> list[str]:
    script = Path(sys.executable).parent / "spacetalks"
    return [str(script)] if script.exists() else [sys.executable, "-m", "spacetalks"]


def time_to_first_screen(arguments: Sequence[str]) -> float:
    """Seconds from starting ``spacetalks browse`` on a terminal to its first screen."""
    controller, terminal = os.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(
        [*spacetalks_command(), "browse", *arguments],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,  # where Textual draws
        env={**os.environ, "TERM": "xterm-256color"},
    )
    os.close(terminal)
    seen = b""
    shown = None
    try:
        while process.poll() is None and time.perf_counter() - started < 30:
            ready, _, _ = select.select([controller], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(controller, 65536)
                except OSError:  # the terminal closes when the process ends
                    break
                if shown is None and b"Timeline" in seen:
                    shown = time.perf_counter() - started
                    os.write(controller, b"q")
    finally:
        process.wait(timeout=30)
        os.close(controller)
    if shown is None or process.returncode != 0:
        raise SystemExit(f"browse did not draw its first screen (exit {process.returncode})")
    return shown


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    steps = parser.add_subparsers(dest="step", required=True)
    shot = steps.add_parser("screenshot")
    shot.add_argument("--output", type=Path, default=None)
    shot.add_argument("--light", action="store_true")
    startup = steps.add_parser("startup")
    startup.add_argument("--runs", type=int, default=5)
    startup.add_argument("arguments", nargs="*")
    options = parser.parse_args(argv)
    if options.step == "screenshot":
        light_output = DEFAULT_OUTPUT.with_name("browse-light.svg")
        screenshot(
            options.output or (light_output if options.light else DEFAULT_OUTPUT), options.light
        )
        return 0
    time_to_first_screen(options.arguments)  # a warm-up, as benchmarks/run.py does
    timings = [time_to_first_screen(options.arguments) for _ in range(options.runs)]
    print(
        f"first screen of spacetalks browse {' '.join(options.arguments)}: median "
        f"{statistics.median(timings) * 1000:.0f} ms of {options.runs} runs "
        f"(from {min(timings) * 1000:.0f} to {max(timings) * 1000:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
