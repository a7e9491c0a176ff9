"""The docs cannot drift: their generated parts are what cog makes of the code, and
every example in README.md and docs/*.md runs as written (tests/docs_examples.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docs_examples import (
    Block,
    documents,
    every_block,
    mismatch,
    missing_programs,
    run,
)

ROOT = Path(__file__).resolve().parent.parent

KNOWN_BROKEN: dict[str, str] = {}
"""Examples the docs show as they should work, which do not yet: each fails its block
until the code is fixed (then this entry must go)."""


def test_generated_parts_are_current() -> None:
    """The command reference, fields, date syntax, dataset fields, module map and
    troubleshooting table are what cog makes of the code today."""
    from cogapp import Cog

    pages = [str(path) for path in documents()]
    status = Cog().main(["cog", "--check", "-I", str(ROOT / "tests"), *pages])
    assert status == 0, "regenerate: cog -r -I tests docs/*.md"


def test_the_docs_have_examples() -> None:
    """A parser that found nothing would pass every example test below."""
    examples = [example for block in every_block() for example in block.examples]
    assert sum(example.runs_spacetalks for example in examples) >= 20
    readme = [block for block in every_block() if block.path.name == "README.md"]
    assert sum(len(block.examples) for block in readme) >= 5
    assert all(example.shown for block in readme for example in block.examples)


def test_a_gap_stands_for_lines_left_out() -> None:
    printed = ["a", "b", "c", "d"]
    assert mismatch(["a", "...", "d"], printed) is None
    assert mismatch(["a", "b", "..."], printed) is None
    assert mismatch(["...", "c", "..."], printed) is None
    assert mismatch(["a", "b"], printed) is not None  # the rest is not shown
    assert mismatch(["a", "...", "b", "a"], printed) is not None
    assert mismatch(["b", "..."], printed) is not None


def _block_id(block: Block) -> str:
    return block.name


@pytest.mark.slow
@pytest.mark.parametrize("block", every_block(), ids=_block_id)
def test_every_example_runs_as_documented(
    block: Block, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Each ``$ spacetalks`` line exits as documented and prints what the docs show."""
    ran = 0
    for example in block.examples:
        if not example.runs_spacetalks:
            continue
        missing = missing_programs(example)
        if missing:
            continue
        if example.command in KNOWN_BROKEN:
            request.applymarker(pytest.mark.xfail(reason=KNOWN_BROKEN[example.command]))
        ran += 1
        exit_code, printed = run(example, tmp_path)
        where = f"{block.path.name}:{example.line}: $ {example.command}"
        redraw = "redraw: python tests/docs_examples.py README.md docs/*.md (read the diff)"
        assert exit_code == example.expected_exit, (
            f"{where}\nexited {exit_code}, not {example.expected_exit}:\n" + "\n".join(printed)
        )
        problem = mismatch(example.shown, printed)
        assert problem is None, f"{where}\n{problem}\n{redraw}"
    if not ran:
        pytest.skip("every example here needs a program this machine lacks")
