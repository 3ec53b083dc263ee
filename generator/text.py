"""Putting maintainers' plain text into Markdown and HTML so that it shows exactly as written.

Model text is plain text, never markup: a description that mentions `<script>` or
`[a link](javascript:...)` must display those characters, not act on them. HTML-special
characters become entities and every character Markdown (or an enabled extension) gives a
meaning to is backslash-escaped, so Python-Markdown renders the text literally.
"""

from __future__ import annotations

import functools
import re

from markupsafe import Markup

# Python-Markdown's escapable characters, plus `|` (the tables extension adds it). Only these may
# be backslash-escaped: a backslash before any other character would show. `<`, `>` and `&`
# become entities.
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


# Cached: the same names (of stages, models, capabilities) are written on many pages.
@functools.lru_cache(maxsize=16384)
def markdown_text(value: str) -> Markup:
    """Plain text as inline Markdown that renders to exactly that text."""
    # Collapse ASCII whitespace only: a no-break space is meant to stay one.
    collapsed = " ".join(part for part in _ASCII_SPACE.split(value) if part)
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", collapsed)
    # Entities last, so that their own `#` and `;` are not escaped again.
    html = escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(html)


def markdown_paragraphs(value: str) -> Markup:
    """Plain text with blank-line-separated paragraphs, as Markdown paragraphs."""
    paragraphs = [p for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
    return Markup("\n\n".join(markdown_text(p) for p in paragraphs))


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
