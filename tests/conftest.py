"""Shared fixtures: the project's paths and one real, strict build of the site per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
MODELS = PROJECT / "models"
MKDOCS = Path(sys.executable).parent / "mkdocs"


def run_mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the project folder into `site`, as a maintainer runs it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def copy_project(destination: Path) -> Path:
    """A copy of everything a build reads: mkdocs.yml, content/, models/, site_overrides/."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(PROJECT / "mkdocs.yml", destination / "mkdocs.yml")
    for folder in ("content", "models", "site_overrides"):
        shutil.copytree(PROJECT / folder, destination / folder)
    return destination


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once with --strict into a temporary folder."""
    site = tmp_path_factory.mktemp("built") / "site"
    result = run_mkdocs_build(PROJECT, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


@pytest.fixture
def project_copy(tmp_path: Path) -> Callable[[], Path]:
    """Make a temporary copy of the project to change and build."""
    return lambda: copy_project(tmp_path / "project")
