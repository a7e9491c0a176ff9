"""Screenshot the TimelineJS3 export and the chart of spacetalks with headless Chromium.

Usage: python benchmarks/timelinejs_screenshot.py [--slide ID] [--no-chart] [--no-timelinejs]
       [-- FILTERS...]

npm-installs @knight-lab/timelinejs into benchmarks/out/timelinejs/ (once), renders
``spacetalks export timelinejs FILTERS`` (default ``--since 2018``) with it at 1280x720
to docs/timelinejs.png; then, with ``spacetalks export svg``, the chart of four topics
as a dark terminal shows it (CHART_ARGUMENTS) to docs/chart.png, and the table of the
week of the July 2025 talks as a light terminal shows it (TABLE_ARGUMENTS) to
docs/timeline-light.png, and as a dark one to docs/timeline-dark.png. Needs Chromium
(``apt-get install chromium``) and, for the first run, npm (not with
--no-timelinejs). Exits 1 when a step fails.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path

BENCHMARKS_DIR = Path(__file__).resolve().parent
ROOT = BENCHMARKS_DIR.parent
WORK_DIR = BENCHMARKS_DIR / "out" / "timelinejs"
DOCS_DIR = ROOT / "docs"
DEFAULT_OUTPUT = DOCS_DIR / "timelinejs.png"
DEFAULT_CHART_OUTPUT = DOCS_DIR / "chart.png"
DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
DEFAULT_FILTERS = ("--since", "2018")
DEFAULT_SLIDE = "2025-07-31-bakanov-duffy-talks"
"""The first in-person NASA-Roscosmos heads meeting since 2018, in the busiest stretch
of the timeline; the screenshot falls back to the title slide when it is filtered out."""
TITLE_SLIDE = "title"

NPM_PACKAGE = "@knight-lab/timelinejs"
PACKAGE_DIR = WORK_DIR / "node_modules" / "@knight-lab" / "timelinejs"
CSS_CANDIDATES = ("dist/css/timeline.css", "css/timeline.css")
JS_CANDIDATES = (
    "dist/js/timeline-min.js",
    "dist/js/timeline.js",
    "js/timeline-min.js",
    "js/timeline.js",
)

TIMELINE_WIDTH, TIMELINE_HEIGHT = 1280, 720
CHART_WIDTH_COLUMNS = 110
CHART_MARGIN = 16
PAGE_BACKGROUNDS = {"dark": "#0d1117", "light": "#ffffff"}
"""The page around a picture, as spacetalks.output.terminal.palette.PAGE_COLOURS colours
its inside."""
TABLE_OUTPUT = DOCS_DIR / "timeline-light.png"
CHART_ARGUMENTS = (
    *("--topic", "iss-life-extension", "--topic", "iss-deorbit"),
    *("--topic", "ross", "--topic", "artemis"),
    *("--width", str(CHART_WIDTH_COLUMNS), "--background", "dark"),
)
"""The chart of the station's future and what follows it: years of it, in few events."""
TABLE_ARGUMENTS = (
    *("--table", "--since", "2025-07-29", "--until", "2025-08-02"),
    *("--width", "100", "--background", "light"),
)
"""The table of the week of the Houston and Kennedy talks."""
DARK_TABLE_OUTPUT = DOCS_DIR / "timeline-dark.png"
DARK_TABLE_ARGUMENTS = (*TABLE_ARGUMENTS[:-1], "dark")
"""The same table on a dark page."""
VIRTUAL_TIME_BUDGET_MS = 8000
COMMAND_TIMEOUT_SECONDS = 180
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class StepError(Exception):
    """A step failed; the message says which and why."""


def log(message: str) -> None:
    """Print progress to stderr."""
    print(message, file=sys.stderr, flush=True)


