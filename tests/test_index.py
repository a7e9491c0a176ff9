"""The cache's index of events: a question answered through it gets what a full scan of
the file gets, on the benchmarks' generated dataset and on any generated dataset, and
a stale or damaged index is rebuilt, never trusted."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import SMALL_DATASET, Invoke
from conftest import event as event_record
from generators import datasets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacetalks.dataset.model import Dataset, WantedEvents
from spacetalks.query.records import (
    SEARCH_TYPES,
    events_on_topic,
    events_with_person,
    find_events,
    full_text_search,
    people_met,
    search,
    summarize_topics,
)
from spacetalks.store import cache
from spacetalks.store.cache import SMALLEST_CACHED, cache_directory
from spacetalks.store.load import DataFile, load_dataset

MAKE_DATASET = Path(__file__).resolve().parent.parent / "benchmarks" / "make_dataset.py"
GENERATED_EVENTS = 3000


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmarks' synthetic dataset, large enough to be cached."""
    path = tmp_path_factory.mktemp("generated") / "events.json"
    with path.open("wb") as output:
        subprocess.run(
            [sys.executable, str(MAKE_DATASET), str(GENERATED_EVENTS)], stdout=output, check=True
        )
    assert path.stat().st_size >= SMALLEST_CACHED
    return path


QUESTIONS = [
    ("who", "person-0001"),
    ("who", "person-0150"),
    ("who", "Volkov"),
    ("who", "Дмитрий"),
    ("who", "Hart"),
    ("who", "nobody at all"),
    ("who", "person-0007", "--as-of", "2000"),
    ("search", "meeting"),
    ("search", "Meeting on lunar"),
    ("search", "sample return (12"),
    ("search", "event-0010"),
    ("search", "Baikonur"),
    ("search", "—"),
    ("search", "STATION"),
    ("search", "no such words"),
    ("search", "Orbital", "--type", "event", "--type", "topic"),
    ("search", "Mission", "--type", "person"),
    ("search", '"Meeting on"'),
    ("search", "lunar AND NOT station"),
    ("search", "Baik* OR Volkov"),
    ("search", "Orbit*", "--type", "event", "--type", "topic"),
    ("topics",),
    ("topics", "--limit", "3"),
    *(("topics", topic) for topic in ("cross-flights", "deorbit", "Station", "Orbital debris")),
    ("topics", "no such topic"),
    ("between", "event-000001", "event-003000"),
    ("between", "Launch on station deorbit (1", "event-000002"),
    ("between", "Meeting", "event-000002"),
    ("between", "event-000001", "no such event"),
    ("show", "event-001500"),
    ("show", "Docking on cargo resupply"),
    ("show", "(2999)"),
    ("show", "lunar gateway (7"),
]


@pytest.mark.slow
@pytest.mark.parametrize("question", QUESTIONS, ids=[" ".join(q) for q in QUESTIONS])
@pytest.mark.parametrize("output", ["plain", "json"])
def test_an_indexed_question_gets_what_a_full_scan_gets(
    invoke: Invoke, generated: Path, question: tuple[str, ...], output: str
) -> None:
    base = ("--no-bundled", "--data", str(generated))
    formats = () if output == "plain" else ("--format", "json")
    invoke(*base, "timeline", "--limit", "0")  # fills the cache
    assert len(entries()) == 1
    scanned = invoke("--no-cache", *base, *question, *formats)
    indexed = invoke(*base, *question, *formats)
    assert (indexed.exit_code, indexed.stdout, indexed.stderr) == (
        scanned.exit_code,
        scanned.stdout,
        scanned.stderr,
    )
    assert len(entries()) == 1


def entries() -> list[Path]:
    directory = cache_directory()
    assert directory is not None
    return sorted(directory.glob("*.sqlite"))


def selected(directory: Path, wanted: WantedEvents) -> Dataset:
    key = cache.CacheKey(code="test", files=())
    found = cache.read_selection(directory, key, lambda _: wanted)
    assert found is not None
    return found


LETTERS = list("abcdeABCDE ß\ufb01-'\u2019.\u00e9e\u0301\u0434\u0416K_09\u4e2d\u2013")
"""Letters that fold, decompose and split words in every way (ß, ﬁ, an accent given
whole or combining, Cyrillic, CJK, dashes and apostrophes)."""
event_texts = st.text(
    alphabet=st.sampled_from(LETTERS) | st.characters(exclude_categories=["Cs"]), max_size=30
)


