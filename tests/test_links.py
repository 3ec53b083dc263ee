"""Links: every internal link and `#anchor` of the built site resolves; external links are listed.

The checker is `tests/link_check.py`, the only one of the tests: run over the real site (built
with --strict for the test server's address) and the fixture site, and, as a test of the gate
itself, over small sites with known faults. External
links are never fetched: the test machine has no network, and a page of someone else's going
away is not a defect of this site. They are listed (run with `-s` to see the list) and must be
well-formed https URLs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser import SUB_PATH
from tests.conftest import PROJECT
from tests.fixture_atlas import FIXTURE_SITE_URL
from tests.link_check import SEARCH_INDEX, SITEMAP, BrokenLink, LinkReport, check_site

# Where a maintainer writes links: the models, the hand-written pages and the page templates.
SOURCES = ("models", "content", "generator/templates")
SOURCE_SUFFIXES = (".yaml", ".md", ".j2", ".html")
URL_IN_TEXT = re.compile(r"""\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s"'<>()\[\]{}`]+""")
HOST_NAME = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")


@pytest.fixture(scope="module")
def base_url(site_port: int) -> str:
    """The address the real site was built for (its `site_url`)."""
    return f"http://127.0.0.1:{site_port}{SUB_PATH}"


@pytest.fixture(scope="module")
def report(built_site: Path, base_url: str) -> LinkReport:
    """The checker's report on the real site (about 7 000 references, a few seconds)."""
    return check_site(built_site, base_url)


# --- the real site ----------------------------------------------------------------------------


def test_every_internal_link_and_anchor_of_the_built_site_resolves(
    built_site: Path, report: LinkReport
) -> None:
    assert report.broken == []
    # Every page links to dozens of others and of its own headings: the checker really looked.
    pages = len(list(built_site.rglob("*.html")))
    assert report.checked > 50 * pages


def test_the_sitemap_lists_every_page(built_site: Path, base_url: str) -> None:
    root = ElementTree.parse(built_site / SITEMAP).getroot()
    listed = {(loc.text or "").strip() for loc in root.iter() if loc.tag.endswith("loc")}
    pages = {
        base_url + path.relative_to(built_site).as_posix().removesuffix("index.html")
        for path in built_site.rglob("*.html")
        if path.name != "404.html"
    }
    assert listed == pages


def test_the_search_index_covers_every_page(built_site: Path) -> None:
    docs = json.loads((built_site / SEARCH_INDEX).read_text(encoding="utf-8"))["docs"]
    located = {doc["location"].split("#")[0] for doc in docs}
    pages = {
        path.relative_to(built_site).as_posix().removesuffix("index.html")
        for path in built_site.rglob("*.html")
        if path.name != "404.html"
    }
    assert located == pages


def test_every_internal_link_and_anchor_of_the_fixture_site_resolves(fixture_site: Path) -> None:
    """The fixture atlas, built in-process for its own address, passes the same check."""
    report = check_site(fixture_site, FIXTURE_SITE_URL)
    assert report.broken == []
    assert report.checked > 50 * len(list(fixture_site.rglob("*.html")))


def test_stage_pages_cross_reference_lists_stay_out_of_search(fixture_site: Path) -> None:
    """A stage page's capability list and its table of equivalent stages repeat what the
    capability and stage pages say: indexed, every query for a capability or a stage name would
    return every stage page, and the search worker would index a third more text."""
    docs = json.loads((fixture_site / SEARCH_INDEX).read_text(encoding="utf-8"))["docs"]
    stage = "models/ladder/ground/"  # a stage with signs and pitfalls
    html = (fixture_site / stage / "index.html").read_text(encoding="utf-8")
    anchors = {
        doc["location"].split("#")[1] for doc in docs if doc["location"].startswith(stage + "#")
    }
    for excluded in ("capabilities-involved", "the-same-stage-in-other-models"):
        assert f'id="{excluded}"' in html  # still on the page...
        assert not any(doc["location"].endswith("#" + excluded) for doc in docs)  # ...not in search
    assert {"signs-you-are-here", "pitfalls-the-source-names"} <= anchors


