"""The exported JSON Schemas match the pydantic schema, and every YAML file points at one."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.json_schema import SCHEMA_DIR, SCHEMAS, schema_text
from tests.conftest import MODELS


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_file_is_up_to_date(name: str) -> None:
    path = MODELS / SCHEMA_DIR / name
    assert path.read_text(encoding="utf-8") == schema_text(SCHEMAS[name]), (
        f"{path} is out of date: run `python -m generator.json_schema`"
    )


@pytest.mark.parametrize("path", sorted(MODELS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_file_names_its_schema(path: Path) -> None:
    schema = {"vocabulary.yaml": "vocabulary", "questions.yaml": "questions"}.get(
        path.name, "model"
    )
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema={SCHEMA_DIR}/{schema}.schema.json"
    assert (path.parent / SCHEMA_DIR / f"{schema}.schema.json").is_file()


def test_schema_describes_every_field() -> None:
    import json

    undocumented = []
    for name in SCHEMAS:
        document = json.loads((MODELS / SCHEMA_DIR / name).read_text(encoding="utf-8"))
        for definition_name, definition in document.get("$defs", {}).items():
            for field, spec in definition.get("properties", {}).items():
                if field != "id" and "description" not in spec:
                    undocumented.append(f"{name}: {definition_name}.{field}")
    assert undocumented == []
