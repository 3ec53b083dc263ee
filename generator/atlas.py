"""Loading the atlas: the models folder read, validated, checked and resolved, or every problem.

`load_atlas` reads the whole models folder, collects every problem of every file, and raises one
`AtlasError` listing them all; only a fully consistent set of files becomes an `Atlas`. The steps
are modules of their own: `yaml_source` reads, `validation` holds each file against its schema,
`consistency` checks what the schema cannot, and `assembly` builds the resolved types of
`atlas_types`, which this module also exports for the rest of the generator and the tests.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator import assembly, consistency, site_pages
from generator.atlas_types import Atlas, Equivalence, Model, Quiz, Stage
from generator.problems import AtlasError, Problem
from generator.schema import SLUG_PATTERN, ModelFile, QuestionsFile, VocabularyFile
from generator.validation import SchemaT, validate
from generator.yaml_source import YamlDocument, read_yaml

__all__ = [
    "MAX_MODELS",
    "QUESTIONS_FILE",
    "RESERVED_FILES",
    "VOCABULARY_FILE",
    "Atlas",
    "Equivalence",
    "Model",
    "Quiz",
    "Stage",
    "load_atlas",
]

VOCABULARY_FILE = "vocabulary.yaml"
QUESTIONS_FILE = "questions.yaml"
# Files in the models folder that are not models.
RESERVED_FILES = frozenset({VOCABULARY_FILE, QUESTIONS_FILE})
MAX_MODELS = 40


def load_atlas(
    models_dir: Path,
    display_root: Path | None = None,
    *,
    content_dir: Path | None = None,
    directory_urls: bool = True,
) -> Atlas:
    """Read, validate and resolve every file in `models_dir`; raise `AtlasError` on any problem.

    Problems name files relative to `display_root` (default: the parent of `models_dir`). With
    `content_dir`, the folder of hand-written pages, the pages of the whole site are checked too
    (`generator.site_pages`): no two at one address (by MkDocs' URL rule, `directory_urls` as in
    mkdocs.yml), a home page, and no link of a hand-written page to a page the site will not have.
    """
    root = display_root if display_root is not None else models_dir.parent
    problems: list[Problem] = []

    def display(path: Path) -> str:
        # The folder is resolved, not the file: a symbolic link is named as it is written.
        try:
            return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def whole(path: Path, message: str) -> Problem:
        """A problem of a whole file or folder, placed at its start."""
        return Problem(display(path), 1, 1, "", message)

    if not models_dir.is_dir():
        raise AtlasError([whole(models_dir, "the models folder does not exist")])

    vocabulary_path = models_dir / VOCABULARY_FILE
    paths = sorted(models_dir.iterdir())
    # Counted before any file is read: reading and validating thousands would take minutes.
    model_count = sum(1 for p in paths if p.suffix == ".yaml" and p.name not in RESERVED_FILES)
    if model_count > MAX_MODELS:
        raise AtlasError(
            [
                whole(
                    models_dir,
                    f"the folder holds {model_count} model files; at most {MAX_MODELS} are allowed",
                )
            ]
        )
    documents: dict[str, YamlDocument] = {}
    for path in paths:
        if path.suffix != ".yaml":
            misnamed = _misnamed(path.name)
            if misnamed:
                problems.append(whole(path, misnamed))
            continue
        parsed = read_yaml(path, display(path))
        if isinstance(parsed, Problem):
            problems.append(parsed)
        else:
            documents[path.name] = parsed

    if not vocabulary_path.is_file():
        problems.append(whole(vocabulary_path, "the shared vocabulary file is missing"))

    vocabulary_doc = documents.pop(VOCABULARY_FILE, None)
    vocabulary = _validated(vocabulary_doc, VocabularyFile, problems)
    if vocabulary_doc is not None and vocabulary is not None:
        problems.extend(consistency.check_vocabulary(vocabulary_doc, vocabulary))

    questions_doc = documents.pop(QUESTIONS_FILE, None)
    if questions_doc is None and not (models_dir / QUESTIONS_FILE).is_file():
        problems.append(whole(models_dir / QUESTIONS_FILE, "the quiz questions file is missing"))
    questions = _validated(questions_doc, QuestionsFile, problems)
    if questions_doc is not None and questions is not None and vocabulary is not None:
        problems.extend(consistency.check_questions(questions_doc, questions, vocabulary))

    model_files: dict[str, tuple[YamlDocument, ModelFile]] = {}
    # Every model file found, read or not: an override naming a model whose file has problems
    # of its own is not also blamed for naming an unknown model.
    all_model_ids = {
        path.name.removesuffix(".yaml")
        for path in paths
        if path.suffix == ".yaml" and path.name not in (VOCABULARY_FILE, QUESTIONS_FILE)
    }
    for name, document in documents.items():
        model_id = name.removesuffix(".yaml")
        if not re.fullmatch(SLUG_PATTERN, model_id):
            problems.append(
                document.problem(
                    (),
                    f"the file name {name!r} must be a model id: lower-case words joined by "
                    "hyphens, like 'maturity-model.yaml'",
                )
            )
            continue
        model_file = _validated(document, ModelFile, problems)
        if model_file is not None:
            model_files[model_id] = (document, model_file)

    if not model_files and not problems:
        problems.append(whole(models_dir, "the folder holds no model files"))

    for model_id, (document, model_file) in model_files.items():
        problems += consistency.check_model(document, model_file, vocabulary)
        problems += consistency.check_overrides(
            model_id, document, model_file, model_files, all_model_ids
        )

    problems += _check_site_pages(
        None if content_dir is None else (content_dir, display(content_dir)),
        model_files,
        None if vocabulary_doc is None or vocabulary is None else (vocabulary_doc, vocabulary),
        # The pages of a model whose file has problems are not known yet.
        uncertain=[
            f"models/{path.stem}/"
            for path in paths
            if path.suffix == ".yaml"
            and path.name not in RESERVED_FILES
            and path.stem not in model_files
        ]
        + ([] if vocabulary is not None else ["capabilities/"]),
        directory_urls=directory_urls,
    )

    if (
        problems
        or vocabulary is None
        or vocabulary_doc is None
        or questions is None
        or questions_doc is None
    ):
        raise AtlasError(problems)
    return assembly.assemble(
        vocabulary, vocabulary_doc.file, model_files, questions, questions_doc.file
    )


# Files an editor or a version-control tool leaves beside the ones it edits: not read, and not
# worth a word (`.ladder.yaml.swp`, `ladder.yaml~`, `#ladder.yaml#`).
_EDITOR_FILE = re.compile(r"\..*|.*~|#.*#")
_YAML_IN_NAME = re.compile(r"(?i)\.ya?ml(?=\.|$)")


def _misnamed(name: str) -> str | None:
    """Why a file of the models folder that is not read looks like a model that should be, or
    None: a silently skipped model would be left out of the site without anyone noticing."""
    found = _YAML_IN_NAME.search(name)
    if found is None or _EDITOR_FILE.fullmatch(name):
        return None
    stem = name[: found.start()]
    if found.end() == len(name):
        return (
            f"this file is not read: name model files *.yaml, not *{found.group(0)}; rename it "
            f"to {stem}.yaml"
        )
    return (
        f"this file is not read, as its name does not end in .yaml: rename it to {stem}.yaml "
        "if it should be, or move it out of the models folder"
    )


def _check_site_pages(
    content: tuple[Path, str] | None,
    model_files: dict[str, tuple[YamlDocument, ModelFile]],
    vocabulary: tuple[YamlDocument, VocabularyFile] | None,
    uncertain: list[str],
    directory_urls: bool,
) -> list[Problem]:
    """Problems of the site's pages as a whole (see `generator.site_pages`): of the generated
    pages alone, or with the hand-written ones of `content` (the folder, and its name shown)."""
    generated = site_pages.generated_pages(model_files, vocabulary)
    if content is None:
        return site_pages.check_addresses(generated, directory_urls)
    folder, display = content
    if not folder.is_dir():
        return [Problem(display, 1, 1, "", "the folder of hand-written pages does not exist")]
    pages = site_pages.ContentFolder.read(folder, display)
    problems = site_pages.check_addresses(
        [*generated, *site_pages.content_pages(pages)], directory_urls
    )
    problems += site_pages.check_home_page(pages)
    problems += site_pages.check_links(
        pages, [*(page.src for page in generated), *pages.files], uncertain
    )
    return problems


def _validated(
    document: YamlDocument | None, schema: type[SchemaT], problems: list[Problem]
) -> SchemaT | None:
    """The document as its schema class, or None with its problems added to `problems`."""
    if document is None:
        return None
    checked = validate(document, schema)
    if isinstance(checked, list):
        problems.extend(checked)
        return None
    return checked
