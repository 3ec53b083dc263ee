"""The built sites the browser benchmarks load: the atlas (with the bare Pyodide page added)
and the plain MkDocs + Material baseline, each served on 127.0.0.1 under /atlas/.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from benchmarks.build import BuildRun, timed_build
from benchmarks.chromium import WEB
from benchmarks.projects import (
    PROJECT,
    BenchmarkError,
    SamplePages,
    export_plain,
    free_port,
    frozen_project,
    sample_pages,
)
from generator.quiz_assets import PYODIDE_SITE_DIR, pyodide_runtime
from tests.browser import SUB_PATH, serve_site

BARE_DIR = "bench-bare"
# Python's http.server sends Last-Modified and no Cache-Control, so browsers cache by heuristic
# freshness: 10 % of the file's age. Files built seconds ago would be fresh for a second or two,
# and a "warm" load would depend on how long the run took. Dating them a day back makes every
# warm load hit the cache as it would on GitHub Pages within its 10-minute max-age.
PUBLISHED_AGO_S = 24 * 3600


@dataclass(frozen=True)
class QuizConfig:
    """Where the quiz page's engine files are, as its form says (relative to the page)."""

    pyodide: str
    stdlib: str
    lock: str
    package: str
    integrity: str
    spec: str


class _QuizFormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attributes: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form" and found.get("id") == "quiz":
            self.attributes = found


def quiz_config(quiz_html: Path) -> QuizConfig:
    parser = _QuizFormParser()
    parser.feed(quiz_html.read_text(encoding="utf-8"))
    form = parser.attributes
    if form is None:
        raise BenchmarkError(f"{quiz_html} has no form#quiz")
    return QuizConfig(
        pyodide=form.get("data-pyodide") or "",
        stdlib=form.get("data-stdlib") or "",
        lock=form.get("data-lock") or "",
        package=form.get("data-package") or "",
        integrity=form.get("data-integrity") or "",
        spec=form.get("data-spec") or "",
    )


@dataclass(frozen=True)
class Sites:
    ours: str
    """URL of the atlas's home page, e.g. http://127.0.0.1:PORT/atlas/."""
    plain: str
    """URL of the plain MkDocs + Material baseline's home page."""
    ours_gzip: str
    """The atlas again, from a server that sends files gzip-encoded, as static hosts do."""
    plain_gzip: str
    """The plain baseline from a server that sends files gzip-encoded."""
    bare: str
    """URL of the bare Pyodide page (in the atlas's site)."""
    quiz_spec: str
    """URL of the quiz spec the atlas serves."""
    pages: SamplePages
    pyodide_core_bytes: int
    """The size of the Pyodide runtime files the site ships, as the npm package has them."""
    pyodide_dir: str
    """URL path fragment of the Pyodide folder, to tell its requests apart."""
    stage_pages: int
    builds: tuple[BuildRun, BuildRun]
    """How long building the atlas and the plain baseline took (for the quick run's row 1a)."""


def _backdate(site: Path) -> None:
    published = time.time() - PUBLISHED_AGO_S
    for path in site.rglob("*"):
        os.utime(path, (published, published), follow_symlinks=False)


def _write_bare_page(site: Path, config: QuizConfig) -> None:
    # The bare page sits one folder deep, as the quiz page does, so the form's relative paths
    # point at the same files from there.
    folder = site / BARE_DIR
    folder.mkdir()
    html = (WEB / "bare.html").read_text(encoding="utf-8")
    payload = json.dumps(config.__dict__).replace("</", "<\\/")
    (folder / "index.html").write_text(html.replace("__CONFIG__", payload), encoding="utf-8")
    for name in ("bare.mjs", "bare-worker.mjs"):
        (folder / name).write_bytes((WEB / name).read_bytes())


@contextmanager
def served_sites(say: Callable[[str], None]) -> Iterator[Sites]:
    """Build the atlas and the plain baseline for their ports, then serve both."""
    with tempfile.TemporaryDirectory(prefix="atlas-bench-sites-") as temp, ExitStack() as stack:
        work = Path(temp)
        project = frozen_project(work / "atlas")
        ours_port, plain_port = free_port(), free_port()
        ours_url = f"http://127.0.0.1:{ours_port}{SUB_PATH}"
        plain_url = f"http://127.0.0.1:{plain_port}{SUB_PATH}"
        say("Browser: building the atlas and the plain baseline for 127.0.0.1")
        os.environ["ATLAS_SITE_URL"] = ours_url
        try:
            plain = export_plain(
                project, work / "plain", with_quiz_engine=False, site_url=plain_url
            )
            ours_build = timed_build(
                project / "mkdocs.yml", work / "site-atlas", work / "atlas.log"
            )
        finally:
            del os.environ["ATLAS_SITE_URL"]
        plain_build = timed_build(plain.config_file, work / "site-plain", work / "plain.log")
        config = quiz_config(work / "site-atlas" / "quiz" / "index.html")
        _write_bare_page(work / "site-atlas", config)
        for site in ("site-atlas", "site-plain"):
            _backdate(work / site)
        runtime = pyodide_runtime(PROJECT)
        pages = sample_pages(project)
        served_ours = stack.enter_context(serve_site(work / "site-atlas", ours_port))
        served_plain = stack.enter_context(serve_site(work / "site-plain", plain_port))
        # The same folders again from servers that compress, each on a port of its own (the
        # pages' absolute links, canonical and sitemap, keep naming the ports they were built for).
        ours_gzip = stack.enter_context(serve_site(work / "site-atlas", compress=True))
        plain_gzip = stack.enter_context(serve_site(work / "site-plain", compress=True))
        yield Sites(
            ours=served_ours,
            plain=served_plain,
            ours_gzip=ours_gzip,
            plain_gzip=plain_gzip,
            bare=f"{served_ours}{BARE_DIR}/",
            quiz_spec=urljoin(f"{served_ours}{pages.quiz}", config.spec),
            pages=pages,
            pyodide_core_bytes=sum(path.stat().st_size for path in runtime.files.values()),
            pyodide_dir=f"/{PYODIDE_SITE_DIR}/{runtime.version}/",
            stage_pages=plain.stage_pages,
            builds=(ours_build, plain_build),
        )