def run(command: Sequence[str | Path], what: str) -> None:
    """Run command, raising StepError with its output when it fails."""
    args = [str(part) for part in command]
    try:
        result = subprocess.run(
            args,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError as error:
        raise StepError(f"{what}: cannot run {args[0]}: {error}") from error
    except subprocess.TimeoutExpired as error:
        raise StepError(f"{what}: timed out after {COMMAND_TIMEOUT_SECONDS} s") from error
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip()
        raise StepError(f"{what} failed (exit {result.returncode}): {' '.join(args)}\n{output}")


def find_spacetalks(explicit: str | None) -> Path:
    """The spacetalks command: explicit, next to sys.executable, or on PATH."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise StepError(f"--spacetalks {explicit}: no such file")
        return path
    beside = Path(sys.executable).parent / "spacetalks"
    if beside.is_file():
        return beside
    found = shutil.which("spacetalks")
    if found is None:
        raise StepError(
            "spacetalks not found next to the Python interpreter or on PATH; "
            "install the project (pip install -e .) or pass --spacetalks PATH"
        )
    return Path(found)


def find_package_file(candidates: Sequence[str], what: str) -> Path:
    """The first of candidates (relative to the package directory) that exists."""
    for candidate in candidates:
        path = PACKAGE_DIR / candidate
        if path.is_file():
            return path
    tried = ", ".join(candidates)
    raise StepError(f"{NPM_PACKAGE}: no {what} in {PACKAGE_DIR} (tried {tried})")


def install_timelinejs() -> None:
    """npm-install the TimelineJS3 package into WORK_DIR unless it is there already."""
    if (PACKAGE_DIR / "package.json").is_file():
        log(f"{NPM_PACKAGE} already installed in {WORK_DIR}")
        return
    npm = shutil.which("npm")
    if npm is None:
        raise StepError(
            f"npm not found; install Node.js and npm (apt-get install npm) to fetch {NPM_PACKAGE}"
        )
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    log(f"installing {NPM_PACKAGE} into {WORK_DIR}")
    run(
        [npm, "install", "--no-audit", "--no-fund", "--prefix", WORK_DIR, NPM_PACKAGE],
        "npm install",
    )
    if not (PACKAGE_DIR / "package.json").is_file():
        raise StepError(f"npm install finished but {PACKAGE_DIR} has no package.json")


def script_json(value: str) -> str:
    """JSON text made safe to embed in an HTML <script> element."""
    return value.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def timeline_page(data: str, css: Path, js: Path, start_id: str | None) -> str:
    """An HTML page that shows data (TimelineJS3 JSON) in a fixed-size timeline.

    The timeline opens at the event whose unique_id is start_id, or at the first slide
    (the title, if any) when start_id is None.
    """
    css_href = css.relative_to(WORK_DIR).as_posix()
    js_src = js.relative_to(WORK_DIR).as_posix()
    options = {
        "hash_bookmark": False,
        "start_at_slide": 0,
        "timenav_height_percentage": 35,
        "language": "en",
    }
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>spacetalks TimelineJS</title>
<link rel="stylesheet" href="{css_href}">
<script id="timeline-script-tag" src="{js_src}"></script>
<style>
  /* CSS transitions do not advance under --virtual-time-budget: without this the
     timenav markers stay where their 1 s transition starts, all at the left edge. */
  *, *::before, *::after {{ transition: none !important; animation: none !important; }}
  html, body {{ margin: 0; padding: 0; background: #fff; }}
  #timeline-embed {{ width: {TIMELINE_WIDTH}px; height: {TIMELINE_HEIGHT}px; }}
</style>
</head>
<body>
<div id="timeline-embed"></div>
<script>
  const data = {script_json(data)};
  const startId = {script_json(json.dumps(start_id))};
  const timeline = new TL.Timeline("timeline-embed", data, {json.dumps(options)});
  timeline.on("ready", () => {{
    if (startId !== null) timeline.goToId(startId);
  }});
</script>
</body>
</html>
"""


def svg_size(svg: str) -> tuple[int, int]:
    """The width and height of the SVG's viewBox, rounded up."""
    match = re.search(r"<svg\b[^>]*\bviewBox\s*=\s*[\"']([^\"']+)[\"']", svg)
    if match is None:
        raise StepError("chart SVG has no viewBox")
    try:
        _, _, width, height = (float(part) for part in match.group(1).replace(",", " ").split())
    except ValueError as error:
        raise StepError(f"chart SVG viewBox is malformed: {match.group(1)!r}") from error
    return math.ceil(width), math.ceil(height)


def chart_page(svg_name: str, width: int, height: int, background: str) -> str:
    """An HTML page of the picture's own background that shows the SVG at its size."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>spacetalks chart</title>
<style>
  html, body {{ margin: 0; padding: 0; background: {background}; }}
  img {{ display: block; margin: {CHART_MARGIN}px; }}
</style>
</head>
<body>
<img src="{svg_name}" width="{width}" height="{height}" alt="spacetalks chart">
</body>
</html>
"""


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """The (type, body) chunks of PNG data, or StepError when it is not a PNG."""
    if not data.startswith(PNG_SIGNATURE):
        raise StepError("not a PNG file")
    chunks: list[tuple[bytes, bytes]] = []
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        chunks.append((kind, data[position + 8 : position + 8 + length]))
        position += 12 + length
    if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        raise StepError("truncated PNG file")
    return chunks


def unfilter_row(kind: int, line: bytes, previous: bytes, bpp: int) -> bytes:
    """One PNG scanline with its filter (RFC 2083, 6.2) undone."""
    if kind == 0:
        return line
    if kind == 1:  # Sub: a running sum per channel
        out = bytearray(len(line))
        for channel in range(bpp):
            out[channel::bpp] = bytes(map((255).__and__, accumulate(line[channel::bpp])))
        return bytes(out)
    if kind == 2:  # Up
        return bytes(map((255).__and__, map(int.__add__, line, previous)))
    out = bytearray(line)
    if kind == 3:  # Average
        for i in range(len(out)):
            left = out[i - bpp] if i >= bpp else 0
            out[i] = (out[i] + (left + previous[i]) // 2) & 255
        return bytes(out)
    if kind != 4:
        raise StepError(f"unknown PNG filter type {kind}")
    for i in range(bpp):  # Paeth, where left and upper left are 0
        out[i] = (out[i] + previous[i]) & 255
    for i in range(bpp, len(out)):
        left, up, upper_left = out[i - bpp], previous[i], previous[i - bpp]
        to_left, to_up = abs(up - upper_left), abs(left - upper_left)
        to_upper_left = abs(left + up - 2 * upper_left)
        if to_left <= to_up and to_left <= to_upper_left:
            predictor = left
        elif to_up <= to_upper_left:
            predictor = up
        else:
            predictor = upper_left
        out[i] = (out[i] + predictor) & 255
    return bytes(out)


def shrink_png(path: Path) -> None:
    """Re-encode an 8-bit RGB(A) PNG without row filters at zlib level 9, if smaller.

    Chromium's encoder picks Paeth and Up filters, which suit photographs; a screenshot of
    text on flat colours compresses about a quarter smaller unfiltered. Lossless.
    """
    data = path.read_bytes()
    try:
        chunks = png_chunks(data)
    except StepError as error:
        raise StepError(f"{path}: {error}") from error
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    bpp = {2: 3, 6: 4}.get(colour)
    if depth != 8 or bpp is None or interlace != 0:
        return
    try:
        raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    except zlib.error as error:
        raise StepError(f"{path}: corrupt PNG data: {error}") from error
    if len(raw) != height * (width * bpp + 1):
        raise StepError(f"{path}: PNG data does not match its {width}x{height} size")
    stride = width * bpp
    previous = bytes(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        previous = unfilter_row(raw[start], raw[start + 1 : start + 1 + stride], previous, bpp)
        rows.append(b"\0" + previous)
    idat = zlib.compress(b"".join(rows), 9)
    out = bytearray(PNG_SIGNATURE)
    wrote_idat = False
    for kind, body in chunks:
        if kind == b"IDAT" and wrote_idat:
            continue
        payload = idat if kind == b"IDAT" else body
        wrote_idat = wrote_idat or kind == b"IDAT"
        out += struct.pack(">I", len(payload)) + kind + payload
        out += struct.pack(">I", zlib.crc32(kind + payload))
    if len(out) < len(data):
        path.write_bytes(bytes(out))


def png_size(path: Path) -> tuple[int, int]:
    """The pixel size of a PNG file, or StepError when it is not one."""
    with path.open("rb") as file:
        head = file.read(24)
    if len(head) < 24 or not head.startswith(PNG_SIGNATURE) or head[12:16] != b"IHDR":
        raise StepError(f"{path} is not a PNG file")
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


def screenshot(chromium: Path, page: Path, output: Path, width: int, height: int) -> None:
    """Screenshot page at width x height to output with headless Chromium."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="spacetalks-chromium-") as profile:
        run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--hide-scrollbars",
                f"--window-size={width},{height}",
                f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}",
                f"--screenshot={output}",
                page.as_uri(),
            ],
            f"chromium screenshot of {page.name}",
        )
    if not output.is_file() or output.stat().st_size == 0:
        raise StepError(f"chromium exited normally but wrote no screenshot to {output}")
    shrink_png(output)
    got_width, got_height = png_size(output)
    log(f"wrote {output} ({got_width}x{got_height}, {output.stat().st_size / 1024:.0f} KiB)")


def start_event(events: Sequence[object], slide: str) -> str | None:
    """The unique_id of the event to open at, or None for the first (title) slide."""
    if slide == TITLE_SLIDE:
        return None
    ids = [
        event["unique_id"]
        for event in events
        if isinstance(event, dict) and isinstance(event.get("unique_id"), str)
    ]
    if slide in ids:
        return slide
    if slide == DEFAULT_SLIDE:
        log(f"event {slide} is not in the export; showing the title slide")
        return None
    raise StepError(f"--slide {slide}: no event with that unique_id in the export")


def render_timeline(
    spacetalks: Path, chromium: Path, filters: Sequence[str], slide: str, output: Path
) -> None:
    """Export the TimelineJS JSON, write its page and screenshot it."""
    css = find_package_file(CSS_CANDIDATES, "timeline.css")
    js = find_package_file(JS_CANDIDATES, "timeline JS")
    data_path = WORK_DIR / "timeline.json"
    log(f"spacetalks export timelinejs {' '.join(filters)}")
    run([spacetalks, "export", "timelinejs", *filters, "--output", data_path], "timelinejs export")
    data = data_path.read_text(encoding="utf-8")
    try:
        events = json.loads(data).get("events", [])
    except (json.JSONDecodeError, AttributeError) as error:
        raise StepError(f"{data_path} is not TimelineJS JSON: {error}") from error
    if not isinstance(events, list) or not events:
        raise StepError(f"the filters {' '.join(filters)} select no events; nothing to show")
    page = WORK_DIR / "timelinejs.html"
    page.write_text(timeline_page(data, css, js, start_event(events, slide)), encoding="utf-8")
    screenshot(chromium, page, output, TIMELINE_WIDTH, TIMELINE_HEIGHT)


def render_picture(
    spacetalks: Path, chromium: Path, arguments: Sequence[str], output: Path
) -> None:
    """Export a picture as SVG, put it on a page of its own background and screenshot it."""
    svg_path = WORK_DIR / f"{output.stem}.svg"
    log(f"spacetalks export svg {' '.join(arguments)}")
    run([spacetalks, "export", "svg", *arguments, "--output", svg_path], "svg export")
    background = "dark" if "dark" in arguments else "light"
    width, height = svg_size(svg_path.read_text(encoding="utf-8"))
    page = WORK_DIR / f"{output.stem}.html"
    page.write_text(
        chart_page(svg_path.name, width, height, PAGE_BACKGROUNDS[background]),
        encoding="utf-8",
    )
    window = (width + 2 * CHART_MARGIN, height + 2 * CHART_MARGIN)
    screenshot(chromium, page, output, *window)


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """Options, and the spacetalks filters given after ``--`` (or the defaults)."""
    args = list(argv)
    filters = list(DEFAULT_FILTERS)
    if "--" in args:
        split = args.index("--")
        args, filters = args[:split], args[split + 1 :]
    parser = argparse.ArgumentParser(
        description="Screenshot the TimelineJS3 export and the chart of spacetalks.",
        epilog="Arguments after -- are spacetalks filters (default: --since 2018).",
    )
    parser.add_argument("--spacetalks", metavar="PATH", help="the spacetalks command")
    parser.add_argument(
        "--chromium",
        metavar="PATH",
        type=Path,
        default=DEFAULT_CHROMIUM,
        help=f"the Chromium binary (default {DEFAULT_CHROMIUM})",
    )
    parser.add_argument(
        "--output",
        metavar="PNG",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="TimelineJS screenshot (default docs/timelinejs.png)",
    )
    parser.add_argument(
        "--slide",
        metavar="ID",
        default=DEFAULT_SLIDE,
        help=f"unique_id of the event to show, or {TITLE_SLIDE!r} (default {DEFAULT_SLIDE})",
    )
    parser.add_argument(
        "--timelinejs",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="screenshot the TimelineJS export (default on; needs npm the first time)",
    )
    parser.add_argument(
        "--chart",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also screenshot the chart and the table as SVG pictures (default on)",
    )
    parser.add_argument(
        "--chart-output",
        metavar="PNG",
        type=Path,
        default=DEFAULT_CHART_OUTPUT,
        help="chart screenshot (default docs/chart.png)",
    )
    return parser.parse_args(args), filters


def main(argv: Sequence[str] | None = None) -> int:
    """Run the steps; 0 when both screenshots were written, else 1."""
    options, filters = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        chromium: Path = options.chromium
        if not (chromium.is_file() and os.access(chromium, os.X_OK)):
            raise StepError(
                f"Chromium not found at {chromium}; install it with "
                "`apt-get install chromium` (Debian/Ubuntu) or pass --chromium PATH"
            )
        spacetalks = find_spacetalks(options.spacetalks)
        if options.timelinejs:
            install_timelinejs()
            render_timeline(spacetalks, chromium, filters, options.slide, options.output.resolve())
        if options.chart:
            render_picture(spacetalks, chromium, CHART_ARGUMENTS, options.chart_output.resolve())
            render_picture(spacetalks, chromium, TABLE_ARGUMENTS, TABLE_OUTPUT)
            render_picture(spacetalks, chromium, DARK_TABLE_ARGUMENTS, DARK_TABLE_OUTPUT)
    except (StepError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
