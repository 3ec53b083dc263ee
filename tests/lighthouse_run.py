"""One Lighthouse run over several pages, in the background: tests/lighthouse_pages.mjs in one
Node process and one Debian Chromium, started as soon as the site is served so that it runs
while other tests do (most browser tests wait on the browser, not on the CPU), and read when
tests/test_lighthouse.py asks for its reports.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import IO, Any

from tests.browser import CHROMIUM, CHROMIUM_ARGS

PROJECT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_PAGES = PROJECT / "tests" / "lighthouse_pages.mjs"
LIGHTHOUSE = PROJECT / "node_modules" / "lighthouse"
CATEGORIES = ("accessibility", "best-practices", "seo")
# The types of page scored (of tests.browser.PAGE_TYPES).
PAGES = ("home", "model", "stage", "quiz", "team")
# Generous: about 10 s a page on a busy 2-CPU machine.
SECONDS_PER_PAGE = 240


class LighthouseRun:
    """Lighthouse's reports on `urls` (the categories of CATEGORIES), by URL, once it is done."""

    def __init__(self, urls: list[str], output: Path) -> None:
        assert LIGHTHOUSE.is_dir(), f"{LIGHTHOUSE} is missing: `make test` installs it (npm ci)"
        assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: `make test` installs it (apt)"
        self.urls = urls
        job = {
            "chromePath": str(CHROMIUM),
            "chromeFlags": [
                "--headless=new",
                *CHROMIUM_ARGS,
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            ],
            "categories": list(CATEGORIES),
            "urls": urls,
        }
        # Reports go to a file: a pipe nobody reads yet could fill up and stall the process.
        self._output = output
        self._stdout: IO[bytes] = output.open("wb")
        self._process = subprocess.Popen(
            ["node", str(LIGHTHOUSE_PAGES), json.dumps(job)],
            stdout=self._stdout,
            stderr=subprocess.PIPE,
            cwd=PROJECT,
        )
        self._reports: dict[str, dict[str, Any]] | None = None

    def reports(self) -> dict[str, dict[str, Any]]:
        """Waits for the run to end; Lighthouse's report on each URL."""
        if self._reports is None:
            _, stderr = self._process.communicate(timeout=SECONDS_PER_PAGE * len(self.urls))
            self._stdout.close()
            assert self._process.returncode == 0, stderr.decode(errors="replace")[-2000:]
            self._reports = json.loads(self._output.read_text(encoding="utf-8"))
        return self._reports

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
        self._stdout.close()
