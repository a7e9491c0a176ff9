"""Open-data formats, each checked by its real consumer: citations (citeproc-py,
bibtexparser, rispy), the data package (frictionless) and JSON-LD (pyld)."""

from __future__ import annotations

import csv
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest
from conftest import SMALL_DATASET, Invoke

from spacetalks.dataset.model import DatasetFile
from spacetalks.store.load import read_bundled_bytes

WriteJson = Callable[..., Path]

TALKS = "2025-07-31-bakanov-duffy-talks"


def _sources_of(invoke: Invoke, *records: str) -> list[dict[str, Any]]:
    """The sources behind records, as the CSL-JSON output gives them."""
    result = invoke("cite", *records, "--style", "csl-json")
    assert result.exit_code == 0, result.stderr
    items: list[dict[str, Any]] = result.json()
    return items


def test_cite_lists_an_events_sources_and_its_disputed_alternatives(invoke: Invoke) -> None:
    bundled = msgspec.json.decode(read_bundled_bytes(), type=DatasetFile)
    talks = next(event for event in bundled.events if event.id == TALKS)
    expected = dict.fromkeys(
        [
            *talks.sources,
            *(
                source
                for dispute in talks.disputes
                for alternative in dispute.alternatives
                for source in alternative.sources
            ),
        ]
    )
    items = _sources_of(invoke, TALKS)
    assert [item["id"] for item in items] == list(expected)
    by_id = {source.id: source for source in bundled.sources}
    for item in items:
        source = by_id[item["id"]]
        assert item["type"] == "webpage"
        assert item["title"] == source.title
        assert item["container-title"] == source.publisher
        assert "publisher" not in item  # the site once: styles print both fields
        assert item.get("URL") == source.url


def test_cite_without_repeats_across_records(invoke: Invoke) -> None:
    once = _sources_of(invoke, TALKS)
    twice = _sources_of(invoke, TALKS, TALKS)
    assert twice == once


def test_csl_json_renders_as_a_bibliography_with_citeproc(invoke: Invoke) -> None:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    items = _sources_of(invoke, TALKS)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"]) for item in items]))
    entries = [str(entry) for entry in bibliography.bibliography()]
    assert len(entries) == len(items)
    text = "\n".join(entries)
    for item in items:
        assert item["title"] in text
        if "URL" in item:
            assert item["URL"] in text


