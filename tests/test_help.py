"""Help that reads well: plain metavars, every valid value listed, values in any case."""

from __future__ import annotations

import re

import pytest
from conftest import Invoke
from test_contract import command_names

from spacetalks.cli.help import flowing
from spacetalks.dataset.model import KNOWN_KINDS, STATUSES

BOX = re.compile(r"[│╭╮╰╯─]")


def help_text(invoke: Invoke, *args: str) -> str:
    """A command's help at 80 columns as one line of words (boxes and wrapping removed)."""
    result = invoke(*args, "--help", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    return " ".join(BOX.sub(" ", result.stdout).split())


@pytest.mark.parametrize("name", command_names())
def test_help_has_readable_metavars(invoke: Invoke, name: str) -> None:
    text = help_text(invoke, name)
    assert "{" not in text
    assert "<str>" not in text
    assert "]:<" not in text
    usage = re.search(r"Usage: spacetalks (\S+) (.*?)  ", invoke(name, "--help").stdout)
    assert usage is not None
    arguments = usage.group(2).replace("[OPTIONS]", "").split()
    assert all(re.fullmatch(r"\[?[A-Z]+\]?(\.\.\.)?", word) for word in arguments), arguments


def test_kind_and_status_help_list_every_value(invoke: Invoke) -> None:
    for command in ("timeline", "export", "cite"):
        text = help_text(invoke, command)
        for value in (*KNOWN_KINDS, *STATUSES):
            assert re.search(rf"\b{value}\b", text), (command, value)


def test_format_and_colour_take_readable_metavars(invoke: Invoke) -> None:
    assert "--format -f FORMAT table (the default on a terminal)" in help_text(invoke, "people")
    assert "--color WHEN" in help_text(invoke)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (("--kind", "Meeting"), ("--kind", "meeting")),
        (("--kind", "MEETING", "--status", "HAPPENED"), ("--kind", "meeting")),
        (("--status", "Planned"), ("--status", "planned")),
    ],
)
def test_kind_and_status_in_any_case(
    invoke: Invoke, typed: tuple[str, ...], meant: tuple[str, ...]
) -> None:
    given = invoke("timeline", "--json", *typed)
    assert given.exit_code == 0, given.stderr
    assert given.json() == invoke("timeline", "--json", *meant).json()
    assert given.json()


@pytest.mark.parametrize(
    ("option", "typed", "suggested"),
    [("--kind", "meating", "meeting"), ("--status", "hapened", "happened")],
)
def test_a_misspelt_value_gets_a_suggestion(
    invoke: Invoke, option: str, typed: str, suggested: str
) -> None:
    result = invoke("timeline", option, typed)
    assert result.exit_code == 2
    message = " ".join(BOX.sub(" ", result.stderr).split())
    assert f"did you mean {suggested}?" in message
    assert "Valid: " in message


def test_search_type_in_any_case(invoke: Invoke) -> None:
    assert invoke("search", "Baikonur", "--type", "Event", "--json").exit_code == 0


def test_docstring_paragraphs_flow_and_kept_blocks_stay() -> None:
    text = "First line.\n\n    One paragraph\n    over two lines.\n\n    \b\n    a\n    b"
    # Typer keeps a paragraph's lines as they are; the \b that marks it is not shown.
    assert flowing(text) == "First line.\n\nOne paragraph over two lines.\n\na\nb"
