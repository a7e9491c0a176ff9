"""The examples in README.md and docs/*.md, run through the real CLI.

An example is a line starting with ``$ spacetalks`` in a ```console block; the lines
after it, up to the next ``$`` line, are the output it shows (stdout and stderr as a
terminal would show them, trailing spaces aside). A line that is exactly ``...`` stands
for lines left out; an example that shows no output is checked for its exit code alone.
The exit code is 0 unless the command's comment says otherwise (``# ... exit 2``).

Where the output shown is a drawn table (it holds box-drawing characters), the command
runs on a pseudo-terminal of 80 columns, without colour or pager; otherwise through a
pipe, in bash (so ``|``, ``>`` and ``2>&1`` work as written). The commands of one block
run in order in one scratch directory, so a block can write a file and read it back.
Lines starting with ``$`` that run another program (``jq``, ``pandoc``) are not run,
and a command piped into a program this machine lacks is skipped.

Redraw every example's output after a change to what a command prints (read the diff):

    python tests/docs_examples.py README.md docs/*.md
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from terminal import clean_environment, run_on_terminal

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = 80
GAP = "..."
BOX_DRAWING = re.compile("[\u2500-\u257f]")
EXIT_CODE = re.compile(r"\bexit (\d+)\b")
TERMINAL_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


def documents() -> list[Path]:
    """The README and every page of the manual."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@dataclass
class Example:
    """One ``$`` line of a console block and the output shown under it."""

    line: int
    command: str
    shown: list[str]

    @property
    def runs_spacetalks(self) -> bool:
        return self.command.split(maxsplit=1)[0] == "spacetalks"

    @property
    def expected_exit(self) -> int:
        comment = _comment(self.command)
        match = EXIT_CODE.search(comment) if comment else None
        return int(match.group(1)) if match else 0

    @property
    def drawn(self) -> bool:
        return any(BOX_DRAWING.search(line) for line in self.shown)


@dataclass
class Block:
    """A ```console block: where it is, and its examples in order."""

    path: Path
    line: int
    examples: list[Example]

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(ROOT).as_posix()}:{self.line}"


def _words(command: str) -> list[str]:
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    return list(lexer)


def _comment(command: str) -> str:
    """The text of a command's trailing ``#`` comment, if it has one."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words = list(lexer)
    for at, word in enumerate(words):
        if word.startswith("#"):
            return " ".join(words[at:])
    return ""


def blocks(path: Path) -> list[Block]:
    """The console blocks of a Markdown file."""
    found: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    at = 0
    while at < len(lines):
        if lines[at].strip() != "```console":
            at += 1
            continue
        block = Block(path, at + 1, [])
        at += 1
        while at < len(lines) and not lines[at].startswith("```"):
            if lines[at].startswith("$ "):
                block.examples.append(Example(at + 1, lines[at][2:], []))
            elif block.examples:
                block.examples[-1].shown.append(lines[at].rstrip())
            at += 1
        found.append(block)
        at += 1
    return found


def every_block() -> list[Block]:
    return [block for path in documents() for block in blocks(path)]


def _shell_program(words: list[str]) -> list[str]:
    """The programs a shell command line runs: the first word and each after a pipe."""
    programs, next_is_program = [], True
    for word in words:
        if next_is_program and word not in {"|", "&&", ";"}:
            programs.append(word)
        next_is_program = word in {"|", "&&", ";"}
    return programs


def missing_programs(example: Example) -> list[str]:
    return [
        program
        for program in _shell_program(_words(example.command))
        if program != "spacetalks" and shutil.which(program) is None
    ]


def _environment(directory: Path) -> dict[str, str]:
    bin_directory = str(Path(sys.executable).parent)
    return clean_environment(
        COLUMNS=str(COLUMNS),
        PATH=f"{bin_directory}{os.pathsep}{os.environ.get('PATH', '')}",
        PWD=str(directory),
    )


def run(example: Example, directory: Path) -> tuple[int, list[str]]:
    """Run an example as a reader would; its exit code and output lines."""
    words = _words(example.command)
    environment = _environment(directory)
    if example.drawn and not {"|", ">", "<", "&&", ";"} & set(words):
        environment["NO_COLOR"] = "1"
        environment["TERM"] = "xterm-256color"
        ran = run_on_terminal(
            *words[1:], columns=COLUMNS, rows=500, env=environment, stderr_too=True, cwd=directory
        )
        text = TERMINAL_ESCAPE.sub("", ran.screen).replace("\r\n", "\n").replace("\r", "")
        return ran.exit_code, _normalised(text)
    completed = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {example.command}"],
        cwd=directory,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=120,
        check=False,
    )
    return completed.returncode, _normalised(completed.stdout.decode("utf-8", "replace"))


def _normalised(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def mismatch(shown: list[str], printed: list[str]) -> str | None:
    """Why the printed lines are not what the docs show (``...`` lines standing for any
    lines), or None when they are."""
    if not shown:
        return None
    segments: list[list[str]] = [[]]
    for line in shown:
        if line == GAP:
            segments.append([])
        else:
            segments[-1].append(line)
    at = 0
    for index, segment in enumerate(segments):
        if not segment:
            continue
        if index == 0:
            if printed[: len(segment)] != segment:
                return f"the output does not begin with:\n{chr(10).join(segment)}"
            at = len(segment)
            continue
        for start in range(at, len(printed) - len(segment) + 1):
            if printed[start : start + len(segment)] == segment:
                at = start + len(segment)
                break
        else:
            return f"the output does not go on with:\n{chr(10).join(segment)}"
    if segments[-1] and at != len(printed):
        return f"the output goes on after what is shown:\n{chr(10).join(printed[at:])}"
    return None


def redrawn(shown: list[str], printed: list[str]) -> list[str]:
    """The output to show instead: all of it, or where the docs cut it short, as many
    lines before and after each cut as they show now."""
    if GAP not in shown:
        return printed
    head = shown.index(GAP)
    tail = len(shown) - 1 - shown.index(GAP) if shown.count(GAP) == 1 else 0
    kept = [*printed[:head], GAP]
    if tail and shown[-1] != GAP:
        kept += printed[-tail:]
    return kept


def update(path: Path, directory: Path) -> None:
    """Redraw the output of every example in one file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    replacements: list[tuple[int, int, list[str]]] = []
    for block in blocks(path):
        for example in block.examples:
            if not example.runs_spacetalks or missing_programs(example):
                continue
            _, printed = run(example, directory)  # run them all: a later one may need a file
            if example.shown and mismatch(example.shown, printed):
                first = example.line  # the output starts on the line after the command
                replacements.append(
                    (first, first + len(example.shown), redrawn(example.shown, printed))
                )
    for start, end, new in reversed(replacements):
        lines[start:end] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    import tempfile

    for name in sys.argv[1:]:
        with tempfile.TemporaryDirectory() as scratch:
            update(Path(name).resolve(), Path(scratch))
