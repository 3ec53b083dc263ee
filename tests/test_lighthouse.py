"""Lighthouse's accessibility, best-practices and SEO audits score 100 on the main page types.

Lighthouse comes from npm (pinned in package-lock.json). tests/lighthouse_pages.mjs runs it over
every page below in one Node process and one Debian Chromium, against the really built site
served on 127.0.0.1 with the network closed. The performance score depends on the machine: it is
measured by the benchmarks (`make bench`), not asserted here.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS

PROJECT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_PAGES = PROJECT / "tests" / "lighthouse_pages.mjs"
LIGHTHOUSE = PROJECT / "node_modules" / "lighthouse"
CATEGORIES = ("accessibility", "best-practices", "seo")
# Page types of tests.browser.PAGE_TYPES.
PAGES = ("home", "model", "stage", "quiz")


@pytest.fixture(scope="module")
def reports(site_url: str, site_pages: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Lighthouse's report on each page of PAGES, by page type."""
    assert LIGHTHOUSE.is_dir(), f"{LIGHTHOUSE} is missing: `make test` installs it (npm ci)"
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: `make test` installs it (apt)"
    urls = {page_type: site_url + site_pages[page_type] for page_type in PAGES}
    job = {
        "chromePath": str(CHROMIUM),
        "chromeFlags": [
            "--headless=new",
            *CHROMIUM_ARGS,
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        ],
        "categories": list(CATEGORIES),
        "urls": list(urls.values()),
    }
    result = subprocess.run(
        ["node", str(LIGHTHOUSE_PAGES), json.dumps(job)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=240 * len(urls),
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    by_url: dict[str, dict[str, Any]] = json.loads(result.stdout)
    return {page_type: by_url[url] for page_type, url in urls.items()}


def failed_audits(report: dict[str, Any], category: str) -> list[str]:
    """The scored audits of a category that did not pass, with what Lighthouse says of them."""
    audits = report["audits"]
    failed = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            items = audit.get("details", {}).get("items", [])
            where = [item.get("node", {}).get("selector", "") for item in items[:5]]
            failed.append(f"{audit['id']}: {audit['title']} at {where}")
    return failed


@pytest.mark.parametrize("page_type", PAGES)
def test_lighthouse_scores_100(
    reports: dict[str, dict[str, Any]], site_url: str, site_pages: dict[str, str], page_type: str
) -> None:
    report = reports[page_type]
    assert not report.get("runtimeError"), report["runtimeError"]
    assert report["finalDisplayedUrl"] == site_url + site_pages[page_type]
    scores = {category: report["categories"][category]["score"] for category in CATEGORIES}
    problems = {category: failed_audits(report, category) for category in CATEGORIES}
    assert scores == dict.fromkeys(CATEGORIES, 1), problems
