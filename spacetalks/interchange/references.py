"""Sources as references for reference managers: CSL-JSON, BibTeX, RIS, and plain text.

Every format is made from one CSL-JSON item per source (the shape Zotero, Pandoc and
citeproc read), so the four agree on title, publisher, date and URL. Each source is a
web page (CSL ``webpage``, BibTeX ``@online``, RIS ``ELEC``): the dataset records
where a fact was read, not what kind of publication printed it. The publisher is the
web site: CSL's ``container-title`` (BibTeX ``organization``, RIS ``PB``), given once.
``accessed`` is the date the dataset's sources were last checked (``meta.reviewed``),
where it has one.
BibTeX is written by bibtexparser and RIS by rispy; both are imported only here.

A source may come from a stranger, so no text of it can add a field to a reference:
every field is one line (control, format and separator characters become spaces, in
CSL-JSON too: a reference manager prints them into documents), TeX's special characters
are escaped in BibTeX, and the URL is the one a link may have (see link_target:
percent-encoded, so it holds no brace, backslash or space) or is left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum

from spacetalks.dataset.dates import MONTH_NAMES, Precision, parse_date
from spacetalks.dataset.model import Dataset, Source
from spacetalks.output.safe_link import link_target
from spacetalks.output.safe_text import json_safe, spaced

CslItem = dict[str, object]


class CitationStyle(StrEnum):
    csl_json = "csl-json"
    bibtex = "bibtex"
    ris = "ris"
    text = "text"


def _one_line(text: str) -> str:
    """Text with every control, format and line-separator character made a space:
    references are single-line fields in every one of these formats."""
    return spaced(text).strip()


def _date_parts(text: str) -> list[int]:
    date = parse_date(text)
    start = date.start
    parts = [start.year, start.month, start.day]
    return parts[: min(date.precision, Precision.DAY)]


def csl_item(source: Source, accessed: str | None, cited_for: Sequence[str] = ()) -> CslItem:
    """One source as a CSL-JSON item; its note says where it was read and, where it is
    cited for single fields of the records, which ("Cited for date, place of ...")."""
    item: CslItem = {
        "id": source.id,
        "type": "webpage",
        "title": _one_line(source.title),
        # The site that published the page, once: CSL styles print container-title and
        # publisher both, so the same name in each reads "Reuters. Reuters.".
        "container-title": _one_line(source.publisher),
    }
    if source.date:
        item["issued"] = {"date-parts": [_date_parts(source.date)]}
    if url := link_target(source.url):
        item["URL"] = url
    if accessed:
        item["accessed"] = {"date-parts": [_date_parts(accessed)]}
    notes = [f"Read via {source.via}" if source.via else "", source.note or ""]
    note = _one_line(". ".join(part for part in notes if part))
    if cited_for:
        fields = _one_line(f"Cited for {'; '.join(cited_for)}")
        note = f"{note.rstrip('.')}. {fields}" if note else fields
    if note:
        item["note"] = note
    return item


def csl_items(
    dataset: Dataset,
    source_ids: Sequence[str],
    cited_for: Mapping[str, Sequence[str]] | None = None,
) -> list[CslItem]:
    """The sources as CSL-JSON items; ``cited_for`` gives, by source id, the fields of the
    cited records each is cited for (see spacetalks.query.citing.fields_cited_for)."""
    accessed = dataset.info.reviewed if dataset.info is not None else None
    fields = cited_for or {}
    return [
        csl_item(dataset.sources[source_id], accessed, fields.get(source_id, ()))
        for source_id in source_ids
    ]


def _parts(item: CslItem, key: str) -> list[int]:
    """The date parts of an item's ``issued`` or ``accessed`` (none when it has none)."""
    date = item.get(key)
    if not isinstance(date, dict):
        return []
    parts: list[list[int]] = date["date-parts"]
    return parts[0]


def _iso(parts: Sequence[int]) -> str:
    return "-".join(f"{part:02d}" if index else f"{part:04d}" for index, part in enumerate(parts))


