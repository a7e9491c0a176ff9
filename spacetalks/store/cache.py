"""A cache of loaded datasets, so a large file is parsed and checked once, not every run.

An entry is a SQLite database (one a set of files) under the user's cache directory
(``$XDG_CACHE_HOME/spacetalks`` when that is an absolute path, else
``~/.cache/spacetalks``). It holds the merged, checked records in msgpack, each event
in a row of its own with its first and last day and the days it can reach as known at
any day (indexed), tables from people, topics
and organizations to events, the events' folded text, an FTS5 table of their words,
and every topic's summary; so a question reads only the events it needs: those in a
window of days, or those a person, a topic or a text names.

An entry is used only when everything that shapes what it holds is unchanged: each
file's path, device, inode, size, modification and change times, and the code that
decodes, checks and indexes it (a fingerprint of those modules' source, with the
msgspec, Python and SQLite versions, also kept as the database's ``user_version``).
The files are always the truth, and nothing that judges a dataset (``validate``) reads
the cache.

Nothing found in the cache is trusted: the directory is used only when it is the
user's own and no one else can write to it (it is created 0700); an entry must be a
regular file of the user's that no one else can write; and it is read only when its
``complete`` row, written last in the same transaction as everything else, holds
exactly the key of these files and this code. A database that is damaged, stale,
foreign or half-written (a write stopped before its commit leaves none of it) is
rebuilt, never a crash. A write is one transaction in WAL mode under SQLite's own
lock: parallel first runs write one entry, the later ones finding it complete. A
write that fails leaves one line in the directory's log, which ``spacetalks cache``
shows, until a write succeeds. Small datasets are not cached: reading them is as fast
as reading an entry, and the run does not import sqlite3.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import stat
import struct
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from operator import attrgetter, eq
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from spacetalks.dataset.dates import PartialDate
from spacetalks.dataset.model import (
    Dataset,
    DatasetInfo,
    DatasetSelection,
    DatasetWindow,
    DayWindow,
    Event,
    Organization,
    Person,
    Quote,
    Source,
    Topic,
    TopicSummary,
    WantedEvents,
)
from spacetalks.dataset.reach import event_reach
from spacetalks.dataset.words import normalize, query_words
from spacetalks.store.full_text import TOKENIZER, event_text, readable
from spacetalks.store.private_directory import (
    Contents,
    clear,
    contents,
    make_directory,
    own_directory,
    own_file,
)
from spacetalks.store.topic_summaries import topic_summaries

if TYPE_CHECKING:
    import sqlite3

SMALLEST_CACHED = 1_000_000
"""Datasets whose own files hold fewer bytes than this are read directly."""
CODE_MODULES = (
    "dataset/model",
    "dataset/dates",
    "dataset/problems",
    "dataset/decode",
    "dataset/rules",
    "dataset/merge",
    "dataset/words",
    "dataset/handles",
    "dataset/reach",
    "store/load",
    "store/cache",
    "store/full_text",
    "store/topic_summaries",
)
"""The modules whose source shapes what an entry holds; any change to one retires every
entry."""
ENTRY_SUFFIX = ".sqlite"
FAILURE_LOG = "write.log"
"""One line: why the last write of an entry failed (removed when one succeeds)."""
BUSY_MILLISECONDS = 60_000
"""How long a write waits for another run's write of the same entry to end."""
REFERENCES = {
    "people": ("event_people", "person", attrgetter("people")),
    "topics": ("event_topics", "topic", attrgetter("topics")),
    "organizations": ("event_organizations", "organization", attrgetter("organizations")),
}
"""Each reference an event is indexed by: its table, column, and the event's ids."""
SCHEMA = (
    "CREATE TABLE entry (name TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "CREATE TABLE events (position INTEGER PRIMARY KEY, first_day INTEGER NOT NULL,"
    " last_day INTEGER NOT NULL, date_number INTEGER NOT NULL, end_number INTEGER NOT NULL,"
    " reach_first_day INTEGER NOT NULL, reach_last_day INTEGER NOT NULL,"
    " handle TEXT NOT NULL, record BLOB NOT NULL)",
    "CREATE INDEX events_by_last_day ON events (last_day)",
    "CREATE INDEX events_by_first_day ON events (first_day)",
    "CREATE INDEX events_by_reach_last_day ON events (reach_last_day)",
    "CREATE INDEX events_by_reach_first_day ON events (reach_first_day)",
    "CREATE TABLE event_texts (position INTEGER PRIMARY KEY, folded TEXT NOT NULL)",
    *(
        f"CREATE TABLE {table} ({column} TEXT NOT NULL, position INTEGER NOT NULL,"
        f" PRIMARY KEY ({column}, position)) WITHOUT ROWID"
        for table, column, _ in REFERENCES.values()
    ),
    f"CREATE VIRTUAL TABLE event_words USING fts5(text, tokenize='{TOKENIZER}')",
)
RECORDS, DATES, SUMMARIES, WRITTEN, COMPLETE = (
    "records",
    "dates",
    "summaries",
    "written",
    "complete",
)
"""The rows of the entry table; WRITTEN holds a token of the write (random), and
COMPLETE, written last, the key."""
_seen: dict[Path, bytes] = {}
"""The WRITTEN token of each entry this run found but did not trust (empty when it could
not be read): a write finding the same one rewrites it; finding another (a parallel run
wrote it meanwhile), or finding one where there was no entry, leaves it."""

FileKey = tuple[str, int, int, int, int, int]
"""A file's absolute path, device, inode, size in bytes, and modification and change times
in nanoseconds."""
RECORD_ID = attrgetter("id")
TEXT = attrgetter("text")
EVENT_DATE = attrgetter("date")
LAST_DAY = dt.date.max.toordinal()


class CacheKey(msgspec.Struct, frozen=True, array_like=True):
    """What an entry must match to be used: the code that made it and each file as it is."""

    code: str
    files: tuple[FileKey, ...]


class Records(msgspec.Struct, array_like=True, gc=False):
    """The merged, checked records of an entry but its events, which have a row each."""

    files: list[str]
    info: DatasetInfo | None
    sources: list[Source]
    organizations: list[Organization]
    people: list[Person]
    topics: list[Topic]
    quotes: list[Quote]
    kinds: list[str]
    """Every event kind."""
    count: int
    """How many events."""


def cache_directory(environ: dict[str, str] | os._Environ[str] = os.environ) -> Path | None:
    """Where the cache lives, or None when no absolute place can be found.

    A relative ``XDG_CACHE_HOME`` is ignored, as the XDG specification says; an empty or
    relative ``HOME`` falls back to the user's home directory in the password database.
    """
    base = environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = environ.get("HOME", "")
        if not os.path.isabs(home):
            home = _home_from_password_database()
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "spacetalks"


def _home_from_password_database() -> str:
    try:
        import pwd  # noqa: PLC0415 (Unix only; needed only when HOME is unusable)

        return pwd.getpwuid(os.geteuid()).pw_dir
    except (ImportError, KeyError, OSError):
        return ""


def worth_caching(paths: Sequence[Path]) -> bool:
    """True when the files hold enough bytes for an entry to be faster than reading them."""
    try:
        return sum(os.stat(path).st_size for path in paths) >= SMALLEST_CACHED
    except OSError:
        return False


def _fingerprint(data: bytes) -> str:
    """64 bits that change with any change to the data (CRC-32 and Adler-32: an accidental
    match is about one in 10**19). Not a defence against forgery, which the directory's
    ownership is; hashlib would cost a cached run about 2.5 ms to import."""
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _sqlite3() -> Any:
    import sqlite3  # noqa: PLC0415 (about 4 ms: only a dataset large enough to cache needs it)

    return sqlite3


@cache
def code_key() -> str:
    """A fingerprint of everything in the code that shapes an entry."""
    package = Path(__file__).resolve().parent.parent
    sources = b"".join((package / f"{name}.py").read_bytes() for name in CODE_MODULES)
    return (
        f"msgspec {msgspec.__version__}, Python {sys.version}, "
        f"SQLite {_sqlite3().sqlite_version}, {_fingerprint(sources)}"
    )


def code_version(code: str) -> int:
    """The code key as the database's user_version (a positive 31-bit number)."""
    return zlib.crc32(code.encode()) & 0x7FFFFFFF or 1


def cache_key(paths: Sequence[Path]) -> CacheKey | None:
    """The key of a set of files as they are now, or None when one cannot be read."""
    files = []
    try:
        code = code_key()
        for path in paths:
            status = path.stat()
            if not stat.S_ISREG(status.st_mode):
                return None
            files.append(
                (
                    str(path.resolve()),
                    status.st_dev,
                    status.st_ino,
                    status.st_size,
                    status.st_mtime_ns,
                    status.st_ctime_ns,
                )
            )
    except OSError:
        return None
    return CacheKey(code=code, files=tuple(files))


def entry_path(directory: Path, key: CacheKey) -> Path:
    """One entry for each set of files (a new one replaces the old)."""
    names = "\0".join(file[0] for file in key.files)
    return directory / f"{_fingerprint(names.encode())}{ENTRY_SUFFIX}"


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[sqlite3.Connection]:
    connection = _sqlite3().connect(path, isolation_level=None, check_same_thread=False)
    try:
        yield connection
    finally:
        connection.close()


def _read(
    directory: Path, key: CacheKey, read: Callable[[sqlite3.Connection, Records], Any]
) -> Any:
    """What read takes from the entry for this key, when there is one to trust; None
    when there is none, or it is of other files or code, or incomplete, or read finds
    fault with it."""
    path = entry_path(directory, key)
    if not own_directory(directory) or not own_file(path):
        return None
    try:
        with _opened(path) as connection:
            connection.execute("PRAGMA query_only = 1")
            (version,) = connection.execute("PRAGMA user_version").fetchone()
            if version != code_version(key.code):
                return None
            connection.execute("BEGIN")  # one snapshot for every read below
            rows = dict(
                connection.execute(
                    "SELECT name, value FROM entry WHERE name IN (?, ?, ?)",
                    (COMPLETE, RECORDS, WRITTEN),
                )
            )
            _seen[path] = rows.get(WRITTEN, b"")
            if msgspec.msgpack.decode(rows[COMPLETE], type=CacheKey) != key:
                return None
            found = read(connection, msgspec.msgpack.decode(rows[RECORDS], type=Records))
            del _seen[path]
            return found
    except Exception:  # any doubt about an entry: rebuild it
        _seen.setdefault(path, b"")
        return None


def read_entry(directory: Path, key: CacheKey) -> Dataset | None:
    """The cached dataset for exactly these files and this code, if there is one to trust."""
    dataset: Dataset | None = _read(
        directory,
        key,
        lambda connection, records: _dataset(
            connection, records, _events(connection, "", ()), Dataset
        ),
    )
    return dataset


def read_window(
    directory: Path, key: CacheKey, window: DayWindow, reach: bool = False
) -> DatasetWindow | None:
    """Like read_entry, with only the events that touch the window decoded; with reach,
    the events that can touch it as known at some day (see spacetalks.dataset.reach)."""
    since, until = window
    first, last = ("reach_first_day", "reach_last_day") if reach else ("first_day", "last_day")
    conditions = [
        *([f"{first} <= ?"] if until is not None else []),
        *([f"{last} >= ?"] if since is not None else []),
    ]
    # The positions come from an index on the days; the rows are then read by position,
    # in order (at 100,000 events, since 2020: about a third faster than the scan of
    # every row SQLite chooses for the condition on the rows themselves).
    where = (
        f"WHERE position IN (SELECT position FROM events WHERE {' AND '.join(conditions)})"
        if conditions
        else ""
    )
    values = tuple(day for day in (until, since) if day is not None)

    def read(connection: sqlite3.Connection, records: Records) -> DatasetWindow:
        window_read: DatasetWindow = _dataset(
            connection,
            records,
            _events(connection, where, values),
            DatasetWindow,
            window=window,
            kinds=frozenset(records.kinds),
        )
        return window_read

    window_read: DatasetWindow | None = _read(directory, key, read)
    return window_read


def read_selection(
    directory: Path, key: CacheKey, choose: Callable[[Dataset], WantedEvents]
) -> DatasetSelection | None:
    """Like read_entry, with only the events chosen decoded: choose is given the dataset
    without its events, and says which it wants; the entry's tables find them."""

    def read(connection: sqlite3.Connection, records: Records) -> DatasetSelection:
        wanted = choose(_dataset(connection, records, [], Dataset))
        where, values = _wanted(wanted)
        summaries = _topic_summaries(connection, records) if wanted.topic_summaries else None
        selection: DatasetSelection = _dataset(
            connection,
            records,
            _events(connection, where, values),
            DatasetSelection,
            topic_summaries=summaries,
        )
        return selection

    selection: DatasetSelection | None = _read(directory, key, read)
    return selection


def _wanted(wanted: WantedEvents) -> tuple[str, tuple[Any, ...]]:
    """The condition on events (and its values) that holds for at least the events
    wanted: those naming a person, topic or organization wanted, those whose folded text
    holds each word of a text wanted (or every event, for a text with no word), and
    those whose words match a full-text query."""
    chosen: list[str] = []
    values: list[Any] = []
    for name, (table, column, _) in REFERENCES.items():
        ids = sorted(getattr(wanted, name))
        if ids:
            chosen.append(
                f"SELECT position FROM {table} WHERE {column} IN ({', '.join('?' * len(ids))})"
            )
            values += ids
    holding: list[str] = []
    for text in wanted.texts:
        words = sorted(query_words(text), key=len, reverse=True)  # the rarer, likely, first
        if not words:
            return "", ()
        holding.append(f"({' AND '.join('folded GLOB ?' for _ in words)})")
        values += [f"*{word}*" for word in words]  # a word holds none of GLOB's * ? [ ]
    if holding:
        # One pass over the texts for every text wanted (between's two: half the time
        # of a pass for each).
        chosen.append(f"SELECT position FROM event_texts WHERE {' OR '.join(holding)}")
    for query in wanted.full_text:
        chosen.append("SELECT rowid FROM event_words WHERE event_words MATCH ?")
        values.append(readable(query))
    if not chosen:
        return "WHERE 0", ()
    return f"WHERE position IN ({' UNION '.join(chosen)})", tuple(values)


def _events(
    connection: sqlite3.Connection, where: str, values: tuple[Any, ...]
) -> list[tuple[bytes, int, int, int, str]]:
    """The rows of the events chosen, in order."""
    return connection.execute(
        "SELECT record, date_number, end_number, first_day, handle FROM events "
        f"{where} ORDER BY position",
        values,
    ).fetchall()


def _topic_summaries(connection: sqlite3.Connection, records: Records) -> tuple[TopicSummary, ...]:
    """The topics' summaries, which must be those of the entry's topics, in their order
    (else ValueError)."""
    (stored,) = connection.execute("SELECT value FROM entry WHERE name = ?", (SUMMARIES,))
    summaries = msgspec.msgpack.decode(stored[0], type=tuple[TopicSummary, ...])
    if [summary.topic_id for summary in summaries] != [topic.id for topic in records.topics]:
        raise ValueError("the summaries are not of the entry's topics")
    return summaries


def _array_header(count: int) -> bytes:
    """The msgpack header of an array of count items (array 32)."""
    return b"\xdd" + struct.pack(">I", count)


def _dataset(
    connection: sqlite3.Connection,
    records: Records,
    rows: list[tuple[bytes, int, int, int, str]],
    kind: type[Dataset],
    **extra: Any,
) -> Any:
    """The records as a dataset of the kind asked for, with these events' rows;
    ValueError (or another error) when the entry does not hold together."""
    events: list[Event] = []
    event_dates: dict[str, PartialDate] = {}
    event_ends: dict[str, PartialDate] = {}
    event_handles: dict[str, str] = {}
    if rows:
        blobs, date_numbers, end_numbers, first_days, handles = zip(*rows, strict=True)
        events = msgspec.msgpack.decode(
            _array_header(len(blobs)) + b"".join(blobs), type=list[Event]
        )
        ending = [
            (event.id, number)
            for event, number in zip(events, end_numbers, strict=True)
            if event.end is not None
        ]
        (stored,) = connection.execute("SELECT value FROM entry WHERE name = ?", (DATES,))
        table = _stored_dates(stored[0], {*date_numbers, *(number for _, number in ending)})
        starts = list(map(table.__getitem__, date_numbers))
        ends = [(event_id, table[number]) for event_id, number in ending]
        if not (
            all(map(eq, map(TEXT, starts), map(EVENT_DATE, events)))
            and [end.text for _, end in ends]
            == [event.end for event in events if event.end is not None]
            and list(first_days) == [start.first_day for start in starts]
        ):
            raise ValueError("the events do not agree with their stored dates")
        event_dates = dict(zip(map(RECORD_ID, events), starts, strict=True))
        event_ends = dict(ends)
        event_handles = dict(zip(map(RECORD_ID, events), handles, strict=True))
        if len(event_dates) != len(events):
            raise ValueError("an event is stored twice")
    return kind(
        info=records.info,
        files=tuple(records.files),
        sources=_by_id(records.sources),
        organizations=_by_id(records.organizations),
        people=_by_id(records.people),
        topics=_by_id(records.topics),
        events=events,
        quotes=_by_id(records.quotes),
        event_dates=event_dates,
        event_ends=event_ends,
        event_handles=event_handles,
        **extra,
    )


def _stored_dates(stored: bytes, numbers: set[int]) -> dict[int, PartialDate]:
    """The dates of the stored table (one a distinct date of the whole dataset) that
    these numbers name, by number. Only they are decoded: at 100,000 events, for the
    events since 2020, about 2.5 times faster than decoding the table."""
    table = msgspec.msgpack.decode(stored, type=list[msgspec.Raw])
    decode = msgspec.msgpack.Decoder(PartialDate).decode
    return {number: decode(table[number]) for number in numbers}


def _by_id(records: list[Any]) -> dict[str, Any]:
    by_id = dict(zip(map(RECORD_ID, records), records, strict=True))
    if len(by_id) != len(records):
        raise ValueError("a record id is stored twice")
    return by_id


def write_entry(directory: Path, key: CacheKey, dataset: Dataset) -> None:
    """Store the dataset for these files, with its tables, in one transaction; a failure
    leaves the cache as it was and one line in its log (see last_failure)."""
    if isinstance(dataset, DatasetWindow | DatasetSelection):
        raise TypeError("only a whole dataset can be cached")
    if not make_directory(directory):
        return
    path = entry_path(directory, key)
    try:
        try:
            _write(path, key, dataset)
        except Exception as error:
            if not _damaged_removed(path, error):
                raise
            _write(path, key, dataset)  # anew, in place of a file that is no database
    except Exception as error:  # sqlite3.Error, OSError...: kept for `spacetalks cache`
        _log_failure(directory, path, error)
        return
    with contextlib.suppress(OSError):
        os.unlink(directory / FAILURE_LOG)


def _damaged_removed(path: Path, error: Exception) -> bool:
    """Remove an entry SQLite cannot read as a database (True when it was one)."""
    sqlite3 = _sqlite3()
    if not isinstance(error, sqlite3.DatabaseError) or isinstance(error, sqlite3.OperationalError):
        return False
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):
            name.unlink()
    _seen.pop(path, None)
    return True


