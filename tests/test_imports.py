"""The import graph of the package follows the layers pyproject.toml declares
([tool.spacetalks] layers): no module imports a layer above its own (not even inside a
function), and no modules import each other in a circle."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "spacetalks"

KNOWN_CYCLES: set[frozenset[str]] = set()

FLOOR = "spacetalks.errors"
"""The one module outside the layers: the error every layer raises, which every layer may
import and which imports nothing of the package."""


def module_files() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name)."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules a file imports anywhere in it: at the top, inside a
    function, or only for type checking."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in modules}
        elif isinstance(node, ast.ImportFrom) and node.module in modules:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = module_files()
    return {name: imports_of(path, modules) - {name} for name, path in modules.items()}


def declared_layers() -> list[list[str]]:
    """The layers declared in pyproject.toml, top (imports all) to bottom; each a list of
    subpackages that stand side by side and may not import each other."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers: list[str] = project["tool"]["spacetalks"]["layers"]
    return [[name.strip() for name in layer.split("|")] for layer in layers]


def room_ranks() -> dict[str, tuple[int, str]]:
    """Each module's layer (its subpackage under spacetalks) and the layer's place in the
    order (0 is the bottom, imported by all)."""
    ranks: dict[str, tuple[int, str]] = {}
    for rank, rooms in enumerate(reversed(declared_layers())):
        for room in rooms:
            prefix = f"spacetalks.{room}"
            ranks.update(
                {
                    module: (rank, room)
                    for module in module_files()
                    if module == prefix or module.startswith(prefix + ".")
                }
            )
    return ranks


def side_by_side_imports(
    graph: dict[str, set[str]], ranks: dict[str, tuple[int, str]]
) -> list[str]:
    """Each import between two rooms of one layer (cli and browse), as a sentence."""
    return [
        f"{module} ({ranks[module][1]}) imports {target} ({ranks[target][1]})"
        for module, targets in sorted(graph.items())
        if module in ranks
        for target in sorted(targets)
        if target in ranks
        and ranks[target][0] == ranks[module][0]
        and ranks[target][1] != ranks[module][1]
    ]


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_module_is_in_the_module_map() -> None:
    ranks = room_ranks()
    outside = {"spacetalks", "spacetalks.__main__", FLOOR}
    unmapped = sorted(set(module_files()) - set(ranks) - outside)
    assert not unmapped, f"put these modules in a layer's subpackage: {unmapped}"
    layers = {room for rooms in declared_layers() for room in rooms}
    missing = sorted(room for room in layers if f"spacetalks.{room}" not in module_files())
    assert not missing, f"pyproject.toml declares layers that do not exist: {missing}"


def test_the_package_root_imports_nothing() -> None:
    assert import_graph()["spacetalks"] == set()


def test_the_floor_imports_nothing_of_the_package() -> None:
    assert import_graph()[FLOOR] == set()


def upward_imports(graph: dict[str, set[str]], ranks: dict[str, tuple[int, str]]) -> list[str]:
    """Each import of a module in a room below the importer's, as a sentence."""
    return [
        f"{module} ({ranks[module][1]}) imports {target} ({ranks[target][1]})"
        for module, targets in sorted(graph.items())
        if module in ranks
        for target in sorted(targets)
        if target in ranks and ranks[target][0] > ranks[module][0]
    ]


def test_no_module_imports_a_room_below_its_own() -> None:
    upward = upward_imports(import_graph(), room_ranks())
    assert not upward, "\n".join(upward)


def test_no_modules_import_each_other_in_a_circle() -> None:
    found = set(cycles(import_graph()))
    assert found <= KNOWN_CYCLES, [sorted(cycle) for cycle in found - KNOWN_CYCLES]


def test_the_checks_see_a_circle_and_an_upward_import() -> None:
    """The checks above can fail: a made-up graph with a circle and an upward arrow."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert cycles(graph) == [frozenset({"a", "b", "c"})]
    ranks = room_ranks()
    order = [
        "dataset.model",
        "dataset.merge",
        "store.load",
        "query.selection",
        "answers.contract",
        "answers.rows",
        "output.cells",
        "output.render",
        "interchange.jsonld",
        "cli.output",
    ]
    assert sorted(order, key=lambda name: ranks[f"spacetalks.{name}"][0]) == order
    assert upward_imports(
        {"spacetalks.dataset.model": {"spacetalks.answers.rows", "spacetalks.dataset.dates"}},
        ranks,
    ) == ["spacetalks.dataset.model (dataset) imports spacetalks.answers.rows (answers)"]
    assert side_by_side_imports({"spacetalks.browse.app": {"spacetalks.cli.output"}}, ranks) == [
        "spacetalks.browse.app (browse) imports spacetalks.cli.output (cli)"
    ]


LAUNCHER = "spacetalks.cli.browse"
"""The one module of the command line that may import browse: the command that starts it."""


def test_browse_and_the_command_line_import_nothing_of_each_other() -> None:
    crossing = [
        line
        for line in side_by_side_imports(import_graph(), room_ranks())
        if not line.startswith(f"{LAUNCHER} ")
    ]
    assert not crossing, "\n".join(crossing)


def test_no_module_imports_typer_private_click() -> None:
    """Typer carries Click as typer._click, which it does not promise to keep."""
    private = [
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if "typer._click" in imports_text(path)
    ]
    assert not private


def imports_text(path: Path) -> str:
    """The module names a file's import statements name."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return "\n".join(names)
