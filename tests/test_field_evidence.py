"""Sources cited for one field of a record (``evidence``): what the validator accepts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import Invoke, event, source

WriteJson = Callable[..., Path]


def dated(source_id: str, date: str) -> dict[str, object]:
    return {**source(source_id), "date": date}


def problems(invoke: Invoke, path: Path) -> tuple[int, list[str]]:
    result = invoke("--no-bundled", "validate", str(path))
    prefix = str(path.parent) + "/"
    return result.exit_code, [line.replace(prefix, "") for line in result.stderr.splitlines()[:-1]]


def test_field_sources_among_the_records_own_are_valid(
    invoke: Invoke, write_json: WriteJson
) -> None:
    data = {
        "sources": [dated("src-a", "2025-08-01"), dated("src-b", "2025-07-29")],
        "people": [
            {
                "id": "p1",
                "name": "P",
                "born": "1970",
                "sources": ["src-a"],
                "evidence": [{"field": "born", "sources": ["src-a"]}],
            }
        ],
        "events": [
            event(
                "e1",
                "2025-07-31",
                sources=["src-a"],
                evidence=[
                    {"field": "status", "sources": ["src-a"], "note": "reports the meeting"},
                    {"field": "place", "sources": ["src-a", "src-b"]},
                ],
                disputes=[
                    {
                        "field": "place",
                        "alternatives": [
                            {"value": "Here", "sources": ["src-a"]},
                            {"value": "There", "sources": ["src-b"]},
                        ],
                    }
                ],
            )
        ],
    }
    result = invoke("--no-bundled", "validate", str(write_json(data)))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("valid: 1 event, 1 person, 0 organizations")


def test_a_field_the_record_does_not_have_is_an_error(
    invoke: Invoke, write_json: WriteJson
) -> None:
    data = {
        "sources": [source()],
        "people": [
            {
                "id": "p1",
                "name": "P",
                "sources": ["src-a"],
                "evidence": [{"field": "place", "sources": ["src-a"]}],
            }
        ],
        "events": [
            event("e1", "2020", evidence=[{"field": "plaec", "sources": ["src-a"]}]),
            event("e2", "2020", evidence=[{"field": "sources", "sources": ["src-a"]}]),
        ],
    }
    code, lines = problems(invoke, write_json(data, "data.json"))
    assert code == 3
    assert lines == [
        "data.json: $.people[0] (id 'p1'): evidence[0].field: 'place' is not a field of a person",
        "data.json: $.events[0] (id 'e1'): evidence[0].field: 'plaec' is not a field of an "
        "event; did you mean 'place'?",
        "data.json: $.events[1] (id 'e2'): evidence[0].field: 'sources' is not a field of an event",
    ]


def test_a_field_source_the_record_does_not_cite_is_an_error(
    invoke: Invoke, write_json: WriteJson
) -> None:
    data = {
        "sources": [source("src-a"), source("src-b")],
        "people": [
            {
                "id": "p1",
                "name": "P",
                "evidence": [{"field": "name", "sources": ["src-a"]}],
            }
        ],
        "events": [
            event(
                "e1",
                "2020",
                evidence=[
                    {"field": "date", "sources": ["src-a", "src-b"]},
                    {"field": "date", "sources": ["src-a"]},
                ],
            ),
        ],
    }
    code, lines = problems(invoke, write_json(data, "data.json"))
    assert code == 3
    assert lines == [
        "data.json: $.people[0] (id 'p1'): evidence[0].sources: 'src-a' is not among the "
        "sources of this person or of its disputes; cite it in its sources too",
        "data.json: $.events[0] (id 'e1'): evidence[0].sources: 'src-b' is not among the "
        "sources of this event or of its disputes; cite it in its sources too",
        "data.json: $.events[0] (id 'e1'): evidence[1].field: 'date' has evidence listed "
        "twice; list its sources in one entry",
    ]


def test_a_report_from_before_the_event_cannot_say_it_happened(
    invoke: Invoke, write_json: WriteJson
) -> None:
    """For status 'happened' only; the same source may support the plan, and a source
    dated to the event's month may have been written after it."""
    sources = [
        dated("src-early", "2025-07-29"),
        dated("src-month", "2025-07"),
        dated("src-after", "2025-08-01"),
    ]
    ids = ["src-early", "src-month", "src-after"]
    evidence = [{"field": "status", "sources": ids}, {"field": "date", "sources": ids}]
    data = {
        "sources": sources,
        "events": [
            event("met", "2025-07-31", sources=ids, evidence=evidence),
            event("plan", "2025-07-31", status="scheduled", sources=ids, evidence=evidence),
        ],
    }
    code, lines = problems(invoke, write_json(data, "data.json"))
    assert code == 3
    assert lines == [
        "data.json: $.events[0] (id 'met'): evidence[0].sources: 'src-early' is dated "
        "2025-07-29, before the event (2025-07-31): a report written before an event cannot "
        "say it happened"
    ]
