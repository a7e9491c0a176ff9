"""Measure spacetalks against its performance targets and print a table of figures.

Usage: python benchmarks/run.py [--events N ...] [--runs R] [--quick] [--markdown FILE]

Each command runs once to warm up, then R times; the figure is the median wall time
(peak memory: the largest ru_maxrss of the timed runs). The figures:

- start-up: ``spacetalks timeline`` on the bundled dataset, output to a pipe and to a
  terminal (a pty, pager off), against ``python -c "import typer"`` run by the
  interpreter of the spacetalks script; on the terminal also ``who Bakanov`` and
  ``show`` of one event, and the floor any Rich table pays (``import typer`` and
  Rich's console and table), with how much each terminal figure spends beyond it;
- ``spacetalks --version`` and ``--help``, for information;
- scale: for each N, a synthetic dataset from make_dataset.py, then
  ``timeline --since 2020 --format jsonl`` against the same selection made by jq
  (time, peak memory, and the number of lines, which must agree), from the cache and
  without it, and the query commands ``who``, ``search WORD``, ``topics``,
  ``topics TOPIC``, ``between A B``, and the windowed timeline and ``who`` as known at
  a day (``--known-at``), against the same jq run;
- growth: for each pair of sizes measured, how much each scale figure's time and
  peak memory grew against how much the dataset did.

The targets are those of issues 14 and 25 (each a ratio to its baseline).

Generated datasets go to a temporary directory under benchmarks/out/ (ignored by
git) and are deleted afterwards. Progress goes to stderr, the table to stdout. The
exit status is 1 when a command failed or spacetalks and jq disagreed, else 0
(a missed target is reported in the table, not in the exit status).
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import itertools
import os
import platform
import shutil
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from make_dataset import boundary_event_ids

BENCHMARKS_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCHMARKS_DIR / "out"
MAKE_DATASET = BENCHMARKS_DIR / "make_dataset.py"

DEFAULT_EVENTS = (10_000, 100_000)
DEFAULT_RUNS = 5
QUICK_RUNS = 2
PIPE_STARTUP_TARGET = 1.2
TERMINAL_STARTUP_TARGET = 1.6
TERMINAL_RECORD_TARGET = 1.7
WARM_TARGET = 0.12
UNCACHED_TARGET = 0.7
QUERY_TARGET = 0.15
MEMORY_TARGET = 1.0
TARGET_EVENTS = 100_000
TERMINAL_ROWS, TERMINAL_COLUMNS = 24, 100
FLOOR_IMPORTS = "import typer, rich.console, rich.table"
"""What any Typer command that draws a Rich table imports, at the least."""
TERMINAL_RECORDS = (
    ("who Bakanov", ("who", "Bakanov")),
    ("show 2025-07-31-bakanov-duffy-talks", ("show", "2025-07-31-bakanov-duffy-talks")),
)
"""Single-record views on a terminal, on the bundled dataset."""
SINCE = "2020"
JQ_FILTER = f'.events[] | select(.date >= "{SINCE}")'
"""What ``timeline --since 2020`` selects, for events without ``end`` (see make_dataset)."""
QUERY_PERSON = "person-0001"
QUERY_WORD = "meeting"
QUERY_TOPIC = "cross-flights"
KNOWN_AT = "2024-06-01"
"""The day --known-at asks about: most of the generated events are dated before it."""
EXIT_USAGE = 2
READ_SIZE = 1 << 20

COLUMNS = ("figure", "value", "baseline", "ratio", "target", "met")


@dataclass(frozen=True, slots=True)
class Run:
    """One finished run of a command."""

    seconds: float
    max_rss_kib: int
    exit_code: int
    lines: int
    stderr: str

    @property
    def missing_command(self) -> bool:
        """Typer's answer to a command that does not exist (yet)."""
        return self.exit_code == EXIT_USAGE and "No such command" in self.stderr


