"""Shell completion only completes: hostile names and titles never run or break anything.

Completion prints candidates that the user's shell reads (and zsh evaluates) on every
Tab press. These tests generate the completion output through Typer's protocol for
each shell, with people and events whose names are shell code, markup and control
characters, and check that nothing a shell would act on survives; where bash, zsh or
fish is installed, a real shell completes and the payloads must not have run.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from terminal import clean_environment, spacetalks_command

HOSTILE_NAMES = {
    "dollar-paren": "$(touch {marker}-dollar)",
    "backticks": "`touch {marker}-backticks`",
    "escaped-dollar": "\\$(touch {marker}-escaped)",
    "escaped-backtick": "x\\`touch {marker}-escaped-backtick\\`",
    "arithmetic": "$((7*6)) ${{HOME}}",
    "markup": "[/] [bold]loud[/bold] [link=x]y",
    "double-quote": 'a"; touch {marker}-dq; "b',
    "single-quote": "a'; touch {marker}-sq; 'b",
    "newline": "first\ntouch {marker}-newline\nlast",
    "controls": "\x1b]0;title\x07\x1b[2J\r\b\x00\x7f\x9b",
    "bidi": "\u202eevil\u202c\u2066x\u2069\u200b",
    "separators": "a\u2028b\u2029c",
    "colon-and-glob": "a:b:c * ? ~root !! %F{{red}}",
    "long": "x" * 5000,
}
"""Person names (and event titles) that would run, break or garble a shell's completion."""

SHELL_ACTIVE = re.compile(
    r"[\"'$`\\\[\]:;|<>*?{}!~%\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
)
"""Characters a shell, a completion system or Rich markup could act on."""


def hostile_dataset(tmp_path: Path, marker: Path) -> Path:
    names = {key: text.format(marker=marker) for key, text in HOSTILE_NAMES.items()}
    document = {
        "sources": [{"id": "src", "title": "t", "publisher": "p"}],
        "people": [{"id": f"evil-{key}", "name": name} for key, name in names.items()],
        "events": [
            {
                "id": f"evil-{key}",
                "date": "2020",
                "title": name,
                "kind": "meeting",
                "status": "happened",
                "sources": ["src"],
            }
            for key, name in names.items()
        ],
    }
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def protocol_output(shell: str, words: str, dataset: Path) -> subprocess.CompletedProcess[str]:
    """What spacetalks prints for one Tab press in a shell, by Typer's protocol."""
    env = clean_environment(
        SPACETALKS_DATA=str(dataset),
        _SPACETALKS_COMPLETE=f"complete_{shell}",
        _TYPER_COMPLETE_ARGS=words,
        _TYPER_COMPLETE_FISH_ACTION="get-args",
        _TYPER_COMPLETE_WORD_TO_COMPLETE=words.rsplit(" ", maxsplit=1)[-1],
        COMP_WORDS=words,
        COMP_CWORD=str(len(words.split(" ")) - 1),
    )
    return subprocess.run(
        spacetalks_command(), capture_output=True, text=True, env=env, timeout=60, check=False
    )


EXPECTED_IDS = {f"evil-{key}" for key in HOSTILE_NAMES}


def check_description(text: str) -> None:
    assert not SHELL_ACTIVE.search(text), text
    assert len(text) <= 48


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    return tmp_path / "ran"


@pytest.fixture
def dataset(tmp_path: Path, marker: Path) -> Path:
    return hostile_dataset(tmp_path, marker)


def ran(marker: Path) -> list[str]:
    return sorted(path.name for path in marker.parent.glob(f"{marker.name}*"))


@pytest.mark.parametrize("command", ["who", "show"])
def test_zsh_completion_output_has_nothing_zsh_would_evaluate(dataset: Path, command: str) -> None:
    result = protocol_output("zsh", f"spacetalks {command} evil", dataset)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    framed = re.fullmatch(r"_arguments '\*: :\(\((.*)\)\)'\n", result.stdout, re.DOTALL)
    assert framed, result.stdout
    items = framed.group(1).split("\n")
    offered = set()
    for item in items:
        parsed = re.fullmatch(r'"([A-Za-z0-9._-]+)":"([^"]*)"', item)
        assert parsed, item
        offered.add(parsed.group(1))
        check_description(parsed.group(2))
    assert offered == EXPECTED_IDS


@pytest.mark.parametrize("command", ["who", "show"])
def test_fish_completion_output_is_one_line_a_candidate_without_controls(
    dataset: Path, command: str
) -> None:
    result = protocol_output("fish", f"spacetalks {command} evil", dataset)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.removesuffix("\n").split("\n")
    assert len(lines) == len(HOSTILE_NAMES)
    offered = set()
    for line in lines:
        value, description = line.split("\t")
        offered.add(value)
        check_description(description)
    assert offered == EXPECTED_IDS


@pytest.mark.parametrize("shell", ["bash", "powershell"])
def test_bash_and_powershell_completion_output_is_the_ids(dataset: Path, shell: str) -> None:
    result = protocol_output(shell, "spacetalks who evil", dataset)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.removesuffix("\n").split("\n")
    values = {line.split(":::")[0] for line in lines}
    assert values == EXPECTED_IDS
    for line in lines:
        if ":::" in line:
            check_description(line.split(":::", 1)[1])


