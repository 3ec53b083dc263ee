"""The projects the benchmarks build: a frozen copy of the atlas, the same pages exported as a
plain MkDocs project (the baseline), and synthetic atlases of any number of stage pages.

Everything is written to temporary folders; nothing here touches the working tree.
"""

from __future__ import annotations

import logging
import math
import os
import socket
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.utils.yaml import yaml_load

from generator.atlas import Atlas, Stage, load_atlas
from generator.page_urls import page_url
from generator.paths import QUIZ_PAGE, model_page, stage_page
from generator.quiz_assets import PYODIDE_FILES, PYODIDE_SITE_DIR
from generator.schema import MAX_LEVEL
from generator.yaml_source import YamlDocument, parse_yaml
from tests.conftest import MKDOCS, PROJECT, copy_project

__all__ = ["MKDOCS", "PROJECT"]

ATLAS_PLUGIN = "atlas"
# 13 stages a model at most, so that 500 stage pages make 39 models (the schema allows 40): a
# synthetic atlas grows in models as well as in stages, as a real one would, and every stage
# has equivalents in every other model, as in the real atlas.
SYNTHETIC_STAGES_PER_MODEL = 13
# The model whose stage texts the synthetic models repeat: the one with the most stages.
SYNTHETIC_TEMPLATE = "solis-10-stages.yaml"


class BenchmarkError(Exception):
    """A benchmark could not run (a build failed, a page never loaded…)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@dataclass(frozen=True)
class PlainProject:
    """A plain MkDocs + Material project holding the atlas's pages as static Markdown files."""

    config_file: Path
    docs_dir: Path
    stage_pages: int
    """How many stage pages it holds (the synthetic atlases are checked against this)."""
    markdown_bytes: int
    """The size of all its Markdown pages."""


