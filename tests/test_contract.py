"""Contracts across the project: schema in sync, help with examples, data in the package."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from conftest import Invoke

from spacetalks.cli import load_commands
from spacetalks.dataset.schema import schema_text

app = load_commands()

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "spacetalks" / "data"


def canonical(schema: object) -> object:
    """A schema with the order of its ``anyOf`` choices set aside: msgspec releases list
    them in different orders, which changes no meaning."""
    if isinstance(schema, dict):
        return {
            key: sorted(map(json.dumps, map(canonical, value)))
            if key == "anyOf"
            else canonical(value)
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [canonical(item) for item in schema]
    return schema


def test_schema_file_matches_the_model() -> None:
    written = json.loads((DATA / "schema.json").read_text(encoding="utf-8"))
    regenerate = "regenerate: python -m spacetalks.dataset.schema > spacetalks/data/schema.json"
    assert canonical(written) == canonical(json.loads(schema_text())), regenerate


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
    data = json.loads(
        (ROOT / "spacetalks" / "data" / "spacetalks.json").read_text(encoding="utf-8")
    )
    source_ids = {source["id"] for source in data["sources"]}
    for record in [*data["events"], *data["quotes"]]:
        assert record["sources"], record["id"]
        assert set(record["sources"]) <= source_ids
    for person in data["people"]:
        for role in person.get("roles", []):
            assert role["sources"], person["id"]
            assert set(role["sources"]) <= source_ids


def reference_article() -> Path | None:
    """The article the dataset's seed was checked against: in the project's shared/
    folder, beside this checkout or above it (a worktree)."""
    for folder in ROOT.parents:
        article = folder / "shared" / "reference" / "article.txt"
        if article.is_file():
            return article
    return None


def test_article_quotes_are_verbatim() -> None:
    article = reference_article()
    if article is None:
        # A clone without the project's shared/ folder beside it (the folder is the
        # project's, not the repository's); the development checkout and CI have it.
        pytest.skip("the reference article (shared/reference) is not beside this checkout")
    text = article.read_text(encoding="utf-8")
    data = json.loads(
        (ROOT / "spacetalks" / "data" / "spacetalks.json").read_text(encoding="utf-8")
    )
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
    steps = commands[1].split(" && ")
    for step in ("pytest", "ruff check .", "ruff format --check .", "mypy"):
        assert step in steps, step
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci_script.splitlines()


def test_lint_and_type_checkers_are_pinned() -> None:
    """A new ruff or mypy release cannot turn the build red without a change here."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    test_extra = project["project"]["optional-dependencies"]["test"]
    for tool in ("ruff", "mypy", "cogapp"):
        assert any(re.fullmatch(rf"{tool}==[0-9.]+", line) for line in test_extra), tool


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


@pytest.mark.slow
@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("spacetalks who dmitry-r", {"dmitry-rogozin"}),
        ("spacetalks who dmitry-ba", {"dmitry-bakanov", "dmitry-baranov"}),
        ("spacetalks timeline --topic cross", {"cross-flights"}),
        ("spacetalks timeline --org ros", {"roscosmos"}),
        (
            "spacetalks show 2025-07-31-bakanov",
            {"2025-07-31-bakanov-duffy-talks", "2025-07-31-bakanov-invites-duffy-soyuz-launch"},
        ),
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


def test_oldest_constraints_are_the_lower_bounds_of_the_dependencies() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bounds = {}
    for requirement in project["dependencies"]:
        name, _, rest = requirement.partition(">=")
        bounds[name.strip()] = rest.split(",")[0].strip()
    pinned = {}
    for line in (ROOT / "constraints-oldest.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pinned[name] = version
    assert pinned == bounds
