"""Smoke test of the benchmarks (issue 5): the cheapest part of `python -m benchmarks --quick`.

It builds the real atlas and its plain MkDocs baseline once each (about 10 s) and checks that
the command prints the table and writes a report whose numbers parse. The full benchmark is not
part of the test suite: `make bench` runs it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest

from benchmarks import lighthouse
from benchmarks.projects import SamplePages
from benchmarks.report import _lighthouse_section
from benchmarks.sites import Sites
from tests.conftest import PROJECT


def test_quick_build_benchmark_prints_and_writes_the_table(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--only", "build", "--output", str(report)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr

    rows = {
        line.split()[0]: line for line in result.stdout.splitlines() if re.match(r"1[a-z] ", line)
    }
    assert set(rows) == {"1a", "1c"}, result.stdout
    build = re.search(r"(\d+\.\d\d) s +(\d+\.\d\d) s +(\d+\.\d\d)× +≤ 1\.3× +(yes|NO)", rows["1a"])
    assert build, rows["1a"]
    ours, plain, ratio = (float(build.group(i)) for i in (1, 2, 3))
    assert ours > 0 and plain > 0
    assert abs(ratio - ours / plain) < 0.01
    assert re.search(r"\d+ MiB +\d+ MiB +\d+\.\d\d×", rows["1c"]), rows["1c"]

    text = report.read_text(encoding="utf-8")
    assert "## Machine and versions" in text
    assert "| MkDocs |" in text and "| Pyodide (npm) |" in text
    assert re.search(r"^\| 1a \| Build, real atlas \(\d+ stage pages\)", text, re.MULTILINE)
    assert "<!-- findings:start" in text


@pytest.mark.browser
def test_quick_browser_rows_print(tmp_path: Path) -> None:
    """The rows of engine reuse (3e, 3f), the team view (3g) and the compressed quiz load (4f)
    run once in Chromium and print parseable figures; their values are not asserted."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--only", "reuse,team,bytes"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    rows = {
        line.split()[0]: line for line in result.stdout.splitlines() if re.match(r"\d[a-z] ", line)
    }
    assert {"3e", "3f", "3g", "4a", "4b", "4c", "4f"} <= set(rows), result.stdout
    for number in ("3e", "3f", "3g"):
        assert re.search(r"\d+(\.\d)? ms", rows[number]), rows[number]
    assert re.search(r"\d+\.\d\d MB +\d+\.\d\d MB", rows["4f"]), rows["4f"]
    assert "Engine workers created per visit" in result.stdout


def test_lighthouse_rows_of_every_page_type(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows 5a–5d from Lighthouse's audits (stubbed here: a real run takes minutes): ours and
    plain from the servers that compress, the quiz and team pages also with the engine blocked,
    and the report's table of metrics with a line for each."""
    calls: list[tuple[str, str]] = []

    def audit(url: str, output: Path, blocked: str = "") -> lighthouse.Audit:
        calls.append((url, blocked))
        score = 90.0 if blocked else (97.0 if "ours" in url else 96.0)
        metrics = dict.fromkeys(lighthouse.METRICS, 100.0)
        return lighthouse.Audit(score=score, metrics=metrics, total_bytes=1000.0)

    monkeypatch.setattr(lighthouse, "lighthouse", audit)
    pages = SamplePages(
        home="",
        model="m/",
        stage="m/s/",
        quiz="quiz/",
        stage_name="",
        stage_markdown="",
        model_file=Path("m.yaml"),
        name_line=0,
    )
    sites = cast(
        Sites,
        SimpleNamespace(
            ours_gzip="http://ours/atlas/", plain_gzip="http://plain/atlas/", pages=pages
        ),
    )
    report = lighthouse.benchmark_lighthouse(sites, 1, lambda _text: None)

    assert [row.number for row in report.rows] == ["5a", "5b", "5c", "5d"]
    assert all(row.met for row in report.rows)
    assert {url for url, _ in calls} == {
        f"http://{site}/atlas/{path}"
        for site in ("ours", "plain")
        for path in ("", "m/s/", "quiz/", "team/")
    }
    assert sorted(url for url, blocked in calls if blocked) == [
        "http://ours/atlas/quiz/",
        "http://ours/atlas/team/",
    ]
    assert set(report.without_engine) == {"quiz", "team"}
    assert any("engine's worker blocked" in note for note in report.rows[2].notes)
    section = "\n".join(_lighthouse_section(report))
    assert section.count("| atlas, engine blocked |") == 2
