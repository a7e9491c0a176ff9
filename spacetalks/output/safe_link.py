"""One rule for a dataset's URL wherever it becomes a link: a terminal's OSC 8 target, an
HTML ``href``, a calendar's or a reference's URL, the address ``browse`` opens.

A link's target is never shown, so it must not hold what the reader cannot see or what
the format around it would read as its own: a terminal ends an OSC 8 target at ESC or
BEL and obeys what follows (``ESC]52`` sets the clipboard, ``ESC]2`` the window title),
an HTML attribute ends at ``"``, a BibTeX field at an unbalanced ``}``. So a URL becomes
a link only when it is ``http`` or ``https`` with a host, and holds no control, format,
separator (a space included), private-use or unassigned character: such a URL is shown
as text, escaped, and not linked. What is left is made plain ASCII that every one of
those formats holds as it is: a non-ASCII host in its IDNA form, and any character a URI
may not hold (``"``, ``<``, ``>``, ``\\``, ``{``, ``}``, ``|``, ``^``, a backtick, ``[``
and ``]`` outside the host, non-ASCII letters) percent-encoded, as a browser would send
it. A URL that is already clean is kept exactly.
"""

from __future__ import annotations

import re
import unicodedata

from spacetalks.output.safe_text import is_unsafe

LINK_SCHEMES = frozenset({"http", "https"})
LONGEST_LINK = 4_000
"""Characters of a URL that may become a link (browsers and terminals cut longer ones)."""

_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})
"""Characters that act or draw nothing (controls, format characters, surrogates, private
use, unassigned) and separators, the space among them."""

_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\.?|\[[0-9A-Fa-f:.]+\]")
_PORT = re.compile(r"[0-9]{1,5}")
_URI_TAIL = re.compile(r"%[0-9A-Fa-f]{2}|[A-Za-z0-9\-._~!$&'()*+,;=:@/?#]")
"""What the path, query and fragment may hold as it is: RFC 3986's unreserved and
reserved characters but ``[`` and ``]`` (which only a host may hold), and a ``%`` that
begins an escape."""


def _hidden(char: str) -> bool:
    return unicodedata.category(char) in _HIDDEN_CATEGORIES or is_unsafe(char)


def _percent_encoded(text: str) -> str:
    encoded = []
    position = 0
    while position < len(text):
        kept = _URI_TAIL.match(text, position)
        if kept is not None:
            encoded.append(kept.group())
            position = kept.end()
        else:
            encoded.append("".join(f"%{byte:02X}" for byte in text[position].encode("utf-8")))
            position += 1
    return "".join(encoded)


def _ascii_host(host: str) -> str | None:
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    return host if _HOST.fullmatch(host) else None


def link_target(url: str | None) -> str | None:
    """The address a URL from a dataset may link to, as plain ASCII; None when it must
    not become a link (see the module's docstring), and then it is only shown."""
    if not url or len(url) > LONGEST_LINK:
        return None
    if not (url.isascii() and url.isprintable() and " " not in url) and any(map(_hidden, url)):
        return None
    scheme, colon, rest = url.partition(":")
    if not colon or scheme.lower() not in LINK_SCHEMES or not rest.startswith("//"):
        return None
    rest = rest[2:]
    authority_end = min((rest.find(mark) for mark in "/?#" if mark in rest), default=len(rest))
    authority, tail = rest[:authority_end], rest[authority_end:]
    host, port = authority, ""
    if not authority.endswith("]") and ":" in authority:
        host, _, port = authority.rpartition(":")
        if not _PORT.fullmatch(port):
            return None
    ascii_host = _ascii_host(host)  # no "@": a user name before the host is refused
    if ascii_host is None:
        return None
    return f"{scheme.lower()}://{ascii_host}{':' + port if port else ''}{_percent_encoded(tail)}"


def is_link(url: str | None) -> bool:
    """Whether a URL may become a link (see link_target)."""
    return link_target(url) is not None
