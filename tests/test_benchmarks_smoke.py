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