def test_csl_json_names_each_publisher_once_in_a_citeproc_bibliography(
    invoke: Invoke,
) -> None:
    """citeproc prints container-title and publisher both: the same site in each read
    "Reuters. Reuters." in every entry."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    result = invoke("cite", "--style", "csl-json")
    assert result.exit_code == 0, result.stderr
    items: list[dict[str, Any]] = result.json()
    assert "Reuters" in {item["container-title"] for item in items}
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    for item in items:
        bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
        bibliography.register(Citation([CitationItem(item["id"])]))
        (entry,) = [str(entry) for entry in bibliography.bibliography()]
        printed = entry.partition(" Available at: ")[0]  # a URL may hold the site's name
        publisher = item["container-title"]
        # Once, besides where the title (printed twice) names it: "NASA" in NASA's headline.
        assert printed.count(publisher) == 1 + 2 * item["title"].count(publisher), entry


def test_bibtex_parses_back_with_the_same_titles_urls_and_dates(invoke: Invoke) -> None:
    import bibtexparser

    items = {item["id"]: item for item in _sources_of(invoke, TALKS, "sean-duffy")}
    result = invoke("cite", TALKS, "sean-duffy", "--style", "bibtex")
    library = bibtexparser.parse_string(result.stdout)
    assert not library.failed_blocks
    assert {entry.key for entry in library.entries} == set(items)
    for entry in library.entries:
        item = items[entry.key]
        assert entry.entry_type == "online"
        assert entry.fields_dict["title"].value == "{" + item["title"] + "}"  # case kept
        assert entry.fields_dict["url"].value == item["URL"]
        parts = item["issued"]["date-parts"][0]
        assert entry.fields_dict["year"].value == str(parts[0])
        assert entry.fields_dict["date"].value.startswith(str(parts[0]))


def test_bibtex_escapes_what_tex_would_read_as_commands(
    invoke: Invoke, write_json: WriteJson
) -> None:
    import bibtexparser

    hostile = dict(SMALL_DATASET)
    hostile["sources"] = [
        {"id": "src-a", "title": "50% of {braces} & C_x #1 $5", "publisher": "A \\ B"},
        {"id": "src-b", "title": "B", "publisher": "B"},
    ]
    path = write_json(hostile)
    result = invoke("--no-bundled", "--data", str(path), "cite", "src-a", "--style", "bibtex")
    assert result.exit_code == 0
    entry = bibtexparser.parse_string(result.stdout).entries[0]
    assert entry.fields_dict["title"].value == r"{50\% of \{braces\} \& C\_x \#1 \$5}"
    assert entry.fields_dict["organization"].value == r"A \textbackslash{} B"


def test_ris_parses_back_with_rispy(invoke: Invoke) -> None:
    import rispy

    items = {item["id"]: item for item in _sources_of(invoke, TALKS)}
    entries = rispy.loads(invoke("cite", TALKS, "--style", "ris").stdout)
    assert {entry["id"] for entry in entries} == set(items)
    for entry in entries:
        item = items[entry["id"]]
        assert entry["type_of_reference"] == "ELEC"
        assert entry["title"] == item["title"]
        assert entry["urls"] == [item["URL"]]
        assert entry["year"] == str(item["issued"]["date-parts"][0][0])


def test_cite_text_is_a_reference_list(invoke: Invoke) -> None:
    items = _sources_of(invoke, TALKS)
    lines = invoke("cite", TALKS).lines()
    assert len(lines) == len(items)
    for line, item in zip(lines, items, strict=True):
        assert line.startswith(f"{item['container-title']}.")
        assert item["title"] in line


def test_cite_with_filters_cites_the_chosen_events(invoke: Invoke, small: list[str]) -> None:
    result = invoke(*small, "cite", "--topic", "moon", "--style", "csl-json")
    assert result.exit_code == 0
    assert [item["id"] for item in result.json()] == ["src-a"]


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (["cite", "no-such-thing-at-all"], 1, "no record matches"),
        (["cite", "John"], 2, "john-smith"),
        (["cite", "q1", "--topic", "moon"], 2, "not both"),
        (["cite", "--on", "1999"], 1, "no sources"),
        (["cite", "q1", "--style", "mla"], 2, "mla"),
    ],
)
def test_cite_errors(
    invoke: Invoke, small: list[str], arguments: list[str], code: int, message: str
) -> None:
    result = invoke(*small, *arguments)
    assert result.exit_code == code
    assert result.stdout == ""
    assert message in result.stderr


def _frictionless_errors(descriptor: Path) -> list[str]:
    from frictionless import Package

    report = Package(str(descriptor)).validate()
    return [error.message for task in report.tasks for error in task.errors]


def test_datapackage_is_valid_and_reads_back_into_the_same_dataset(
    invoke: Invoke, tmp_path: Path
) -> None:
    target = tmp_path / "package"
    result = invoke("export", "datapackage", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    descriptor = target / "datapackage.json"
    assert _frictionless_errors(descriptor) == []
    package = json.loads(descriptor.read_text())
    names = {resource["name"] for resource in package["resources"]}
    assert {"events", "people", "roles", "organizations", "topics", "quotes", "sources"} <= names
    assert {"disputes", "alternatives", "events_people", "roles_sources", "evidence"} <= names
    assert len(names) == len(package["resources"])
    events = next(resource for resource in package["resources"] if resource["name"] == "events")
    assert events["schema"]["primaryKey"] == ["id"]
    assert package["version"]

    back = invoke("import", str(target))
    assert back.exit_code == 0, back.stderr
    bundled = msgspec.json.decode(read_bundled_bytes(), type=DatasetFile)
    assert msgspec.json.decode(back.stdout, type=DatasetFile) == bundled


def test_datapackage_keeps_field_evidence_of_events_and_people(
    invoke: Invoke, write_json: WriteJson, tmp_path: Path
) -> None:
    """One evidence table, a row per record, field and source, reads back into the same
    entries (order, sources and notes), for an event and a person sharing an id."""
    data = json.loads(json.dumps(SMALL_DATASET))
    data["sources"].append({"id": "src-c", "title": "C", "publisher": "C News"})
    event = data["events"][0]
    event["sources"] = ["src-a", "src-b", "src-c"]
    event["evidence"] = [
        {"field": "place", "sources": ["src-c", "src-a"], "note": "says where, 'exactly'"},
        {"field": "date", "sources": ["src-b"]},
    ]
    data["people"].append(
        {
            "id": event["id"],
            "name": "Namesake",
            "sources": ["src-b"],
            "evidence": [{"field": "name", "sources": ["src-b"], "note": "spells it"}],
        }
    )
    path = write_json(data)
    target = tmp_path / "package"
    result = invoke("--no-bundled", "--data", str(path), "export", "datapackage", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert _frictionless_errors(target / "datapackage.json") == []
    with (target / "evidence.csv").open(newline="") as stream:
        rows = [
            (r["record_type"], r["record"], r["field"], r["source"]) for r in csv.DictReader(stream)
        ]
    assert rows == [
        ("event", event["id"], "place", "src-c"),
        ("event", event["id"], "place", "src-a"),
        ("event", event["id"], "date", "src-b"),
        ("person", event["id"], "name", "src-b"),
    ]
    back = invoke("import", str(target))
    assert back.exit_code == 0, back.stderr
    imported = msgspec.json.decode(back.stdout, type=DatasetFile)
    original = msgspec.json.decode(path.read_bytes(), type=DatasetFile)
    for array in ("events", "people"):
        assert {record.id: record for record in getattr(imported, array)} == {
            record.id: record for record in getattr(original, array)
        }
    by_id = {record.id: record for record in imported.events}
    assert by_id[event["id"]].evidence[0].note == "says where, 'exactly'"


def test_datapackage_after_filters_keeps_its_foreign_keys(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "package"
    result = invoke("export", "datapackage", "--topic", "cross-flights", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert _frictionless_errors(target / "datapackage.json") == []
    chosen = invoke("timeline", "--topic", "cross-flights", "--format", "json").json()
    back = msgspec.json.decode(invoke("import", str(target)).stdout, type=DatasetFile)
    assert [event.id for event in back.events] == [event["id"] for event in chosen]


def test_datapackage_catches_a_broken_reference(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "package"
    invoke("export", "datapackage", "-o", str(target))
    links = target / "events_people.csv"
    text = links.read_text()
    first_person = text.splitlines()[1].rsplit(",", 1)[1]
    links.write_text(text.replace(first_person, "nobody-at-all", 1))
    assert any(
        "foreign key" in message for message in _frictionless_errors(target / "datapackage.json")
    )


def test_import_reports_every_problem_in_a_package(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "package"
    invoke("export", "datapackage", "-o", str(target))
    (target / "quotes.csv").unlink()
    header, *rows = (target / "topics.csv").read_text().splitlines()
    (target / "topics.csv").write_text("\n".join([header.replace("name", "label"), *rows]))
    result = invoke("import", str(target))
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "quotes.csv" in result.stderr
    assert "missing columns name" in result.stderr
    assert "unknown column 'label'" in result.stderr
    assert "3 problems" in result.stderr


def test_datapackage_refuses_a_directory_that_is_not_empty(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "package"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    result = invoke("export", "datapackage", "-o", str(target))
    assert result.exit_code == 2
    assert "not empty" in result.stderr
    assert os.listdir(target) == ["keep.txt"]
    assert os.listdir(tmp_path) == ["package"]


def test_datapackage_into_an_empty_directory_keeps_the_directory(
    invoke: Invoke, tmp_path: Path
) -> None:
    """The directory is written into, not replaced: its mode (and with its inode, its
    owner and ACLs) stays."""
    target = tmp_path / "package"
    target.mkdir(mode=0o700)
    target.chmod(0o700)
    before = target.stat()
    result = invoke("export", "datapackage", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    after = target.stat()
    assert stat.S_IMODE(after.st_mode) == 0o700
    assert (after.st_ino, after.st_uid, after.st_gid) == (
        before.st_ino,
        before.st_uid,
        before.st_gid,
    )
    assert "datapackage.json" in os.listdir(target)
    assert os.listdir(tmp_path) == ["package"]
    assert invoke("import", str(target)).exit_code == 0


def test_datapackage_needs_an_output_directory(invoke: Invoke) -> None:
    result = invoke("export", "datapackage")
    assert result.exit_code == 2
    assert "--output" in result.stderr


def test_datapackage_into_an_unwritable_place_leaves_nothing(
    invoke: Invoke, tmp_path: Path
) -> None:
    if os.geteuid() == 0:
        target = Path("/proc/spacetalks-package")  # not writable even by root
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
        target = locked / "package"
    result = invoke("export", "datapackage", "-o", str(target))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    assert not target.exists()


SCHEMA_ORG_CONTEXT = {
    "@context": {
        "@vocab": "http://schema.org/",
        "schema": "http://schema.org/",
        "eventStatus": {"@id": "schema:eventStatus"},
        "sameAs": {"@id": "schema:sameAs", "@type": "@id"},
        "startDate": {"@id": "schema:startDate", "@type": "Date"},
    }
}
"""The schema.org context's definitions of the terms whose handling the tests check, as
schema.org publishes them; every other term falls to its @vocab, as in the full context."""


def _expand(document: object) -> list[dict[str, Any]]:
    from pyld import jsonld

    def loader(url: str, options: object = None) -> dict[str, object]:
        assert url.rstrip("/") in {"https://schema.org", "http://schema.org"}
        return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_ORG_CONTEXT}

    expanded: list[dict[str, Any]] = jsonld.expand(document, {"documentLoader": loader})
    return expanded


S = "http://schema.org/"


def test_jsonld_expands_to_schema_org_events(invoke: Invoke, small: list[str]) -> None:
    result = invoke(*small, "export", "jsonld")
    assert result.exit_code == 0
    expanded = _expand(result.json())
    events = {node[S + "identifier"][0]["@value"]: node for node in expanded}
    listed: list[dict[str, str]] = SMALL_DATASET["events"]  # type: ignore[assignment]
    assert set(events) == {event["id"] for event in listed}
    for node in events.values():
        assert node["@type"] == [S + "Event"]
    scrub = events["d2025-07-31"]
    assert scrub[S + "eventStatus"] == [{"@value": "https://schema.org/EventPostponed"}]
    planned = events["m2018-10"]
    assert planned[S + "eventStatus"] == [{"@value": "https://schema.org/EventScheduled"}]
    assert planned[S + "startDate"] == [{"@type": S + "Date", "@value": "2018-10"}]
    meeting = events["d2018-10-10"]
    assert [person[S + "name"][0]["@value"] for person in meeting[S + "attendee"]] == [
        "Anna Petrova",
        "José Núñez",
    ]
    assert meeting[S + "location"][0][S + "name"] == [{"@value": "Baikonur"}]
    comment = scrub[S + "comment"][0][S + "text"][0]["@value"]
    assert comment.startswith("Disputed place: Houston (Example News); or Florida")


def test_jsonld_marks_a_rescheduled_event_and_links_wikidata(
    invoke: Invoke, write_json: WriteJson
) -> None:
    dataset = json.loads(json.dumps(SMALL_DATASET))
    dataset["people"][0]["wikidata"] = "Q42"
    dataset["events"][4]["scheduled"] = "2025-07-31"
    dataset["events"][4]["people"] = ["anna-petrova"]
    path = write_json(dataset)
    document = invoke("--no-bundled", "--data", str(path), "export", "jsonld").json()
    node = next(n for n in _expand(document) if n[S + "identifier"][0]["@value"] == "t2025-08-01")
    assert node[S + "eventStatus"] == [{"@value": "https://schema.org/EventRescheduled"}]
    assert node[S + "previousStartDate"] == [{"@value": "2025-07-31"}]
    assert node[S + "attendee"][0][S + "sameAs"] == [{"@id": "https://www.wikidata.org/wiki/Q42"}]


def test_html_export_has_a_title_and_the_same_json_ld(
    invoke: Invoke, write_json: WriteJson
) -> None:
    from html.parser import HTMLParser

    dataset = json.loads(json.dumps(SMALL_DATASET))
    dataset["events"][0]["title"] = "</script><script>alert(1)</script> & more"
    path = write_json(dataset)
    page = invoke("--no-bundled", "--data", str(path), "export", "html").stdout

    class Collect(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.inside: str | None = None
            self.found: dict[str, list[str]] = {"title": [], "script": []}

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "title" or (tag == "script" and ("type", "application/ld+json") in attrs):
                self.inside = tag
            elif tag == "script":
                self.found.setdefault("other scripts", []).append("")

        def handle_endtag(self, tag: str) -> None:
            self.inside = None

        def handle_data(self, data: str) -> None:
            if self.inside:
                self.found[self.inside].append(data)

    parser = Collect()
    parser.feed(page)
    assert parser.found["title"] == ["spacetalks timeline"]
    assert "other scripts" not in parser.found
    embedded = json.loads("".join(parser.found["script"]))
    exported = invoke("--no-bundled", "--data", str(path), "export", "jsonld").json()
    assert embedded == exported


def test_citations_say_which_fields_a_source_is_cited_for(invoke: Invoke) -> None:
    notes = {item["id"]: item.get("note", "") for item in _sources_of(invoke, TALKS)}
    assert notes["src-spacepolicyonline-2025-07-31-duffy-meets-bakanov"].endswith(
        f"Cited for date, place of {TALKS}"
    )
    assert "Cited for" not in notes["src-newsaz-2025-07-29-bakanov-visit"]
    by_filter = invoke(
        "cite", "--since", "2025-07-31", "--until", "2025-07-31", "--style", "csl-json"
    )
    assert any(
        item["id"] == "src-spacepolicyonline-2025-07-31-duffy-meets-bakanov"
        and f"date, place of {TALKS}" in item["note"]
        for item in by_filter.json()
    )


def test_jsonld_comments_name_the_sources_of_each_field(invoke: Invoke) -> None:
    result = invoke("export", "jsonld", "--since", "2025-07-31", "--until", "2025-07-31")
    assert result.exit_code == 0, result.stderr
    graph = result.json()["@graph"]
    talks = next(node for node in graph if node.get("identifier") == TALKS)
    texts = [comment["text"] for comment in talks["comment"]]
    assert any(
        text.startswith("Sources for the place: SpacePolicyOnline, Reuters.") for text in texts
    )


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("record", "no-such-record", "rows do not make a dataset"),
        ("record_type", "topic", "rows do not make a dataset"),
        ("position", "first", "evidence.csv: row 2, column 'position': 'first' is not a whole"),
    ],
)
def test_import_reports_an_evidence_row_that_names_nothing(
    invoke: Invoke, tmp_path: Path, column: str, value: str, message: str
) -> None:
    target = tmp_path / "package"
    assert invoke("export", "datapackage", "-o", str(target)).exit_code == 0
    table = target / "evidence.csv"
    with table.open(newline="") as stream:
        rows = list(csv.DictReader(stream))
    rows[0][column] = value
    with table.open("w", newline="") as stream:
        writer = csv.DictWriter(stream, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = invoke("import", str(target))
    assert result.exit_code == 3
    assert result.stdout == ""
    assert message in result.stderr
