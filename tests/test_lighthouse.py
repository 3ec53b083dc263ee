"""Lighthouse's accessibility, best-practices and SEO audits score 100 on the main page types.

Lighthouse comes from npm (pinned in package-lock.json) and runs over every page below in one
Node process and one Debian Chromium (tests/lighthouse_run.py), against the really built site
served on 127.0.0.1 with the network closed. It starts with the session (the `lighthouse`
fixture) and runs while other tests do. The performance score depends on the machine: it is
measured by the benchmarks (`make bench`), not asserted here.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.lighthouse_run import CATEGORIES, PAGES, LighthouseRun


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
    lighthouse: LighthouseRun, site_url: str, site_pages: dict[str, str], page_type: str
) -> None:
    url = site_url + site_pages[page_type]
    report = lighthouse.reports()[url]
    assert not report.get("runtimeError"), report["runtimeError"]
    assert report["finalDisplayedUrl"] == url
    scores = {category: report["categories"][category]["score"] for category in CATEGORIES}
    problems = {category: failed_audits(report, category) for category in CATEGORIES}
    assert scores == dict.fromkeys(CATEGORIES, 1), problems