def test_a_narrow_terminal_still_gets_one_line_a_candidate(dataset: Path) -> None:
    """Typer renders descriptions with Rich, which wraps at COLUMNS; a wrapped line would be
    a candidate of its own in fish."""
    env_words = "spacetalks who evil-long"
    result = subprocess.run(
        spacetalks_command(),
        capture_output=True,
        text=True,
        env=clean_environment(
            SPACETALKS_DATA=str(dataset),
            _SPACETALKS_COMPLETE="complete_fish",
            _TYPER_COMPLETE_ARGS=env_words,
            _TYPER_COMPLETE_FISH_ACTION="get-args",
            COLUMNS="20",
        ),
        timeout=60,
        check=False,
    )
    assert result.stdout.removesuffix("\n").split("\n") == ["evil-long\t" + "x" * 18 + "…"]


def completion_script(shell: str) -> str:
    env = clean_environment(_SPACETALKS_COMPLETE=f"source_{shell}")
    result = subprocess.run(
        spacetalks_command(), capture_output=True, text=True, env=env, timeout=60, check=True
    )
    return result.stdout


def shell_environment(dataset: Path) -> dict[str, str]:
    """spacetalks on PATH, the hostile dataset loaded."""
    directory = str(Path(spacetalks_command()[0]).parent)
    return clean_environment(
        SPACETALKS_DATA=str(dataset),
        PATH=f"{directory}{os.pathsep}{os.environ.get('PATH', '')}",
        HOME=str(dataset.parent),
    )


def complete_in_shell(shell: str, dataset: Path, program: str) -> list[str]:
    """Run a program in a real shell after sourcing spacetalks' completion script (SCRIPT
    in the program); the lines it prints."""
    script = dataset.parent / f"completion.{shell}"
    script.write_text(completion_script(shell), encoding="utf-8")
    options = ["--norc", "--noprofile"] if shell == "bash" else ["--no-config"]
    result = subprocess.run(
        [shell, *options, "-c", program.replace("SCRIPT", str(script))],
        capture_output=True,
        text=True,
        env=shell_environment(dataset),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.skipif(
    shutil.which("bash") is None, reason="bash is not installed (apt-get install bash)"
)
@pytest.mark.parametrize("command", ["who", "show"])
def test_bash_completes_hostile_names_without_running_them(
    dataset: Path, marker: Path, command: str
) -> None:
    program = (
        "source SCRIPT\n"
        f"COMP_WORDS=(spacetalks {command} evil); COMP_CWORD=2\n"
        "_spacetalks_completion spacetalks\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    assert set(complete_in_shell("bash", dataset, program)) == EXPECTED_IDS
    assert ran(marker) == []


@pytest.mark.skipif(
    shutil.which("fish") is None, reason="fish is not installed (apt-get install fish)"
)
@pytest.mark.parametrize("command", ["who", "show"])
def test_fish_completes_hostile_names_without_running_them(
    dataset: Path, marker: Path, command: str
) -> None:
    lines = complete_in_shell(
        "fish", dataset, f"source SCRIPT; complete -C 'spacetalks {command} evil'"
    )
    assert {line.split("\t")[0] for line in lines} == EXPECTED_IDS
    assert ran(marker) == []


def drive_zsh(zdotdir: Path, env: dict[str, str], typed: str) -> str:
    """Type into an interactive zsh on a pseudo-terminal, press Tab twice, and return the
    screen once a command run after it has answered."""
    import pty

    pid, controller = pty.fork()
    if pid == 0:  # the child: an interactive zsh reading ZDOTDIR/.zshrc
        os.execvpe("zsh", ["zsh", "-i"], {**env, "ZDOTDIR": str(zdotdir), "TERM": "dumb"})
    screen = b""

    def read_until(needle: bytes, timeout: float) -> None:
        nonlocal screen
        deadline = time.monotonic() + timeout
        while needle not in screen and time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 0.1)
            if ready:
                try:
                    screen += os.read(controller, 65536)
                except OSError:
                    return

    try:
        read_until(b"READY", 30)
        os.write(controller, typed.encode() + b"\t")
        read_until(b"evil-", 30)
        os.write(controller, b"\t")
        time.sleep(0.5)
        os.write(controller, b"\x15")  # Ctrl-U: the line is dropped, not run
        os.write(controller, b"print DONE$((40+2))\n")
        read_until(b"DONE42", 30)
        os.write(controller, b"exit\n")
    finally:
        os.close(controller)
        os.waitpid(pid, 0)
    return screen.decode("utf-8", "replace")


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("zsh") is None, reason="zsh is not installed (apt-get install zsh)"
)
@pytest.mark.parametrize("command", ["who", "show"])
def test_zsh_completes_hostile_names_without_running_them(
    dataset: Path, marker: Path, tmp_path: Path, command: str
) -> None:
    zdotdir = tmp_path / "zdotdir"
    zdotdir.mkdir()
    (zdotdir / ".zshrc").write_text(
        "autoload -U compinit; compinit -u\n"
        + completion_script("zsh")
        + "\nPS1='%# '\nprint READY\n",
        encoding="utf-8",
    )
    screen = drive_zsh(zdotdir, shell_environment(dataset), f"spacetalks {command} evil")
    assert "DONE42" in screen, screen
    assert "evil-markup" in screen, screen
    assert "unmatched" not in screen
    assert ran(marker) == []