def source_files() -> list[Path]:
    return sorted(
        path
        for folder in SOURCES
        for path in (PROJECT / folder).rglob("*")
        if path.is_file() and path.suffix in SOURCE_SUFFIXES
    )


def url_problem(url: str) -> str | None:
    """Why `url` is not a well-formed https link to a named host, or None."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        return str(error)
    if parts.scheme != "https":
        return "not https"
    if parts.username is not None or parts.password is not None or port is not None:
        return "credentials or a port in the address"
    if not HOST_NAME.match(parts.hostname or ""):
        return f"no proper host name ({parts.hostname!r})"
    if re.search(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]", url):
        return "characters a URL may not hold unescaped"
    return None


def test_external_links_are_listed_and_well_formed(report: LinkReport) -> None:
    """Every external link, in the sources and in the built site, is a well-formed https URL."""
    in_sources = {
        (match.group().rstrip(".,;:"), path.relative_to(PROJECT).as_posix())
        for path in source_files()
        for match in URL_IN_TEXT.finditer(path.read_text(encoding="utf-8"))
    }
    in_site = report.external
    print("\nExternal links in the sources:")
    for url, where in sorted(in_sources):
        print(f"  {url}  ({where})")
    print("External links in the built site (never fetched):")
    for url, pages in sorted(in_site.items()):
        print(f"  {url}  ({len(pages)} page{'s' if len(pages) != 1 else ''})")
    found = {url for url, _ in in_sources} | set(in_site)
    assert {url: url_problem(url) for url in found if url_problem(url)} == {}
    # "Edit this page" on every page, and the theme's credit in the footer.
    assert len(in_site) >= 2


# --- the gate itself: a small site with known faults ----------------------------------------

BASE = "http://127.0.0.1:8000/atlas/"
HOME = """<!doctype html><html><head>
<link rel="stylesheet" href="style.css"><link rel="canonical" href="http://127.0.0.1:8000/atlas/">
<script src="app.js"></script></head><body>
<a href="#" class="top">top</a> <a href="#main">main</a> <h1 id="main">Home</h1>
<a href="page/">page</a> <a href="page/#there">a heading there</a> <a href="page">no slash</a>
<a href="/atlas/page/#there">root-relative</a> <a href="page/#old">a named anchor</a>
<a href="http://127.0.0.1:8000/atlas/page/">absolute, own host</a>
<a href="https://example.com/elsewhere">external</a> <a href="mailto:a@example.com">mail</a>
<img src="image.png" srcset="image.png 1x, image.png 2x" alt="">
<svg><a href="page/#there"><text>chart</text></a></svg>
<form action="page/"></form>
{extra}
</body></html>
"""
PAGE = '<!doctype html><html><body><h2 id="there">There</h2><a name="old">old</a></body></html>'


def small_site(root: Path, extra: str = "", locations: tuple[str, ...] = ("", "page/")) -> Path:
    """A site of two pages, an image, a script, a stylesheet, a sitemap and a search index, with
    every kind of reference the checker follows; `extra` is added to the home page's body."""
    site = root / "site"
    (site / "page").mkdir(parents=True)
    (site / "index.html").write_text(HOME.replace("{extra}", extra), encoding="utf-8")
    (site / "page" / "index.html").write_text(PAGE, encoding="utf-8")
    for name in ("style.css", "app.js", "image.png"):
        (site / name).write_text("", encoding="utf-8")
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{BASE}</loc></url><url><loc>{BASE}page/</loc></url></urlset>\n",
        encoding="utf-8",
    )
    (site / "search").mkdir()
    docs = [{"location": location, "title": "t", "text": ""} for location in locations]
    (site / SEARCH_INDEX).write_text(json.dumps({"config": {}, "docs": docs}), encoding="utf-8")
    return site


def test_a_sound_small_site_has_no_broken_link(tmp_path: Path) -> None:
    report = check_site(small_site(tmp_path), BASE)
    assert report.broken == []
    assert set(report.external) == {"https://example.com/elsewhere", "mailto:a@example.com"}


