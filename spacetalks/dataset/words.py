"""How text is compared: case and accents folded away (normalize), and the words of a
text, as the cache's index of words and the questions put to it both split them.

No I/O here. A text that holds another (``"meeting"`` in ``"Meetings in Houston"``)
holds each word of it inside one of its own words, once both are normalized: a word
is a run of word characters, and normalizing changes each character on its own. That
is what lets the index of words find every event a search or a title can match.
"""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+")
"""A word: a run of letters, digits and underscores (in any script)."""
_ASCII_NOT_WORD = bytes(
    byte if chr(byte).isascii() and WORD.fullmatch(chr(byte)) else ord(" ") for byte in range(256)
)
"""Each ASCII byte that is a word character kept, every other one a space."""


def normalize(text: str) -> str:
    """Fold case and strip accents, so "Bakánov" and "BAKANOV" compare equal."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def words(text: str) -> set[str]:
    """The words of a text, normalized. ASCII text is split at C speed (its word
    characters are exactly the bytes kept), any other text by the pattern."""
    if text.isascii():
        split = text.encode("ascii").lower().translate(_ASCII_NOT_WORD).split()
        return set(map(bytes.decode, split))
    return set(WORD.findall(normalize(text)))


def query_words(text: str) -> list[str]:
    """The words a text looked for must find inside words of a text that holds it
    (none when it has no word character: then any text may hold it)."""
    return WORD.findall(normalize(text.strip()))
