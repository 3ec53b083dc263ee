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

from generator import assembly, consistency
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


def load_atlas(models_dir: Path, display_root: Path | None = None) -> Atlas:
    """Read, validate and resolve every file in `models_dir`; raise `AtlasError` on any problem.

    Problems name files relative to `display_root` (default: the parent of `models_dir`).
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
        if path.suffix == ".yml":
            problems.append(whole(path, "name model files *.yaml, not *.yml"))
            continue
        if path.suffix != ".yaml":
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
    all_model_ids = {name.removesuffix(".yaml") for name in documents}
    for name, document in documents.items():
        model_id = name.removesuffix(".yaml")
        if not re.match(SLUG_PATTERN, model_id):
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
