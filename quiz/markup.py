"""A tiny HTML builder that escapes by default: the quiz result is made with it, never with
strings of markup.

`element("p", {"class": "x"}, "text", child)` is the element's markup as `Html`. Every child or
attribute value that is not `Html` is text, and is escaped; so text from the spec or the answers
can never become markup, whichever function it passes through. Tag names come from a fixed list
and attribute names from a fixed pattern without event handlers (`on…`), and an `href` must be
relative or an http(s) address (`is_safe_url`): the builder cannot write a script.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# What html.escape(text, quote=True) does, without importing the html module (and its table of
# entities), which costs the browser about 90 ms before the quiz is ready. Text between tags
# needs no `'` escaped (nor `"`, escaped anyway as the result always did).
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
)
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})

# The elements the result is made of. Nothing that runs code or loads another document.
TAGS = frozenset(
    {
        "a", "article", "code", "div", "figure", "h2", "h3", "h4", "label", "li", "ol", "p",
        "progress", "q", "span", "strong", "ul",
        "desc", "line", "rect", "svg", "text", "title",
    }
)  # fmt: skip
# SVG elements written without children are closed in their start tag.
_SELF_CLOSING = frozenset({"line", "rect"})
_ATTRIBUTE = re.compile(r"(?![oO][nN])[a-zA-Z][a-zA-Z0-9]*(?:[-:][a-zA-Z0-9]+)*")
_URL_ATTRIBUTES = frozenset({"href", "xlink:href", "src", "action"})
# A scheme, as URL parsing reads one from the start of a URL.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# What a browser strips from both ends of a URL, and removes from anywhere in it, before it reads
# the scheme (so that ` java\tscript:` is a `javascript:` URL).
_URL_ENDS = "".join(map(chr, range(0x21)))
_URL_DROPPED = re.compile(r"[\t\n\r]")


class Html(str):
    """Markup the builder made: every piece of text in it has been escaped."""

    __slots__ = ()


Child = Html | str | int | None


def escape(value: str | int) -> Html:
    """Text as HTML text (between tags); `Html` as it is."""
    if isinstance(value, Html):
        return value
    return Html(str(value).translate(_TEXT_ESCAPES))


def _attribute(value: str | int) -> str:
    """An attribute value, for double or single quotes."""
    return str(value).translate(_ATTRIBUTE_ESCAPES)


def is_safe_url(url: str) -> bool:
    """Whether a link may go to `url`: a URL relative to the page, or an http(s) address."""
    # A browser reads `\` as `/` in a web address: `/\host` is `//host`, another host.
    read = _URL_DROPPED.sub("", url.strip(_URL_ENDS)).replace("\\", "/")
    scheme = _SCHEME.match(read)
    if scheme is None:
        return not read.startswith("//")
    return scheme.group().lower() in ("http:", "https:") and read[scheme.end() :][:2] == "//"


def join(children: Iterable[Child], separator: str = "") -> Html:
    """The children one after another (text escaped), with `separator` text between them."""
    return Html(escape(separator).join(escape(child) for child in children if child is not None))


def element(tag: str, attributes: Mapping[str, str | int | None] | None, *children: Child) -> Html:
    """The element's markup; attributes whose value is None are left out, as are None children."""
    if tag not in TAGS:
        raise ValueError(f"the result has no <{tag}> element")
    start = [tag]
    for name, value in (attributes or {}).items():
        if value is None:
            continue
        if not _ATTRIBUTE.fullmatch(name):
            raise ValueError(f"refused attribute name {name!r}")
        if name in _URL_ATTRIBUTES and not is_safe_url(str(value)):
            raise ValueError(f"refused link to {str(value)!r}: only relative and http(s) links")
        start.append(f'{name}="{_attribute(value)}"')
    opening = " ".join(start)
    if tag in _SELF_CLOSING and not children:
        return Html(f"<{opening}/>")
    return Html(f"<{opening}>{join(children)}</{tag}>")
