"""What `mkdocs serve` skips, and keeps between rebuilds, to show a change sooner; and that
`mkdocs build` skips nothing."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar

import jinja2
import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from generator import live_preview, template_cache
from tests.conftest import PROJECT


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
