"""The cache of large datasets: used while files are unchanged, never trusted over them."""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke, source

from spacetalks.cache import SMALLEST_CACHED, cache_directory


def large_dataset(title: str = "Event") -> dict[str, Any]:
    """A dataset just over the size from which datasets are cached."""
    padding = "x" * 400
    count = SMALLEST_CACHED // 450 + 10
    events = [
        {
            "id": f"e{number:05d}",
            "date": f"{2000 + number % 20}-01-02",
            "title": f"{title} {number}",
            "kind": "meeting",
            "status": "happened",
            "sources": ["src-a"],
            "summary": padding,
        }
        for number in range(count)
    ]
    return {"sources": [source()], "events": events}


@pytest.fixture
def big_file(tmp_path: Path) -> Path:
    path = tmp_path / "big.json"
    path.write_text(json.dumps(large_dataset()), encoding="utf-8")
    assert path.stat().st_size >= SMALLEST_CACHED
    return path


def first_title(invoke: Invoke, path: Path, *options: str) -> str:
    result = invoke(
        *options, "--no-bundled", "--data", str(path), "timeline", "--json", "--limit", "1"
    )
    assert result.exit_code == 0, result.stderr
    title: str = result.json()[0]["title"]
    return title


def entries() -> list[Path]:
    return sorted(cache_directory().glob("*.msgpack"))


def rewrite_keeping_size_and_mtime(path: Path, title: str) -> None:
    """Change the file's content but not what the cache key looks at."""
    before = path.stat()
    text = path.read_text(encoding="utf-8").replace('"Event ', f'"{title} ')
    assert len(text.encode()) == before.st_size
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_a_large_dataset_is_cached_and_the_entry_is_used(invoke: Invoke, big_file: Path) -> None:
    assert first_title(invoke, big_file) == "Event 0"
    assert len(entries()) == 1
    rewrite_keeping_size_and_mtime(big_file, "Ghost")
    # Same path, size and modification time: the entry is taken as it is.
    assert first_title(invoke, big_file) == "Event 0"
    # --no-cache always reads the file.
    assert first_title(invoke, big_file, "--no-cache") == "Ghost 0"


def test_a_changed_file_makes_the_entry_stale(invoke: Invoke, big_file: Path) -> None:
    assert first_title(invoke, big_file) == "Event 0"
    big_file.write_text(json.dumps(large_dataset("Renamed")), encoding="utf-8")
    os.utime(big_file, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
    assert first_title(invoke, big_file) == "Renamed 0"
    assert len(entries()) == 1  # replaced, not added


@pytest.mark.parametrize("damage", [b"", b"not msgpack at all", b"\x93\x01\x02"])
def test_a_corrupt_entry_is_ignored_and_rebuilt(
    invoke: Invoke, big_file: Path, damage: bytes
) -> None:
    first_title(invoke, big_file)
    (entry,) = entries()
    entry.write_bytes(damage)
    assert first_title(invoke, big_file) == "Event 0"
    assert entry.read_bytes() != damage


def test_a_cache_directory_that_cannot_be_written_is_not_used(
    invoke: Invoke, big_file: Path, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache directory would be")
    result = invoke(
        "--no-bundled",
        "--data",
        str(big_file),
        "timeline",
        "--limit",
        "1",
        env={"XDG_CACHE_HOME": str(blocked)},
    )
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only directory")
def test_a_read_only_cache_directory_is_not_used(invoke: Invoke, big_file: Path) -> None:
    directory = cache_directory()
    directory.mkdir(parents=True)
    directory.chmod(0o500)
    try:
        assert first_title(invoke, big_file) == "Event 0"
        assert entries() == []
    finally:
        directory.chmod(0o700)


def test_small_datasets_are_not_cached(invoke: Invoke, small: list[str]) -> None:
    assert invoke(*small, "timeline").exit_code == 0
    assert invoke("timeline").exit_code == 0
    assert entries() == []


def test_an_invalid_dataset_is_never_cached(invoke: Invoke, tmp_path: Path) -> None:
    data = large_dataset()
    data["events"][5]["date"] = "2025-02-30"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    for _ in range(2):
        result = invoke("--no-bundled", "--data", str(path), "timeline")
        assert result.exit_code == 3
        assert "2025-02-30" in result.stderr
    assert entries() == []


def test_cache_info_and_clear(invoke: Invoke, big_file: Path) -> None:
    first_title(invoke, big_file)
    info = invoke("cache").stdout
    assert str(cache_directory()) in info
    assert "1 entry" in info
    cleared = invoke("cache", "clear")
    assert cleared.exit_code == 0
    assert "removed 1 entry" in cleared.stdout
    assert entries() == []


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_slow_loading_shows_a_transient_status_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from spacetalks.cli.program import loading_status

    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with loading_status(delay=0.05):
        time.sleep(0.5)
    assert "Loading the dataset" in terminal.getvalue()


def test_quick_loading_shows_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from spacetalks.cli.program import loading_status

    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with loading_status(delay=0.5):
        pass
    assert terminal.getvalue() == ""


def test_no_status_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from spacetalks.cli.program import loading_status

    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    with loading_status(delay=0.0):
        time.sleep(0.2)
    assert pipe.getvalue() == ""


def varied_large_dataset() -> dict[str, Any]:
    """Events over many years at every precision, some with an end, some of a rare kind."""
    data = large_dataset()
    dates = ["1999", "2005-06", "2010-02-28", "2018-10-10T08:40:00Z"]
    for number, event in enumerate(data["events"]):
        event["date"] = dates[number % 4] if number % 7 else f"{1990 + number % 40}-03-01"
        if number % 11 == 0:
            event["end"] = f"{2030 + number % 3}-01-01"
    data["events"][3]["kind"] = "landing"
    data["events"][3]["date"] = "1991-05-05"
    return data


@pytest.mark.parametrize(
    "filters",
    [
        ["--since", "2018"],
        ["--until", "2005-06-15"],
        ["--since", "2005", "--until", "2010"],
        ["--on", "2010-02-28", "--on", "1999"],
        ["--since", "2031"],
        ["--since", "2018", "--reverse", "--limit", "5"],
    ],
)
def test_a_window_read_from_the_cache_gives_what_the_file_gives(
    invoke: Invoke, tmp_path: Path, filters: list[str]
) -> None:
    path = tmp_path / "varied.json"
    path.write_text(json.dumps(varied_large_dataset()), encoding="utf-8")
    base = ["--no-bundled", "--data", str(path)]
    fresh = invoke("--no-cache", *base, "timeline", "--json", *filters)
    invoke(*base, "timeline", "--limit", "0")  # fills the cache
    assert len(entries()) == 1
    cached = invoke(*base, "timeline", "--json", *filters)
    assert cached.exit_code == fresh.exit_code == 0
    assert cached.json() == fresh.json()


def test_kinds_outside_the_window_are_still_known(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "varied.json"
    path.write_text(json.dumps(varied_large_dataset()), encoding="utf-8")
    base = ["--no-bundled", "--data", str(path)]
    invoke(*base, "timeline", "--limit", "0")
    result = invoke(*base, "timeline", "--since", "2018", "--kind", "landing", "--json")
    assert result.exit_code == 0
    assert result.json() == []
