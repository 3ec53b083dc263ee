"""How a model credits its source: a publisher and an address where the text can be read, shown
on the model's page and the Sources page; an archived copy (`seed`) or an address, at least one."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.atlas import RESERVED_FILES, load_atlas
from generator.paths import SOURCES_PAGE, model_page
from generator.problems import AtlasError
from generator.render import QuizEngineFiles, SiteRenderer
from tests.fixture_atlas import SMALL, build_site, fixture_project

ENGINE = QuizEngineFiles(pyodide_dir="", lock_file="", package_file="", package_integrity="")
ADDRESS = "https://example.org/reports/alpha?year=2010&part=1"


def first_model(models: Path) -> Path:
    return min(p for p in models.glob("*.yaml") if p.name not in RESERVED_FILES)


def with_source(models: Path, **source: Any) -> str:
    """Give the first model of `models` this `source` (None removes a field); return its id."""
    path = first_model(models)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["source"] = {
        key: value for key, value in {**data["source"], **source}.items() if value is not None
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path.stem


@pytest.fixture
def models(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SMALL, tmp_path / "models"))


def problems(models: Path) -> list[str]:
    with pytest.raises(AtlasError) as error:
        load_atlas(models)
    return [str(problem) for problem in error.value.problems]


def test_a_publisher_and_an_address_are_credited_on_the_model_and_sources_pages(
    models: Path,
) -> None:
    model_id = with_source(models, publisher="Example <Research> & Co", url=ADDRESS, seed=None)
    pages = {page.src: page.content for page in SiteRenderer(load_atlas(models), ENGINE).pages()}
    title = load_atlas(models).model(model_id).source.title
    for src, label in [(model_page(model_id), "Source"), (SOURCES_PAGE, "Article")]:
        assert f"- **{label}:** “[{title}](<{ADDRESS}>)”" in pages[src], src
        assert "- **Published by:** Example &lt;Research&gt; &amp; Co\n" in pages[src], src


def test_the_address_is_a_link_in_the_built_pages(tmp_path: Path) -> None:
    project = fixture_project(tmp_path / "project", SMALL)
    model_id = with_source(project / "models", publisher="Example Research", url=ADDRESS)
    site = build_site(project, tmp_path / "site")
    link = '<a href="https://example.org/reports/alpha?year=2010&amp;part=1">'
    for page in (f"models/{model_id}/index.html", "sources/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert link in html, page
        assert "<strong>Published by:</strong> Example Research" in html, page


def test_a_source_without_an_archived_copy_needs_an_address(models: Path) -> None:
    model_id = with_source(models, seed=None)
    [problem] = problems(models)
    assert problem.startswith(f"models/{model_id}.yaml:")
    assert problem.endswith(
        ": source: give `seed` (the file name of the archived copy of the text) or `url` (the "
        "address where the text can be read), or both"
    )
    with_source(models, url=ADDRESS)
    load_atlas(models)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/report",
        "javascript:alert(1)",
        "https://user:secret@example.org/report",
        "https://example.org:8080/report",
        "https://localhost/report",
        "https://example.org/a report",
        'https://example.org/"><script>',
        "//example.org/report",
    ],
)
def test_an_address_is_an_https_page_of_a_named_host(models: Path, url: str) -> None:
    with_source(models, url=url)
    [problem] = problems(models)
    assert ": source.url: must be the https:// address of a web page, like " in problem