def test_a_broken_link_and_a_broken_anchor_are_reported_exactly(tmp_path: Path) -> None:
    extra = '<a href="missing/">gone</a> <a href="page/#nowhere">moved</a>'
    report = check_site(small_site(tmp_path, extra), BASE)
    assert report.broken == [
        BrokenLink("index.html", "missing/", "no such file in the site"),
        BrokenLink(
            "index.html", "page/#nowhere", "no element with id 'nowhere' in the target page"
        ),
    ]


@pytest.mark.parametrize(
    ("extra", "url"),
    [
        ('<svg><a href="page/#gone"><text>x</text></a></svg>', "page/#gone"),
        ('<svg><a xlink:href="nowhere/"><text>x</text></a></svg>', "nowhere/"),
        ('<img src="image.png" srcset="image.png 1x, big.png 2x" alt="">', "big.png"),
        ('<script src="missing.js"></script>', "missing.js"),
        ('<link rel="stylesheet" href="../outside.css">', "../outside.css"),
        ('<form action="search/"></form>', "search/"),
        ('<area href="#no-such-id" alt="">', "#no-such-id"),
        (
            '<a href="http://127.0.0.1:8000/atlas/gone/">absolute</a>',
            "http://127.0.0.1:8000/atlas/gone/",
        ),
        ('<a href="/elsewhere/">above the site</a>', "/elsewhere/"),
        (
            '<a href="page/%2e%2e/%2e%2e/index.html">encoded dots</a>',
            "page/%2e%2e/%2e%2e/index.html",
        ),
        ('<a href="javascript:alert(1)">script</a>', "javascript:alert(1)"),
        ('<a href=" JavaScript:alert(1)">script</a>', "JavaScript:alert(1)"),
        ('<iframe src="data:text/html,x"></iframe>', "data:text/html,x"),
    ],
)
def test_every_kind_of_reference_is_checked(tmp_path: Path, extra: str, url: str) -> None:
    broken = check_site(small_site(tmp_path, extra), BASE).broken
    assert [link.url for link in broken] == [url]


def test_search_index_locations_and_anchors_are_checked(tmp_path: Path) -> None:
    site = small_site(tmp_path, locations=("", "page/#there", "page/#gone", "old/"))
    assert [(b.page, b.url) for b in check_site(site, BASE).broken] == [
        (SEARCH_INDEX, "old/"),
        (SEARCH_INDEX, "page/#gone"),
    ]


def test_sitemap_entries_are_checked(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    sitemap = site / SITEMAP
    sitemap.write_text(
        sitemap.read_text(encoding="utf-8").replace(
            "</urlset>",
            f"<url><loc>{BASE}gone/</loc></url><url><loc>https://x.org/</loc></url></urlset>",
        ),
        encoding="utf-8",
    )
    assert [(b.page, b.url) for b in check_site(site, BASE).broken] == [
        (SITEMAP, f"{BASE}gone/"),
        (SITEMAP, "https://x.org/"),
    ]


def test_a_page_removed_from_a_built_site_breaks_the_links_to_it(
    fixture_site: Path, tmp_path: Path
) -> None:
    """The fixture site, with one stage page gone: every link to it is reported."""
    site = tmp_path / "site"
    # Hard links: a copy of the whole site in no time. The removed page is unlinked, never written.
    shutil.copytree(fixture_site, site, copy_function=os.link)
    (site / "models" / "ladder" / "second-rung" / "index.html").unlink()
    broken = check_site(site, FIXTURE_SITE_URL).broken
    assert broken
    assert {link.reason for link in broken} == {"no such file in the site"}
    assert all(re.search(r"\bsecond-rung/(#[\w-]+)?$", link.url) for link in broken), broken
    # The model page, its neighbours, the matrix, the sitemap and the search index, at least.
    pages = {link.page for link in broken}
    assert {
        "models/ladder/index.html",
        "models/ladder/first-rung/index.html",
        "models/ladder/top-rung/index.html",
        "compare/matrix/index.html",
        SITEMAP,
        SEARCH_INDEX,
    } <= pages
