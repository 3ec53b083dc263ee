"""A link checker for a built static site: every internal URL and `#anchor` must resolve.

It reads the files a static host would serve, never the network. Every `.html` file is parsed
with the standard library's `html.parser`; every URL an element carries (`href`, `src`, `action`,
`srcset`, `poster`, `data`, `xlink:href`, on any element, so `<a href>` inside inline SVG too) is
resolved against the page's own URL, exactly as a browser does. A URL under the site's address
(relative, root-relative, or absolute on the site's own host and path) must name a file of the
site, and its fragment an element of that page. Other http(s) URLs are external: collected,
never fetched. A `javascript:`, `vbscript:` or `data:` URL is reported wherever it appears.

The sitemap's `<loc>` entries and the `location` of every entry of Material's search index
(`search/search_index.json`) are checked the same way.
"""

from __future__ import annotations

import json
import posixpath
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urljoin, urlsplit

URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "data", "xlink:href"})
# Schemes that run code or smuggle a document: never a link of this site.
FORBIDDEN_SCHEMES = frozenset({"javascript", "vbscript", "data", "file"})
# Links that leave the site without being web pages: listed with the external ones.
OTHER_SCHEMES = frozenset({"mailto", "tel"})
SITEMAP = "sitemap.xml"
SEARCH_INDEX = "search/search_index.json"


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: dict[str, str]
    line: int


@dataclass
class ScannedPage:
    """What a page holds, as an HTML parser sees it."""

    elements: list[Element] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    """Every `id`, and every `name` of an `<a>`: the targets a fragment can name."""
    texts: list[str] = field(default_factory=list)
    """Text nodes, entities decoded, outside `<script>` and `<style>`."""
    scripts: list[str] = field(default_factory=list)
    """The body of every inline `<script>`."""


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ScannedPage()
        self._raw_text: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.page.elements.append(Element(tag, values, self.getpos()[0]))
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        if tag in ("script", "style"):
            self._raw_text = tag
            if tag == "script":
                self.page.scripts.append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._raw_text = None

    def handle_endtag(self, tag: str) -> None:
        if tag == self._raw_text:
            self._raw_text = None

    def handle_data(self, data: str) -> None:
        if self._raw_text == "script":
            self.page.scripts[-1] += data
        elif self._raw_text is None:
            self.page.texts.append(data)


def scan_html(text: str) -> ScannedPage:
    """Parse an HTML document into its elements, ids, text and inline scripts."""
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    return scanner.page


def element_urls(element: Element) -> list[tuple[str, str]]:
    """(attribute, URL) for every URL an element carries, `srcset` candidates one by one."""
    found = [(name, value) for name, value in element.attrs.items() if name in URL_ATTRIBUTES]
    for candidate in element.attrs.get("srcset", "").split(","):
        if candidate.strip():
            found.append(("srcset", candidate.split()[0]))
    return found


def url_scheme(url: str) -> str:
    """The scheme of a URL as a browser reads it (case, surrounding and inner blanks ignored)."""
    cleaned = re.sub(r"[\x00-\x20]", "", url)
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else ""


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str
    """The file (relative to the site) that holds the reference."""
    url: str
    reason: str


@dataclass(frozen=True)
class Resolved:
    """Where a URL of the site points: `internal` (a file of the site, `target`), `external`
    (another host, or a mail or phone link), or `broken` (and why)."""

    kind: Literal["internal", "external", "broken"]
    reason: str = ""
    target: Path | None = None
    fragment: str = ""
    internal: bool = False
    """Whether the URL is under the site's address (a broken one too): a reference checked."""


@dataclass
class LinkReport:
    broken: list[BrokenLink] = field(default_factory=list)
    external: dict[str, set[str]] = field(default_factory=dict)
    """External URL → the pages that link to it."""
    checked: int = 0
    """Internal references resolved."""


