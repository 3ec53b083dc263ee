"""The MkDocs plugin: adapts the atlas core to MkDocs, and does nothing else.

It loads and validates every model before the build starts (so a wrong file stops the build
before anything is written), adds the generated pages as virtual files, builds the navigation,
points "edit this page" at the YAML a page came from, and watches the models under `serve`.
Under `serve`, models with problems make a preview that lists them at every address
(generator/preview_problems.py) instead of stopping the build.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as option
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import CountHandler

from generator import (
    csp,
    live_preview,
    offline,
    preview_problems,
    quiz_assets,
    staged_site,
    template_cache,
    theme_fixes,
)
from generator.atlas import load_atlas
from generator.problems import AtlasError, Problem
from generator.render import ATLAS_JSON, TEMPLATES, RenderedPage, SiteRenderer

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class AtlasPluginConfig(base.Config):
    """The plugin's options in mkdocs.yml."""

    models_dir = option.Type(str, default="models")
    """The folder of model YAML files, relative to mkdocs.yml."""
    content_dir_in_repository = option.Type(str, default="content")
    """Where the docs_dir lives in the repository, for "edit this page" on hand-written pages."""


class AtlasPlugin(BasePlugin[AtlasPluginConfig]):
    """Adds the atlas's generated pages and files to a MkDocs build."""

    def __init__(self) -> None:
        self._pages: list[RenderedPage] = []
        self._renderer: SiteRenderer | None = None
        self._engine: quiz_assets.QuizEngine | None = None
        self._serving = False
        self._script_hashes: set[str] = set()
        self._policy_pages: list[Path] = []
        # Under `serve`: the page listing the models' problems while they have any, and the
        # files of the last build that had none (the preview shows the problems at each).
        self._problem_page: str | None = None
        self._preview_addresses: list[str] = []
        # In memory, for the rebuilds of `mkdocs serve`: the theme is MkDocs' work, not ours.
        self._theme_templates = template_cache.MemoryTemplateCache()
        # `build`: the folder the site is built into until it replaces the output folder.
        self._stages_site = False
        self._staging: Path | None = None
        self._site_dir = Path()
        self._config_site_dir = ""
        self._config: MkDocsConfig | None = None
        self._warnings: CountHandler | None = None

    def _project_root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).resolve().parent

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"
        # `serve` builds into a folder of its own, and a dirty build adds to the site in place.
        self._stages_site = command in ("build", "gh-deploy") and not dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._script_hashes = set()
        self._policy_pages = []
        self._problem_page = None
        if self._serving:
            live_preview.skip_plugins(config.plugins)
        root = self._project_root(config)
        try:
            # Every problem a build would meet late (two pages at one address, a hand-written
            # link to a page that is gone) is found here, before anything is written.
            atlas = load_atlas(
                root / self.config.models_dir,
                display_root=root,
                content_dir=Path(config.docs_dir),
                directory_urls=config.use_directory_urls,
            )
        except AtlasError as error:
            if not self._serving:
                # Raised before MkDocs touches site_dir: a wrong model never leaves a half-built
                # site.
                raise PluginError(str(error)) from None
            return self._preview_problems(error.problems, str(error), config)
        try:
            self._engine = quiz_assets.quiz_engine(root)
        except (quiz_assets.AssetError, OSError) as error:
            message = f"The quiz engine cannot be built: {error}"
            if not self._serving:
                raise PluginError(message) from None
            # Such as a quiz module importing what the trimmed standard library lacks.
            problem = Problem(quiz_assets.QUIZ_SOURCE_DIR, 1, 1, "", message)
            return self._preview_problems([problem], message, config)
        if self._stages_site:
            self._stage_site(config)
        self._renderer = SiteRenderer(
            atlas, self._engine.files, directory_urls=config.use_directory_urls
        )
        self._pages = self._renderer.pages()
        if not config.nav:
            config.nav = self._renderer.nav()
        return config

    def _preview_problems(
        self, problems: Sequence[Problem], text: str, config: MkDocsConfig
    ) -> MkDocsConfig:
        """Under `serve`: a preview listing the problems at every address, until they are fixed.
        A preview that raised would hold every request instead."""
        self._problem_page = preview_problems.problem_page(problems, config.site_name)
        # Logged as information: a warning would fail the strict build of the problem page.
        log.info(f"{text}\nThe preview lists them at every address until they are fixed.")
        # The theme's own pages (its 404 page, the sitemap) would overwrite the problem page.
        config.theme.static_templates.clear()
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        if self._problem_page is not None:
            return self._problem_preview(self._problem_page, files, config)
        assert self._renderer is not None
        content_dir = self.config.content_dir_in_repository.strip("/")
        for file in files:
            if file.is_documentation_page():
                file.edit_uri = f"{content_dir}/{file.src_uri}"
        for page in self._pages:
            if files.get_file_from_path(page.src) is not None:
                raise PluginError(
                    f"{content_dir}/{page.src} would hide the generated page of the same path; "
                    "rename or remove it"
                )
            generated = File.generated(config, page.src, content=page.content)
            generated.edit_uri = page.source_file
            self._date_by_source(generated, self._project_root(config) / page.source_file)
            files.append(generated)
        files.append(File.generated(config, ATLAS_JSON, content=self._renderer.atlas_json()))
        self._add_quiz_engine(files, config)
        if self._serving:
            self._preview_addresses = [file.dest_uri for file in files]
        return files

    def _problem_preview(self, page: str, files: Files, config: MkDocsConfig) -> Files:
        """Only the problem page, at every address of the last good preview and of the pages in
        docs_dir: the address the browser shows is one of them, and reloads into the page."""
        addresses = preview_problems.addresses(
            self._preview_addresses, (file.dest_uri for file in files.documentation_pages())
        )
        return Files([File.generated(config, address, content=page) for address in addresses])

    @staticmethod
    def _date_by_source(file: File, source: Path) -> None:
        """Have the page dated by the last Git change to the file (or folder) it is made from.

        The git-revision-date-localized plugin dates a plugin-generated file by the build time,
        and any other by `git log` of its `abs_src_path`. So a generated page is presented as
        backed by its YAML file: MkDocs still reads its content from memory (`File._content`
        comes first), and that plugin, listed after this one, asks Git about the YAML.
        """
        if source.exists():
            file.abs_src_path = str(source)
            file.generated_by = None

    def _add_quiz_engine(self, files: Files, config: MkDocsConfig) -> None:
        """The quiz spec and every file of the engine (`quiz_assets.quiz_engine` lists them)."""
        assert self._renderer is not None and self._engine is not None
        renderer = self._renderer
        files.append(
            File.generated(config, renderer.quiz_spec_file, content=renderer.quiz_spec_json)
        )
        for site_file in self._engine.site_files:
            if isinstance(site_file.data, Path):
                generated = File.generated(config, site_file.path, abs_src_path=str(site_file.data))
            else:
                generated = File.generated(config, site_file.path, content=site_file.data)
            files.append(generated)

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        if self._problem_page is not None:
            return env
        # The quiz page's first script, inlined by site_overrides/main.html.
        assert self._engine is not None
        env.globals["atlas_quiz_boot_script"] = Markup(self._engine.boot_script)
        # On every page: the engine's files, fetched ahead of a visit to the quiz.
        assert self._renderer is not None
        env.globals["atlas_engine_intent"] = self._renderer.engine_intent()
        # `mkdocs serve` makes a new environment for every rebuild: compile the theme once.
        env.bytecode_cache = self._theme_templates
        return env

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(self._project_root(config) / self.config.models_dir))
        server.watch(str(TEMPLATES))
        server.watch(str(quiz_assets.quiz_package_dir()))
        server.error_handler = preview_problems.problem_page_for_any_address(
            server, lambda: self._problem_page, fallback=server.error_handler
        )
        return server

    # --- every rendered page: theme accessibility fixes (generator/theme_fixes.py) and the
    # Content-Security-Policy (generator/csp.py says what it allows, and why in two steps) ---

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return self._process_page(
            output, Path(page.file.abs_dest_path), self._made_from(page, config)
        )

    def _made_from(self, page: Page, config: MkDocsConfig) -> str:
        """The page's name in errors: its file in content/, or what a generated page is made of."""
        root = self._project_root(config)
        if page.file.abs_src_path is None:
            return page.file.src_uri
        source = Path(page.file.abs_src_path).resolve()
        if not source.is_relative_to(root):
            return page.file.src_uri
        made_from = source.relative_to(root).as_posix()
        if made_from.endswith(page.file.src_uri):
            return made_from
        return f"{page.file.src_uri} (made from {made_from})"

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        if not template_name.endswith(".html"):
            return output_content
        return self._process_page(
            output_content, Path(config.site_dir) / template_name, template_name
        )

    def _process_page(self, html: str, destination: Path, where: str) -> str:
        try:
            html = theme_fixes.fix_theme_markup(html, where)
        except theme_fixes.ThemeMarkupError as error:
            raise PluginError(str(error)) from None
        # `mkdocs serve` injects its live-reload script into every page it sends, with a new
        # text on every rebuild, so no hash can allow it: pages are served without a policy.
        if self._serving:
            return html
        allowed = csp.allowed_scripts(self._engine.boot_script if self._engine else None)
        try:
            self._script_hashes |= csp.check_page(html, allowed, where)
            marked = csp.mark_page(html, where)
        except csp.PolicyError as error:
            raise PluginError(str(error)) from None
        self._policy_pages.append(destination)
        return marked

    def _on_post_build_policy(self, *, config: MkDocsConfig) -> None:
        policy = csp.content_security_policy(self._script_hashes)
        for destination in self._policy_pages:
            html = destination.read_text(encoding="utf-8")
            destination.write_text(csp.finish_page(html, policy), encoding="utf-8")

    # After the policy is in every page, so that the copy holds the pages as served.
    @event_priority(-50)
    def _on_post_build_offline(self, *, config: MkDocsConfig) -> None:
        """The service worker of the quiz page's offline switch (generator/offline.py)."""
        # `serve` rebuilds into a folder of its own: a service worker there would serve a stale copy.
        if self._serving:
            return
        try:
            copy = offline.write_offline_copy(Path(config.site_dir))
        except (offline.OfflineError, OSError) as error:
            raise PluginError(f"The offline copy cannot be made: {error}") from None
        log.debug(f"{offline.SERVICE_WORKER}: {len(copy.files)} files, version {copy.version}")

    # --- the output folder: replaced only by a build that succeeds (generator/staged_site.py) ---

    def _stage_site(self, config: MkDocsConfig) -> None:
        """Have MkDocs write the site into a new folder beside the output folder."""
        self._site_dir = staged_site.real_path(config.site_dir)
        self._staging = staged_site.staging_folder(self._site_dir)
        self._config_site_dir = config.site_dir
        config.site_dir = str(self._staging)
        # MkDocs counts warnings to fail a strict build, but only after every plugin's
        # `post_build`: the plugin counts them too, to leave the site alone when it will.
        self._warnings = CountHandler()
        self._warnings.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(self._warnings)
        self._config = config

    # Last: the search index, the sitemap and the policy (`_on_post_build_policy`) are written
    # into the staging folder first.
    @event_priority(-100)
    def _on_post_build_site(self, *, config: MkDocsConfig) -> None:
        if self._staging is None:
            return
        if config.strict and self._warnings is not None and self._warnings.get_counts():
            return  # MkDocs fails the build next; `on_build_error` removes the staging folder
        staged_site.replace_site(self._site_dir, self._staging)
        log.info(f"The new site replaces {self._site_dir}")
        self._staging = None
        self._end_staging()

    on_post_build = CombinedEvent(
        _on_post_build_policy, _on_post_build_offline, _on_post_build_site
    )

    def on_build_error(self, *, error: Exception) -> None:
        self._end_staging()

    def on_shutdown(self) -> None:
        self._end_staging()

    def _end_staging(self) -> None:
        """Remove what is left of the staging folder (nothing after a successful build), stop
        counting warnings and give MkDocs' configuration its output folder back."""
        if self._staging is not None:
            staged_site.discard(self._staging)
            self._staging = None
        if self._warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self._warnings)
            self._warnings = None
        if self._config is not None:
            self._config.site_dir = self._config_site_dir
            self._config = None
