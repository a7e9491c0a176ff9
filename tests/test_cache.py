"""The cache of large datasets: used while files are unchanged, never trusted over them."""

from __future__ import annotations

import io
import json
import os
import pwd
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from conftest import Invoke, source

from spacetalks.dataset import merge as check
from spacetalks.dataset.model import Dataset, DatasetWindow, Event, TopicSummary
from spacetalks.dataset.rules import Context, Rule
from spacetalks.store import cache, load
from spacetalks.store.cache import SMALLEST_CACHED, cache_directory
from spacetalks.store.load import DataFile, load_dataset, load_window


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


def first_title(invoke: Invoke, path: Path, *options: str, after: tuple[str, ...] = ()) -> str:
    result = invoke(
        *options, "--no-bundled", "--data", str(path), "timeline", "--json", "--limit", "1", *after
    )
    assert result.exit_code == 0, result.stderr
    title: str = result.json()[0]["title"]
    return title


def cache_home() -> Path:
    directory = cache_directory()
    assert directory is not None
    return directory


def entries() -> list[Path]:
    return sorted(cache_home().glob("*.sqlite"))


def rewrite_keeping_size_and_mtime(path: Path, title: str) -> None:
    """Change the file's content but neither its size nor its modification time."""
    before = path.stat()
    text = path.read_text(encoding="utf-8").replace('"Event ', f'"{title} ')
    assert len(text.encode()) == before.st_size
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


Reads = list[int]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Reads:
    """Counts the times the files themselves are read and checked (not the cache)."""
    counted: Reads = []
    read_and_check = load._read_and_check

    def counting(files: Any) -> Any:
        counted.append(1)
        return read_and_check(files)

    monkeypatch.setattr(load, "_read_and_check", counting)
    return counted


def test_a_large_dataset_is_cached_and_the_entry_is_used(
    invoke: Invoke, big_file: Path, reads: Reads
) -> None:
    assert first_title(invoke, big_file) == "Event 0"
    assert len(entries()) == 1
    assert first_title(invoke, big_file) == "Event 0"
    assert first_title(invoke, big_file, after=("--since", "2005")) == "Event 5"
    assert len(reads) == 1
    # --no-cache always reads the file.
    assert first_title(invoke, big_file, "--no-cache") == "Event 0"
    assert len(reads) == 2


def test_the_cache_directory_is_private(invoke: Invoke, big_file: Path) -> None:
    first_title(invoke, big_file)
    assert stat.S_IMODE(cache_home().stat().st_mode) == 0o700
    (entry,) = entries()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_a_same_size_edit_with_the_mtime_restored_is_seen(invoke: Invoke, big_file: Path) -> None:
    assert first_title(invoke, big_file) == "Event 0"
    rewrite_keeping_size_and_mtime(big_file, "Ghost")
    assert first_title(invoke, big_file) == "Ghost 0"


def test_a_same_size_file_moved_in_is_seen(invoke: Invoke, big_file: Path, tmp_path: Path) -> None:
    assert first_title(invoke, big_file) == "Event 0"
    other = tmp_path / "other.json"
    other.write_text(big_file.read_text(encoding="utf-8").replace('"Event ', '"Moved '))
    before = big_file.stat()
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    other.replace(big_file)
    assert first_title(invoke, big_file) == "Moved 0"


