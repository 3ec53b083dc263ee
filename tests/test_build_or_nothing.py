"""A build succeeds or changes nothing (issue 14): what the build would reject is found first.

A good fixture site is built once; then each defect the hostile-input probe found is written
into a copy of its project and built into the same output folder. Each must end with its
located problem (`file:line:col: key path: message`), printed the same by
`python -m generator check` and by the build, and leave the site folder exactly as it was. A
defect only MkDocs finds (a link to a missing image) must leave it too: the site is built
beside the output folder and moved into place only when the build succeeds.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from tests.fixture_atlas import build_site, fixture_project
from tests.malformed_cases import CASES

# A link of the home page to a model's page: fine while the model exists.
LINK_TO_STEPS = "\nSee [the steps](models/steps/index.md).\n"


def tree_digest(folder: Path) -> str:
    """One hash of every file and folder under `folder`: paths, bytes and modification times."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
            digest.update(str(path.stat().st_mtime_ns).encode())
    return digest.hexdigest()


class GoodSite:
    """The fixture project with a link to a model from its home page, built once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.project = fixture_project(root / "good")
        with (self.project / "content" / "index.md").open("a", encoding="utf-8") as home:
            home.write(LINK_TO_STEPS)
        self.site = build_site(self.project, root / "out" / "site")
        self.digest = tree_digest(self.site)

    def variant(self, name: str, change: Callable[[Path], None]) -> Path:
        """A copy of the good project with `change` made to it."""
        project = self.root / name
        shutil.copytree(self.project, project, symlinks=True)
        change(project)
        return project

    def leftovers(self) -> list[str]:
        """Whatever a build left beside the site folder."""
        return sorted(p.name for p in self.site.parent.iterdir() if p != self.site)


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> GoodSite:
    return GoodSite(tmp_path_factory.mktemp("build-or-nothing"))


def check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "check"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def failed_build(project: Path, site: Path, caplog: pytest.LogCaptureFixture) -> list[str]:
    """Build `project` into `site`, which must fail; the lines MkDocs logged as errors and
    warnings."""
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mkdocs"), pytest.raises(Abort):
        build_site(project, site)
    return [
        line
        for record in caplog.records
        if record.levelno >= logging.WARNING
        for line in record.getMessage().splitlines()
    ]


def apply_case(name: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        for step in CASES[name].changes:
            step.apply(project / "models")

    return change


def delete_linked_model(project: Path) -> None:
    (project / "models" / "steps.yaml").unlink()


PROBES: dict[str, tuple[Callable[[Path], None], str]] = {
    # A stage id whose page would be its model's page.
    "stage-id-index": (apply_case("stage-id-index"), CASES["stage-id-index"].expected[0]),
    "capability-id-index": (
        apply_case("capability-id-index"),
        CASES["capability-id-index"].expected[1],
    ),
    # A model deleted while the home page still links to it.
    "linked-model-deleted": (
        delete_linked_model,
        "content/index.md:{line}:17: the link 'models/steps/index.md' leads to "
        "models/steps/index.md, which is not a page of the site (did you mean "
        "'models/phases/index.md'?)",
    ),
    "file-name-ending-in-a-newline": (
        apply_case("file-name-ending-in-a-newline"),
        CASES["file-name-ending-in-a-newline"].expected[0],
    ),
    "upper-case-yaml-extension": (
        apply_case("upper-case-yaml-extension"),
        CASES["upper-case-yaml-extension"].expected[0],
    ),
    "backup-of-a-model": (apply_case("backup-of-a-model"), CASES["backup-of-a-model"].expected[0]),
    "title-of-hangul-fillers": (
        apply_case("title-of-hangul-fillers"),
        CASES["title-of-hangul-fillers"].expected[0],
    ),
}


@pytest.mark.parametrize("name", sorted(PROBES))
def test_check_and_the_build_report_the_problem_and_the_site_stays(
    name: str, good: GoodSite, caplog: pytest.LogCaptureFixture
) -> None:
    change, expected = PROBES[name]
    project = good.variant(name, change)
    home = (project / "content" / "index.md").read_text(encoding="utf-8")
    expected = expected.format(line=home.splitlines().index(LINK_TO_STEPS.strip()) + 1)

    result = check(project)
    assert result.returncode == 1
    assert expected in result.stdout.splitlines(), result.stdout

    logged = failed_build(project, good.site, caplog)
    assert f"  {expected}" in logged, logged
    assert tree_digest(good.site) == good.digest
    assert good.leftovers() == []


def test_a_failure_only_mkdocs_finds_leaves_the_site_as_it_was(
    good: GoodSite, caplog: pytest.LogCaptureFixture
) -> None:
    """A link to a missing image passes `check` (which reads only links to pages) and fails the
    strict build after every page is written: into the staging folder, which is removed."""

    def link_to_a_missing_image(project: Path) -> None:
        with (project / "content" / "index.md").open("a", encoding="utf-8") as home:
            home.write("\n![A chart](missing-chart.png)\n")

    project = good.variant("missing-image", link_to_a_missing_image)
    assert check(project).returncode == 0
    logged = failed_build(project, good.site, caplog)
    assert any("missing-chart.png" in line for line in logged), logged
    assert tree_digest(good.site) == good.digest
    assert good.leftovers() == []


def test_a_build_that_succeeds_replaces_the_site(tmp_path: Path, good: GoodSite) -> None:
    """Into a copy of the good site: the new one takes its place, nothing is left beside it."""
    site = tmp_path / "out" / "site"
    shutil.copytree(good.site, site)
    (site / "stale.html").write_text("<p>from an earlier build</p>\n", encoding="utf-8")

    def rename_the_home_page_title(project: Path) -> None:
        home = project / "content" / "index.md"
        home.write_text(
            home.read_text(encoding="utf-8").replace(
                "# Social Media Maturity Atlas", "# A new title", 1
            ),
            encoding="utf-8",
        )

    build_site(good.variant("new-title", rename_the_home_page_title), site)
    assert "A new title" in (site / "index.html").read_text(encoding="utf-8")
    assert not (site / "stale.html").exists()
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]
