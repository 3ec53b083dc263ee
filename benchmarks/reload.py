"""Row 2: live reload. Time from saving a model file under `mkdocs serve` to the open page in
Chromium showing the change, against plain MkDocs + Material serving the same pages, where the
same change is an edit of the stage page's Markdown.

Under `serve` the atlas plugin switches off the search index and the dates from Git
(`generator/live_preview.py`); the plain baseline has them switched off in its configuration,
so that both rebuild the same way. The atlas also keeps the theme's compiled templates between
rebuilds, which plain MkDocs does not.

Save time is this process's clock (epoch) just before the write; "shown" is the reloaded page's
first frame after DOMContentLoaded, in the page's own epoch clock (performance.timeOrigin +
performance.now()), recorded by benchmarks/web/probe.js.
"""

from __future__ import annotations

import os
import re
import signal
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright

from benchmarks.chromium import fresh_profile, wait_for
from benchmarks.projects import (
    MKDOCS,
    BenchmarkError,
    export_plain,
    free_port,
    frozen_project,
    sample_pages,
    switch_off_plugins,
)
from benchmarks.results import Measure, Row
from generator.live_preview import SKIPPED_PLUGINS
from tests.browser import SUB_PATH

RELOAD_TARGET_S = 2.0
# A reload that has not shown after this long is reported as never happening.
GIVE_UP_S = 30.0


@contextmanager
def mkdocs_serve(
    config_file: Path, port: int, log_file: Path, env: dict[str, str]
) -> Iterator[str]:
    """`mkdocs serve` of `config_file` on 127.0.0.1:`port`; yields the site's URL once it answers."""
    url = f"http://127.0.0.1:{port}{SUB_PATH}"
    command = [str(MKDOCS), "serve", "-f", str(config_file), "--dev-addr", f"127.0.0.1:{port}"]
    with log_file.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + 180
            while True:
                if process.poll() is not None:
                    raise BenchmarkError(f"mkdocs serve stopped:\n{log_file.read_text()[-2000:]}")
                try:
                    with urllib.request.urlopen(url, timeout=5):
                        break
                except (urllib.error.URLError, OSError):
                    if time.monotonic() > deadline:
                        raise BenchmarkError(f"mkdocs serve did not answer at {url}") from None
                    time.sleep(0.2)
            yield url
        finally:
            # SIGINT is how a maintainer stops `mkdocs serve` (Ctrl+C): it shuts down cleanly.
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


_BUILT_IN = re.compile(r"Documentation built in (\d+\.\d+) seconds")


def rebuild_seconds(log_file: Path) -> list[float]:
    """How long each rebuild of `mkdocs serve` took, as it logs them (the first build excluded)."""
    times = [float(m) for m in _BUILT_IN.findall(log_file.read_text(encoding="utf-8"))]
    return times[1:]


def _shown_after(page: Page, text: str, saved_at: float) -> float | None:
    """Seconds from `saved_at` until the page's heading shows `text`, or None if it never does."""
    deadline = time.monotonic() + GIVE_UP_S
    while time.monotonic() < deadline:
        try:
            probe = page.evaluate(
                "window.__bench && [window.__bench.heading, window.__bench.shownEpoch]"
            )
        except PlaywrightError:  # the page is being replaced by its reload
            probe = None
        if probe and probe[0] and text in probe[0] and probe[1]:
            return float(probe[1]) / 1000 - saved_at
        time.sleep(0.05)
    return None


@dataclass(frozen=True)
class Edit:
    """A file to change and how: `apply(name)` writes the page's new name into it."""

    file: Path
    apply: Callable[[str], str]


def _measure(
    url: str, edit: Edit, runs: int, label: str, say: Callable[[str], None]
) -> list[float | None]:
    samples: list[float | None] = []
    with sync_playwright() as playwright, fresh_profile(playwright) as (_, page):
        page.goto(url)
        wait_for(page, "window.__bench && window.__bench.shownEpoch", timeout_s=60)
        for run in range(runs):
            name = f"Renamed for the benchmark {run + 1} {time.time_ns() % 100000}"
            text = edit.apply(name)
            # Let a rebuild that an earlier run started settle, so runs do not overlap.
            time.sleep(1.0)
            saved_at = time.time()
            edit.file.write_text(text, encoding="utf-8")
            seconds = _shown_after(page, name, saved_at)
            samples.append(seconds)
            shown = "never shown" if seconds is None else f"{seconds:.2f} s"
            say(f"  live reload {label}, run {run + 1}/{runs}: {shown}")
    return samples


