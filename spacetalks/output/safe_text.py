"""One rule for dataset text in every output: nothing in it may drive a terminal or a shell.

A dataset may come from anyone, so its text is data, never instructions. The
characters that act instead of showing are the Unicode categories Cc (C0, DEL, C1:
escape sequences, carriage returns, backspaces), Cf (bidirectional overrides,
zero-width and other format characters, the tag block), Zl and Zp (line and
paragraph separators, which split lines for many readers), lone surrogates (Cs),
and a few characters that draw nothing though their category says otherwise (the
Hangul fillers, variation selectors, the combining grapheme joiner). Every output
deals with them here, each in the way its readers need:

- text for people (table, plain, tsv, csv, markdown, the chart, profiles, messages,
  calendar text) shows them as escapes: ``\\x1b``, ``\\u202e``, ``\\U000e0041``;
- JSON (json, jsonl, TimelineJS, JSON-LD, CSL-JSON) writes them as ``\\uXXXX``
  escapes, so the value a JSON reader gets is exactly the dataset's;
- references (BibTeX, RIS), single-line fields where an escape would be read as markup,
  get a space instead;
- shell completion keeps only letters, digits, spaces and harmless punctuation.

Where the output's encoding cannot hold a character (``LC_ALL=C``,
``PYTHONIOENCODING=ascii``), the text stays readable (see ``readable``): punctuation is
written the way ASCII writes it (``…`` as ``...``, dashes as ``-``, curly quotes
straight), accented letters lose their accents, and only a character with no readable
form (``Б``) becomes an escape (``\\u0411``), never a ``?`` that looks like damage.

Pure functions over strings, below every renderer; no I/O.
"""

from __future__ import annotations

import functools
import re
import unicodedata

UNSAFE_RANGES: tuple[tuple[int, int], ...] = (
    # Cc, Cf, Zl, Zp and Cs in Unicode 14 (Python 3.11); a test compares this table
    # with the running Python's Unicode database.
    (0x0000, 0x001F),
    (0x007F, 0x009F),
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x2028, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xD800, 0xDFFF),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
"""Code points of the categories that act rather than show."""

INVISIBLE_FILLERS: tuple[tuple[int, int], ...] = (
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x115F, 0x1160),  # Hangul choseong and jungseong fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x3164, 0x3164),  # Hangul filler
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFFA0, 0xFFA0),  # halfwidth Hangul filler
    (0xE0100, 0xE01EF),  # variation selectors supplement
)
"""Characters that draw nothing although they are letters or marks: used to hide text."""

UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def _character_class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(
        re.escape(chr(first)) + ("" if first == last else "-" + re.escape(chr(last)))
        for first, last in ranges
    )


@functools.cache
def compiled(pattern: str) -> re.Pattern[str]:
    """A pattern compiled when first used. A class of wide Unicode ranges (the ones
    below) takes the compiler about 1 ms, and most runs need one of them or none: the
    byte test of _may_hold lets most text through without a pattern."""
    return re.compile(pattern)


_UNSAFE = f"[{_character_class(UNSAFE_RANGES + INVISIBLE_FILLERS)}]"


def unsafe_pattern() -> re.Pattern[str]:
    """One character that must never reach an output as itself."""
    return compiled(_UNSAFE)


_FLAT_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_FLAT_UNSAFE = r"\\|" + _UNSAFE


_UTF8_LENGTH_LIMITS = (0x80, 0x800, 0x10000, 0x110000)
"""Where the length of a code point's UTF-8 form changes."""


def _first_bytes(ranges: tuple[tuple[int, int], ...]) -> frozenset[int]:
    """Every byte that begins the UTF-8 form of a code point in the ranges (a range is
    split where the form's length changes, so that within a part the first byte grows
    with the code point)."""
    found: set[int] = set()
    for first, last in ranges:
        low = first
        for limit in _UTF8_LENGTH_LIMITS:
            if low > last:
                break
            if low < limit:
                high = min(last, limit - 1)
                start, end = (chr(code).encode("utf-8", "surrogatepass")[0] for code in (low, high))
                found.update(range(start, end + 1))
                low = limit
    return frozenset(found)


def _others(ranges: tuple[tuple[int, int], ...], also: str = "") -> bytes:
    """Every byte that begins no character of the ranges (nor of also)."""
    first = _first_bytes(ranges) | {ord(char) for char in also}
    return bytes(byte for byte in range(256) if byte not in first)


