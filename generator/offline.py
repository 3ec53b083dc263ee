"""Offline use: the service worker (`sw.js`) that keeps a copy of the site for the quiz page's
"Keep the quiz available offline" switch (quiz/web/offline.mjs).

Made once every file of the site is final (the Content-Security-Policy written into each page),
from the files themselves: `sw.js` at the site's root (so its scope is the whole site) is the
service worker's code (quiz/web/service-worker.js) after one line naming every file to keep,
each with its Subresource Integrity digest, and the version: a hash of all those files. A new
deploy changes the bytes of `sw.js`, so a browser that keeps a copy installs the new version on
its next visit; the worker fetches every file with its digest into a new cache, all or nothing,
and only then drops the old one: the copy is never a mix of two deploys.

What is kept: every page (the quiz's result links to the model, stage and capability pages), the
theme's scripts, stylesheets and images, the sitemap (the theme's instant navigation reads it),
the search index and search worker (190 kB for the real atlas: search keeps working offline),
`atlas.json`, and the whole quiz engine (the Pyodide runtime, the quiz package, the spec, the
lock file, the quiz's modules and worker): 17 MB for the real atlas, mostly Pyodide. What is
left out is listed in `LEFT_OUT`, each with its reason.

The quiz page says how much it keeps: the page carries `SIZE_PLACEHOLDER` where the size goes,
and `write_offline_copy` fills it in before it hashes the files. Under `mkdocs serve` no `sw.js`
is made and the placeholder stays: the switch then says that the preview cannot keep a copy.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import quiz

SERVICE_WORKER = "sw.js"
"""The service worker's path in the site: at its root, so that its scope is the whole site."""
SERVICE_WORKER_SOURCE = Path(quiz.__file__).resolve().parent / "web" / "service-worker.js"
SIZE_PLACEHOLDER = "@@atlas-offline-size@@"
"""Where the quiz page (generator/templates/quiz.md.j2) shows the size of the offline copy."""
SEARCH_INDEX = "search/search_index.json"
LUNR_LANGUAGES = "assets/javascripts/lunr/*"
VERSION_LENGTH = 16

# Files the site serves that no page fetches, so a copy would only take room. (Search support
# for other languages, `LUNR_LANGUAGES`, is left out too unless the search index asks for one.)
LEFT_OUT = {
    "*.map": "source maps: only a browser's developer tools fetch them",
    # (sitemap.xml stays: the theme's instant navigation reads it to know the site's pages.)
    "sitemap.xml.gz": "the sitemap's compressed copy, for search engines",
    SERVICE_WORKER: "the browser fetches its service worker itself, always from the network",
}


class OfflineError(Exception):
    """The site cannot be kept offline as built (the quiz page lacks its size placeholder)."""


@dataclass(frozen=True)
class OfflineFile:
    """One file of the offline copy."""

    path: str
    """Its path in the site, e.g. `quiz/index.html`."""
    url: str
    """The address pages request it at, relative to the site's root: `quiz/` for a folder's
    `index.html` (as the theme links pages), `""` for the home page, else the path."""
    size: int
    integrity: str
    """Its Subresource Integrity value, `sha256-` and the base64 digest."""


@dataclass(frozen=True)
class OfflineCopy:
    """Every file the service worker keeps, and the version they make together."""

    files: tuple[OfflineFile, ...]

    @property
    def version(self) -> str:
        """A hash of every file's address and content: it changes iff one of them does."""
        digest = hashlib.sha256()
        for file in self.files:
            digest.update(f"{file.url}\n{file.integrity}\n".encode())
        return digest.hexdigest()[:VERSION_LENGTH]

    @property
    def size(self) -> int:
        """The copy's size in bytes."""
        return sum(file.size for file in self.files)


def page_url(path: str) -> str:
    """The address the theme links a page at: `a/` for `a/index.html`, `""` for the home page."""
    if path == "index.html":
        return ""
    if path.endswith("/index.html"):
        return path.removesuffix("index.html")
    return path


def _integrity(data: bytes) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def _search_languages(site: Path) -> list[str]:
    """The languages of the search index (Material loads support for any but English)."""
    try:
        index = json.loads((site / SEARCH_INDEX).read_text(encoding="utf-8"))
        return [str(language) for language in index["config"]["lang"]]
    except (OSError, ValueError, KeyError, TypeError):
        return ["en"]


def kept_paths(site: Path) -> list[str]:
    """The paths of the site's files that the offline copy holds, sorted."""
    left_out = list(LEFT_OUT)
    if set(_search_languages(site)) <= {"en"}:
        left_out.append(LUNR_LANGUAGES)
    paths = (path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())
    return sorted(
        path
        for path in paths
        if not any(fnmatch.fnmatchcase(path, pattern) for pattern in left_out)
    )


def offline_copy(site: Path) -> OfflineCopy:
    """The files of the built site in `site` that the offline copy holds."""
    files = []
    for path in kept_paths(site):
        data = (site / path).read_bytes()
        files.append(OfflineFile(path, page_url(path), len(data), _integrity(data)))
    return OfflineCopy(tuple(files))


def size_text(size: int) -> str:
    """The size of the copy as the quiz page says it: `17 MB`, `4.2 MB`."""
    megabytes = size / 1_000_000
    return f"{megabytes:.0f} MB" if megabytes >= 10 else f"{megabytes:.1f} MB"


def service_worker(copy: OfflineCopy, source: str) -> str:
    """The text of `sw.js`: the list of files and the version, then the worker's code."""
    files = {file.url: file.integrity for file in copy.files}
    manifest = json.dumps({"version": copy.version, "files": files}, sort_keys=True)
    return f"const OFFLINE_COPY = {manifest};\n\n{source}"


def fill_in_size(site: Path, size: str) -> list[str]:
    """Write `size` where pages carry `SIZE_PLACEHOLDER`; returns the paths of those pages."""
    filled = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if SIZE_PLACEHOLDER in html:
            page.write_text(html.replace(SIZE_PLACEHOLDER, size), encoding="utf-8")
            filled.append(page.relative_to(site).as_posix())
    return filled


def write_offline_copy(site: Path, source: Path = SERVICE_WORKER_SOURCE) -> OfflineCopy:
    """Fill in the size on the quiz page and write `sw.js` into the finished site in `site`.

    Raises `OfflineError` when no page carries the size placeholder (the quiz page's markup
    changed shape) and `OSError` when a file cannot be read or written.
    """
    worker_code = source.read_text(encoding="utf-8")
    # The size changes the quiz page by a few bytes, well below what the rounded size shows.
    if not fill_in_size(site, size_text(offline_copy(site).size)):
        raise OfflineError(
            f"no page of the site shows the size of the offline copy ({SIZE_PLACEHOLDER}); "
            "the quiz page's template must carry it"
        )
    copy = offline_copy(site)
    (site / SERVICE_WORKER).write_text(service_worker(copy, worker_code), encoding="utf-8")
    return copy