@st.composite
def indexed_datasets(draw: st.DrawFn) -> dict[str, Any]:
    """A generated dataset with several more events, of text that is hard to split."""
    data = draw(datasets())
    people = [person["id"] for person in data["people"]]
    topics = [topic["id"] for topic in data["topics"]]
    for number in range(draw(st.integers(min_value=3, max_value=12))):
        event: dict[str, Any] = {
            "id": f"ev-{number}",
            "date": draw(st.sampled_from(["2019", "2020-05", "2021-01-02", "2021-01-02T10:00Z"])),
            "title": draw(event_texts.filter(bool)),
            "kind": "meeting",
            "status": "happened",
            "sources": [data["sources"][0]["id"]],
            "summary": draw(event_texts),
            "people": draw(st.lists(st.sampled_from(people), unique=True, max_size=3))
            if people
            else [],
            "topics": draw(st.lists(st.sampled_from(topics), unique=True, max_size=2))
            if topics
            else [],
        }
        if draw(st.booleans()):
            event["place"] = draw(event_texts)
        data["events"].append(event)
    return data


def texts_of(data: dict[str, Any]) -> list[str]:
    """Texts to look for: every event's fields, and parts of them."""
    texts = []
    for event in data["events"]:
        for field in ("id", "title", "summary", "place"):
            value = event.get(field) or ""
            texts += [value, value[: len(value) // 2], value[len(value) // 3 :], value[1:-1]]
    return texts


def loaded_and_cached(directory: Path, data: dict[str, Any]) -> tuple[Dataset, Path]:
    """The dataset written to a file in the directory and loaded, and the cache
    directory its entry was written to."""
    path = directory / "data.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    whole = load_dataset([DataFile(str(path), path)])
    cache.write_entry(directory / "cache", cache.CacheKey(code="test", files=()), whole)
    return whole, directory / "cache"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(indexed_datasets(), st.data())
def test_the_index_finds_every_event_a_full_scan_finds(
    tmp_path_factory: pytest.TempPathFactory,
    data: dict[str, Any],
    draw: st.DataObject,
) -> None:
    """On any dataset (any text, in any script), each question asked of the events the
    index chose gives what it gives asked of every event."""
    whole, cached = loaded_and_cached(tmp_path_factory.mktemp("index"), data)

    for person in whole.people:
        part = selected(cached, WantedEvents(people=frozenset({person})))
        assert events_with_person(part, person) == events_with_person(whole, person)
        assert people_met(part, person) == people_met(whole, person)
    for topic in whole.topics:
        part = selected(cached, WantedEvents(topics=frozenset({topic})))
        assert events_on_topic(part, topic) == events_on_topic(whole, topic)
        assert [s for s in summarize_topics(part) if s.topic_id == topic] == [
            s for s in summarize_topics(whole) if s.topic_id == topic
        ]
    for text in draw.draw(
        st.lists(st.sampled_from(texts_of(data)) | event_texts, min_size=1, max_size=4)
    ):
        part = selected(cached, WantedEvents(texts=(text,)))
        assert search(part, text, SEARCH_TYPES) == search(whole, text, SEARCH_TYPES)
        assert find_events(part, text) == find_events(whole, text)


@st.composite
def full_text_queries(draw: st.DrawFn, data: dict[str, Any]) -> str:
    """A query in FTS5's syntax built from the dataset's own words (and a stranger):
    a word, a prefix, a phrase of two words, or two queries joined by AND, OR or NOT."""
    words = [word for text in texts_of(data) for word in re.findall(r"\w+", text)]
    word = st.sampled_from(words) if words else st.just("x")

    def term(depth: int) -> st.SearchStrategy[str]:
        single = st.one_of(
            word,
            word.map(lambda w: w[: max(1, len(w) // 2)] + "*"),
            st.tuples(word, word).map(lambda pair: f'"{pair[0]} {pair[1]}"'),
            st.just("nowhere"),
        )
        if depth == 0:
            return single
        joined = st.tuples(term(depth - 1), st.sampled_from(["AND", "OR", "NOT"]), single)
        return single | joined.map(" ".join)

    return draw(term(2))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(indexed_datasets(), st.data())
def test_a_full_text_search_through_the_index_finds_what_a_full_scan_finds(
    tmp_path_factory: pytest.TempPathFactory,
    data: dict[str, Any],
    draw: st.DataObject,
) -> None:
    """On any dataset, a search in FTS5's syntax (words, prefixes, phrases, AND, OR,
    NOT) asked of the events the cache's word table chose finds what it finds asked of
    every event, in the same order, with the same snippets."""
    whole, cached = loaded_and_cached(tmp_path_factory.mktemp("words"), data)
    for query in draw.draw(st.lists(full_text_queries(data), min_size=1, max_size=4)):
        part = selected(cached, WantedEvents(full_text=(query,)))
        assert full_text_search(part, query, ["event"]) == full_text_search(
            whole, query, ["event"]
        ), query


def test_the_index_decodes_only_what_a_question_needs(generated: Path) -> None:
    files = [DataFile(str(generated), generated)]
    directory = cache_directory()
    assert directory is not None
    whole = load_dataset(files, directory)  # fills the cache
    key = cache.cache_key([generated])
    assert key is not None

    def chosen(wanted: WantedEvents) -> set[str]:
        found = cache.read_selection(directory, key, lambda _: wanted)
        assert found is not None
        return {event.id for event in found.events}

    person = chosen(WantedEvents(people=frozenset({"person-0001"})))
    assert person == {event.id for event in events_with_person(whole, "person-0001")}
    rare = chosen(WantedEvents(texts=("(1234)",)))
    assert "event-001234" in rare
    assert len(rare) < 10  # the events whose text holds the words, not every one
    assert len(chosen(WantedEvents(texts=("—",)))) == GENERATED_EVENTS  # no word: every one


def test_a_stale_index_is_rebuilt(invoke: Invoke, generated: Path, tmp_path: Path) -> None:
    """A file changed in place (same size, same modification time) gets a new index: a
    person's events are those of the file as it is."""
    path = tmp_path / "events.json"
    text = generated.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    base = ("--no-bundled", "--data", str(path))
    before = invoke(*base, "who", "person-0001", "--format", "json").json()
    alone, other = '"people":["person-0001"]', '"people":["person-0300"]'
    assert text.count(alone) >= 3
    moved = text.replace(alone, other, 3)
    assert len(moved) == len(text)
    status = path.stat()
    path.write_text(moved, encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    after = invoke(*base, "who", "person-0001", "--format", "json").json()
    scanned = invoke("--no-cache", *base, "who", "person-0001", "--format", "json").json()
    assert after == scanned
    assert len(after["events"]) < len(before["events"])


def test_a_damaged_index_is_rebuilt(invoke: Invoke, generated: Path) -> None:
    base = ("--no-bundled", "--data", str(generated))
    expected = invoke("--no-cache", *base, "who", "person-0001", "--format", "json").json()
    invoke(*base, "timeline", "--limit", "0")
    (entry,) = entries()
    data = entry.read_bytes()
    entry.write_bytes(data[: len(data) * 2 // 3])  # the later pages lost
    assert invoke(*base, "who", "person-0001", "--format", "json").json() == expected
    assert len(entry.read_bytes()) > len(data) * 2 // 3  # rebuilt


def test_a_window_read_from_the_cache_keeps_the_handles_of_the_whole(
    invoke: Invoke, generated: Path, tmp_path: Path
) -> None:
    """Handles are worked out over every event when the entry is written: a window read
    from it shows each event with the handle the whole file gives it, though the window
    alone would give a shorter one (``shared-name`` for the late event)."""
    data = json.loads(generated.read_text(encoding="utf-8"))
    first = data["events"][0]
    data["events"] += [
        {**first, "id": "2001-01-01-shared-name-early", "date": "2001-01-01"},
        {**first, "id": "2029-12-01-shared-name-late", "date": "2029-12-01"},
    ]
    path = tmp_path / "events.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    base = ("--no-bundled", "--data", str(path))
    whole = {row["id"]: row["handle"] for row in invoke(*base, "timeline", "--json").json()}
    assert whole["2029-12-01-shared-name-late"] == "shared-name-late"
    assert len(entries()) == 1
    for cached in ((), ("--no-cache",)):
        window = invoke(*cached, *base, "timeline", "--since", "2029-06", "--json").json()
        assert "2029-12-01-shared-name-late" in {row["id"] for row in window}
        assert {row["id"]: row["handle"] for row in window} == {
            row["id"]: whole[row["id"]] for row in window
        }
    shown = invoke(*base, "show", "shared-name-late", "--json")
    assert shown.json()["id"] == "2029-12-01-shared-name-late"


def test_a_word_after_a_nul_is_found_through_the_index(tmp_path: Path) -> None:
    """SQLite's GLOB, which finds the words, reads a text only up to a NUL."""
    data = copy.deepcopy(SMALL_DATASET)
    data["events"] = [
        *data["events"],  # type: ignore[misc]
        event_record("nul-in-title", "2020-01-01", title="Before\x00after the launch"),
    ]
    whole, cached = loaded_and_cached(tmp_path, data)
    for text in ("after", "the launch", "before"):
        part = selected(cached, WantedEvents(texts=(text,)))
        assert "nul-in-title" in {found.id for found in part.events}
        assert search(part, text, SEARCH_TYPES) == search(whole, text, SEARCH_TYPES)
