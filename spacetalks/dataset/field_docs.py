"""The docstring written under each field of a class: how the model and the output
contract document their fields, read back from their source for the schema's tables
and for ``--fields help``."""

from __future__ import annotations

import ast
import inspect
import textwrap
from itertools import pairwise


def field_docstrings(cls: type) -> dict[str, str]:
    """The docstring under each field of a class (not of its bases), by attribute name,
    as one line; empty where the source cannot be read (a compiled-only install)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    return {
        statement.target.id: " ".join(following.value.value.split())
        for statement, following in pairwise(body)
        if isinstance(statement, ast.AnnAssign)
        and isinstance(statement.target, ast.Name)
        and isinstance(following, ast.Expr)
        and isinstance(following.value, ast.Constant)
        and isinstance(following.value.value, str)
    }
