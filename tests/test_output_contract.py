"""The output contract scripts rely on, pinned rule by rule (README, "Output"):
conflicting options, --limit on every listing."""

from __future__ import annotations

import pytest
from conftest import Invoke
from terminal import run_piped

FORMATS = ["table", "plain", "tsv", "csv", "json", "jsonl", "markdown"]

LISTING_COMMANDS = [
    ["timeline"],
    ["people"],
    ["orgs"],
    ["topics"],
    ["quotes"],
    ["sources"],
    ["search", "ISS"],
]
"""A command that lists records, with the arguments it needs."""


# Conflicting options ----------------------------------------------------------------


@pytest.mark.parametrize("output_format", [f for f in FORMATS if f != "json"])
def test_json_with_another_format_is_a_usage_error(invoke: Invoke, output_format: str) -> None:
    result = invoke("timeline", "--json", "-f", output_format)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--json is --format json" in result.said()


def test_json_with_format_json_agrees(invoke: Invoke) -> None:
    assert invoke("timeline", "--json", "-f", "json", "--limit", "1").json()


@pytest.mark.parametrize("args", [[], ["-f", "tsv"], ["--json"]])
def test_csv_raw_without_csv_is_a_usage_error(invoke: Invoke, args: list[str]) -> None:
    result = invoke("people", "--csv-raw", *args)
    assert result.exit_code == 2
    assert "--csv-raw is for --format csv" in result.said()


def test_a_conflict_is_refused_before_the_dataset_is_read(invoke: Invoke) -> None:
    """The options alone are wrong: a missing dataset file is not even opened."""
    result = invoke("--data", "/nonexistent/file.json", "people", "--json", "-f", "csv")
    assert result.exit_code == 2
    assert "--json is --format json" in result.said()


@pytest.mark.slow
def test_conflicting_options_exit_2_in_a_real_process() -> None:
    completed = run_piped("orgs", "--json", "--format", "csv")
    assert completed.returncode == 2
    assert completed.stdout == b""
    assert b"--json" in completed.stderr


# --limit on every listing -------------------------------------------------------------


@pytest.mark.parametrize("command", LISTING_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("limit", [0, 1, 2])
def test_every_listing_takes_limit(invoke: Invoke, command: list[str], limit: int) -> None:
    everything = invoke(*command, "--json").json()
    assert len(everything) > 2
    limited = invoke(*command, "--limit", str(limit), "--json")
    assert limited.exit_code == 0
    assert limited.json() == everything[:limit]


@pytest.mark.parametrize("command", LISTING_COMMANDS, ids=" ".join)
def test_limit_counts_rows_in_plain_too(invoke: Invoke, command: list[str]) -> None:
    assert len(invoke(*command, "--limit", "2", "-f", "plain").lines()) == 2


def test_limit_is_not_negative(invoke: Invoke) -> None:
    assert invoke("people", "--limit", "-1").exit_code == 2


def test_limit_with_one_topic_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("topics", "ross", "--limit", "2")
    assert result.exit_code == 2
    assert "--limit is for the list of topics" in result.said()
