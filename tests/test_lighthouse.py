"""Lighthouse's accessibility, best-practices and SEO audits score 100 on the main page types.

Lighthouse comes from npm (`node_modules/.bin/lighthouse`, pinned in package-lock.json) and drives
Debian's Chromium through CHROME_PATH, against the really built site served on 127.0.0.1 with the
network closed. The performance score depends on the machine: it is measured by the benchmarks
(`make bench`), not asserted here.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.test_quiz_browser import QUIZ

PROJECT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("accessibility", "best-practices", "seo")
PAGES = {
    "home": "",
    "model": "models/maturity-model/",
    "stage": "models/solis-10-stages/community/",
    "quiz": QUIZ,
}


def lighthouse(url: str) -> dict[str, Any]:
    """Lighthouse's report on `url` for the three categories, as JSON."""
    assert LIGHTHOUSE.is_file(), f"{LIGHTHOUSE} is missing: `make test` installs it (npm ci)"
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: `make test` installs it (apt)"
    flags = [
        "--headless=new",
        *CHROMIUM_ARGS,
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ]
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(flags)}",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report: dict[str, Any] = json.loads(result.stdout)
    return report


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
def test_lighthouse_scores_100(site_url: str, page_type: str) -> None:
    report = lighthouse(site_url + PAGES[page_type])
    assert report["finalDisplayedUrl"] == site_url + PAGES[page_type]
    assert not report.get("runtimeError"), report["runtimeError"]
    scores = {category: report["categories"][category]["score"] for category in CATEGORIES}
    problems = {category: failed_audits(report, category) for category in CATEGORIES}
    assert scores == dict.fromkeys(CATEGORIES, 1), problems
