"""JSON Schemas of the maintainers' files, exported from the pydantic schema for editors.

Each YAML file in models/ names its schema in a `yaml-language-server` modeline, so editors
that read it (VS Code's YAML extension, JetBrains IDEs, Neovim's yamlls) complete field names,
show each field's description and examples, and flag mistakes as the file is typed.

Where a file names an entry of the vocabulary (a capability in `requires`, a kind of business in
`advice`; `FromVocabulary` in generator/schema.py marks them), the schema lists the ids
vocabulary.yaml holds when the schemas are written, so that editors offer them and underline a
misspelt one. Run `python -m generator schema` after changing `generator/schema.py` or the ids
in vocabulary.yaml; a test fails while the files are out of date.
(`python -m generator.json_schema [DIR]` does the same, for older scripts.)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.atlas import VOCABULARY_FILE
from generator.consistency import check_vocabulary
from generator.problems import Problem
from generator.schema import VOCABULARY_MARK, ModelFile, QuestionsFile, VocabularyFile
from generator.validation import validate
from generator.yaml_source import read_yaml

SCHEMA_DIR = "schema"
SCHEMAS: dict[str, type[BaseModel]] = {
    "model.schema.json": ModelFile,
    "vocabulary.schema.json": VocabularyFile,
    "questions.schema.json": QuestionsFile,
}


def schema_text(schema: type[BaseModel], vocabulary: VocabularyFile) -> str:
    """The JSON Schema of a schema class, as the file editors read, listing the ids of
    `vocabulary` wherever the class names an entry of it."""
    document = with_vocabulary(schema.model_json_schema(), vocabulary)
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **document}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def with_vocabulary(node: Any, vocabulary: VocabularyFile) -> Any:
    """A JSON Schema (or a part of one) with each vocabulary mark replaced by an `enum` of the
    ids of that list of the vocabulary. A mark on a mapping's `propertyNames` lists its keys:
    editors then underline an unknown key and complete the ones not written yet."""
    if isinstance(node, list):
        return [with_vocabulary(item, vocabulary) for item in node]
    if not isinstance(node, dict):
        return node
    found = {
        key: with_vocabulary(value, vocabulary)
        for key, value in node.items()
        if key != VOCABULARY_MARK
    }
    if VOCABULARY_MARK in node:
        entries = getattr(vocabulary, node[VOCABULARY_MARK])
        found["enum"] = [entry.id for entry in entries]
    return found


def read_vocabulary(models_dir: Path) -> VocabularyFile | list[Problem]:
    """The vocabulary of `models_dir`, whose ids the schemas list, or its problems."""
    path = models_dir / VOCABULARY_FILE
    if not path.is_file():
        return [Problem(path.as_posix(), 1, 1, "", "the shared vocabulary file is missing")]
    document = read_yaml(path, path.as_posix())
    if isinstance(document, Problem):
        return [document]
    vocabulary = validate(document, VocabularyFile)
    if isinstance(vocabulary, list):
        return vocabulary
    return check_vocabulary(document, vocabulary) or vocabulary


def write_schemas(models_dir: Path, vocabulary: VocabularyFile) -> list[Path]:
    """Write every schema into `models_dir/schema/`; return the paths written."""
    folder = models_dir / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for name, schema in SCHEMAS.items():
        path = folder / name
        path.write_text(schema_text(schema, vocabulary), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    from generator.cli import main

    sys.exit(main(["schema", "--models", *sys.argv[1:2]] if sys.argv[1:] else ["schema"]))
