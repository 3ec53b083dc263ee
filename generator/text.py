"""Putting maintainers' plain text into Markdown and HTML so that it shows exactly as written.

Model text is plain text, never markup: a description that mentions `<script>` or
`[a link](javascript:...)` must display those characters, not act on them. HTML-special
characters become entities and every character Markdown (or an enabled extension) gives a
meaning to is backslash-escaped, so Python-Markdown renders the text literally.

The page templates apply that rule to every value they print (`template_value`, their Jinja
`finalize`), unless the value is `Markup`: the output of a filter or helper below that has
escaped it for its context (`markdown_url`, `html_url`, `code_span`, `anchor`), of Jinja's own
`|e` (HTML, for raw HTML attributes) and `|tojson`, or of a macro.
"""

from __future__ import annotations

import functools
import re

from markupsafe import Markup, escape

from quiz.markup import is_safe_url

# Python-Markdown's escapable characters, plus `|` (the tables extension adds it). Only these may
# be backslash-escaped: a backslash before any other character would show. `<`, `>` and `&`
# become entities.
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
# `"` too, so that text a template puts into a double-quoted attribute cannot end it.
_HTML_SPECIAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


# Cached: the same names (of stages, models, capabilities) are written on many pages.
@functools.lru_cache(maxsize=16384)
def markdown_text(value: str) -> Markup:
    """Plain text as inline Markdown that renders to exactly that text."""
    # Collapse ASCII whitespace only: a no-break space is meant to stay one.
    collapsed = " ".join(part for part in _ASCII_SPACE.split(value) if part)
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", collapsed)
    # Entities last, so that their own `#` and `;` are not escaped again.
    return Markup(escaped.translate(_HTML_SPECIAL))


def markdown_paragraphs(value: str) -> Markup:
    """Plain text with blank-line-separated paragraphs, as Markdown paragraphs."""
    paragraphs = [p for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
    return Markup("\n\n".join(markdown_text(p) for p in paragraphs))


def template_value(value: object) -> Markup:
    """A value a page template prints, by the one rule of this module: `Markup` as it is (it was
    escaped for its context by whoever made it), a number as its digits, text as `markdown_text`.
    Anything else is a mistake in a template (`None` would print "None"), so it raises."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Markup(value)
    if isinstance(value, str):
        return markdown_text(value)
    raise TypeError(f"a page template printed {value!r}, which is neither text nor a number")


class UnsafeURLError(ValueError):
    """A link target that is neither relative nor an http(s) address."""


# What RFC 3986 lets a URL hold unescaped: no spaces, double quotes, angle brackets, backslashes or
# backticks, which could end an HTML attribute or a Markdown link (or the `<...>` around one).
_URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")


def checked_url(url: str) -> str:
    """`url`, if it is relative (to the page, not to another host) or an http(s) address
    (`quiz.markup.is_safe_url`, the rule of the quiz result's links too) made of characters that
    need no escaping in a Markdown link; else `UnsafeURLError`."""
    if not (is_safe_url(url) and _URL_CHARACTERS.fullmatch(url)):
        raise UnsafeURLError(f"only relative and http(s) links are made; refused {url!r}")
    return url


def markdown_url(url: str) -> Markup:
    """A link target for a Markdown link, once `checked_url` accepts it."""
    return Markup(checked_url(url))


def html_url(url: str) -> Markup:
    """A link target for an HTML attribute, once `checked_url` accepts it."""
    return escape(checked_url(url))


def code_span(value: str) -> Markup:
    """Text as a Markdown code span (shown as written: code spans take no escapes)."""
    if "`" in value or "\n" in value:
        raise ValueError(f"cannot show {value!r} as code")
    return Markup(f"`{value}`")


_ANCHOR = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def anchor(value: str) -> Markup:
    """An id (lower-case words joined by hyphens), as it goes into `#fragment` and `{ #id }`."""
    if not _ANCHOR.fullmatch(value):
        raise ValueError(f"{value!r} is not an id made of lower-case words and hyphens")
    return Markup(value)


_MOVED_TO_PAGE_URLS = frozenset({"page_url", "relative_href", "relative_md_link"})


def sentence(value: str) -> str:
    """The text as a sentence: a capital first letter and a full stop, unless it has an ending."""
    text = value.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."


def __getattr__(name: str) -> object:
    # Links between pages are made by MkDocs' rules in generator.page_urls now. Tests written
    # before import them from here; looked up on use, they do not make this module import MkDocs.
    if name in _MOVED_TO_PAGE_URLS:
        from generator import page_urls

        return getattr(page_urls, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