def test_a_changed_file_makes_the_entry_stale(invoke: Invoke, big_file: Path) -> None:
    assert first_title(invoke, big_file) == "Event 0"
    big_file.write_text(json.dumps(large_dataset("Renamed")), encoding="utf-8")
    os.utime(big_file, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
    assert first_title(invoke, big_file) == "Renamed 0"
    assert len(entries()) == 1  # replaced, not added


def test_an_entry_made_by_other_code_is_not_used(
    invoke: Invoke, big_file: Path, reads: Reads, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_title(invoke, big_file)
    monkeypatch.setattr(cache, "code_key", lambda: "the checks of another version")
    assert first_title(invoke, big_file) == "Event 0"
    assert len(reads) == 2


class NoSummaryOfX(Rule):
    """A stricter rule, as a new version of the checker could add."""

    fields = ("summary",)

    def check(self, record: Any, context: Context) -> Iterator[tuple[str, str]]:
        if record.summary.startswith("x"):
            yield "summary", "no x allowed"


def test_validate_never_reads_the_cache(
    invoke: Invoke, big_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rule added to the checker is reported on a file whose entry is in the cache."""
    assert first_title(invoke, big_file) == "Event 0"
    assert len(entries()) == 1
    record_type, rules = check.RULES["events"]
    monkeypatch.setitem(check.RULES, "events", (record_type, (*rules, NoSummaryOfX())))
    result = invoke("--no-bundled", "validate", str(big_file))
    assert result.exit_code == 3
    assert "(id 'e00000'): summary: no x allowed" in result.stderr


@pytest.mark.parametrize("damage", [b"", b"not msgpack at all", b"\x93\x01\x02"])
def test_a_corrupt_entry_is_ignored_and_rebuilt(
    invoke: Invoke, big_file: Path, damage: bytes
) -> None:
    first_title(invoke, big_file)
    (entry,) = entries()
    entry.write_bytes(damage)
    assert first_title(invoke, big_file) == "Event 0"
    assert entry.read_bytes() != damage


def forge_first_title(path: Path) -> None:
    """Retitle the first event inside the entry, as only someone who can write the cache
    directory could."""
    with sqlite3.connect(path) as connection:
        (record,) = connection.execute("SELECT record FROM events WHERE position = 0").fetchone()
        event = msgspec.msgpack.decode(record, type=Event)
        forged = msgspec.msgpack.encode(msgspec.structs.replace(event, title="Forged 0"))
        connection.execute("UPDATE events SET record = ? WHERE position = 0", (forged,))
    connection.close()


def test_an_entry_without_its_complete_row_is_rebuilt(
    invoke: Invoke, big_file: Path, reads: Reads
) -> None:
    """A write stopped before its commit leaves nothing; an entry whose last row is
    missing is half-written all the same, and not trusted."""
    first_title(invoke, big_file)
    (entry,) = entries()
    forge_first_title(entry)
    with sqlite3.connect(entry) as connection:
        connection.execute("DELETE FROM entry WHERE name = 'complete'")
    connection.close()
    assert first_title(invoke, big_file) == "Event 0"
    assert len(reads) == 2
    assert first_title(invoke, big_file) == "Event 0"  # rebuilt, and trusted again
    assert len(reads) == 2


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_a_truncated_entry_is_rebuilt(
    invoke: Invoke, big_file: Path, reads: Reads, keep: float
) -> None:
    first_title(invoke, big_file)
    (entry,) = entries()
    data = entry.read_bytes()
    entry.write_bytes(data[: int(len(data) * keep)])
    assert shown_title(invoke, big_file, "e02000") == "Event 2000"
    assert len(reads) == 2
    assert shown_title(invoke, big_file, "e02000") == "Event 2000"
    assert len(reads) == 2  # the rebuilt entry is used


KILLED_DURING_THE_WRITE = """
import os, signal, sys
from pathlib import Path
from spacetalks.store import cache
from spacetalks.store.load import DataFile, load_dataset

fill = cache._fill

def killed(connection, *args):
    fill(connection, *args)
    os.kill(os.getpid(), signal.SIGKILL)

cache._fill = killed
path = Path(sys.argv[1])
load_dataset([DataFile(str(path), path)], Path(sys.argv[2]))
"""


@pytest.mark.slow
def test_a_write_killed_before_its_commit_leaves_no_entry_to_trust(
    big_file: Path, tmp_path: Path
) -> None:
    directory = tmp_path / "cache"
    result = subprocess.run(
        [sys.executable, "-c", KILLED_DURING_THE_WRITE, big_file, directory],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    key = cache.cache_key([big_file])
    assert key is not None
    assert cache.entry_path(directory, key).exists()
    assert cache.read_entry(directory, key) is None
    files = [DataFile(str(big_file), big_file)]
    assert load_dataset(files, directory).events[0].title == "Event 0"  # writes it anew
    found = cache.read_entry(directory, key)
    assert found is not None
    assert found.events[0].title == "Event 0"


PARALLEL_FIRST_RUN = """
import sys
from pathlib import Path
from spacetalks.store.load import DataFile, load_dataset

path = Path(sys.argv[1])
print(len(load_dataset([DataFile(str(path), path)], Path(sys.argv[2])).events))
"""


@pytest.mark.slow
def test_parallel_first_runs_leave_one_good_entry(big_file: Path, tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", PARALLEL_FIRST_RUN, big_file, directory],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [run.communicate() for run in runs]
    assert [run.returncode for run in runs] == [0] * 4, outputs
    names = sorted(path.name for path in directory.iterdir())
    assert [name for name in names if name.endswith(cache.ENTRY_SUFFIX)] == [
        cache.entry_path(directory, cache.cache_key([big_file])).name  # type: ignore[arg-type]
    ]
    assert cache.FAILURE_LOG not in names
    key = cache.cache_key([big_file])
    assert key is not None
    found = cache.read_entry(directory, key)
    assert found is not None
    assert len(found.events) == int(outputs[0][0])


def test_a_failed_write_is_one_line_that_cache_info_shows(
    invoke: Invoke, big_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*args: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    fill = cache._fill
    monkeypatch.setattr(cache, "_fill", failing)
    assert first_title(invoke, big_file) == "Event 0"  # the answer does not suffer
    info = invoke("cache")
    assert info.exit_code == 0
    (line,) = info.stderr.splitlines()
    assert "the last cache write failed" in line
    assert "database or disk is full" in line
    monkeypatch.setattr(cache, "_fill", fill)
    first_title(invoke, big_file)  # a write that succeeds clears the failure
    assert len(entries()) == 1
    assert invoke("cache").stderr == ""


WRITER_DESCRIPTORS = """
import os, sys
from spacetalks.cli.program import finish_after_answer

kept = os.open(os.devnull, os.O_RDONLY)  # a descriptor the run inherited, say
report = sys.argv[1]

def task():
    with open(report, "w") as out:
        out.write(" ".join(sorted(os.listdir("/proc/self/fd"))))

finish_after_answer([task])
"""


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc (Linux)")
def test_the_background_writer_holds_no_inherited_descriptor(tmp_path: Path) -> None:
    report = tmp_path / "descriptors"
    subprocess.run([sys.executable, "-c", WRITER_DESCRIPTORS, report], check=True)
    deadline = time.monotonic() + 30
    while not (report.exists() and report.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    descriptors = set(map(int, report.read_text().split()))
    # 0, 1 and 2 (to /dev/null), the report being written and listdir's own: nothing else.
    assert {0, 1, 2} <= descriptors
    assert len(descriptors) <= 5


def shown_title(invoke: Invoke, path: Path, event: str) -> str:
    result = invoke("--no-bundled", "--data", str(path), "show", event, "--json")
    assert result.exit_code == 0, result.stderr
    title: str = result.json()["title"]
    return title


def test_a_cache_directory_of_another_user_is_neither_read_nor_written(
    invoke: Invoke, big_file: Path, reads: Reads, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_title(invoke, big_file)
    (entry,) = entries()
    forge_first_title(entry)
    assert first_title(invoke, big_file) == "Forged 0"  # the entry is trusted as ours...
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 4242)
    assert first_title(invoke, big_file) == "Event 0"  # ...and not as someone else's
    assert "Forged" in entry.read_bytes().decode("utf-8", "replace")  # nor rewritten
    info = invoke("cache")
    assert "not a directory of yours alone" in info.stderr
    assert "0 entries" in info.stdout


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o722])
def test_a_cache_directory_others_can_write_is_not_used(
    invoke: Invoke, big_file: Path, reads: Reads, mode: int
) -> None:
    first_title(invoke, big_file)
    cache_home().chmod(mode)
    first_title(invoke, big_file)
    assert len(reads) == 2


def test_an_entry_others_can_write_is_not_used(
    invoke: Invoke, big_file: Path, reads: Reads
) -> None:
    first_title(invoke, big_file)
    (entry,) = entries()
    entry.chmod(0o666)
    first_title(invoke, big_file)
    assert len(reads) == 2


def test_a_symlinked_entry_is_not_followed(
    invoke: Invoke, big_file: Path, reads: Reads, tmp_path: Path
) -> None:
    first_title(invoke, big_file)
    (entry,) = entries()
    elsewhere = tmp_path / "elsewhere.sqlite"
    entry.replace(elsewhere)
    entry.symlink_to(elsewhere)
    first_title(invoke, big_file)
    assert len(reads) == 2


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
    assert str(cache_home()) in info
    assert "1 entry" in info
    cleared = invoke("cache", "clear")
    assert cleared.exit_code == 0
    assert "removed 1 entry" in cleared.stdout
    assert entries() == []


def test_cache_info_counts_and_clear_removes_temporary_files(
    invoke: Invoke, big_file: Path
) -> None:
    first_title(invoke, big_file)
    left = cache_home() / ".entry.0123456789abcdef.tmp"
    left.write_bytes(b"x" * 1000)
    info = invoke("cache").stdout
    assert "1 entry" in info
    assert "1 temporary file" in info
    cleared = invoke("cache", "clear").stdout
    assert "removed 1 entry and 1 temporary file" in cleared
    assert list(cache_home().iterdir()) == []


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"XDG_CACHE_HOME": "/x/cache", "HOME": "/h"}, "/x/cache/spacetalks"),
        ({"XDG_CACHE_HOME": "relative/cache", "HOME": "/h"}, "/h/.cache/spacetalks"),
        ({"XDG_CACHE_HOME": "", "HOME": "/h"}, "/h/.cache/spacetalks"),
        ({"HOME": "/h"}, "/h/.cache/spacetalks"),
    ],
)
def test_where_the_cache_is(environ: dict[str, str], expected: str) -> None:
    assert cache_directory(environ) == Path(expected)


@pytest.mark.parametrize("home", ["", "relative/home"])
def test_an_unusable_home_falls_back_to_the_password_database(home: str) -> None:
    directory = cache_directory({"HOME": home, "XDG_CACHE_HOME": "also/relative"})
    assert directory == Path(pwd.getpwuid(os.geteuid()).pw_dir) / ".cache" / "spacetalks"


def test_a_relative_cache_home_puts_nothing_in_the_working_directory(
    invoke: Invoke, big_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_CACHE_HOME", "cache-here")
    first_title(invoke, big_file)
    assert list(work.iterdir()) == []
    assert len(entries()) == 1  # under $HOME/.cache instead


def test_load_dataset_is_always_the_whole_dataset(big_file: Path) -> None:
    files = [DataFile(str(big_file), big_file)]
    directory = cache_home()
    fresh = load_dataset(files, directory)
    window = load_window(files, (None, 730_000), directory)  # 1999-08 and before: none
    cached = load_dataset(files, directory)
    assert len(entries()) == 1
    assert type(cached) is Dataset
    assert cached == fresh
    assert isinstance(window, DatasetWindow)
    assert window.events == []
    assert window.kinds == {"meeting"}


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


def _entries(directory: Path) -> list[Path]:
    return sorted(directory.glob(f"*{cache.ENTRY_SUFFIX}")) if directory.is_dir() else []


def test_the_console_script_writes_the_cache_after_its_answer(
    big_file: Path, tmp_path: Path
) -> None:
    from terminal import clean_environment, run_piped

    home = tmp_path / "cache-home"
    env = clean_environment(XDG_CACHE_HOME=str(home))
    args = ("--no-bundled", "--data", str(big_file), "timeline", "--format", "jsonl")
    first = run_piped(*args, env=env)
    assert first.returncode == 0, first.stderr
    assert first.stderr == b""  # the writer says nothing, on any stream
    directory = home / "spacetalks"
    deadline = time.monotonic() + 60
    while not _entries(directory) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(_entries(directory)) == 1  # written by a process of its own, after the answer
    second = run_piped(*args, env=env)
    assert second.stdout == first.stdout


def test_without_the_fast_exit_the_cache_is_written_before_the_run_ends(
    big_file: Path, tmp_path: Path
) -> None:
    from terminal import clean_environment, run_piped

    home = tmp_path / "cache-home"
    env = clean_environment(XDG_CACHE_HOME=str(home), SPACETALKS_NO_FAST_EXIT="1")
    result = run_piped("--no-bundled", "--data", str(big_file), "timeline", env=env)
    assert result.returncode == 0, result.stderr
    assert len(_entries(home / "spacetalks")) == 1


def _topics(invoke: Invoke, path: Path, *options: str) -> str:
    result = invoke(*options, "--no-bundled", "--data", str(path), "topics", "--json")
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def big_file_with_topics(tmp_path: Path) -> Path:
    data = large_dataset()
    data["topics"] = [{"id": "t1", "name": "Topic one"}, {"id": "t2", "name": "Topic two"}]
    data["people"] = [{"id": "p1", "name": "Person One"}]
    for number, event in enumerate(data["events"]):
        event["topics"] = ["t1"] if number % 3 else ["t1", "t2"]
        event["people"] = ["p1"] if number % 2 else []
    path = tmp_path / "big-with-topics.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "stored",
    [b"", msgspec.msgpack.encode([TopicSummary("another-topic", 1, None, None, ())])],
    ids=["damaged", "of another topic"],
)
def test_topics_read_the_summaries_kept_in_the_entry_only_while_they_hold(
    invoke: Invoke, big_file_with_topics: Path, stored: bytes
) -> None:
    big_file = big_file_with_topics
    scanned = _topics(invoke, big_file, "--no-cache")
    assert _topics(invoke, big_file) == scanned  # writes the entry
    (entry,) = entries()
    with sqlite3.connect(entry) as connection:
        connection.execute("UPDATE entry SET value = ? WHERE name = 'summaries'", (stored,))
    connection.close()
    assert _topics(invoke, big_file) == scanned  # the entry is not believed...
    assert _topics(invoke, big_file) == scanned  # ...and is rebuilt


SQLITE_LOADED = """
import atexit, sys
import spacetalks.cli.program as program

atexit.register(lambda: sys.stderr.write(f"sqlite3 loaded: {'sqlite3' in sys.modules}\\n"))
sys.argv = ["spacetalks", *sys.argv[1:]]
program.main()
"""


@pytest.mark.slow
@pytest.mark.parametrize(("large", "loaded"), [(False, False), (True, True)])
def test_sqlite3_is_imported_only_for_a_dataset_large_enough_to_cache(
    big_file: Path, tmp_path: Path, large: bool, loaded: bool
) -> None:
    from terminal import clean_environment

    data = ("--no-bundled", "--data", str(big_file)) if large else ()
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_LOADED, *data, "timeline", "--limit", "1"],
        capture_output=True,
        text=True,
        env=clean_environment(XDG_CACHE_HOME=str(tmp_path / "cache"), SPACETALKS_NO_FAST_EXIT="1"),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"sqlite3 loaded: {loaded}\n"
