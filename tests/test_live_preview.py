"""What `mkdocs serve` skips, and keeps between rebuilds, to show a change sooner; and that
`mkdocs build` skips nothing. What `serve` shows while the models have problems, and that
`build` still stops on them."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar

import jinja2
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from playwright.sync_api import Browser, expect

from benchmarks.projects import free_port
from benchmarks.reload import mkdocs_serve
from generator import live_preview, preview_problems, quiz_assets, template_cache
from generator.atlas import load_atlas
from generator.problems import AtlasError
from tests.conftest import PROJECT
from tests.fixture_atlas import FIXTURE_SITE_URL, SMALL, build_site, fixture_project
from tests.shared_pages import AXE
from tests.test_accessibility import axe_violations


def configured(command: str) -> MkDocsConfig:
    """The project's configuration after every plugin's `config` event, as `command` runs it."""
    config = load_config(str(PROJECT / "mkdocs.yml"))
    config.plugins.on_startup(command=command, dirty=False)
    configured: MkDocsConfig = config.plugins.on_config(config)
    return configured


def enabled(config: MkDocsConfig, plugin: str) -> Any:
    return config.plugins[plugin].config["enabled"]


def test_serve_skips_the_search_index_and_the_dates_from_git() -> None:
    config = configured("serve")
    assert not enabled(config, "material/search")
    assert not enabled(config, "git-revision-date-localized")


def test_skipped_plugins_are_found_by_any_of_their_names() -> None:
    plugins = {
        name: SimpleNamespace(config={"enabled": enabled})
        for name, enabled in [("material/search", True), ("git-revision-date-localized", False)]
    }
    plugins["atlas"] = SimpleNamespace(config={})
    assert live_preview.skip_plugins(plugins) == ["material/search"]
    assert [p.config.get("enabled") for p in plugins.values()] == [False, False, None]


@pytest.mark.parametrize("command", ["build", "gh-deploy"])
def test_build_skips_nothing(command: str) -> None:
    config = configured(command)
    assert enabled(config, "material/search")
    assert enabled(config, "git-revision-date-localized")


class CountingEnvironment(jinja2.Environment):
    compiled: ClassVar[list[str | None]] = []

    def compile(
        self, source: Any, name: Any = None, filename: Any = None, *a: Any, **k: Any
    ) -> Any:
        self.compiled.append(name)
        return super().compile(source, name, filename, *a, **k)


@pytest.mark.parametrize("kind", ["in memory", "lasting"])
def test_templates_are_compiled_again_only_when_they_change(tmp_path: Path, kind: str) -> None:
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text("one {{ x }}", encoding="utf-8")
    cache: jinja2.BytecodeCache = (
        template_cache.MemoryTemplateCache()
        if kind == "in memory"
        else jinja2.FileSystemBytecodeCache(str(tmp_path))
    )

    def render() -> str:
        # A new environment each time, as MkDocs makes one for every rebuild.
        env = CountingEnvironment(
            loader=jinja2.FileSystemLoader(template.parent), bytecode_cache=cache
        )
        return env.get_template("page.html").render(x=1)

    CountingEnvironment.compiled = []
    assert render() == "one 1"
    assert render() == "one 1"
    assert CountingEnvironment.compiled == ["page.html"]
    template.write_text("two {{ x }}", encoding="utf-8")
    assert render() == "two 1"
    assert CountingEnvironment.compiled == ["page.html", "page.html"]


def test_the_themes_templates_are_kept_in_the_plugins_cache() -> None:
    # The atlas plugin outlives rebuilds under `serve` (it has an `on_startup`), and so does the
    # cache it gives each rebuild's new theme environment.
    config = configured("serve")
    first = config.plugins.on_env(config.theme.get_env(), config=config, files=None)
    second = config.plugins.on_env(config.theme.get_env(), config=config, files=None)
    assert isinstance(first.bytecode_cache, template_cache.MemoryTemplateCache)
    assert first.bytecode_cache is second.bytecode_cache


def test_the_lasting_cache_falls_back_to_memory_without_a_safe_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unsafe(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("Cache directory is not owned by the user")

    monkeypatch.setattr(jinja2, "FileSystemBytecodeCache", unsafe)
    template_cache.lasting_template_cache.cache_clear()
    try:
        assert isinstance(
            template_cache.lasting_template_cache("test"), template_cache.MemoryTemplateCache
        )
    finally:
        template_cache.lasting_template_cache.cache_clear()


# --- models with problems: `serve` shows them at every address, `build` stops --------------------


def preview_project(destination: Path) -> Path:
    """A copy of the project with the small fixture atlas as its models."""
    return fixture_project(destination, SMALL)


def misspell_first_capability(model_file: Path) -> str:
    """Misspell the first capability id the model's `requires` names (its last two letters
    swapped); return the misspelt id. Works on flow and block mappings alike."""
    text = model_file.read_text(encoding="utf-8")
    found = re.search(r"requires:\s*\{?\s*([a-z0-9-]+):", text)
    assert found, f"{model_file} has no `requires` with a capability"
    capability = found.group(1)
    misspelt = capability[:-2] + capability[-1] + capability[-2]
    model_file.write_text(text[: found.start(1)] + misspelt + text[found.end(1) :], "utf-8")
    return misspelt


def preview_build(project: Path, site: Path) -> None:
    """Build `project` into `site` in this process, as `mkdocs serve` builds it (strictly: the
    project's mkdocs.yml says `strict: true`)."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url=FIXTURE_SITE_URL)
    finally:
        config.plugins.on_shutdown()


def listed_problems(page: str) -> list[str]:
    """The problems a problem page lists, as text."""
    return [html.unescape(item) for item in re.findall(r"<li><code>(.*?)</code></li>", page)]


def html_files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html")}


def test_build_of_broken_models_stops_and_leaves_the_site_as_it_was(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = preview_project(tmp_path / "project")
    model = load_atlas(project / "models").models[0]
    misspell_first_capability(project / model.source_file)
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("the last good build", encoding="utf-8")
    with pytest.raises(Abort):
        build_site(project, site)
    assert [p.name for p in site.iterdir()] == ["old.html"]
    with pytest.raises(AtlasError) as error:
        load_atlas(project / "models", display_root=project)
    assert str(error.value) in caplog.text


def test_serve_of_broken_models_shows_every_problem_at_every_address(tmp_path: Path) -> None:
    project = preview_project(tmp_path / "project")
    site = tmp_path / "site"
    preview_build(project, site)
    good_pages = html_files(site)
    assert len(good_pages) > 5

    model = load_atlas(project / "models").models[0]
    model_file = project / model.source_file
    misspelt = misspell_first_capability(model_file)
    # Markup in a file's key is shown as text.
    model_file.write_text(
        model_file.read_text(encoding="utf-8").replace(f"{misspelt}:", '"<b>bold</b>":', 1),
        encoding="utf-8",
    )
    with pytest.raises(AtlasError) as error:
        load_atlas(project / "models", display_root=project)
    expected = [str(problem) for problem in error.value.problems]
    assert any("<b>bold</b>" in line for line in expected)

    preview_build(project, site)

    # The page at every address of the last good preview (the browser shows one of them), and
    # nothing else: no theme page or asset, no half-built page.
    assert set(site.rglob("*")) == {*(site / page for page in good_pages), *_folders(site)}
    for address in sorted(good_pages):
        page = (site / address).read_text(encoding="utf-8")
        assert listed_problems(page) == expected, address
        assert "<b>" not in page
    assert "problem" in (site / "404.html").read_text(encoding="utf-8")


def test_serve_of_a_quiz_engine_that_cannot_be_built_shows_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quiz module importing what the trimmed standard library lacks (say) stops the engine's
    build: the preview says so at every address instead of holding every request."""
    project = preview_project(tmp_path / "project")
    site = tmp_path / "site"

    def broken(root: Path) -> None:
        raise quiz_assets.AssetError("the quiz imports modules the trimmed library lacks: mailbox")

    monkeypatch.setattr(quiz_assets, "quiz_engine", broken)
    preview_build(project, site)
    [problem] = listed_problems((site / "index.html").read_text(encoding="utf-8"))
    assert problem == (
        f"{quiz_assets.QUIZ_SOURCE_DIR}:1:1: The quiz engine cannot be built: "
        "the quiz imports modules the trimmed library lacks: mailbox"
    )


def _folders(site: Path) -> set[Path]:
    return {path for path in site.rglob("*") if path.is_dir()}


def test_serve_of_broken_models_from_the_start_shows_them_at_the_home_page(
    tmp_path: Path,
) -> None:
    project = preview_project(tmp_path / "project")
    model = load_atlas(project / "models").models[0]
    misspelt = misspell_first_capability(project / model.source_file)
    site = tmp_path / "site"
    preview_build(project, site)
    assert html_files(site) >= {"index.html", "404.html"}
    [problem] = listed_problems((site / "index.html").read_text(encoding="utf-8"))
    assert f"requires.{misspelt}: unknown capability '{misspelt}'" in problem


def test_an_address_without_a_file_answers_with_the_problem_page_and_reloads(
    tmp_path: Path,
) -> None:
    """MkDocs' live server sends its error handler's page as it is; the problem page gets the
    live-reload script a served file gets, so it too reloads by itself once the files are fixed."""
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    problem_page: list[str | None] = ["<html><body><h1>2 problems</h1></body></html>"]
    server.error_handler = preview_problems.problem_page_for_any_address(
        server, lambda: problem_page[0], fallback=lambda code: b"the site's own 404 page"
    )

    def answer(path: str) -> str:
        environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET"}
        body = server.serve_request(environ, lambda status, headers: None)
        return b"".join(body).decode("utf-8")

    page = answer("/models/no-such-model/")
    assert page.startswith("<html><body><h1>2 problems</h1>")
    assert "livereload(" in page
    assert page.endswith("</script></body></html>")
    problem_page[0] = None
    assert answer("/models/no-such-model/") == "the site's own 404 page"
    server.server_close()


# --- in the browser: `make serve`, a model broken and fixed ----------------------------------------

PROBLEM_HEADING = re.compile(r"^\d+ problems? in the models$")


@pytest.fixture
def served_preview(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`mkdocs serve` of a fixture project on a free port, strict as `make serve` (mkdocs.yml
    says `strict: true`); yields the preview's address and the project."""
    project = preview_project(tmp_path / "project")
    env = {k: v for k, v in os.environ.items() if k != "ATLAS_SITE_URL"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    with mkdocs_serve(project / "mkdocs.yml", free_port(), tmp_path / "serve.log", env) as url:
        yield url, project


def check_output(project: Path) -> list[str]:
    """What `python -m generator check` prints in the project, line by line."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.stdout.splitlines()


def test_preview_shows_a_broken_models_problems_and_comes_back_by_itself(
    chromium: Browser, served_preview: tuple[str, Path]
) -> None:
    url, project = served_preview
    model = load_atlas(project / "models", display_root=project).models[0]
    model_file = project / model.source_file
    good = model_file.read_text(encoding="utf-8")
    context = chromium.new_context()
    context.add_init_script(path=str(AXE))
    try:
        page = context.new_page()
        page.goto(f"{url}models/{model.id}/")
        heading = page.locator("h1")
        expect(heading).not_to_have_text(PROBLEM_HEADING)
        title = heading.inner_text()
        address = page.url

        misspelt = misspell_first_capability(model_file)
        broken = model_file.read_text(encoding="utf-8")
        offset = broken.index(f"{misspelt}:")
        line = broken.count("\n", 0, offset) + 1
        column = offset - broken.rfind("\n", 0, offset)

        # The page reloads by itself into the list of problems, each as `check` prints it.
        expect(heading).to_have_text(PROBLEM_HEADING)
        problems = check_output(project)
        expect(page.locator("#problems li")).to_have_text(problems)
        assert any(
            problem.startswith(f"{model.source_file}:{line}:{column}: stages[")
            and f".requires.{misspelt}: unknown capability '{misspelt}'" in problem
            for problem in problems
        ), problems
        assert page.url == address
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            assert axe_violations(page) == [], scheme

        # An address the preview has no page for shows the problems too.
        elsewhere = context.new_page()
        elsewhere.goto(f"{url}no-such-page/")
        expect(elsewhere.locator("h1")).to_have_text(PROBLEM_HEADING)

        model_file.write_text(good, encoding="utf-8")

        # Both reload by themselves: the model's page, and the site's own not-found page.
        expect(heading).to_have_text(title)
        assert page.url == address
        expect(elsewhere.locator("h1")).to_have_text(re.compile("404"))
    finally:
        context.close()
