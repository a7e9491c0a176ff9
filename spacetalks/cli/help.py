"""Help that reads well: a command's arguments shown as ``NAME``, ``[NAME]`` or
``NAME...``, never Typer's ``{NAME}`` or ``[name]:<type>``, and no ``<str>`` beside an
argument whose help says what it takes."""

from __future__ import annotations

import inspect
from typing import Any, TypeAlias

from typer.core import TyperArgument
from typer.main import get_click_type
from typer.models import ParameterInfo

Command: TypeAlias = Any
Context: TypeAlias = Any
Parameter: TypeAlias = Any
"""Click's classes, which Typer 0.28 carries privately and does not name publicly."""

StringParamType: type[Any] = type(get_click_type(annotation=str, parameter_info=ParameterInfo()))
"""The type of a text parameter, as Typer's public get_click_type makes it."""


class ReadableArgument(TyperArgument):
    """An argument named in capitals in usage and help: NAME, [NAME], NAME..."""

    def make_metavar(self, ctx: Context, *, usage: bool = False) -> str:
        name = self.metavar or (self.name or "").upper()
        if self.nargs != 1 and not name.endswith("..."):
            name += "..."
        if not self.required and not name.startswith("["):
            name = f"[{name}]"
        return name


class Words(StringParamType):  # type: ignore[misc]
    """Text, as an argument takes it; help names no type (its own help says what)."""

    def get_metavar(self, param: Parameter, ctx: Context) -> str:
        return ""


def flowing(help_text: str) -> str:
    """Help text whose paragraphs flow to the terminal's width: the line breaks of a
    docstring inside a paragraph become spaces (Typer would keep them, and lines then break
    twice at 80 columns). A paragraph that starts with ``\\b`` keeps its lines."""
    paragraphs = inspect.cleandoc(help_text).split("\n\n")
    return "\n\n".join(
        paragraph.removeprefix("\b").lstrip("\n")
        if paragraph.startswith("\b")
        else " ".join(paragraph.split("\n"))
        for paragraph in paragraphs
    )


def readable_help(command: Command) -> Command:
    """The command with its help flowing and its arguments shown as ReadableArgument
    says; nothing else about it changes (parsing and conversion are the same)."""
    if command.help:
        command.help = flowing(command.help)
    for param in command.params:
        if type(param) is TyperArgument:
            param.__class__ = ReadableArgument
            if type(param.type) is StringParamType:
                param.type = Words()
    return command
