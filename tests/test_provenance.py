"""Provenance on pages: when the page's source last changed in Git, and a link to edit it.

A generated page is dated by the YAML file it is made from (the capability pages by the
vocabulary, the quiz by its questions, the pages made from every model by the models folder),
not by the build. A copy without Git history and a shallow clone still build with --strict.
The projects hold the fixture atlas (`tests/fixtures/atlas`) and are built in-process.
"""

from __future__ import annotations

import os
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.fixture_atlas import build_site, fixture_project

FIRST = datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC)
SECOND = datetime(2022, 7, 8, 9, 10, 11, tzinfo=UTC)
EDIT_BASE = "https://github.com/social-media-maturity-atlas/atlas/edit/main/"
DATE = re.compile(
    r'<span class="git-revision-date-localized-plugin git-revision-date-localized-plugin-date"'
    r' title="(?P<title>[^"]+)">(?P<date>[^<]+)</span>'
)


def git(repository: Path, *arguments: str, when: datetime | None = None) -> str:
    """Run Git in `repository` with a fixed identity (and commit date), ignoring user config."""
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Maintainer",
        "GIT_AUTHOR_EMAIL": "maintainer@example.org",
        "GIT_COMMITTER_NAME": "Maintainer",
        "GIT_COMMITTER_EMAIL": "maintainer@example.org",
    }
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when.isoformat()
    result = subprocess.run(
        ["git", *arguments], cwd=repository, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def long_date(when: datetime) -> str:
    """A date as the pages show it, e.g. `July 8, 2022`."""
    return f"{when:%B} {when.day}, {when.year}"


def shown_date(site: Path, page: str) -> tuple[str, str]:
    """The "last update" date a built page shows, and its title (the full date and time)."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    found = DATE.search(html)
    assert found, f"{page} shows no date"
    return found["date"], found["title"]


def edit_link(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<a href="([^"]+)" title="Edit this page"', html)
    assert found, f"{page} has no edit link"
    return found[1]


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project under Git: everything committed on FIRST, then one model changed on SECOND."""
    project = fixture_project(tmp_path_factory.mktemp("dated") / "project")
    (project / ".gitignore").write_text("/node_modules\n", encoding="utf-8")
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", ".")
    git(project, "commit", "--quiet", "--message=The atlas", when=FIRST)
    model = project / "models" / "ladder.yaml"
    with model.open("a", encoding="utf-8") as file:
        file.write("# Reviewed against the source text.\n")
    git(project, "commit", "--quiet", "--all", "--message=Review a model", when=SECOND)
    return project


@pytest.fixture(scope="module")
def dated_site(repository: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(repository, tmp_path_factory.mktemp("dated-site") / "site", site_url=None)


def test_a_stage_page_shows_when_its_model_file_last_changed_and_links_to_it(
    dated_site: Path,
) -> None:
    date, title = shown_date(dated_site, "models/ladder/ground")
    assert date == long_date(SECOND)
    assert title == f"{long_date(SECOND)} 09:10:11 UTC"
    assert edit_link(dated_site, "models/ladder/ground") == EDIT_BASE + "models/ladder.yaml"


def test_pages_of_an_unchanged_model_keep_its_own_date(dated_site: Path) -> None:
    assert shown_date(dated_site, "models/phases/broadcasting")[0] == long_date(FIRST)
    assert shown_date(dated_site, "models/phases")[0] == long_date(FIRST)
    assert edit_link(dated_site, "models/phases/broadcasting") == EDIT_BASE + "models/phases.yaml"


@pytest.mark.parametrize(
    ("page", "when", "source"),
    [
        ("capabilities/hearing", FIRST, "models/vocabulary.yaml"),
        ("methodology", FIRST, "models/vocabulary.yaml"),
        ("quiz", FIRST, "models/questions.yaml"),
        ("", FIRST, "content/index.md"),
        # Made from every model: dated by the last change to any file of the models folder.
        ("compare/matrix", SECOND, "models/"),
    ],
)
def test_every_page_is_dated_by_its_own_source(
    dated_site: Path, page: str, when: datetime, source: str
) -> None:
    assert shown_date(dated_site, page)[0] == long_date(when)
    assert edit_link(dated_site, page) == EDIT_BASE + source


def test_a_shallow_clone_builds_strictly(
    repository: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On GitHub Actions the plugin warns about a one-commit clone, which --strict would turn
    # into an error; the workflow fetches the whole history (tests/test_workflow.py checks).
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth=1", repository.as_uri(), str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    (clone / "node_modules").symlink_to(repository / "node_modules", target_is_directory=True)
    site = build_site(clone, tmp_path / "site", site_url=None)
    # The clone holds one commit, the latest: every page is dated by it.
    assert shown_date(site, "models/phases/broadcasting")[0] == long_date(SECOND)


def test_a_copy_without_git_builds_strictly_dated_by_the_build(tmp_path: Path) -> None:
    project = fixture_project(tmp_path / "project")
    assert subprocess.run(
        ["git", "rev-parse", "--git-dir"], cwd=project, capture_output=True, check=False
    ).returncode, "the copy must not be inside a Git repository"
    before = datetime.now(UTC)
    site = build_site(project, tmp_path / "site", site_url=None)
    after = datetime.now(UTC)
    date, _ = shown_date(site, "models/ladder/ground")
    assert date in {long_date(before), long_date(after)}
