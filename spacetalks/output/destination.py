"""Writing a command's output to the file named by ``--output``, as the shell's ``>`` would.

- A symlink is followed: its target gets the text, and the link stays a link.
- Anything that exists and is not a regular file (a device such as ``/dev/null``, a
  FIFO, ``/dev/stdout``) is opened and written directly, never replaced.
- A regular file is replaced atomically: the text goes to a temporary file beside it,
  which takes the old file's mode (and owner, where allowed) and is then renamed over
  it, so a failed write never leaves half a file. A file with other hard links is
  rewritten in place instead, after the same text has been written to a temporary file
  beside it (so a full disk is found before the file is touched): its links, mode and
  owner stay, at the price of atomicity.
- A new file gets the mode the umask gives (0644 under umask 022), as with ``>``.
- ``write_new_file`` (``export sqlite``) writes only a new file: anything at the path
  is a usage error and stays as it is.
- A dataset file spacetalks reads (the bundled one, or one given with ``--data`` or
  ``SPACETALKS_DATA``) is never written: that is a usage error.

Failing to open or create the file is a usage error (exit 2); failing while writing
it (a full disk, an I/O error) exits 74 (a SpacetalksError either way). ``write_directory``
writes several files into a new directory, all or nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Iterable
from typing import NoReturn

from spacetalks.errors import EXIT_IO, EXIT_USAGE, SpacetalksError, usage_error
from spacetalks.store.load import bundled_path


def dataset_paths(data_paths: Iterable[str]) -> list[str]:
    """The dataset files a run reads or could read: the bundled one and each path given."""
    bundled = bundled_path()
    return [*data_paths, *([str(bundled)] if bundled is not None else [])]


def _identity(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def same_file(path: str, others: Iterable[str | os.PathLike[str]]) -> bool:
    """Whether path is one of the other files, however either is spelt (``./``, a
    symbolic link, a hard link); False when path names nothing yet."""
    identity = _identity(path)
    return identity is not None and identity in {_identity(other) for other in others}


def _cannot(path: str, error: OSError, code: int) -> NoReturn:
    raise SpacetalksError(f"cannot write {path}: {error.strerror or error}", code)


def check_destination(path: str, protected: Iterable[str] = ()) -> os.stat_result | None:
    """What is at path now (None for nothing); a usage error for a directory, a path that
    cannot be looked at, or a protected dataset file. Called before a command does its
    work, and again just before writing."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise SpacetalksError(
            f"cannot write {path}: {getattr(error, 'strerror', None) or error}", EXIT_USAGE
        ) from None
    if stat.S_ISDIR(status.st_mode):
        raise usage_error(f"{path} is a directory; give a file", "--output")
    if same_file(path, protected):
        raise usage_error(
            f"{path} is a dataset file spacetalks reads; writing to it would destroy it",
            "--output",
        )
    return status


def write_file(text: str, path: str, protected: Iterable[str] = ()) -> None:
    """Write text to the file at path (see the module's docstring for how)."""
    data = text.encode("utf-8")
    status = check_destination(path, protected)
    if status is not None and not stat.S_ISREG(status.st_mode):
        _write_directly(data, path)
        return
    target = os.path.realpath(path)
    if status is not None and status.st_nlink > 1:
        _rewrite_in_place(data, path, target)
    else:
        _replace_atomically(data, path, target, status)


def _write_directly(data: bytes, path: str) -> None:
    """A device, a FIFO or a terminal: written as it is, like ``>``."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_TRUNC | os.O_NOCTTY)
    except OSError as error:
        _cannot(path, error, EXIT_USAGE)
    try:
        with open(descriptor, "wb", closefd=True) as stream:
            stream.write(data)
    except OSError as error:
        _cannot(path, error, EXIT_IO)


def _temporary_beside(data: bytes, path: str, target: str, mode: int) -> str:
    """A temporary file in the target's directory holding the data, with the mode given."""
    import tempfile  # noqa: PLC0415 (about 2 ms: only --output)

    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=os.path.dirname(target)
        )
    except OSError as error:
        _cannot(path, error, EXIT_USAGE)
    try:
        with open(handle, "wb", closefd=True) as stream:
            os.fchmod(stream.fileno(), mode)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        _cannot(path, error, EXIT_IO)
    return temporary


