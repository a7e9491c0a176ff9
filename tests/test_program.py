"""The program around the commands: global options anywhere, lazy commands, and the one
seam that owns the speed tricks (GC policy, keep-alive, fast exit)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SMALL_DATASET, Invoke
from terminal import clean_environment, run_piped

WriteJson = Callable[..., Path]


@pytest.fixture
def small_file(write_json: WriteJson) -> str:
    return str(write_json(SMALL_DATASET, "small.json"))


@pytest.mark.parametrize(
    "args",
    [
        ["--no-bundled", "--data", "FILE", "timeline", "--json"],
        ["timeline", "--json", "--no-bundled", "--data", "FILE"],
        ["--no-bundled", "timeline", "--data", "FILE", "--json"],
        ["timeline", "--data", "FILE", "--json", "--no-bundled", "--no-cache", "--no-color"],
    ],
    ids=["before", "after", "split", "all after"],
)
def test_global_options_before_or_after_the_command(
    invoke: Invoke, small_file: str, args: list[str]
) -> None:
    result = invoke(*[small_file if arg == "FILE" else arg for arg in args])
    assert result.exit_code == 0, result.stderr
    assert len(result.json()) == len(SMALL_DATASET["events"])  # type: ignore[arg-type]


def test_data_before_and_after_the_command_are_both_loaded(
    invoke: Invoke, small_file: str, write_json: WriteJson
) -> None:
    extra = write_json({"events": [{**SMALL_DATASET["events"][0], "id": "extra"}]})  # type: ignore[index]
    result = invoke(
        "--no-bundled", "--data", small_file, "timeline", "--json", "--data", str(extra)
    )
    assert result.exit_code == 0, result.stderr
    assert "extra" in {row["id"] for row in result.json()}


@pytest.mark.parametrize(
    "args",
    [
        ["who", "Petrova", "--json", "--no-bundled", "--data", "FILE"],
        ["validate", "--no-bundled", "--data", "FILE"],
        ["export", "ics", "--no-bundled", "--data", "FILE"],
        ["search", "moon", "--data", "FILE", "--no-bundled"],
    ],
)
def test_every_command_takes_global_options_after_it(
    invoke: Invoke, small_file: str, args: list[str]
) -> None:
    result = invoke(*[small_file if arg == "FILE" else arg for arg in args])
    assert result.exit_code == 0, result.stderr
    assert "Bakanov" not in result.stdout  # the bundled dataset was left out


def test_version_after_the_command(invoke: Invoke) -> None:
    result = invoke("timeline", "--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("spacetalks ")


def test_global_options_are_shown_once_in_help(invoke: Invoke) -> None:
    top = invoke("--help").stdout
    for option in ("--data", "--no-bundled", "--no-cache", "--no-color", "--version"):
        assert top.count(option) == 1, option
        assert option not in invoke("timeline", "--help").stdout


@pytest.mark.slow
def test_options_after_the_command_in_a_real_subprocess(small_file: str) -> None:
    result = run_piped("timeline", "--json", "--no-bundled", "--data", small_file)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == len(SMALL_DATASET["events"])  # type: ignore[arg-type]


@pytest.mark.slow
def test_completion_reads_global_options_after_the_command(small_file: str) -> None:
    words = f"spacetalks who --no-bundled --data {small_file} jo"
    env = clean_environment(
        _SPACETALKS_COMPLETE="complete_bash",
        COMP_WORDS=words,
        COMP_CWORD=str(len(words.split()) - 1),
    )
    result = subprocess.run(
        [sys.executable, "-m", "spacetalks"], capture_output=True, text=True, env=env, check=False
    )
    assert set(result.stdout.split()) == {"john-smith", "john-stone", "jose-nunez"}


RUN = """
import atexit, gc, sys
import spacetalks.cli.program as program

def report():
    loaded = sorted(name for name in sys.modules if name.startswith("spacetalks.cli."))
    sys.stderr.write(f"atexit gc={{gc.isenabled()}} modules={{','.join(loaded)}}\\n")

atexit.register(report)
sys.argv = ["spacetalks", *{args!r}]
program.main()
"""


def run_main(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN.format(args=list(args))],
        capture_output=True,
        text=True,
        env=clean_environment(**env),
        check=False,
    )


@pytest.mark.slow
def test_a_run_exits_fast_without_the_garbage_collector() -> None:
    result = run_main("timeline", "--limit", "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1
    assert "atexit" not in result.stderr  # ended by os._exit, after flushing


@pytest.mark.slow
def test_the_speed_tricks_can_be_turned_off() -> None:
    result = run_main("timeline", "--limit", "1", SPACETALKS_NO_FAST_EXIT="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1
    assert "atexit gc=True" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "module"),
    [(["timeline", "--limit", "1"], "timeline"), (["who", "Bakanov"], "explore")],
)
def test_a_run_imports_only_the_module_of_its_command(args: list[str], module: str) -> None:
    result = run_main(*args, SPACETALKS_NO_FAST_EXIT="1")
    assert result.returncode == 0, result.stderr
    modules = result.stderr.split("modules=", 1)[1].split()[0].split(",")
    commands = {"timeline", "explore", "export", "interchange", "dataset"}
    assert {name.removeprefix("spacetalks.cli.") for name in modules} & commands == {module}


KEPT_UNTIL_EXIT = """
import sys
import spacetalks.cli.program as program

exit_now = program.leave

def leave(code):
    frames, tb = [], sys.exc_info()[2]
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    contexts = [v for f in frames for v in f.f_locals.values() if hasattr(v, "meta")]
    loaded = [d for c in contexts for d in c.meta.get(program.LOADED, [])]
    sys.stderr.write(f"alive at exit: {{len(loaded[0].events) if loaded else 0}} events\\n")
    exit_now(code)

program.leave = leave
sys.argv = ["spacetalks", "--no-bundled", "--data", {path!r}, "timeline", "--limit", "0"]
program.main()
"""


@pytest.mark.slow
def test_what_a_run_loaded_is_still_alive_when_it_exits(small_file: str) -> None:
    """The fast exit frees nothing object by object: the dataset is alive when it exits."""
    result = subprocess.run(
        [sys.executable, "-c", KEPT_UNTIL_EXIT.format(path=small_file)],
        capture_output=True,
        text=True,
        env=clean_environment(),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    events = len(SMALL_DATASET["events"])  # type: ignore[arg-type]
    assert f"alive at exit: {events} events" in result.stderr


def test_every_registered_command_is_in_the_lazy_table() -> None:
    """A command whose module is missing from COMMAND_MODULES could never be run."""
    from spacetalks.cli import COMMAND_MODULES, load_commands

    registered = {
        info.name or (info.callback.__name__ if info.callback else "")
        for info in load_commands().registered_commands
    }
    assert registered == set(COMMAND_MODULES)


def test_only_the_apps_own_global_options_follow_a_command(invoke: Invoke) -> None:
    """Typer's completion installers stay where Typer puts them, before the command."""
    result = invoke("timeline", "--show-completion")
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_work_left_for_after_the_answer_is_done_here_when_there_is_no_fork(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from spacetalks.cli import program

    def no_fork() -> int:
        raise OSError("Resource temporarily unavailable")

    def fails() -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(os, "fork", no_fork)
    done: list[str] = []
    program.finish_after_answer([lambda: done.append("written"), fails])
    assert done == ["written"]  # and a failing task is no crash
