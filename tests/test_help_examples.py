"""Help you can copy: every example in every help text is a command that runs as written,
through a shell, against the bundled dataset, and exits 0."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import typer.core
import typer.main
from terminal import clean_environment

from spacetalks.cli import app

EXAMPLE_HEADING = re.compile(r"^(?:\x08\n)?(?:More examples|Examples?):", re.MULTILINE)


def help_texts() -> dict[str, str]:
    """The help of the program and of each command, by command name ("" for the program)."""
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    context = typer.Context(group)
    texts = {"": group.help or ""}
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
        texts[name] = command.help or ""
    return texts


def examples(text: str) -> list[str]:
    """The commands in a help text's example paragraphs, one a line."""
    found = []
    for block in text.split("\n\n"):
        paragraph = block.lstrip("\x08\n")
        if not EXAMPLE_HEADING.match(paragraph):
            continue
        body = paragraph.split(":", 1)[1]
        found += [line.strip() for line in body.split("\n") if line.strip()]
    return found


ALL_EXAMPLES = {name: examples(text) for name, text in help_texts().items()}


def test_every_command_has_examples_each_a_command() -> None:
    for name, commands in ALL_EXAMPLES.items():
        assert commands, name
        for command in commands:
            assert command.startswith("spacetalks "), (name, command)
            # One example a line: never several joined by a bar that reads as a pipe.
            assert not re.search(r"\|\s*spacetalks\b", command), command


# browse is interactive: its example needs a person at a terminal (test_browse runs it).
INTERACTIVE = {"browse"}


def test_every_example_runs_as_written(tmp_path: Path) -> None:
    """Every example runs, through a shell, and exits 0: in the order the help lists the
    commands, in one directory (import reads the package export's example writes)."""
    bin_directory = str(Path(sys.executable).parent)
    env = clean_environment(PATH=bin_directory + os.pathsep + os.environ.get("PATH", ""))
    ran = 0
    for name, commands in ALL_EXAMPLES.items():
        if name in INTERACTIVE:
            continue
        for command in commands:
            run = subprocess.run(
                command,
                shell=True,
                cwd=tmp_path,
                env=env,
                capture_output=True,
                stdin=subprocess.DEVNULL,
                timeout=120,
                check=False,
            )
            assert run.returncode == 0, (command, run.stderr.decode(errors="replace"))
            ran += 1
    assert ran >= len(ALL_EXAMPLES)
