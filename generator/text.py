"""Putting maintainers' plain text into Markdown and HTML so that it shows exactly as written.

Model text is plain text, never markup: a description that mentions `<script>` or
`[a link](javascript:...)` must display those characters, not act on them. HTML-special
characters become entities and every character Markdown (or an enabled extension) gives a
meaning to is backslash-escaped, so Python-Markdown renders the text literally.
"""

from __future__ import annotations

import functools
import posixpath
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


def relative_md_link(from_src: str, to_src: str) -> str:
    """A Markdown link target from one source page to another (MkDocs resolves and checks it)."""
    return _relative_to_folder(posixpath.dirname(from_src) or ".", to_src)


# Cached by folder: pages link to each other tens of thousands of times, pages of one folder to
# the same targets, and relpath is slow.
@functools.cache
def _relative_to_folder(folder: str, to_src: str) -> str:
    return posixpath.relpath(to_src, folder)


def page_url(src: str, directory_urls: bool) -> str:
    """The site-relative URL MkDocs gives a source page (`a/b.md` -> `a/b/` or `a/b.html`)."""
    stem, _ = posixpath.splitext(src)
    name = posixpath.basename(stem)
    if name in ("index", "README"):
        parent = posixpath.dirname(stem)
        return f"{parent}/" if parent else ""
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative_href(from_src: str, to_src: str, directory_urls: bool) -> str:
    """A URL for raw HTML (such as SVG links) from one source page to another."""
    here = page_url(from_src, directory_urls)
    there = page_url(to_src, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    target = posixpath.relpath(there or ".", base.rstrip("/") or ".")
    if there.endswith("/") or not there:
        target = target.rstrip("/") + "/"
    return "./" if target == "./" or target == "." else target


def relative_asset(from_src: str, asset: str, directory_urls: bool) -> str:
    """A URL from a source page to a static file of the site, such as `assets/quiz/x.json`."""
    here = page_url(from_src, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    target = posixpath.relpath(asset, base.rstrip("/") or ".")
    return target + "/" if asset.endswith("/") else target
