"""JSON Schemas of the maintainers' files, exported from the pydantic schema for editors.

Each YAML file in models/ names its schema in a `yaml-language-server` modeline, so editors
that read it (VS Code's YAML extension, JetBrains IDEs, Neovim's yamlls) complete field names,
show each field's description and examples, and flag mistakes as the file is typed. Run
`python -m generator schema` after changing `generator/schema.py`; a test fails while the files
are out of date. (`python -m generator.json_schema [DIR]` does the same, for older scripts.)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from generator.schema import ModelFile, QuestionsFile, VocabularyFile

SCHEMA_DIR = "schema"
SCHEMAS: dict[str, type[BaseModel]] = {
    "model.schema.json": ModelFile,
    "vocabulary.schema.json": VocabularyFile,
    "questions.schema.json": QuestionsFile,
}


def schema_text(schema: type[BaseModel]) -> str:
    """The JSON Schema of a schema class, as the file editors read."""
    document = schema.model_json_schema()
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **document}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_schemas(models_dir: Path) -> list[Path]:
    """Write every schema into `models_dir/schema/`; return the paths written."""
    folder = models_dir / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for name, schema in SCHEMAS.items():
        path = folder / name
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    from generator.cli import main

    sys.exit(main(["schema", "--models", *sys.argv[1:2]] if sys.argv[1:] else ["schema"]))