def _replace_atomically(data: bytes, path: str, target: str, status: os.stat_result | None) -> None:
    mode = stat.S_IMODE(status.st_mode) if status is not None else 0o666 & ~umask()
    temporary = _temporary_beside(data, path, target, mode)
    try:
        if status is not None:
            with contextlib.suppress(OSError):  # only root, or a group of one's own
                os.chown(temporary, status.st_uid, status.st_gid)
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            _cannot(path, error, EXIT_IO)
        raise


def _rewrite_in_place(data: bytes, path: str, target: str) -> None:
    """A file with other hard links keeps its inode, so every link sees the new text."""
    temporary = _temporary_beside(data, path, target, 0o600)
    try:
        try:
            stream = open(target, "r+b")  # noqa: SIM115  (closed below; opening is its own error)
        except OSError as error:
            _cannot(path, error, EXIT_USAGE)
        with stream:
            try:
                stream.truncate(0)
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            except OSError as error:
                _cannot(path, error, EXIT_IO)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def write_new_file(data: bytes, path: str) -> None:
    """Write a new file at path, atomically; anything already there is a usage error and
    is left as it is (a database is never replaced or written into)."""
    if os.path.lexists(path):
        raise usage_error(f"{path} exists; give the name of a new file", "--output")
    target = os.path.abspath(path)
    temporary = _temporary_beside(data, path, target, 0o666 & ~umask())
    try:
        os.link(temporary, target)  # fails, rather than replaces, if it appeared meanwhile
    except FileExistsError:
        raise usage_error(f"{path} exists; give the name of a new file", "--output") from None
    except OSError as error:
        _cannot(path, error, EXIT_IO)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def umask() -> int:
    """The process's umask (read by setting it, then putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_directory(files: dict[str, str], path: str) -> None:
    """Files into a new directory, all or nothing: written into a temporary directory
    beside it, then renamed into place. An existing empty directory is written into
    instead, so it keeps its mode, owner and ACLs (the files it gets inherit them as
    files made there do); a file written before a failure is removed again. An existing
    file, or a directory that is not empty, is a usage error; nothing is replaced."""
    import tempfile  # noqa: PLC0415 (about 2 ms: only --output DIR)

    target = os.path.abspath(path)
    if os.path.lexists(target) and not (os.path.isdir(target) and not os.listdir(target)):
        what = "a directory that is not empty" if os.path.isdir(target) else "a file"
        raise usage_error(f"{path} is {what}; give a new or empty directory", "--output")
    if os.path.isdir(target):
        _write_into(files, target, path)
        return
    try:
        temporary = tempfile.mkdtemp(
            prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=os.path.dirname(target)
        )
    except OSError as error:
        _cannot(path, error, EXIT_USAGE)
    try:
        for name, text in files.items():
            with open(os.path.join(temporary, name), "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
        os.chmod(temporary, 0o777 & ~umask())
        os.rename(temporary, target)
    except BaseException as error:
        shutil.rmtree(temporary, ignore_errors=True)
        if isinstance(error, OSError):
            _cannot(path, error, EXIT_USAGE)
        raise


def _write_into(files: dict[str, str], directory: str, path: str) -> None:
    """Files into an existing empty directory, each created afresh (never through a link
    or over a file that appeared meanwhile); on a failure, those written are removed."""
    written: list[str] = []
    try:
        for name, text in files.items():
            file_path = os.path.join(directory, name)
            with open(file_path, "x", encoding="utf-8", newline="") as stream:
                written.append(file_path)
                stream.write(text)
    except BaseException as error:
        for file_path in written:
            with contextlib.suppress(OSError):
                os.unlink(file_path)
        if isinstance(error, OSError):
            _cannot(path, error, EXIT_USAGE)
        raise