def benchmark_reload(runs: int, say: Callable[[str], None]) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="atlas-bench-reload-") as temp:
        work = Path(temp)
        project = frozen_project(work / "atlas")
        pages = sample_pages(project)
        ours_port, plain_port = free_port(), free_port()
        plain = export_plain(
            project,
            work / "plain",
            with_quiz_engine=False,
            site_url=f"http://127.0.0.1:{plain_port}{SUB_PATH}",
        )
        env = {
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "ATLAS_SITE_URL": f"http://127.0.0.1:{ours_port}{SUB_PATH}",
        }

        model_lines = pages.model_file.read_text(encoding="utf-8").splitlines(keepends=True)
        line = model_lines[pages.name_line - 1]
        indent = line[: len(line) - len(line.lstrip())]
        if not line.strip().startswith("name:"):
            raise BenchmarkError(f"{pages.model_file}:{pages.name_line} is not the stage's name")

        def rename_in_model(name: str) -> str:
            changed = list(model_lines)
            changed[pages.name_line - 1] = f"{indent}name: {name}\n"
            return "".join(changed)

        switch_off_plugins(plain.config_file, SKIPPED_PLUGINS)
        markdown_file = plain.docs_dir / pages.stage_markdown
        markdown = markdown_file.read_text(encoding="utf-8")
        if pages.stage_name not in markdown:
            raise BenchmarkError(
                f"{markdown_file} does not show the stage name {pages.stage_name!r}"
            )

        say("Live reload: mkdocs serve of the atlas, then of the plain baseline")
        ours_log, plain_log = work / "serve-atlas.log", work / "serve-plain.log"
        with mkdocs_serve(project / "mkdocs.yml", ours_port, ours_log, env) as url:
            ours = _measure(
                url + pages.stage, Edit(pages.model_file, rename_in_model), runs, "atlas", say
            )
        with mkdocs_serve(plain.config_file, plain_port, plain_log, env) as url:
            edit = Edit(markdown_file, lambda name: markdown.replace(pages.stage_name, name))
            base = _measure(url + pages.stage, edit, runs, "plain", say)
        rebuilds = {"atlas": rebuild_seconds(ours_log), "plain": rebuild_seconds(plain_log)}

    def measure(samples: list[float | None]) -> Measure:
        # A reload that never showed counts as the give-up time, so the median stays honest.
        return Measure.of([GIVE_UP_S if s is None else s for s in samples], "s")

    notes = [
        "Of which the rebuild `mkdocs serve` logs (median): "
        + ", ".join(
            f"{name} {statistics.median(times):.2f} s" for name, times in rebuilds.items() if times
        )
        + "; the rest is noticing the change (MkDocs polls every 0.5 s), reloading and rendering."
        " The atlas keeps the theme's compiled templates between rebuilds; plain MkDocs compiles "
        "them again for each."
    ]
    if any(s is None for s in ours):
        notes.append(
            f"{sum(s is None for s in ours)} of {runs} reloads of the atlas never showed the change "
            f"within {GIVE_UP_S:.0f} s (counted as {GIVE_UP_S:.0f} s)."
        )
    ours_measure = measure(ours)
    return [
        Row(
            "2",
            "Live reload: save a model's YAML → the open stage page shows the new name, vs plain "
            "MkDocs serving the same pages (edit of the page's Markdown; search and Git dates "
            "off in both, as the atlas has them under serve)",
            ours_measure,
            measure(base),
            f"≤ {RELOAD_TARGET_S:.0f} s",
            ours_measure.median <= RELOAD_TARGET_S and None not in ours,
            tuple(notes),
        )
    ]