def write_csl_json(items: Sequence[CslItem]) -> str:
    return json_safe(json.dumps(list(items), ensure_ascii=False, indent=2)) + "\n"


TEX_SPECIALS = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "%": r"\%",
        "&": r"\&",
        "#": r"\#",
        "_": r"\_",
        "$": r"\$",
        "^": r"\^{}",
        "~": r"\~{}",
    }
)
"""TeX's special characters. Everything else stays UTF-8, which biber, Zotero and Pandoc
read as it is (bibtexparser's own encoder would also spell out every non-ASCII letter)."""


def write_bibtex(items: Sequence[CslItem]) -> str:
    import bibtexparser  # noqa: PLC0415 (only cite --style bibtex)
    from bibtexparser.model import Entry, Field  # noqa: PLC0415 (only cite --style bibtex)

    library = bibtexparser.Library()
    for item in items:
        fields = [
            # Double braces keep a headline's capitals ("U.S.", "ISS") as published.
            Field("title", "{" + str(item["title"]).translate(TEX_SPECIALS) + "}"),
            Field("organization", str(item["container-title"]).translate(TEX_SPECIALS)),
        ]
        if issued := _parts(item, "issued"):
            fields.append(Field("date", _iso(issued)))
            fields.append(Field("year", str(issued[0])))
            if len(issued) > 1:
                fields.append(Field("month", str(issued[1])))
        if "URL" in item:
            fields.append(Field("url", str(item["URL"])))
        if accessed := _parts(item, "accessed"):
            fields.append(Field("urldate", _iso(accessed)))
        if "note" in item:
            fields.append(Field("note", str(item["note"]).translate(TEX_SPECIALS)))
        library.add(Entry("online", str(item["id"]), fields))
    return str(bibtexparser.write_string(library))


def _ris_date(parts: Sequence[int]) -> str:
    padded = [f"{parts[0]:04d}", *(f"{part:02d}" for part in parts[1:])]
    return "/".join(padded + [""] * (3 - len(padded))) + "/"


def write_ris(items: Sequence[CslItem]) -> str:
    import rispy  # noqa: PLC0415 (only cite --style ris)

    class RisWithoutNumbers(rispy.RisWriter):  # type: ignore[misc]
        """RIS as reference managers write it: no "1." line before each record."""

        def set_header(self, count: int) -> str:
            return ""

    entries = []
    for item in items:
        entry: dict[str, object] = {
            "type_of_reference": "ELEC",
            "id": item["id"],
            "title": item["title"],
            "publisher": item["container-title"],
        }
        if issued := _parts(item, "issued"):
            entry["year"] = str(issued[0])
            entry["date"] = _ris_date(issued)
        if "URL" in item:
            entry["urls"] = [item["URL"]]
        if accessed := _parts(item, "accessed"):
            entry["access_date"] = _ris_date(accessed)
        if "note" in item:
            entry["notes"] = [item["note"]]
        entries.append(entry)
    return str(rispy.dumps(entries, implementation=RisWithoutNumbers))


def _readable_date(parts: Sequence[int]) -> str:
    if len(parts) == 1:
        return str(parts[0])
    month = MONTH_NAMES[parts[1] - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{parts[2]} {month} {parts[0]}"


def write_text(items: Sequence[CslItem]) -> str:
    """A reference list a reader can paste: publisher, title, date, URL, where read."""
    lines = []
    for item in items:
        parts = [f"{item['container-title']}.", f"“{item['title']}.”"]
        if issued := _parts(item, "issued"):
            parts.append(f"{_readable_date(issued)}.")
        if "URL" in item:
            parts.append(str(item["URL"]))
        if "note" in item:
            parts.append(f"({item['note']}.)")
        lines.append(" ".join(parts))
    return "".join(f"{line}\n" for line in lines)


CITATION_WRITERS: dict[CitationStyle, Callable[[Sequence[CslItem]], str]] = {
    CitationStyle.csl_json: write_csl_json,
    CitationStyle.bibtex: write_bibtex,
    CitationStyle.ris: write_ris,
    CitationStyle.text: write_text,
}
