"""Fixture atlases: small model folders written for the tests, and sites built from them.

Tests of behaviour run on these, never on the real `models/`, so that the atlas's content can
change without a test edit. Tests of the real models assert only what holds for any content.

- `tests/fixtures/atlas/` (`ATLAS`): three models, five capabilities, six practice questions and
  three kinds of business, shaped to reach every rule of placement: a first stage that asks
  nothing (`ladder`), a phase before the first and advice for every kind of business (`phases`),
  a first stage that asks something and later stages met before it (`steps`), a capability with
  two questions, and an equivalence override. The quiz, share-link, malformed-model, command-line
  and site tests use it.
- `tests/fixtures/small-models/` (`SMALL`): two models whose pages and quiz result are kept as
  golden files, and whose questions skip some levels.

A site is built in-process through MkDocs' Python API, as `mkdocs build --strict` builds it,
with the project's own mkdocs.yml, content/, site_overrides/ and Pyodide runtime.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import File

from generator.atlas import Atlas, load_atlas
from generator.paths import (
    ALIGNMENT_PAGE,
    CAPABILITIES_PAGE,
    MATRIX_PAGE,
    METHODOLOGY_PAGE,
    MODELS_PAGE,
    QUIZ_PAGE,
    SOURCES_PAGE,
    TEAM_PAGE,
    capability_page,
    model_page,
    stage_page,
)
from generator.render import QuizEngineFiles, SiteRenderer
from tests.conftest import copy_project

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ATLAS = FIXTURES / "atlas"
SMALL = FIXTURES / "small-models"
# The address fixture sites are built for; the link checker resolves their URLs against it.
FIXTURE_SITE_URL = "http://127.0.0.1:8000/atlas/"

# Where a real build puts the engine's files (the plugin derives them from the runtime).
ENGINE_FILES = QuizEngineFiles(
    pyodide_dir="assets/pyodide/314.0.7/",
    lock_file="assets/pyodide/314.0.7/pyodide-lock.0123456789.json",
    package_file="assets/quiz/quiz-package.0123456789.json",
    package_integrity="sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
    stdlib_file="assets/pyodide/314.0.7/python_stdlib.0123456789.zip",
)


def copy_models(source: Path, destination: Path) -> Path:
    """Copy the YAML files of a models folder (a fixture's, or the real one) to `destination`."""
    destination.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.yaml")):
        shutil.copy2(path, destination / path.name)
    return destination


def fixture_project(destination: Path, models: Path = ATLAS) -> Path:
    """A project to build: the real mkdocs.yml, content/ and site_overrides/, with the models of
    a fixture atlas in models/."""
    project = copy_project(destination)
    shutil.rmtree(project / "models")
    copy_models(models, project / "models")
    return project


def build_site(project: Path, site: Path, site_url: str | None = FIXTURE_SITE_URL) -> Path:
    """Build `project` into `site` in this process, strictly: a warning fails the build (MkDocs
    raises `Abort`), as with `mkdocs build --strict`.

    As that command does, the plugins are told that a build starts and ends: MkDocs keeps the
    instance of a plugin with an `on_startup` event (the atlas plugin) from one configuration to
    the next in a process, so without it a build would inherit what an earlier `serve`
    configuration told the plugin (and leave out the search index and the dates)."""
    overrides: dict[str, Any] = {"site_dir": str(site), "strict": True}
    if site_url is not None:
        overrides["site_url"] = site_url
    config = load_config(config_file=str(project / "mkdocs.yml"), **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return site


def quiz_spec(models: Path) -> dict[str, Any]:
    """The quiz spec the build makes from a models folder, made in-process."""
    return SiteRenderer(load_atlas(models), ENGINE_FILES).quiz_spec


def page_url(src: str) -> str:
    """The address of a page below the site's root, by MkDocs' own rules (directory URLs):
    `models/x/` for `models/x.md`, `""` for the home page."""
    url = File(src, None, "", use_directory_urls=True).url
    return "" if url == "./" else url


def one_page_of_each_kind(atlas: Atlas) -> list[str]:
    """The addresses of the home page, every index page, every model's page and first stage's
    page, the first capability's page and the 404 page: each template, and each model, once."""
    sources = [
        MODELS_PAGE,
        *(model_page(model) for model in atlas.models),
        *(stage_page(model.stages[0]) for model in atlas.models),
        CAPABILITIES_PAGE,
        capability_page(atlas.capabilities[0]),
        MATRIX_PAGE,
        ALIGNMENT_PAGE,
        METHODOLOGY_PAGE,
        SOURCES_PAGE,
        QUIZ_PAGE,
        TEAM_PAGE,
    ]
    return ["", *(page_url(src) for src in sources), "404.html"]
