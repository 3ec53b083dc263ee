"""The MkDocs plugin: adapts the atlas core to MkDocs, and does nothing else.

It loads and validates every model before the build starts (so a wrong file stops the build
before anything is written), adds the generated pages as virtual files, builds the navigation,
points "edit this page" at the YAML a page came from, and watches the models under `serve`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as option
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.atlas import load_atlas
from generator.problems import AtlasError
from generator.render import ATLAS_JSON, TEMPLATES, RenderedPage, SiteRenderer

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class AtlasPluginConfig(base.Config):
    models_dir = option.Type(str, default="models")
    """The folder of model YAML files, relative to mkdocs.yml."""
    content_dir_in_repository = option.Type(str, default="content")
    """Where the docs_dir lives in the repository, for "edit this page" on hand-written pages."""


class AtlasPlugin(BasePlugin[AtlasPluginConfig]):
    def __init__(self) -> None:
        self._pages: list[RenderedPage] = []
        self._renderer: SiteRenderer | None = None

    def _project_root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).resolve().parent

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = self._project_root(config)
        try:
            atlas = load_atlas(root / self.config.models_dir, display_root=root)
        except AtlasError as error:
            # Raised before MkDocs touches site_dir: a wrong model never leaves a half-built site.
            raise PluginError(str(error)) from None
        self._renderer = SiteRenderer(atlas, directory_urls=config.use_directory_urls)
        self._pages = self._renderer.pages()
        if not config.nav:
            config.nav = self._renderer.nav()
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
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
            files.append(generated)
        files.append(File.generated(config, ATLAS_JSON, content=self._renderer.atlas_json()))
        return files

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(self._project_root(config) / self.config.models_dir))
        server.watch(str(TEMPLATES))
        return server
