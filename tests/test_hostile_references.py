"""``cite``: a stranger's source can add no field to a reference. Each format is read back
by its real parser (bibtexparser, rispy, citeproc-py), which must find exactly the fields
written, with the values written."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from conftest import SMALL_DATASET, Invoke

MALLORY = "https://x.test/x}, author = {Mallory}, addendum = {\\input{/etc/passwd}"
"""A URL that closes BibTeX's url field and adds two fields that biblatex prints."""
MALLORY_UNSPACED = "https://x.test/x},author={Mallory},addendum={\\input{/etc/passwd}"
RIS_INJECTION = "A\nER  - \nTY  - JOUR\nTI  - Forged\nAU  - Mallory"
"""A title that ends the RIS record and starts a forged one."""


def cite(invoke: Invoke, tmp_path: Path, style: str, **fields: str) -> str:
    """The first source of the small dataset, with these fields, cited in a style."""
    document = copy.deepcopy(SMALL_DATASET)
    document["sources"][0].update(fields)  # type: ignore[index]
    path = tmp_path / "dataset.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = invoke("--no-bundled", "--data", str(path), "cite", "src-a", "--style", style)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    ("url", "written"),
    [
        (MALLORY, None),  # a space: not a link, so no url
        (
            MALLORY_UNSPACED,
            "https://x.test/x%7D,author=%7BMallory%7D,addendum=%7B%5Cinput%7B/etc/passwd%7D",
        ),
        ("https://x.test/{", "https://x.test/%7B"),
        ("https://x.test/a\x1b]52;c;eA==\x07", None),
        ("javascript:alert(1)", None),
        ("https://x.test/a_b%20c#d", "https://x.test/a_b%20c#d"),
    ],
)
def test_a_url_adds_no_bibtex_field(
    invoke: Invoke, tmp_path: Path, url: str, written: str | None
) -> None:
    import bibtexparser

    library = bibtexparser.parse_string(cite(invoke, tmp_path, "bibtex", url=url))
    assert not library.failed_blocks
    assert len(library.entries) == 1
    fields = library.entries[0].fields_dict
    expected = {"title", "organization", "date", "year"} | ({"url"} if written else set())
    assert set(fields) == expected
    if written:
        assert fields["url"].value == written


def test_every_bibtex_field_keeps_its_braces_balanced(invoke: Invoke, tmp_path: Path) -> None:
    import bibtexparser

    text = cite(
        invoke,
        tmp_path,
        "bibtex",
        title="T}, author = {Mallory}, addendum = {\\input{/etc/passwd}",
        publisher="P{",
        note="N} x = {y",
        via="V}",
        url="https://x.test/{",
    )
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    fields = library.entries[0].fields_dict
    assert set(fields) == {"title", "organization", "date", "year", "url", "note"}
    assert fields["title"].value == (
        r"{T\}, author = \{Mallory\}, addendum = \{\textbackslash{}input\{/etc/passwd\}}"
    )
    assert fields["organization"].value == r"P\{"
    assert fields["note"].value == r"Read via V\}. N\} x = \{y"


def test_a_ris_field_cannot_end_the_record_or_start_another(invoke: Invoke, tmp_path: Path) -> None:
    import rispy

    text = cite(
        invoke,
        tmp_path,
        "ris",
        title=RIS_INJECTION,
        publisher=RIS_INJECTION,
        note=RIS_INJECTION,
        url="https://x.test/a\nER  - \nTY  - JOUR\nUR  - https://evil.test/",
    )
    entries = rispy.loads(text)
    assert len(entries) == 1
    fields = {"type_of_reference", "id", "title", "publisher", "year", "date", "notes"}
    assert set(entries[0]) == fields  # no url: a URL with a line break is not a link
    one_line = RIS_INJECTION.replace("\n", " ")
    assert entries[0]["title"] == one_line
    assert entries[0]["publisher"] == one_line
    assert entries[0]["notes"] == [one_line]


def test_ris_keeps_a_clean_url_percent_encoded(invoke: Invoke, tmp_path: Path) -> None:
    import rispy

    entries = rispy.loads(cite(invoke, tmp_path, "ris", url="https://x.test/{a}"))
    assert entries[0]["urls"] == ["https://x.test/%7Ba%7D"]


def test_csl_json_fields_are_single_lines_a_reference_manager_can_print(
    invoke: Invoke, tmp_path: Path
) -> None:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    items = json.loads(
        cite(
            invoke,
            tmp_path,
            "csl-json",
            title="Clear\x1b[2Jscreen\u202eflipped\nline",
            url="https://x.test/{",
        )
    )
    assert len(items) == 1
    assert items[0]["title"] == "Clear [2Jscreen flipped line"
    assert items[0]["URL"] == "https://x.test/%7B"
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem("src-a")]))
    entry = str(bibliography.bibliography()[0])
    assert "Clear [2Jscreen flipped line" in entry
    assert "https://x.test/%7B" in entry


def test_csl_json_leaves_out_a_url_that_may_not_be_a_link(invoke: Invoke, tmp_path: Path) -> None:
    items = json.loads(cite(invoke, tmp_path, "csl-json", url="javascript:alert(1)"))
    assert "URL" not in items[0]