@dataclass(frozen=True, slots=True)
class Timing:
    """The timed runs of a command, or only the warm-up run when that one failed."""

    runs: tuple[Run, ...]

    @property
    def ok(self) -> bool:
        return all(run.exit_code == 0 for run in self.runs)

    @property
    def seconds(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def max_rss_kib(self) -> int:
        return max(run.max_rss_kib for run in self.runs)

    @property
    def last(self) -> Run:
        return self.runs[-1]


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the results table."""

    figure: str
    value: str
    baseline: str = "-"
    ratio: str = "-"
    target: str = "-"
    met: str = "-"

    def cells(self) -> tuple[str, ...]:
        return (self.figure, self.value, self.baseline, self.ratio, self.target, self.met)


@dataclass(slots=True)
class Report:
    """The rows measured so far, and whether anything went wrong."""

    rows: list[Row] = field(default_factory=list)
    failed: bool = False
    scale: dict[str, dict[int, Timing]] = field(default_factory=dict)
    """Each scale figure's timing, by dataset size (for the growth figures)."""

    def keep(self, figure: str, events: int, timing: Timing) -> None:
        if timing.ok:
            self.scale.setdefault(figure, {})[events] = timing


@dataclass(frozen=True, slots=True)
class Setup:
    """What the benchmarks run, and how often."""

    spacetalks: Path
    python: Path
    jq: Path | None
    runs: int
    seed: int


# Running commands


def child_environment(on_terminal: bool = False) -> dict[str, str]:
    """The environment for spacetalks: no extra data files, no debug output.

    On a terminal, a colour-capable one of a fixed size, so runs are comparable.
    """
    environment = dict(os.environ)
    # Measure what an installed spacetalks does: with its compiled bytecode (pip writes
    # it at install time; an environment that forbids writing it would recompile every
    # module on every run).
    for name in ("SPACETALKS_DATA", "SPACETALKS_DEBUG", "PYTHONDONTWRITEBYTECODE"):
        environment.pop(name, None)
    # A cache of our own, so that runs neither use nor fill the user's.
    environment["XDG_CACHE_HOME"] = str(OUT_DIR / "cache")
    if on_terminal:
        for name in ("NO_COLOR", "COLUMNS", "LINES"):
            environment.pop(name, None)
        environment["TERM"] = "xterm-256color"
    return environment


def count_lines(stream: IO[bytes]) -> int:
    lines = 0
    while chunk := stream.read(READ_SIZE):
        lines += chunk.count(b"\n")
    return lines


def drain_terminal(fd: int) -> None:
    """Read and discard what the child writes to the terminal, until it closes it."""
    while True:
        try:
            chunk = os.read(fd, READ_SIZE)
        except OSError:  # EIO: every writer has closed the terminal
            return
        if not chunk:
            return


def finish(process: subprocess.Popen[bytes], start: float, stderr: IO[bytes], lines: int) -> Run:
    """Wait for the process with wait4, to read its peak memory as well as its status."""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
    stderr.seek(0)
    text = stderr.read().decode("utf-8", errors="replace")
    return Run(seconds, max_rss_kib(usage.ru_maxrss), process.returncode, lines, text)


def max_rss_kib(ru_maxrss: int) -> int:
    """ru_maxrss is in KiB on Linux but in bytes on macOS."""
    return ru_maxrss // 1024 if sys.platform == "darwin" else ru_maxrss


def run_piped(argv: Sequence[str]) -> Run:
    """Run a command with its output to a pipe, counting the lines it prints."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        with subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=child_environment(),
        ) as process:
            assert process.stdout is not None
            lines = count_lines(process.stdout)
            return finish(process, start, stderr, lines)


CACHE_ENTRIES = OUT_DIR / "cache" / "spacetalks"
ENTRY_WAIT_SECONDS = 1800


def wait_for_the_cache() -> None:
    """Until the cache holds an entry: a run that reads a large file afresh writes it
    after its answer, in a process of its own (minutes, for a million events on a busy
    machine). Said on stderr when it is not written in time, since the runs timed next
    then read the file, beside a writer, and are not cached figures."""
    deadline = time.monotonic() + ENTRY_WAIT_SECONDS
    while not (written := entry_written()) and time.monotonic() < deadline:
        time.sleep(0.05)
    if not written:  # asked once: opening the entry to look may leave its -wal file
        progress(f"the cache entry was not written within {ENTRY_WAIT_SECONDS} s")


def entry_written() -> bool:
    """True when the cache holds a complete entry whose writer has closed it (its
    write-ahead log checkpointed and removed)."""
    for path in CACHE_ENTRIES.glob("*.sqlite"):
        if Path(f"{path}-wal").exists():
            continue
        try:
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                if connection.execute("SELECT 1 FROM entry WHERE name = 'complete'").fetchone():
                    return True
            finally:
                connection.close()
        except sqlite3.Error:
            continue
    return False


def run_filling_the_cache(argv: Sequence[str]) -> Run:
    """Run a command piped, then wait for the cache entry it may be writing, so that the
    runs timed after it read from the cache (a warm-up for the cached figures)."""
    run = run_piped(argv)
    wait_for_the_cache()
    return run


def run_first(argv: Sequence[str]) -> Run:
    """Run a command with the cache emptied first, as the first run on a new file is:
    timed to its exit (the prompt), which comes before its cache entry is written; then
    wait for the entry, so that its writing does not overlap the next run."""
    shutil.rmtree(CACHE_ENTRIES, ignore_errors=True)
    return run_filling_the_cache(argv)


def open_terminal() -> tuple[int, int]:
    """A pseudo-terminal of a fixed size: (the end we read, the end the child writes)."""
    reader, writer = os.openpty()
    size = struct.pack("HHHH", TERMINAL_ROWS, TERMINAL_COLUMNS, 0, 0)
    fcntl.ioctl(writer, termios.TIOCSWINSZ, size)
    return reader, writer


def run_on_terminal(argv: Sequence[str]) -> Run:
    """Run a command with its output to a terminal, reading and discarding it."""
    reader, writer = open_terminal()
    try:
        with tempfile.TemporaryFile() as stderr:
            start = time.perf_counter()
            with subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=writer,
                stderr=stderr,
                env=child_environment(on_terminal=True),
            ) as process:
                os.close(writer)
                writer = -1
                drain_terminal(reader)
                return finish(process, start, stderr, lines=0)
    finally:
        os.close(reader)
        if writer >= 0:
            os.close(writer)


def measure(
    argv: Sequence[str],
    runs: int,
    runner: Callable[[Sequence[str]], Run],
    warm_up_with: Callable[[Sequence[str]], Run] | None = None,
) -> Timing:
    """One warm-up run (by warm_up_with, else runner), then ``runs`` timed ones; stops
    after a failed warm-up."""
    warm_up = (warm_up_with or runner)(argv)
    if warm_up.exit_code != 0:
        return Timing((warm_up,))
    return Timing(tuple(runner(argv) for _ in range(runs)))


def progress(message: str) -> None:
    sys.stderr.write(f"... {message}\n")
    sys.stderr.flush()


# Formatting


def format_seconds(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def format_memory(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB"


def format_ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}" if baseline > 0 else "-"


def met(condition: bool) -> str:
    return "yes" if condition else "NO"


def failure_text(timing: Timing) -> str:
    run = timing.last
    first_line = run.stderr.strip().splitlines()[0] if run.stderr.strip() else ""
    return f"error (exit {run.exit_code}){': ' + first_line if first_line else ''}"


def report_failure(report: Report, figure: str, timing: Timing) -> None:
    sys.stderr.write(f"FAILED: {figure}: exit {timing.last.exit_code}\n{timing.last.stderr}")
    report.failed = True
    report.rows.append(Row(figure, failure_text(timing), met="NO"))


# Figures


def ratio_row(
    figure: str, timing: Timing, baseline: Timing, target: float | None, report: Report
) -> None:
    """A time compared with a baseline time, against a target ratio (None: no target)."""
    if not timing.ok:
        report_failure(report, figure, timing)
        return
    ratio = timing.seconds / baseline.seconds
    report.rows.append(
        Row(
            figure,
            format_seconds(timing.seconds),
            format_seconds(baseline.seconds),
            format_ratio(timing.seconds, baseline.seconds),
            "-" if target is None else f"<= {target}",
            "-" if target is None else met(ratio <= target),
        )
    )


def scale_target(events: int, target: float) -> float | None:
    """The scale targets are set for 100,000 events and more; below that, start-up is
    most of any run, and the ratio is shown for information."""
    return target if events >= TARGET_EVENTS else None


def startup_figures(setup: Setup, report: Report) -> None:
    progress("start-up: python -c 'import typer', spacetalks timeline (pipe, terminal)")
    baseline = measure([str(setup.python), "-c", "import typer"], setup.runs, run_piped)
    if not baseline.ok:
        report_failure(report, "baseline: python -c 'import typer'", baseline)
        return
    report.rows.append(Row("baseline: python -c 'import typer'", format_seconds(baseline.seconds)))
    timeline = [str(setup.spacetalks), "timeline"]
    piped = measure(timeline, setup.runs, run_piped)
    ratio_row("start-up: timeline, to a pipe", piped, baseline, PIPE_STARTUP_TARGET, report)
    progress(f"the floor of a table: python -c '{FLOOR_IMPORTS}'")
    floor = measure([str(setup.python), "-c", FLOOR_IMPORTS], setup.runs, run_piped)
    if not floor.ok:
        report_failure(report, "floor", floor)
        return
    report.rows.append(
        Row(
            "floor: import typer, Rich's console and table",
            format_seconds(floor.seconds),
            format_seconds(baseline.seconds),
            format_ratio(floor.seconds, baseline.seconds),
        )
    )
    terminal_figures = [
        ("timeline", ["timeline"], TERMINAL_STARTUP_TARGET),
        *((name, list(arguments), TERMINAL_RECORD_TARGET) for name, arguments in TERMINAL_RECORDS),
    ]
    for name, arguments, target in terminal_figures:
        progress(f"on a terminal: {name}")
        figure = f"start-up: {name}, on a terminal"
        argv = [str(setup.spacetalks), "--no-pager", *arguments]
        timing = measure(argv, setup.runs, run_on_terminal)
        ratio_row(figure, timing, baseline, target, report)
        if timing.ok:
            report.rows.append(
                Row(
                    "  of which beyond the floor (loading, querying, drawing)",
                    format_seconds(timing.seconds - floor.seconds),
                    format_seconds(floor.seconds),
                    format_ratio(timing.seconds, floor.seconds),
                )
            )


def information_figures(setup: Setup, report: Report) -> None:
    progress("spacetalks --version, --help")
    for option in ("--version", "--help"):
        figure = f"spacetalks {option}"
        timing = measure([str(setup.spacetalks), option], setup.runs, run_piped)
        if timing.ok:
            report.rows.append(Row(figure, format_seconds(timing.seconds)))
        else:
            report_failure(report, figure, timing)


def generate_dataset(events: int, seed: int, directory: Path) -> Path:
    path = directory / f"events-{events}.json"
    progress(f"generating {events:,} events")
    start = time.perf_counter()
    with path.open("wb") as output:
        subprocess.run(
            [sys.executable, str(MAKE_DATASET), str(events), "--seed", str(seed)],
            stdout=output,
            check=True,
        )
    size = path.stat().st_size / (1 << 20)
    progress(f"generated {size:.0f} MiB in {time.perf_counter() - start:.1f} s")
    return path


def spacetalks_on(setup: Setup, path: Path, *arguments: str) -> list[str]:
    return [str(setup.spacetalks), "--no-bundled", "--data", str(path), *arguments]


def scale_figures(setup: Setup, events: int, path: Path, report: Report) -> Timing | None:
    """The windowed query from the cache and without it, against jq; jq's timing, which
    the query commands are compared with."""
    label = f"{events:,} events"
    figure = f"timeline --since {SINCE}"
    shutil.rmtree(CACHE_ENTRIES, ignore_errors=True)  # so the one entry will be this file's
    progress(f"{label}: {figure} --format jsonl")
    arguments = ("timeline", "--since", SINCE, "--format", "jsonl")
    ours = measure(
        spacetalks_on(setup, path, *arguments), setup.runs, run_piped, run_filling_the_cache
    )
    if not ours.ok:
        report_failure(report, f"{figure}, {label}", ours)
        return None
    report.keep(figure, events, ours)
    if setup.jq is None:
        report.rows.append(Row(f"{figure}, {label}", format_seconds(ours.seconds)))
        report.rows.append(Row(f"peak memory, {label}", format_memory(ours.max_rss_kib)))
        return None
    progress(f"{label}: jq -c '{JQ_FILTER}'")
    jq = measure([str(setup.jq), "-c", JQ_FILTER, str(path)], setup.runs, run_piped)
    if not jq.ok:
        report_failure(report, f"jq, {label}", jq)
        return None
    ratio_row(f"{figure} vs jq, {label}", ours, jq, scale_target(events, WARM_TARGET), report)
    memory_row(label, events, ours, jq, report)
    line_count_row(label, ours, jq, report)
    progress(f"{label}: {figure} --format jsonl, the first run (empty cache)")
    first = measure(spacetalks_on(setup, path, *arguments), setup.runs, run_first)
    report.keep("the first run", events, first)
    ratio_row(
        f"the first run (empty cache, entry written after the answer), {label}",
        first,
        jq,
        scale_target(events, UNCACHED_TARGET),
        report,
    )
    if first.ok:
        memory_row(f"{label}, first run", events, first, jq, report)
    progress(f"{label}: {figure} --format jsonl, without the cache")
    uncached = measure(
        [str(setup.spacetalks), "--no-cache", *spacetalks_on(setup, path, *arguments)[1:]],
        setup.runs,
        run_piped,
    )
    report.keep("the same without the cache", events, uncached)
    ratio_row(f"the same without the cache (--no-cache), {label}", uncached, jq, None, report)
    if uncached.ok:
        memory_row(f"{label}, --no-cache", events, uncached, jq, report)
    return jq


def memory_row(label: str, events: int, ours: Timing, jq: Timing, report: Report) -> None:
    target = scale_target(events, MEMORY_TARGET)
    report.rows.append(
        Row(
            f"peak memory vs jq, {label}",
            format_memory(ours.max_rss_kib),
            format_memory(jq.max_rss_kib),
            format_ratio(ours.max_rss_kib, jq.max_rss_kib),
            "-" if target is None else f"<= {target}",
            "-" if target is None else met(ours.max_rss_kib <= jq.max_rss_kib * target),
        )
    )


def line_count_row(label: str, ours: Timing, jq: Timing, report: Report) -> None:
    ours_lines, jq_lines = ours.last.lines, jq.last.lines
    if ours_lines != jq_lines:
        sys.stderr.write(
            f"\n!!! MISMATCH, {label}: spacetalks printed {ours_lines} lines, "
            f"jq printed {jq_lines}; the timings above do not compare like with like !!!\n\n"
        )
        report.failed = True
    report.rows.append(
        Row(
            f"output lines vs jq, {label}",
            str(ours_lines),
            str(jq_lines),
            target="equal",
            met=met(ours_lines == jq_lines),
        )
    )


def query_commands(events: int) -> list[tuple[str, list[str], float]]:
    """Each query command: its name, its arguments, and its target against jq's filter."""
    first, last = boundary_event_ids(events)
    return [
        (f"who {QUERY_PERSON}", ["who", QUERY_PERSON], QUERY_TARGET),
        (f"search {QUERY_WORD}", ["search", QUERY_WORD], QUERY_TARGET),
        ("topics", ["topics"], QUERY_TARGET),
        (f"topics {QUERY_TOPIC}", ["topics", QUERY_TOPIC], QUERY_TARGET),
        ("between <first event> <last event>", ["between", first, last], QUERY_TARGET),
        (
            f"timeline --since {SINCE} --known-at {KNOWN_AT}",
            ["--known-at", KNOWN_AT, "timeline", "--since", SINCE, "--format", "jsonl"],
            WARM_TARGET,
        ),
        (
            f"who {QUERY_PERSON} --known-at {KNOWN_AT}",
            ["--known-at", KNOWN_AT, "who", QUERY_PERSON],
            QUERY_TARGET,
        ),
    ]


def query_figures(setup: Setup, events: int, path: Path, jq: Timing | None, report: Report) -> None:
    """The query commands, from the cache (which the windowed query has built), against
    the jq run of the same size when there is one."""
    label = f"{events:,} events"
    for name, arguments, target in query_commands(events):
        figure = f"{name}, {label}"
        progress(figure)
        timing = measure(
            spacetalks_on(setup, path, *arguments), setup.runs, run_piped, run_filling_the_cache
        )
        if timing.last.missing_command:
            report.rows.append(Row(figure, "n/a (command not available)"))
        elif jq is not None:
            report.keep(name, events, timing)
            ratio_row(f"{name} vs jq, {label}", timing, jq, scale_target(events, target), report)
        elif not timing.ok:
            report_failure(report, figure, timing)
        else:
            report.keep(name, events, timing)
            report.rows.append(Row(figure, format_seconds(timing.seconds)))


def growth_figures(report: Report) -> None:
    """For each pair of sizes in a row, each scale figure's growth in time and memory
    against the dataset's: no faster than linear is the target."""
    for figure, timings in report.scale.items():
        sizes = sorted(timings)
        for smaller, larger in itertools.pairwise(sizes):
            events = larger / smaller
            before, after = timings[smaller], timings[larger]
            span = f"{smaller:,} to {larger:,} events"
            for what, grown in (
                ("time", after.seconds / before.seconds),
                ("peak memory", after.max_rss_kib / before.max_rss_kib),
            ):
                report.rows.append(
                    Row(
                        f"growth of {what}, {figure}, {span}",
                        f"x{grown:.2f}",
                        f"x{events:g} events",
                        f"{grown / events:.2f}",
                        "<= 1.0",
                        met(grown <= events),
                    )
                )


def dataset_figures(setup: Setup, event_counts: Sequence[int], report: Report) -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for events in event_counts:
        with tempfile.TemporaryDirectory(dir=OUT_DIR) as directory:
            path = generate_dataset(events, setup.seed, Path(directory))
            jq = scale_figures(setup, events, path, report)
            query_figures(setup, events, path, jq, report)


# Finding the programs


def find_spacetalks() -> Path | None:
    """The spacetalks script beside this interpreter, else the one on PATH."""
    beside = Path(sys.executable).parent / "spacetalks"
    if beside.is_file():
        return beside
    found = shutil.which("spacetalks")
    return Path(found) if found else None


def script_interpreter(script: Path) -> Path:
    """The interpreter named on the script's #! line, else this one."""
    try:
        with script.open("rb") as file:
            first_line = file.readline().decode("utf-8", errors="replace").strip()
    except OSError:
        return Path(sys.executable)
    command = first_line.removeprefix("#!").split()
    if first_line.startswith("#!") and len(command) == 1 and Path(command[0]).is_file():
        return Path(command[0])
    return Path(sys.executable)


def version_of(argv: Sequence[str]) -> str:
    try:
        result = subprocess.run(argv, capture_output=True, text=True, check=False)
    except OSError as error:
        return f"unknown ({error})"
    text = (result.stdout or result.stderr).strip()
    return text.splitlines()[0] if text else "unknown"


def find_jq() -> Path | None:
    found = shutil.which("jq")
    return Path(found) if found else None


# Output


def header_lines(setup: Setup) -> list[str]:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    jq = (
        f"{setup.jq} ({version_of([str(setup.jq), '--version'])})"
        if setup.jq
        else "not installed; the jq comparisons are skipped"
    )
    return [
        f"spacetalks benchmarks, {now}",
        f"machine: {platform.platform()}; {os.cpu_count()} processors; "
        f"Python {platform.python_version()}",
        f"spacetalks: {setup.spacetalks} "
        f"({version_of([str(setup.spacetalks), '--version'])}), "
        f"interpreter {setup.python}",
        f"jq: {jq}",
        f"timing: median of {setup.runs} runs after 1 warm-up run",
    ]


def plain_table(rows: Sequence[Row]) -> str:
    table = [COLUMNS, *(row.cells() for row in rows)]
    widths = [max(len(line[column]) for line in table) for column in range(len(COLUMNS))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        for line in table
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def markdown_table(rows: Sequence[Row]) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    separator = "|" + "|".join("---" for _ in COLUMNS) + "|"
    return "\n".join([line(COLUMNS), separator, *(line(row.cells()) for row in rows)])


def markdown_document(header: Sequence[str], rows: Sequence[Row]) -> str:
    title, *details = header
    bullets = [f"- {detail}" for detail in details]
    return "\n".join([f"# {title}", "", *bullets, "", markdown_table(rows), ""])


# Command line


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Measure spacetalks start-up and scale, and print a table of figures."
    )
    parser.add_argument(
        "--events",
        metavar="N",
        nargs="+",
        type=positive_int,
        default=list(DEFAULT_EVENTS),
        help="dataset sizes to test (default: 10000 100000; add 1000000 for the full run)",
    )
    parser.add_argument(
        "--runs",
        metavar="R",
        type=positive_int,
        help=f"timed runs per command (default {DEFAULT_RUNS})",
    )
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_RUNS} timed runs per command")
    parser.add_argument("--seed", type=int, default=1, help="seed for make_dataset.py (default 1)")
    parser.add_argument("--markdown", metavar="FILE", type=Path, help="also write the table here")
    return parser.parse_args(argv)


def make_setup(arguments: argparse.Namespace) -> Setup:
    spacetalks = find_spacetalks()
    if spacetalks is None:
        sys.exit("run.py: cannot find the spacetalks script; install the package first")
    runs: int = arguments.runs or (QUICK_RUNS if arguments.quick else DEFAULT_RUNS)
    return Setup(
        spacetalks=spacetalks,
        python=script_interpreter(spacetalks),
        jq=find_jq(),
        runs=runs,
        seed=arguments.seed,
    )


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    setup = make_setup(arguments)
    header = header_lines(setup)
    if setup.jq is None:
        progress("jq is not installed: skipping the jq comparisons")
    report = Report()
    startup_figures(setup, report)
    information_figures(setup, report)
    dataset_figures(setup, arguments.events, report)
    growth_figures(report)
    print("\n".join(header))
    print()
    print(plain_table(report.rows))
    if arguments.markdown is not None:
        arguments.markdown.write_text(markdown_document(header, report.rows), encoding="utf-8")
        progress(f"wrote {arguments.markdown}")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
