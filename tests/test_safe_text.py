"""The escaping rule itself (spacetalks.output.safe_text): its table of characters, and
each form."""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spacetalks.output.safe_text import (
    INVISIBLE_FILLERS,
    UNSAFE_CATEGORIES,
    completion_text,
    flat_visible,
    flat_visible_all,
    is_unsafe,
    json_safe,
    visible,
)


def test_the_table_of_unsafe_characters_matches_the_unicode_database() -> None:
    """Every Cc, Cf, Zl, Zp and Cs code point of this Python's Unicode is unsafe; beside
    them, only the listed fillers and format characters of a later Unicode (unassigned,
    Cn, in this one) are."""
    fillers = {code for first, last in INVISIBLE_FILLERS for code in range(first, last + 1)}
    wrong = []
    for code in range(sys.maxunicode + 1):
        category = unicodedata.category(chr(code))
        expected = category in UNSAFE_CATEGORIES or code in fillers
        if is_unsafe(chr(code)) != expected and not (category == "Cn" and is_unsafe(chr(code))):
            wrong.append(f"U+{code:04X} {category}")
    assert not wrong, f"update UNSAFE_RANGES for Unicode {unicodedata.unidata_version}: {wrong}"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[31m", "\\x1b[31m"),
        ("a\u202eb", "a\\u202eb"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("\u3164", "\\u3164"),
        ("❤\ufe0f", "❤\\ufe0f"),
        ("line\u2028split", "line\\u2028split"),
        ("Bakanov \u2013 Баканов", "Bakanov \u2013 Баканов"),
    ],
)
def test_visible_shows_what_acts_as_an_escape(text: str, shown: str) -> None:
    assert visible(text) == shown


def test_flat_visible_keeps_one_record_a_line_and_can_be_read_back() -> None:
    assert flat_visible("a\tb\nc\\x1b\x1b") == "a\\tb\\nc\\\\x1b\\x1b"


@pytest.mark.parametrize("text", ["\x00\x1f\x7f\x85\x9b", "\u202e\u2066\u2028\u2029", "\U000e0041"])
def test_json_safe_escapes_and_keeps_the_value(text: str) -> None:
    encoded = json_safe(json.dumps({"v": text}, ensure_ascii=False))
    assert encoded.isascii()
    assert json.loads(encoded) == {"v": text}


def test_completion_text_keeps_letters_and_drops_shell_syntax() -> None:
    assert completion_text("NASA's \\$(rm -rf ~) `id` [/] Баканов: x", 48) == (
        "NASA\u2019s (rm -rf ) id / Баканов x"
    )
    assert completion_text("x" * 100, 10) == "x" * 9 + "…"


def test_every_unsafe_character_is_escaped_after_the_byte_filter() -> None:
    """The quick look at bytes that lets most text through untouched misses no unsafe
    character, in any form: each one, alone or among safe text, comes out escaped."""
    unsafe = [chr(code) for code in range(sys.maxunicode + 1) if is_unsafe(chr(code))]
    missed = [
        f"{form.__name__}: U+{ord(char):04X}"
        for char in unsafe
        for form, text in (
            (json_safe, f'["é {char} Б"]'),
            (visible, f"é {char} Б"),
            (flat_visible, f"é {char} Б"),
        )
        if form(text) == text and not (form is json_safe and char in "\t\n\r")
    ]
    assert not missed
    safe = '["Bakanov \u2013 \u201c\u0411\u0430\u043a\u0430\u043d\u043e\u0432\u201d", "数据"]'
    assert json_safe(safe) == visible(safe) == flat_visible(safe) == safe
    assert flat_visible("a\\b") == "a\\\\b"


TRICKY = "a\\\t\n\x1b\u00a0\u2026\u2013\u202e\u3164\ufe0f\U000e0041\U000e0100Б한\ud800 "


@given(st.lists(st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=8)))
def test_flat_visible_all_is_flat_visible_of_each_text(texts: list[str]) -> None:
    assert flat_visible_all(texts) == [flat_visible(text) for text in texts]


def test_flat_visible_all_escapes_one_text_among_clean_ones() -> None:
    texts = ["Bakanov \u2013 Баканов", "plain", "tab\there", "…"]
    assert flat_visible_all(texts) == ["Bakanov \u2013 Баканов", "plain", "tab\\there", "…"]
