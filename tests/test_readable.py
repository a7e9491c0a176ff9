# ruff: noqa: RUF001  (the ambiguous characters are what is tested)
"""Where the output cannot hold a character, it reads as a person would write it."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from terminal import clean_environment, run_on_terminal, run_piped

from spacetalks.output.safe_text import readable, readable_form

SGR = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")
"""Colours and styles, and OSC 8 hyperlinks."""


@pytest.mark.parametrize(
    ("text", "ascii"),
    [
        ("NASA–Roscosmos", "NASA-Roscosmos"),
        ("since 2018 — and after…", "since 2018 - and after..."),
        ("“a hopeful signal” ‘so’", "\"a hopeful signal\" 'so'"),
        ("‡ disputed", "# disputed"),
        ("51.6° orbit, 77–22", "51.6 deg orbit, 77-22"),
        ("Rogozin’s café in Łódź", "Rogozin's cafe in Lodz"),
        ("½ ² ﬁ", "1/2 2 fi"),
        ("Баканов", "\\u0411\\u0430\\u043a\\u0430\\u043d\\u043e\\u0432"),
        ("plain ASCII stays", "plain ASCII stays"),
    ],
)
def test_ascii_forms(text: str, ascii: str) -> None:
    assert readable(text, "ascii") == ascii


def test_an_encoding_that_holds_a_character_keeps_it() -> None:
    assert readable("café – 51.6°", "latin-1") == "café - 51.6°"
    assert readable("Баканов…", "utf-8") == "Баканов…"
    assert readable_form("…", "cp1252") == "..."  # asked only for what it cannot hold


@given(st.text())
def test_readable_text_always_encodes(text: str) -> None:
    for encoding in ("ascii", "latin-1", "cp1251"):
        readable(text, encoding).encode(encoding)


ASCII = clean_environment(PYTHONIOENCODING="ascii")


def test_piped_ascii_output_keeps_names_readable() -> None:
    result = run_piped("timeline", "--on", "2025-07-31", env=ASCII)
    assert result.returncode == 0
    text = result.stdout.decode("ascii")
    assert "NASA-Roscosmos heads meeting" in text
    assert "?" not in text


def test_jsonl_in_ascii_holds_the_same_objects_a_line() -> None:
    ascii_lines = run_piped("timeline", "-f", "jsonl", env=ASCII).stdout.decode("ascii")
    utf8_lines = run_piped("timeline", "-f", "jsonl").stdout.decode("utf-8")
    assert not utf8_lines.isascii()
    assert "\\u2013" in ascii_lines  # the dashes escaped, not dropped
    assert ascii_lines.endswith("}\n")
    assert list(map(json.loads, ascii_lines.splitlines())) == list(
        map(json.loads, utf8_lines.splitlines())
    )


def test_messages_are_readable_too() -> None:
    result = run_piped("who", "Баканоw", env=ASCII)
    assert result.returncode == 1
    message = result.stderr.decode("ascii")
    assert "\\u0411\\u0430" in message
    assert "?" not in message.replace("did you mean Dmitry Bakanov?", "")


@pytest.mark.parametrize(
    "args",
    [
        ("timeline", "--on", "2025-07-31"),
        ("timeline", "--chart", "--since", "2025-12"),
        ("who", "Bakanov"),
        ("show", "Bakanov and Duffy"),
        ("topics", "cross-flights"),
    ],
)
def test_drawn_views_in_ascii_stay_aligned_and_readable(args: tuple[str, ...]) -> None:
    run = run_on_terminal(*args, columns=80, env=clean_environment(PYTHONIOENCODING="ascii"))
    assert run.exit_code == 0, run.stderr
    screen = SGR.sub("", run.screen)
    assert screen.isascii()
    assert "?" not in screen.replace("did you mean", "")
    lines = screen.replace("\r", "").splitlines()
    assert max(len(line) for line in lines) <= 80
    borders = [line for line in lines if line.startswith("|")]
    assert all(line.rstrip().endswith("|") for line in borders)  # no cell pushed its border
    assert "Roscosmos" in screen or "Bakanov" in screen
