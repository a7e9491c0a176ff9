"""Contracts across the project: schema in sync, help with examples, data in the package."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Invoke

from spacetalks.cli import load_commands
from spacetalks.schema import schema_text

app = load_commands()

ROOT = Path(__file__).resolve().parent.parent


def test_schema_file_matches_the_model() -> None:
    written = (ROOT / "data" / "schema.json").read_text(encoding="utf-8")
    assert written == schema_text(), "regenerate: python -m spacetalks.schema > data/schema.json"


def command_names() -> list[str]:
    import typer.core
    import typer.main

    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return sorted(group.commands)


def test_there_are_commands() -> None:
    assert {"timeline", "validate"} <= set(command_names())


@pytest.mark.parametrize("name", command_names())
def test_every_command_help_leads_with_an_example(invoke: Invoke, name: str) -> None:
    result = invoke(name, "--help")
    assert result.exit_code == 0
    assert f"Example: spacetalks {name}" in result.stdout


def test_top_level_help_shows_an_example(invoke: Invoke) -> None:
    result = invoke("--help")
    assert "Example: spacetalks timeline" in result.stdout


def test_every_record_cites_a_source_that_exists() -> None:
    data = json.loads((ROOT / "data" / "spacetalks.json").read_text(encoding="utf-8"))
    source_ids = {source["id"] for source in data["sources"]}
    for record in [*data["events"], *data["quotes"]]:
        assert record["sources"], record["id"]
        assert set(record["sources"]) <= source_ids
    for person in data["people"]:
        for role in person.get("roles", []):
            assert role["sources"], person["id"]
            assert set(role["sources"]) <= source_ids


def test_article_quotes_are_verbatim() -> None:
    article = ROOT.parent / "shared" / "reference" / "article.txt"
    if not article.exists():
        pytest.skip("the reference article is not beside this checkout")
    text = article.read_text(encoding="utf-8")
    data = json.loads((ROOT / "data" / "spacetalks.json").read_text(encoding="utf-8"))
    from_article = [quote for quote in data["quotes"] if "src-article" in quote["sources"]]
    assert len(from_article) == 3
    for quote in from_article:
        assert quote["text"] in text


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_quick_start_is_two_commands_and_ci_runs_the_second_verbatim() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "spacetalks timeline" in commands[0]
    assert "pytest" in commands[1]
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci_script.splitlines()


def test_code_is_lint_and_type_clean() -> None:
    """ruff and mypy --strict, as configured in pyproject.toml."""
    import shutil
    import subprocess
    import sys

    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    for command in (
        [ruff, "check", "."],
        [ruff, "format", "--check", "."],
        [sys.executable, "-m", "mypy"],
    ):
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}{result.stderr}"


def test_no_arguments_shows_help(invoke: Invoke) -> None:
    result = invoke()
    assert result.exit_code == 0
    assert "Example: spacetalks timeline" in result.stdout
    assert "who" in result.stdout


def test_unknown_command_suggests_the_closest(invoke: Invoke) -> None:
    result = invoke("timelin")
    assert result.exit_code == 2
    assert "timeline" in result.stderr


def test_unknown_option_suggests_the_closest(invoke: Invoke) -> None:
    result = invoke("timeline", "--sinc", "2018")
    assert result.exit_code == 2
    assert "--since" in result.stderr


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("spacetalks who dmi", {"dmitry-bakanov", "dmitry-rogozin"}),
        ("spacetalks timeline --topic cross", {"cross-flights"}),
        ("spacetalks timeline --org ros", {"roscosmos"}),
        ("spacetalks show 2025-07-31-bakanov", {"2025-07-31-bakanov-duffy-talks"}),
        ("spacetalks topics ro", {"ross"}),
        ("spacetalks tim", {"timeline"}),
    ],
)
def test_shell_completion_offers_ids(words: str, expected: set[str]) -> None:
    import subprocess

    from terminal import clean_environment, spacetalks_command

    env = clean_environment(
        _SPACETALKS_COMPLETE="complete_bash",
        COMP_WORDS=words,
        COMP_CWORD=str(len(words.split()) - 1),
    )
    result = subprocess.run(
        spacetalks_command(), capture_output=True, text=True, env=env, check=False
    )
    assert set(result.stdout.split()) == expected
