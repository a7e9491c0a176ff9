"""Full-text search with SQLite's FTS5: the text of an event as it is indexed, whether a
search is in FTS5's query syntax, and matching rows of text against such a query in
an in-memory table, ranked, with marked snippets.

The cache's table of words (spacetalks.store.cache) indexes ``event_text`` with the same
tokenizer, so the events it finds for a query are exactly those an in-memory table of
the same texts finds: a search answers the same with and without the cache. sqlite3 is
imported only when a query is matched or checked (a run that never searches this way,
on a dataset too small to cache, does not pay for it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacetalks.dataset.model import Event

if TYPE_CHECKING:
    import sqlite3

TOKENIZER = "unicode61 remove_diacritics 2"
"""Words are runs of letters and digits, case and accents folded (as
spacetalks.dataset.words folds them for Latin, Greek and Cyrillic text)."""
MARK_START, MARK_END = "[", "]"
"""Around each run of matched words in a snippet."""
SNIPPET_WORDS = 16
FIELDS = 5
"""The most text fields a record has (a person's, an organization's)."""
_OPERATOR = re.compile(r'"|\*|\b(?:AND|OR|NOT|NEAR)\b|\^')
_AND_NOT = re.compile(r"\bAND\s+NOT\b")
_BARE = re.compile(r"([^\s()\"*^,]+)(\*?)")
_WORD = re.compile(r"\w+")
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
_HIT = "\x01"
"""Marks a match where only whether there is one matters."""


class FullTextQueryError(ValueError):
    """A search in FTS5 syntax that SQLite cannot read (an unbalanced quote...)."""


def event_text(event: Event) -> str:
    """Everything of an event that search or a title lookup reads: its id, title,
    summary, place and disputes, one to a line."""
    disputes = (
        text
        for dispute in event.disputes
        for text in (dispute.note, *(alternative.value for alternative in dispute.alternatives))
    )
    return "\n".join((event.id, event.title, event.summary, event.place or "", *disputes))


def is_full_text_query(text: str) -> bool:
    """True when the text uses FTS5's syntax: a quoted phrase, a prefix (``Soyu*``), or
    AND, OR, NOT or NEAR in capitals. Anything else is a plain search for the text."""
    return _OPERATOR.search(text) is not None


def _connect() -> sqlite3.Connection:
    import sqlite3  # noqa: PLC0415 (about 4 ms: only an FTS5 search or a cached dataset needs it)

    return sqlite3.connect(":memory:")


def check_query(query: str) -> None:
    """Raise FullTextQueryError when SQLite cannot read the query."""
    if query.count('"') % 2:
        raise FullTextQueryError("a quote is not closed: phrases go between two double quotes")
    if not query.strip():
        raise FullTextQueryError("the search is empty")
    connection = _connect()
    try:
        connection.execute(f"CREATE VIRTUAL TABLE probe USING fts5(text, tokenize='{TOKENIZER}')")
        connection.execute(
            "SELECT rowid FROM probe WHERE probe MATCH ?", (readable(query),)
        ).fetchall()
    except Exception as error:  # sqlite3.OperationalError, imported lazily
        message = str(error).removeprefix("fts5: ")
        raise FullTextQueryError(message) from None
    finally:
        connection.close()


def readable(query: str) -> str:
    """The query as FTS5 reads it: ``A AND NOT B`` (as people write it) is FTS5's
    ``A NOT B``, and a bare word holding other characters (``cross-flight*``,
    ``ISS:``) is a phrase of its words (``"cross-flight"*``), where FTS5 would read a
    column's name or fail; quoted phrases are left as they are."""
    parts = query.split('"')
    parts[::2] = (_BARE.sub(_phrase, _AND_NOT.sub("NOT", part)) for part in parts[::2])
    return '"'.join(parts)


def _phrase(found: re.Match[str]) -> str:
    word, star = found.group(1), found.group(2)
    if word in _OPERATORS or _WORD.fullmatch(word):
        return found.group(0)
    return f'"{word}"{star}'


def matching(records: Sequence[Sequence[str]], query: str) -> list[tuple[int, int, str]]:
    """The records (each an id and up to FIELDS texts) that match the query, best
    first (FTS5's bm25 rank, ties in their order): the place of each, the first of its
    texts holding a match (1 for its first text after the id; 0 when only the id
    matched), and a snippet of that text with the matched words between MARK_START and
    MARK_END. FullTextQueryError when the query cannot be read."""
    check_query(query)
    columns = ", ".join(f"f{number}" for number in range(FIELDS + 1))
    connection = _connect()
    try:
        connection.execute(
            f"CREATE VIRTUAL TABLE found USING fts5({columns}, tokenize='{TOKENIZER}')"
        )
        connection.executemany(
            f"INSERT INTO found(rowid, {columns}) VALUES (?, {', '.join('?' * (FIELDS + 1))})",
            (
                (place, *texts, *("",) * (FIELDS + 1 - len(texts)))
                for place, texts in enumerate(records, start=1)
            ),
        )
        marked = ", ".join(f"highlight(found, {number}, ?, ?)" for number in range(FIELDS + 1))
        rows = connection.execute(
            f"SELECT rowid, {marked} FROM found WHERE found MATCH ? ORDER BY rank, rowid",
            (*(_HIT, _HIT) * (FIELDS + 1), readable(query)),
        ).fetchall()
        found = []
        for rowid, *highlighted in rows:
            texts = [*highlighted[1:], highlighted[0]]
            number = next((n for n, text in enumerate(texts, 1) if _HIT in text), 0) % (FIELDS + 1)
            (snippet,) = connection.execute(
                "SELECT snippet(found, ?, ?, ?, '…', ?) FROM found WHERE found MATCH ? "
                "AND rowid = ?",
                (number, MARK_START, MARK_END, SNIPPET_WORDS, readable(query), rowid),
            ).fetchone()
            found.append((rowid - 1, number, " ".join(snippet.split())))
    finally:
        connection.close()
    return found