class SiteLinks:
    """The link checker over one built site, served at `base_url` (e.g. `http://host/atlas/`)."""

    def __init__(self, site: Path, base_url: str) -> None:
        self.site = site
        self.base = urlsplit(base_url)
        self._scanned: dict[Path, ScannedPage] = {}
        self.report = LinkReport()

    def scanned(self, path: Path) -> ScannedPage:
        if path not in self._scanned:
            self._scanned[path] = scan_html(path.read_text(encoding="utf-8"))
        return self._scanned[path]

    def page_url(self, relative: str) -> str:
        """The URL a file of the site is served at (`a/index.html` is `a/`, as the site links it)."""
        served = relative
        if posixpath.basename(relative) == "index.html":
            served = relative.removesuffix("index.html")
        return f"{self.base.scheme}://{self.base.netloc}{self.base.path}{served}"

    def check(self) -> LinkReport:
        for path in sorted(self.site.rglob("*.html")):
            relative = path.relative_to(self.site).as_posix()
            for element in self.scanned(path).elements:
                for _, url in element_urls(element):
                    self.check_reference(relative, url, relative)
        self._check_sitemap()
        self._check_search_index()
        self.report.broken.sort()
        return self.report

    def resolve(self, url: str, relative_to: str) -> Resolved:
        """What `url`, found on the site's file `relative_to`, points to, as a browser resolves it
        against that file's URL: one of the kinds of `Resolved`."""
        url = url.strip()
        scheme = url_scheme(url)
        if scheme in FORBIDDEN_SCHEMES:
            return Resolved("broken", f"a {scheme}: URL")
        if scheme in OTHER_SCHEMES:
            return Resolved("external")
        absolute = urlsplit(urljoin(self.page_url(relative_to), url))
        if absolute.scheme not in ("http", "https"):
            return Resolved("broken", f"an unexpected scheme {absolute.scheme!r}")
        if absolute.netloc != self.base.netloc:
            return Resolved("external")
        if not absolute.path.startswith(self.base.path):
            return Resolved("broken", f"outside the site's path {self.base.path}")
        target = self._target_file(unquote(absolute.path[len(self.base.path) :]))
        if target is None:
            return Resolved("broken", "no such file in the site", internal=True)
        return Resolved("internal", target=target, fragment=absolute.fragment, internal=True)

    def check_reference(self, page: str, url: str, relative_to: str) -> None:
        """Resolve `url`, found in the file `page`, against the URL of the site's file
        `relative_to`; record it as broken or external, or count it as checked."""
        resolved = self.resolve(url, relative_to)
        url = url.strip()
        if resolved.internal:
            self.report.checked += 1
        if resolved.kind == "external":
            self.report.external.setdefault(url, set()).add(page)
            return
        if resolved.kind == "broken" or resolved.target is None:
            self._broken(page, url, resolved.reason)
            return
        fragment, target = resolved.fragment, resolved.target
        # The HTML standard scrolls to the top for an empty fragment ("#") and for "#top" when no
        # element has that id. Material emits neither; its own "#__..." targets (the drawer and
        # search toggles) are elements with those ids, so they need no exception.
        if fragment in ("", "top") or target.suffix != ".html":
            return
        ids = self.scanned(target).ids
        if fragment not in ids and unquote(fragment) not in ids:
            self._broken(page, url, f"no element with id {unquote(fragment)!r} in the target page")

    def linked_files(self, relative: str) -> set[Path]:
        """The files of the site that its page `relative` links to or loads, by any URL of any
        element, resolved as `check` resolves them; external and broken references left out."""
        found = set()
        for element in self.scanned(self.site / relative).elements:
            for _, url in element_urls(element):
                resolved = self.resolve(url, relative)
                if resolved.target is not None:
                    found.add(resolved.target)
        return found

    def _target_file(self, relative: str) -> Path | None:
        candidate = self.site / relative
        # A static host serves a folder's index.html, for "a/" and (redirecting) for "a".
        if relative == "" or relative.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        # "%2e%2e/" is "../" once decoded, to a browser as to this check: it must stay inside.
        inside = candidate.resolve().is_relative_to(self.site.resolve())
        return candidate if inside and candidate.is_file() else None

    def _broken(self, page: str, url: str, reason: str) -> None:
        self.report.broken.append(BrokenLink(page, url, reason))

    def _check_sitemap(self) -> None:
        path = self.site / SITEMAP
        if not path.is_file():
            self._broken(SITEMAP, "", "the site has no sitemap")
            return
        for loc in ElementTree.parse(path).getroot().iter():
            if loc.tag.endswith("}loc") or loc.tag == "loc":
                url = (loc.text or "").strip()
                if not url.startswith(f"{self.base.scheme}://{self.base.netloc}{self.base.path}"):
                    self._broken(SITEMAP, url, "not a page of this site")
                else:
                    self.check_reference(SITEMAP, url, "index.html")

    def _check_search_index(self) -> None:
        path = self.site / SEARCH_INDEX
        if not path.is_file():
            self._broken(SEARCH_INDEX, "", "the site has no search index")
            return
        for doc in json.loads(path.read_text(encoding="utf-8"))["docs"]:
            # Locations are relative to the site's root, where Material resolves them.
            self.check_reference(SEARCH_INDEX, doc["location"], "index.html")


def check_site(site: Path, base_url: str) -> LinkReport:
    """Check every internal link, anchor, sitemap entry and search index location of `site`."""
    return SiteLinks(site, base_url).check()
