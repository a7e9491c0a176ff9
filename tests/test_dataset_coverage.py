"""The bundled dataset keeps its sourcing rules, so later edits cannot erode them."""

from __future__ import annotations

import pytest
from conftest import Invoke

from spacetalks.dataset.model import Dataset
from spacetalks.query.coverage import dataset_coverage
from spacetalks.query.selection import distinct_publishers
from spacetalks.store.load import bundled_data_file, load_dataset

ARTICLE = "src-article"
"""The seed article: cited for its own claims and quotes, never alone for an event."""


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_dataset([bundled_data_file()])


def test_every_record_cites_a_source_that_exists(bundled: Dataset) -> None:
    # load_dataset already refuses unknown references; these are the "at least one" rules.
    for event in bundled.events:
        assert event.sources, event.id
    for person in bundled.people.values():
        assert person.sources or person.roles, person.id
        for role in person.roles:
            assert role.sources, (person.id, role.title)
    for quote in bundled.quotes.values():
        assert quote.sources, quote.id
    for source in bundled.sources.values():
        assert source.url or source.note, f"{source.id}: how would a reader find it?"


def test_no_event_rests_on_the_seed_article_alone(bundled: Dataset) -> None:
    alone = [event.id for event in bundled.events if set(event.sources) == {ARTICLE}]
    assert alone == []


def test_most_events_have_two_independent_publishers(bundled: Dataset) -> None:
    events = bundled.events
    assert len(events) >= 100
    independent = [e for e in events if distinct_publishers(bundled, e) >= 2]
    assert len(independent) / len(events) >= 0.7


def test_every_dispute_names_sources_for_each_side(bundled: Dataset) -> None:
    for event in bundled.events:
        for dispute in event.disputes:
            assert len(dispute.alternatives) >= 2, event.id
            assert all(alternative.sources for alternative in dispute.alternatives), event.id


def test_the_coverage_figures_add_up(bundled: Dataset) -> None:
    coverage = dataset_coverage(bundled)
    events = next(figures for figures in coverage.sourcing if figures.record_type == "events")
    assert events.records == len(bundled.events)
    assert events.one_publisher + events.two_or_more_publishers == events.records
    assert events.one_report <= events.one_publisher
    assert coverage.disputes >= coverage.disputed_events > 0
    assert coverage.newest_event == bundled.events[-1].date


def test_stats_counts_publishers_not_copies(invoke: Invoke, small: list[str]) -> None:
    # Both sources of the small dataset are Example News: one publisher, two reports.
    report = invoke(*small, "stats", "--json").json()
    assert report["events"] == 7
    assert report["publishers"] == 1
    assert report["events_one_publisher"] == 7
    assert report["events_two_or_more_publishers"] == 0
    assert report["events_one_report"] == 6  # the disputed one cites src-b for an alternative
    assert report["disputes"] == report["disputed_events"] == 1
    assert report["newest_event"] == "2025-08-01T15:43:00Z"


def test_stats_in_every_format_has_the_same_figures(invoke: Invoke) -> None:
    report = invoke("stats", "--json").json()
    plain = dict(line.split("\t", 1) for line in invoke("stats").lines())
    assert plain["events"] == str(report["events"])
    assert plain["events_two_or_more_publishers"] == str(report["events_two_or_more_publishers"])
    csv_lines = invoke("stats", "--format", "csv").lines()
    assert csv_lines[0].split(",")[0] == "version"
    assert len(csv_lines) == 2
