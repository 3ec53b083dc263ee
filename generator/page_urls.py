"""Links between the site's pages, by MkDocs' own URL rules.

Markdown links name the target's source path (`models/x/index.md`), and MkDocs turns them into
URLs and checks them. Raw HTML (SVG charts, the quiz spec, atlas.json) needs the URL itself:
MkDocs' `File.url` gives a page's URL and `get_relative_url` the way from one page to another,
so these links follow the same rules as MkDocs' own. This is the generator's one use of MkDocs
outside the plugin, kept apart so that the rest of the page assembly imports none of it.
"""

from __future__ import annotations

import functools
import posixpath

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url


def relative_md_link(from_src: str, to_src: str) -> str:
    """A Markdown link target from one source page to another (MkDocs resolves and checks it)."""
    # A trailing slash marks the folder as a folder, whatever its name.
    return _relative_to_folder(posixpath.dirname(from_src) + "/", to_src)


# Cached by folder: pages link to each other tens of thousands of times, pages of one folder to
# the same targets.
@functools.cache
def _relative_to_folder(folder: str, to_src: str) -> str:
    return get_relative_url(to_src, folder)


@functools.cache
def _url(src: str, directory_urls: bool) -> str:
    """MkDocs' URL of a source page, but an index page's is its folder's in either URL style.

    Without directory URLs MkDocs names an index page `models/index.html`; links from raw HTML
    name its folder, `models/`, which every web server answers with that page.
    """
    file = File(src, src_dir=None, dest_dir="", use_directory_urls=directory_urls)
    if file.name == "index" and not directory_urls:
        file = File(src, src_dir=None, dest_dir="", use_directory_urls=True)
    return file.url


def page_url(src: str, directory_urls: bool) -> str:
    """The site-relative URL of a source page (`a/b.md` -> `a/b/` or `a/b.html`; home: ``)."""
    url = _url(src, directory_urls)
    return "" if url == "./" else url


def relative_href(from_src: str, to_src: str, directory_urls: bool) -> str:
    """A URL for raw HTML (such as SVG links) from one source page to another."""
    return get_relative_url(_url(to_src, directory_urls), _url(from_src, directory_urls))


def relative_asset(from_src: str, asset: str, directory_urls: bool) -> str:
    """A URL from a source page to a static file of the site, such as `assets/quiz/x.json`."""
    return get_relative_url(asset, _url(from_src, directory_urls))
