"""Options declared once and shared by several commands, handed over as one value.

Typer reads a command's options from its signature. ``grouped_options`` gives a
command a group of options (the output options, the timeline filters) in place of
one keyword-only parameter, and calls it with the group gathered into one struct,
so each option is declared in one place and each command's signature stays short.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Any

import msgspec

Option = tuple[str, Any, Any]
"""A parameter's name, its annotation (an ``Annotated`` Typer option) and default."""


def grouped_options(
    parameter: str, options: Sequence[Option], group: type[msgspec.Struct]
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A decorator: the command's ``parameter`` becomes ``options``, gathered into ``group``
    (whose fields have the options' names)."""
    names = [name for name, _, _ in options]

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        signature = inspect.signature(command, eval_str=True)
        own = [value for name, value in signature.parameters.items() if name != parameter]
        added = [
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind
            )
            for name, kind, default in options
        ]

        @functools.wraps(command)
        def with_options(*args: Any, **kwargs: Any) -> None:
            values = {name: kwargs.pop(name) for name in names if name in kwargs}
            command(*args, **{parameter: group(**values)}, **kwargs)

        parameters = [*own, *added]
        with_options.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        with_options.__annotations__ = {p.name: p.annotation for p in parameters}
        return with_options

    return decorate