def export_plain(
    project: Path,
    destination: Path,
    *,
    with_quiz_engine: bool,
    site_url: str | None = None,
) -> PlainProject:
    """Export what the atlas plugin adds to a build as plain files of a project without it.

    The plugin itself renders the pages (through MkDocs' own `config` and `files` events), so the
    baseline holds exactly the Markdown and files a real build gets. Without `with_quiz_engine`
    the baseline has no Pyodide runtime and no quiz script: it is MkDocs + Material alone. With
    it, the same 13 MB runtime is copied by MkDocs as a static file, so a build-time ratio
    against it is the generator's own work and nothing else.
    """
    # MkDocs logs every page the plugin adds at debug level; the export needs none of it.
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(str(project / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    docs = destination / "docs"
    stage_pages = markdown_bytes = 0
    for file in files:
        is_runtime = (
            file.src_uri.startswith(f"{PYODIDE_SITE_DIR}/")
            and Path(file.src_uri).name in PYODIDE_FILES
        )
        if is_runtime and not with_quiz_engine:
            continue
        target = docs / file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        # content_bytes, as MkDocs writes a file: a generated page's abs_src_path may name the
        # YAML it is made from (for its Git date), while its content is in memory.
        target.write_bytes(file.content_bytes)
        if file.is_documentation_page():
            markdown_bytes += target.stat().st_size
        parts = file.src_uri.split("/")
        if len(parts) == 3 and parts[0] == "models" and parts[2] != "index.md":
            stage_pages += 1

    with (project / "mkdocs.yml").open(encoding="utf-8") as source:
        settings: dict[str, Any] = yaml_load(source)
    settings["docs_dir"] = "docs"
    settings["nav"] = _plain_data(config.nav)
    settings["plugins"] = [
        p for p in settings.get("plugins", []) if _plugin_name(p) != ATLAS_PLUGIN
    ]
    theme = settings.get("theme", {})
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((project / theme["custom_dir"]).resolve())
    if site_url is not None:
        settings["site_url"] = site_url
    if not with_quiz_engine:
        settings.pop("extra_javascript", None)
    config_file = destination / "mkdocs.yml"
    config_file.write_text(
        yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    commit_to_git(destination)
    return PlainProject(config_file, docs, stage_pages, markdown_bytes)


def switch_off_plugins(config_file: Path, names: Sequence[str]) -> None:
    """Set `enabled: false` on those of `names` that the MkDocs project of `config_file` uses."""
    settings = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    plugins = []
    for entry in settings.get("plugins", []):
        name = _plugin_name(entry)
        if name in names:
            options = dict(entry[name] or {}) if isinstance(entry, dict) else {}
            entry = {name: {**options, "enabled": False}}
        plugins.append(entry)
    settings["plugins"] = plugins
    config_file.write_text(
        yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def commit_to_git(folder: Path) -> None:
    """Make `folder` a Git repository with everything in it committed, as a checkout is.

    Builds date every page with `git log` (the git-revision-date plugin): the atlas and its
    baseline both build from a repository, so both pay that cost, as a maintainer's build does.
    """
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "benchmarks",
        "GIT_AUTHOR_EMAIL": "benchmarks@localhost",
        "GIT_COMMITTER_NAME": "benchmarks",
        "GIT_COMMITTER_EMAIL": "benchmarks@localhost",
    }
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "benchmark snapshot"]):
        subprocess.run(["git", *command], cwd=folder, env=env, check=True, capture_output=True)


def frozen_project(destination: Path) -> Path:
    """A copy of the project as it is now, committed to a Git repository of its own."""
    project = copy_project(destination)
    commit_to_git(project)
    return project


def _plain_data(value: Any) -> Any:
    """Lists, dicts and plain strings only (nav titles may be `Markup`, a str subclass)."""
    if isinstance(value, dict):
        return {str(k): _plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_data(item) for item in value]
    return str(value) if isinstance(value, str) else value


def _plugin_name(entry: object) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def write_synthetic_models(models_dir: Path, stage_pages: int) -> None:
    """Replace the model files with valid synthetic ones that have `stage_pages` stages in all.

    Each synthetic model repeats the stage texts of the template model under new ids. Its
    capability requirements rise steadily, stage by stage, through every capability of the
    vocabulary (each model in its own order of capabilities), so that no two stages of a model
    have the same cumulative profile and each stage has about one equivalent in every other
    model, as real models do. vocabulary.yaml and questions.yaml stay as they are.
    """
    template: dict[str, Any] = yaml.safe_load(
        (models_dir / SYNTHETIC_TEMPLATE).read_text(encoding="utf-8")
    )
    vocabulary = yaml.safe_load((models_dir / "vocabulary.yaml").read_text(encoding="utf-8"))
    capabilities = [c["id"] for c in vocabulary["capabilities"]]
    for path in models_dir.glob("*.yaml"):
        if path.name not in ("vocabulary.yaml", "questions.yaml"):
            path.unlink()
    count = math.ceil(stage_pages / SYNTHETIC_STAGES_PER_MODEL)
    for index in range(count):
        stages = stage_pages // count + (1 if index < stage_pages % count else 0)
        order = (
            capabilities[index % len(capabilities) :] + capabilities[: index % len(capabilities)]
        )
        # Every (capability, level) step from nothing to level 4 everywhere, level by level.
        steps = [(capability, level) for level in range(1, MAX_LEVEL + 1) for capability in order]
        model = dict(template)
        model["title"] = f"Synthetic maturity model {index + 1}"
        model["short_title"] = f"Synthetic {index + 1}"
        # Advice and equivalence overrides name stages of the real models.
        model["advice"] = []
        model["scoring"] = "ladder"
        model["stages"] = []
        for number in range(1, stages + 1):
            start = round(len(steps) * (number - 1) / stages)
            end = round(len(steps) * number / stages)
            requires: dict[str, int] = {}
            for capability, level in steps[start:end]:
                requires[capability] = max(level, requires.get(capability, 0))
            model["stages"].append(_synthetic_stage(template["stages"], number, requires))
        (models_dir / f"synthetic-{index + 1:02d}.yaml").write_text(
            yaml.safe_dump(model, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )


def _synthetic_stage(
    template_stages: list[dict[str, Any]], number: int, requires: dict[str, int]
) -> dict[str, Any]:
    stage = dict(template_stages[(number - 1) % len(template_stages)])
    stage.pop("number_label", None)
    stage.pop("equivalence", None)
    stage.pop("skippable", None)
    stage.pop("ceiling", None)
    stage["id"] = f"stage-{number}"
    stage["number"] = number
    stage["name"] = f"{stage['name'][:80]} {number}"
    stage["requires"] = {
        capability: {"level": level, "inferred": "A synthetic stage for the build benchmark."}
        for capability, level in requires.items()
    }
    return stage


def synthetic_project(destination: Path, stage_pages: int) -> Path:
    """A committed copy of the project whose models are synthetic, with `stage_pages` stage pages."""
    project = copy_project(destination)
    write_synthetic_models(project / "models", stage_pages)
    # The hand-written home page links to real models, which a synthetic atlas does not have.
    (project / "content" / "index.md").write_text(
        f"# A synthetic atlas\n\n{stage_pages} stage pages, for the build benchmark.\n",
        encoding="utf-8",
    )
    commit_to_git(project)
    return project


@dataclass(frozen=True)
class SamplePages:
    """Site-relative URLs of one page of each kind, and the stage the live-reload test renames."""

    home: str
    model: str
    stage: str
    quiz: str
    stage_name: str
    stage_markdown: str
    """The stage page's Markdown source path (for the plain baseline's edit)."""
    model_file: Path
    name_line: int
    """1-based line of the stage's `name:` in the model file."""


def sample_pages(project: Path) -> SamplePages:
    """The first model and its first stage, as the atlas of `project` has them."""
    atlas: Atlas = load_atlas(project / "models", display_root=project)
    model = atlas.models[0]
    stage: Stage = model.stages[0]
    model_file = project / model.source_file
    document = parse_yaml(model.source_file, model_file.read_text(encoding="utf-8"))
    if not isinstance(document, YamlDocument):  # the atlas loaded, so this cannot happen
        raise BenchmarkError(f"{model.source_file} does not parse")
    index = next(i for i, s in enumerate(model.stages) if s is stage)
    line = document.locate(("stages", index, "name")).line
    return SamplePages(
        home="",
        model=page_url(model_page(model), True),
        stage=page_url(stage_page(stage), True),
        quiz=page_url(QUIZ_PAGE, True),
        stage_name=stage.name,
        stage_markdown=stage_page(stage),
        model_file=model_file,
        name_line=line,
    )