def _may_hold(text: str, others: bytes) -> bool:
    """False when no byte of the text's UTF-8 form could begin one of the characters
    whose others these are: found at C speed, many times faster than a character class,
    so the text most outputs write (ASCII, Cyrillic, accented Latin, CJK) is let through
    at once and only other text is searched character by character."""
    return bool(text.encode("utf-8", "surrogatepass").translate(None, others))


_NOT_UNSAFE = _others(UNSAFE_RANGES + INVISIBLE_FILLERS)
_NOT_FLAT_UNSAFE = _others(UNSAFE_RANGES + INVISIBLE_FILLERS, "\\")
_NOT_FILLER = _others(INVISIBLE_FILLERS)


def is_unsafe(char: str) -> bool:
    return unsafe_pattern().fullmatch(char) is not None


def escape_char(char: str) -> str:
    """The escape that shows a character: ``\\x1b``, ``\\u202e``, ``\\U000e0041``."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str, keep_newlines: bool = False) -> str:
    """Text for people: every unsafe character shown as an escape (newlines kept if asked)."""

    if not _may_hold(text, _NOT_UNSAFE):
        return text

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        return char if keep_newlines and char == "\n" else escape_char(char)

    return unsafe_pattern().sub(replace, text)


def spaced(text: str) -> str:
    """Text for a single-line field that cannot hold escapes (a BibTeX or RIS reference):
    every unsafe character becomes a space."""
    return unsafe_pattern().sub(" ", text)


def flat_visible(text: str) -> str:
    """Text for one cell of a line-based format (plain, tsv, csv): also tabs, newlines and
    backslashes escaped, so a record is one line and the escapes can be read back."""
    if not _may_hold(text, _NOT_FLAT_UNSAFE):
        return text
    return compiled(_FLAT_UNSAFE).sub(
        lambda match: _FLAT_ESCAPES.get(match.group()) or escape_char(match.group()), text
    )


def flat_visible_all(texts: list[str]) -> list[str]:
    """flat_visible of each text. Most texts need no escape, and whether any does is
    asked once of them all, at C speed: a call a text took most of the time of a long
    plain listing. No backslash, nothing str.isprintable refuses (which refuses every
    character of UNSAFE_RANGES: their categories are Python's "Other" and "Separator";
    a test holds the table to the running Python's Unicode database), and no byte that
    could begin an invisible filler: then no text holds a character to escape."""
    joined = "".join(texts)
    if "\\" not in joined and joined.isprintable() and not _may_hold(joined, _NOT_FILLER):
        return texts
    return list(map(flat_visible, texts))


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


_C0_BUT_WHITESPACE = ((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F))
_JSON_UNSAFE_RANGES = _C0_BUT_WHITESPACE + UNSAFE_RANGES[1:] + INVISIBLE_FILLERS
_JSON_UNSAFE = f"[{_character_class(_JSON_UNSAFE_RANGES)}]"
"""_UNSAFE but for tab, line feed and carriage return: JSON strings cannot hold them raw
(every encoder escapes them), so raw ones are the whitespace between values."""
_NOT_JSON_UNSAFE = _others(_JSON_UNSAFE_RANGES)


def json_safe(json_text: str) -> str:
    """JSON text with every unsafe character written as a ``\\uXXXX`` escape.

    JSON's structure is ASCII, and a JSON string holds no raw control character, so an
    unsafe character other than whitespace between values is inside a string, where the
    escape means the same character: the decoded value is unchanged.

    """
    if not _may_hold(json_text, _NOT_JSON_UNSAFE):
        return json_text
    return compiled(_JSON_UNSAFE).sub(_json_escape, json_text)


_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<>|~&]")


def markdown_cell(text: str) -> str:
    """A GitHub-flavoured Markdown table cell that renders as the text itself.

    A cell holds inline content only, so only inline markup needs escaping: emphasis
    (``*``, ``_``), code (backticks), links and images (``[``, ``]``), HTML and autolinks
    (``<``, ``>``), entities (``&``), strikethrough (``~``), the backslash itself, and
    ``|``, which would end the cell. Line breaks become ``<br>``, the only line break a
    table cell can hold.
    """
    escaped = _MARKDOWN_SPECIAL.sub(lambda match: "\\" + match.group(), visible(text, True))
    return escaped.replace("\n", "<br>") or " "


CELL_LIMIT = 1_000
"""Characters of one table cell shown on a terminal; machine formats keep every one."""
DOCUMENT_LIMIT = 5_000
"""Characters of one field of a single record's terminal layout (a summary, a note)."""


def shortened(text: str, limit: int) -> str:
    """Text cut to limit characters for a view meant for people, saying how much is left
    out: a 5 MB field would take a terminal thousands of lines and Rich seconds to wrap.
    Cut before escaping, so no escape is cut in half."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


ASCII_FORMS: dict[str, str] = {
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58", "-"),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb", '"'),
    **dict.fromkeys(
        "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f", " "
    ),
    "\u2026": "...",
    "\u2022": "*",
    "\u00b7": ".",
    "\u2021": "#",
    "\u2020": "+",
    "\u00b0": " deg",
    "\u00d7": "x",
    "\u00f7": "/",
    "\u2044": "/",
    "\u00b1": "+/-",
    "\u2248": "~",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2260": "!=",
    "\u2192": "->",
    "\u2190": "<-",
    "\u2194": "<->",
    "\u21bb": "~",
    "\u00a9": "(c)",
    "\u00ae": "(R)",
    "\u2122": "(TM)",
    "\u20ac": "EUR",
    "\u00a3": "GBP",
    "\u2116": "No.",
    "\u00df": "ss",
    "\u00e6": "ae",
    "\u00c6": "AE",
    "\u0153": "oe",
    "\u0152": "OE",
    "\u00f8": "o",
    "\u00d8": "O",
    "\u0142": "l",
    "\u0141": "L",
    "\u0111": "d",
    "\u0110": "D",
    "\u00fe": "th",
    "\u00de": "Th",
}
"""How ASCII writes punctuation, symbols and letters that have no decomposition."""


def _holds(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def readable_form(char: str, encoding: str) -> str:
    """A character that the encoding cannot hold, as its readers would write it: its
    ASCII form (``…`` as ``...``), else its letters without accents (``é`` as ``e``, ``ﬁ``
    as ``fi``), else its escape (``\\u0411``)."""
    form = ASCII_FORMS.get(char)
    if form is not None and _holds(form, encoding):
        return form
    parts = [
        part if _holds(part, encoding) else ASCII_FORMS.get(part, "")
        for part in unicodedata.normalize("NFKD", char)
        if not unicodedata.combining(part)
    ]
    if parts and all(parts) and "".join(parts) != char and _holds("".join(parts), encoding):
        return "".join(parts)
    return escape_char(char)


def readable(text: str, encoding: str) -> str:
    """Text that an output in this encoding can carry, every character it cannot hold
    in its readable form (see readable_form). Text the encoding holds is unchanged."""
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return "".join(
            char if _holds(char, encoding) else readable_form(char, encoding) for char in text
        )
    except LookupError:
        return text
    return text


READABLE_ERRORS = "spacetalks-readable"
"""The name under which ``readable_errors`` is registered as a codec error handler
(``codecs.register_error``), for the standard streams."""


def readable_errors(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: what an encoder cannot encode, in its readable form, so
    that every write to a stream in that encoding stays readable (messages included)."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    failed = error.object[error.start : error.end]
    return "".join(readable_form(char, error.encoding) for char in failed), error.end


_COMPLETION_PUNCTUATION = frozenset("-.,()&+/")


def _completion_char(char: str) -> str:
    if char.isascii():
        if char.isalnum() or char in _COMPLETION_PUNCTUATION:
            return char
        return "\u2019" if char == "'" else " "
    if is_unsafe(char):
        return " "
    category = unicodedata.category(char)
    return " " if category[0] in "ZC" else char


def completion_text(text: str, limit: int) -> str:
    """Text for a shell completion's description, safe in every shell and short.

    Only letters, marks, digits, non-ASCII punctuation and symbols, and the ASCII
    punctuation ``- . , ( ) & + /`` are kept (an apostrophe becomes U+2019); anything else a
    shell, a completion system or Typer's Rich rendering could read (quotes, ``$``,
    backticks, backslashes, ``[``, ``:``, control characters) becomes a space. Runs of
    spaces become one, and the text is cut to ``limit`` characters.
    """
    cleaned = " ".join("".join(map(_completion_char, text[: limit * 4])).split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1].rstrip() + "…"
