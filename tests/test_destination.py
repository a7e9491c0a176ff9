"""``--output`` writes as the shell's ``>`` would, and never destroys a dataset.

Through symlinks to their target; directly to devices, FIFOs and /dev/stdout; keeping
the mode, owner and hard links of a file it replaces; new files with the umask's mode;
never onto a dataset file spacetalks reads. Modes are checked under umask 022 and 077.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Invoke
from terminal import clean_environment, spacetalks_command


@pytest.fixture(params=[0o022, 0o077], ids=["umask 022", "umask 077"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    mask: int = request.param
    previous = os.umask(mask)
    yield mask
    os.umask(previous)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def calendar(path: Path) -> bool:
    return path.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


def no_temporary_files(directory: Path) -> bool:
    return not [path for path in directory.iterdir() if path.name.endswith(".tmp")]


def test_a_new_file_gets_the_umask_default(
    invoke: Invoke, small: list[str], tmp_path: Path, umask: int
) -> None:
    target = tmp_path / "new.ics"
    assert invoke(*small, "export", "ics", "--output", str(target)).exit_code == 0
    assert calendar(target)
    assert mode_of(target) == 0o666 & ~umask  # 0644 under 022, 0600 under 077
    assert no_temporary_files(tmp_path)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_replaced_file_keeps_its_mode(
    invoke: Invoke, small: list[str], tmp_path: Path, umask: int, mode: int
) -> None:
    target = tmp_path / "old.ics"
    target.write_text("old")
    target.chmod(mode)
    assert invoke(*small, "export", "ics", "--output", str(target)).exit_code == 0
    assert calendar(target)
    assert mode_of(target) == mode
    assert no_temporary_files(tmp_path)


def test_a_symlink_is_written_through_to_its_target(
    invoke: Invoke, small: list[str], tmp_path: Path, umask: int
) -> None:
    target = tmp_path / "real.ics"
    target.write_text("old")
    target.chmod(0o644)
    link = tmp_path / "link.ics"
    link.symlink_to(target.name)
    assert invoke(*small, "export", "ics", "--output", str(link)).exit_code == 0
    assert link.is_symlink()
    assert calendar(target)
    assert mode_of(target) == 0o644


def test_a_dangling_symlink_creates_its_target(
    invoke: Invoke, small: list[str], tmp_path: Path
) -> None:
    link = tmp_path / "link.ics"
    link.symlink_to("made.ics")
    assert invoke(*small, "export", "ics", "--output", str(link)).exit_code == 0
    assert link.is_symlink()
    assert calendar(tmp_path / "made.ics")


def test_a_hard_linked_file_keeps_its_links(
    invoke: Invoke, small: list[str], tmp_path: Path, umask: int
) -> None:
    target = tmp_path / "a.ics"
    target.write_text("old")
    target.chmod(0o644)
    other = tmp_path / "b.ics"
    os.link(target, other)
    inode = target.stat().st_ino
    assert invoke(*small, "export", "ics", "--output", str(target)).exit_code == 0
    assert target.stat().st_ino == inode
    assert target.stat().st_nlink == 2
    assert calendar(other)
    assert mode_of(target) == 0o644
    assert no_temporary_files(tmp_path)


def test_a_fifo_is_written_to_not_replaced(
    invoke: Invoke, small: list[str], tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = invoke(*small, "export", "ics", "--output", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received[0].startswith(b"BEGIN:VCALENDAR")


def private_device(tmp_path: Path, name: str, minor: int) -> Path:
    """A private copy of a memory device (/dev/null is 1,3, /dev/full 1,7), so a failing test
    cannot replace the machine's own."""
    device = tmp_path / name
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except OSError:
        pytest.skip("cannot make a device node here")
    return device


def test_a_device_is_written_to_not_replaced(
    invoke: Invoke, small: list[str], tmp_path: Path
) -> None:
    device = private_device(tmp_path, "null", 3)
    assert invoke(*small, "export", "ics", "--output", str(device)).exit_code == 0
    assert stat.S_ISCHR(device.lstat().st_mode)


def test_a_link_to_stdout_reaches_stdout_and_stays_a_link(tmp_path: Path) -> None:
    """What /dev/stdout is (a link to /proc/self/fd/1), made privately for the same reason."""
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    result = subprocess.run(
        [*spacetalks_command(), "export", "ics", "--output", str(link)],
        capture_output=True,
        env=clean_environment(),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"BEGIN:VCALENDAR")
    assert link.is_symlink()


def test_a_full_disk_is_a_write_failure_exit_74(
    invoke: Invoke, small: list[str], tmp_path: Path
) -> None:
    full = private_device(tmp_path, "full", 7)
    result = invoke(*small, "export", "ics", "--output", str(full))
    assert result.exit_code == 74
    assert f"cannot write {full}: No space left on device" in result.stderr
    assert stat.S_ISCHR(full.lstat().st_mode)


def test_a_directory_is_a_usage_error(invoke: Invoke, small: list[str], tmp_path: Path) -> None:
    result = invoke(*small, "export", "ics", "--output", str(tmp_path))
    assert result.exit_code == 2
    assert "is a directory; give a file" in result.said()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("how", ["the path", "a symlink", "a hard link", "SPACETALKS_DATA"])
def test_a_loaded_dataset_file_is_never_written(
    invoke: Invoke, small: list[str], tmp_path: Path, how: str
) -> None:
    dataset = Path(small[2])
    before = sha256(dataset)
    target = dataset
    args = small
    if how == "a symlink":
        target = tmp_path / "link.json"
        target.symlink_to(dataset)
    elif how == "a hard link":
        target = tmp_path / "hard.json"
        os.link(dataset, target)
    env = None
    if how == "SPACETALKS_DATA":
        args = ["--no-bundled"]
        env = {"SPACETALKS_DATA": str(dataset)}
    result = invoke(*args, "export", "ics", "--output", str(target), env=env)
    assert result.exit_code == 2
    assert "is a dataset file spacetalks reads" in result.said()
    assert sha256(dataset) == before


@pytest.mark.parametrize("command", [["export", "ics"], ["import", "PACKAGE"]])
def test_the_bundled_dataset_is_never_written(
    invoke: Invoke, tmp_path: Path, command: list[str]
) -> None:
    from spacetalks.store.load import bundled_path

    bundled = bundled_path()
    assert bundled is not None
    before = sha256(bundled)
    if "PACKAGE" in command:
        package = tmp_path / "package"
        assert invoke("export", "datapackage", "--output", str(package)).exit_code == 0
        command = ["import", str(package)]
    result = invoke(*command, "--output", str(bundled))
    assert result.exit_code == 2
    assert "is a dataset file spacetalks reads" in result.said()
    assert sha256(bundled) == before


def test_with_stdout_closed_the_output_file_gets_only_the_export(tmp_path: Path) -> None:
    """A closed stdout's descriptor is not reused by the file --output opens, so nothing
    meant for stdout lands in it."""
    import shlex

    target = tmp_path / "out.ics"
    command = " ".join(
        shlex.quote(part)
        for part in (*spacetalks_command(), "export", "ics", "--output", str(target))
    )
    result = subprocess.run(
        ["bash", "-c", f"{command} >&-"],
        capture_output=True,
        env=clean_environment(),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR")
    assert text.rstrip().endswith("END:VCALENDAR")
