"""Where each generated page lives: source paths of the site's pages, from which MkDocs makes URLs."""

from __future__ import annotations

import posixpath

from generator.atlas_types import Model, Stage
from generator.schema import CapabilityIn

HOME_PAGE = "index.md"
MODELS_PAGE = "models/index.md"
CAPABILITIES_PAGE = "capabilities/index.md"
MATRIX_PAGE = "compare/matrix.md"
ALIGNMENT_PAGE = "compare/alignment.md"
METHODOLOGY_PAGE = "methodology.md"
SOURCES_PAGE = "sources.md"
QUIZ_PAGE = "quiz.md"
TEAM_PAGE = "team.md"

# The pages the atlas generates whatever the models hold, and what each is, for messages. The
# home page (HOME_PAGE) is hand-written, in the content folder.
FIXED_PAGES = {
    MODELS_PAGE: "the list of models",
    CAPABILITIES_PAGE: "the list of capabilities",
    MATRIX_PAGE: "the comparison matrix",
    ALIGNMENT_PAGE: "the alignment chart",
    METHODOLOGY_PAGE: "the Methodology page",
    SOURCES_PAGE: "the Sources page",
    QUIZ_PAGE: "the quiz",
    TEAM_PAGE: "the team page (Compare results)",
}


def model_page(model: Model | str) -> str:
    """The source path of a model's page, by the model or its id."""
    model_id = model if isinstance(model, str) else model.id
    return f"models/{model_id}/index.md"


def stage_page(stage: Stage | str) -> str:
    """The source path of a stage's page, by the stage or its ref (`<model id>/<stage id>`)."""
    ref = stage if isinstance(stage, str) else stage.ref
    model_id, stage_id = ref.split("/")
    return f"models/{model_id}/{stage_id}.md"


def capability_page(capability: CapabilityIn | str) -> str:
    """The source path of a capability's page, by the capability or its id."""
    capability_id = capability if isinstance(capability, str) else capability.id
    return f"capabilities/{capability_id}.md"


# The file name extensions MkDocs reads as Markdown pages (`mkdocs.utils.markdown_extensions`).
MARKDOWN_EXTENSIONS = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


def is_page(src: str) -> bool:
    """Whether MkDocs makes a page of a file of the content folder."""
    return src.endswith(MARKDOWN_EXTENSIONS)


def destination(src: str, directory_urls: bool = True) -> str:
    """The file a source path is written to, by MkDocs' rule (`File.dest_uri`): `a/b.md` to
    `a/b/index.html` (or `a/b.html` without directory URLs), `a/index.md` and `a/README.md` to
    `a/index.html`; a file that is not a page keeps its path. Two files with one destination
    cannot both be on the site. Written out rather than asked of MkDocs so that
    `python -m generator check` stays free of MkDocs (a test compares the two)."""
    if not is_page(src):
        return src
    folder, name = posixpath.split(src)
    stem = posixpath.splitext(name)[0]
    stem = "index" if stem == "README" else stem
    if not directory_urls or stem == "index":
        return posixpath.join(folder, f"{stem}.html")
    return posixpath.join(folder, stem, "index.html")
