"""The exported JSON Schemas match the pydantic schema, and every YAML file points at one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

import generator.schema
from generator.json_schema import SCHEMA_DIR, SCHEMAS, schema_text
from tests.conftest import MODELS


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_file_is_up_to_date(name: str) -> None:
    path = MODELS / SCHEMA_DIR / name
    assert path.read_text(encoding="utf-8") == schema_text(SCHEMAS[name]), (
        f"{path} is out of date: run `python -m generator schema`"
    )


@pytest.mark.parametrize("path", sorted(MODELS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_file_names_its_schema(path: Path) -> None:
    schema = {"vocabulary.yaml": "vocabulary", "questions.yaml": "questions"}.get(
        path.name, "model"
    )
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema={SCHEMA_DIR}/{schema}.schema.json"
    assert (path.parent / SCHEMA_DIR / f"{schema}.schema.json").is_file()


def _properties(name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of an exported schema, top level and nested, as (`Class.field`, spec)."""
    document = json.loads((MODELS / SCHEMA_DIR / name).read_text(encoding="utf-8"))
    for definition_name, definition in [("<file>", document), *document["$defs"].items()]:
        for field, spec in definition.get("properties", {}).items():
            yield f"{name}: {definition_name}.{field}", spec


def test_schemas_describe_every_field_with_examples() -> None:
    """Editors show a field's description and examples on hover and completion."""
    names = [where for name in SCHEMAS for where, _ in _properties(name)]
    assert len(names) > 60, "the schemas lost their nested definitions"
    undescribed = [w for n in SCHEMAS for w, spec in _properties(n) if not spec.get("description")]
    without_examples = [
        w for n in SCHEMAS for w, spec in _properties(n) if not spec.get("examples")
    ]
    assert undescribed == []
    assert without_examples == []


def _schema_classes() -> list[type[BaseModel]]:
    return [
        value
        for value in vars(generator.schema).values()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == generator.schema.__name__
        and value.model_fields
    ]


@pytest.mark.parametrize("schema", _schema_classes(), ids=lambda c: c.__name__)
def test_every_example_is_valid(schema: type[BaseModel]) -> None:
    """An example an editor offers must pass the same checks as the maintainers' files."""
    invalid = []
    for name, field in schema.model_fields.items():
        annotation = (
            Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
        )
        adapter: TypeAdapter[Any] = TypeAdapter(annotation)
        for example in field.examples or []:
            try:
                adapter.validate_python(example, strict=True)
            except ValidationError as error:
                invalid.append(f"{schema.__name__}.{name}: {example!r}: {error}")
    assert invalid == []


def test_an_invalid_example_would_be_caught() -> None:
    """The example check above really validates: a wrong example of a stage id fails it."""
    field = generator.schema.StageIn.model_fields["id"]
    adapter: TypeAdapter[Any] = TypeAdapter(Annotated[(field.annotation, *field.metadata)])
    with pytest.raises(ValidationError):
        adapter.validate_python("Not A Slug", strict=True)
