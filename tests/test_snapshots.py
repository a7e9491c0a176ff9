"""Every command's terminal view, at 60, 80, 120 and 200 columns, as stored text.

The views are drawn from a fixed dataset (tests/snapshots/dataset.json, a part of the
bundled one frozen in time) without colour, and compared with the files under
tests/snapshots/, one a view and width: a change to a view shows as a diff to review.
After a change meant to alter what people see, regenerate them (with the SVG screens
of ``browse``) and read the diff:

    pytest --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Invoke

SNAPSHOTS = Path(__file__).parent / "snapshots"
DATASET = SNAPSHOTS / "dataset.json"
WIDTHS = (60, 80, 120, 200)
TALKS = "2025-07-31-bakanov-duffy-talks"

VIEWS: dict[str, tuple[str, ...]] = {
    "timeline": ("timeline", "-f", "table"),
    "timeline-gaps": ("timeline", "--kind", "meeting", "--gaps", "-f", "table"),
    "chart": ("timeline", "--chart"),
    "people": ("people", "-f", "table"),
    "orgs": ("orgs", "-f", "table"),
    "topics": ("topics", "-f", "table"),
    "topic": ("topics", "cross-flights", "-f", "table"),
    "quotes": ("quotes", "-f", "table"),
    "sources": ("sources", "-f", "table"),
    "search": ("search", "Houston", "-f", "table"),
    "who": ("who", "Bakanov", "-f", "table"),
    "show": ("show", TALKS, "-f", "table"),
    "between": ("between", "2018-10-10-bridenstine-rogozin-baikonur", TALKS, "-f", "table"),
    "why": ("why", TALKS, "-f", "table"),
    "stats": ("stats", "-f", "table"),
}
"""Each view: a name for its files, and the command line that draws it."""


def drawn(invoke: Invoke, args: tuple[str, ...], width: int) -> str:
    result = invoke("--no-bundled", "--data", str(DATASET), *args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    return "".join(line.rstrip() + "\n" for line in result.stdout.splitlines())


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", sorted(VIEWS))
def test_view_matches_its_snapshot(
    invoke: Invoke, request: pytest.FixtureRequest, view: str, width: int
) -> None:
    text = drawn(invoke, VIEWS[view], width)
    assert max(len(line) for line in text.splitlines()) <= width
    path = SNAPSHOTS / f"{view}-{width}.txt"
    if request.config.getoption("--snapshot-update", default=False):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot yet: pytest {__file__} --snapshot-update"
    assert text == path.read_text(encoding="utf-8"), (
        f"{path.name} differs; if the change is meant, regenerate: pytest --snapshot-update"
    )


def test_every_snapshot_belongs_to_a_view() -> None:
    expected = {f"{view}-{width}.txt" for view in VIEWS for width in WIDTHS}
    assert {path.name for path in SNAPSHOTS.glob("*.txt")} == expected