def _log_failure(directory: Path, path: Path, error: Exception) -> None:
    line = (
        f"{dt.datetime.now(dt.UTC).isoformat(timespec='seconds')} could not write "
        f"{path.name}: {type(error).__name__}: {error}".replace("\n", " ")
    )
    with contextlib.suppress(OSError):
        descriptor = os.open(
            directory / FAILURE_LOG,
            os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0),
            0o600,
        )
        with os.fdopen(descriptor, "w", encoding="utf-8") as log:
            log.write(line + "\n")


def last_failure(directory: Path) -> str | None:
    """The line the last failed write left, while no write has succeeded since."""
    log = directory / FAILURE_LOG
    if not own_directory(directory) or not own_file(log):
        return None
    try:
        line = log.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    return line.splitlines()[0] if line else None


def _write(path: Path, key: CacheKey, dataset: Dataset) -> None:
    if os.path.lexists(path) and not own_file(path):
        raise PermissionError(f"{path} is not a file of yours alone")
    encode = msgspec.msgpack.Encoder().encode
    stored_key = encode(key)
    with _opened(path) as connection:
        os.chmod(path, 0o600)
        connection.execute(f"PRAGMA busy_timeout = {BUSY_MILLISECONDS}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("BEGIN IMMEDIATE")  # SQLite's lock: one writer at a time
        try:
            if _written_meanwhile(connection, path, stored_key, key):
                connection.execute("ROLLBACK")
                return
            _drop_everything(connection)
            for statement in SCHEMA:
                connection.execute(statement)
            _fill(connection, dataset, encode)
            connection.execute(f"PRAGMA user_version = {code_version(key.code)}")
            connection.executemany(
                "INSERT INTO entry (name, value) VALUES (?, ?)",
                ((WRITTEN, os.urandom(8)), (COMPLETE, stored_key)),
            )
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise


def _written_meanwhile(
    connection: sqlite3.Connection, path: Path, stored_key: bytes, key: CacheKey
) -> bool:
    """True when the entry is complete for this key and was written by another run since
    this one looked (see _seen)."""
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if version != code_version(key.code):
        return False
    try:
        rows = dict(
            connection.execute(
                "SELECT name, value FROM entry WHERE name IN (?, ?)", (COMPLETE, WRITTEN)
            )
        )
    except _sqlite3().OperationalError:  # no such table: a new database
        return False
    if rows.get(COMPLETE) != stored_key:
        return False
    seen = _seen.get(path)
    return seen is None or (seen != b"" and seen != rows.get(WRITTEN))


def _drop_everything(connection: sqlite3.Connection) -> None:
    """Drop every table of an older entry (virtual tables first: they own others)."""
    tables = connection.execute(
        "SELECT name, sql LIKE 'CREATE VIRTUAL%' FROM sqlite_schema "
        "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 2 DESC"
    ).fetchall()
    for name, _ in tables:
        exists = connection.execute(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        if exists:
            connection.execute(f'DROP TABLE "{name.replace(chr(34), chr(34) * 2)}"')


def _fill(connection: sqlite3.Connection, dataset: Dataset, encode: Callable[[Any], bytes]) -> None:
    events = dataset.events
    starts = list(map(dataset.event_dates.__getitem__, map(RECORD_ID, events)))
    ends = dataset.event_ends
    numbers: dict[str, int] = {}
    table: list[PartialDate] = []
    for date in (*starts, *ends.values()):
        if numbers.setdefault(date.text, len(numbers)) == len(table):
            table.append(date)
    records = Records(
        files=list(dataset.files),
        info=dataset.info,
        sources=list(dataset.sources.values()),
        organizations=list(dataset.organizations.values()),
        people=list(dataset.people.values()),
        topics=list(dataset.topics.values()),
        quotes=list(dataset.quotes.values()),
        kinds=sorted({event.kind for event in events}),
        count=len(events),
    )
    connection.executemany(
        "INSERT INTO entry (name, value) VALUES (?, ?)",
        (
            (RECORDS, encode(records)),
            (DATES, encode(table)),
            (SUMMARIES, encode(topic_summaries(events, dataset.topics))),
        ),
    )
    connection.executemany(
        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                position,
                start.first_day,
                ends[event.id].last_day if event.id in ends else start.last_day,
                numbers[event.date],
                numbers[event.end] if event.end is not None else -1,
                *event_reach(event, start, ends.get(event.id)),
                dataset.event_handles[event.id],
                encode(event),
            )
            for position, (event, start) in enumerate(zip(events, starts, strict=True))
        ),
    )
    texts = list(map(event_text, events))
    connection.executemany(
        "INSERT INTO event_texts VALUES (?, ?)", enumerate(map(_folded_text, texts))
    )
    connection.executemany("INSERT INTO event_words (rowid, text) VALUES (?, ?)", enumerate(texts))
    for table_name, _, references in REFERENCES.values():
        connection.executemany(
            f"INSERT INTO {table_name} VALUES (?, ?)",
            (
                (record_id, position)
                for position, event in enumerate(events)
                for record_id in dict.fromkeys(references(event))
            ),
        )


def _folded_text(text: str) -> str:
    """An event's text as its words are looked for in it (see _wanted): normalized, and
    each NUL a space. GLOB reads a text only up to a NUL; a word (a run of word
    characters) holds neither, so it is found in the same places."""
    return normalize(text).replace("\0", " ")


def cache_contents(directory: Path) -> Contents:
    """The entries in the cache directory, and the files older versions or crashes left."""
    return contents(directory, ENTRY_SUFFIX)


def clear_cache(directory: Path) -> tuple[int, int, int]:
    """Remove every entry and left file: the entries and left files removed, and the
    bytes freed (the log of a failed write goes too)."""
    removed = clear(directory, ENTRY_SUFFIX)
    if own_directory(directory):
        with contextlib.suppress(OSError):
            os.unlink(directory / FAILURE_LOG)
    return removed
